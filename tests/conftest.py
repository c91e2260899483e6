"""Shared fixtures: the real project built once per session by real MkDocs (quick demos)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factory import run_cli

os.environ.setdefault("KB_DEMO_CONFIG", "quick")  # tests run the demos' quick configuration
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The project's own content, built by real MkDocs (strict) with quick demo results."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("build", "--site-dir", str(out), "--demos", "quick")
    assert result.returncode == 0, result.stderr[-4000:]
    return out
