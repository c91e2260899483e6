"""``python -m generator demos``: list demos and their freshness, run the stale ones.

``demos show NAME`` prints every result key of NAME with its value (see :mod:`.show`).
Exit status 0 when every selected demo has a result, 1 otherwise (errors on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.demos.suite import DemosFailed, DemoSuite
from generator.errors import BuildFailed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator demos",
                                     description="Run the TensorFlow demos whose inputs changed and list them all.")
    parser.add_argument("--list", action="store_true", help="list demos and their freshness; run nothing")
    parser.add_argument("--force", action="store_true", help="rerun demos even when their cached result is fresh")
    parser.add_argument("--only", action="append", metavar="NAME", help="only this demo (repeatable)")
    parser.add_argument("--config", help="params config: quick or full (default: $KB_DEMO_CONFIG or full)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per demo (default 600)")
    parser.add_argument("--workers", type=int, help="worker processes (default: one per CPU core)")
    parser.add_argument("--cache-dir", type=Path, help="cache directory (default: <project>/.cache/demos)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def format_status(suite: DemoSuite) -> str:
    rows = [("name", "status", "key", "cached (UTC)", "title")]
    rows += [(s.name, "fresh" if s.fresh else "stale", s.key, s.cached_at or "-", s.title) for s in suite.status()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths)) + "  " + r[4] for r in rows]
    return "\n".join(line.rstrip() for line in lines) + f"\n(config '{suite.config}', cache {suite.cache.root})"


def show_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator demos show",
                                     description="Print every result key of a demo with its value, in the "
                                                 "syntax answers and quizzes use.")
    parser.add_argument("name", help="the demo's name (see 'demos --list')")
    parser.add_argument("--config", help="params config: quick or full (default: what a build uses)")
    parser.add_argument("--cache-dir", type=Path, help="cache directory (default: <project>/.cache/demos)")
    return parser


def cli_show(argv: list[str], project_root: Path) -> int:
    from generator.demos.show import describe
    from generator.errors import did_you_mean
    args = show_parser().parse_args(argv)
    suite = DemoSuite(Path(project_root), config=args.config or _build_config(project_root), cache_dir=args.cache_dir)
    try:
        names = suite.names()
        if args.name not in names:
            hint = did_you_mean(args.name, names) or f"demos: {', '.join(names) or 'none'}"
            print(f"error: there is no demo named '{args.name}' (hint: {hint})", file=sys.stderr)
            return 1
        result = suite.load_fresh(only=[args.name])[args.name]
    except BuildFailed as failure:
        return failure.told()
    print(describe(result))
    return 0


def _build_config(project_root: Path) -> str:
    """The demo configuration a build of this project uses ($KB_DEMO_CONFIG, else mkdocs.yml, else full)."""
    from generator.mkdocs.config import load_checked, plugin_options
    from generator.pages.pipeline import demo_mode
    _, config = load_checked(Path(project_root))
    mode = demo_mode(plugin_options(config).get("demos") if config is not None else None)
    return "full" if mode == "off" else mode


def cli_main(argv: list[str] | None, project_root: Path) -> int:
    if argv and argv[0] == "show":
        return cli_show(argv[1:], project_root)
    args = build_parser().parse_args(argv)
    suite = DemoSuite(Path(project_root), config=args.config, cache_dir=args.cache_dir, timeout=args.timeout,
                      workers=args.workers)
    try:
        if not args.list:
            suite.ensure(force=args.force, only=args.only, progress=not args.quiet)
        print(format_status(suite))
    except BuildFailed as failure:
        if isinstance(failure, DemosFailed) and args.only:
            for name, text in failure.details.items():
                print(f"--- {name}: full report ---\n{text}\n", file=sys.stderr)
        return failure.told()
    return 0

