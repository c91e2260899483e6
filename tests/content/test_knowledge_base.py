"""The repository's own knowledge base: enough entries of real length, honest authors and dates."""

from __future__ import annotations

import datetime as dt
import re

from factory import REPO

from generator.content.corpus import load_corpus

AUTHOR = "Learning Rate Knowledge Base"     # no invented people: the knowledge base signs its entries
FIRST_DAY = dt.date(2026, 11, 1)            # the project's content was first written in November 2026


def entries():
    return [item.entry for item in load_corpus(REPO).entries]


def test_at_least_forty_entries_each_several_paragraphs():
    found = entries()
    assert len(found) >= 40
    for entry in found:
        prose = re.sub(r"```.*?```", "", entry.answer, flags=re.S)
        paragraphs = [p for p in prose.split("\n\n") if len(p.split()) >= 20 and not p.lstrip().startswith("#")]
        assert len(paragraphs) >= 4 and len(prose.split()) >= 400, (entry.id, len(paragraphs), len(prose.split()))


def test_entries_are_signed_by_the_knowledge_base_with_real_dates():
    today = dt.date.today()
    for entry in entries():
        assert entry.author == AUTHOR, entry.id
        assert FIRST_DAY <= entry.published <= today, entry.id
        assert entry.updated is None or entry.published <= entry.updated <= today, entry.id


def test_every_topic_with_entries_has_a_quiz():
    corpus = load_corpus(REPO)
    topics = {entry.entry.topic for entry in corpus.entries}
    quizzed = set()
    for path in (REPO / "quizzes").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        quizzed.update(re.findall(r"^topic: ([a-z0-9-]+)$", text, flags=re.M))
        lesson = re.findall(r"^lesson: ([a-z0-9-]+)$", text, flags=re.M)
        if lesson:
            quizzed.update(t for t in topics if corpus.places[t].lesson.id == lesson[0])
    assert topics <= quizzed, sorted(topics - quizzed)
