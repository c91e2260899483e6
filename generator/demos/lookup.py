"""Demo results as answers see them: strict lookups, figures, tables, provenance.

Answers reach results through ``demos.<name>.<key>...``. A lookup of a demo or
key that does not exist raises :class:`ResultLookupError` naming the keys that
do exist, so the build can report the entry's file and line. Every scalar read
is logged, so a failed claim can show the numbers it was evaluated on.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.addresses import relative


class ResultLookupError(Exception):
    """A template asked for a demo or a result key that does not exist."""


def fmt(value: Any, digits: int = 3) -> str:
    """Numbers for prose: 3 significant digits, 'NaN'/'diverged' spelled out."""
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "n/a"}[value]
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
            return f"{value:.{digits - 1}e}"
        return f"{value:.{digits}g}"
    return str(value)


def pct(value: Any, digits: int = 1) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        return fmt(value)
    return f"{100 * value:.{digits}f}%"


class ResultNode:
    """Read-only view of one level of a result, with strict key lookup."""

    def __init__(self, value: Any, path: str, log: dict[str, Any]):
        self._value, self._path, self._log = value, path, log

    def _child(self, key: Any) -> Any:
        value = self._value
        if isinstance(value, Mapping):
            if key not in value and str(key) in value:
                key = str(key)
            if key not in value and isinstance(key, float):
                key = next((k for k in value if _same_number(k, key)), key)
            if key not in value:
                known = ", ".join(map(str, list(value)[:30])) or "none"
                raise ResultLookupError(f"{self._path} has no key '{key}'; it has: {known}")
            child = value[key]
        elif isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
            if not -len(value) <= key < len(value):
                raise ResultLookupError(f"{self._path} has {len(value)} items; index {key} is out of range")
            child = value[key]
        else:
            raise ResultLookupError(f"{self._path} is a single value ({fmt(value)}), it has no key '{key}'")
        return wrap(child, f"{self._path}[{key!r}]" if not _is_name(key) else f"{self._path}.{key}", self._log)

    __getitem__ = _child

    def __iter__(self):
        value = self._value
        items = list(value) if isinstance(value, Mapping) else range(len(value))
        return iter([self._child(k) if isinstance(value, list) else k for k in items])

    def __len__(self) -> int:
        return len(self._value)

    def __contains__(self, key: Any) -> bool:
        return key in self._value or str(key) in self._value

    def keys(self):
        return list(self._value) if isinstance(self._value, Mapping) else []

    def values(self):
        return [self._child(k) for k in self.keys()]

    def items(self):
        return [(k, self._child(k)) for k in self.keys()]

    def __str__(self) -> str:
        return fmt(self._value)

    def __repr__(self) -> str:
        return f"ResultNode({self._path})"


def _is_name(key: Any) -> bool:
    return isinstance(key, str) and key.isidentifier()


def _same_number(a: Any, b: float) -> bool:
    try:
        return math.isclose(float(a), b, rel_tol=1e-9)
    except (TypeError, ValueError):
        return False


def wrap(value: Any, path: str, log: dict[str, Any]) -> Any:
    if isinstance(value, (Mapping, list)):
        return ResultNode(value, path, log)
    log[path] = value
    return float("nan") if value is None else value


class DemoView(ResultNode):
    """One demo: its metrics (means over the seeds) at the top level, plus title, seeds, intervals,
    table, histories, provenance."""

    def __init__(self, result: Any, log: dict[str, Any]):
        merged = {"title": result.title, "metrics": result.metrics, "histories": result.histories,
                  "table": result.table, "provenance": result.provenance, "key": result.key,
                  "seeds": list(result.seeds), "intervals": result.intervals}
        merged.update({k: v for k, v in result.metrics.items() if k not in merged})
        super().__init__(merged, f"demos.{result.name}", log)


class Demos:
    """The ``demos`` object in answers: ``demos.lr_sweep.best.learning_rate``."""

    def __init__(self, results: Mapping[str, Any] | None):
        self.results = dict(results or {})
        self.log: dict[str, Any] = {}

    def __getitem__(self, name: str) -> DemoView:
        if name not in self.results:
            known = ", ".join(sorted(self.results)) or "none (demos are disabled)"
            raise ResultLookupError(f"there is no demo named '{name}'; demos: {known}")
        return DemoView(self.results[name], self.log)

    def __iter__(self):
        return iter(sorted(self.results))

    def result(self, name: str) -> Any:
        self[name]
        return self.results[name]


def figure_asset(name: str, key: str) -> str:
    """Site path of a demo figure."""
    return f"assets/demos/{name}/{key}.svg"


def make_helpers(demos: Demos, page_src: str, directory_urls: bool = True) -> dict[str, Callable[..., str]]:
    """Template functions bound to one page (figure links are relative to it; the explorer's, to its URL)."""

    def figure(name: str, key: str) -> str:
        """The figure with the alt text and caption its demo wrote from the results (never typed by hand)."""
        result = demos.result(name)
        if key not in result.figures:
            known = ", ".join(sorted(result.figures)) or "none"
            raise ResultLookupError(f"demo '{name}' has no figure '{key}'; figures: {known}")
        alt_text = result.figures[key].get("alt") or f"{result.title}: {key}"
        text = html.escape(" ".join(str(result.figures[key].get("caption") or alt_text).split()))
        return (f'<figure class="kb-figure" markdown="span">\n![{_inline(alt_text)}]({relative(page_src, figure_asset(name, key))})'
                f'{{ loading=lazy }}\n<figcaption>{text}</figcaption>\n</figure>')

    def results_table(name: str) -> str:
        table = demos.result(name).table or {}
        cols, rows = table.get("columns") or [], table.get("rows") or []
        if not cols:
            raise ResultLookupError(f"demo '{name}' returned no result table")
        lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(_cell(fmt(v)) for v in row) + " |" for row in rows]
        return "\n".join(lines)

    def provenance(name: str) -> str:
        result = demos.result(name)
        p = result.provenance or {}
        versions = p.get("versions") or {}
        rows = [("Demo", f"`{result.source_path}`"), ("Dataset", p.get("dataset")), ("Configuration", p.get("config")),
                ("Seeds", _seeds(p.get("seeds", p.get("seed")))), ("Versions", ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))),
                ("Hardware", p.get("hardware") or p.get("cpu")), ("Run time", _seconds(p.get("run_seconds"))),
                ("Run on", p.get("date")), ("Cache key", f"`{str(result.key)[:12]}`")]
        body = "\n".join(f"    | {k} | {_cell(str(v))} |" for k, v in rows if v not in (None, ""))
        return (f'??? info "How these numbers were produced: {_inline(result.title)}"\n\n'
                f"    | Run detail | Value |\n    |---|---|\n{body}")

    def explorer(name: str) -> str:
        """The interactive explorer of a demo's runs (or of the quadratic bowl), with its table view."""
        from generator.demos.explorer_block import block  # (it imports this module)
        return block(name, demos.result(name), page_src, directory_urls)

    return {"figure": figure, "results_table": results_table, "provenance": provenance, "explorer": explorer}


def _seeds(value: Any) -> str | None:
    if isinstance(value, list):
        return f"{len(value)} ({', '.join(map(str, value))}); every number is their mean, with a 95% interval"
    return None if value is None else str(value)


def _seconds(value: Any) -> str | None:
    return f"{value:.1f} s" if isinstance(value, (int, float)) else None


def _inline(text: Any) -> str:
    """Plain text safe inside Markdown link text, HTML and table cells."""
    text = html.escape(" ".join(str(text).split()), quote=True)
    for ch in "[]*_`|\\":
        text = text.replace(ch, "\\" + ch)
    return text


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


UNAVAILABLE = "(demo results off)"


class Unavailable:
    """Stands in for any result when a build runs with demos off: every lookup succeeds."""

    def __getitem__(self, key: Any) -> Unavailable:
        return self

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def __str__(self) -> str:
        return UNAVAILABLE

    def _cmp(self, other: Any) -> bool:
        return False

    def _same(self, *args: Any) -> Unavailable:
        return self

    def __float__(self) -> float:
        return float("nan")  # "%.2f" | format(...) prints "nan" rather than failing

    def __format__(self, spec: str) -> str:
        return UNAVAILABLE

    __lt__ = __le__ = __gt__ = __ge__ = _cmp
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _same
    __neg__ = __abs__ = __round__ = _same


def off_helpers() -> dict[str, Callable[..., str]]:
    note = '!!! note "Demo results are turned off in this build"'
    return {"figure": lambda *a, **k: note, "results_table": lambda *a, **k: note, "provenance": lambda *a, **k: "",
            "explorer": lambda *a, **k: note}


_FIRST = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STEP = re.compile(r"""\.([A-Za-z_][A-Za-z0-9_]*)|\.(\d+)|\[\s*(?:"([^"]*)"|'([^']*)'|(-?\d+))\s*\]""")


def parse_path(text: str) -> list[str | int]:
    """``lr_sweep.final_loss["3.0"]`` (or with a leading ``demos.``) -> ``["lr_sweep", "final_loss", "3.0"]``.

    The syntax of answers: ``.name``, ``["key"]``, ``['key']``, ``[index]``; ``.2`` is an index too.
    Raises ValueError naming the position of the first step it cannot read."""
    text = text.strip()
    text = text[len("demos."):] if text.startswith("demos.") else text
    first = _FIRST.match(text)
    if first is None:
        raise ValueError("a result path starts with the demo's name, e.g. lr_sweep.best.learning_rate")
    parts: list[str | int] = [first.group()]
    pos = first.end()
    while pos < len(text):
        step = _STEP.match(text, pos)
        if step is None:
            raise ValueError(f"cannot read the path from {text[pos:]!r}: write .name, [\"key\"] or [index]")
        name, dotted_index, dq, sq, index = step.groups()
        parts.append(name if name is not None else int(dotted_index) if dotted_index is not None
                     else dq if dq is not None else sq if sq is not None else int(index))
        pos = step.end()
    return parts


def path_text(parts: list[str | int], prefix: str = "demos.") -> str:
    """The answer syntax of a path: ``demos.lr_sweep.final_loss["3.0"]``."""
    out = prefix + str(parts[0])
    for part in parts[1:]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if _is_name(part) else f'["{part}"]'
    return out
