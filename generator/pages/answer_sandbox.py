"""The environment that runs authors' answers and claims: what a template may do, and how much.

Jinja's sandbox keeps a template away from Python's internals, but not from
exhausting the machine (``'a' * 10**9``, ``7 ** 999999999``, loops in loops).
Answers here are Markdown with values from the demos, so the language is cut to
what that needs, decided on the parsed template, not on its text:

* expressions (names, attributes, items, arithmetic, comparisons, ``~``), the
  filters of :data:`FILTERS`, every Jinja test, ``{% if %}`` and ``{% for %}``;
  calls only of the page's helpers (``figure()``, ``results_table()``, ``provenance()``, ``explorer()``);
  no ``{% set %}``, macros, includes or other tags, no globals such as ``range``;
* every value a template makes is at most :data:`MAX_TEXT` characters or items, every
  integer at most :data:`MAX_BITS` bits, refused before it is made;
* one answer (or claim) makes at most :data:`MAX_MADE` characters in all, runs at most
  :data:`MAX_STEPS` loop steps and :data:`TIME_LIMIT` seconds of processor time, and writes at most
  :data:`MAX_TEXT` characters of output.

Anything past a limit raises :class:`OverLimit`, which names the limit; the renderer
reports it at the answer's line.
"""

from __future__ import annotations

import contextvars
import functools
import math
import re
import time
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.sandbox import SandboxedEnvironment

from generator.demos.lookup import Unavailable

MAX_TEXT = 200_000       # characters (or items) of one value, and of one answer's output
MAX_BITS = 10_000        # an integer's size: about 3,000 digits
MAX_MADE = 5_000_000     # characters made by one answer's filters and operators together
MAX_STEPS = 100_000      # loop steps of one answer
TIME_LIMIT = 2.0         # seconds of processor time for one answer or one claim
HELPERS = ("figure", "results_table", "provenance", "explorer")

# Jinja's filters an answer may use (random would break reproducible builds; xmlattr, safe and
# forceescape make HTML, which answers do not write; attr reaches attributes the sandbox would check anyway).
FILTERS = ("abs", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape",
           "filesizeformat", "first", "float", "format", "groupby", "indent", "int", "items", "join", "last",
           "length", "list", "lower", "map", "max", "min", "pprint", "reject", "rejectattr", "replace", "reverse",
           "round", "select", "selectattr", "slice", "sort", "string", "striptags", "sum", "title", "tojson", "trim",
           "truncate", "unique", "upper", "urlencode", "wordcount", "wordwrap")

_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.For, nodes.Name, nodes.Const,
            nodes.Getattr, nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test, nodes.Call, nodes.Keyword,
            nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.BinExpr,
            nodes.Concat, nodes.CondExpr, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair)
_TAGS = {"Assign": "set", "AssignBlock": "set", "Macro": "macro", "CallBlock": "call", "FilterBlock": "filter",
         "Include": "include", "Import": "import", "FromImport": "from", "Extends": "extends", "Block": "block",
         "With": "with", "Scope": "with", "ExprStmt": "do", "Continue": "continue", "Break": "break",
         "ScopedEvalContextModifier": "autoescape", "EvalContextModifier": "autoescape"}
_INJECTED = (jinja2.Environment, jinja2.runtime.Context, nodes.EvalContext)  # what Jinja passes before the value
_PERCENT = re.compile(r"%[#0\- +]*(\*|\d*)(?:\.(\*|\d*))?")


class OverLimit(Exception):
    """A template went past one of this module's limits; the message names it."""


class NotAllowed(Exception):
    """A template uses something answers cannot; ``lineno`` is its line in the template."""

    def __init__(self, message: str, lineno: int):
        super().__init__(message)
        self.lineno = lineno


class Budget:
    """What one answer or claim may still spend."""

    def __init__(self, seconds: float = TIME_LIMIT):
        # Processor time of this thread, so a busy machine does not fail an answer a quiet one renders.
        self.seconds, self.deadline = seconds, time.thread_time() + seconds
        self.made = self.steps = 0

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise OverLimit(f"used more than {self.seconds:g} s of processor time, the limit for one answer or claim")

    def spend(self, value: Any) -> Any:
        self.tick()
        if isinstance(value, (str, list, tuple)):
            _check_size(len(value))
            self.made += len(value) if isinstance(value, str) else 0
            if self.made > MAX_MADE:
                raise OverLimit(f"made more than {MAX_MADE:,} characters in all, the limit for one answer or claim")
        elif isinstance(value, int) and value.bit_length() > MAX_BITS:
            raise OverLimit(_too_big_number(value.bit_length()))
        return value


_BUDGET: contextvars.ContextVar[Budget] = contextvars.ContextVar("answer_budget")


def budget() -> Budget:
    """The current answer's budget (a fresh one outside :func:`limited`, e.g. when Jinja folds constants)."""
    return _BUDGET.get(None) or Budget()


def limited(fn, *args, seconds: float = TIME_LIMIT, **kwargs):
    """``fn(*args, **kwargs)`` with a fresh budget for the templates it compiles and runs."""
    token = _BUDGET.set(Budget(seconds))
    try:
        return fn(*args, **kwargs)
    finally:
        _BUDGET.reset(token)


def _check_size(n: int) -> None:
    if n > MAX_TEXT:
        raise OverLimit(f"would make a value of {n:,} characters or items, over the limit of {MAX_TEXT:,}")


def _too_big_number(bits: float) -> str:
    return f"would make a number of about {bits * math.log10(2):,.0f} digits, over the limit of {MAX_BITS * math.log10(2):,.0f}"


def _check_percent(fmt: str) -> None:
    """Refuse '%'-formatting whose widths could make a huge string ('%999999999d', '%*d')."""
    for match in _PERCENT.finditer(fmt):
        for width in match.groups():
            if width == "*" or (width and int(width) > MAX_TEXT):
                raise OverLimit(f"uses a format width over the limit of {MAX_TEXT:,} characters")


def _check_binop(op: str, left: Any, right: Any) -> None:
    if op == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right * math.log2(abs(left)) > MAX_BITS:
            raise OverLimit(_too_big_number(right * math.log2(abs(left))))
    elif op == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                _check_size(len(seq) * max(n, 0))
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
            raise OverLimit(_too_big_number(left.bit_length() + right.bit_length()))
    elif op == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        _check_size(len(left) + len(right))
    elif op == "%" and isinstance(left, str):
        _check_percent(left)


def _guard_filter(name: str, fn):
    """A filter that checks its arguments before the call and spends its result after."""

    @functools.wraps(fn)  # keeps Jinja's pass_environment / pass_context marks
    def guarded(*args, **kwargs):
        b = budget()
        b.tick()
        values = [a for a in (*args, *kwargs.values()) if not isinstance(a, _INJECTED)]
        for value in values[1:]:
            if isinstance(value, int) and abs(value) > MAX_TEXT:
                raise OverLimit(f"passes {value:,} to the filter '{name}', over the limit of {MAX_TEXT:,}")
        if any(isinstance(v, Unavailable) for v in values):
            return next(v for v in values if isinstance(v, Unavailable))  # demos off: no made-up '0' or 'nan'
        subject = values[0] if values else None
        if name == "format" and isinstance(subject, str):
            _check_percent(subject)
        elif name == "replace" and isinstance(subject, str) and len(values) >= 3:
            old, new = str(values[1]), str(values[2])
            _check_size(len(subject) + subject.count(old) * max(len(new) - len(old), 0) if old else len(subject) * (len(new) + 1))
        elif name == "indent" and isinstance(subject, str):
            width = values[1] if len(values) > 1 and isinstance(values[1], int) else 4
            _check_size(len(subject) + (subject.count("\n") + 1) * width)
        elif name == "join":
            return b.spend(_join(args, kwargs, fn))
        return b.spend(fn(*args, **kwargs))

    return guarded


def _check_total(pieces, between: int = 0) -> list[str]:
    """``pieces`` as text, refused as soon as they (and ``between`` characters between each two) would pass
    :data:`MAX_TEXT` together: before they are joined."""
    texts, total = [], -between
    for piece in pieces:
        texts.append(piece if isinstance(piece, str) else str(piece))
        total += len(texts[-1]) + between
        _check_size(total)
    return texts


def _join(args, kwargs, fn):
    """``join`` that refuses a result past the size limit before making it (separators included)."""
    eval_ctx, value, *rest = args
    separator = rest[0] if rest else kwargs.get("d", "")
    items = list(value)
    _check_total(items, len(str(separator)))  # (an item's text bounds its attribute's, for join(attribute=...))
    return fn(eval_ctx, items, *rest, **kwargs)


def _concat(items: list) -> str:
    return budget().spend("".join(_check_total(items)))


def _steps(iterable):
    b = budget()
    for item in iterable:
        b.steps += 1
        if b.steps > MAX_STEPS:
            raise OverLimit(f"ran more than {MAX_STEPS:,} loop steps, the limit for one answer")
        b.tick()
        yield item


class AnswerSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the operators that can make huge values checked first."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context, operator, left, right):
        budget().tick()
        _check_binop(operator, left, right)
        return budget().spend(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # (Jinja's names: no clash with an argument's name)
        budget().tick()
        return budget().spend(super().call(__context, __obj, *args, **kwargs))

    def checked_template(self, source: str) -> jinja2.Template:
        """Parse, check against the answer language, bound loops and ``~``, and compile."""
        tree = self.parse(source)
        _check_tree(tree, in_claim=False)
        for node in tree.find_all(nodes.For):
            node.iter = nodes.Filter(node.iter, "kb_steps", [], [], None, None, lineno=node.lineno)
        for node in list(tree.find_all(nodes.Concat)):
            node.nodes = [nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "kb_concat", [], [], None, None,
                                       lineno=node.lineno)]
        return self.from_string(tree)

    def checked_expression(self, source: str):
        """A claim: one expression (no calls), checked like an answer, compiled for evaluation."""
        _check_tree(self.parse("{{ (" + source + ") }}"), in_claim=True)
        return self.compile_expression(source, undefined_to_none=False)


def _check_tree(tree: nodes.Template, in_claim: bool) -> None:
    for node in tree.find_all(nodes.Node):
        kind = type(node).__name__
        if not isinstance(node, _ALLOWED):
            tag = _TAGS.get(kind)
            what = f"the {{% {tag} %}} tag" if tag else f"a {kind} expression"
            raise NotAllowed(f"{what} cannot be used in {'a claim' if in_claim else 'an answer'}", node.lineno)
        if isinstance(node, nodes.For) and node.recursive:
            raise NotAllowed("recursive loops cannot be used in an answer", node.lineno)
        if isinstance(node, nodes.Filter) and node.name not in FILTERS and node.name not in ("fmt", "pct"):
            raise NotAllowed(f"the filter '{node.name}' cannot be used here; available: fmt, pct, "
                             + ", ".join(f for f in FILTERS if f not in ("d", "e")), node.lineno)
        if isinstance(node, nodes.Call) and (in_claim or not (isinstance(node.node, nodes.Name)
                                                               and node.node.name in HELPERS)):
            called = node.node.name if isinstance(node.node, nodes.Name) else "a method"
            only = "claims call nothing" if in_claim else "only figure(), results_table(), provenance() and explorer() can be called"
            raise NotAllowed(f"calling {called} is not allowed: {only}", node.lineno)


def answer_env(own_filters: dict, finalize) -> AnswerSandbox:
    """The answers' environment: :data:`FILTERS` plus ``own_filters``, every one guarded, no globals."""
    env = AnswerSandbox(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
                        finalize=finalize)
    env.globals.clear()
    chosen = {name: JINJA_FILTERS[name] for name in FILTERS}
    chosen.update(own_filters)
    env.filters = {name: _guard_filter(name, fn) for name, fn in chosen.items()}
    env.filters.update(kb_steps=_steps, kb_concat=_concat)
    return env


def render_limited(template: jinja2.Template, **ctx: Any) -> str:
    """Render with the current budget, stopping when the output passes :data:`MAX_TEXT` characters."""
    b, size, parts = budget(), 0, []
    for chunk in template.generate(**ctx):
        size += len(chunk)
        if size > MAX_TEXT:
            raise OverLimit(f"wrote more than {MAX_TEXT:,} characters, the limit for one answer")
        b.tick()
        parts.append(chunk)
    return "".join(parts)
