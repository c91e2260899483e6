"""Small helpers that shape demo results: LR keys, NaN-safe numbers, tables.

Metrics are keyed by learning rate as ``repr(float(lr))`` ("0.0001", "0.1",
"3.0"), so an entry can write ``demos.lr_sweep.metrics.final_loss["3.0"]``.
Non-finite numbers become ``None``: a diverged run is a result, not a crash.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def lr_key(learning_rate: float) -> str:
    """The string key of a learning rate: ``0.1 -> "0.1"``, ``3 -> "3.0"``, ``1e-4 -> "0.0001"``."""
    return repr(float(learning_rate))


def finite(value) -> float | None:
    """``float(value)``, or None when it is NaN, infinite or missing."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def rounded(value, digits: int = 4) -> float | None:
    """Round to ``digits`` significant digits for tables; None stays None."""
    value = finite(value)
    if value is None or value == 0:
        return value
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def fmt(value, digits: int = 3, missing: str = "diverged") -> str:
    """A number as short text for alt texts and tables (``None`` -> ``missing``)."""
    value = finite(value)
    return missing if value is None else f"{value:.{digits}g}"


def pm(record: dict | None, digits: int = 3, scale: float = 1.0, missing: str = "diverged") -> str:
    """An interval record as table text: ``"0.912 ± 0.015"`` (``scale=100`` for percentages)."""
    if not record or record.get("mean") is None:
        n, bad = (record or {}).get("n"), (record or {}).get("non_finite")
        return f"{missing} ({bad} of {n} seeds)" if n and bad else missing
    mean, half = record["mean"] * scale, (record["high"] - record["mean"]) * scale
    return f"{mean:.{digits}g} ± {half:.2g}"


def pct_pm(record: dict | None) -> str:
    """An accuracy interval as ``"91.2% ± 1.5"`` (percentage points)."""
    if not record or record.get("mean") is None:
        return pm(record)
    return f"{100 * record['mean']:.1f}% ± {100 * (record['high'] - record['mean']):.1f}"


def table(columns: Iterable[str], rows: Iterable[Iterable]) -> dict:
    """``{"columns": [...], "rows": [[...]]}``, numbers rounded to 4 significant digits."""
    cols = list(columns)
    out = []
    for row in rows:
        cells = [rounded(c) if isinstance(c, float) else c for c in row]
        if len(cells) != len(cols):
            raise ValueError(f"table row has {len(cells)} cells, expected {len(cols)}: {cells}")
        out.append(cells)
    return {"columns": cols, "rows": out}


def argbest(items: dict, key) -> str | None:
    """The dict key whose value scores highest by ``key`` (None values skipped; first wins ties)."""
    best, best_score = None, None
    for k, v in items.items():
        score = key(v)
        if score is not None and (best_score is None or score > best_score):
            best, best_score = k, score
    return best


def pct(value, missing: str = "diverged") -> str:
    """An accuracy as ``"91.2%"``."""
    value = finite(value)
    return missing if value is None else f"{100 * value:.1f}%"
