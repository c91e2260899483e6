"""Learning-rate sweep: one small CNN, plain SGD, log-spaced rates from 1e-4 to 3.

Every rate starts from the same initial weights and sees the same batches, so
the curves differ only by the learning rate. Each rate is labelled by what its
training loss did (see :func:`behaviour`): too slow, good, oscillating, diverged.
"""

DEMO = {
    "name": "lr_sweep",
    "title": "Learning-rate sweep with plain SGD",
    "description": "The same small CNN trained with SGD at learning rates from 0.0001 to 3.",
    "dataset": "digits-binary",
    "seed": 0,
    "params": {
        "full": {"learning_rates": [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0], "epochs": 20, "batch_size": 32},
        "quick": {"learning_rates": [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0], "epochs": 6,
                  "batch_size": 32},
    },
}

TOO_SLOW = 0.5        # loss fell by less than half of the initial loss
OSCILLATION = 0.1     # epoch-to-epoch rises add up to more than 10% of the initial loss


def behaviour(losses: list, initial: float, diverged: bool) -> str:
    """Classify a loss curve: "diverged", "too slow", "oscillating" or "good"."""
    final = losses[-1] if losses else None
    if diverged or final is None or final > initial:
        return "diverged"
    if initial - final < TOO_SLOW * initial:
        return "too slow"
    rises = sum(max(0.0, b - a) for a, b in zip(losses, losses[1:]))
    return "oscillating" if rises > OSCILLATION * initial else "good"


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key, table
    from training_demos.training import Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    initial = trainer.initial_loss()
    runs = {}
    for lr in params["learning_rates"]:
        runs[lr_key(lr)] = trainer.train("sgd", lr, params["epochs"], ctx=ctx, label=f"lr={lr:g}")

    labels = {k: behaviour(r.history["loss"], initial, r.diverged) for k, r in runs.items()}
    usable = {k: r for k, r in runs.items() if labels[k] != "diverged" and r.final("val_loss") is not None}
    best_key = min(usable, key=lambda k: usable[k].final("val_loss")) if usable else None
    best = runs.get(best_key)
    metrics = {
        "learning_rates": [float(lr) for lr in params["learning_rates"]],
        "epochs": params["epochs"],
        "initial_loss": initial,
        "final_loss": {k: r.final("loss") for k, r in runs.items()},
        "final_accuracy": {k: r.final("accuracy") for k, r in runs.items()},
        "final_val_loss": {k: r.final("val_loss") for k, r in runs.items()},
        "final_val_accuracy": {k: r.final("val_accuracy") for k, r in runs.items()},
        "diverged": {k: labels[k] == "diverged" for k in runs},
        "non_finite": {k: r.diverged for k, r in runs.items()},
        "behaviour": labels,
        "best": {
            "learning_rate": float(best_key) if best else None,
            "final_loss": best.final("loss") if best else None,
            "val_loss": best.final("val_loss") if best else None,
            "val_accuracy": best.final("val_accuracy") if best else None,
        },
        "largest_learning_rate": float(max(params["learning_rates"])),
    }
    rows = [[float(k), r.final("loss"), r.final("val_accuracy"), labels[k]] for k, r in runs.items()]
    return {
        "metrics": metrics,
        "histories": {k: r.history for k, r in runs.items()},
        "table": table(["learning rate", "final training loss", "final validation accuracy", "behaviour"], rows),
        "figures": {"loss_curves": _loss_curves(runs, labels, initial, data.source),
                    "final_loss": _final_loss(runs, labels, initial, best_key)},
    }


def _loss_curves(runs, labels, initial, source):
    from training_demos.plotting import new_figure, plot_series, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure()
    for key, r in runs.items():
        plot_series(ax, r.history["loss"], marker=".", label=f"lr={float(key):g} ({labels[key]})")
    ax.axhline(initial, color="grey", linestyle=":", linewidth=1, label="initial loss")
    ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="training loss (log scale)", title=f"SGD on {source}")
    ax.legend(fontsize=7, ncol=2)
    parts = [f"{float(k):g}: {fmt(r.final('loss'))} ({labels[k]})" for k, r in runs.items()]
    alt = (f"Training loss per epoch for {len(runs)} learning rates, log scale. Initial loss {fmt(initial)}. "
           f"Final loss by learning rate: {'; '.join(parts)}.")
    return to_svg(fig, alt)


def _final_loss(runs, labels, initial, best_key):
    from training_demos.plotting import lr_axis, new_figure, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure(5.0, 3.2)
    lrs = [float(k) for k in runs]
    finals = [r.final("loss") for r in runs.values()]
    ax.plot([lr for lr, f in zip(lrs, finals) if f is not None], [f for f in finals if f is not None], "o-")
    for lr, key in zip(lrs, runs):
        if labels[key] == "diverged":
            ax.axvline(lr, color="tab:red", alpha=0.3, linewidth=6)
    ax.axhline(initial, color="grey", linestyle=":", linewidth=1, label="initial loss")
    lr_axis(ax)
    ax.set(ylabel="final training loss", title="Final loss against learning rate (red: diverged)")
    best = f"The lowest validation loss came with learning rate {float(best_key):g}." if best_key else ""
    diverged = [f"{lr:g}" for lr, k in zip(lrs, runs) if labels[k] == "diverged"]
    alt = (f"Final training loss against learning rate on a log axis, from {min(lrs):g} to {max(lrs):g}. "
           f"Loss is high at the smallest rates, lowest in the middle, and "
           f"{'diverges at ' + ', '.join(diverged) if diverged else 'does not diverge'}. {best} "
           f"Initial loss {fmt(initial)}.")
    return to_svg(fig, alt)
