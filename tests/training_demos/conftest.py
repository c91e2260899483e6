"""Fixtures for the demo result tests: the real demos, run once per session in quick config."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "demos"))
from demo_support import quick_cache, quick_results  # noqa: E402

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    return quick_cache(tmp_path_factory)


@pytest.fixture(scope="session")
def session_results(tmp_path_factory):
    return quick_results(tmp_path_factory)
