"""Fixtures for the quiz unit tests: a throw-away project folder with quiz files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.errors import ErrorCollector
from generator.quizzes import LoadedQuiz, load_quizzes

HEADER = "# yaml-language-server: $schema=../schemas/quiz.schema.json\n"


class Project:
    def __init__(self, root: Path):
        self.root = root
        (root / "quizzes").mkdir()

    def write(self, name: str, body: str) -> Path:
        path = self.root / "quizzes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
        return path

    def load(self) -> tuple[list[LoadedQuiz], list[str]]:
        errors = ErrorCollector()
        quizzes = load_quizzes(self.root, errors)
        return quizzes, [e.format() for e in errors]


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)
