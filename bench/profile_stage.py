"""Where the time goes: cProfile of the generator stage or of a whole build of a synthetic project.

    python bench/profile_stage.py --entries 1000               # load + validate + render (no MkDocs)
    python bench/profile_stage.py --entries 1000 --build       # the full CLI build, in process
    python bench/profile_stage.py --entries 1000 --plain       # plain mkdocs build of the exported pages
    python bench/profile_stage.py --entries 10000 --preview    # serve's rebuild after editing one entry
    python bench/profile_stage.py --root DIR --top 40 --sort tottime

Prints the top functions by cumulative and by own time. Demos are off.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["KB_DEMO_CONFIG"] = "off"


def stage(root: Path) -> None:
    from stage_worker import one_run
    print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in one_run(root).items()}, file=sys.stderr)


def build(root: Path) -> None:
    from generator.cli import main
    main(["--root", str(root), "build", "--demos", "off", "--force"])


def plain_config(root: Path, tmp: Path) -> Path:
    """Export (not profiled) and write the plugin-free taxonomy-nav config in ``tmp``."""
    import builds
    builds.export(root, tmp / "export")
    return builds.write_config(tmp, tmp / "export", tmp / "site-plain", naive=False, manifest=None)


def plain(config: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    mkdocs_build(load_config(str(config)))


def preview(root: Path, rounds: int = 5):
    """Set up ``serve``'s builds in process (as mkdocs.commands.serve does, without the server), build
    once, and return a job that edits one entry and rebuilds; each round's time goes to stderr."""
    from builds import edit_entry
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="kb-preview-")
    entry = next(iter(sorted((root / "content" / "entries").rglob("*.yml"))))

    def rebuild() -> None:
        config = load_config(str(root / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = "http://127.0.0.1:8000/"
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    first = load_config(str(root / "mkdocs.yml"), site_dir=site_dir)
    first.plugins.on_startup(command="serve", dirty=True)
    rebuild()

    def job() -> None:
        times = []
        for i in range(rounds):
            edit_entry(entry, f"BENCH-MARKER-{time.time_ns()}-{i}")
            start = time.perf_counter()
            rebuild()
            times.append(time.perf_counter() - start)
        print("rebuilds (s):", " ".join(f"{t:.2f}" for t in times), file=sys.stderr)
    return job


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=1000)
    p.add_argument("--root", help="profile this project instead of a fresh synthetic one")
    p.add_argument("--build", action="store_true", help="profile the full CLI build instead of the generator stage")
    p.add_argument("--plain", action="store_true", help="profile a plain mkdocs build of the exported pages (no plugin)")
    p.add_argument("--preview", action="store_true", help="profile serve's rebuilds after editing one entry")
    p.add_argument("--rounds", type=int, default=5, help="rebuilds profiled with --preview (default 5)")
    p.add_argument("--no-profile", action="store_true", help="time only (with --preview)")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--sort", default="cumulative,tottime")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-profile-") as tmp:
        root = Path(args.root) if args.root else Path(tmp) / "project"
        if not args.root:
            from corpus_gen import make_project
            make_project(root, args.entries)
        job = (lambda: plain(config)) if args.plain else (lambda: (build if args.build else stage)(root))
        config = plain_config(root, Path(tmp)) if args.plain else None
        if args.preview:
            job = preview(root, args.rounds)
            if args.no_profile:
                return job()
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        job()
        profiler.disable()
        print(f"profiled run took {time.perf_counter() - start:.1f} s (with profiler overhead)")
        for key in args.sort.split(","):
            buf = io.StringIO()
            pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(key).print_stats(args.top)
            print(f"==== sorted by {key} ====")
            print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:20000])


if __name__ == "__main__":
    main()
