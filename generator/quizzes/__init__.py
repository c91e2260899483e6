"""Self-check quizzes: quiz files, entry self-checks, their pages and the quiz widget.

The site loads quizzes with :func:`load_quizzes`, checks them with :func:`check_quizzes` and renders the
pages with the ``*_markdown`` functions and a :class:`PageContext` per page; :data:`SOURCES` and
:func:`shipped` are the widget's files.
"""

from __future__ import annotations

from generator.quizzes.assets import SOURCES, shipped
from generator.quizzes.checks import check_quizzes
from generator.quizzes.loader import LoadedQuiz, load_quizzes
from generator.quizzes.quiz_markdown import progress_page_markdown, question_count, quiz_page_markdown, review_page_markdown, self_check_markdown
from generator.quizzes.quiz_models import Question, Quiz, quiz_json_schema
from generator.quizzes.widget import PageContext, prepare

__all__ = [
    "SOURCES", "LoadedQuiz", "PageContext", "Question", "Quiz", "check_quizzes", "load_quizzes",
    "prepare", "progress_page_markdown", "question_count", "quiz_json_schema", "quiz_page_markdown", "review_page_markdown",
    "self_check_markdown", "shipped",
]
