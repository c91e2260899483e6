"""Typed models of the content files: the taxonomy and the Q&A entries.

These models are the single source of truth for what a content file may hold:
validation messages and the published JSON Schemas (``schemas/*.schema.json``)
are both generated from them. Cross-file rules (unknown topics, dangling
related ids, duplicates) live in :mod:`generator.content.corpus`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from generator.quizzes.quiz_models import Question

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Paragraph = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]
Tag = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Model):
    """A source for further reading."""

    title: Text = Field(description="Title of the referenced page, paper or book.")
    url: Url = Field(description="An http(s) address.")


ResultPath = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]


class Claim(_Model):
    """A statement the answer relies on, checked against the latest demo results at every build.

    Write it in one of three ways: ``expect`` (an expression over the results' means), ``lower``/``higher``
    with ``than`` (judged on the seeds' 95% intervals), or ``value`` with ``between`` (the whole interval
    must lie in the range)."""

    says: Text = Field(description="The claim in plain words, as a reader would state it.")
    expect: Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)] | None = Field(
        default=None, description="A Jinja expression over demo results (their means over the seeds) that must "
        "be true, e.g. 'demos.lr_sweep.final_loss[\"0.0001\"] > 0.95 * demos.lr_sweep.initial_loss'.")
    lower: ResultPath | None = Field(default=None, description="A result that must be lower than 'than' on "
                                     "every reading of the seeds, e.g. 'demos.lr_sweep.final_val_loss[\"0.1\"]'.")
    higher: ResultPath | None = Field(default=None, description="A result that must be higher than 'than'.")
    than: ResultPath | float | None = Field(default=None, description="The other result, or a number.")
    value: ResultPath | None = Field(default=None, description="A result whose 95% interval must lie in 'between'.")
    between: tuple[float, float] | None = Field(default=None, description="[low, high] for 'value'.")

    @model_validator(mode="after")
    def _one_form(self) -> Claim:
        forms = [self.expect is not None, self.lower is not None or self.higher is not None,
                 self.value is not None or self.between is not None]
        if sum(forms) != 1:
            raise ValueError("write the claim with exactly one of: 'expect', 'lower'/'higher' with 'than', "
                             "or 'value' with 'between'")
        if forms[1] and (self.lower is not None) == (self.higher is not None):
            raise ValueError("write either 'lower' or 'higher', not both")
        if forms[1] and self.than is None:
            raise ValueError("'lower' and 'higher' need 'than': another result or a number")
        if not forms[1] and self.than is not None:
            raise ValueError("'than' goes with 'lower' or 'higher'")
        if forms[2] and (self.value is None or self.between is None):
            raise ValueError("'value' and 'between' go together, e.g. between: [0.1, 0.3]")
        if forms[2] and self.between[0] > self.between[1]:
            raise ValueError("'between' must be [low, high] with low <= high")
        return self


class Entry(_Model):
    """One question-and-answer entry (one YAML file under content/)."""

    id: Slug = Field(description="Stable identifier; it is the page's address, so never change it once published.")
    question: Text = Field(description="The question, as a reader would ask it.")
    author: Text
    published: dt.date = Field(description="Date first published, YYYY-MM-DD.")
    updated: dt.date | None = Field(default=None, description="Date of the last substantive revision, YYYY-MM-DD.")
    topic: Slug = Field(description="Id of a topic in content/taxonomy.yml; places the entry in lesson, programme and field.")
    tags: list[Tag] = Field(default_factory=list, description="Lowercase words joined by hyphens.")
    summary: Paragraph = Field(description="A one-paragraph answer, shown in lists and search results.")
    answer: Annotated[str, StringConstraints(max_length=100_000)] = Field(
        description="The full answer in Markdown; may use Jinja to embed demo results.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related entries.")
    references: list[Reference] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    self_check: list[Question] = Field(default_factory=list, description="Self-check questions shown at the bottom of the page.")

    @field_validator("answer")
    @classmethod
    def _answer_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the answer is empty")
        return value

    @field_validator("tags", "related")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        seen = set()
        for v in values:
            if v in seen:
                raise ValueError(f"'{v}' is listed twice")
            seen.add(v)
        return values

    @field_validator("updated")
    @classmethod
    def _updated_after_published(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        published = info.data.get("published")  # (validated first: it comes first)
        if value is not None and published is not None and value < published:
            raise ValueError(f"{value} is before the published date {published}")
        return value


class Topic(_Model):
    id: Slug
    title: Text
    description: Text


class Lesson(_Model):
    id: Slug
    title: Text
    description: Text
    topics: list[Topic] = Field(min_length=1)


class Programme(_Model):
    id: Slug
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]+(?:/[A-Z0-9]+)*$", max_length=40)] | None = Field(
        default=None, description="The programme's own code, if it has one, such as CS/101.")
    title: Text
    description: Text
    lessons: list[Lesson] = Field(min_length=1)


class FieldOfStudy(_Model):
    id: Slug
    title: Text
    description: Text
    programmes: list[Programme] = Field(min_length=1)


class Taxonomy(_Model):
    """The controlled vocabulary: Field > Programme > Lesson > Topic (content/taxonomy.yml)."""

    fields: list[FieldOfStudy] = Field(min_length=1)
