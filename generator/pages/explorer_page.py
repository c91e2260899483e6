"""The explorer in the site: its page, its nav item, its script and stylesheet, and each demo's data file.

The data files are written from the cached results at every build (never kept in the repository), one per
explorable demo, under a name that holds the result's cache key. The script and stylesheet are shipped
minified, as the quiz widget's are (:mod:`generator.quizzes.assets`), and loaded by each explorer block itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.demos import explorer_data as xd
from generator.demos.explorer_block import SCRIPT, STYLE, block
from generator.pages.bundle import SiteBundle, front_matter
from generator.quizzes.assets import minified

PAGE = "explorer/index.md"
_ASSETS = Path(__file__).resolve().parent / "assets"
SOURCES: dict[str, Path] = {SCRIPT: _ASSETS / "explorer.js", STYLE: _ASSETS / "explorer.css"}
ORDER = ("lr_sweep", "optimizers", "schedules", "grid_search", "quadratic")  # the order of the page's sections


def shipped(site_path: str) -> bytes:
    """The file at ``site_path`` as the site serves it: its source, minified."""
    return minified(SOURCES[site_path])


def contribute(bundle: SiteBundle, results: dict[str, Any], directory_urls: bool = True) -> bool:
    """Add the data files, the script, the stylesheet and the page; False when no demo can be explored."""
    names = sorted(xd.explorable(results), key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    if not names:
        return False
    for name in names:
        result = results[name]
        if xd.kind_of(result) == "runs":
            text = json.dumps(xd.run_data(name, result), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            bundle.add_asset(xd.data_asset(name, result.key), text.encode("utf-8"))
    for path in sorted(SOURCES):
        bundle.add_asset(path, shipped(path))
    bundle.add_page(PAGE, page_markdown(results, names, directory_urls))
    return True


_INTRO = """\
# Learning-rate explorer

Move the learning rate and watch what the real runs of this site's demos did: every curve below is a
TensorFlow run measured when the site was built, on every seed. The label is the demo's own verdict on
the run (converged, too slow, collapsed, diverged). Below them, the exact picture of plain gradient descent
and momentum on a quadratic bowl, computed in your browser.

Each view keeps its state in the page's address, so a link can open it at a rate and a seed: for example
`?demo=lr_sweep&rate=0.3&seed=1`. Add `hide=seed,table` to hide controls (`rate`, `seed`, `optimizer`,
`schedule`, `metric`, `step`, `momentum`, `best`, `table`). Every number is also in the table under
each view, which works without JavaScript.
"""


def page_markdown(results: dict[str, Any], names: list[str], directory_urls: bool = True) -> str:
    """The Explorer page: one block per explorable demo."""
    sections = []
    for name in names:
        result = results[name]
        sections.append(f"## {result.title}\n\n{result.description}\n\n{block(name, result, PAGE, directory_urls)}\n")
    front = front_matter(title="Learning-rate explorer",
                         description="Move the learning rate over real training runs, and the step size and "
                                     "momentum over an exact quadratic.")
    return f"---\n{front}\n---\n\n{_INTRO}\n" + "\n".join(sections)

