"""The one-cycle policy: a short run whose rate climbs to a large peak and anneals, against a constant rate.

Per seed the same CNN (same initial weights, batches and split) trains with
plain SGD for a short budget, either at a constant rate or with one cycle:
linear warm-up from ``peak / div`` to the peak over ``pct_start`` of the steps,
then cosine annealing to ``peak / final_div`` (the shape of Smith's policy as
fastai implements it; Keras' SGD takes a constant momentum, so the momentum is
not cycled here). Both are run at the same peak rates, so each comparison is
"the same top rate, with and without the cycle".
"""

DEMO = {
    "name": "one_cycle",
    "title": "The one-cycle policy against a constant rate",
    "description": "Short SGD runs at the same peak rates, with a constant rate or with one warm-up-and-anneal cycle.",
    "dataset": "digits",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"peak_learning_rates": [0.1, 0.3, 1.0, 3.0], "epochs": 3, "batch_size": 32, "div": 25.0,
                 "final_div": 10000.0, "pct_start": 0.3},
        "quick": {"peak_learning_rates": [0.1, 0.3, 1.0, 3.0], "epochs": 1, "batch_size": 32, "div": 25.0,
                  "final_div": 10000.0, "pct_start": 0.3},
    },
}

POLICIES = {"constant": "constant rate", "one_cycle": "one cycle"}


def make_schedule(params: dict, total_steps: int):
    """A Keras schedule playing "constant" or "one_cycle" at any peak: ``schedule.use(policy, peak)``."""
    import math

    import keras
    import tensorflow as tf

    total = float(total_steps)
    up = max(1.0, round(params["pct_start"] * total))

    class Schedule(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self):
            self.cycle = tf.Variable(0.0, dtype=tf.float32, trainable=False)
            self.peak = tf.Variable(0.1, dtype=tf.float32, trainable=False)

        def use(self, policy: str, peak: float) -> None:
            self.cycle.assign(1.0 if policy == "one_cycle" else 0.0)
            self.peak.assign(peak)

        def __call__(self, step):
            t = tf.minimum(tf.cast(step, tf.float32), total)
            start, end = 1.0 / params["div"], 1.0 / params["final_div"]
            rising = start + (1.0 - start) * t / up
            falling = end + (1.0 - end) * 0.5 * (1.0 + tf.cos(math.pi * (t - up) / (total - up)))
            shape = tf.where(t < up, rising, falling)
            return self.peak * (self.cycle * shape + (1.0 - self.cycle))

        def get_config(self):
            return {}

    return Schedule()


def run(params: dict, ctx) -> dict:
    from training_demos.results import lr_key
    from training_demos.training import Trainer

    data = ctx.dataset
    trainer = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    schedule = make_schedule(params, params["epochs"] * trainer.steps_per_epoch)
    runs = {}
    for policy in POLICIES:
        runs[policy] = {}
        for peak in params["peak_learning_rates"]:
            schedule.use(policy, peak)
            runs[policy][lr_key(peak)] = trainer.train("sgd", schedule, params["epochs"], ctx=ctx,
                                                       label=f"{policy} peak={peak:g}")

    def each(score):
        return {p: {k: (r.diverged if score is None else r.score(score)) for k, r in by.items()}
                for p, by in runs.items()}

    return {
        "metrics": {
            "policies": dict(POLICIES),
            "peak_learning_rates": [float(x) for x in params["peak_learning_rates"]],
            "epochs": params["epochs"],
            "steps": params["epochs"] * trainer.steps_per_epoch,
            "validation_images": int(len(data.y_val)),
            "chance_accuracy": 1.0 / data.num_classes,
            "final_loss": each("train_loss"),
            "final_val_loss": each("val_loss"),
            "final_val_accuracy": each("val_accuracy"),
            "non_finite": each(None),
        },
        "histories": {p: {k: r.history for k, r in by.items()} for p, by in runs.items()},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.results import lr_key, pct_pm, pm

    m, iv = pooled.means, pooled.intervals
    keys = [lr_key(x) for x in m["peak_learning_rates"]]

    def acc(policy, key):
        value = m["final_val_accuracy"][policy][key]
        return m["chance_accuracy"] if value is None else value

    best = {p: max(keys, key=lambda k: acc(p, k)) for p in POLICIES}
    gain = {k: pooled.difference(iv["final_val_accuracy"]["one_cycle"][k], iv["final_val_accuracy"]["constant"][k])
            for k in keys}
    metrics = {
        "best_peak": {p: float(best[p]) for p in POLICIES},
        "best_val_accuracy": {p: m["final_val_accuracy"][p][best[p]] for p in POLICIES},
        "one_cycle_gain": {k: g["mean"] for k, g in gain.items()},
        "diverged": {p: {k: bool(m["non_finite"][p][k]) for k in keys} for p in POLICIES},
    }
    rows = [[float(k), pct_pm(iv["final_val_accuracy"]["constant"][k]), pct_pm(iv["final_val_accuracy"]["one_cycle"][k]),
             pm(gain[k], 2, scale=100) + " points", pm(iv["final_loss"]["constant"][k]),
             pm(iv["final_loss"]["one_cycle"][k])] for k in keys]
    n_val = m["validation_images"]
    return {
        "metrics": metrics,
        "intervals": {"one_cycle_gain": gain},
        "table": {"columns": ["peak rate", f"constant: validation accuracy ({n_val} images)",
                              "one cycle: validation accuracy", "one cycle minus constant (paired)",
                              "constant: training loss", "one cycle: training loss"], "rows": rows},
        "figures": {"accuracy": _figure(pooled, keys, metrics, ctx.dataset.source)},
    }


def _figure(pooled, keys, metrics, source):
    from training_demos.plotting import lr_axis, new_figure, seed_band, to_svg
    from training_demos.results import pct

    m = pooled.means
    chance = m["chance_accuracy"]
    fig, ax = new_figure(6.0, 3.4)
    lrs = [float(k) for k in keys]
    for policy, title in POLICIES.items():
        series = [[chance if r["metrics"]["final_val_accuracy"][policy][k] is None
                   else r["metrics"]["final_val_accuracy"][policy][k] for k in keys] for r in pooled.runs]
        seed_band(ax, series, label=title, xs=lrs, marker="o")
    ax.axhline(chance, color="grey", linestyle=":", linewidth=1, label="chance")
    lr_axis(ax, "peak learning rate")
    ax.set(ylabel="final validation accuracy", ylim=(0, 1.02), title=f"{m['steps']} steps of SGD, {source}")
    ax.legend(fontsize=7, loc="lower left")
    n = len(pooled.seeds)
    alt = f"Final validation accuracy against peak learning rate, constant rate and one cycle, mean of {n} seeds."
    parts = [f"At {float(k):g}: constant {pct(m['final_val_accuracy']['constant'][k])}, one cycle "
             f"{pct(m['final_val_accuracy']['one_cycle'][k])}" for k in keys]
    caption = (f"Final validation accuracy after {m['epochs']} epochs ({m['steps']} steps) of plain SGD at each peak "
               f"rate, held constant or cycled: the mean of {n} seeds with the band spanning the lowest to the highest "
               f"seed (a diverged run counts as chance). {'. '.join(parts)}.")
    return to_svg(fig, alt, caption)
