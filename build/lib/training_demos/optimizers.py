"""Optimizer sensitivity: how much each optimizer's result depends on the learning rate.

SGD, SGD with momentum, RMSprop, Adam and AdaGrad each train the same CNN from
the same initial weights at the same few learning rates. The spread of an
optimizer (best minus worst final validation accuracy over the rates) measures
how sensitive it is to the choice of learning rate; a diverged run counts as
chance-level accuracy. ``good_learning_rates`` lists, per optimizer, the rates
within 5 accuracy points of its best: a wider list means a more forgiving optimizer.
"""

DEMO = {
    "name": "optimizers",
    "title": "Optimizers and their sensitivity to the learning rate",
    "description": "SGD, momentum, RMSprop, Adam and AdaGrad, each at the same four learning rates.",
    "dataset": "digits",
    "seed": 0,
    "params": {
        "full": {"optimizers": ["sgd", "momentum", "rmsprop", "adam", "adagrad"],
                 "learning_rates": [0.001, 0.01, 0.1, 1.0], "epochs": 8, "batch_size": 64},
        "quick": {"optimizers": ["sgd", "momentum", "rmsprop", "adam", "adagrad"],
                  "learning_rates": [0.001, 0.01, 0.1, 1.0], "epochs": 2, "batch_size": 64},
    },
}

GOOD_MARGIN = 0.05  # a rate is "good" within 5 accuracy points of the optimizer's best


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key, table
    from training_demos.training import OPTIMIZER_TITLES, Trainer

    data = ctx.dataset
    chance = 1.0 / data.num_classes
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    lrs = [float(lr) for lr in params["learning_rates"]]
    runs = {opt: {lr_key(lr): trainer.train(opt, lr, params["epochs"], ctx=ctx, label=f"{opt} lr={lr:g}")
                  for lr in lrs} for opt in params["optimizers"]}

    def accuracy(r):
        acc = r.final("val_accuracy")
        return chance if acc is None else acc

    accuracies = {opt: {k: r.final("val_accuracy") for k, r in by_lr.items()} for opt, by_lr in runs.items()}
    scored = {opt: {k: accuracy(r) for k, r in by_lr.items()} for opt, by_lr in runs.items()}
    best_lr = {opt: float(max(s, key=s.get)) for opt, s in scored.items()}
    spread = {opt: max(s.values()) - min(s.values()) for opt, s in scored.items()}
    metrics = {
        "optimizers": list(runs),
        "titles": {opt: OPTIMIZER_TITLES[opt] for opt in runs},
        "learning_rates": lrs,
        "epochs": params["epochs"],
        "val_accuracy": accuracies,
        "final_loss": {opt: {k: r.final("loss") for k, r in by_lr.items()} for opt, by_lr in runs.items()},
        "diverged": {opt: {k: r.diverged for k, r in by_lr.items()} for opt, by_lr in runs.items()},
        "best_learning_rate": best_lr,
        "best_val_accuracy": {opt: max(s.values()) for opt, s in scored.items()},
        "spread": spread,
        "most_sensitive": max(spread, key=spread.get),      # largest spread (first one on ties)
        "least_sensitive": min(spread, key=spread.get),
        "good_learning_rates": {opt: [float(k) for k, acc in s.items() if acc >= max(s.values()) - GOOD_MARGIN]
                                for opt, s in scored.items()},
        "chance_accuracy": chance,
    }
    columns = ["optimizer"] + [f"lr {lr:g}" for lr in lrs] + ["best rate", "spread"]
    rows = [[OPTIMIZER_TITLES[opt]] + [accuracies[opt][lr_key(lr)] if accuracies[opt][lr_key(lr)] is not None
                                       else "diverged" for lr in lrs] + [best_lr[opt], spread[opt]]
            for opt in runs]
    return {
        "metrics": metrics,
        "histories": {opt: {k: r.history for k, r in by_lr.items()} for opt, by_lr in runs.items()},
        "table": table(columns, rows),
        "figures": {"sensitivity": _figure(accuracies, lrs, spread, chance, data.source)},
    }


def _figure(accuracies, lrs, spread, chance, source):
    from training_demos.plotting import lr_axis, new_figure, to_svg
    from training_demos.results import fmt, lr_key
    from training_demos.training import OPTIMIZER_TITLES

    fig, ax = new_figure(7.2, 3.6)
    for opt, by_lr in accuracies.items():
        values = [by_lr[lr_key(lr)] for lr in lrs]
        ax.plot(lrs, [chance if v is None else v for v in values], "o-",
                label=f"{OPTIMIZER_TITLES[opt]} (spread {spread[opt]:.2f})")
    ax.axhline(chance, color="grey", linestyle=":", linewidth=1, label="chance")
    lr_axis(ax)
    ax.set(ylabel="final validation accuracy", ylim=(0, 1.02), title=f"Sensitivity to the learning rate, {source}")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    parts = [f"{OPTIMIZER_TITLES[o]}: " + ", ".join(f"{fmt(by_lr[lr_key(lr)], 2)} at {lr:g}" for lr in lrs)
             for o, by_lr in accuracies.items()]
    alt = (f"Final validation accuracy against learning rate (log axis) for {len(accuracies)} optimizers. "
           f"{'; '.join(parts)}. Chance accuracy is {chance:.2f}.")
    return to_svg(fig, alt)
