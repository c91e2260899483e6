"""HTML for questions and quiz blocks, and the JSON the widget reads.

Text from YAML goes through :func:`inline` and JSON through :func:`json_for_html`, so nothing in a quiz
file can break out of its element. Blocks have no blank lines, so Python-Markdown keeps each one as raw
HTML. The markup works without JavaScript: answers sit in a closed ``<details>`` and the widget's buttons
stay ``hidden`` until ``quiz.js`` shows them.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.quizzes import demo_values as demo
from generator.quizzes.assets import asset_tags
from generator.quizzes.quiz_models import DemoRef, MultipleChoice, Numeric, Option, Ordering, ShortText, SingleChoice, TrueFalse, field_of


@dataclass(frozen=True)
class PageContext:
    """What a page needs from the site: links, demo results and entry titles."""

    href: Callable[[str], str]  # "questions/<entry-id>.md" -> URL relative to the current page
    resolve_demo: Callable[[str], object] | None
    entry_title: Callable[[str], str]  # entry id -> its question text

    def prepare(self, q: Any) -> Prepared:
        return prepare(q, self.resolve_demo)


_CODE = re.compile(r"`([^`\n]+)`")


def inline(text: Any, quote: bool = True) -> str:
    """Plain text for HTML: escaped (quotes too, unless not ``quote``), whitespace collapsed, `code` in
    backticks as <code>."""
    return _CODE.sub(r"<code>\1</code>", html.escape(" ".join(str(text).split()), quote=quote))


def attr(text: Any) -> str:
    return html.escape(str(text), quote=True)


def json_for_html(data: Any) -> str:
    """JSON safe inside <script type="application/json">: '<', '>' and '&' escaped.

    Blocks embed their data as a one-element JSON *array*: Material's instant
    navigation re-inserts every inline <script> of a new page without its
    ``type``, so the browser runs it as JavaScript. An array literal is valid
    JavaScript that does nothing, where a bare object literal is a syntax error.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def normalize_answer(text: str) -> str:
    """Short answers compare without case and whitespace (quiz.js does the same)."""
    return "".join(str(text).lower().split())


@dataclass(frozen=True)
class Prepared:
    """A question with demo values resolved: what both the markup and the JSON are made from."""

    q: Any
    options: list[Option] | None  # choice and true/false questions
    number: float | None  # numeric questions (None: demo results unavailable)
    unavailable: bool

    @cached_property
    def version(self) -> str:
        """Hash of what decides the answer; editing a hint or explanation keeps the reader's progress."""
        q = self.q
        core = {"type": q.type, "prompt": q.prompt, "number": self.number,
                "options": [(o.text, o.correct) for o in self.options or []],
                "tolerance": field_of(q, "tolerance"), "answers": field_of(q, "answers"), "items": field_of(q, "items")}
        return hashlib.sha256(json.dumps(core, sort_keys=True, default=str).encode()).hexdigest()[:10]

    @cached_property
    def markup(self) -> tuple[str, str, str]:
        """The markup that is the same on every page: the fieldset's opening, the legend's text and end, and
        what follows the origin up to the explanation (which links from the page)."""
        q = self.q
        dom = f"kbq-{q.id}"
        if self.unavailable:
            body = f'<p class="kbq-na">{demo.UNAVAILABLE}</p>'
        elif self.options is not None:
            body = _choices(self, dom)
        elif isinstance(q, Numeric):
            body = _field(dom, q.unit, "decimal") + _feedback(q.feedback)
        elif isinstance(q, ShortText):
            body = _field(dom, None, "text") + _feedback(q.feedback)
        else:
            body = _ordering(q) + _feedback(q.feedback)
        hint = f'<details class="kbq-hint"><summary>Hint</summary><p>{inline(q.hint)}</p></details>' if q.hint else ""
        actions = ('<p class="kbq-act kbq-js" hidden><button type="button" data-a="check">Check</button> '
                   '<button type="button" data-a="retry" hidden>Try again</button> '
                   '<button type="button" data-a="show">Show solution</button></p>')
        return (
            f'<fieldset class="kbq-q" id="{dom}" data-q="{attr(q.id)}"><legend>', f"{inline(q.prompt)}</legend>",
            f'{body}{hint}{actions}<div class="kbq-fb" role="status" aria-live="polite"></div>'
            f'<details class="kbq-sol"><summary>Answer</summary>{solution_html(self)}')


def prepare(q: Any, resolve: Callable[[str], object] | None) -> Prepared:
    options, number, unavailable = None, None, False
    try:
        q = demo.substitute(q, resolve)
    except demo.DemoValueError:  # reported by check_quizzes
        q, unavailable = demo.substitute(q, None), True
    try:
        if isinstance(q, (SingleChoice, MultipleChoice)):
            if q.options is not None:
                options = list(q.options)
            elif resolve is not None:
                options = demo.options(q.options_from_demo, resolve)
            else:
                unavailable = True
        elif isinstance(q, TrueFalse):
            fb = q.feedback
            right, wrong = (fb.correct, fb.incorrect) if fb else (None, None)
            options = [Option(text="True", correct=q.answer, feedback=right if q.answer else wrong),
                       Option(text="False", correct=not q.answer, feedback=wrong if q.answer else right)]
        elif isinstance(q, Numeric):
            if not isinstance(q.answer, DemoRef):
                number = float(q.answer)
            elif resolve is not None:
                number = demo.number(q.answer, resolve)
            else:
                unavailable = True
    except demo.DemoValueError:  # reported by check_quizzes; a page never shows a wrong answer
        unavailable = True
    if unavailable:
        options = None
    return Prepared(q, options, number, unavailable)


def question_data(p: Prepared, partial: bool) -> dict:
    """The widget's view of one question (no text: feedback is cloned from the markup)."""
    q = p.q
    data: dict[str, Any] = {"id": q.id, "v": p.version}
    if q.points != 1:
        data["pt"] = q.points
    if p.unavailable:
        data["t"] = "na"
    elif p.options is not None:
        data["t"] = "multiple" if isinstance(q, MultipleChoice) else "single"
        data["c"] = [i for i, o in enumerate(p.options) if o.correct]
        data["p"] = 1 if partial and isinstance(q, MultipleChoice) else 0
        data["sh"] = 0 if isinstance(q, TrueFalse) or not q.shuffle else 1
    elif isinstance(q, Numeric):
        tol = q.tolerance
        data.update(t="numeric", a=p.number, tol=float(tol[:-1]) / 100 if isinstance(tol, str) else tol,
                    rel=isinstance(tol, str))
    elif isinstance(q, ShortText):
        data.update(t="text", ans=sorted({normalize_answer(a) for a in q.answers}))
    elif isinstance(q, Ordering):
        data.update(t="ordering", n=len(q.items))
    return data


def _feedback(fb: Any) -> str:
    shown = (("fy", fb.correct), ("fn", fb.incorrect)) if fb is not None else ()
    return "".join(f'<p class="kbq-{kind}" hidden>{inline(text)}</p>' for kind, text in shown if text)


def _choices(p: Prepared, dom: str) -> str:
    kind = "checkbox" if isinstance(p.q, MultipleChoice) else "radio"
    rows = []
    for i, o in enumerate(p.options or []):
        fb = f' <span class="kbq-ofb" hidden>{inline(o.feedback)}</span>' if o.feedback else ""
        rows.append(f'<label class="kbq-o"><input type="{kind}" name="{dom}" value="{i}"> '
                    f'<span class="kbq-ot">{inline(o.text)}</span>{fb}</label>')
    general = "" if isinstance(p.q, TrueFalse) else _feedback(field_of(p.q, "feedback"))
    return f'<div class="kbq-opts">{"".join(rows)}</div>{general}'


def _field(dom: str, unit: str | None, mode: str) -> str:
    unit_html = f' <span class="kbq-unit" id="{dom}--unit">{inline(unit)}</span>' if unit else ""
    described = f' aria-describedby="{dom}--unit"' if unit else ""
    return (f'<p class="kbq-in"><label for="{dom}--answer">Your answer</label> <input type="text" id="{dom}--answer" '
            f'inputmode="{mode}" autocomplete="off" autocapitalize="off" spellcheck="false"{described}>{unit_html}</p>')


def shown_order(q: Ordering) -> list[int]:
    """The item indices in the order shown without JavaScript: a shuffle stable per question, never the right
    order (quiz.js reshuffles per reader)."""
    order = list(range(len(q.items)))
    random.Random(q.id).shuffle(order)
    return order[1:] + order[:1] if order == sorted(order) else order


def _ordering(q: Ordering) -> str:
    rows = []
    for k in shown_order(q):
        text = inline(q.items[k])
        label = attr(" ".join(q.items[k].split()))
        rows.append(f'<li data-i="{k}"><span class="kbq-it">{text}</span>'
                    f'<span class="kbq-mv kbq-js" hidden><button type="button" data-a="up" aria-label="Move up: {label}">'
                    f'↑</button><button type="button" data-a="down" aria-label="Move down: {label}">↓</button></span></li>')
    return f'<ol class="kbq-ord">{"".join(rows)}</ol>'


def _tolerance(q: Numeric) -> str:
    tol = q.tolerance
    return f"within {tol}" if isinstance(tol, str) else f"within ±{demo.format_value(float(tol))}"


def solution_html(p: Prepared) -> str:
    """The answer as the solution box and an answer key show it."""
    q = p.q
    if p.unavailable:
        return f"<p>Answer: {demo.UNAVAILABLE}</p>"
    if p.options is not None:
        right = "; ".join(inline(o.text) for o in p.options if o.correct)
        rows = "".join(f'<li>{"✓" if o.correct else "✗"} {inline(o.text)}'
                       f'{" — " + inline(o.feedback) if o.feedback else ""}</li>' for o in p.options)
        return f'<p>Answer: {right}</p><ul class="kbq-all">{rows}</ul>'
    if isinstance(q, Numeric):
        unit = f" {inline(q.unit)}" if q.unit else ""
        return f"<p>Answer: {inline(demo.format_value(p.number))}{unit} (accepted {inline(_tolerance(q))})</p>"
    if isinstance(q, ShortText):
        more = f" (also accepted: {', '.join(inline(a) for a in q.answers[1:])})" if len(q.answers) > 1 else ""
        return f"<p>Answer: {inline(q.answers[0])}{more}</p>"
    items = "".join(f"<li>{inline(t)}</li>" for t in q.items)
    return f"<p>Answer, in order:</p><ol>{items}</ol>"


def _explanation(q: Any, ctx: PageContext) -> str:
    parts = []
    if q.explanation:
        parts.append(f"<p>{inline(q.explanation)}</p>")
    if q.entry:
        url = attr(ctx.href(f"questions/{q.entry}.md"))
        parts.append(f'<p class="kbq-more">Read more: <a href="{url}">{inline(ctx.entry_title(q.entry))}</a></p>')
    return f'<div class="kbq-exp">{"".join(parts)}</div>' if parts else ""


def question_html(p: Prepared, ctx: PageContext, number: int | None = None, origin: str = "") -> str:
    """One question as a <fieldset>; ``origin`` is optional HTML naming where it comes from."""
    opening, legend, body = p.markup
    n = f'<span class="kbq-n">{number}.</span> ' if number is not None else ""
    return f"{opening}{n}{legend}{origin}{body}{_explanation(p.q, ctx)}</details></fieldset>"



def block_html(block_id: str, items: list[tuple[Prepared, bool, str]], ctx: PageContext, *,
               numbered: bool = True, kind: str = "quiz", reset_label: str = "Reset this quiz",
               header: str = "", quiz: Any = None) -> str:
    """A quiz block: its JSON, its questions, the score and a reset button. ``items``: (question, partial, origin);
    ``quiz``: the Quiz whose mode, time limit and pool apply."""
    data: dict[str, Any] = {"id": block_id, "kind": kind, "q": [question_data(p, partial) for p, partial, _ in items]}
    exam = quiz is not None and quiz.mode == "exam"
    foot = f'<button type="button" data-a="reset">{inline("Start a new attempt" if exam else reset_label)}</button>'
    if kind == "quiz" and not exam:  # (an exam's solutions stay closed until it is submitted)
        foot += ' <button type="button" data-a="key">Print with answers</button>'
    if quiz is not None and quiz.pool:
        data["pool"] = quiz.pool
    if exam:
        data["mode"] = "exam"
        foot = f'<button type="button" data-a="submit">Submit answers</button> {foot}'
        if quiz.time_limit:
            data["lim"] = quiz.time_limit * 60
            minutes = f'{quiz.time_limit} minute{"s" if quiz.time_limit != 1 else ""}'
            header += (f'<p class="kbq-start kbq-js" hidden><button type="button" data-a="start">Start the exam '
                       f'({minutes})</button></p><p class="kbq-timer kbq-js" role="timer" hidden></p>')
    questions = "\n".join(question_html(p, ctx, i + 1 if numbered else None, origin)
                          for i, (p, _, origin) in enumerate(items))
    return (f'<div class="kbq" data-kbq="{attr(block_id)}">\n'
            f'<script type="application/json" class="kbq-data">{json_for_html([data])}</script>{asset_tags(ctx.href)}\n'
            f'{header + chr(10) if header else ""}{questions}\n'
            f'<p class="kbq-foot kbq-js" hidden><span class="kbq-score" role="status" aria-live="polite"></span> '
            f'{foot}</p>\n</div>')
