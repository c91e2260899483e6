"""Jinja rendering: trusted page templates, and sandboxed answer bodies with demo results.

Page templates (``generator/pages/templates/*.md.j2``) are ours and run in a normal
environment with ``StrictUndefined``. Answer bodies are authors' text: they run
in Jinja's sandbox, see only ``demos`` and the helper functions, and every
failure (syntax error, unknown demo or key, false claim) becomes a
:class:`ContentError` at the entry file's line and column.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator.content.corpus import LoadedEntry
from generator.content.policy import line_col, scan
from generator.demos.lookup import Demos, ResultLookupError, Unavailable, fmt, make_helpers, off_helpers, parse_path, pct
from generator.errors import ContentError
from generator.pages.answer_sandbox import NotAllowed, OverLimit, answer_env, limited, render_limited
from generator.pages.escaping import html_text, long_date, md_escape
from generator.pages.html_blocks import html_block
from generator.pages.interval_claims import ClaimProblem, judge
from generator.quizzes.widget import json_for_html  # (a filter for page templates too)

TEMPLATE_DIR = Path(__file__).parent / "templates"
_TEMPLATE_START = re.compile(r"\{[{%#]").search  # '{{', '{%' or '{#': the answer is a Jinja template


@lru_cache(maxsize=1)
def page_env() -> jinja2.Environment:
    """The page templates' environment: one per process, so the live preview compiles them once
    (Jinja reloads a template whose file was edited)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown: every value goes through an explicit filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md_escape, html=html_text, long_date=long_date,
                       json_for_html=json_for_html, fmt=fmt, pct=pct, html_block=html_block)
    return env


def _finalize(value: Any) -> Any:
    return value if isinstance(value, str) else fmt(value)


def _template_line(exc: BaseException) -> int | None:
    """Line inside the answer where a runtime error happened (Jinja rewrites frames to '<template>')."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _error(item: LoadedEntry, loc: tuple, line_in_value: int | None, message: str, hint: str | None) -> ContentError:
    line, col = item.doc.text_position(loc, line_in_value or 1)
    return ContentError(item.path, line, col, message, hint)


def _recording(helpers: dict) -> tuple[dict, list[str]]:
    """Wrap helper functions so their (trusted) output can be told apart from the author's."""
    produced: list[str] = []

    def wrap(fn):
        def inner(*args, **kwargs):
            out = fn(*args, **kwargs)
            produced.append(out)
            return out
        return inner

    return {name: wrap(fn) for name, fn in helpers.items()}, produced


_LANGUAGE_HINT = ("answers may use {{ expressions }} with filters, {% if %} and {% for %}, and the helpers; "
                  "compute anything else in the demo")
_LIMIT_HINT = "compute large values in the demo, not in the answer"
_EXPRESSION_HINT = "write a comparison such as demos.NAME.KEY > 0.5"


def _claim_failure(exc: Exception) -> tuple[str, str | None]:
    """The message and hint for a claim expression that could not be evaluated."""
    if isinstance(exc, NotAllowed):
        return f"claim is not a plain expression: {exc}", _EXPRESSION_HINT
    if isinstance(exc, OverLimit):
        return f"claim could not be evaluated: it {exc}", _LIMIT_HINT
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"claim is not a valid expression: {exc.message}", _EXPRESSION_HINT
    if isinstance(exc, (ResultLookupError, jinja2.UndefinedError)):
        return f"claim refers to an unknown result: {exc}", None
    return f"claim could not be evaluated: {exc}", None


class AnswerRenderer:
    """Renders answers and checks claims against one set of demo results."""

    def __init__(self, results: dict[str, Any] | None, demos_enabled: bool = True, allow_raw_html: bool = False,
                 directory_urls: bool = True):
        self.env = answer_env({"fmt": fmt, "pct": pct}, finalize=_finalize)
        self.directory_urls = directory_urls  # MkDocs' use_directory_urls: the explorer's links are raw HTML
        self.results = results or {}
        self.demos_enabled = demos_enabled
        self.allow_raw_html = allow_raw_html

    def policy_errors(self, item: LoadedEntry, text: str, rendered: bool = False) -> list[ContentError]:
        """HTML/URL policy violations; in rendered text they are reported at the answer's first line."""
        errors = []
        for v in scan(text, self.allow_raw_html):
            line_in, col_in = line_col(text, v.offset) if not rendered else (1, 1)
            line, col = item.doc.text_position(("answer",), line_in)
            where = "" if not rendered else " (produced by a template expression)"
            errors.append(ContentError(item.path, line, col + col_in - 1, v.message + where, v.hint))
        return errors

    def render(self, item: LoadedEntry, page_src: str) -> tuple[str, list[ContentError]]:
        source = item.entry.answer
        violations = self.policy_errors(item, source)
        if violations:
            return "", violations
        if not _TEMPLATE_START(source):
            return source, []  # plain Markdown: no template to compile (most answers)
        return limited(self._render_template, item, source, page_src)

    def _render_template(self, item: LoadedEntry, source: str, page_src: str) -> tuple[str, list[ContentError]]:
        demos: Any = Demos(self.results) if self.demos_enabled else Unavailable()
        try:
            template = self.env.checked_template(source)
        except jinja2.TemplateSyntaxError as exc:
            return "", [_error(item, ("answer",), exc.lineno, f"template syntax error in the answer: {exc.message}",
                               "write results as {{ demos.NAME.KEY }}; a literal '{{' must be written {{ '{{' }}")]
        except NotAllowed as exc:
            return "", [_error(item, ("answer",), exc.lineno, f"{exc}", _LANGUAGE_HINT)]
        helpers, produced = _recording(make_helpers(demos, page_src, self.directory_urls) if self.demos_enabled else off_helpers())
        try:
            text = render_limited(template, demos=demos, **helpers)
        except ResultLookupError as exc:
            return "", [_error(item, ("answer",), _template_line(exc), f"unknown result: {exc}",
                               "use one of the names listed; 'python -m generator demos show NAME' prints every key with its value")]
        except jinja2.UndefinedError as exc:
            return "", [_error(item, ("answer",), _template_line(exc), f"undefined name in the answer: {exc.message}",
                               "answers can use 'demos', figure(), results_table(), provenance() and explorer()")]
        except OverLimit as exc:
            return "", [_error(item, ("answer",), _template_line(exc), f"the answer's template {exc}", _LIMIT_HINT)]
        except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError) as exc:
            return "", [_error(item, ("answer",), _template_line(exc), f"error in the answer's template: {exc}",
                               "check the expression on this line")]
        own = text
        for out in produced:
            own = own.replace(out, "")
        return text, self.policy_errors(item, own, rendered=True)

    def check_claims(self, item: LoadedEntry) -> tuple[list[dict], list[ContentError]]:
        """Evaluate each claim; return what was verified (for the page) and what failed."""
        if not self.demos_enabled:
            return [], []
        verified, errors = [], []
        for i, claim in enumerate(item.entry.claims):
            if claim.expect is None:
                self._judge_on_seeds(item, i, claim, verified, errors)
                continue
            demos = Demos(self.results)
            loc = ("claims", i, "expect")
            try:
                value = limited(lambda: self.env.checked_expression(claim.expect)(demos=demos))
            except (NotAllowed, OverLimit, ResultLookupError, jinja2.TemplateError, TypeError, ValueError,
                    ArithmeticError) as exc:
                errors.append(item.doc.error(loc, *_claim_failure(exc)))
                continue
            numbers = ", ".join(f"{k} = {fmt(v)}" for k, v in demos.log.items())
            if value is not True:
                errors.append(item.doc.error(loc, f"claim does not hold: \"{claim.says}\" ({claim.expect} is {value!r}"
                                             + (f" with {numbers})" if numbers else ")"),
                                             "the latest demo run contradicts the answer: update the text and the claim"))
                continue
            runs = sorted({k.split(".")[1] for k in demos.log})
            verified.append({"says": claim.says, "expect": claim.expect, "numbers": numbers,
                             "runs": [(n, self.results[n]) for n in runs if n in self.results]})
        return verified, errors

    def _judge_on_seeds(self, item: LoadedEntry, i: int, claim, verified: list, errors: list) -> None:
        """A lower/higher/between claim, judged on the seeds' intervals."""
        field = "value" if claim.value is not None else "lower" if claim.lower is not None else "higher"
        loc = ("claims", i, field)
        try:
            holds, numbers = judge(claim, self.results)
        except ClaimProblem as exc:
            errors.append(item.doc.error(loc, f"claim refers to a result it cannot judge: {exc}",
                                         "'python -m generator demos show NAME' lists every result with its interval"))
            return
        if not holds:
            errors.append(item.doc.error(loc, f"claim does not hold across the seeds: \"{claim.says}\" ({numbers})",
                                         "the latest demo runs do not support the answer: update the text and the claim"))
            return
        paths = [p for p in (claim.value, claim.lower, claim.higher, claim.than) if isinstance(p, str)]
        runs = sorted({parse_path(p)[0] for p in paths})
        verified.append({"says": claim.says, "expect": "", "numbers": numbers,
                         "runs": [(n, self.results[n]) for n in runs if n in self.results]})
