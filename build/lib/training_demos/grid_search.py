"""Choosing the learning rate honestly: pick on a validation split, report on a held-out test split.

Each candidate rate trains the same CNN (SGD with momentum 0.9) from the same
initial weights. The rate with the best validation accuracy (ties: lower
validation loss, then the smaller rate) is chosen; only then is the test split
used, once, for the chosen model. For contrast, ``optimistic_test_accuracy`` is
what one would report by (wrongly) picking the rate on the test split itself.
"""

DEMO = {
    "name": "grid_search",
    "title": "Choosing the learning rate on a validation split",
    "description": "A grid of learning rates scored on validation data; the chosen one is tested once.",
    "dataset": "digits",
    "seed": 0,
    "params": {
        "full": {"learning_rates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3], "epochs": 8, "batch_size": 64,
                 "optimizer": "momentum"},
        "quick": {"learning_rates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3], "epochs": 3, "batch_size": 64,
                  "optimizer": "momentum"},
    },
}


def choose(val_accuracy: dict, val_loss: dict) -> str | None:
    """The key with the highest validation accuracy; ties go to lower loss, then to the smaller rate."""
    usable = [k for k in val_accuracy if val_accuracy[k] is not None and val_loss[k] is not None]
    if not usable:
        return None
    return min(usable, key=lambda k: (-val_accuracy[k], val_loss[k], float(k)))


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key, table
    from training_demos.training import OPTIMIZER_TITLES, Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    runs, tests = {}, {}
    for lr in params["learning_rates"]:
        key = lr_key(lr)
        runs[key] = trainer.train(params["optimizer"], lr, params["epochs"], ctx=ctx, label=f"lr={lr:g}")
        tests[key] = trainer.evaluate("test")     # kept sealed: only the chosen one is reported
    val_acc = {k: r.final("val_accuracy") for k, r in runs.items()}
    val_loss = {k: r.final("val_loss") for k, r in runs.items()}
    chosen = choose(val_acc, val_loss)
    test_accs = {k: t["accuracy"] for k, t in tests.items() if t["accuracy"] is not None}
    metrics = {
        "learning_rates": [float(lr) for lr in params["learning_rates"]],
        "optimizer": OPTIMIZER_TITLES[params["optimizer"]],
        "epochs": params["epochs"],
        "validation_accuracy": val_acc,
        "validation_loss": val_loss,
        "diverged": {k: r.diverged for k, r in runs.items()},
        "chosen_learning_rate": float(chosen) if chosen else None,
        "chosen_validation_accuracy": val_acc.get(chosen),
        "test_accuracy": tests[chosen]["accuracy"] if chosen else None,
        "test_loss": tests[chosen]["loss"] if chosen else None,
        "optimistic_test_accuracy": max(test_accs.values()) if test_accs else None,
        "optimistic_learning_rate": float(max(test_accs, key=test_accs.get)) if test_accs else None,
        "split": {"train": int(len(data.y_train)), "validation": int(len(data.y_val)), "test": int(len(data.y_test))},
    }
    rows = [[float(k), val_loss[k], val_acc[k], "chosen" if k == chosen else ""] for k in runs]
    return {
        "metrics": metrics,
        "histories": {k: r.history for k, r in runs.items()},
        "table": table(["learning rate", "validation loss", "validation accuracy", ""], rows),
        "figures": {"validation_accuracy": _figure(metrics, data.source)},
    }


def _figure(m, source):
    from training_demos.plotting import lr_axis, new_figure, to_svg
    from training_demos.results import fmt, lr_key

    fig, ax = new_figure(5.6, 3.4)
    lrs = m["learning_rates"]
    accs = [m["validation_accuracy"][lr_key(lr)] for lr in lrs]
    ax.plot([lr for lr, a in zip(lrs, accs) if a is not None], [a for a in accs if a is not None], "o-",
            label="validation accuracy")
    if m["chosen_learning_rate"] is not None:
        ax.plot([m["chosen_learning_rate"]], [m["test_accuracy"]], "s", color="tab:red", markersize=8,
                label=f"test accuracy of the chosen rate: {fmt(m['test_accuracy'])}")
    lr_axis(ax)
    ax.set(ylabel="accuracy", ylim=(0, 1.02), title=f"Grid search, {m['optimizer']}, {source}")
    ax.legend(fontsize=7, loc="lower center")
    parts = ", ".join(f"{fmt(a)} at {lr:g}" for lr, a in zip(lrs, accs))
    alt = (f"Validation accuracy against learning rate (log axis) after {m['epochs']} epochs: {parts}. "
           f"The chosen rate {m['chosen_learning_rate']:g} reaches test accuracy {fmt(m['test_accuracy'])}, "
           f"marked with a red square." if m["chosen_learning_rate"] is not None else
           f"Validation accuracy against learning rate (log axis): {parts}. Every rate diverged.")
    return to_svg(fig, alt)
