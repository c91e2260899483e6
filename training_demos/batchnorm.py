"""Batch normalization and large learning rates: the same CNN with and without BN, SGD from 0.03 to 3.

Two networks that differ only by a ``BatchNormalization`` layer after each
convolution and the hidden dense layer (placed before the ReLU, without a
bias in the layer it normalizes) train with plain SGD at rates spaced by
about √10. Per seed both start from the same data order and split, each from
its own initial weights. Labels come from :mod:`training_demos.labels`;
``largest_converged`` is the largest rate whose seeds all converged.
"""

DEMO = {
    "name": "batchnorm",
    "title": "Batch normalization and large learning rates",
    "description": "The same small CNN with and without batch normalization, trained with SGD at 0.03 to 3.",
    "dataset": "digits",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"learning_rates": [0.03, 0.1, 0.3, 1.0, 3.0], "epochs": 5, "batch_size": 64},
        "quick": {"learning_rates": [0.03, 0.1, 0.3, 1.0, 3.0], "epochs": 1, "batch_size": 64},
    },
}

VARIANTS = {"plain": "without batch normalization", "batchnorm": "with batch normalization"}


def bn_cnn(input_shape, num_classes):
    """The shared small CNN with BatchNormalization before each hidden ReLU."""
    import keras

    L = keras.layers
    layers = [keras.Input(input_shape), L.Conv2D(8, 3, padding="same", use_bias=False), L.BatchNormalization(),
              L.Activation("relu"), L.MaxPooling2D(), L.Flatten(), L.Dense(16, use_bias=False),
              L.BatchNormalization(), L.Activation("relu"), L.Dense(1 if num_classes == 2 else num_classes)]
    return keras.Sequential(layers)


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key
    from training_demos.training import Trainer, small_cnn

    data = ctx.dataset
    metrics = {"variants": dict(VARIANTS), "learning_rates": [float(lr) for lr in params["learning_rates"]],
               "epochs": params["epochs"], "validation_images": int(len(data.y_val)),
               "chance_accuracy": 1.0 / data.num_classes, "initial_loss": {}}
    parts = ("final_loss", "final_val_loss", "final_val_accuracy", "output_entropy", "weight_change", "non_finite")
    for part in parts:
        metrics[part] = {}
    histories = {}
    for variant, builder in (("plain", small_cnn), ("batchnorm", bn_cnn)):
        trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"], model_builder=builder)
        metrics["initial_loss"][variant] = trainer.initial_loss()
        runs = {lr_key(lr): trainer.train("sgd", lr, params["epochs"], ctx=ctx, label=f"{variant} lr={lr:g}")
                for lr in params["learning_rates"]}
        for part, score in zip(parts, ("train_loss", "val_loss", "val_accuracy", "entropy", "weight_change", None)):
            metrics[part][variant] = {k: (r.diverged if score is None else r.score(score)) for k, r in runs.items()}
        histories[variant] = {k: r.history for k, r in runs.items()}
    return {"metrics": metrics, "histories": histories}


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.labels import combined, label
    from training_demos.results import lr_key, pct_pm, pm

    m, iv = pooled.means, pooled.intervals
    keys = [lr_key(lr) for lr in m["learning_rates"]]
    classes = round(1 / m["chance_accuracy"])
    by_seed = {v: {k: [label(r["metrics"]["initial_loss"][v], r["metrics"]["final_loss"][v][k],
                             r["metrics"]["final_val_accuracy"][v][k], r["metrics"]["output_entropy"][v][k],
                             r["metrics"]["weight_change"][v][k], classes) for r in pooled.runs] for k in keys}
               for v in VARIANTS}
    behaviour = {v: {k: combined(by_seed[v][k]) for k in keys} for v in VARIANTS}
    largest = {v: max([float(k) for k in keys if behaviour[v][k] == "converged"], default=None) for v in VARIANTS}
    metrics = {"labels": by_seed, "behaviour": behaviour, "largest_converged": largest}
    rows = [[float(k)] + [cell for v in VARIANTS for cell in (pct_pm(iv["final_val_accuracy"][v][k]),
                                                              pm(iv["final_loss"][v][k]), behaviour[v][k])]
            for k in keys]
    n_val = m["validation_images"]
    return {
        "metrics": metrics,
        "table": {"columns": ["learning rate", f"plain: validation accuracy ({n_val} images)", "plain: training loss",
                              "plain: label", "BN: validation accuracy", "BN: training loss", "BN: label"],
                  "rows": rows},
        "figures": {"accuracy": _figure(pooled, keys, behaviour, largest, ctx.dataset.source)},
    }


def _figure(pooled, keys, behaviour, largest, source):
    from training_demos.plotting import lr_axis, new_figure, seed_band, to_svg
    from training_demos.results import pct

    m = pooled.means
    chance = m["chance_accuracy"]
    fig, ax = new_figure(6.0, 3.4)
    lrs = [float(k) for k in keys]
    for variant, title in VARIANTS.items():
        series = [[chance if r["metrics"]["final_val_accuracy"][variant][k] is None
                   else r["metrics"]["final_val_accuracy"][variant][k] for k in keys] for r in pooled.runs]
        seed_band(ax, series, label=title, xs=lrs, marker="o")
    ax.axhline(chance, color="grey", linestyle=":", linewidth=1, label="chance")
    lr_axis(ax)
    ax.set(ylabel="final validation accuracy", ylim=(0, 1.02), title=f"SGD with and without batch norm, {source}")
    ax.legend(fontsize=7, loc="lower left")
    n = len(pooled.seeds)
    alt = f"Final validation accuracy against learning rate with and without batch normalization, mean of {n} seeds."
    parts = []
    for variant, title in VARIANTS.items():
        accs = ", ".join(f"{pct(m['final_val_accuracy'][variant][k])} at {float(k):g}" for k in keys)
        top = largest[variant]
        parts.append(f"{title[0].upper()}{title[1:]}: {accs}; largest rate where every seed converged: "
                     f"{'none' if top is None else f'{top:g}'}")
    caption = (f"Final validation accuracy after {m['epochs']} epochs of plain SGD, the mean of {n} seeds with the "
               f"band spanning the lowest to the highest seed (a diverged run counts as chance). {'. '.join(parts)}.")
    return to_svg(fig, alt, caption)
