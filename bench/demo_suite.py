"""The TensorFlow demo suite: cold, warm, and one demo stale, when nobody else measures it.

``plan()`` decides: if ``bench/bench_demos.py`` (owned by the demos engineer)
exists, run.py delegates to it; if ``generator.demos.DemoSuite`` does not exist
yet, the row is skipped with a note. Otherwise ``python bench/demo_suite.py``
copies the project's content, quizzes and training_demos to a temp dir with an
empty cache and prints JSON: seconds for a cold run, a warm run (everything
fresh), and a run after one demo file was edited.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DELEGATE = BENCH / "bench_demos.py"
HELPERS = {"__init__.py", "datasets.py", "plotting.py", "results.py", "training.py"}


def plan() -> tuple[str, str]:
    """('delegate' | 'measure' | 'skip', note)."""
    if DELEGATE.exists():
        return "delegate", "covered by bench/bench_demos.py (run with --demos to call it)"
    sys.path.insert(0, str(REPO))
    try:
        from generator.demos import DemoSuite  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - any failure means: not there yet
        return "skip", f"skipped: generator.demos.DemoSuite is not available ({type(exc).__name__}: {exc})"
    return "measure", "measured by bench/demo_suite.py"


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(config: str) -> dict:
    from generator.demos import DemoSuite
    with tempfile.TemporaryDirectory(prefix="kb-demos-") as tmp:
        root = Path(tmp)
        for name in ("content", "quizzes", "training_demos", "docs"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        cache = root / ".cache" / "demos"
        suite = lambda: DemoSuite(root, config=config, cache_dir=cache, timeout=3600)  # noqa: E731
        out = {"config": config, "cold_s": _timed(lambda: suite().ensure(progress=False))}
        out["warm_s"] = _timed(lambda: suite().ensure(progress=False))
        demos = sorted(p for p in (root / "training_demos").glob("*.py") if p.name not in HELPERS)
        if demos:
            with demos[0].open("a", encoding="utf-8") as f:
                f.write("\n# edited by bench/demo_suite.py\n")
            out["stale_demo"] = demos[0].name
            out["one_stale_s"] = _timed(lambda: suite().ensure(progress=False))
        return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", default="quick", choices=("quick", "full"))
    args = p.parse_args()
    sys.path.insert(0, str(REPO))
    print(json.dumps(measure(args.config)))


if __name__ == "__main__":
    main()
