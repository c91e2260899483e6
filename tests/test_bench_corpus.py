"""The benchmarks' synthetic projects are valid content: a benchmark of a failing build measures nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.check import check_project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus_gen import make_project  # noqa: E402


def test_a_synthetic_project_passes_check(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    manifest = make_project(tmp_path / "project", 120)
    errors, _ = check_project(manifest.root)
    assert [e.format() for e in errors] == []
    assert manifest.quizzes > 0 and len(list((manifest.root / "content" / "entries").rglob("*.yml"))) == 120
