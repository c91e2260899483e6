"""Moodle XML: the whole bank as one ``<quiz>`` file for Moodle's "Import questions → Moodle XML format".

Each quiz becomes a question category ``$course$/top/<field>/<programme>/<lesson>[/<topic>]/<quiz title>`` whose
description carries the quiz's settings, followed by its questions: single and multiple choice as ``multichoice``,
true/false as ``truefalse``, numbers as ``numerical`` with an absolute tolerance, text as ``shortanswer`` and
ordering as Moodle's ``ordering`` type (standard since Moodle 4.4). The file depends only on its input.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from generator.exports.bank import BankQuiz
from generator.quizzes.quiz_models import MultipleChoice, Numeric, Ordering, ShortText, TrueFalse
from generator.quizzes.widget import attr, inline

# What a wrong try costs in Moodle's interactive and adaptive behaviours: nothing, as on the site, where a
# later right answer earns the full points; 1 for true/false, whose second try cannot miss (Moodle's
# true/false form fixes it at 1).
PENALTY, TRUE_FALSE_PENALTY = "0", "1"
# The answer grades Moodle accepts on import (question_bank::fraction_options_full), as fractions.
GRADES = (1, .9, .8333333, .8, .75, .7, .6666667, .6, .5, .4, .3333333, .3, .25, .2, .1666667, .1428571, .125,
          .1111111, .1, .05, 0)
FORMAT = 'format="html"'


def _cdata(html: str) -> str:
    return f"<![CDATA[{html.replace(']]>', ']]]]><![CDATA[>')}]]>" if html else ""


def _num(value: float) -> str:
    """A number as Moodle reads it: up to 15 significant digits, no float noise, no trailing zeros."""
    text = format(float(value), ".15g")
    return "0" if text == "-0" else text


def _pct(fraction: float) -> str:
    """A grade in percent with Moodle's 5 decimals (33.33333 is its 1/3)."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _grade_ok(percent: str) -> bool:
    return any(abs(abs(float(percent)) / 100 - g) < 1e-5 for g in GRADES)


def _html(tag: str, html: str, pad: str = "    ") -> str:
    """``<tag format="html"><text>`` with the HTML in CDATA, as Moodle writes every text field."""
    return f"{pad}<{tag} {FORMAT}>\n{pad}  <text>{_cdata(html)}</text>\n{pad}</{tag}>\n"


def _p(text: str | None) -> str:
    return f"<p>{inline(text)}</p>" if text else ""


def _answer(percent: str, text: str, feedback: str = "", extra: str = "") -> str:
    """One ``<answer>``; ``text`` is already escaped (HTML for choices, plain text for typed answers)."""
    return (f'    <answer fraction="{percent}" {FORMAT}>\n      <text>{text}</text>\n'
            f"{_html('feedback', feedback, '      ')}{extra}    </answer>\n")


def _name(prompt: str) -> str:
    """The prompt shortened to 80 characters at a word, as Moodle names questions that come without a name."""
    text = " ".join(prompt.replace("`", "").split())
    return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "..."


def category_path(names: tuple[str, ...]) -> str:
    """Moodle's category path: "/" inside a name doubled, a name starting or ending with "/" padded by a space."""
    parts = []
    for name in names:
        part = " ".join(name.split()).replace("/", "//")
        parts.append((" " if part.startswith("/") else "") + part + (" " if part.endswith("/") else ""))
    return "/".join(["$course$", "top", *parts])


def settings(bq: BankQuiz) -> list[str]:
    """What the Moodle quiz that uses this category should be set to, as sentences."""
    quiz = bq.quiz
    out = ["Question behaviour: deferred feedback (an exam: answers are marked after submitting)." if quiz.mode == "exam"
           else "Question behaviour: adaptive mode (practice: each question checked on its own and tried "
           "again as often as wanted, as on the site; interactive mode would allow one try per hint, plus one)."]
    if quiz.time_limit:
        out.append(f"Time limit: {quiz.time_limit} minutes.")
    if quiz.pool:
        out.append(f"Add {quiz.pool} random questions from this category (of {len(quiz.questions)}) to each attempt;"
                   " each random slot is worth the mark the quiz gives it, not the drawn question's own points.")
    return out


def _category(bq: BankQuiz) -> str:
    runs = "".join(f"<li>{bq.run_label(name, inline, run=': run ')}</li>" for name in bq.runs)
    info = (_p(bq.quiz.description) + "".join(_p(s) for s in settings(bq))
            + (f"<p>Answers from the current demo runs:</p><ul>{runs}</ul>" if runs else ""))
    return (f"<!-- quiz: {escape(bq.quiz.id)} -->\n  <question type=\"category\">\n"
            f"    <category>\n      <text>{escape(category_path((*bq.path, bq.quiz.title)))}</text>\n    </category>\n"
            f"{_html('info', info)}  </question>\n")


def _general_feedback(bq: BankQuiz, index: int) -> str:
    item = bq.items[index]
    html = _p(item.q.explanation)
    link = bq.entries.get(item.q.entry)
    if link and link[1]:
        html += f'<p>Read more: <a href="{attr(link[1])}">{inline(link[0])}</a></p>'
    elif link:
        html += f"<p>Read more in the knowledge base: {inline(link[0])}</p>"
    if bq.from_demos[index]:
        runs = bq.run_text(index)
        html += _p(f"From the current demo run ({runs})." if runs else "From the current demo run.")
    return html


def _combined(fb, partial_count: bool) -> str:
    """Moodle's overall feedback; ours has no partly-right text, and the site shows the 'incorrect' one then."""
    right, wrong = (fb.correct, fb.incorrect) if fb else (None, None)
    return (_html("correctfeedback", _p(right)) + _html("partiallycorrectfeedback", _p(wrong))
            + _html("incorrectfeedback", _p(wrong)) + ("    <shownumcorrect/>\n" if partial_count else ""))


def _catch_all(fb, extra: str = "") -> str:
    """A ``*`` answer worth nothing that shows the 'incorrect' feedback for any other response."""
    return _answer("0", "*", _p(fb.incorrect), extra) if fb and fb.incorrect else ""


def _body(bq: BankQuiz, item) -> tuple[str, str]:
    """The question's Moodle type and the elements that follow the common header."""
    q, fb = item.q, getattr(item.q, "feedback", None)
    if isinstance(q, TrueFalse):
        return "truefalse", "".join(_answer("100" if o.correct else "0", o.text.lower(), _p(o.feedback))
                                    for o in item.options)
    if item.options is not None:
        many = isinstance(q, MultipleChoice)
        right = sum(o.correct for o in item.options)
        wrong = (-1 / right if bq.quiz.scoring == "partial" else -1) if many else 0
        head = (f"    <single>{'false' if many else 'true'}</single>\n"
                f"    <shuffleanswers>{'true' if q.shuffle else 'false'}</shuffleanswers>\n"
                "    <answernumbering>abc</answernumbering>\n    <showstandardinstruction>1</showstandardinstruction>\n")
        answers = "".join(_answer(_pct(1 / right if o.correct else wrong), _cdata(inline(o.text)), _p(o.feedback))
                          for o in item.options)
        return "multichoice", head + _combined(fb, many) + answers
    if isinstance(q, Numeric):
        body = (_answer("100", _num(item.number), _p(fb and fb.correct), f"      <tolerance>{_num(q.margin(item.number))}</tolerance>\n")
                + _catch_all(fb, "      <tolerance>0</tolerance>\n"))
        if q.unit:  # optional in the response, like the label our page shows beside the field
            body += (f"    <units>\n      <unit>\n        <multiplier>1</multiplier>\n        <unit_name>{escape(q.unit)}"
                     "</unit_name>\n      </unit>\n    </units>\n")
        return "numerical", body + (f"    <unitgradingtype>0</unitgradingtype>\n    <unitpenalty>0.1</unitpenalty>\n"
                                    f"    <showunits>{0 if q.unit else 3}</showunits>\n    <unitsleft>0</unitsleft>\n")
    if isinstance(q, ShortText):  # usecase 0: case does not matter; a literal "*" is escaped, "*" is a wildcard
        return "shortanswer", ("    <usecase>0</usecase>\n"
                               + "".join(_answer("100", escape(a.replace("*", "\\*")), _p(fb and fb.correct))
                                         for a in q.answers) + _catch_all(fb))
    assert isinstance(q, Ordering)
    head = ("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n"
            f"    <selectcount>{len(q.items)}</selectcount>\n    <gradingtype>ALL_OR_NOTHING</gradingtype>\n"
            "    <showgrading>SHOW</showgrading>\n    <numberingstyle>123</numberingstyle>\n")
    answers = "".join(f'    <answer fraction="{i}" {FORMAT}>\n      <text>{_cdata(inline(t))}</text>\n    </answer>\n'
                      for i, t in enumerate(q.items, start=1))
    return "ordering", head + _combined(fb, False) + "    <shownumcorrect>1</shownumcorrect>\n" + answers


def _question(bq: BankQuiz, index: int) -> str:
    item = bq.items[index]
    q = item.q
    qtype, body = _body(bq, item)
    text = _p(q.prompt) + (_p(f"Unit: {q.unit}") if isinstance(q, Numeric) and q.unit else "")
    return (f"<!-- question: {escape(q.id)} -->\n  <question type=\"{qtype}\">\n"
            f"    <name>\n      <text>{escape(_name(q.prompt))}</text>\n    </name>\n"
            f"{_html('questiontext', text)}{_html('generalfeedback', _general_feedback(bq, index))}"
            f"    <defaultgrade>{_num(q.points)}</defaultgrade>\n"
            f"    <penalty>{TRUE_FALSE_PENALTY if qtype == 'truefalse' else PENALTY}</penalty>\n"
            f"    <hidden>0</hidden>\n    <idnumber>{escape(q.id)}</idnumber>\n{body}"
            + (_html("hint", _p(q.hint)) if q.hint else "")
            + f"    <tags>\n      <tag><text>{escape(bq.quiz.id)}</text></tag>\n    </tags>\n  </question>\n")


def moodle_xml(bank: list[BankQuiz]) -> str:
    """The file's text: per quiz its category, then its questions (those with an answer to grade)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    for bq in bank:
        parts.append(_category(bq))
        parts += [_question(bq, i) for i, item in enumerate(bq.items) if not item.unavailable]
    return "".join(parts) + "</quiz>\n"


def write(bank: list[BankQuiz], path: Path) -> list[Path]:
    """The bank as Moodle XML into ``path`` (UTF-8, "\\n" line ends)."""
    path.write_bytes(moodle_xml(bank).encode("utf-8"))
    return [path]


def notes(bank: list[BankQuiz]) -> list[str]:
    """What Moodle XML cannot say as the site does, and how it was mapped."""
    strict = sum(isinstance(it.q, MultipleChoice) and not it.unavailable for bq in bank for it in bq.items
                 if bq.quiz.scoring == "all-or-nothing")
    skipped = [it.q.id for bq in bank for it in bq.items if it.unavailable]
    odd = [it.q.id for bq in bank for it in bq.items if isinstance(it.q, MultipleChoice) and it.options
           and not _grade_ok(_pct(1 / sum(o.correct for o in it.options)))]
    out = ["quiz settings (behaviour, time limit, random draws) are not part of Moodle XML: each category's "
           "description says what to set on the Moodle quiz"]
    if strict:
        out.append(f"{strict} all-or-nothing multiple-choice question(s): Moodle gives each right option 1/n and a "
                   "wrong one -100%, so a correct but incomplete selection earns part of the points")
    if any(isinstance(it.q, ShortText) for bq in bank for it in bq.items):
        out.append("short answers: Moodle ignores case as the site does, but not spaces inside an answer")
    if odd:
        out.append(f"Moodle rejects the grades of {', '.join(odd)} (more than 10 right options); edit them after import")
    pooled = [bq.quiz.id for bq in bank if bq.quiz.pool and len({q.points for q in bq.quiz.questions}) > 1]
    if pooled:
        out.append(f"pooled quiz(zes) with questions of different points ({', '.join(pooled)}): a Moodle random "
                   "slot carries one mark, whichever question it draws")
    if skipped:
        out.append(f"left out, their demo results being unavailable: {', '.join(skipped)}")
    return out
