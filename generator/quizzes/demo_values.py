"""Answers and options taken from demo results (``{from_demo: <demo>.<key>...}``).

The lead's resolver turns a dotted path into a value or raises (a LookupError
naming what exists). These helpers turn the raw values into what a question
needs -- a finite number, or a list of options with exactly one right one --
and raise :class:`DemoValueError` with an author-facing message otherwise.
Both the cross-checks and the page rendering use them, so a page can never
show an answer the checks did not accept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.errors import did_you_mean
from generator.quizzes.quiz_models import DemoOptions, DemoRef, Option, field_of

Resolver = Callable[[str], object]
UNAVAILABLE = "(demo results unavailable)"


class DemoValueError(Exception):
    """A demo reference that cannot be used; ``field`` names the key that holds the bad path."""

    def __init__(self, message: str, field: str = "from_demo", hint: str | None = None):
        super().__init__(message)
        self.field, self.hint = field, hint


def format_value(value: Any, unit: str | None = None) -> str:
    """A demo value as text: numbers with up to 4 significant digits."""
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".4g")
    else:
        text = str(value)
    return f"{text} {unit}" if unit else text


def _lookup(path: str, resolve: Resolver, field: str) -> Any:
    try:
        return resolve(path)
    except (LookupError, TypeError) as exc:  # the resolver's own message names what exists
        detail = str(exc.args[0]) if exc.args else type(exc).__name__
        raise DemoValueError(f"unknown demo result '{path}': {detail}", field, suggest(path, resolve, detail)
                             or f"'python -m generator demos show {path.split('.')[0]}' lists every path of that demo") from None


_KNOWN = re.compile(r"(?:it has|demos):\s*(.+)$")


def suggest(path: str, resolve: Resolver, message: str = "") -> str | None:
    """Did-you-mean for the first key of ``path`` that does not resolve.

    The deepest prefix that resolves to a mapping gives the choices; when not even
    the demo name resolves, the resolver's message ("...; demos: a, b") does.
    """
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            parent = resolve(".".join(parts[:cut]))
        except (LookupError, TypeError):  # what a resolver raises for a path that leads nowhere
            continue
        keys = list(parent.keys()) if isinstance(parent, Mapping) or hasattr(parent, "keys") else []
        prefix = ".".join(parts[:cut])
        return did_you_mean(".".join(parts[:cut + 1]), [f"{prefix}.{k}" for k in keys])
    known = _KNOWN.search(message)
    return did_you_mean(parts[0], [k.strip() for k in known.group(1).split(",")]) if known else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _describe(value: Any) -> str:
    if isinstance(value, (str, bytes)) or _is_number(value) or value is None or isinstance(value, bool):
        return repr(value) if not isinstance(value, float) else format_value(value)
    return "a mapping" if isinstance(value, Mapping) or hasattr(value, "keys") else "a list"


def number(answer: DemoRef, resolve: Resolver) -> float:
    """The numeric answer a DemoRef points at; it must be a finite number."""
    value = _lookup(answer.from_demo, resolve, "from_demo")
    if not _is_number(value):
        raise DemoValueError(f"demo result '{answer.from_demo}' is {_describe(value)}, not a finite number",
                             "from_demo", "point 'from_demo' at a single number")
    return float(value)


def _as_list(value: Any) -> list | None:
    if isinstance(value, (str, bytes)) or isinstance(value, Mapping) or hasattr(value, "keys"):
        return None
    try:
        return list(value)
    except TypeError:
        return None


def _same(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-15)
    return a == b


def options(spec: DemoOptions, resolve: Resolver) -> list[Option]:
    """Options generated from a demo list, the one equal to ``spec.correct`` marked right."""
    values = _as_list(_lookup(spec.values, resolve, "values"))
    if values is None or len(values) < 2 or len(values) > 12:
        raise DemoValueError(f"demo result '{spec.values}' must be a list of 2 to 12 values to choose from",
                             "values", "point 'values' at a list such as the learning rates a sweep tried")
    if not all(_is_number(v) or isinstance(v, str) for v in values):
        raise DemoValueError(f"demo result '{spec.values}' must hold only numbers or words", "values")
    right = _lookup(spec.correct, resolve, "correct")
    hits = [i for i, v in enumerate(values) if _same(v, right)]
    if len(hits) != 1:
        shown = ", ".join(format_value(v) for v in values)
        problem = "is not among" if not hits else "appears more than once in"
        raise DemoValueError(f"demo result '{spec.correct}' ({_describe(right)}) {problem} the values of "
                             f"'{spec.values}' ({shown})", "correct")
    return [Option(text=format_value(v, spec.unit), correct=(i == hits[0])) for i, v in enumerate(values)]


# -- demo values inside question text: "{{ demos.quadratic.metrics.lambda_max }}" ---------------------

PLACEHOLDER = re.compile(r"\{\{\s*demos\.([^\s{}]+)\s*\}\}")


def text_fields(q: Any) -> list[tuple[tuple, str]]:
    """(location suffix, text) of every piece of a question's text that may hold placeholders."""
    out: list[tuple[tuple, str]] = [(("prompt",), q.prompt)]
    out += [((name,), getattr(q, name)) for name in ("hint", "explanation") if getattr(q, name)]
    for i, option in enumerate(field_of(q, "options") or []):
        out += [(("options", i, "text"), option.text)] + ([(("options", i, "feedback"), option.feedback)]
                                                           if option.feedback else [])
    feedback = field_of(q, "feedback")
    for name in ("correct", "incorrect"):
        if feedback is not None and getattr(feedback, name):
            out.append((("feedback", name), getattr(feedback, name)))
    return out


def demo_paths(q: Any) -> list[str]:
    """Every demo result path question ``q`` reads: its answer, its generated options, its placeholders."""
    paths = [m.group(1) for _, text in text_fields(q) for m in PLACEHOLDER.finditer(text)]
    answer, generated = field_of(q, "answer"), field_of(q, "options_from_demo")
    if isinstance(answer, DemoRef):
        paths.append(answer.from_demo)
    if generated is not None:
        paths += [generated.values, generated.correct]
    return paths


def fill(text: str, resolve: Resolver | None) -> str:
    """``text`` with each placeholder replaced by its demo value (or the 'unavailable' note)."""
    def value(match: re.Match) -> str:
        if resolve is None:
            return UNAVAILABLE
        path = match.group(1)
        found = _lookup(path, resolve, "")
        items = _as_list(found)
        if items is not None and all(_is_number(v) or isinstance(v, str) for v in items):
            return ", ".join(format_value(v) for v in items)
        if not (_is_number(found) or isinstance(found, str)):
            raise DemoValueError(f"demo result '{path}' is {_describe(found)}; only numbers, words and lists of them "
                                 "can appear in text", "")
        return format_value(found)
    return PLACEHOLDER.sub(value, text)


def substitute(q: Any, resolve: Resolver | None) -> Any:
    """A copy of question ``q`` whose texts have their placeholders filled in."""
    if not any(PLACEHOLDER.search(text) for _, text in text_fields(q)):
        return q
    update: dict[str, Any] = {name: fill(getattr(q, name), resolve) for name in ("prompt", "hint", "explanation")
                              if getattr(q, name)}
    if field_of(q, "options"):
        update["options"] = [o.model_copy(update={"text": fill(o.text, resolve),
                                                  "feedback": o.feedback and fill(o.feedback, resolve)})
                             for o in q.options]
    if field_of(q, "feedback") is not None:
        fb = q.feedback
        update["feedback"] = fb.model_copy(update={"correct": fb.correct and fill(fb.correct, resolve),
                                                   "incorrect": fb.incorrect and fill(fb.incorrect, resolve)})
    return q.model_copy(update=update)
