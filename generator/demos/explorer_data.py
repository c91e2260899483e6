"""What the learning-rate explorer shows of a demo's cached result, read once per build.

Two kinds of demo can be explored. A *run* demo's histories hold, per seed, the per-epoch
curves of each learning rate (``histories[seed][rate]``) or of each learning rate of each
optimizer or schedule (``histories[seed][group][rate]``). The *quadratic* demo's metrics hold
the eigenvalues of its bowl, from which the browser computes gradient descent exactly. The
site publishes :func:`run_data` as a JSON asset (:func:`data_asset`); the same numbers make the
server-rendered table, so the explorer reads without JavaScript.
"""

from __future__ import annotations

import math
from typing import Any

from generator.demos.lookup import ResultLookupError

CURVES = ("loss", "val_loss", "accuracy", "val_accuracy")  # the per-epoch series the explorer draws
GROUP_KINDS = {"optimizers": "optimizer", "schedules": "schedule"}  # metrics list -> URL and control name


def data_asset(name: str, key: str) -> str:
    """Site path of a demo's explorer data: named by its cache key, so a new run is a new file."""
    return f"assets/demos/{name}/explorer-{str(key)[:12]}.json"


def kind_of(result: Any) -> str | None:
    """'quad', 'runs', or None when the demo holds nothing the explorer can show."""
    metrics = result.metrics or {}
    if isinstance(metrics.get("eigenvalues"), list) and metrics.get("lambda_max"):
        return "quad"
    return "runs" if _layout(result) is not None else None


def explorable(results: dict[str, Any]) -> list[str]:
    """The names of the demos an explorer can show, sorted."""
    return sorted(name for name, result in results.items() if kind_of(result))


def _layout(result: Any) -> tuple[str | None, list[str], list[str]] | None:
    """(group kind or None, group keys, rate keys) of a run demo's histories, or None if they are not curves."""
    histories, metrics = result.histories or {}, result.metrics or {}
    seeds = [str(s) for s in result.seeds] or list(histories)
    if not seeds or not all(isinstance(histories.get(s), dict) for s in seeds):
        return None
    first = histories[seeds[0]]
    for listing, kind in GROUP_KINDS.items():
        groups = metrics.get(listing)
        if isinstance(groups, list) and groups and all(isinstance(first.get(g), dict) for g in groups):
            rates = [k for k in first[groups[0]] if _is_curves(first[groups[0]][k]) and _is_rate(k)]
            return (kind, [str(g) for g in groups], rates) if rates else None
    rates = [k for k in first if _is_curves(first[k]) and _is_rate(k)]
    return (None, [""], rates) if rates else None


def _is_curves(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(c), list) for c in CURVES)


def _is_rate(key: str) -> bool:
    try:
        return float(key) > 0
    except ValueError:
        return False


def _number(value: Any) -> float | None:
    """A value for JSON: 6 significant digits; NaN and infinities become null (a diverged run)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return None
    return float(f"{value:.6g}")


def run_data(name: str, result: Any) -> dict[str, Any]:
    """Everything the run explorer's script needs: rates, seeds, groups, curves and labels."""
    layout = _layout(result)
    if layout is None:
        raise ResultLookupError(f"demo '{name}' has no learning-rate curves to explore")
    kind, groups, rates = layout
    seeds = [str(s) for s in result.seeds] or list(result.histories)
    titles = (result.metrics or {}).get("titles") or {}
    curves: dict[str, Any] = {}
    for g in groups:
        curves[g] = {r: [{c: [_number(v) for v in (result.histories[s][g] if g else result.histories[s])[r][c]]
                          for c in CURVES} for s in seeds] for r in rates}
    return {"demo": name, "title": result.title, "group": kind, "groups": groups,
            "groupTitles": [str(titles.get(g, g)) for g in groups], "rates": rates, "seeds": seeds,
            "curves": curves, "labels": {g: {r: labels(result, g, r, len(seeds)) for r in rates} for g in groups}}


def labels(result: Any, group: str, rate: str, n_seeds: int) -> list[str]:
    """Each seed's label at one rate: the demo's own labels where it has them, else 'diverged' where it says so."""
    metrics = result.metrics or {}
    found = metrics.get("labels")
    found = found.get(group, {}) if group and isinstance(found, dict) else found
    if isinstance(found, dict) and isinstance(found.get(rate), list) and len(found[rate]) == n_seeds:
        return [str(v) for v in found[rate]]
    diverged = metrics.get("diverged") or {}
    diverged = diverged.get(group, {}) if group else diverged
    flag = diverged.get(rate) if isinstance(diverged, dict) else None
    return ["diverged" if flag is True else "" for _ in range(n_seeds)]


def rows(data: dict[str, Any]) -> list[list[Any]]:
    """The table view: group title, rate, seed, final training loss, validation loss and accuracy, label."""
    out = []
    for g, title in zip(data["groups"], data["groupTitles"]):
        for r in data["rates"]:
            for i, seed in enumerate(data["seeds"]):
                c = data["curves"][g][r][i]
                out.append([title, r, seed, _last(c["loss"]), _last(c["val_loss"]), _last(c["val_accuracy"]),
                            data["labels"][g][r][i]])
    return out


def _last(values: list) -> float | None:
    return values[-1] if values else None


def heavy_ball_rate(eta: float, beta: float, eigenvalues: list[float]) -> float:
    """The rate of convergence of gradient descent with heavy-ball momentum on a quadratic: the largest
    spectral radius of [[1 + β − ηλ, −β], [1, 0]] over the eigenvalues λ (without momentum, max |1 − ηλ|)."""
    worst = 0.0
    for lam in eigenvalues:
        a = 1 + beta - eta * lam
        disc = a * a - 4 * beta
        radius = max(abs(a + math.sqrt(disc)), abs(a - math.sqrt(disc))) / 2 if disc >= 0 else math.sqrt(beta)
        worst = max(worst, radius)
    return worst
