"""Shared fixtures: the real project built once per session by real MkDocs (quick demos)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from factory import run_cli

os.environ.setdefault("KB_DEMO_CONFIG", "quick")  # tests run the demos' quick configuration
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, session_cache) -> Path:
    """The project's own content, built by real MkDocs (strict) with the run's quick demo results (once per run:
    the test processes share it, and no test writes to it)."""
    from demo_support import exclusive, shared_dir

    out = shared_dir(tmp_path_factory) / "built-site"
    with exclusive(out.with_suffix(".lock")):
        if not (out / "index.html").is_file():
            result = run_cli("build", "--site-dir", str(out), "--demos", "quick", "--force",
                             env={"KB_DEMO_CACHE_DIR": str(session_cache)})
            assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    """Cache directory holding fresh quick results of every real demo (they run once per session)."""
    from demo_support import quick_cache
    return quick_cache(tmp_path_factory)


@pytest.fixture(scope="session")
def session_results(tmp_path_factory):
    """``{name: DemoResult}`` of the real demos (quick config)."""
    from demo_support import quick_results
    return quick_results(tmp_path_factory)
