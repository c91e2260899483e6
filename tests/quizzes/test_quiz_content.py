"""The project's own quizzes: valid, linked to real entries and topics, varied, big enough."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
import yaml

from generator.errors import ErrorCollector
from generator.quizzes import check_quizzes, load_quizzes

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    taxonomy = yaml.safe_load((REPO / "content" / "taxonomy.yml").read_text(encoding="utf-8"))
    lessons = [lesson for f in taxonomy["fields"] for p in f["programmes"] for lesson in p["lessons"]]
    entries = {}
    for file in (REPO / "content").rglob("*.yml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "question" in data:
            entries[data["id"]] = data
    return {"topics": {t["id"] for lesson in lessons for t in lesson["topics"]},
            "lessons": {lesson["id"] for lesson in lessons}, "entries": entries}


@pytest.fixture(scope="module")
def quizzes(corpus):
    errors = ErrorCollector()
    loaded = load_quizzes(REPO, errors)
    check_quizzes(loaded, {}, entry_ids=set(corpus["entries"]), topic_ids=corpus["topics"],
                  lesson_ids=corpus["lessons"], resolve_demo=None, errors=errors)
    assert [e.format() for e in errors] == []
    return loaded


def test_enough_varied_questions(quizzes):
    questions = [q for lq in quizzes for q in lq.quiz.questions]
    assert len(questions) >= 40
    kinds = collections.Counter(q.type for q in questions)
    assert set(kinds) == {"single", "multiple", "true-false", "numeric", "text", "ordering"}
    assert min(kinds.values()) >= 3, kinds
    assert {lq.quiz.scoring for lq in quizzes} == {"all-or-nothing", "partial"}


def test_some_answers_come_from_demos(quizzes):
    demo_backed = [q.id for lq in quizzes for q in lq.quiz.questions
                   if getattr(q, "options_from_demo", None) or isinstance(getattr(q, "answer", None), dict)
                   or type(getattr(q, "answer", None)).__name__ == "DemoRef"]
    assert len(demo_backed) >= 3, demo_backed
