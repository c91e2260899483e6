"""Check and normalise what a demo's ``run()`` returns, inside the worker.

A result is a dict with ``metrics`` (dict), ``histories`` (dict), ``table``
(``{"columns": [...], "rows": [[...]]}``) and ``figures`` (key -> ``{"svg",
"alt"}``). Values are made JSON-safe: NumPy scalars and arrays become numbers
and lists, tuples become lists, number keys become strings, and NaN or
infinity become ``None`` (a diverged run is a result, not an error).
"""

from __future__ import annotations

import math
import re

FIGURE_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PARTS = ("metrics", "histories", "table", "figures")


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


def check_result(output) -> dict:
    """The normalised result, or :class:`InvalidResult` with a precise message."""
    if not isinstance(output, dict):
        raise InvalidResult(f"run() must return a dict, not {type(output).__name__}")
    missing = [p for p in PARTS if p not in output]
    if missing:
        raise InvalidResult(f"the returned dict has no {', '.join(repr(m) for m in missing)}")
    extra = sorted(set(output) - set(PARTS))
    if extra:
        raise InvalidResult(f"the returned dict has unknown keys {', '.join(repr(e) for e in extra)}")
    for part in ("metrics", "histories", "figures"):
        if not isinstance(output[part], dict):
            raise InvalidResult(f"{part} must be a dict, not {type(output[part]).__name__}")
    result = {part: to_json(output[part], part) for part in ("metrics", "histories")}
    result["table"] = _check_table(output["table"])
    result["figures"] = {}
    for key, figure in output["figures"].items():
        if not isinstance(key, str) or not FIGURE_KEY.match(key):
            raise InvalidResult(f"figure key {key!r} must be lowercase letters, digits, '_' or '-'")
        if not isinstance(figure, dict) or not isinstance(figure.get("svg"), str) or "<svg" not in figure["svg"]:
            raise InvalidResult(f"figures[{key!r}] must be a dict with 'svg' text")
        alt = figure.get("alt")
        if not isinstance(alt, str) or not alt.strip():
            raise InvalidResult(f"figures[{key!r}] has no 'alt' text")
        result["figures"][key] = {"svg": figure["svg"], "alt": " ".join(alt.split())}
    return result


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
