"""Turn pydantic validation errors into one-line author messages at the right spot.

One translator for every model an author writes: entries, the taxonomy,
quizzes and the self-check questions inside entries. Pydantic reports a
location such as ``('questions', 0, 'numeric', 'answer', 'Number')``; the tags of
unions in it (``'numeric'``, ``'Number'``) are not keys of the YAML file, so
:func:`clean_loc` drops them before the location is looked up in the document's
marks. Each pydantic error type gets a message an author who has never seen
Python can act on and, where it helps, a hint (did-you-mean for unknown fields
and values).
"""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.yamlmarks import YamlDoc, outside_block
from generator.errors import ContentError, did_you_mean
from generator.quizzes import quiz_models as q

M = TypeVar("M", bound=BaseModel)

UNION_TAGS = q.UNION_TAGS | set(q.QUESTION_TYPES)
_BY_TAG: dict[str, type[BaseModel]] = {
    "single": q.SingleChoice, "multiple": q.MultipleChoice, "true-false": q.TrueFalse,
    "numeric": q.Numeric, "text": q.ShortText, "ordering": q.Ordering, "DemoRef": q.DemoRef,
}
_PATTERNS = {  # pattern -> (message after the field's label, hint)
    q.SLUG_PATTERN: ("must be lowercase words joined by hyphens", "for example 'learning-rate-schedules'"),
    q.DEMO_PATH_PATTERN: ("must be a demo result path", "write <demo>.<key>..., e.g. 'lr_sweep.metrics.best.learning_rate'"),
    q.PERCENT_PATTERN: ("must be a number or a percentage",
                        "write a number for an absolute tolerance (0.01) or a percentage for a relative one ('5%')"),
}
_MISSING = {  # a field whose absence deserves its own words
    "tolerance": ("a numeric question needs a tolerance",
                  "add 'tolerance: 0.01' (an absolute distance) or 'tolerance: 5%' (relative to the answer)"),
}
_TYPES_HINT = "one of: " + ", ".join(q.QUESTION_TYPES)


# Fields that older versions accepted, with what to do about them.
RETIRED = {
    "examination_review": "the site no longer shows an 'Examination review' badge, which suggested an official exam "
                          "mapping: delete this line",
}


def field_label(loc: tuple) -> str:
    """('references', 0, 'url') -> 'references[0].url'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def clean_loc(data: Any, loc: tuple) -> tuple:
    """A pydantic location as keys and indices of ``data``: union tags dropped, a missing key kept."""
    out: list = []
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and part in cur:
            out.append(part)
            cur = cur[part]
        elif isinstance(part, str) and (part in UNION_TAGS or (isinstance(cur, dict) and cur.get("type") == part)
                                        or (i < len(loc) - 1 and not isinstance(cur, dict))):
            continue  # a union's tag, or a type's name where the value is not a mapping
        else:  # a missing key: keep it and everything after it as written
            out.extend(p for p in loc[i:] if not (isinstance(p, str) and p in UNION_TAGS))
            break
    return tuple(out)


def _model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last key of a raw pydantic location (tags included)."""
    model: type[BaseModel] | None = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if part in _BY_TAG:
            model = _BY_TAG[part]
        elif model is not None and part in model.model_fields:
            found = _models_in(model.model_fields[part].annotation)
            model = found[0] if len(found) == 1 else None
    return model


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += [x for x in _models_in(arg) if x not in found]
    return found


def describe(value: Any) -> str:
    """A value as an author would name it: 'an empty value', 'the number 3', "'text'", 'a list'."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _message(err: dict, root: type[BaseModel], raw: tuple, loc: tuple) -> tuple[str, str | None, bool, tuple]:
    """(message, hint, at_key, loc) for one pydantic error."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    label = f"'{field_label(loc)}'"
    if kind == "missing":
        message, hint = _MISSING.get(key, (f"missing required field '{key}'", None))
        if hint is None:
            owner = _model_at(root, raw)
            info = owner.model_fields.get(key) if owner else None
            about = (info.description or "").rstrip(".") if info is not None else ""
            hint = f"add a line '{key}: ...'" + (f": {about[0].lower()}{about[1:]}" if about else "")
        return message, hint, False, loc[:-1]
    if kind == "extra_forbidden":
        owner = _model_at(root, raw)
        allowed = list(owner.model_fields) if owner else []
        hint = RETIRED.get(key) or did_you_mean(key, allowed) or (f"allowed fields: {', '.join(allowed)}" if allowed else None)
        return f"unknown field '{key}'", hint, True, loc
    if kind == "union_tag_invalid":
        return (f"unknown question type '{ctx.get('tag')}'", did_you_mean(str(ctx.get("tag")), q.QUESTION_TYPES)
                or f"use {_TYPES_HINT}", False, loc + ("type",))
    if kind == "union_tag_not_found":
        return "missing required field 'type'", f"the question type, {_TYPES_HINT}", False, loc
    if kind in ("value_error", "assertion_error"):
        problem = ctx.get("error", err["msg"])
        text = str(problem.args[0] if getattr(problem, "args", None) else problem)
        return (f"{field_label(loc)}: {text}" if loc and kind == "value_error" and not isinstance(problem, q.Problem)
                else text), getattr(problem, "hint", None), False, loc
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "https?" in pattern:
            return f"{label} must be an http:// or https:// address, not {describe(value)}", None, False, loc
        if pattern not in _PATTERNS:
            return f"{label} has the wrong form: {describe(value)}", f"it must match {pattern}", False, loc
        words, hint = _PATTERNS[pattern]
        return f"{label} {words}, not {describe(value)}", hint, False, loc
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{label} must be one of {', '.join(choices)}, not {describe(value)}", did_you_mean(str(value), choices), False, loc
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"):
        hint = "write a number such as 0.01, or {from_demo: <demo>.<key>} for a demo result" if key == "answer" else None
        return f"{label} must be a number, not {describe(value)}", hint, False, loc
    if kind in ("bool_type", "bool_parsing"):
        return f"{label} must be true or false, not {describe(value)}", None, False, loc
    if kind.startswith(("date", "datetime")):
        return f"{label} must be a date written YYYY-MM-DD, not {describe(value)}", None, False, loc
    if kind == "string_type":
        return f"{label} must be text, not {describe(value)}", "quote the value if it looks like a number or date", False, loc
    if kind == "list_type":
        return f"{label} must be a list, not {describe(value)}", f"write '{key}: [a, b]' or one '- item' per line", False, loc
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        what = "the file" if not loc else label
        return f"{what} must be a mapping of 'field: value' lines, not {describe(value)}", None, False, loc
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"{label} needs at least {n} item{'s' if n != 1 else ''}, but it has {ctx.get('actual_length')}", None, False, loc
    if kind == "too_long":
        return f"{label} has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} are allowed", None, False, loc
    if kind == "string_too_short":
        return f"{label} is empty", "write some text or remove the field", False, loc
    if kind == "string_too_long":
        return f"{label} is longer than {ctx.get('max_length')} characters", "shorten it", False, loc
    if kind == "greater_than":
        return f"{label} must be greater than {ctx.get('gt')}, not {describe(value)}", None, False, loc
    if kind == "greater_than_equal":
        return f"{label} must be {ctx.get('ge')} or more, not {describe(value)}", None, False, loc
    if kind == "finite_number":
        return f"{label} must be a finite number", None, False, loc
    return f"{label}: {err['msg']}", None, False, loc


def validation_errors(doc: YamlDoc, exc: ValidationError, root: type[BaseModel]) -> list[ContentError]:
    """ContentErrors for ``exc``, raised validating ``root`` (a model class) on ``doc``'s data."""
    result = []
    for err in exc.errors(include_url=False):
        raw = tuple(err["loc"])
        message, hint, at_key, loc = _message(err, root, raw, clean_loc(doc.data, raw))
        error = doc.error(loc, message, hint, at_key=at_key)
        prose = err["type"] == "extra_forbidden" and not re.fullmatch(r"[a-z_]+", str(raw[-1]))  # 'Note', not 'sumary'
        dedented = outside_block(doc.text, error.line) if prose and error.line else None
        if dedented is not None:  # a line of an answer at too small an indent reads as a field of its own
            error = dataclasses.replace(error, message=f"{message}: {dedented[0]}", hint=dedented[1])
        result.append(error)
    return sorted(set(result), key=lambda e: (e.line or 0, e.col or 0, e.message))


def validate(model: type[M], doc: YamlDoc) -> tuple[M | None, list[ContentError]]:
    """Validate a loaded document against ``model``; never raises for bad content."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else describe(doc.data)
        return None, [ContentError(doc.path, 1, 1, f"expected a mapping of fields at the top of the file, but the file is {what}",
                                   f"start from an existing {model.__name__.lower()} file or run 'python -m generator new'")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, validation_errors(doc, exc, model)
