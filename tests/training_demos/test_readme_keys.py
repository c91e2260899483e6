"""Every ``metrics.*`` path and figure named in training_demos/README.md exists in the real results.

A demo needs no section there (``demos show NAME`` lists its keys); a section that is there must be true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "training_demos" / "README.md"
SECTION = re.compile(r"^## (\w+):", re.MULTILINE)
PATH = re.compile(r"`metrics\.([a-z_]+(?:\.[a-z_]+)*)(\[\"[^\"]+\"\])?`")
FIGURES = re.compile(r"^- figures: (.+)$", re.MULTILINE)

pytestmark = pytest.mark.tensorflow


def sections() -> dict[str, str]:
    text = README.read_text()
    parts = SECTION.split(text)
    return {name: body for name, body in zip(parts[1::2], parts[2::2])}


def test_every_section_is_about_a_real_demo(session_results):
    assert set(sections()) <= set(session_results)


@pytest.mark.parametrize("name", sorted(sections()))
def test_documented_paths_exist(session_results, name):
    body = sections()[name]
    metrics = session_results[name].metrics
    paths = PATH.findall(body)
    assert paths, name
    for dotted, index in paths:
        value = metrics
        for part in dotted.split("."):
            assert isinstance(value, dict) and part in value, f"{name}: metrics.{dotted}"
            value = value[part]
        if index:
            assert index[2:-2] in value, f"{name}: metrics.{dotted}{index}"
    documented = re.findall(r"`(\w+)`", FIGURES.search(body).group(1))
    assert documented == list(session_results[name].figures), name
