"""A template for a new demo: copy it to ``training_demos/<name>.py`` and set ``DEMO["name"]`` to ``<name>``.

It trains a small dense network (not the shared CNN: :class:`training_demos.training.Trainer`
takes any ``model_builder``) with plain SGD at two learning rates. ``run(params, ctx)`` measures
one seed (``ctx.seed``); the build runs it once per seed of the config and pools the numbers, so
every number in ``metrics`` reaches answers as its mean over the seeds
(``demos.<name>.final_loss["0.5"]``) and as an interval record with the per-seed values
(``demos.<name>.intervals.final_loss["0.5"]``). ``summarize(pooled, params, ctx)`` then makes
the table and the figures from all seeds, writing their alt text and caption from the numbers.
``python -m generator demos show <name>`` lists the keys an answer or a quiz can use. Files
whose name starts with ``_`` are not demos, so this one never runs by itself.
"""

DEMO = {
    "name": "template",  # must equal the file name without .py
    "title": "Two learning rates on a dense network",
    "description": "A small dense network trained with SGD at a low and a high learning rate.",
    "dataset": "digits-binary",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1, 2]},  # at least 5 for full and 2 for quick
    "params": {  # the quick config runs the same code with fewer epochs: same keys, other numbers
        "full": {"learning_rates": [0.01, 0.5], "epochs": 12},
        "quick": {"learning_rates": [0.01, 0.5], "epochs": 2},
    },
}


def dense_network(input_shape, num_classes):
    """Flatten - Dense(32) - logits: the model this demo trains instead of the shared CNN."""
    import keras  # heavy libraries are imported inside functions, never at module top

    return keras.Sequential([keras.Input(input_shape), keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"),
                             keras.layers.Dense(1 if num_classes == 2 else num_classes)])


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key
    from training_demos.training import Trainer

    trainer = Trainer(ctx.dataset, seed=ctx.seed, model_builder=dense_network)
    runs = {lr_key(lr): trainer.train("sgd", lr, params["epochs"], ctx=ctx, label=f"lr={lr:g}")
            for lr in params["learning_rates"]}
    return {
        "metrics": {  # numbers may differ between seeds; text and lists of names must not
            "learning_rates": [float(lr) for lr in params["learning_rates"]],
            "epochs": params["epochs"],
            "final_loss": {k: r.score("train_loss") for k, r in runs.items()},
            "final_val_accuracy": {k: r.score("val_accuracy") for k, r in runs.items()},
            "diverged": {k: r.diverged for k, r in runs.items()},  # becomes the share of seeds that diverged
        },
        "histories": {k: r.history for k, r in runs.items()},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.plotting import new_figure, seed_band, to_svg
    from training_demos.results import fmt, lr_key, pct_pm, pm

    keys = [lr_key(lr) for lr in params["learning_rates"]]
    fig, ax = new_figure()
    for key in keys:
        seed_band(ax, [run["histories"][key]["loss"] for run in pooled.runs], label=f"lr={float(key):g}", marker=".")
    ax.set(xlabel="epoch", ylabel="training loss", title="Training loss per epoch")
    ax.legend()
    finals = "; ".join(f"{float(k):g}: {fmt(pooled.means['final_loss'][k])}" for k in keys)
    alt = f"Training loss per epoch at {len(keys)} learning rates, mean of {len(pooled.seeds)} seeds."
    caption = (f"Training loss per epoch, the mean of {len(pooled.seeds)} seeds with the band spanning the lowest "
               f"to the highest seed. Final training loss by learning rate: {finals}.")
    iv = pooled.intervals
    return {
        "table": {"columns": ["learning rate", "final training loss", "final validation accuracy"],
                  "rows": [[float(k), pm(iv["final_loss"][k]), pct_pm(iv["final_val_accuracy"][k])] for k in keys]},
        "figures": {"loss_curves": to_svg(fig, alt, caption)},
    }
