"""Claims judged on the seeds: "A is lower than B", "A is higher than B", "A lies between x and y".

A claim names results by path (``demos.lr_sweep.final_val_loss["0.1"]``); each
path must lead to a number measured on every seed, so it has an interval
record (:mod:`generator.demos.seed_stats`). Two results of one demo, measured
on the same seeds, are compared seed by seed: the claim holds when the 95%
interval of their paired difference lies wholly on the claimed side of zero.
Results of different demos must have intervals that do not overlap. A claim
against a plain number, or a range, holds when the whole interval is on the
claimed side, or inside the range. A claim that holds on the means but not
across the seeds fails, and says so with both intervals.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.demos.lookup import parse_path
from generator.demos.seed_stats import describe, is_interval, paired_difference


class ClaimProblem(Exception):
    """The claim cannot be judged (unknown result, no interval): the message says why."""


def _record(results: Mapping[str, Any], path: str) -> tuple[str, dict]:
    """``(demo name, interval record)`` at a result path."""
    try:
        parts = parse_path(path)
    except ValueError as exc:
        raise ClaimProblem(str(exc)) from None
    name, rest = str(parts[0]), parts[1:]
    if name not in results:
        raise ClaimProblem(f"there is no demo named '{name}'; demos: {', '.join(sorted(results)) or 'none'}")
    if rest[:1] == ["intervals"]:
        rest = rest[1:]
    if rest[:1] == ["metrics"]:
        rest = rest[1:]
    node: Any = getattr(results[name], "intervals", {}) or {}
    walked = f"demos.{name}"
    for part in rest:
        key = part if not isinstance(node, Mapping) or part in node else str(part)
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
            node = node[part]
        else:
            raise ClaimProblem(_missing(results[name], name, rest, walked, part, node))
        walked += f"[{part!r}]" if not (isinstance(part, str) and part.isidentifier()) else f".{part}"
    if not is_interval(node):
        raise ClaimProblem(f"{walked} is a group of results, not one result; name one of: "
                           f"{', '.join(map(str, list(node)[:20])) if isinstance(node, Mapping) else 'its items'}")
    return name, node


def _missing(result: Any, name: str, rest: list, walked: str, part: Any, node: Any) -> str:
    metrics: Any = getattr(result, "metrics", {}) or {}
    for step in rest:
        if isinstance(metrics, Mapping) and (step in metrics or str(step) in metrics):
            metrics = metrics[step if step in metrics else str(step)]
        else:
            metrics = None
            break
    if metrics is not None:
        return (f"demos.{name} result {'.'.join(map(str, rest))} has no interval: it is not a number measured "
                f"on each seed ({metrics!r}); state it with 'expect:'")
    known = ", ".join(map(str, list(node)[:30])) if isinstance(node, Mapping) else "none"
    return f"{walked} has no result '{part}'; it has: {known}"


def _side(value: float, bound: float, lower: bool) -> bool:
    return value < bound if lower else value > bound


def judge(claim: Any, results: Mapping[str, Any]) -> tuple[bool, str]:
    """``(holds, the numbers it was judged on)``; raises :class:`ClaimProblem` when it cannot be judged."""
    if claim.between is not None:
        name, record = _record(results, claim.value)
        lo, hi = claim.between
        text = f"{claim.value} = {describe(record)}"
        if record["mean"] is None:
            return False, text
        holds = lo <= record["low"] and record["high"] <= hi
        if not holds and lo <= record["mean"] <= hi:
            text += f"; the mean is in [{lo:g}, {hi:g}] but the interval is not: the seeds do not support it"
        return holds, text
    lower = claim.lower is not None
    a_path = claim.lower if lower else claim.higher
    word = "lower" if lower else "higher"
    a_name, a = _record(results, a_path)
    a_text = f"{a_path} = {describe(a)}"
    if a["mean"] is None:
        return False, a_text
    if isinstance(claim.than, (int, float)):
        bound = float(claim.than)
        holds = _side(a["high" if lower else "low"], bound, lower)
        text = f"{a_text}, against {bound:g}"
        if not holds and _side(a["mean"], bound, lower):
            text += f"; the mean is {word} but the interval reaches past {bound:g}: the seeds do not support it"
        return holds, text
    b_name, b = _record(results, claim.than)
    text = f"{a_text}; {claim.than} = {describe(b)}"
    if b["mean"] is None:
        return False, text
    means_hold = _side(a["mean"], b["mean"], lower)
    if a_name == b_name and a["seeds"] == b["seeds"]:
        diff = paired_difference(a, b)
        holds = diff["mean"] is not None and _side(diff["high" if lower else "low"], 0.0, lower)
        text += f"; paired difference over the same seeds {describe(diff)}"
        if not holds and means_hold:
            text += " includes 0: it holds on the means but not across the seeds"
        return holds, text
    holds = _side(a["high" if lower else "low"], b["low" if lower else "high"], lower)
    if not holds and means_hold:
        text += "; the intervals overlap: it holds on the means but not across the seeds"
    return holds, text
