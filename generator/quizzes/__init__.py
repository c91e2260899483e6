"""Self-check quizzes: quiz files, entry self-checks, their pages and the quiz widget.

Integration contract (the site wires these in)::

    quizzes = load_quizzes(project_root, errors)            # quizzes/**/*.yml, sorted
    check_quizzes(quizzes, self_checks, entry_ids=..., topic_ids=..., lesson_ids=...,
                  resolve_demo=resolver_or_None, errors=errors)
    ctx = PageContext(href=..., resolve_demo=..., entry_title=...,   # one per page
                      prepared=...)  # optional: question -> prepare(question, resolve_demo), kept per build
    quiz_page_markdown(quiz, ctx)          -> quizzes/<quiz-id>.md
    self_check_markdown(entry_id, qs, ctx) -> appended to questions/<entry-id>.md
    progress_page_markdown(quizzes, self_checks, ctx)   -> quizzes/progress.md
    review_page_markdown(quizzes, self_checks, ctx) -> quizzes/review.md
    SOURCES, shipped(site_path)             -> the widget's files: their sources, the minified bytes the site gets

``self_checks`` maps an entry id to (that entry file's YamlDoc, or anything holding it as ``.doc``
such as its LoadedEntry, which is read only for a message; its questions); self-check questions sit
under ``("self_check", i, ...)`` in that document.
"""

from __future__ import annotations

from generator.quizzes.assets import SOURCES, shipped
from generator.quizzes.checks import check_quizzes
from generator.quizzes.loader import LoadedQuiz, load_quizzes
from generator.quizzes.quiz_markdown import progress_page_markdown, question_count, quiz_page_markdown, quizzes_for, review_page_markdown, self_check_markdown
from generator.quizzes.quiz_models import Question, Quiz, quiz_json_schema
from generator.quizzes.widget import PageContext, prepare

__all__ = [
    "SOURCES", "LoadedQuiz", "PageContext", "Question", "Quiz", "check_quizzes", "load_quizzes",
    "prepare", "progress_page_markdown", "question_count", "quiz_json_schema", "quiz_page_markdown", "quizzes_for", "review_page_markdown",
    "self_check_markdown", "shipped",
]
