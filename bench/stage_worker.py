"""The generator stage alone (load + validate + render, no MkDocs), timed in one fresh process.

``python bench/stage_worker.py ROOT --repeat N`` runs ``load_corpus``, then quiz
loading and ``build_site`` with demos off, ``N`` times after one untimed
warm-up run (imports, regexes, compiled templates). Every run starts without
the in-process memos (loaded entry files, escaped titles, links, quiz texts),
as a new build process does; only the compiled page templates are kept.

Prints one JSON object: median seconds per phase, entries/s, entries and pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.content import files  # noqa: E402
from generator.content.corpus import load_corpus  # noqa: E402
from generator.pages import escaping, links, site, templating  # noqa: E402
from generator.pages.bundle import SiteSettings  # noqa: E402
from generator.pages.pipeline import quiz_extras  # noqa: E402
from generator.pages.site import build_site  # noqa: E402
from generator.quizzes import widget  # noqa: E402


def forget_memos() -> None:
    """Empty the in-process memos a new build process starts without (the template environment stays)."""
    files._LOADED.clear()
    site._LAST = site._Built()
    for module in (templating, escaping, links, widget):
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and value is not templating.page_env:
                value.cache_clear()


def one_run(root: Path) -> dict[str, float]:
    forget_memos()
    t0 = time.perf_counter()
    corpus = load_corpus(root)
    t1 = time.perf_counter()
    extras = quiz_extras(corpus, {}, False)
    t2 = time.perf_counter()
    bundle = build_site(corpus, {}, SiteSettings(), demos_enabled=False, extras=extras)
    t3 = time.perf_counter()
    return {"load": t1 - t0, "quizzes": t2 - t1, "render": t3 - t2, "total": t3 - t0,
            "entries": len(corpus.entries), "pages": len(bundle.pages)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("root")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    root = Path(args.root)
    one_run(root)  # warm-up of one-off costs
    runs = [one_run(root) for _ in range(args.repeat)]
    out = {k: statistics.median(r[k] for r in runs) for k in ("load", "quizzes", "render", "total")}
    out.update(entries_per_s=runs[0]["entries"] / out["total"], entries=runs[0]["entries"], pages=runs[0]["pages"],
               runs=len(runs))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
