"""Shared fixtures: the real project built once per session by real MkDocs (quick demos)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("KB_DEMO_CONFIG", "quick")  # tests run the demos' quick configuration
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def run_cli(*args: str, root: Path = REPO, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run ``python -m generator`` as a user would; returns the completed process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=REPO,
                          capture_output=True, text=True, env=full_env, timeout=timeout)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The project's own content, built by real MkDocs (strict) with quick demo results."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("build", "--site-dir", str(out), "--demos", "quick")
    assert result.returncode == 0, result.stderr[-4000:]
    return out
