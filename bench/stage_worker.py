"""The generator stage alone (load + validate + render, no MkDocs), timed in one fresh process.

``python bench/stage_worker.py ROOT --repeat N [--loaders c,py]`` runs
``load_corpus`` then quiz loading and ``build_site`` with demos off:

* cold, with every cache off (``KB_CACHE=off``), alternating libyaml's
  ``CSafeLoader`` and the pure-Python ``SafeLoader`` (patched into
  ``generator.content.yamlmarks``) run by run so their ratio is measured side by side;
* cold and serial (``c_serial``): libyaml without the forked render workers
  that ``build`` uses (see ``generator.forking``), run next to ``c``, each
  first in every other round (what runs first meets less garbage-collector load);
* warm (``c_warm``): libyaml, the caches filled by an earlier run and the
  in-process memos emptied before each run, which is what a new ``build``
  process meets when most files are unchanged.

Every run starts without the in-process memos (loaded files, rendered pages, links, escaped
titles and quiz texts, the types of YAML values), as a new build process does; only the compiled
page templates are kept. Like ``generator.pages.pipeline.generate``, a run pauses the garbage collector;
what it leaves is collected after the run, untimed (a build freezes it instead).

Prints one JSON object: median seconds per phase and mode, and entries/s.
The untimed first run fills the caches and warms up one-off costs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from generator import entry_files  # noqa: E402
from generator import render, render_cache  # noqa: E402
from generator import yamlio  # noqa: E402
from generator.quizzes import render as quiz_render  # noqa: E402
from generator.content.corpus import load_corpus  # noqa: E402
from generator.gc_pause import gc_paused  # noqa: E402
from generator.pages.pipeline import quiz_extras  # noqa: E402
from generator.pages.site import SiteSettings, build_site  # noqa: E402

LOADERS = {"c": getattr(yaml, "CSafeLoader", None), "py": yaml.SafeLoader}


def forget_memos() -> None:
    """Empty the in-process memos a new build process starts without (the template environment stays)."""
    entry_files._LOADED.clear()
    render_cache._IN_PROCESS.clear()
    yamlio._remembering.cache_clear()  # the types of short values the YAML loader has met
    for module in (render, quiz_render):
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and value is not render.page_env:
                value.cache_clear()  # links, escaped titles and quiz texts, dates: each run must compute its own


def one_run(root: Path, parallel: bool = True) -> dict[str, float]:
    forget_memos()
    with gc_paused():  # as generator.pages.pipeline.generate runs the stage
        t0 = time.perf_counter()
        corpus = load_corpus(root, parallel=parallel)
        t1 = time.perf_counter()
        extras = quiz_extras(corpus, {}, False)
        t2 = time.perf_counter()
        bundle = build_site(corpus, {}, SiteSettings(), demos_enabled=False, extras=extras, parallel=parallel)
        t3 = time.perf_counter()
    gc.collect()  # what the run left to collect, before the next (a build freezes it instead: see the plugin)
    return {"load": t1 - t0, "quizzes": t2 - t1, "render": t3 - t2, "total": t3 - t0,
            "entries": len(corpus.entries), "pages": len(bundle.pages)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("root")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--loaders", default="c,py")
    args = p.parse_args()
    names = [n for n in args.loaders.split(",") if LOADERS.get(n) is not None]
    runs: dict[str, list[dict]] = {n: [] for n in names + ["c_warm"]}
    root = Path(args.root)
    one_run(root)  # fills the caches; also a warm-up of one-off costs (imports, regexes)
    for _ in range(args.repeat):  # warm runs first, before the cold runs leave thousands of objects behind
        runs["c_warm"].append(one_run(root))
    os.environ["KB_CACHE"] = "off"
    if "c" in names:
        runs["c_serial"] = []
    for round_ in range(args.repeat):
        if "c" in names:  # with and without the forked render workers, next to each other, in turn first
            yamlio._Loader = LOADERS["c"]
            for parallel in ((True, False) if round_ % 2 == 0 else (False, True)):
                runs["c" if parallel else "c_serial"].append(one_run(root, parallel=parallel))
        for name in names:
            if name != "c":
                yamlio._Loader = LOADERS[name]
                runs[name].append(one_run(root))
    del os.environ["KB_CACHE"]
    out: dict = {}
    for name, rs in runs.items():
        med = {k: statistics.median(r[k] for r in rs) for k in ("load", "quizzes", "render", "total")}
        med["entries_per_s"] = rs[0]["entries"] / med["total"]
        med["entries"], med["pages"], med["runs"] = rs[0]["entries"], rs[0]["pages"], len(rs)
        out[name] = med
    if "c" in out and "py" in out:  # per-run ratios (side by side), then their median
        out["py_over_c"] = statistics.median(p["total"] / c["total"] for c, p in zip(runs["c"], runs["py"]))
        out["py_over_c_load"] = statistics.median(p["load"] / c["load"] for c, p in zip(runs["c"], runs["py"]))
    if "c_serial" in runs:
        pairs = zip(runs["c"], runs["c_serial"])
        out["serial_over_parallel"] = statistics.median(s["total"] / c["total"] for c, s in pairs)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
