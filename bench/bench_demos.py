"""Benchmark the demo suite: cold run, warm run, one stale demo; wall time, CPU time and memory.

    python bench/bench_demos.py                 # full config, fresh temp cache
    python bench/bench_demos.py --config quick --stale lr_sweep --json

Cold: every demo runs (worker processes import TensorFlow). Warm: a second
``ensure()`` with nothing changed (hashing and cache reads only). Stale: one
demo's cache entry is removed and ``ensure()`` reruns just that demo.
Memory is sampled every 0.1 s from /proc: the peak of the summed RSS of all
worker processes (plus this process), the largest single worker, and the summed
PSS (shared library pages split between the workers, i.e. real memory use).
CPU time is the workers' user+sys time, which does not grow when other work
shares the machine, unlike wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from generator.demos import DemoSuite  # noqa: E402


def _kb(pid: int, field: str, source: str = "status") -> int:
    try:
        with open(f"/proc/{pid}/{source}") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _workers() -> list[int]:
    me = os.getpid()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            found.append(int(pid))
    return found


class MemorySampler(threading.Thread):
    """Peak summed RSS / PSS of this process and its worker children."""

    def __init__(self, interval: float = 0.1):
        super().__init__(daemon=True)
        self.interval, self.stop_flag = interval, threading.Event()
        self.peak_sum_rss = self.peak_worker_rss = self.peak_sum_pss = 0
        self.max_workers = 0

    def run(self) -> None:
        while not self.stop_flag.is_set():
            workers = _workers()
            rss = [_kb(p, "VmRSS") for p in workers]
            pss = [_kb(p, "Pss", "smaps_rollup") for p in workers]
            own = _kb(os.getpid(), "VmRSS")
            self.peak_sum_rss = max(self.peak_sum_rss, sum(rss) + own)
            self.peak_sum_pss = max(self.peak_sum_pss, sum(pss) + _kb(os.getpid(), "Pss", "smaps_rollup"))
            self.peak_worker_rss = max([self.peak_worker_rss] + rss)
            self.max_workers = max(self.max_workers, len(workers))
            time.sleep(self.interval)

    def __exit__(self, *exc) -> None:
        self.stop_flag.set()
        self.join()

    def __enter__(self) -> MemorySampler:
        self.start()
        return self


def measure(label: str, action) -> dict:
    before = os.times()
    with MemorySampler() as mem:
        start = time.perf_counter()
        action()
        wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    row = {"label": label, "wall_s": round(wall, 2), "worker_cpu_s": round(cpu, 2),
           "peak_sum_rss_mb": round(mem.peak_sum_rss / 1024), "peak_sum_pss_mb": round(mem.peak_sum_pss / 1024),
           "peak_worker_rss_mb": round(mem.peak_worker_rss / 1024), "workers": mem.max_workers}
    print(f"{label:<28} wall {row['wall_s']:7.2f} s   worker CPU {row['worker_cpu_s']:7.2f} s   "
          f"peak RSS sum {row['peak_sum_rss_mb']:5d} MB (PSS {row['peak_sum_pss_mb']:5d} MB, largest worker "
          f"{row['peak_worker_rss_mb']:4d} MB, {row['workers']} workers)", flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="full", choices=("full", "quick"))
    parser.add_argument("--stale", default="lr_sweep", help="demo made stale for the one-stale run")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--progress", action="store_true", help="show the runner's progress lines")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    cache = Path(tempfile.mkdtemp(prefix="bench-demos-"))
    make = lambda: DemoSuite(ROOT, config=args.config, cache_dir=cache, workers=args.workers)  # noqa: E731
    progress = sys.stderr if args.progress else False
    print(f"config {args.config}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    try:
        results: dict = {}
        cold = measure("cold (all demos run)", lambda: results.update(make().ensure(progress=progress)))
        warm = measure("warm (nothing changed)", lambda: make().ensure(progress=progress))
        shutil.rmtree(cache / args.stale)
        stale = measure(f"one stale ({args.stale})", lambda: make().ensure(progress=progress))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    per_demo = {n: r.provenance["run_seconds"] for n, r in sorted(results.items())}
    ratio = warm["wall_s"] / cold["wall_s"]
    max_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"warm/cold wall ratio {ratio:.4f}; largest child ever (RUSAGE_CHILDREN) {max_child:.0f} MB; "
          f"load average {os.getloadavg()[0]:.2f} at end")
    print("run seconds per demo (cold): " + ", ".join(f"{n} {s:.1f}" for n, s in per_demo.items())
          + f"; sum {sum(per_demo.values()):.1f}")
    if args.json:
        print(json.dumps({"config": args.config, "cold": cold, "warm": warm, "stale": stale, "ratio": ratio,
                          "per_demo_seconds": per_demo}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
