"""Learning-rate schedules compared fairly: each schedule at its own best base rate, on several seeds.

Constant, step decay, exponential decay, cosine decay and linear warm-up +
cosine train the same CNN with plain SGD (per seed: the same initial weights,
batches and split). Each schedule runs at every base rate of a small grid; the
base rate with the lowest mean validation loss is that schedule's choice, and
the schedules are compared at their choices (``chosen``), so no schedule is
judged at a rate that suits another. One Keras schedule object, driven by
variables, plays every schedule, so the training step is compiled once.
"""

DEMO = {
    "name": "schedules",
    "title": "Learning-rate schedules compared",
    "description": "Constant, step, exponential, cosine and warm-up + cosine schedules, each at its best base rate.",
    "dataset": "digits",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"base_learning_rates": [0.1, 0.3, 1.0], "epochs": 6, "batch_size": 32, "step_every_epochs": 2,
                 "step_factor": 0.3, "final_fraction": 0.02, "warmup_fraction": 0.1},
        "quick": {"base_learning_rates": [0.1, 0.3, 1.0], "epochs": 2, "batch_size": 32, "step_every_epochs": 1,
                  "step_factor": 0.3, "final_fraction": 0.02, "warmup_fraction": 0.1},
    },
}

SCHEDULES = ("constant", "step", "exponential", "cosine", "warmup_cosine")
SCHEDULE_TITLES = {
    "constant": "constant",
    "step": "step decay",
    "exponential": "exponential decay",
    "cosine": "cosine decay",
    "warmup_cosine": "linear warm-up + cosine",
}


def make_schedule(params: dict, steps_per_epoch: int):
    """One Keras ``LearningRateSchedule`` that plays any of :data:`SCHEDULES` from any base rate.

    ``schedule.use(name, base)`` switches it; the formulas are those of Keras' ``PiecewiseConstantDecay``
    (drops every ``step_every_epochs``), ``ExponentialDecay`` (to ``final_fraction`` of the base at the
    end), ``CosineDecay`` (to zero at the end) and ``CosineDecay`` with a linear warm-up over
    ``warmup_fraction`` of the steps, its cosine spanning the remaining steps."""
    import math

    import keras
    import tensorflow as tf

    total = float(params["epochs"] * steps_per_epoch)
    every = float(params["step_every_epochs"] * steps_per_epoch)
    warmup = max(1.0, round(params["warmup_fraction"] * total))

    class Schedule(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self):
            self.kind = tf.Variable(0, dtype=tf.int32, trainable=False)
            self.base = tf.Variable(0.1, dtype=tf.float32, trainable=False)

        def use(self, name: str, base: float) -> None:
            self.kind.assign(SCHEDULES.index(name))
            self.base.assign(base)

        def __call__(self, step):
            t = tf.minimum(tf.cast(step, tf.float32), total)
            b = self.base
            cosine = 0.5 * (1.0 + tf.cos(math.pi * t / total))
            after = tf.maximum(t - warmup, 0.0) / (total - warmup)
            warm = tf.where(t < warmup, t / warmup, 0.5 * (1.0 + tf.cos(math.pi * after)))
            factors = tf.stack([1.0, params["step_factor"] ** tf.floor(t / every),
                                params["final_fraction"] ** (t / total), cosine, warm])
            return b * tf.gather(factors, self.kind)

        def get_config(self):
            return {}

    return Schedule()


def rates_per_step(schedule, steps: int) -> list[float]:
    """The learning rate of each step 0..steps-1 of the schedule's current setting."""
    import tensorflow as tf

    values = tf.map_fn(schedule, tf.range(steps, dtype=tf.int64), fn_output_signature=tf.float32)
    return [float(v) for v in values.numpy()]


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key
    from training_demos.training import Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    steps = params["epochs"] * trainer.steps_per_epoch
    schedule = make_schedule(params, trainer.steps_per_epoch)
    runs, tests, rates = {}, {}, {}
    for name in SCHEDULES:
        runs[name], tests[name] = {}, {}
        for base in params["base_learning_rates"]:
            schedule.use(name, base)
            key = lr_key(base)
            runs[name][key] = trainer.train("sgd", schedule, params["epochs"], ctx=ctx, label=f"{name} base={base:g}")
            tests[name][key] = trainer.evaluate("test")["accuracy"] if not runs[name][key].diverged else None
        schedule.use(name, 1.0)
        rates[name] = rates_per_step(schedule, steps)      # the shape, for a base rate of 1

    def each(fn):
        return {name: {k: fn(r) for k, r in by_base.items()} for name, by_base in runs.items()}

    return {
        "metrics": {
            "schedules": list(SCHEDULES),
            "titles": dict(SCHEDULE_TITLES),
            "base_learning_rates": [float(b) for b in params["base_learning_rates"]],
            "epochs": params["epochs"],
            "steps": steps,
            "warmup_steps": max(1, round(params["warmup_fraction"] * steps)),
            "validation_images": int(len(data.y_val)),
            "final_fraction_of_base": {name: r[-1] for name, r in rates.items()},
            "final_loss": each(lambda r: r.score("train_loss")),
            "final_val_loss": each(lambda r: r.score("val_loss")),
            "final_val_accuracy": each(lambda r: r.score("val_accuracy")),
            "test_accuracy": {name: dict(by_base) for name, by_base in tests.items()},
            "non_finite": each(lambda r: r.diverged),
        },
        "histories": {name: {**{k: r.history for k, r in by_base.items()}, "rate_shape": rates[name]}
                      for name, by_base in runs.items()},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.results import pct_pm, pm

    m, iv = pooled.means, pooled.intervals

    def loss(name, key):
        value = m["final_val_loss"][name][key]
        return float("inf") if value is None else value

    chosen = {name: min(m["final_val_loss"][name], key=lambda k: loss(name, k)) for name in SCHEDULES}
    picked = {part: {name: m[part][name][chosen[name]] for name in SCHEDULES}
              for part in ("final_loss", "final_val_loss", "final_val_accuracy", "test_accuracy")}
    picked_iv = {part: {name: iv[part][name][chosen[name]] for name in SCHEDULES}
                 for part in ("final_loss", "final_val_loss", "final_val_accuracy", "test_accuracy")}
    best = min(SCHEDULES, key=lambda n: loss(n, chosen[n]))
    metrics = {
        "chosen_base_learning_rate": {name: float(chosen[name]) for name in SCHEDULES},
        "chosen": picked,
        "final_learning_rate": {name: float(chosen[name]) * m["final_fraction_of_base"][name] for name in SCHEDULES},
        "best": {"schedule": best, "val_loss": picked["final_val_loss"][best],
                 "val_accuracy": picked["final_val_accuracy"][best]},
        "diverged": {name: {k: bool(v) for k, v in m["non_finite"][name].items()} for name in SCHEDULES},
    }
    rows = [[SCHEDULE_TITLES[n], float(chosen[n]), pm(picked_iv["final_loss"][n]), pm(picked_iv["final_val_loss"][n]),
             pct_pm(picked_iv["final_val_accuracy"][n]), pct_pm(picked_iv["test_accuracy"][n])] for n in SCHEDULES]
    n_val = m["validation_images"]
    return {
        "metrics": metrics,
        "intervals": {"chosen": picked_iv},
        "table": {"columns": ["schedule", "base rate chosen on validation", "final training loss",
                              "final validation loss", f"validation accuracy ({n_val} images)", "test accuracy"],
                  "rows": rows},
        "figures": {"learning_rate": _rate_figure(pooled, chosen, params),
                    "loss_curves": _loss_figure(pooled, chosen, picked, ctx)},
    }


def _rate_figure(pooled, chosen, params):
    from training_demos.plotting import new_figure, to_svg
    from training_demos.results import fmt

    shapes = pooled.runs[0]["histories"]
    fig, ax = new_figure(6.0, 3.2)
    for name in SCHEDULES:
        base = float(chosen[name])
        ax.plot(range(len(shapes[name]["rate_shape"])), [base * v for v in shapes[name]["rate_shape"]],
                label=f"{SCHEDULE_TITLES[name]} (base {base:g})")
    m = pooled.means
    ax.set(xlabel=f"step ({m['steps'] // m['epochs']} steps per epoch)", ylabel="learning rate",
           title="Each schedule at the base rate it chose")
    ax.legend(fontsize=7)
    alt = f"Learning rate against training step for {len(SCHEDULES)} schedules, each from its chosen base rate."
    parts = [f"{SCHEDULE_TITLES[n]} from {float(chosen[n]):g} to {fmt(float(chosen[n]) * m['final_fraction_of_base'][n])}"
             for n in SCHEDULES]
    caption = (f"The learning rate at every step of the {m['steps']}-step runs: {'; '.join(parts)}. Step decay "
               f"multiplies the rate by {params['step_factor']:g} every {params['step_every_epochs']} epochs; the "
               f"warm-up rises linearly over the first {m['warmup_steps']} steps.")
    return to_svg(fig, alt, caption)


def _loss_figure(pooled, chosen, picked, ctx):
    from training_demos.plotting import new_figure, seed_band, to_svg
    from training_demos.results import fmt, pct

    fig, (ax1, ax2) = new_figure(7.0, 3.2, ncols=2)
    for name in SCHEDULES:
        histories = [r["histories"][name][chosen[name]] for r in pooled.runs]
        seed_band(ax1, [h["val_loss"] for h in histories], label=SCHEDULE_TITLES[name], marker=".")
        seed_band(ax2, [h["val_accuracy"] for h in histories], label=SCHEDULE_TITLES[name], marker=".")
    ax1.set(ylabel="validation loss (log scale)", yscale="log", title=f"Validation loss, {ctx.dataset.source}")
    ax2.set(ylabel="validation accuracy", title="Validation accuracy")
    ax2.legend(fontsize=7)
    n = len(pooled.seeds)
    alt = f"Two panels: validation loss and accuracy per epoch for each schedule, mean of {n} seeds with their range."
    parts = [f"{SCHEDULE_TITLES[s]}: loss {fmt(picked['final_val_loss'][s])}, accuracy "
             f"{pct(picked['final_val_accuracy'][s])}" for s in SCHEDULES]
    caption = (f"Validation loss (log scale) and accuracy per epoch, each schedule at its chosen base rate: the mean "
               f"of {n} seeds, the band spanning the lowest to the highest seed. Final means: {'; '.join(parts)}.")
    return to_svg(fig, alt, caption)
