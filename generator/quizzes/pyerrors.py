"""Turn pydantic validation errors on quiz data into author-facing ContentErrors.

Pydantic reports locations such as ``('questions', 0, 'numeric', 'answer', 'Number')``:
the union tags in them (``'numeric'``, ``'Number'``) are not keys of the YAML file,
so :func:`clean_loc` drops them before the location is looked up in the
:class:`~generator.content.yamlmarks.YamlDoc` marks. Each pydantic error type gets a
message in the project's words and, where it helps, a hint (did-you-mean for
unknown fields and values).
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.content.yamlmarks import YamlDoc
from generator.errors import ContentError, did_you_mean
from generator.quizzes import models as m

_BY_TYPE: dict[str, type[BaseModel]] = {
    "single": m.SingleChoice, "multiple": m.MultipleChoice, "true-false": m.TrueFalse,
    "numeric": m.Numeric, "text": m.ShortText, "ordering": m.Ordering, "DemoRef": m.DemoRef,
}
_PATTERNS = {
    m.SLUG_PATTERN: ("'{v}' is not a valid id", "use lowercase letters, digits and single hyphens, e.g. 'lr-too-high'"),
    m.DEMO_PATH_PATTERN: ("'{v}' is not a demo result path",
                          "write <demo>.<key>..., e.g. 'lr_sweep.metrics.best.learning_rate'"),
    m.PERCENT_PATTERN: ("'{v}' is not a valid tolerance",
                        "write a number for an absolute tolerance (0.01) or a percentage for a relative one ('5%')"),
}
_MISSING = {
    "tolerance": ("a numeric question needs a tolerance",
                  "add 'tolerance: 0.01' (an absolute distance) or 'tolerance: 5%' (relative to the answer)"),
}
_TYPES_HINT = "one of: " + ", ".join(m.QUESTION_TYPES)


def clean_loc(data: Any, loc: tuple) -> tuple:
    """Drop union tags from a pydantic location, keeping only keys and indices of ``data``."""
    out: list = []
    cur = data
    for i, part in enumerate(loc):
        if isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and part in cur:
            out.append(part)
            cur = cur[part]
        elif isinstance(part, str) and (part in m.UNION_TAGS or (isinstance(cur, dict) and cur.get("type") == part)):
            continue
        else:  # a missing key: keep it and everything after it as written
            out.extend(p for p in loc[i:] if not (isinstance(p, str) and p in m.UNION_TAGS))
            break
    return tuple(out)


def _model_at(root: Any, loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last key of a raw pydantic location (tags included)."""
    model = root if isinstance(root, type) and issubclass(root, BaseModel) else None
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if part in _BY_TYPE:
            model = _BY_TYPE[part]
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


def _describe(value: Any) -> str:
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


def _field(loc: tuple) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "the file"


def _message(err: dict, root: Any, raw: tuple, loc: tuple) -> tuple[str, str | None, bool, tuple]:
    """(message, hint, at_key, loc) for one pydantic error."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    name = _field(loc)
    if kind == "missing":
        message, hint = _MISSING.get(name, (f"missing required field '{name}'", None))
        if hint is None:
            owner = _model_at(root, raw)
            info = owner.model_fields.get(name) if owner else None
            about = (info.description or "") if info is not None else ""
            hint = f"add '{name}: ...'" + (f": {about[0].lower()}{about[1:]}" if about else "")
        return message, hint, False, loc[:-1]
    if kind == "extra_forbidden":
        owner = _model_at(root, raw)
        allowed = list(owner.model_fields) if owner else []
        hint = did_you_mean(name, allowed) or (f"allowed fields: {', '.join(allowed)}" if allowed else None)
        return f"unknown field '{name}'", hint, True, loc
    if kind == "union_tag_invalid":
        return (f"unknown question type '{ctx.get('tag')}'", did_you_mean(str(ctx.get("tag")), m.QUESTION_TYPES)
                or f"use {_TYPES_HINT}", False, loc + ("type",))
    if kind == "union_tag_not_found":
        return "missing required field 'type'", f"the question type, {_TYPES_HINT}", False, loc
    if kind in ("value_error", "assertion_error"):
        problem = ctx.get("error")
        return str(problem), getattr(problem, "hint", None), False, loc
    if kind == "string_pattern_mismatch":
        template, hint = _PATTERNS.get(ctx.get("pattern"), ("'{v}' has the wrong form", None))
        return template.format(v=" ".join(str(value).split())[:60]), hint, False, loc
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return (f"'{name}' must be one of {', '.join(choices)}, not {_describe(value)}",
                did_you_mean(str(value), choices), False, loc)
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        hint = "write a number such as 0.01, or {from_demo: <demo>.<key>} for a demo result" if name == "answer" else None
        return f"'{name}' must be a number, not {_describe(value)}", hint, False, loc
    if kind in ("bool_type", "bool_parsing"):
        return f"'{name}' must be true or false, not {_describe(value)}", None, False, loc
    if kind == "string_type":
        return f"'{name}' must be text, not {_describe(value)}", "quote the text if YAML reads it as something else", False, loc
    if kind == "list_type":
        return f"'{name}' must be a list, not {_describe(value)}", "write one item per line, each starting with '- '", False, loc
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        what = "the file" if not loc else f"'{name}'" if isinstance(loc[-1], str) else f"item {loc[-1] + 1} of '{name}'"
        return f"{what} must be a mapping of 'field: value' lines, not {_describe(value)}", None, False, loc
    if kind == "too_short":
        n = ctx.get("min_length")
        return (f"'{name}' needs at least {n} item{'s' if n != 1 else ''}, but it has {ctx.get('actual_length')}",
                None, False, loc)
    if kind == "too_long":
        return f"'{name}' has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} are allowed", None, False, loc
    if kind == "string_too_short":
        return f"'{name}' is empty", None, False, loc
    if kind == "string_too_long":
        return f"'{name}' is longer than {ctx.get('max_length')} characters", "shorten it", False, loc
    if kind == "greater_than":
        return f"'{name}' must be greater than {ctx.get('gt')}, not {_describe(value)}", None, False, loc
    if kind == "greater_than_equal":
        return f"'{name}' must be {ctx.get('ge')} or more, not {_describe(value)}", None, False, loc
    if kind == "finite_number":
        return f"'{name}' must be a finite number", None, False, loc
    return f"'{name}': {err['msg']}", None, False, loc


def validation_errors(doc: YamlDoc, exc: ValidationError, root: Any, base: tuple = ()) -> list[ContentError]:
    """ContentErrors for ``exc``, raised validating ``root`` (a model class) on ``doc`` at ``base``."""
    data: Any = doc.data
    for part in base:
        data = data[part]
    result = []
    for err in exc.errors(include_url=False):
        raw = tuple(err["loc"])
        message, hint, at_key, loc = _message(err, root, raw, clean_loc(data, raw))
        result.append(doc.error(base + loc, message, hint, at_key=at_key))
    return sorted(set(result), key=lambda e: (e.line or 0, e.col or 0, e.message))
