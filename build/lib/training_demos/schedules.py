"""Learning-rate schedules: constant, step decay, exponential decay, cosine, warm-up + cosine.

The same CNN, initial weights, batches and base learning rate (plain SGD) for
every schedule; only the way the rate changes over the steps differs. All
schedules are Keras ``LearningRateSchedule`` objects evaluated per step.
"""

DEMO = {
    "name": "schedules",
    "title": "Learning-rate schedules compared",
    "description": "Constant, step, exponential, cosine and warm-up + cosine schedules from the same base rate.",
    "dataset": "digits",
    "seed": 0,
    "params": {
        "full": {"base_learning_rate": 0.5, "epochs": 12, "batch_size": 32, "step_every_epochs": 4,
                 "step_factor": 0.3, "final_fraction": 0.02, "warmup_epochs": 2},
        "quick": {"base_learning_rate": 0.5, "epochs": 4, "batch_size": 32, "step_every_epochs": 2,
                  "step_factor": 0.3, "final_fraction": 0.02, "warmup_epochs": 1},
    },
}

SCHEDULE_TITLES = {
    "constant": "constant",
    "step": "step decay",
    "exponential": "exponential decay",
    "cosine": "cosine decay",
    "warmup_cosine": "linear warm-up + cosine",
}


def make_schedules(params: dict, steps_per_epoch: int) -> dict:
    """Name -> float or Keras schedule, all starting from (or warming up to) the base rate."""
    import keras

    base, total = float(params["base_learning_rate"]), params["epochs"] * steps_per_epoch
    every = params["step_every_epochs"] * steps_per_epoch
    boundaries = list(range(every, total, every))
    warmup = params["warmup_epochs"] * steps_per_epoch
    s = keras.optimizers.schedules
    return {
        "constant": base,
        "step": s.PiecewiseConstantDecay(boundaries, [base * params["step_factor"] ** i
                                                      for i in range(len(boundaries) + 1)]),
        "exponential": s.ExponentialDecay(base, decay_steps=total, decay_rate=params["final_fraction"]),
        "cosine": s.CosineDecay(base, decay_steps=total),
        "warmup_cosine": s.CosineDecay(0.0, decay_steps=total - warmup, warmup_target=base, warmup_steps=warmup),
    }


def rates_per_step(schedule, steps: int) -> list[float]:
    """The learning rate of each step 0..steps-1 (one traced map, not ``steps`` eager calls)."""
    import tensorflow as tf

    if isinstance(schedule, (int, float)):
        return [float(schedule)] * steps
    values = tf.function(lambda s: tf.map_fn(schedule, s, fn_output_signature=tf.float32))(
        tf.range(steps, dtype=tf.int64))
    return [float(v) for v in values.numpy()]


def run(params: dict, ctx) -> dict:
    from training_demos.results import argbest, finite, table
    from training_demos.training import Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    steps = params["epochs"] * trainer.steps_per_epoch
    schedules = make_schedules(params, trainer.steps_per_epoch)
    rates = {name: rates_per_step(sch, steps) for name, sch in schedules.items()}
    runs = {name: trainer.train("sgd", sch, params["epochs"], ctx=ctx, label=name) for name, sch in schedules.items()}

    best = argbest(runs, lambda r: None if r.diverged else r.final("val_accuracy"))
    metrics = {
        "schedules": list(schedules),
        "titles": {name: SCHEDULE_TITLES[name] for name in schedules},
        "base_learning_rate": float(params["base_learning_rate"]),
        "epochs": params["epochs"],
        "steps": steps,
        "final_learning_rate": {name: finite(r[-1]) for name, r in rates.items()},
        "final_loss": {name: r.final("loss") for name, r in runs.items()},
        "final_val_loss": {name: r.final("val_loss") for name, r in runs.items()},
        "final_val_accuracy": {name: r.final("val_accuracy") for name, r in runs.items()},
        "best_val_accuracy": {name: r.best("val_accuracy") for name, r in runs.items()},
        "diverged": {name: r.diverged for name, r in runs.items()},
        "best": {"schedule": best, "val_accuracy": runs[best].final("val_accuracy") if best else None,
                 "val_loss": runs[best].final("val_loss") if best else None},
    }
    histories = {name: {**r.history, "learning_rate": rates[name]} for name, r in runs.items()}
    rows = [[SCHEDULE_TITLES[n], rates[n][-1], r.final("loss"), r.final("val_loss"), r.final("val_accuracy")]
            for n, r in runs.items()]
    return {
        "metrics": metrics,
        "histories": histories,
        "table": table(["schedule", "final learning rate", "final training loss", "final validation loss",
                        "final validation accuracy"], rows),
        "figures": {"learning_rate": _rate_figure(rates, params, trainer.steps_per_epoch),
                    "loss_curves": _loss_figure(runs, data.source)},
    }


def _rate_figure(rates, params, steps_per_epoch):
    from training_demos.plotting import new_figure, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure(6.0, 3.2)
    for name, values in rates.items():
        ax.plot(range(len(values)), values, label=SCHEDULE_TITLES[name])
    ax.set(xlabel=f"step ({steps_per_epoch} steps per epoch)", ylabel="learning rate",
           title=f"Schedules from base rate {params['base_learning_rate']:g}")
    ax.legend(fontsize=7)
    parts = [f"{SCHEDULE_TITLES[n]} ends at {fmt(v[-1])}" for n, v in rates.items()]
    alt = (f"Learning rate against training step for five schedules over {len(next(iter(rates.values())))} "
           f"steps, all from base rate {params['base_learning_rate']:g}. Step decay multiplies the rate by "
           f"{params['step_factor']:g} every {params['step_every_epochs']} epochs; warm-up rises linearly "
           f"for {params['warmup_epochs']} epochs. {'; '.join(parts)}.")
    return to_svg(fig, alt)


def _loss_figure(runs, source):
    from training_demos.plotting import new_figure, plot_series, to_svg
    from training_demos.results import fmt

    fig, (ax1, ax2) = new_figure(7.0, 3.2, ncols=2)
    for name, r in runs.items():
        plot_series(ax1, r.history["loss"], marker=".", label=SCHEDULE_TITLES[name])
        plot_series(ax2, r.history["val_accuracy"], marker=".", label=SCHEDULE_TITLES[name])
    ax1.set(xlabel="epoch", ylabel="training loss (log scale)", yscale="log", title=f"Training loss, {source}")
    ax2.set(xlabel="epoch", ylabel="validation accuracy", title="Validation accuracy")
    ax2.legend(fontsize=7)
    parts = [f"{SCHEDULE_TITLES[n]}: loss {fmt(r.final('loss'))}, accuracy {fmt(r.final('val_accuracy'))}"
             for n, r in runs.items()]
    alt = ("Two panels: training loss (log scale) and validation accuracy per epoch for each schedule. "
           f"Final values: {'; '.join(parts)}.")
    return to_svg(fig, alt)
