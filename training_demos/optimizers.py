"""Optimizers and the learning rate: how high each one peaks, and over how wide a range of rates.

SGD, SGD with momentum, RMSprop, Adam and AdaGrad each train the same CNN from
the same initial weights (per seed) at the same rates, spaced by about √10.
Two separate questions get two separate numbers: ``best_val_accuracy`` (how
high the optimizer peaks at its best rate) and ``good_rates`` (how many grid
rates came within 5 accuracy points of that seed's peak: a wider range is a
more forgiving optimizer). A diverged run counts as chance-level accuracy.
"""

DEMO = {
    "name": "optimizers",
    "title": "Optimizers and the range of learning rates that works",
    "description": "SGD, momentum, RMSprop, Adam and AdaGrad, each at the same seven learning rates, on several seeds.",
    "dataset": "digits",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"optimizers": ["sgd", "momentum", "rmsprop", "adam", "adagrad"],
                 "learning_rates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0], "epochs": 6, "batch_size": 64},
        "quick": {"optimizers": ["sgd", "momentum", "rmsprop", "adam", "adagrad"],
                  "learning_rates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0], "epochs": 1, "batch_size": 64},
    },
}

GOOD_MARGIN = 0.05  # a rate is "good" within 5 accuracy points of the optimizer's best in that seed


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key
    from training_demos.training import OPTIMIZER_TITLES, Trainer

    data = ctx.dataset
    chance = 1.0 / data.num_classes
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    lrs = [float(lr) for lr in params["learning_rates"]]
    runs = {opt: {lr_key(lr): trainer.train(opt, lr, params["epochs"], ctx=ctx, label=f"{opt} lr={lr:g}")
                  for lr in lrs} for opt in params["optimizers"]}
    scored = {opt: {k: chance if r.score("val_accuracy") is None else r.score("val_accuracy")
                    for k, r in by_lr.items()} for opt, by_lr in runs.items()}
    return {
        "metrics": {
            "optimizers": list(runs),
            "titles": {opt: OPTIMIZER_TITLES[opt] for opt in runs},
            "learning_rates": lrs,
            "epochs": params["epochs"],
            "steps": params["epochs"] * trainer.steps_per_epoch,
            "validation_images": int(len(data.y_val)),
            "chance_accuracy": chance,
            "val_accuracy": {opt: {k: r.score("val_accuracy") for k, r in by_lr.items()} for opt, by_lr in runs.items()},
            "final_loss": {opt: {k: r.score("train_loss") for k, r in by_lr.items()} for opt, by_lr in runs.items()},
            "non_finite": {opt: {k: r.diverged for k, r in by_lr.items()} for opt, by_lr in runs.items()},
            "best_val_accuracy": {opt: max(s.values()) for opt, s in scored.items()},
            "good_rates": {opt: sum(acc >= max(s.values()) - GOOD_MARGIN for acc in s.values())
                           for opt, s in scored.items()},
        },
        "histories": {opt: {k: r.history for k, r in by_lr.items()} for opt, by_lr in runs.items()},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.results import lr_key, pct_pm, pm

    m, iv = pooled.means, pooled.intervals
    opts, keys = m["optimizers"], [lr_key(lr) for lr in m["learning_rates"]]

    def mean_acc(opt, k):
        value = m["val_accuracy"][opt][k]
        return m["chance_accuracy"] if value is None else value

    best_lr = {opt: float(max(keys, key=lambda k: mean_acc(opt, k))) for opt in opts}
    good = {opt: [float(k) for k in keys if mean_acc(opt, k) >= max(mean_acc(opt, j) for j in keys) - GOOD_MARGIN]
            for opt in opts}
    metrics = {
        "best_learning_rate": best_lr,
        "good_learning_rates": good,
        "highest_peak": max(opts, key=lambda o: m["best_val_accuracy"][o]),
        "widest_range": max(opts, key=lambda o: m["good_rates"][o]),
        "narrowest_range": min(opts, key=lambda o: m["good_rates"][o]),
        "diverged": {opt: {k: bool(m["non_finite"][opt][k]) for k in keys} for opt in opts},
    }
    rows = [[m["titles"][opt], best_lr[opt], pct_pm(iv["val_accuracy"][opt][lr_key(best_lr[opt])]),
             pct_pm(iv["best_val_accuracy"][opt]), pm(iv["good_rates"][opt], 2)] for opt in opts]
    n_val, seeds = m["validation_images"], len(pooled.seeds)
    return {
        "metrics": metrics,
        "table": {"columns": ["optimizer", "best rate (mean)", f"validation accuracy there ({n_val} images)",
                              f"peak per seed ({seeds} seeds)", f"rates within 5 points of the peak (of {len(keys)})"],
                  "rows": rows},
        "figures": {"sensitivity": _figure(pooled, opts, keys, metrics, ctx)},
    }


def _figure(pooled, opts, keys, metrics, ctx):
    from training_demos.plotting import lr_axis, new_figure, seed_band, to_svg
    from training_demos.results import pct

    m = pooled.means
    chance = m["chance_accuracy"]
    fig, ax = new_figure(7.2, 3.6)
    lrs = [float(k) for k in keys]
    for opt in opts:
        series = [[chance if r["metrics"]["val_accuracy"][opt][k] is None else r["metrics"]["val_accuracy"][opt][k]
                   for k in keys] for r in pooled.runs]
        seed_band(ax, series, label=m["titles"][opt], xs=lrs, marker="o")
    ax.axhline(chance, color="grey", linestyle=":", linewidth=1, label="chance")
    lr_axis(ax)
    ax.set(ylabel="final validation accuracy", ylim=(0, 1.02), title=f"Optimizers against learning rate, {ctx.dataset.source}")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    alt = (f"Final validation accuracy against learning rate (log axis) for {len(opts)} optimizers, mean of "
           f"{len(pooled.seeds)} seeds with their range.")
    parts = [f"{m['titles'][o]} peaks at {metrics['best_learning_rate'][o]:g} "
             f"({pct(m['val_accuracy'][o][next(k for k in keys if float(k) == metrics['best_learning_rate'][o])])}) "
             f"with {m['good_rates'][o]:.1f} of {len(keys)} rates within 5 points" for o in opts]
    caption = (f"Final validation accuracy after {m['epochs']} epochs ({m['steps']} steps) for each optimizer and "
               f"learning rate: the mean of {len(pooled.seeds)} seeds, the band spanning the lowest to the highest "
               f"seed; a diverged run counts as chance ({pct(chance)}). {'; '.join(parts)}.")
    return to_svg(fig, alt, caption)
