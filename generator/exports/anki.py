"""An Anki deck (``.apkg``) of the question bank, for spaced-repetition study: one note per question, in a
deck per topic (``Programme::Lesson::Topic``; a lesson's quiz in the lesson's deck).

Re-importing a newer export updates the notes it imported before instead of adding copies: a note's GUID
comes from its question id, the note type and deck ids are fixed, and every note carries the export time as
its modification time, which is what Anki's default "update if newer" compares. The ``Version`` field shows
the hash of what decides the answer, so an instructor can see which answers changed.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import tempfile
import time
import zipfile
from contextlib import closing
from pathlib import Path

import genanki

from generator.exports.bank import BankQuiz
from generator.quizzes.demo_values import format_value
from generator.quizzes.quiz_models import MultipleChoice, Numeric, Ordering, ShortText, TrueFalse, field_of
from generator.quizzes.widget import Prepared, attr, inline, shown_order

FIELDS = ("Question", "Hint", "Answer", "Explanation", "Entry", "Source", "Id", "Version")
FRONT = '{{Question}}{{#Hint}}<div class="hint">{{hint:Hint}}</div>{{/Hint}}'
BACK = ('{{FrontSide}}<hr id=answer>{{Answer}}{{#Explanation}}<div class="why">{{Explanation}}</div>{{/Explanation}}'
        '{{#Entry}}<p class="entry">Read more: {{Entry}}</p>{{/Entry}}'
        '{{#Source}}<p class="source">{{Source}}</p>{{/Source}}')
CSS = """.card { font: 18px/1.45 system-ui, sans-serif; text-align: left; max-width: 40rem; margin: 0 auto; }
.note, .source { color: #666; font-size: .85em; } .why { margin-top: 1em; } code { font-size: .95em; }"""
# Fixed forever: Anki recognises the note type by this id when a later export is imported.
MODEL = genanki.Model(1_742_518_207, "Knowledge base quiz question", fields=[{"name": f} for f in FIELDS],
                      templates=[{"name": "Question and answer", "qfmt": FRONT, "afmt": BACK}], css=CSS)


def _deck_name(bq: BankQuiz) -> str:
    """The taxonomy below the field: the programme (the course) is the root deck."""
    return "::".join(" ".join(t.replace("::", ":").split()) for t in bq.path[1:])


def _deck_id(name: str) -> int:
    # derived from the name, in the range genanki recommends, so the same deck keeps its id on every export
    return (1 << 30) + int.from_bytes(hashlib.sha256(f"deck:{name}".encode()).digest()[:4]) % (1 << 30)


def guid(question_id: str) -> str:
    """The note's GUID: question ids are unique across all quizzes, so the id alone identifies the note."""
    return genanki.guid_for("kb-quiz-question", question_id)


def _question(item: Prepared) -> str:
    q = item.q
    out = f"<p>{inline(q.prompt)}</p>"
    if item.options is not None:
        if isinstance(q, MultipleChoice):
            out += '<p class="note">Every right option:</p>'
        elif isinstance(q, TrueFalse):
            out += '<p class="note">True or false?</p>'
        return out + "<ul>" + "".join(f"<li>{inline(o.text)}</li>" for o in item.options) + "</ul>"
    if isinstance(q, Numeric) and q.unit:
        return out + f'<p class="note">Unit: {inline(q.unit)}</p>'
    if isinstance(q, Ordering):
        return (out + '<p class="note">Put in order:</p><ul>'
                + "".join(f"<li>{inline(q.items[k])}</li>" for k in shown_order(q)) + "</ul>")
    return out


def _accepted(q: Numeric, number: float) -> tuple[str, str, str]:
    """The accepted range's ends and the tolerance as the author wrote it."""
    tol, width = q.tolerance, q.margin(number)
    within = tol if isinstance(tol, str) else f"±{format_value(float(tol))}"
    return format_value(number - width), format_value(number + width), within


def _answer(item: Prepared) -> str:
    q = item.q
    if item.options is not None:
        right = [inline(o.text) for o in item.options if o.correct]
        if len(right) == 1:
            return f"<p>{right[0]}</p>"
        return "<ul>" + "".join(f"<li>{text}</li>" for text in right) + "</ul>"
    if isinstance(q, Numeric):
        unit = f" {inline(q.unit)}" if q.unit else ""
        low, high, within = _accepted(q, item.number)
        return (f"<p>{inline(format_value(item.number))}{unit}</p>"
                f'<p class="note">Accepted: {inline(low)} to {inline(high)}{unit} (within {inline(within)})</p>')
    if isinstance(q, ShortText):
        more = ", ".join(inline(a) for a in q.answers[1:])
        return f"<p>{inline(q.answers[0])}</p>" + (f'<p class="note">Also accepted: {more}.</p>' if more else "")
    return "<ol>" + "".join(f"<li>{inline(t)}</li>" for t in q.items) + "</ol>"


def _explanation(item: Prepared) -> str:
    q = item.q
    out = f"<p>{inline(q.explanation)}</p>" if q.explanation else ""
    picked = [o for o in item.options or [] if o.feedback]
    if picked:
        out += "<ul>" + "".join(f'<li>{"✓" if o.correct else "✗"} {inline(o.text)}: {inline(o.feedback)}</li>'
                                for o in picked) + "</ul>"
    feedback = None if isinstance(q, TrueFalse) else field_of(q, "feedback")  # true/false: in the options
    if feedback is not None:
        out += "".join(f"<p>{label}: {inline(text)}</p>" for label, text in
                       (("If right", feedback.correct), ("If wrong", feedback.incorrect)) if text)
    return out


def _entry(bq: BankQuiz, item: Prepared) -> str:
    link = bq.entries.get(item.q.entry)
    if link is None:
        return ""
    question, url = link
    return f'<a href="{attr(url)}">{inline(question)}</a>' if url else inline(question)


def _source(bq: BankQuiz, index: int) -> str:
    """Which demo runs a question's values come from, for a question whose answer or text a demo decides."""
    return inline("From the current demo run: " + bq.run_text(index)) if bq.from_demos[index] else ""


def _note(bq: BankQuiz, index: int) -> genanki.Note:
    item = bq.items[index]
    q = item.q
    fields = [_question(item), inline(q.hint) if q.hint else "", _answer(item), _explanation(item),
              _entry(bq, item), _source(bq, index), inline(q.id), item.version]
    where = f"topic::{bq.quiz.topic}" if bq.quiz.topic else f"lesson::{bq.quiz.lesson}"
    return genanki.Note(model=MODEL, fields=fields, guid=guid(q.id), tags=[f"quiz::{bq.quiz.id}", where])


def write(bank: list[BankQuiz], path: Path, now: float | None = None) -> list[Path]:
    """The deck as one ``.apkg`` at ``path``; ``now`` (default: the current time) is every note's modification
    time, so a later export counts as newer in Anki. Questions whose demo values are unavailable are left out."""
    decks: dict[str, genanki.Deck] = {}
    for bq in bank:
        name = _deck_name(bq)
        deck = decks.setdefault(name, genanki.Deck(_deck_id(name), name))
        deck.description = "<br>".join(filter(None, (deck.description, inline(bq.quiz.title))))
        for index, item in enumerate(bq.items):
            if not item.unavailable:
                deck.add_note(_note(bq, index))
    _package(genanki.Package(list(decks.values())), path, time.time() if now is None else now)
    return [path]


def _package(package: genanki.Package, path: Path, timestamp: float) -> None:
    """The ``.apkg`` zip: genanki's collection database and an empty media list. (Its ``write_to_file`` leaves
    the database behind in the system's temporary folder on every export.)"""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        with closing(sqlite3.connect(db)) as conn:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))  # ids from the time
            conn.commit()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(db, "collection.anki2")
            out.writestr("media", "{}")


def notes(bank: list[BankQuiz]) -> list[str]:
    """What a deck of flashcards cannot hold, and how it was mapped."""
    out = []
    skipped = [item.q.id for bq in bank for item in bq.items if item.unavailable]
    if skipped:
        out.append(f"{len(skipped)} question(s) left out: their demo results are unavailable ({', '.join(skipped)})")
    pooled = [f"{bq.quiz.id} ({bq.quiz.pool} of {len(bq.items)})" for bq in bank if bq.quiz.pool]
    if pooled:
        out.append(f"Anki draws no question pools; every question of these quizzes is a card: {', '.join(pooled)}")
    exams = [bq.quiz.id for bq in bank if bq.quiz.mode == "exam"]
    if exams:
        out.append(f"exam mode and time limits do not apply to flashcards; these exams are plain cards: {', '.join(exams)}")
    if any(item.q.points != 1 for bq in bank for item in bq.items) or any(bq.quiz.scoring == "partial" for bq in bank):
        out.append("Anki does not score: points and partial credit are left out")
    return out
