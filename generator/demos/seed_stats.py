"""Results over several seeds: per-seed values, their mean and a 95% confidence interval.

A demo's ``run(params, ctx)`` measures one seed. :func:`pool` lines up the
per-seed ``metrics`` trees: every number becomes its mean across the seeds
(in ``means``) and an interval record (in ``intervals``, at the same path)::

    {"mean": 0.93, "low": 0.91, "high": 0.95, "sd": 0.016, "n": 5, "values": [...], "seeds": [...]}

The interval is the mean ± t(0.975, n − 1) · sd / √n (Student's t, the usual
interval for a mean of a few independent runs). A value that was not finite in
some seed (a diverged run, stored as ``None``) makes the mean ``None`` and the
interval empty (``low``/``high`` ``None``, ``non_finite`` counting those seeds).
A yes/no result that differs between seeds becomes the share of seeds where
it was true. Text and other values must agree across seeds: a demo derives
labels from the pooled numbers in ``summarize()``.

:func:`paired_difference` gives the interval of the per-seed differences of two
results measured on the same seeds, which is how two arms of one demo are
compared (they share initial weights, data order and split in each seed).
Nothing here imports anything heavy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Two-sided 95% quantiles of Student's t, t(0.975, df), df = 1..30; beyond 30 the normal 1.96 is within 4%.
T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042)
INTERVAL_KEYS = ("mean", "low", "high", "sd", "n", "values", "seeds")


class SeedMismatch(ValueError):
    """Per-seed results that cannot be pooled: different shapes, or text that differs between seeds."""


def t_quantile(df: int) -> float:
    """t(0.975, df): the half-width factor of a 95% interval from ``df + 1`` values."""
    if df < 1:
        raise ValueError("an interval needs at least two values")
    return T_975[df - 1] if df <= len(T_975) else 1.96


def _number(value) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def interval(values: Sequence[float | None], seeds: Sequence[int]) -> dict:
    """The interval record of one result measured on ``seeds`` (``values[i]`` is seed ``seeds[i]``)."""
    values, seeds = list(values), list(seeds)
    if len(values) != len(seeds):
        raise SeedMismatch(f"{len(values)} values for {len(seeds)} seeds")
    record = {"mean": None, "low": None, "high": None, "sd": None, "n": len(values), "values": values,
              "seeds": seeds}
    bad = sum(v is None or not math.isfinite(v) for v in values)
    if bad:
        record["non_finite"] = bad
        return record
    n = len(values)
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    half = t_quantile(n - 1) * sd / math.sqrt(n) if n > 1 else 0.0
    record.update(mean=mean, low=mean - half, high=mean + half, sd=sd)
    return record


def is_interval(value) -> bool:
    """True for an interval record made by :func:`interval`."""
    return isinstance(value, dict) and all(k in value for k in INTERVAL_KEYS)


def paired_difference(a: dict, b: dict) -> dict:
    """Interval of ``a - b`` seed by seed; both must be interval records over the same seeds."""
    if a["seeds"] != b["seeds"]:
        raise SeedMismatch(f"the results were measured on different seeds ({a['seeds']} and {b['seeds']})")
    diffs = [None if x is None or y is None else x - y for x, y in zip(a["values"], b["values"])]
    return interval(diffs, a["seeds"])


def pool(per_seed: Sequence[dict], seeds: Sequence[int], where: str = "metrics") -> tuple[dict, dict]:
    """``(means, intervals)`` of the per-seed metric trees; raises :class:`SeedMismatch` naming the path."""
    if len(per_seed) != len(seeds) or not per_seed:
        raise SeedMismatch(f"{len(per_seed)} results for {len(seeds)} seeds")
    return _pool(list(per_seed), list(seeds), where)


def _pool(items: list, seeds: list[int], where: str):
    first = items[0]
    if isinstance(first, dict):
        if any(not isinstance(x, dict) or list(x) != list(first) for x in items):
            raise SeedMismatch(f"{where} has different keys in different seeds")
        means, intervals = {}, {}
        for key in first:
            m, i = _pool([x[key] for x in items], seeds, f"{where}[{key!r}]")
            means[key] = m
            if i is not None:
                intervals[key] = i
        return means, intervals
    if isinstance(first, list):
        if any(not isinstance(x, list) or len(x) != len(first) for x in items):
            raise SeedMismatch(f"{where} has different lengths in different seeds")
        pooled = [_pool([x[i] for x in items], seeds, f"{where}[{i}]") for i in range(len(first))]
        means = [m for m, _ in pooled]
        has = any(i is not None for _, i in pooled)
        return means, ([i for _, i in pooled] if has else None)
    if all(_number(x) for x in items):             # None: not finite in that seed
        record = interval([None if x is None else float(x) for x in items], seeds)
        same = all(x == first for x in items) and first is not None
        return (first if same else record["mean"]), record
    if all(isinstance(x, bool) for x in items):
        return (first if all(x == first for x in items) else sum(items) / len(items)), None
    if any(x != first for x in items):
        shown = ", ".join(f"seed {s}: {x!r}" for s, x in zip(seeds, items))
        raise SeedMismatch(f"{where} differs between seeds ({shown}); only numbers may vary: "
                           f"derive labels from the pooled numbers in summarize()")
    return first, None


def describe(record: dict, digits: int = 3) -> str:
    """``"0.912 (95% CI 0.897 to 0.927, 5 seeds)"``; a non-finite record says how many seeds failed."""
    n = record.get("n", 0)
    if record.get("mean") is None:
        return f"not finite in {record.get('non_finite', n)} of {n} seeds"
    mean, low, high = (f"{record[k]:.{digits}g}" for k in ("mean", "low", "high"))
    return f"{mean} (95% CI {low} to {high}, {n} seeds)"


class Pooled:
    """What a demo's ``summarize(pooled, params, ctx)`` receives.

    ``seeds``; ``runs``: per seed ``{"seed", "metrics", "histories"}``; ``means`` and ``intervals``:
    the pooled metric trees (see :func:`pool`)."""

    def __init__(self, seeds: list[int], runs: list[dict], means: dict, intervals: dict):
        self.seeds, self.runs, self.means, self.intervals = seeds, runs, means, intervals

    @classmethod
    def of(cls, runs: list[dict], seeds: Sequence[int]) -> Pooled:
        means, intervals = pool([r["metrics"] for r in runs], seeds)
        return cls(list(seeds), list(runs), means, intervals)

    def values(self, *path) -> list:
        """One metric's per-seed values: ``pooled.values("final_loss", "0.1")``."""
        out = []
        for run in self.runs:
            value = run["metrics"]
            for key in path:
                value = value[key]
            out.append(value)
        return out

    def interval_of(self, values: Sequence[float | None]) -> dict:
        """The interval record of per-seed values computed in ``summarize()`` (one per seed, in order)."""
        return interval(values, self.seeds)

    def difference(self, a: dict, b: dict) -> dict:
        """The interval of ``a - b`` seed by seed (see :func:`paired_difference`)."""
        return paired_difference(a, b)
