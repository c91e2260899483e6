"""Learning-rate sweep: one small CNN, plain SGD, log-spaced rates from 1e-4 to 3, on several seeds.

In each seed every rate starts from the same initial weights and sees the same
batches and split, so within a seed the runs differ only by the learning rate;
the seeds change the weights, the batches and the split. Each rate gets a label
from :mod:`training_demos.labels` (converged, too slow, collapsed to chance,
diverged). The best rate is the one with the lowest mean validation loss;
``best.tied_with`` lists the rates whose paired difference from it is not
distinguishable from zero across the seeds.
"""

DEMO = {
    "name": "lr_sweep",
    "title": "Learning-rate sweep with plain SGD",
    "description": "The same small CNN trained with SGD at learning rates from 0.0001 to 3, on several seeds.",
    "dataset": "digits-binary",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"learning_rates": [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0], "epochs": 8, "batch_size": 32},
        "quick": {"learning_rates": [0.0001, 0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0], "epochs": 2,
                  "batch_size": 32},
    },
}


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key
    from training_demos.training import Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    initial = trainer.initial_loss()
    runs = {lr_key(lr): trainer.train("sgd", lr, params["epochs"], ctx=ctx, label=f"lr={lr:g}")
            for lr in params["learning_rates"]}
    return {
        "metrics": {
            "learning_rates": [float(lr) for lr in params["learning_rates"]],
            "epochs": params["epochs"],
            "validation_images": int(len(data.y_val)),
            "chance_accuracy": 1.0 / data.num_classes,
            "initial_loss": initial,
            "final_loss": {k: r.score("train_loss") for k, r in runs.items()},
            "final_accuracy": {k: r.score("train_accuracy") for k, r in runs.items()},
            "final_val_loss": {k: r.score("val_loss") for k, r in runs.items()},
            "final_val_accuracy": {k: r.score("val_accuracy") for k, r in runs.items()},
            "output_entropy": {k: r.score("entropy") for k, r in runs.items()},
            "weight_change": {k: r.score("weight_change") for k, r in runs.items()},
            "non_finite": {k: r.diverged for k, r in runs.items()},
        },
        "histories": {k: r.history for k, r in runs.items()},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.labels import combined, seed_labels
    from training_demos.results import lr_key, pct_pm, pm

    keys = [lr_key(lr) for lr in params["learning_rates"]]
    by_seed = seed_labels(pooled, keys)
    behaviour = {k: combined(by_seed[k]) for k in keys}
    val_loss = pooled.intervals["final_val_loss"]
    usable = [k for k in keys if val_loss[k]["mean"] is not None and "diverged" not in by_seed[k]]
    best = min(usable, key=lambda k: val_loss[k]["mean"]) if usable else None
    tied = [k for k in usable if k != best and pooled.difference(val_loss[k], val_loss[best])["low"] <= 0]
    m, iv = pooled.means, pooled.intervals
    metrics = {
        "behaviour": behaviour,
        "labels": by_seed,
        "diverged": {k: "diverged" in by_seed[k] for k in keys},
        "best": {"learning_rate": float(best) if best else None,
                 "val_loss": m["final_val_loss"][best] if best else None,
                 "val_accuracy": m["final_val_accuracy"][best] if best else None,
                 "final_loss": m["final_loss"][best] if best else None,
                 "tied_with": [float(k) for k in tied]},
        "largest_learning_rate": float(max(params["learning_rates"])),
    }
    rows = [[float(k), pm(iv["final_loss"][k]), pm(iv["final_val_loss"][k]), pct_pm(iv["final_val_accuracy"][k]),
             behaviour[k]] for k in keys]
    n_val, seeds = m["validation_images"], len(pooled.seeds)
    return {
        "metrics": metrics,
        "table": {"columns": ["learning rate", "final training loss", "final validation loss",
                              f"final validation accuracy ({n_val} images)", f"label ({seeds} seeds)"],
                  "rows": rows},
        "figures": {"loss_curves": _loss_curves(pooled, keys, behaviour, ctx),
                    "final_loss": _final_loss(pooled, keys, behaviour, metrics["best"])},
    }


def _loss_curves(pooled, keys, behaviour, ctx):
    from training_demos.plotting import new_figure, seed_band, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure()
    for key in keys:
        seed_band(ax, [r["histories"][key]["val_loss"] for r in pooled.runs], label=f"lr={float(key):g}",
                  marker=".")
    initial = pooled.means["initial_loss"]
    ax.axhline(initial, color="grey", linestyle=":", linewidth=1, label="initial loss")
    ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="validation loss (log scale)", title=f"SGD on {ctx.dataset.source}")
    ax.legend(fontsize=7, ncol=2)
    n = len(pooled.seeds)
    alt = f"Validation loss per epoch for {len(keys)} learning rates, mean of {n} seeds with their range."
    parts = [f"{float(k):g}: {fmt(pooled.means['final_val_loss'][k])} ({behaviour[k]})" for k in keys]
    caption = (f"Validation loss per epoch (log scale), mean of {n} seeds, the band spanning the lowest to the "
               f"highest seed; the dotted line is the initial loss, {fmt(initial)}. Final validation loss by "
               f"learning rate: {'; '.join(parts)}.")
    return to_svg(fig, alt, caption)


def _final_loss(pooled, keys, behaviour, best):
    from training_demos.plotting import lr_axis, new_figure, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure(5.0, 3.2)
    for name, color in (("final_loss", "tab:blue"), ("final_val_loss", "tab:orange")):
        points = [(float(k), pooled.intervals[name][k]) for k in keys if pooled.intervals[name][k]["mean"] is not None]
        xs = [x for x, _ in points]
        ys = [r["mean"] for _, r in points]
        err = [[r["mean"] - r["low"] for _, r in points], [r["high"] - r["mean"] for _, r in points]]
        ax.errorbar(xs, ys, yerr=err, fmt="o-", color=color, capsize=3,
                    label="training" if name == "final_loss" else "validation")
    for key in keys:
        if behaviour[key] != "converged":
            ax.axvline(float(key), color="tab:red", alpha=0.12, linewidth=8)
    ax.axhline(pooled.means["initial_loss"], color="grey", linestyle=":", linewidth=1, label="initial loss")
    lr_axis(ax)
    ax.set(ylabel="final loss", title="Final loss against learning rate (95% intervals)")
    ax.legend(fontsize=7)
    lrs = [float(k) for k in keys]
    others = [f"{float(k):g} {behaviour[k]}" for k in keys if behaviour[k] != "converged"]
    alt = (f"Final training and validation loss against learning rate, {min(lrs):g} to {max(lrs):g}, log axis, "
           f"with 95% intervals.")
    lowest = (f"The lowest mean validation loss came at {best['learning_rate']:g} ({fmt(best['val_loss'])})"
              + (f", not distinguishable across seeds from {', '.join(f'{x:g}' for x in best['tied_with'])}"
                 if best["tied_with"] else "") + ". ") if best["learning_rate"] else ""
    caption = (f"Final training (blue) and validation (orange) loss of each learning rate, mean of "
               f"{len(pooled.seeds)} seeds with 95% intervals. {lowest}Shaded: rates not labelled converged"
               + (f" ({'; '.join(others)})." if others else "."))
    return to_svg(fig, alt, caption)
