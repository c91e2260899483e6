"""The learning-rate range test: raise the rate exponentially over one short run, watch the loss.

A custom TensorFlow loop trains the CNN with plain SGD while the learning rate
grows from ``min_learning_rate`` to ``max_learning_rate`` (one step per batch).
The per-batch loss is smoothed with a bias-corrected exponential moving average;
the test stops once the smoothed loss exceeds ``stop_factor`` times its minimum.
Suggested rate: where the smoothed loss falls fastest per decade of learning
rate (steepest descent, before the minimum). The older rule of thumb, a tenth of
the rate at the minimum, is reported too. A short check run at the suggested
rate shows that it trains. Each seed repeats the test; rates are pooled on a
log scale (``log10_*`` metrics: their means are geometric means of the rates),
and ``stopped_early`` says in how many seeds the stop rule fired (a loss that
only climbs back to the chance plateau never reaches four times its minimum).
"""

DEMO = {
    "name": "range_test",
    "title": "Learning-rate range test",
    "description": "One run with an exponentially increasing learning rate, and the rate it suggests.",
    "dataset": "digits-binary",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"min_learning_rate": 0.0001, "max_learning_rate": 10.0, "steps": 300, "batch_size": 32,
                 "smoothing": 0.98, "stop_factor": 4.0, "check_epochs": 4},
        "quick": {"min_learning_rate": 0.0001, "max_learning_rate": 10.0, "steps": 150, "batch_size": 32,
                  "smoothing": 0.98, "stop_factor": 4.0, "check_epochs": 1},
    },
}


def sweep(model, loss_fn, batches, lrs, smoothing, stop_factor, ctx=None):
    """Train one step per rate; returns (raw losses, smoothed losses), stopping on a blow-up."""
    import math

    import keras
    import tensorflow as tf

    optimizer = keras.optimizers.SGD(learning_rate=lrs[0])

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        return loss

    raw, smooth, avg, best = [], [], 0.0, math.inf
    for i, ((x, y), lr) in enumerate(zip(batches, lrs)):
        optimizer.learning_rate = lr
        loss = float(step(x, y))
        if not math.isfinite(loss):
            break
        avg = smoothing * avg + (1 - smoothing) * loss
        smoothed = avg / (1 - smoothing ** (i + 1))
        raw.append(loss)
        smooth.append(smoothed)
        best = min(best, smoothed)
        if ctx is not None and i % 20 == 0:
            ctx.progress(f"step {i + 1}/{len(lrs)} lr={lr:.3g} loss={smoothed:.3g}")
        if smoothed > stop_factor * best:
            break
    return raw, smooth


def suggest(lrs: list, smooth: list) -> dict:
    """The steepest-descent rate (the suggestion), the rate at the minimum, and a tenth of it."""
    import numpy as np

    i_min = int(np.argmin(smooth))
    logs = np.log10(lrs[: len(smooth)])
    slope = np.gradient(np.asarray(smooth), logs)
    start = len(smooth) // 10                      # skip the noisy start
    i_steep = start + int(np.argmin(slope[start: max(i_min, start + 1)]))
    return {"suggested_learning_rate": float(lrs[i_steep]), "steepest_learning_rate": float(lrs[i_steep]),
            "min_loss_learning_rate": float(lrs[i_min]), "min_loss_tenth_learning_rate": float(lrs[i_min]) / 10,
            "min_smoothed_loss": float(smooth[i_min]), "initial_smoothed_loss": float(smooth[0])}


def run(params: dict, ctx) -> dict:
    import math

    import numpy as np
    import tensorflow as tf

    from training_demos.training import Trainer, loss_and_metric, small_cnn

    data = ctx.dataset
    n = params["steps"]
    lrs = [float(v) for v in np.geomspace(params["min_learning_rate"], params["max_learning_rate"], n)]
    model = small_cnn(data.input_shape, data.num_classes)
    y_train = data.y_train.astype("float32") if data.num_classes == 2 else data.y_train
    batches = (tf.data.Dataset.from_tensor_slices((data.x_train, y_train))
               .shuffle(len(y_train), seed=ctx.seed).repeat().batch(params["batch_size"]).take(n))
    loss_fn, _ = loss_and_metric(data.num_classes)
    raw, smooth = sweep(model, loss_fn, batches, lrs, params["smoothing"], params["stop_factor"], ctx)
    found = suggest(lrs, smooth)

    check = Trainer(data, seed=ctx.seed, batch_size=params["batch_size"])
    checked = check.train("sgd", found["suggested_learning_rate"], params["check_epochs"], ctx=ctx,
                          label=f"check lr={found['suggested_learning_rate']:.3g}")
    steps_per_epoch = math.ceil(len(data.y_train) / params["batch_size"])
    return {
        "metrics": {
            "log10_suggested_learning_rate": math.log10(found["suggested_learning_rate"]),
            "log10_min_loss_learning_rate": math.log10(found["min_loss_learning_rate"]),
            "min_smoothed_loss": found["min_smoothed_loss"],
            "initial_smoothed_loss": found["initial_smoothed_loss"],
            "final_smoothed_loss": smooth[-1],
            "stopped_early": len(smooth) < n,
            "steps_run": len(smooth),
            "steps_planned": n,
            "epochs_of_data": n / steps_per_epoch,
            "smoothing": params["smoothing"],
            "min_learning_rate": lrs[0],
            "max_learning_rate": lrs[-1],
            "check": {"epochs": params["check_epochs"], "final_loss": checked.score("train_loss"),
                      "val_accuracy": checked.score("val_accuracy")},
        },
        "histories": {"learning_rate": lrs[: len(smooth)], "loss": raw, "smoothed_loss": smooth,
                      "check": checked.history},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.results import fmt, pct_pm

    m, iv = pooled.means, pooled.intervals

    def rate(name):
        record = iv[f"log10_{name}"]
        return {"mean": 10 ** record["mean"], "low": 10 ** record["low"], "high": 10 ** record["high"]}

    suggested, minimum = rate("suggested_learning_rate"), rate("min_loss_learning_rate")
    per_seed = [10 ** v for v in pooled.values("log10_suggested_learning_rate")]
    metrics = {
        "suggested_learning_rate": suggested["mean"],
        "suggested_learning_rate_low": suggested["low"],
        "suggested_learning_rate_high": suggested["high"],
        "suggested_by_seed": per_seed,
        "min_loss_learning_rate": minimum["mean"],
        "min_loss_tenth_learning_rate": minimum["mean"] / 10,
        "seeds_stopped_early": round(m["stopped_early"] * len(pooled.seeds)) if not isinstance(
            m["stopped_early"], bool) else (len(pooled.seeds) if m["stopped_early"] else 0),
    }
    rows = [["suggested rate (steepest descent), geometric mean", f"{suggested['mean']:.3g} "
             f"(95% interval {suggested['low']:.3g} to {suggested['high']:.3g})"],
            ["suggested rate in each seed", ", ".join(f"{v:.3g}" for v in per_seed)],
            ["rate at the minimum smoothed loss, geometric mean", f"{minimum['mean']:.3g}"],
            ["a tenth of that (older rule of thumb)", f"{minimum['mean'] / 10:.3g}"],
            ["smoothed loss: start, minimum, end", f"{fmt(m['initial_smoothed_loss'])}, "
             f"{fmt(m['min_smoothed_loss'])}, {fmt(m['final_smoothed_loss'])}"],
            ["seeds where the 4x stop rule fired", f"{metrics['seeds_stopped_early']} of {len(pooled.seeds)}"],
            [f"validation accuracy after {params['check_epochs']} epochs at the suggested rate",
             pct_pm(iv["check"]["val_accuracy"])]]
    return {
        "metrics": metrics,
        "table": {"columns": ["quantity", "value"], "rows": rows},
        "figures": {"loss_vs_lr": _figure(pooled, metrics, ctx.dataset.source)},
    }


def _figure(pooled, metrics, source):
    from training_demos.plotting import lr_axis, new_figure, to_svg
    from training_demos.results import fmt

    m = pooled.means
    fig, ax = new_figure(6.0, 3.4)
    top = 0.0
    for i, run in enumerate(pooled.runs):
        h = run["histories"]
        ax.plot(h["learning_rate"], h["smoothed_loss"], color="tab:blue", alpha=0.6, linewidth=1,
                label="smoothed loss, one line per seed" if i == 0 else None)
        top = max(top, max(h["smoothed_loss"]))
    ax.axvspan(metrics["suggested_learning_rate_low"], metrics["suggested_learning_rate_high"], color="tab:green",
               alpha=0.15, linewidth=0)
    ax.axvline(metrics["suggested_learning_rate"], color="tab:green", linewidth=1.5,
               label=f"suggested (steepest), geometric mean {metrics['suggested_learning_rate']:.3g}")
    ax.axvline(metrics["min_loss_learning_rate"], color="tab:red", linestyle="--", linewidth=1,
               label=f"minimum at {metrics['min_loss_learning_rate']:.3g}")
    lr_axis(ax)
    ax.set(ylabel="smoothed training loss", title=f"Range test, SGD on {source}", ylim=(0, top * 1.2 or 1))
    ax.legend(fontsize=7)
    n = len(pooled.seeds)
    alt = f"Smoothed training loss against a rising learning rate, one line for each of {n} seeds."
    caption = (f"Smoothed training loss (moving average {m['smoothing']:g}) while the rate rises from "
               f"{m['min_learning_rate']:.3g} to {m['max_learning_rate']:.3g} over {m['steps_planned']} steps "
               f"({m['epochs_of_data']:.2g} epochs of data), one line per seed. The loss starts near "
               f"{fmt(m['initial_smoothed_loss'])}, falls to {fmt(m['min_smoothed_loss'])} at its minimum near "
               f"{metrics['min_loss_learning_rate']:.3g} and ends at {fmt(m['final_smoothed_loss'])}. The green line "
               f"and band are the suggested rate, {metrics['suggested_learning_rate']:.3g} (95% interval "
               f"{metrics['suggested_learning_rate_low']:.3g} to {metrics['suggested_learning_rate_high']:.3g}).")
    return to_svg(fig, alt, caption)
