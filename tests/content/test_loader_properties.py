"""Property-based tests: the loader and validator accept or report, and never crash."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.entry_models import Entry
from generator.content.validation import validate
from generator.content.yamlmarks import load_yaml, parse_yaml

FRAGMENTS = ["a", "b", "id", ":", ": ", "- ", "\n", "  ", "\t", "'", '"', "[", "]", "{", "}", ",", "&x ", "*x",
             "!!str ", "!!python/name:os.system ", "|", ">", "#", "?", "---\n", "...\n", "%YAML 1.1\n", "<<: *x\n",
             "2024-02-30", "1e309", "~", "null", "yes", "\u00e9", "\ufeff", "\x00", "\\", "@", "`"]

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _sane(errors) -> None:
    for e in errors:
        assert e.path == "x.yml" and e.message
        assert e.line is None or e.line >= 1
        assert "\n" not in e.format()


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_is_accepted_or_reported(text):
    doc, errors = parse_yaml(text, "x.yml")
    assert doc is not None or errors
    _sane(errors)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_yaml_shaped_text_is_accepted_or_reported(text):
    doc, errors = parse_yaml(text, "x.yml")
    assert doc is not None or errors
    _sane(errors)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_are_accepted_or_reported(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "x.yml"
    path.write_bytes(data)
    doc, errors = load_yaml(path, "x.yml")
    assert doc is not None or errors
    _sane(errors)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
    | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)

BASE = {"id": "x", "question": "Q?", "author": "A", "published": dt.date(2024, 1, 1), "topic": "t",
        "summary": "S.", "answer": "Body."}


@SETTINGS
@given(st.dictionaries(st.sampled_from(sorted(Entry.model_fields) + ["extra", "autor"]), values, max_size=6))
def test_random_field_values_are_accepted_or_reported(overrides):
    text = yaml.safe_dump({**BASE, **overrides}, allow_unicode=True)
    doc, errors = parse_yaml(text, "x.yml")
    if doc is None:
        _sane(errors)
        return
    entry, problems = validate(Entry, doc)
    assert (entry is None) == bool(problems)
    _sane(problems)


@SETTINGS
@given(st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True) | st.dates().map(str))
def test_dates_are_what_pyyaml_makes_of_them(value):
    try:
        expected = yaml.safe_load(f"d: {value}\n")["d"]
    except ValueError as exc:
        assert [e.message for e in parse_yaml(f"d: {value}\n", "x.yml")[1]] == [f"invalid date '{value}': {exc}"]
        return
    doc, errors = parse_yaml(f"d: {value}\n", "x.yml")
    assert errors == [] and doc.data["d"] == expected and type(doc.data["d"]) is type(expected)


SCALARS = ["yes", "No", "on", "OFF", "true", "~", "null", "Null", "", "0x1F", "0o17", "017", "1_000", "-1.5e3", ".inf",
           "-.Inf", ".nan", "1:20", "2024-01-31", "2024-1-5 10:00", "+12", "=", "<<", "!", "&a", "*a", "tag", "a b",
           "é", "1.5", "-", ".", "0b101", "12e3", "Yes please", "not null", "off-by-one"]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SCALARS), st.sampled_from(SCALARS)), max_size=8))
def test_plain_values_have_the_types_pyyaml_gives_them(pairs):
    """What the loader makes of plain values is what PyYAML's safe loader on libyaml makes of them,
    whenever both accept the text."""
    text = "".join(f"k{i}: {value}\nl{i}: [{other}]\n" for i, (value, other) in enumerate(pairs))
    try:
        expected = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError):
        return
    doc, errors = parse_yaml(text, "x.yml")
    if not errors:
        assert doc.data == expected
