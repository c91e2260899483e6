"""Typed models of the content files: the taxonomy and the Q&A entries.

These models are the single source of truth for what a content file may hold:
validation messages and the published JSON Schemas (``schemas/*.schema.json``)
are both generated from them. Cross-file rules (unknown topics, dangling
related ids, duplicates) live in :mod:`generator.content.corpus`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

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


class Claim(_Model):
    """A statement the answer relies on, checked against the latest demo results at every build."""

    expect: Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)] = Field(
        description="A Jinja expression over demo results that must be true, "
        "e.g. 'demos.lr_sweep.final_loss[\"3.0\"] > demos.lr_sweep.best.final_loss'.")
    says: Text = Field(description="The claim in plain words, as a reader would state it.")


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
    examination_review: bool = Field(default=False, description="Part of the programme's examination review "
                                     "(shown as a badge: only for a programme that has one).")
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
