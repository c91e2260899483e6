"""The TensorFlow demo suite row: delegated to ``bench/bench_demos.py`` (owned by the demos engineer).

That script measures a cold run, a warm run and one stale demo (wall, CPU
and memory). ``run.py --demos`` calls it with ``--config``; without
``--demos``, or while it or ``generator.demos.DemoSuite`` is missing, the
table says why the row was skipped.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DELEGATE = BENCH / "bench_demos.py"


def available() -> tuple[bool, str]:
    sys.path.insert(0, str(BENCH.parent))
    try:
        importlib.import_module("generator.demos").DemoSuite  # noqa: B018 - existence check
    except Exception as exc:  # noqa: BLE001 - any failure means: not there (yet)
        return False, f"generator.demos.DemoSuite is not available ({type(exc).__name__}: {exc})"
    if not DELEGATE.exists():
        return False, "bench/bench_demos.py is missing"
    return True, "measured by bench/bench_demos.py"


def section(run_it: bool, config: str) -> str:
    ok, note = available()
    if not ok:
        return f"Demo suite: skipped: {note}."
    if not run_it:
        return f"Demo suite: {note}; not run here (pass --demos, or run it directly)."
    done = subprocess.run([sys.executable, str(DELEGATE), "--config", config], cwd=BENCH.parent,
                          capture_output=True, text=True)
    tail = done.stderr.strip()[-2000:] if done.returncode else ""
    return f"Demo suite (bench/bench_demos.py --config {config}, exit {done.returncode}):\n{done.stdout.strip()}\n{tail}"
