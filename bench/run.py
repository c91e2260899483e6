"""Benchmark suite entry point (``make bench``): synthetic corpora, builds, engines, rebuilds, preview, targets.

    python bench/run.py                          # sizes 100,1000, median of 3 runs
    python bench/run.py --sizes 1000,10000       # 10,000 is opt-in; sizes ≥ 10,000 use --big-repeat runs (1)
    python bench/run.py --quick                  # smoke run: size 100, 1 run (< 2 minutes)
    python bench/run.py --markdown               # the table as Markdown
    python bench/run.py --report a.json b.json   # reprint saved results (--json FILE) as one table

For each size it generates a project in a temp dir (demos off) and measures, side by side:
the generator stage in process; our cold build (``build --no-cache --force``) next to a plain
``mkdocs build`` of the exported pages with the same taxonomy nav and no plugin (and, up to
``--slow-max``, a naive build with every page in the nav); our warm build (page cache filled,
``build --force``) next to plain; the exported project built by MkDocs, ProperDocs and Zensical;
rebuilds (``build`` twice, the second "up to date"; one entry edited); and the edit → visible
latency of our preview (``python -m generator serve``) and, up to ``--slow-max``, of plain
``mkdocs serve``. Ratios are taken per round, then the median. Progress goes to stderr; the
table and the targets go to stdout.
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


def _rounds(res: dict, root: Path, tmp: Path, out: Path, manifest, repeat: int, naive: bool) -> None:
    """Ours cold, plain and (optionally) naive built back to back, ``repeat`` times (order alternating per
    round); then ours warm (page cache filled) next to plain. Ratios are taken per round, then the median."""
    plain_cfg = builds.write_config(tmp, out, tmp / "site-plain", naive=False, manifest=manifest)
    naive_cfg = builds.write_config(tmp, out, tmp / "site-naive", naive=True, manifest=manifest) if naive else None
    got_all: dict[str, list] = {"ours": [], "plain": [], "naive": []}
    for i in range(repeat):
        jobs = [("ours", lambda: builds.cli_build(root, "--no-cache", "--force")),
                ("plain", lambda: builds.mkdocs_build(plain_cfg))]
        if naive_cfg:
            jobs.append(("naive", lambda: builds.mkdocs_build(naive_cfg)))
        if i % 2:
            jobs.reverse()
        for name, job in jobs:
            got_all[name].append(job())
            r = got_all[name][-1]
            log(f"  round {i + 1}/{repeat}: {name} build {r.seconds:.1f} s (CPU {r.cpu_s:.1f} s), {r.max_rss_mb:.0f} MB")
    ours, plain, naive_runs = got_all["ours"], got_all["plain"], got_all["naive"]
    res.update(build_s=median([r.seconds for r in ours]), build_cpu_s=median([r.cpu_s for r in ours]),
               build_rss_mb=max(r.max_rss_mb for r in ours),
               plain_s=median([r.seconds for r in plain]), plain_cpu_s=median([r.cpu_s for r in plain]),
               cold_over_plain=median([o.seconds / p.seconds for o, p in zip(ours, plain)]),
               cold_over_plain_cpu=median([o.cpu_s / p.cpu_s for o, p in zip(ours, plain)]),
               site=site_figures(root / "site"), plain_site=site_figures(tmp / "site-plain"))
    if naive_runs:
        naive_site = site_figures(tmp / "site-naive")
        naive_site["site_mb"] = naive_site["site_bytes"] / 2**20
        res.update(naive_s=median([r.seconds for r in naive_runs]), naive_rss_mb=max(r.max_rss_mb for r in naive_runs),
                   naive_ratio=median([n.seconds / o.seconds for n, o in zip(naive_runs, ours)]),
                   naive_site=naive_site, naive_size_ratio=naive_site["site_bytes"] / res["site"]["site_bytes"])
        shutil.rmtree(tmp / "site-naive", ignore_errors=True)
    builds.cli_build(root, "--force")  # fills the page cache
    warm, plain = [], []
    for i in range(repeat):  # warm builds, each next to a plain build for the ratio
        pair = [("warm", lambda: builds.cli_build(root, "--force")), ("plain", lambda: builds.mkdocs_build(plain_cfg))]
        got = {name: job() for name, job in (pair if i % 2 == 0 else pair[::-1])}
        warm.append(got["warm"]), plain.append(got["plain"])
        log(f"  round {i + 1}/{repeat}: warm build {warm[-1].seconds:.1f} s (CPU {warm[-1].cpu_s:.1f} s), "
            f"plain {plain[-1].seconds:.1f} s (CPU {plain[-1].cpu_s:.1f} s)")
    res.update(build_warm_s=median([r.seconds for r in warm]), build_warm_cpu_s=median([r.cpu_s for r in warm]),
               warm_over_plain=median([w.seconds / p.seconds for w, p in zip(warm, plain)]),
               warm_over_plain_cpu=median([w.cpu_s / p.cpu_s for w, p in zip(warm, plain)]))


def _engines(res: dict, tmp: Path, out: Path, repeat: int) -> None:
    """The exported project built by each engine, back to back per round (order rotating); ratios vs MkDocs."""
    names = list(builds.ENGINES)
    runs: dict[str, list] = {name: [] for name in names}
    sites: dict[str, Path] = {}
    for i in range(repeat):
        for name in names[i % len(names):] + names[:i % len(names)]:
            done, sites[name] = builds.engine_build(name, out, tmp / f"site-{name}")
            runs[name].append(done)
            log(f"  round {i + 1}/{repeat}: exported project, {name} {done.seconds:.1f} s (CPU {done.cpu_s:.1f} s)")
    engines = {}
    for name in names:
        checked = run([PY, "-m", "generator", "verify", str(sites[name])], cwd=tmp, check=False)
        engines[name] = {
            "s": median([r.seconds for r in runs[name]]), "cpu_s": median([r.cpu_s for r in runs[name]]),
            "over_mkdocs": median([r.seconds / m.seconds for r, m in zip(runs[name], runs["mkdocs"])]),
            "over_mkdocs_cpu": median([r.cpu_s / m.cpu_s for r, m in zip(runs[name], runs["mkdocs"])]),
            "verified": checked.returncode == 0}
        if not engines[name]["verified"]:
            log(f"  verify of the {name} site failed:\n{checked.output[-2000:]}")
        shutil.rmtree(sites[name], ignore_errors=True)
    res["engines"] = engines


SERVE_EDITS = 5  # edits timed through our preview per size (the median is shown)


def _rebuilds(res: dict, root: Path, entry_file: Path, repeat: int) -> None:
    same, edited = [], []  # page cache warm, as after any earlier build
    for i in range(repeat):
        builds.cli_build(root)
        second = builds.cli_build(root)
        if "up to date" not in second.output:
            raise RuntimeError(f"the second build did not say 'up to date':\n{second.output[-2000:]}")
        same.append(second.seconds)
        builds.edit_entry(entry_file, f"BENCH-MARKER-rebuild-{i}")
        edited.append(builds.cli_build(root).seconds)
        log(f"  rebuild {i + 1}/{repeat}: nothing changed {same[-1]:.2f} s, one entry edited {edited[-1]:.1f} s")
    res.update(rebuild_same_s=median(same), rebuild_edit_s=median(edited))


def bench_size(n: int, repeat: int, args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"kb-bench-{n}-") as name:
        tmp = Path(name)
        root = tmp / "project"
        log(f"{n:,} entries: generating the project")
        manifest = make_project(root, n)
        res: dict = {"n": n, "runs": repeat, "topics": len(manifest.topics), "quizzes": manifest.quizzes}
        log(f"{n:,} entries: generator stage ({repeat} runs)")
        stage = run([PY, str(BENCH / "stage_worker.py"), str(root), "--repeat", str(repeat)], cwd=root)
        res["stage"] = json.loads(stage.output.strip().splitlines()[-1])
        out = tmp / "export"
        res["export_s"] = builds.export(root, out).seconds
        log(f"{n:,} entries: builds")
        _rounds(res, root, tmp, out, manifest, repeat, naive=n <= args.slow_max)
        log(f"{n:,} entries: the exported project with each engine")
        _engines(res, tmp, out, repeat)
        entry_id = sorted(manifest.entry_file)[len(manifest.entry_file) // 2]
        _rebuilds(res, root, manifest.entry_file[entry_id], repeat)
        if not args.no_serve:
            for server in ("ours", "mkdocs"):
                if server == "mkdocs" and n > args.slow_max:
                    continue  # plain mkdocs serve rebuilds everything on every edit
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
    p.add_argument("--quick", action="store_true", help="smoke run: size 100, 1 run (< 2 minutes)")
    p.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    p.add_argument("--slow-max", type=int, default=1000,
                   help="largest size for the naive build and plain mkdocs serve (default 1000)")
    p.add_argument("--no-serve", action="store_true", help="skip the serve (live preview) measurements")
    p.add_argument("--demos", action="store_true", help="also benchmark the TensorFlow demo suite")
    p.add_argument("--demo-config", default="quick", choices=("quick", "full"))
    p.add_argument("--json", help="also write the raw results to this file")
    p.add_argument("--keep", action="store_true", help="keep a copy of each generated project (without site/)")
    p.add_argument("--report", nargs="+", metavar="JSON",
                   help="measure nothing: print the table and targets from files written by --json (merged by size)")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "100", 1
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
