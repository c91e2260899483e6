"""A build that reuses the last build's pages (the live preview after an edit) makes the same site as a fresh one."""

from __future__ import annotations

import pytest
from factory import entry_yaml, make_project

from generator.content.corpus import load_corpus
from generator.errors import BuildFailed
from generator.pages import site
from generator.pages.bundle import SiteSettings
from generator.pages.pipeline import quiz_extras

QUIZ = """\
id: training-quiz
title: Training
topic: training
questions:
  - id: t-steps
    type: true-false
    prompt: Does a larger rate take larger steps?
    answer: true
"""
SELF_CHECK = """self_check:
  - id: sc-one
    type: true-false
    prompt: Is the rate a step size?
    answer: true
"""


def _build(root, settings: SiteSettings):
    corpus = load_corpus(root)
    return site.build_site(corpus, {}, settings, demos_enabled=False, extras=quiz_extras(corpus, {}, False))


def _edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


EDITS = [  # (file under the project, text, its replacement): each a kind of edit an author makes
    ("content/entries/a.yml", "A plain answer.", "An edited answer."),
    ("content/entries/b.yml", "What happens when the learning rate is too high?", "And when it is far too high?"),
    ("content/entries/b.yml", "tags: [learning-rate, divergence]", "tags: [divergence, momentum]"),
    ("content/entries/c.yml", "published: 2023-12-01", "published: 2025-03-04"),
    ("content/entries/a.yml", "summary: A short summary of lr-basics.", "summary: Another summary."),
    ("content/entries/a.yml", "topic: training", "topic: using"),
    ("content/taxonomy.yml", "title: Training the network", "title: Fitting the network"),
    ("quizzes/training-quiz.yml", "title: Training", "title: Training again"),
    ("content/entries/c.yml", "related: []", "related: [lr-too-high]"),
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_edit_gives_the_pages_of_a_fresh_build(tmp_path, directory_urls):
    entries = {"a.yml": entry_yaml("lr-basics", "What is the learning rate?", related="[lr-too-high]", extra=SELF_CHECK),
               "b.yml": entry_yaml("lr-too-high", "What happens when the learning rate is too high?",
                                   published="2024-02-01", tags="[learning-rate, divergence]"),
               "c.yml": entry_yaml("predict", "How do we predict on new images?", topic="using", published="2023-12-01")}
    root = make_project(tmp_path, entries)
    (root / "quizzes" / "training-quiz.yml").write_text(QUIZ)
    settings = SiteSettings(directory_urls=directory_urls)
    _build(root, settings)
    steps = [*EDITS, ("content/entries/d.yml", None, entry_yaml("new-one", "A new question?", topic="using")),
             ("content/entries/d.yml", "remove", None)]
    for path, old, new in steps:
        target = root / path
        if old is None:
            target.write_text(new)
        elif old == "remove":
            target.unlink()
        else:
            _edit(target, old, new)
        reused = _build(root, settings)
        site._LAST = site._Built()  # what a new process starts with
        fresh = _build(root, settings)
        assert reused.pages == fresh.pages, path
        assert reused.nav == fresh.nav and reused.assets.keys() == fresh.assets.keys()


def test_an_entry_with_errors_is_reported_again_on_the_next_build(tmp_path):
    root = make_project(tmp_path)
    _build(root, SiteSettings())
    _edit(root / "content/entries/a.yml", "A plain answer.", "{{ unclosed")
    for _ in range(2):  # the failed page is never kept for reuse
        with pytest.raises(BuildFailed):
            _build(root, SiteSettings())
