"""Choosing the learning rate honestly: pick on a validation split, report on a held-out test split.

Each candidate rate trains the same CNN (SGD with momentum 0.9) from the same
initial weights. The rate with the best validation accuracy (ties: lower
validation loss, then the smaller rate) is chosen; only then is the test split
used, once, for the chosen model. For contrast, ``optimistic_test_accuracy`` is
what one would report by (wrongly) picking the rate on the test split itself;
``optimism`` is the difference, seed by seed, which is how much that mistake
flatters the result. Each seed repeats the whole procedure, its own split included.
"""

DEMO = {
    "name": "grid_search",
    "title": "Choosing the learning rate on a validation split",
    "description": "A grid of learning rates scored on validation data; the chosen one is tested once.",
    "dataset": "digits",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"learning_rates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3], "epochs": 5, "batch_size": 64,
                 "optimizer": "momentum"},
        "quick": {"learning_rates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3], "epochs": 1, "batch_size": 64,
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
    from training_demos.results import lr_key
    from training_demos.training import OPTIMIZER_TITLES, Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    runs, tests = {}, {}
    for lr in params["learning_rates"]:
        key = lr_key(lr)
        runs[key] = trainer.train(params["optimizer"], lr, params["epochs"], ctx=ctx, label=f"lr={lr:g}")
        tests[key] = trainer.evaluate("test")     # kept sealed: only the chosen one is reported
    val_acc = {k: r.score("val_accuracy") for k, r in runs.items()}
    val_loss = {k: r.score("val_loss") for k, r in runs.items()}
    chosen = choose(val_acc, val_loss)
    test_accs = {k: t["accuracy"] for k, t in tests.items() if t["accuracy"] is not None}
    honest = tests[chosen]["accuracy"] if chosen else None
    optimistic = max(test_accs.values()) if test_accs else None
    return {
        "metrics": {
            "learning_rates": [float(lr) for lr in params["learning_rates"]],
            "optimizer": OPTIMIZER_TITLES[params["optimizer"]],
            "epochs": params["epochs"],
            "validation_accuracy": val_acc,
            "validation_loss": val_loss,
            "non_finite": {k: r.diverged for k, r in runs.items()},
            "chosen_validation_accuracy": val_acc.get(chosen),
            "test_accuracy": honest,
            "test_loss": tests[chosen]["loss"] if chosen else None,
            "optimistic_test_accuracy": optimistic,
            "optimism": None if honest is None or optimistic is None else optimistic - honest,
            "split": {"train": int(len(data.y_train)), "validation": int(len(data.y_val)),
                      "test": int(len(data.y_test))},
        },
        "histories": {**{k: r.history for k, r in runs.items()}, "chosen": chosen,
                      "optimistic": max(test_accs, key=test_accs.get) if test_accs else None},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from collections import Counter

    from training_demos.results import lr_key, pct_pm, pm

    m, iv = pooled.means, pooled.intervals
    keys = [lr_key(lr) for lr in m["learning_rates"]]
    chosen = [r["histories"]["chosen"] for r in pooled.runs]
    optimistic = [r["histories"]["optimistic"] for r in pooled.runs]
    common = Counter(c for c in chosen if c).most_common(1)
    metrics = {
        "chosen_learning_rates": [None if c is None else float(c) for c in chosen],
        "chosen_learning_rate": float(common[0][0]) if common else None,
        "optimistic_learning_rates": [None if c is None else float(c) for c in optimistic],
        "seeds_where_test_choice_differs": sum(a != b for a, b in zip(chosen, optimistic)),
        "diverged": {k: bool(m["non_finite"][k]) for k in keys},
    }
    rows = [[float(k), pm(iv["validation_loss"][k]), pct_pm(iv["validation_accuracy"][k]),
             f"chosen in {chosen.count(k)} of {len(chosen)} seeds" if k in chosen else ""] for k in keys]
    rows += [["test, rate chosen on validation", "", pct_pm(iv["test_accuracy"]), "honest"],
             ["test, rate chosen on test", "", pct_pm(iv["optimistic_test_accuracy"]), "optimistic"]]
    return {
        "metrics": metrics,
        "table": {"columns": ["learning rate", "validation loss",
                              f"accuracy ({m['split']['validation']} validation / {m['split']['test']} test images)",
                              ""], "rows": rows},
        "figures": {"validation_accuracy": _figure(pooled, keys, metrics, ctx.dataset.source)},
    }


def _figure(pooled, keys, chosen, source):
    from training_demos.plotting import lr_axis, new_figure, seed_band, to_svg
    from training_demos.results import pct

    m = pooled.means
    fig, ax = new_figure(5.6, 3.4)
    lrs = [float(k) for k in keys]
    series = [[r["metrics"]["validation_accuracy"][k] for k in keys] for r in pooled.runs]
    seed_band(ax, series, label="validation accuracy", xs=lrs, marker="o")
    test = pooled.intervals["test_accuracy"]
    ax.axhline(test["mean"], color="tab:red", linestyle="--", linewidth=1,
               label="test accuracy of the rate chosen on validation (band: 95% interval)")
    ax.axhspan(test["low"], min(test["high"], 1.0), color="tab:red", alpha=0.1, linewidth=0)
    lr_axis(ax)
    ax.set(ylabel="accuracy", ylim=(0, 1.02), title=f"Grid search, {m['optimizer']}, {source}")
    ax.legend(fontsize=7, loc="lower center")
    alt = f"Validation accuracy against learning rate (log axis), mean of {len(pooled.seeds)} seeds with their range."
    parts = ", ".join(f"{pct(m['validation_accuracy'][k])} at {float(k):g}" for k in keys)
    caption = (f"Validation accuracy after {m['epochs']} epochs against the learning rate, the mean of "
               f"{len(pooled.seeds)} seeds with the band spanning the lowest to the highest: {parts}. The dashed red "
               f"line is the test accuracy of the rate each seed chose on validation, "
               f"{pct(m['test_accuracy'])}; choosing on the test split instead would have reported "
               f"{pct(m['optimistic_test_accuracy'])}.")
    return to_svg(fig, alt, caption)
