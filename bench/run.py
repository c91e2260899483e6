"""Benchmark suite entry point (``make bench``): synthetic corpora, builds, sizes, rebuilds, targets.

    python bench/run.py                          # sizes 100,1000, median of 3 runs (a few minutes)
    python bench/run.py --sizes 100,1000,10000   # 10,000 is opt-in; sizes ≥ 10,000 use --big-repeat runs (1)
    python bench/run.py --quick                  # smoke run: sizes 50,200, 1 run each (< 2 minutes)
    python bench/run.py --markdown               # the table as Markdown, for the README
    python bench/run.py --report a.json b.json   # reprint saved results (--json FILE) as one table

For each size it generates a project in a temp dir (demos off), then measures
the generator stage in process (cold and warm), and our CLI build with no cache
(``--no-cache``), a plain ``mkdocs build`` of the exported pages with the same
taxonomy nav and no plugin, and a naive build with every page in the nav back
to back in each round (their ratios are taken per round, then the median); then
our warm build (parse and page caches filled) next to plain builds. Then CLI
rebuilds (nothing changed / one entry edited) and the edit → visible latency of
our preview (``python -m generator serve``; at least five edits at every size) and of plain
``mkdocs serve``. Progress goes to
stderr; the table and the issue #6 targets go to stdout.
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
sys.path.insert(0, str(BENCH))

import builds  # noqa: E402
import demo_suite  # noqa: E402
import report  # noqa: E402
from corpus_gen import make_project  # noqa: E402
from measure import PY, machine, median, run, site_figures  # noqa: E402
from serve_reload import reload_latency  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _rounds(res: dict, root: Path, tmp: Path, manifest, repeat: int, naive: bool) -> None:
    """Ours, plain and (optionally) naive built back to back, ``repeat`` times; order alternates per round."""
    out = tmp / "export"
    builds.export(root, out)
    plain_cfg = builds.write_config(tmp, out, tmp / "site-plain", naive=False, manifest=manifest)
    naive_cfg = builds.write_config(tmp, out, tmp / "site-naive", naive=True, manifest=manifest) if naive else None
    ours_t, ours_mem, plain_t, naive_t, naive_mem, overhead, naive_ratio = [], [], [], [], [], [], []
    ours_cpu, plain_cpu, overhead_cpu = [], [], []
    for i in range(repeat):
        shutil.rmtree(root / "site", ignore_errors=True)
        jobs = [("ours", lambda: builds.cli_build(root, "--no-cache")), ("plain", lambda: builds.mkdocs_build(plain_cfg))]
        if naive_cfg:
            jobs.append(("naive", lambda: builds.mkdocs_build(naive_cfg)))
        if i % 2:
            jobs.reverse()
        got = {}
        for name, job in jobs:
            got[name] = job()
            log(f"  round {i + 1}/{repeat}: {name} build {got[name].seconds:.1f} s (CPU {got[name].cpu_s:.1f} s), "
                f"{got[name].max_rss_mb:.0f} MB")
        ours_t.append(got["ours"].seconds), ours_mem.append(got["ours"].max_rss_mb)
        plain_t.append(got["plain"].seconds)
        overhead.append(got["ours"].seconds / got["plain"].seconds - 1)
        ours_cpu.append(got["ours"].cpu_s), plain_cpu.append(got["plain"].cpu_s)
        overhead_cpu.append(got["ours"].cpu_s / got["plain"].cpu_s - 1)
        if "naive" in got:
            naive_t.append(got["naive"].seconds), naive_mem.append(got["naive"].max_rss_mb)
            naive_ratio.append(got["naive"].seconds / got["ours"].seconds)
    builds.cli_build(root, "--force")  # fills the parse and page caches
    warm, warm_ratio = [], []
    for i in range(repeat):  # warm builds, each next to a plain build for the ratio
        got = {"warm": builds.cli_build(root, "--force"), "plain": builds.mkdocs_build(plain_cfg)}
        warm.append(got["warm"].seconds), warm_ratio.append(got["warm"].seconds / got["plain"].seconds)
        log(f"  round {i + 1}/{repeat}: warm build {warm[-1]:.1f} s, plain {got['plain'].seconds:.1f} s")
    res.update(build_warm_s=median(warm), warm_over_plain=median(warm_ratio))
    res.update(build_s=median(ours_t), build_rss_mb=max(ours_mem), plain_s=median(plain_t), overhead=median(overhead),
               build_cpu_s=median(ours_cpu), plain_cpu_s=median(plain_cpu), overhead_cpu=median(overhead_cpu),
               site=site_figures(root / "site"), plain_site=site_figures(tmp / "site-plain"))
    if naive_cfg:
        naive_site = site_figures(tmp / "site-naive")
        naive_site["site_mb"] = naive_site["site_bytes"] / 2**20
        res.update(naive_s=median(naive_t), naive_rss_mb=max(naive_mem), naive_ratio=median(naive_ratio),
                   naive_site=naive_site, naive_size_ratio=naive_site["site_bytes"] / res["site"]["site_bytes"])
        shutil.rmtree(tmp / "site-naive", ignore_errors=True)


SERVE_EDITS = 5  # edits timed through our preview per size (the median is shown)


def _rebuilds(res: dict, root: Path, entry_file: Path, repeat: int) -> None:
    same, edited = [], []  # caches warm, as after any earlier build
    for i in range(repeat):
        same.append(builds.cli_build(root).seconds)
        builds.edit_entry(entry_file, f"BENCH-MARKER-rebuild-{i}")
        edited.append(builds.cli_build(root).seconds)
        log(f"  rebuild {i + 1}/{repeat}: nothing changed {same[-1]:.1f} s, one entry edited {edited[-1]:.1f} s")
    res.update(rebuild_same_s=median(same), rebuild_edit_s=median(edited))


def bench_size(n: int, repeat: int, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"kb-bench-{n}-") as name:
        tmp = Path(name)
        root = tmp / "project"
        log(f"{n:,} entries: generating the project")
        manifest = make_project(root, n)
        res: dict = {"n": n, "runs": repeat, "topics": len(manifest.topics), "quizzes": manifest.quizzes}
        log(f"{n:,} entries: generator stage (libyaml vs pure-Python YAML, {repeat} runs each)")
        stage = run([PY, str(BENCH / "stage_worker.py"), str(root), "--repeat", str(repeat)], cwd=root)
        res["stage"] = json.loads(stage.output.strip().splitlines()[-1])
        log(f"{n:,} entries: builds")
        _rounds(res, root, tmp, manifest, repeat, naive=n <= args.naive_max)
        entry_id = sorted(manifest.entry_file)[len(manifest.entry_file) // 2]
        _rebuilds(res, root, manifest.entry_file[entry_id], repeat)
        if n <= args.serve_max and not args.no_serve:
            for server in ("ours", "mkdocs"):
                # An edit costs our preview a second or two once the server is up: always take several,
                # even where the builds run once (10,000 entries); plain mkdocs serve rebuilds everything.
                edits = max(repeat, SERVE_EDITS) if server == "ours" else repeat
                log(f"{n:,} entries: {server} serve reload ({edits} edits)")
                serve = reload_latency(root, entry_id, manifest.entry_file[entry_id], edits, server=server)
                res["serve" if server == "ours" else "serve_mkdocs"] = {
                    "first_page_s": serve["first_page_s"], "latency_s": median(serve["latencies_s"]),
                    "latencies_s": serve["latencies_s"]}
        if args.keep:
            kept = Path(tempfile.mkdtemp(prefix=f"kb-bench-kept-{n}-"))
            shutil.copytree(root, kept / "project", ignore=shutil.ignore_patterns("site"))
            log(f"kept the project in {kept / 'project'}")
        return res


def demos_section(args: argparse.Namespace) -> str:
    if args.demos:
        log(f"demo suite: bench/bench_demos.py --config {args.demo_config} (TensorFlow; this takes a while)")
    return demo_suite.section(args.demos, args.demo_config)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1000", help="comma-separated entry counts (default 100,1000)")
    p.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is shown (default 3)")
    p.add_argument("--big-repeat", type=int, default=1, help="runs for sizes ≥ 10,000 (default 1)")
    p.add_argument("--quick", action="store_true", help="smoke run: sizes 50,200, 1 run each")
    p.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    p.add_argument("--naive-max", type=int, default=1000, help="largest size for the naive build (default 1000)")
    p.add_argument("--serve-max", type=int, default=1000, help="largest size for the serve latency (default 1000)")
    p.add_argument("--no-serve", action="store_true", help="skip the serve (live preview) measurements")
    p.add_argument("--demos", action="store_true", help="also benchmark the TensorFlow demo suite")
    p.add_argument("--demo-config", default="quick", choices=("quick", "full"))
    p.add_argument("--json", help="also write the raw results to this file")
    p.add_argument("--keep", action="store_true", help="keep a copy of each generated project (without site/)")
    p.add_argument("--report", nargs="+", metavar="JSON",
                   help="measure nothing: print the table and targets from files written by --json (merged by size)")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "50,200", 1
    args.size_list = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()]
    return args


def print_report(results: list[dict], markdown: bool) -> None:
    print(report.table(results, markdown))
    print()
    print(report.targets_text(results, markdown))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        saved = [json.loads(Path(f).read_text()) for f in args.report]
        for data in saved:
            print(data["machine"])
        by_size = {r["n"]: r for data in saved for r in data["results"]}
        print()
        print_report([by_size[n] for n in sorted(by_size)], args.markdown)
        return 0
    started = time.perf_counter()
    header = f"Machine: {machine()}"
    print(header, flush=True)
    results = []
    for n in args.size_list:
        repeat = args.big_repeat if n >= 10_000 else args.repeat
        results.append(bench_size(n, repeat, args))
    demos = demos_section(args)
    took = time.perf_counter() - started
    print()
    print_report(results, args.markdown)
    print()
    print(demos)
    print(f"\nBenchmark took {took / 60:.1f} min. Ratios are medians of per-round ratios (built back to back).")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": header, "results": results}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
