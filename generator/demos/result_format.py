"""Check and normalise what a demo returns, inside the worker.

``run(params, ctx)`` returns one seed's ``{"metrics": {...}, "histories": {...}}``.
``summarize(pooled, params, ctx)`` returns ``table`` (``{"columns": [...], "rows":
[[...]]}``), ``figures`` (key -> ``{"svg", "alt"}``) and optionally ``metrics``
(labels and other values derived from the pooled numbers) and ``intervals``
(interval records it computed itself). :func:`combine` makes the stored result:
``seeds``, ``metrics`` (the seeds' means, then the summary's metrics),
``intervals``, ``histories`` by seed, ``table`` and ``figures``; every interval
record must cover exactly the seeds that ran. Values are made JSON-safe: NumPy scalars and arrays become numbers
and lists, tuples become lists, number keys become strings, and NaN or
infinity become ``None`` (a diverged run is a result, not an error).
"""

from __future__ import annotations

import math
import re

FIGURE_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SEED_PARTS = ("metrics", "histories")
SUMMARY_PARTS = ("table", "figures")
SUMMARY_OPTIONAL = ("metrics", "intervals")


class InvalidResult(ValueError):
    """``run()`` returned something the cache and the templates cannot use."""


def to_json(value, where: str):
    """A JSON-safe copy of ``value``; raises :class:`InvalidResult` naming the bad place."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, bool) or not isinstance(key, (str, int, float)):
                raise InvalidResult(f"{where} has a key of type {type(key).__name__}; use strings")
            name = key if isinstance(key, str) else repr(float(key)) if isinstance(key, float) else str(key)
            out[name] = to_json(item, f"{where}[{name!r}]")
        return out
    if isinstance(value, (list, tuple)):
        return [to_json(item, f"{where}[{i}]") for i, item in enumerate(value)]
    tolist = getattr(value, "tolist", None)           # NumPy scalars and arrays, without importing NumPy
    if callable(tolist):
        return to_json(tolist(), where)
    raise InvalidResult(f"{where} is a {type(value).__name__}, which cannot be stored as JSON")


def _check_parts(output, required: tuple, optional: tuple, who: str) -> None:
    if not isinstance(output, dict):
        raise InvalidResult(f"{who} must return a dict, not {type(output).__name__}")
    missing = [p for p in required if p not in output]
    if missing:
        raise InvalidResult(f"{who} returned a dict with no {', '.join(repr(m) for m in missing)}")
    extra = sorted(set(output) - set(required) - set(optional))
    if extra:
        raise InvalidResult(f"{who} returned unknown keys {', '.join(repr(e) for e in extra)}")
    for part in ("metrics", "histories", "figures", "intervals"):
        if part in output and not isinstance(output[part], dict):
            raise InvalidResult(f"{who}: {part} must be a dict, not {type(output[part]).__name__}")


def check_seed_result(output, seed: int) -> dict:
    """One seed's normalised ``{"seed", "metrics", "histories"}``."""
    _check_parts(output, SEED_PARTS, (), f"run() for seed {seed}")
    return {"seed": seed, **{part: to_json(output[part], part) for part in SEED_PARTS}}


def combine(pooled, summary) -> dict:
    """The stored result of a demo: the pooled seeds and what ``summarize()`` returned."""
    _check_parts(summary, SUMMARY_PARTS, SUMMARY_OPTIONAL, "summarize()")
    metrics = _merge(pooled.means, to_json(summary.get("metrics", {}), "metrics"))
    intervals = _merge(pooled.intervals, to_json(summary.get("intervals", {}), "intervals"))
    _check_intervals(intervals, pooled.seeds, "intervals")
    result = {"seeds": list(pooled.seeds), "metrics": metrics, "intervals": intervals,
              "histories": {str(r["seed"]): r["histories"] for r in pooled.runs},
              "table": _check_table(summary["table"]), "figures": {}}
    for key, figure in summary["figures"].items():
        if not isinstance(key, str) or not FIGURE_KEY.match(key):
            raise InvalidResult(f"figure key {key!r} must be lowercase letters, digits, '_' or '-'")
        if not isinstance(figure, dict) or not isinstance(figure.get("svg"), str) or "<svg" not in figure["svg"]:
            raise InvalidResult(f"figures[{key!r}] must be a dict with 'svg' text")
        alt = figure.get("alt")
        if not isinstance(alt, str) or not alt.strip():
            raise InvalidResult(f"figures[{key!r}] has no 'alt' text")
        caption = figure.get("caption", alt)
        if not isinstance(caption, str) or not caption.strip():
            raise InvalidResult(f"figures[{key!r}] has an empty 'caption'")
        result["figures"][key] = {"svg": figure["svg"], "alt": " ".join(alt.split()),
                                  "caption": " ".join(caption.split())}
    return result


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def _check_intervals(tree, seeds: list, where: str) -> None:
    from generator.demos.seed_stats import is_interval

    if is_interval(tree):
        if list(tree["seeds"]) != list(seeds) or len(tree["values"]) != len(seeds):
            raise InvalidResult(f"{where} has {len(tree['values'])} per-seed values (seeds {tree['seeds']}), "
                                f"but the demo ran {len(seeds)} seeds ({', '.join(map(str, seeds))})")
    elif isinstance(tree, dict):
        for key, value in tree.items():
            _check_intervals(value, seeds, f"{where}[{key!r}]")
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            _check_intervals(value, seeds, f"{where}[{i}]")
    elif tree is not None:
        raise InvalidResult(f"{where} is not an interval record; make one with pooled.interval_of(values)")


def _check_table(table) -> dict:
    if not isinstance(table, dict) or set(table) != {"columns", "rows"}:
        raise InvalidResult("table must be a dict with exactly 'columns' and 'rows'")
    columns, rows = table["columns"], table["rows"]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise InvalidResult("table['columns'] must be a list of strings")
    if not isinstance(rows, list):
        raise InvalidResult("table['rows'] must be a list of lists")
    for i, row in enumerate(rows):
        if not isinstance(row, (list, tuple)) or len(row) != len(columns):
            raise InvalidResult(f"table['rows'][{i}] must be a list of {len(columns)} cells")
    return {"columns": list(columns), "rows": to_json(rows, "table['rows']")}
