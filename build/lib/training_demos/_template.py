"""A template for a new demo: copy it to ``training_demos/<name>.py`` and set ``DEMO["name"]`` to ``<name>``.

It trains a small dense network (not the shared CNN: :class:`training_demos.training.Trainer`
takes any ``model_builder``) with plain SGD at two learning rates and reports, per rate, the final
training loss and validation accuracy, with a table and one figure. ``python -m generator demos
show <name>`` then lists the keys an answer or a quiz can use. Files whose name starts with ``_``
are not demos, so this one never runs by itself.
"""

DEMO = {
    "name": "template",  # must equal the file name without .py
    "title": "Two learning rates on a dense network",
    "description": "A small dense network trained with SGD at a low and a high learning rate.",
    "dataset": "digits-binary",
    "seed": 0,
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
    from training_demos.plotting import new_figure, plot_series, to_svg
    from training_demos.results import fmt, lr_key, table
    from training_demos.training import Trainer

    trainer = Trainer(ctx.dataset, seed=ctx.seed, model_builder=dense_network)
    runs = {lr_key(lr): trainer.train("sgd", lr, params["epochs"], ctx=ctx, label=f"lr={lr:g}")
            for lr in params["learning_rates"]}

    fig, ax = new_figure()
    for key, r in runs.items():
        plot_series(ax, r.history["loss"], marker=".", label=f"lr={float(key):g}")
    ax.set(xlabel="epoch", ylabel="training loss", title="Training loss per epoch")
    ax.legend()
    alt = "Training loss per epoch; final loss " + "; ".join(f"{float(k):g}: {fmt(r.final('loss'))}" for k, r in runs.items())

    return {
        "metrics": {  # every key here is reachable as demos.<name>.<key>, e.g. demos.template.final_loss["0.5"]
            "learning_rates": [float(lr) for lr in params["learning_rates"]],
            "epochs": params["epochs"],
            "final_loss": {k: r.final("loss") for k, r in runs.items()},
            "final_val_accuracy": {k: r.final("val_accuracy") for k, r in runs.items()},
            "diverged": {k: r.diverged for k, r in runs.items()},
        },
        "histories": {k: r.history for k, r in runs.items()},
        "table": table(["learning rate", "final training loss", "final validation accuracy"],
                       [[float(k), r.final("loss"), r.final("val_accuracy")] for k, r in runs.items()]),
        "figures": {"loss_curves": to_svg(fig, alt)},
    }
