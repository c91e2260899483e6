"""``kbgen demos show NAME``: every result key of a demo with its value, in the syntax answers and quizzes use.

Authors should never have to open the cache to learn what ``demos.lr_sweep...`` holds. Each
line is a path an answer can write between ``{{ }}`` (a quiz's ``from_demo`` takes the same path
without ``demos.``), its value, and what the answer would print. Long lists of numbers are
summarised; figures are listed as the ``figure()`` call that shows them.
"""

from __future__ import annotations

from typing import Any

from generator.demos.lookup import fmt, path_text
from generator.demos.seed_stats import describe as describe_interval
from generator.demos.seed_stats import is_interval

LONG_LIST = 8  # lists of numbers longer than this are summarised


def _value(value: Any) -> str:
    if value is None:
        return "nan"                     # no finite value (a diverged run, or none to report): answers read nan
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value) if isinstance(value, str) else str(value)


def _lines(value: Any, parts: list, out: list[str]) -> None:
    if isinstance(value, dict):
        for key in value:
            _lines(value[key], [*parts, key], out)
    elif isinstance(value, list) and len(value) > LONG_LIST and all(not isinstance(v, (dict, list)) for v in value):
        out.append(f"{path_text(parts)}[0] … [{len(value) - 1}]  = {len(value)} values, "
                   f"from {_value(value[0])} to {_value(value[-1])}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _lines(item, [*parts, i], out)
    else:
        shown = fmt(float("nan") if value is None else value)
        out.append(f"{path_text(parts)} = {_value(value)}" + (f"  (prints {shown})" if shown != _value(value) else ""))


def _interval_lines(value: Any, parts: list, out: list[str]) -> None:
    if is_interval(value):
        out.append(f"{path_text(parts)}: {describe_interval(value)}")
    elif isinstance(value, dict):
        for key in value:
            _interval_lines(value[key], [*parts, key], out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _interval_lines(item, [*parts, i], out)


def describe(result: Any) -> str:
    """The text ``demos show`` prints for one :class:`~generator.demos.suite.DemoResult`."""
    name = result.name
    out = [f"{name}: {result.title} (config '{result.config}', run {result.provenance.get('date', '?')})", "",
           "In an answer write {{ PATH }}; in a quiz, from_demo: PATH without 'demos.' (quoted in {...}).", ""]
    _lines(result.metrics, [name], out)
    intervals: list[str] = []
    _interval_lines(getattr(result, "intervals", {}) or {}, [name, "intervals"], intervals)
    if intervals:
        out += ["", f"Each number above is the mean over seeds {', '.join(map(str, result.seeds))}. Its 95% interval "
                "(.low, .high; also .sd, .n, .values per seed), for claims with lower/higher/between:"] + intervals
    if result.histories:
        out.append("")
        _lines(result.histories, [name, "histories"], out)
    if result.table and result.table.get("columns"):
        out.append(f'{{{{ results_table("{name}") }}}}  = a table of {len(result.table.get("rows") or [])} rows: '
                   + ", ".join(map(str, result.table["columns"])))
    for key in sorted(result.figures or {}):
        out.append(f'{{{{ figure("{name}", "{key}") }}}}')
    out.append(f'{{{{ provenance("{name}") }}}}')
    return "\n".join(out)
