"""Typed models of quiz files (``quizzes/**/*.yml``) and of self-check questions.

The models are the single source of truth for the quiz format: load-time
validation messages and the published JSON Schema (``schemas/quiz.schema.json``,
from :func:`quiz_json_schema`) both come from here. This module imports only
pydantic and the standard library, so ``generator.content.entry_models`` can import
:data:`Question` for an entry's ``self_check:`` list without a cycle.
Cross-file rules (unknown entries, topics, demos; duplicate ids) live in
:mod:`generator.quizzes.checks`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag, ValidationInfo, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DEMO_PATH_PATTERN = r"^[a-z][a-z0-9_]*(?:\.[^\s.]+)+$"
PERCENT_PATTERN = r"^[0-9]+(?:\.[0-9]+)?%$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
Paragraph = Annotated[str, StringConstraints(min_length=1, max_length=3000, strip_whitespace=True)]
DemoPath = Annotated[str, StringConstraints(pattern=DEMO_PATH_PATTERN, max_length=200)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Percent = Annotated[str, StringConstraints(pattern=PERCENT_PATTERN, max_length=12, strip_whitespace=True)]

QUESTION_TYPES = ("single", "multiple", "true-false", "numeric", "text", "ordering")
# Tags of the non-dict unions below; they appear in pydantic error locations and
# are dropped again when an error is reported (see generator.content.validation).
UNION_TAGS = frozenset({"Number", "DemoRef", "Percent"})


class Problem(ValueError):
    """A validation failure with a hint for the author (pydantic keeps it in the error's context)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def field_of(model: BaseModel, name: str) -> Any:
    """``model.<name>``, or None for a model without that field (a question type without ``options``, a
    taxonomy level without ``code``)."""
    return getattr(model, name) if name in type(model).model_fields else None


class DemoRef(_Model):
    """A value taken from the latest demo results, so the quiz stays true when a demo reruns."""

    from_demo: DemoPath = Field(description="Dotted path to a demo result, e.g. 'lr_sweep.metrics.best.learning_rate'.")


NumberOrDemo = Annotated[
    Annotated[Number, Tag("Number")] | Annotated[DemoRef, Tag("DemoRef")],
    Discriminator(lambda value: "DemoRef" if isinstance(value, dict) else "Number"),
]
Tolerance = Annotated[
    Annotated[Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)], Tag("Number")] | Annotated[Percent, Tag("Percent")],
    Discriminator(lambda value: "Percent" if isinstance(value, str) else "Number"),
]


class Feedback(_Model):
    """What the reader sees after checking a question that has no options of its own."""

    correct: Text | None = Field(default=None, description="Shown when the answer is right.")
    incorrect: Text | None = Field(default=None, description="Shown when the answer is wrong.")


class Option(_Model):
    """One choice of a single- or multiple-choice question."""

    text: Text = Field(description="The option as the reader sees it (plain text; `code` in backticks).")
    correct: bool = Field(default=False, strict=True, description="True for a right option.")
    feedback: Text | None = Field(default=None, description="Shown when the reader picks this option.")


class DemoOptions(_Model):
    """Options generated from a list in the demo results; the right one is another result."""

    values: DemoPath = Field(description="Path to a list of numbers or words, e.g. 'lr_sweep.metrics.learning_rates'.")
    correct: DemoPath = Field(description="Path to the value among them that is right, e.g. 'lr_sweep.metrics.best.learning_rate'.")
    unit: Text | None = Field(default=None, description="Written after each value, e.g. 'epochs'.")


class _Question(_Model):
    id: Slug = Field(description="Stable identifier, unique across all quizzes and self-checks; it keys the reader's saved progress.")
    prompt: Paragraph = Field(description="The question (plain text; `code` in backticks).")
    hint: Text | None = Field(default=None, description="A nudge the reader can open before answering.")
    explanation: Paragraph | None = Field(default=None, description="Why the answer is right, shown after answering.")
    entry: Slug | None = Field(default=None, description="Id of the Q&A entry that explains this question.")
    points: Annotated[float, Field(strict=True, gt=0, le=100, allow_inf_nan=False)] = Field(
        default=1, description="What a right answer is worth; partial credit earns its share.")


class _ChoiceQuestion(_Question):
    options: list[Option] | None = Field(default=None, min_length=2, max_length=12)
    options_from_demo: DemoOptions | None = Field(default=None, description="Options generated from demo results.")
    shuffle: bool = Field(default=True, strict=True, description="Shuffle the options per reader (turn off for 'all of the above').")
    feedback: Feedback | None = Field(default=None, description="Shown after checking, besides the picked options' own feedback.")

    @model_validator(mode="after")
    def _one_source_of_options(self):
        if (self.options is None) == (self.options_from_demo is None):
            both = self.options is not None
            if both:
                raise Problem("give either 'options' or 'options_from_demo', not both", "remove one of the two")
            raise Problem("a choice question needs 'options'",
                          "list them under 'options:', each with 'text:' and, for the right ones, 'correct: true'")
        return self


class SingleChoice(_ChoiceQuestion):
    """Exactly one option is right (radio buttons)."""

    type: Literal["single"]

    @field_validator("options")
    @classmethod
    def _exactly_one_correct(cls, options: list[Option] | None) -> list[Option] | None:
        if options is not None:
            right = [i + 1 for i, o in enumerate(options) if o.correct]
            if len(right) != 1:
                raise Problem(
                    "a single-choice question needs exactly one correct option, "
                    + ("but none is marked 'correct: true'" if not right
                       else f"but {len(right)} are (options {', '.join(map(str, right))})"),
                    "mark exactly one option 'correct: true', or use 'type: multiple' for several right options")
        return options


class MultipleChoice(_ChoiceQuestion):
    """Any number of options may be right (checkboxes); scored per the quiz's ``scoring``."""

    type: Literal["multiple"]

    @field_validator("options")
    @classmethod
    def _some_correct(cls, options: list[Option] | None) -> list[Option] | None:
        if options is not None and not any(o.correct for o in options):
            raise Problem("a multiple-choice question needs at least one correct option, but none is marked 'correct: true'",
                          "add 'correct: true' to each right option")
        return options


class TrueFalse(_Question):
    """A statement the reader marks true or false."""

    type: Literal["true-false"]
    answer: bool = Field(strict=True, description="true if the statement in the prompt holds.")
    feedback: Feedback | None = None


class Numeric(_Question):
    """A number, accepted within a tolerance."""

    type: Literal["numeric"]
    answer: NumberOrDemo = Field(description="The right number, or {from_demo: <result path>}.")
    tolerance: Tolerance = Field(description="Accepted distance from the answer: a number (absolute) or a percentage such as '10%' (relative).")
    unit: Text | None = Field(default=None, description="Shown after the input, e.g. 'epochs'.")
    feedback: Feedback | None = None

    def margin(self, answer: float) -> float:
        """The absolute distance from ``answer`` the tolerance accepts (a percentage is of ``answer``)."""
        tol = self.tolerance
        return abs(answer) * float(tol[:-1]) / 100 if isinstance(tol, str) else float(tol)


class ShortText(_Question):
    """A word or phrase; any listed variant is accepted, ignoring case and spaces."""

    type: Literal["text"]
    answers: list[Text] = Field(min_length=1, max_length=20, description="Accepted answers; the first is shown as the solution.")
    feedback: Feedback | None = None


class Ordering(_Question):
    """Put items in order with up/down buttons."""

    type: Literal["ordering"]
    items: list[Text] = Field(max_length=12, description="The items in the right order; readers see them shuffled.")
    feedback: Feedback | None = None

    @field_validator("items")
    @classmethod
    def _enough_distinct_items(cls, items: list[str]) -> list[str]:
        if len(items) < 2:
            raise Problem(f"an ordering question needs at least 2 items to put in order, but it has {len(items)}",
                          "list the items in the right order under 'items:'")
        if len(set(items)) != len(items):
            raise Problem("two items of an ordering question have the same text",
                          "each item must read differently, or the reader cannot tell the orders apart")
        return items


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Numeric | ShortText | Ordering,
    Field(discriminator="type"),
]


class Quiz(_Model):
    """One quiz file: questions about one topic or one lesson of content/taxonomy.yml."""

    id: Slug = Field(description="Stable identifier; it is the quiz page's address.")
    title: Text
    topic: Slug | None = Field(default=None, description="Id of the topic this quiz tests (give topic or lesson).")
    lesson: Slug | None = Field(default=None, description="Id of the lesson this quiz tests (give topic or lesson).")
    description: Paragraph | None = Field(default=None, description="A short introduction shown above the questions.")
    scoring: Literal["all-or-nothing", "partial"] = Field(
        default="all-or-nothing",
        description="Multiple-choice scoring: all-or-nothing, or partial credit (right picks minus wrong picks).")
    mode: Literal["practice", "exam"] = Field(
        default="practice", description="practice: each question is checked on its own, with retries; exam: the "
        "reader answers every question, then submits them all and sees the score and the feedback.")
    time_limit: Annotated[int, Field(strict=True, ge=1, le=600)] | None = Field(
        default=None, description="Minutes an exam lasts once the reader starts it; at the end it is submitted.")
    questions: list[Question] = Field(min_length=1, max_length=200)
    pool: Annotated[int, Field(strict=True, ge=1)] | None = Field(
        default=None, description="Show this many of the questions, drawn for each reader and each attempt.")

    @field_validator("time_limit")
    @classmethod
    def _exam_only(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and info.data.get("mode") != "exam":
            raise Problem("'time_limit' applies to exams only", "add 'mode: exam' or remove 'time_limit'")
        return value

    @field_validator("pool")
    @classmethod
    def _pool_fits(cls, value: int | None, info: ValidationInfo) -> int | None:
        n = len(info.data.get("questions") or [])
        if value is not None and n and value > n:
            raise Problem(f"'pool' draws {value} questions but the quiz has {n}",
                          f"set 'pool' to at most {n}, or add questions")
        return value

    @model_validator(mode="after")
    def _topic_or_lesson(self) -> Quiz:
        if (self.topic is None) == (self.lesson is None):
            raise Problem("a quiz tests either a 'topic' or a 'lesson': give exactly one of them",
                          "write 'topic: <topic-id>' or 'lesson: <lesson-id>' from content/taxonomy.yml")
        return self


def quiz_json_schema() -> dict:
    """JSON Schema of a quiz file, for editors (the lead writes it to schemas/quiz.schema.json)."""
    schema = Quiz.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "quiz.schema.json"
    return schema
