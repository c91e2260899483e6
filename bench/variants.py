"""What the proposed MkDocs-side settings would buy: our CLI build under variants of mkdocs.yml.

    python bench/variants.py --entries 1000 --repeat 2

Builds one synthetic project with our CLI (``--force``, demos off) under each
variant of the repository's mkdocs.yml, back to back per round, and prints
wall and CPU time, median entry page (raw / gzip), site size and search index
(gzip). Variants: as is (``search_full_answers: auto``); + ``navigation.prune``;
+ prune and ``search_full_answers: true`` or ``false``; and without the search
plugin (a lower bound for what search costs). The repository's mkdocs.yml is never touched: the
variants are written into the temp project.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import make_project  # noqa: E402
from measure import PY, REPO, run, site_figures  # noqa: E402


def _plugin_options(config: dict, name: str) -> dict | None:
    for i, item in enumerate(config.get("plugins", [])):
        if item == name:
            config["plugins"][i] = {name: {}}
            return config["plugins"][i][name]
        if isinstance(item, dict) and name in item:
            item[name] = item[name] or {}
            return item[name]
    return None


def _prune(c: dict) -> None:
    features = c.setdefault("theme", {}).setdefault("features", [])
    if "navigation.prune" not in features:
        features.append("navigation.prune")


def _search_answers(full: bool):
    def change(c: dict) -> None:
        _prune(c)
        options = _plugin_options(c, "knowledge-base")
        if options is not None:
            options["search_full_answers"] = full
    return change


def _no_search(c: dict) -> None:
    _prune(c)
    c["plugins"] = [p for p in c.get("plugins", []) if p != "search" and not (isinstance(p, dict) and "search" in p)]


VARIANTS = {"as is": lambda c: None, "+ navigation.prune": _prune,
            "+ prune, search_full_answers: true": _search_answers(True),
            "+ prune, search_full_answers: false": _search_answers(False), "+ prune, no search plugin": _no_search}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=2)
    args = p.parse_args()
    base_text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="kb-variants-") as tmp:
        root = Path(tmp) / "project"
        make_project(root, args.entries)
        times: dict[str, list[tuple[float, float]]] = {v: [] for v in VARIANTS}
        figures = {}
        for r in range(args.repeat):
            for name, change in VARIANTS.items():
                config = yaml.safe_load(base_text)
                change(config)
                (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
                site = Path(tmp) / f"site-{list(VARIANTS).index(name)}"
                done = run([PY, "-m", "generator", "--root", str(root), "build", "--demos", "off", "--force",
                            "--site-dir", str(site)], cwd=root)
                times[name].append((done.seconds, done.cpu_s))
                print(f"round {r + 1}: {name}: {done.seconds:.1f} s (CPU {done.cpu_s:.1f} s)", file=sys.stderr)
                figures[name] = site_figures(site)
        print(f"Our CLI build of {args.entries:,} entries under mkdocs.yml variants (median of {args.repeat}):")
        print(f"  {'variant':<38} {'wall s':>7} {'CPU s':>7} {'page KB':>8} {'page gz':>8} {'site MB':>8} {'index gz KB':>12}")
        for name, ts in times.items():
            f = figures[name]
            print(f"  {name:<38} {statistics.median(t for t, _ in ts):7.1f} {statistics.median(c for _, c in ts):7.1f} "
                  f"{f['page_bytes'] / 1024:8.1f} {f['page_gz_bytes'] / 1024:8.1f} {f['site_bytes'] / 2**20:8.1f} "
                  f"{f['index_gz_bytes'] / 1024:12,.0f}")


if __name__ == "__main__":
    main()
