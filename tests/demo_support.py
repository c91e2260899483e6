"""Helpers shared by tests/demos and tests/training_demos.

The real demos run once per test session (quick config, 2 workers) into a
session temp cache; tests that need results read that cache, and tests that
rerun demos copy it. Test projects are temp folders with a copy of the real
``training_demos`` helpers plus demo modules written by the test.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
def _real_demos() -> list[str]:
    from generator.demos.registry import discover
    specs, errors = discover(REPO)
    assert not errors, errors
    return [s.name for s in specs]


REAL_DEMOS = _real_demos()  # whatever training_demos/ holds: a new demo needs no test edit
HELPERS = ["__init__.py", "datasets.py", "training.py", "results.py", "plotting.py", "labels.py"]
HEAVY = ["tensorflow", "keras", "sklearn", "matplotlib"]

_session: dict = {}


def shared_dir(tmp_path_factory) -> Path:
    """A folder all of a run's test processes share (pytest-xdist gives each worker its own temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def exclusive(path: Path):
    """Hold an exclusive lock on ``path`` (one test process at a time makes a shared thing)."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def quick_cache(tmp_path_factory) -> Path:
    """The run's cache of the real demos in quick config: the first process to need it runs the demos, the
    others wait for it and then read the fresh results."""
    if "cache" not in _session:
        from generator.demos import DemoSuite

        cache = shared_dir(tmp_path_factory) / "demo-cache-quick"
        with exclusive(cache.with_suffix(".lock")):
            suite = DemoSuite(REPO, config="quick", cache_dir=cache, timeout=600)
            _session["results"] = suite.ensure(progress=False)
        _session["cache"] = cache
    return _session["cache"]


def quick_results(tmp_path_factory) -> dict:
    quick_cache(tmp_path_factory)
    return _session["results"]


def make_project(root: Path, demos: dict[str, str], helpers: bool = True) -> Path:
    """A project folder with ``training_demos/`` holding the real helpers and the given modules."""
    package = root / "training_demos"
    package.mkdir(parents=True)
    if helpers:
        for name in HELPERS:
            shutil.copy2(REPO / "training_demos" / name, package / name)
    else:
        (package / "__init__.py").write_text('"""Test demos."""\n')
    for name, source in demos.items():
        (package / f"{name}.py").write_text(textwrap.dedent(source).lstrip())
    return root


def copy_real_project(root: Path) -> Path:
    """A copy of the real ``training_demos`` (all demos and helpers)."""
    shutil.copytree(REPO / "training_demos", root / "training_demos",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def line_of(path: Path, marker: str) -> int:
    """1-based number of the line containing ``marker``."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {path}")


def python(code: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -c code`` in a fresh interpreter with the repository importable."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def loaded_heavy_modules(code: str, **kwargs) -> tuple[list[str], str]:
    """Run ``code`` in a fresh interpreter; returns (heavy modules it imported, its stdout before that)."""
    probe = textwrap.dedent(code) + textwrap.dedent(f"""
        import json as _json, sys as _sys
        print("HEAVY=" + _json.dumps(sorted(m for m in {HEAVY!r} if m in _sys.modules)))
    """)
    done = python(probe, **kwargs)
    assert done.returncode == 0, done.stderr[-3000:]
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("HEAVY=")][-1]
    return json.loads(line[len("HEAVY="):]), done.stdout + done.stderr
