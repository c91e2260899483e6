"""Read quiz files (``quizzes/**/*.yml``) into validated :class:`LoadedQuiz` values.

Every problem (YAML syntax, unknown or missing fields, wrong types, broken
question rules) goes into the caller's :class:`~generator.errors.ErrorCollector`
with the file's line and column; a file with errors yields no quiz.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.content import validation  # (imports quiz models itself: used at call time)
from generator.content.reading import remembered, yaml_files
from generator.content.yamlmarks import YamlDoc
from generator.errors import ErrorCollector
from generator.quizzes.quiz_models import Quiz

QUIZ_DIR = "quizzes"


@dataclass(frozen=True)
class LoadedQuiz:
    """A validated quiz, the file it came from and its document (for positions in messages)."""

    path: str  # display path relative to the project root, e.g. "quizzes/learning-rate-basics.yml"
    doc: YamlDoc = field(repr=False, compare=False)
    quiz: Quiz

    @property
    def id(self) -> str:
        return self.quiz.id


def parse_quiz(doc: YamlDoc, errors: ErrorCollector) -> Quiz | None:
    """Validate one loaded document against :class:`Quiz`."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else "not a mapping of 'field: value' lines"
        errors.add(doc.path, 1, 1, f"a quiz file must hold a mapping, but this one is {what}",
                   "start with 'id:', 'title:', 'topic:' (or 'lesson:') and 'questions:'")
        return None
    quiz, problems = validation.validate(Quiz, doc)
    errors.extend(problems)
    return quiz


_LOADED: dict[str, tuple[tuple, LoadedQuiz]] = {}  # this process's last load of each quiz file


def load_quizzes(project_root: Path, errors: ErrorCollector) -> list[LoadedQuiz]:
    """Load and validate every quiz file; problems go into ``errors``."""
    from generator.content.corpus import load_document  # (corpus imports this package: imported at call time)

    root = Path(project_root).resolve()

    def load(file: str) -> LoadedQuiz | None:
        before = len(errors)
        doc = load_document(root, file, errors)
        if doc is None or len(errors) > before:
            return None
        quiz = parse_quiz(doc, errors)
        return None if quiz is None else LoadedQuiz(doc.path, doc, quiz)

    files = yaml_files(root, root / QUIZ_DIR, errors)  # sorted by path: the order (and any error list) is stable
    return [quiz for file in files if (quiz := remembered(_LOADED, root, file, load)) is not None]
