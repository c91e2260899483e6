"""Turn pydantic validation errors into one-line author messages at the right spot.

``validate(model, doc)`` returns ``(instance, errors)``. Each pydantic error is
mapped to the line and column of the offending value (or key, for unknown
fields; or the enclosing mapping, for missing ones), with wording an author
who has never seen Python can act on.
"""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.yamlmarks import YamlDoc
from generator.errors import ContentError, did_you_mean

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {dict: "a mapping", list: "a list", str: "text", int: "a whole number", float: "a number",
               bool: "true or false", type(None): "empty"}


def _kind(value: Any) -> str:
    for t, name in _TYPE_NAMES.items():
        if type(value) is t:
            return name
    return type(value).__name__


def field_label(loc: tuple) -> str:
    """('references', 0, 'url') -> 'references[0].url'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (following nested models and lists)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or ():
        inner = _unwrap(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


def clean_loc(data: Any, loc: tuple) -> tuple:
    """Drop the union tags pydantic inserts into a location (keys absent from the data, except the last)."""
    out, current = [], data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and isinstance(part, str) and part not in current and not last:
            continue
        out.append(part)
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            current = None
    return tuple(out)


def _message(err: dict, model: type[BaseModel], doc: YamlDoc) -> ContentError:
    loc = clean_loc(doc.data, tuple(err["loc"]))
    kind, name, value = err["type"], field_label(loc), err.get("input")
    if kind == "missing":
        return doc.error(loc[:-1], f"missing required field '{name}'", f"add a line '{loc[-1]}: ...'")
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        hint = did_you_mean(str(loc[-1]), allowed) or (f"allowed fields: {', '.join(allowed)}" if allowed else None)
        return doc.error(loc, f"unknown field '{name}'", hint, at_key=True)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return doc.error(loc, f"'{name}' must be a mapping of fields, got {_kind(value)}")
    if kind == "list_type":
        return doc.error(loc, f"'{name}' must be a list, got {_kind(value)}", f"write '{loc[-1]}: [a, b]'" if loc else None)
    if kind == "string_type":
        return doc.error(loc, f"'{name}' must be text, got {_kind(value)}", "quote the value if it looks like a number or date")
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "https?" in pattern:
            return doc.error(loc, f"'{name}' must be an http:// or https:// address, got '{value}'")
        if pattern.startswith("^[a-z0-9]"):
            return doc.error(loc, f"'{name}' must be lowercase words joined by hyphens, got '{value}'",
                             "for example 'learning-rate-schedules'")
        return doc.error(loc, f"'{name}' has the wrong form: '{value}'", f"it must match {pattern}")
    if kind == "string_too_short":
        return doc.error(loc, f"'{name}' is empty", "write some text or remove the field")
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        return doc.error(loc, f"'{name}' is too long ({len(str(value))} characters, at most {limit})")
    if kind == "too_short":
        return doc.error(loc, f"'{name}' needs at least {err.get('ctx', {}).get('min_length', 1)} item(s)")
    if kind.startswith("date") or kind.startswith("datetime"):
        return doc.error(loc, f"'{name}' must be a date written YYYY-MM-DD, got '{value}'")
    if kind == "bool_type" or kind == "bool_parsing":
        return doc.error(loc, f"'{name}' must be true or false, got '{value}'")
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        return doc.error(loc, f"'{name}' must be a number, got '{value}'")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return doc.error(loc, f"'{name}' must be one of {expected}, got '{value}'")
    if kind == "value_error":
        problem = err.get("ctx", {}).get("error", err["msg"])
        text, hint = str(problem.args[0] if getattr(problem, "args", None) else problem), getattr(problem, "hint", None)
        return doc.error(loc, f"{name}: {text}" if loc else text, hint)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return doc.error(loc, f"'{name}': {err['msg']}")
    return doc.error(loc, f"'{name}': {err['msg']}")


def validate(model: type[M], doc: YamlDoc) -> tuple[M | None, list[ContentError]]:
    """Validate a loaded document against ``model``; never raises for bad content."""
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else _kind(doc.data)
        return None, [ContentError(doc.path, 1, 1, f"expected a mapping of fields at the top of the file, but the file is {what}",
                                   f"start from an existing {model.__name__.lower()} file or run 'python -m generator new'")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_message(e, model, doc) for e in exc.errors(include_url=False)]
