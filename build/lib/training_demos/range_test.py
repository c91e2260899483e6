"""The learning-rate range test: raise the rate exponentially over one short run, watch the loss.

A custom TensorFlow loop trains the CNN with plain SGD while the learning rate
grows from ``min_learning_rate`` to ``max_learning_rate`` (one step per batch).
The per-batch loss is smoothed with a bias-corrected exponential moving average;
the test stops once the smoothed loss exceeds ``stop_factor`` times its minimum.
Suggested rate: where the smoothed loss falls fastest per decade of learning
rate (steepest descent, before the minimum). The older rule of thumb, a tenth of
the rate at the minimum, is reported too. A short check run at the suggested
rate shows that it trains.
"""

DEMO = {
    "name": "range_test",
    "title": "Learning-rate range test",
    "description": "One run with an exponentially increasing learning rate, and the rate it suggests.",
    "dataset": "digits-binary",
    "seed": 0,
    "params": {
        "full": {"min_learning_rate": 0.0001, "max_learning_rate": 10.0, "steps": 200, "batch_size": 32,
                 "smoothing": 0.9, "stop_factor": 4.0, "check_epochs": 10},
        "quick": {"min_learning_rate": 0.0001, "max_learning_rate": 10.0, "steps": 100, "batch_size": 32,
                  "smoothing": 0.9, "stop_factor": 4.0, "check_epochs": 4},
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
    import numpy as np
    import tensorflow as tf

    from training_demos.results import finite, table
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
    metrics = {
        **found,
        "stopped_at_learning_rate": lrs[len(smooth) - 1],
        "steps_run": len(smooth),
        "steps_planned": n,
        "min_learning_rate": lrs[0],
        "max_learning_rate": lrs[-1],
        "check": {"learning_rate": found["suggested_learning_rate"], "epochs": params["check_epochs"],
                  "final_loss": checked.final("loss"), "val_accuracy": checked.final("val_accuracy")},
    }
    rows = [["suggested rate (steepest descent)", found["suggested_learning_rate"]],
            ["rate at minimum smoothed loss", found["min_loss_learning_rate"]],
            ["a tenth of that (older rule of thumb)", found["min_loss_tenth_learning_rate"]],
            ["test stopped at rate", metrics["stopped_at_learning_rate"]],
            [f"validation accuracy after {params['check_epochs']} epochs at the suggested rate",
             finite(checked.final("val_accuracy"))]]
    return {
        "metrics": metrics,
        "histories": {"learning_rate": lrs[: len(smooth)], "loss": raw, "smoothed_loss": smooth,
                      "check": checked.history},
        "table": table(["quantity", "value"], rows),
        "figures": {"loss_vs_lr": _figure(lrs[: len(smooth)], raw, smooth, metrics, data.source)},
    }


def _figure(lrs, raw, smooth, m, source):
    from training_demos.plotting import lr_axis, new_figure, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure(6.0, 3.4)
    ax.plot(lrs, raw, color="tab:blue", alpha=0.25, linewidth=0.8, label="loss per batch")
    ax.plot(lrs, smooth, color="tab:blue", label="smoothed loss")
    ax.axvline(m["min_loss_learning_rate"], color="tab:red", linestyle="--", linewidth=1,
               label=f"minimum at {m['min_loss_learning_rate']:.3g}")
    ax.axvline(m["suggested_learning_rate"], color="tab:green", linewidth=1.5,
               label=f"suggested (steepest) {m['suggested_learning_rate']:.3g}")
    ax.axvline(m["min_loss_tenth_learning_rate"], color="tab:orange", linestyle=":", linewidth=1.5,
               label=f"minimum / 10 = {m['min_loss_tenth_learning_rate']:.3g}")
    lr_axis(ax)
    ax.set(ylabel="training loss", title=f"Range test, SGD on {source}",
           ylim=(0, max(smooth) * 1.3 if smooth else 1))
    ax.legend(fontsize=7)
    alt = (f"Training loss against a learning rate rising from {lrs[0]:.3g} to {lrs[-1]:.3g} (log axis) over "
           f"{m['steps_run']} steps. The smoothed loss starts at "
           f"{fmt(m['initial_smoothed_loss'])}, falls fastest near {m['steepest_learning_rate']:.3g}, reaches its minimum {fmt(m['min_smoothed_loss'])} at "
           f"{m['min_loss_learning_rate']:.3g}, then rises again as training becomes unstable. Suggested rate "
           f"(steepest descent): {m['suggested_learning_rate']:.3g}; a tenth of the minimum: "
           f"{m['min_loss_tenth_learning_rate']:.3g}.")
    return to_svg(fig, alt)
