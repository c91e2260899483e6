"""Deterministic SVG figures with matplotlib (Agg backend).

The same data always give byte-identical SVG: a fixed ``svg.hashsalt`` (clip
path and glyph ids), no date in the metadata, and text drawn as paths
(``svg.fonttype = "path"``) with matplotlib's bundled DejaVu Sans, so no system
font is looked up. Use :func:`new_figure` and :func:`to_svg`; every figure a
demo returns is ``{"svg": text, "alt": short description, "caption": what it
shows, with the numbers}``, both written from the results. :func:`seed_band`
draws a result measured on several seeds: the mean and the range of the seeds.
"""

from __future__ import annotations

STYLE = {
    "svg.hashsalt": "kb-training-demos",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "figure.dpi": 100,
}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(STYLE)
    return plt


def new_figure(width: float = 6.0, height: float = 3.6, ncols: int = 1):
    """``(fig, axes)`` in the demo style."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained")
    return fig, axes


def to_svg(fig, alt: str, caption: str | None = None) -> dict:
    """``{"svg": ..., "alt": ..., "caption": ...}`` for a figure, which is then closed."""
    import io

    plt = _pyplot()
    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    return {"svg": buffer.getvalue(), "alt": " ".join(alt.split()), "caption": " ".join((caption or alt).split())}


def lr_axis(ax, label: str = "learning rate") -> None:
    """A log-scaled learning-rate x axis."""
    ax.set_xscale("log")
    ax.set_xlabel(label)


def epoch_axis(ax, label: str = "epoch") -> None:
    """An x axis of whole epochs."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(label)


def plot_series(ax, values, **kwargs):
    """Plot a list that may hold None (diverged epochs) against 1-based epochs, on a whole-epoch axis."""
    epoch_axis(ax)
    xs = [i + 1 for i, v in enumerate(values) if v is not None]
    ys = [v for v in values if v is not None]
    return ax.plot(xs, ys, **kwargs)


def seed_band(ax, series: list[list], label: str, color=None, xs=None, **kwargs):
    """One result on several seeds: the mean line and a band from the lowest to the highest seed.

    ``series`` holds one list per seed (None where a seed had no finite value); ``xs`` defaults to
    1-based epochs. Points where some seed is missing are left out of the line and the band."""
    xs = list(xs) if xs is not None else [i + 1 for i in range(max(len(s) for s in series))]
    if xs and xs[0] == 1 and all(isinstance(x, int) for x in xs):
        epoch_axis(ax)
    points = [(x, [s[i] if i < len(s) else None for s in series]) for i, x in enumerate(xs)]
    points = [(x, vals) for x, vals in points if all(v is not None for v in vals)]
    if not points:
        return None
    px = [x for x, _ in points]
    mean = [sum(v) / len(v) for _, v in points]
    (line,) = ax.plot(px, mean, label=label, color=color, **kwargs)
    ax.fill_between(px, [min(v) for _, v in points], [max(v) for _, v in points], color=line.get_color(),
                    alpha=0.18, linewidth=0)
    return line
