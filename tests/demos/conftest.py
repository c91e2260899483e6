"""Fixtures for the demo runner tests: the real demos, run once per session in quick config."""

from __future__ import annotations

import os

import pytest

from demo_support import quick_cache, quick_results

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    """Cache directory holding fresh quick results of every real demo."""
    return quick_cache(tmp_path_factory)


@pytest.fixture(scope="session")
def session_results(tmp_path_factory):
    """``{name: DemoResult}`` of the real demos (quick config)."""
    return quick_results(tmp_path_factory)
