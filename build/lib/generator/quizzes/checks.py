"""Cross-file rules for quizzes and entry self-checks.

After each file is valid on its own, :func:`check_quizzes` checks what needs
the whole project: quiz ids and question ids are unique (question ids key the
reader's saved progress), ``topic``/``lesson``/``entry`` name things that
exist, and every ``from_demo`` path and ``{{ demos.<path> }}`` placeholder resolves to a
usable value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from generator.content.yamlmarks import YamlDoc
from generator.errors import ErrorCollector, did_you_mean
from generator.quizzes import demo_values as demo
from generator.quizzes.loader import LoadedQuiz
from generator.quizzes.quiz_models import DemoRef, MultipleChoice, Numeric, SingleChoice

SelfChecks = dict  # entry id -> (the entry file's YamlDoc, or its LoadedEntry, list of questions)


def _doc(source) -> YamlDoc:
    """A YamlDoc, or the document of what holds one as ``.doc`` (a loaded quiz or entry: it parses the
    file's line marks when first asked, which only a message needs)."""
    return source if isinstance(source, YamlDoc) else source.doc


def _where(source, loc: tuple) -> str:
    doc = _doc(source)
    line, col = doc.mark(loc)
    return f"{doc.path}:{line}:{col}"


def all_questions(quizzes: Iterable[LoadedQuiz], self_checks: SelfChecks) -> Iterator[tuple[object, tuple, object]]:
    """(document or its holder, location of the question in it, question) for the whole bank, in a stable order."""
    for lq in quizzes:
        for i, q in enumerate(lq.quiz.questions):
            yield lq, ("questions", i), q
    for entry_id in sorted(self_checks):
        source, questions = self_checks[entry_id]
        for i, q in enumerate(questions):
            yield source, ("self_check", i), q


def _check_reference(source, loc: tuple, kind: str, value: str, known: set[str], errors: ErrorCollector,
                     where: str) -> None:
    if value not in known:
        hint = did_you_mean(value, sorted(known)) or f"{kind} ids are listed in {where}"
        errors.extend([_doc(source).error(loc, f"unknown {kind} '{value}'", hint)])


def _check_demo(source, loc: tuple, q: object, resolve: Callable[[str], object], errors: ErrorCollector) -> None:
    for suffix, text in demo.text_fields(q):
        if demo.PLACEHOLDER.search(text):
            try:
                demo.fill(text, resolve)
            except demo.DemoValueError as exc:
                errors.extend([_doc(source).error(loc + suffix, str(exc), exc.hint)])
    try:
        if isinstance(q, Numeric) and isinstance(q.answer, DemoRef):
            demo.number(q.answer, resolve)
        elif isinstance(q, (SingleChoice, MultipleChoice)) and q.options_from_demo is not None:
            loc = loc + ("options_from_demo",)
            demo.options(q.options_from_demo, resolve)
    except demo.DemoValueError as exc:
        field = ("answer", "from_demo") if exc.field == "from_demo" else (exc.field,)
        errors.extend([_doc(source).error(loc + field, str(exc), exc.hint)])


def check_quizzes(quizzes: list[LoadedQuiz], self_checks: SelfChecks, *, entry_ids: set[str], topic_ids: set[str],
                  lesson_ids: set[str], resolve_demo: Callable[[str], object] | None, errors: ErrorCollector) -> None:
    """Report every cross-file problem of the quizzes and self-checks into ``errors``."""
    seen_quiz: dict[str, tuple] = {}  # id -> where it was first used (formatted for a message only)
    for lq in quizzes:
        quiz = lq.quiz
        if quiz.id in seen_quiz:
            errors.extend([lq.doc.error(("id",), f"duplicate quiz id '{quiz.id}' (first used at {_where(*seen_quiz[quiz.id])})",
                                        "a quiz id is its page's address; give each quiz its own id")])
        else:
            seen_quiz[quiz.id] = (lq, ("id",))
        if quiz.topic is not None:
            _check_reference(lq, ("topic",), "topic", quiz.topic, topic_ids, errors, "content/taxonomy.yml")
        if quiz.lesson is not None:
            _check_reference(lq, ("lesson",), "lesson", quiz.lesson, lesson_ids, errors, "content/taxonomy.yml")

    seen_question: dict[str, tuple] = {}
    for source, loc, q in all_questions(quizzes, self_checks):
        if q.id in seen_question:
            errors.extend([_doc(source).error(loc + ("id",), f"duplicate question id '{q.id}' (first used at "
                                              f"{_where(*seen_question[q.id])})",
                                              "a question id keys the reader's saved progress; give each question its own id")])
        else:
            seen_question[q.id] = (source, loc + ("id",))
        if q.entry is not None:
            _check_reference(source, loc + ("entry",), "entry", q.entry, entry_ids, errors, "the 'id:' of content/entries/**")
        if resolve_demo is not None:
            _check_demo(source, loc, q, resolve_demo, errors)
