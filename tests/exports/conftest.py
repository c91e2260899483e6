"""Exports of the project's own quizzes, made by the real command with the run's quick demo results."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import run_cli


@pytest.fixture(scope="session")
def export_bank(session_cache):
    """``export_bank(fmt, out, *quiz_ids)`` runs ``export fmt --out out [--quiz id ...]`` and returns ``out``."""

    def export(fmt: str, out: Path, *quiz_ids: str) -> Path:
        args = [a for qid in quiz_ids for a in ("--quiz", qid)]
        result = run_cli("export", fmt, *args, "--out", str(out), env={"KB_DEMO_CACHE_DIR": str(session_cache)})
        assert result.returncode == 0, result.stderr[-3000:]
        return out

    return export
