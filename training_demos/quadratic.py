"""Gradient descent on a quadratic bowl f(x) = 1/2 x^T A x: theory vs measurement of the divergence threshold.

A has known eigenvalues (a random rotation of a diagonal matrix). Along the
eigenvector of eigenvalue lambda, one gradient step multiplies the error by
(1 - eta * lambda), so descent diverges exactly when eta > 2 / lambda_max.
TensorFlow computes the gradients (``GradientTape``, float64); the threshold is
measured by bisection on "f after ``steps`` steps exceeds f at the start".
Each seed draws another rotation; the start point has a unit component along
every eigenvector, so theory predicts the same numbers for every seed, and the
intervals show how closely float64 arithmetic agrees.
"""

DEMO = {
    "name": "quadratic",
    "title": "Gradient descent on a quadratic bowl",
    "description": "Where theory says gradient descent diverges (2 / largest eigenvalue), and where it does.",
    "dataset": "quadratic",
    "seeds": {"full": [0, 1, 2, 3, 4], "quick": [0, 1]},
    "params": {
        "full": {"eigenvalues": [0.5, 1.0, 2.0, 4.0, 10.0], "steps": 200, "bisection_iterations": 30,
                 "scan_points": 41, "trajectory_ratios": [0.5, 0.9, 0.99, 1.01, 1.1]},
        "quick": {"eigenvalues": [0.5, 1.0, 2.0, 4.0, 10.0], "steps": 100, "bisection_iterations": 20,
                  "scan_points": 21, "trajectory_ratios": [0.5, 0.9, 0.99, 1.01, 1.1]},
    },
}


def make_problem(eigenvalues, seed: int):
    """``(A, x0)``: A = Q diag(eigenvalues) Q^T with a random orthogonal Q; x0 has a unit component
    along every eigenvector."""
    import numpy as np

    rng = np.random.RandomState(seed)
    q, r = np.linalg.qr(rng.normal(size=(len(eigenvalues), len(eigenvalues))))
    q = q * np.sign(np.diag(r))
    a = q @ np.diag(eigenvalues) @ q.T
    return (a + a.T) / 2, q @ np.ones(len(eigenvalues))


def descent(a, x0, steps: int):
    """A compiled ``eta -> losses f(x_0..x_steps)`` running plain gradient descent with TensorFlow."""
    import tensorflow as tf

    a = tf.constant(a, tf.float64)
    x0 = tf.constant(x0, tf.float64)

    def f(x):
        return 0.5 * tf.tensordot(x, tf.linalg.matvec(a, x), 1)

    @tf.function
    def run(eta):
        x = x0
        losses = tf.TensorArray(tf.float64, size=steps + 1)
        losses = losses.write(0, f(x))
        for i in tf.range(steps):
            with tf.GradientTape() as tape:
                tape.watch(x)
                loss = f(x)
            x = x - eta * tape.gradient(loss, x)
            losses = losses.write(i + 1, f(x))
        return losses.stack()

    return lambda eta: run(tf.constant(float(eta), tf.float64)).numpy()


def diverges(losses) -> bool:
    import numpy as np

    return not np.isfinite(losses[-1]) or losses[-1] > losses[0]


def bisect(run, hi: float, iterations: int, ctx=None) -> float:
    """The smallest diverging eta in [0, hi], to within hi / 2**iterations."""
    lo = 0.0
    while not diverges(run(hi)):
        lo, hi = hi, hi * 2
    for i in range(iterations):
        mid = (lo + hi) / 2
        if diverges(run(mid)):
            hi = mid
        else:
            lo = mid
        if ctx is not None and i % 5 == 4:
            ctx.progress(f"bisection {i + 1}/{iterations} eta in [{lo:.6g}, {hi:.6g}]")
    return (lo + hi) / 2


def run(params: dict, ctx) -> dict:
    import numpy as np

    from training_demos.results import finite

    eig = sorted(float(v) for v in params["eigenvalues"])
    lam_min, lam_max = eig[0], eig[-1]
    theory = 2.0 / lam_max
    a, x0 = make_problem(eig, ctx.seed)
    gd = descent(a, x0, params["steps"])
    measured = bisect(gd, theory / 2, params["bisection_iterations"], ctx)

    ratios = np.linspace(0.1, 1.5, params["scan_points"])
    scan = {f"{r:.3f}": finite(gd(r * theory)[-1]) for r in ratios}
    trajectories = {f"{r:g}": [finite(v) for v in gd(r * theory)] for r in params["trajectory_ratios"]}
    kappa = lam_max / lam_min
    metrics = {
        "eigenvalues": eig,
        "lambda_max": lam_max,
        "lambda_min": lam_min,
        "condition_number": kappa,
        "theoretical_threshold": theory,
        "measured_threshold": measured,
        "relative_error": abs(measured - theory) / theory,
        "optimal_learning_rate": 2.0 / (lam_min + lam_max),
        "optimal_contraction": (kappa - 1) / (kappa + 1),
        "steps": params["steps"],
        "initial_loss": float(gd(0.0)[0]),
        "final_loss_by_ratio": {k: trajectories[k][-1] for k in trajectories},
    }
    return {
        "metrics": metrics,
        "histories": {"scan": {"ratio": [float(r) for r in ratios], "final_loss": list(scan.values())},
                      "trajectories": trajectories},
    }


def summarize(pooled, params: dict, ctx) -> dict:
    from training_demos.results import table

    m = pooled.means
    first = pooled.runs[0]["histories"]
    theory = m["theoretical_threshold"]
    rows = [[float(k), float(k) * theory, m["final_loss_by_ratio"][k], "diverges" if float(k) > 1 else "converges"]
            for k in m["final_loss_by_ratio"]]
    return {
        "table": table(["eta / (2 / lambda_max)", "learning rate eta", f"f after {params['steps']} steps",
                        "theory"], rows),
        "figures": {"threshold_scan": _scan_figure(first["scan"]["ratio"], first["scan"]["final_loss"], m),
                    "trajectories": _trajectory_figure(first["trajectories"], m)},
    }


def _scan_figure(ratios, finals, m):
    from training_demos.plotting import new_figure, to_svg

    fig, ax = new_figure(5.6, 3.4)
    etas = [r * m["theoretical_threshold"] for r in ratios]
    ax.plot([e for e, f in zip(etas, finals) if f is not None], [f for f in finals if f is not None], "o-",
            markersize=3)
    ax.axvline(m["theoretical_threshold"], color="tab:red", linestyle="--", label="theory: 2 / lambda_max")
    ax.axvline(m["measured_threshold"], color="tab:green", linestyle=":", label="measured")
    ax.axhline(m["initial_loss"], color="grey", linewidth=1, label="f at the start")
    ax.set(yscale="log", xlabel="learning rate eta", ylabel=f"f after {m['steps']} steps (log scale)",
           title=f"Quadratic bowl, eigenvalues {', '.join(f'{v:g}' for v in m['eigenvalues'])}")
    ax.legend(fontsize=7)
    alt = (f"Loss after {m['steps']} gradient-descent steps against the learning rate, log scale, with the "
           f"theoretical and measured divergence thresholds marked.")
    caption = (f"Loss after {m['steps']} gradient-descent steps (float64) against the learning rate, log scale, on a "
               f"quadratic with largest eigenvalue {m['lambda_max']:g}. The loss falls towards zero for small rates "
               f"and grows past the theoretical threshold 2/lambda_max = {m['theoretical_threshold']:.4g}; the "
               f"measured threshold is {m['measured_threshold']:.4g} ({100 * m['relative_error']:.2g}% from theory).")
    return to_svg(fig, alt, caption)


def _trajectory_figure(trajectories, m):
    from training_demos.plotting import new_figure, to_svg
    from training_demos.results import fmt

    fig, ax = new_figure(5.6, 3.4)
    for key, values in trajectories.items():
        ax.plot([i for i, v in enumerate(values) if v is not None], [v for v in values if v is not None],
                label=f"eta = {key} x threshold")
    ax.set(yscale="log", xlabel="step", ylabel="f(x) (log scale)", title="Loss per step near the threshold")
    ax.legend(fontsize=7)
    parts = "; ".join(f"{k} times the threshold ends at {fmt(v[-1])}" for k, v in trajectories.items())
    alt = "Loss per gradient-descent step, log scale, for five learning rates near the divergence threshold."
    caption = (f"Loss f(x) per gradient-descent step, log scale, for learning rates at fixed fractions of "
               f"2/lambda_max = {m['theoretical_threshold']:.4g}: {parts}. Below the threshold the loss decays, "
               f"above it it grows geometrically.")
    return to_svg(fig, alt, caption)
