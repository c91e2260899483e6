"""GIFT text for Moodle's "Import questions → GIFT format": one category per quiz, from the taxonomy.

GIFT holds questions only, and fewer kinds than ours; ``notes`` names each loss of the quizzes exported:
ordering becomes matching (each item to its position), a unit moves into the prompt, a relative tolerance
becomes the absolute one it means, points, hints and quiz settings are left out, and all-or-nothing
multiple choice becomes weights under which a wrong pick costs the whole mark.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from pathlib import Path

from generator.exports.bank import BankQuiz
from generator.exports.moodle import category_path
from generator.quizzes import widget
from generator.quizzes.quiz_models import MultipleChoice, Numeric, Ordering, ShortText, SingleChoice, TrueFalse
from generator.quizzes.widget import attr

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})
_ORDINALS = ("1st", "2nd", "3rd")


inline = partial(widget.inline, quote=False)  # (quotes stay: GIFT would escape the '#' of an entity)


def text(value: str) -> str:
    """Plain text as GIFT's [html] text, GIFT's control characters escaped."""
    return inline(value).translate(_SPECIAL)


def number(value: float) -> str:
    """A number as GIFT writes it: plain decimals (its grammar has no exponent)."""
    return format(Decimal(repr(float(value))).normalize(), "f")


def _feedback(value: str | None) -> str:
    return f"#{text(value)}" if value else ""


def _weight(share: float) -> str:
    return f"%{number(round(share, 5))}%"


def _answers(item, partial: bool) -> str:
    q = item.q
    if isinstance(q, TrueFalse):
        fb = q.feedback
        right, wrong = (fb.correct or "", fb.incorrect or "") if fb else ("", "")
        return f"{'TRUE' if q.answer else 'FALSE'}#{text(wrong)}#{text(right)}" if fb else ("TRUE" if q.answer else "FALSE")
    if isinstance(q, SingleChoice):
        return "\n".join(f"{'=' if o.correct else '~'}{text(o.text)}{_feedback(o.feedback)}" for o in item.options)
    if isinstance(q, MultipleChoice):
        n_right = sum(o.correct for o in item.options)
        wrong = -100 / n_right if partial else -100
        return "\n".join(f"~{_weight(100 / n_right if o.correct else wrong)}{text(o.text)}{_feedback(o.feedback)}"
                         for o in item.options)
    fb = getattr(q, "feedback", None)
    right = _feedback(fb.correct if fb else None)
    if isinstance(q, Numeric):
        return f"#={number(item.number)}:{number(q.margin(item.number))}{right}"
    if isinstance(q, ShortText):
        return "\n".join(f"={text(a)}{right}" for a in q.answers)
    return "\n".join(f"={text(t)} -> {position(i)}" for i, t in enumerate(q.items))


def position(i: int) -> str:
    return _ORDINALS[i] if i < 3 else f"{i + 1}th"


def _general(bq: BankQuiz, index: int) -> str:
    item, from_demo = bq.items[index], bq.from_demos[index]
    q, parts = item.q, []
    if q.explanation:
        parts.append(inline(q.explanation))
    fb = getattr(q, "feedback", None)
    if fb and fb.incorrect and isinstance(q, (Numeric, ShortText, Ordering)):
        parts.append(f"If your answer was wrong: {inline(fb.incorrect)}")
    if fb and fb.correct and isinstance(q, Ordering):
        parts.append(f"If your order was right: {inline(fb.correct)}")
    link = bq.entries.get(q.entry)
    if link:
        question, url = link
        parts.append(f'Read more: <a href="{attr(url)}">{inline(question)}</a>' if url else f"Read more: {inline(question)}")
    if from_demo:
        parts.append(f"The answer is from the current demo run ({inline(bq.run_text(index))}).")
    return "<br>".join(parts).translate(_SPECIAL)


def question_gift(bq: BankQuiz, index: int) -> str:
    """One question in GIFT, with its id and the quiz as a tag in the comment Moodle reads them from."""
    item = bq.items[index]
    q = item.q
    prompt = text(q.prompt)
    if isinstance(q, Numeric) and q.unit:
        prompt += f" (in {text(q.unit)})"
    if isinstance(q, Ordering):
        prompt += " (Match each item to its place in the order.)"
    title = " ".join(q.prompt.split())
    title = text(title if len(title) <= 60 else title[:59].rstrip() + "…")
    general = _general(bq, index)
    body = _answers(item, bq.quiz.scoring == "partial") + (f"\n####{general}" if general else "")
    return f"// [id:{q.id}] [tag:{bq.quiz.id}]\n::{title}::[html]{prompt}{{\n{body}\n}}\n"


def gift_text(bank: list[BankQuiz]) -> str:
    blocks = ["// Question bank in GIFT, written by kbgen export gift; each quiz is a category.\n"]
    for bq in bank:
        blocks.append(f"// {bq.quiz.title} ({bq.quiz.id}): {len(bq.items)} questions\n"
                      f"$CATEGORY: {category_path((*bq.path, bq.quiz.title))}\n")
        blocks += [question_gift(bq, i) for i, item in enumerate(bq.items) if not item.unavailable]
    return "\n".join(blocks)


def write(bank: list[BankQuiz], path: Path) -> list[Path]:
    """The whole bank as one GIFT file at ``path``."""
    path.write_text(gift_text(bank), encoding="utf-8")
    return [path]


def notes(bank: list[BankQuiz]) -> list[str]:
    """One line per kind of question or setting that GIFT cannot hold as it is, and what was written instead."""
    items = [(bq, item) for bq in bank for item in bq.items]

    def count(test) -> int:
        return sum(1 for bq, item in items if test(bq, item))

    found = [
        (count(lambda bq, i: isinstance(i.q, Ordering)), "ordering question(s) written as matching: each item "
         "is matched to its position (1st, 2nd, ...), since GIFT has no ordering type; Moodle marks matching per "
         "pair, so a nearly right order earns part of the points where the site gives none"),
        (count(lambda bq, i: isinstance(i.q, ShortText)), "short-answer question(s): Moodle ignores case as the "
         "site does, but not spaces inside an answer"),
        (count(lambda bq, i: getattr(i.q, "shuffle", True) is False), "question(s) with 'shuffle: false': GIFT "
         "cannot say it; turn off 'Shuffle the choices' on them in Moodle"),
        (count(lambda bq, i: isinstance(i.q, MultipleChoice) and bq.quiz.scoring == "all-or-nothing"),
         "all-or-nothing multiple-choice question(s): GIFT has only weights, so each wrong pick costs the whole "
         "mark and each right pick earns its share"),
        (count(lambda bq, i: isinstance(i.q, Numeric) and isinstance(i.q.tolerance, str)),
         "relative tolerance(s) written as the absolute tolerance they mean for the current answer"),
        (count(lambda bq, i: isinstance(i.q, Numeric) and bool(i.q.unit)), "unit(s) moved into the prompt"),
        (count(lambda bq, i: i.q.points != 1), "question(s) worth other than 1 point: GIFT has no marks; set "
         "them in Moodle"),
        (count(lambda bq, i: bool(i.q.hint)), "hint(s) left out: GIFT has no hints"),
        (count(lambda bq, i: i.unavailable), "question(s) left out: their demo results are unavailable; run the "
         "demos (make demos) and export again"),
        (sum(1 for bq in bank if bq.quiz.mode == "exam" or bq.quiz.time_limit or bq.quiz.pool),
         "quiz(zes) with exam settings (mode, time limit, pool): GIFT holds questions only; set them on the "
         "Moodle quiz"),
    ]
    return [f"gift: {n} {message}" for n, message in found if n]
