"""The quiz widget's files as the site ships them, and the tags that load them on the pages that hold questions.

The sources in ``generator/pages/assets/`` are written to be read; the site gets them minified by
tdewolff's ``minify`` (a maintained minifier that parses modern JavaScript and CSS), which keeps the
widget under its size budget. A page loads them only when it holds a quiz block: the tags sit at the
start of the block, so every engine that passes raw HTML through loads them, and Material's instant
navigation, which re-runs the scripts of the content it swaps in, loads them on the way to such a page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

_ASSETS = Path(__file__).resolve().parent.parent / "pages" / "assets"

SOURCES: dict[str, Path] = {  # site path -> readable source
    "assets/quiz.js": _ASSETS / "quiz.js",
    "assets/quiz.css": _ASSETS / "quiz.css",
}
_TYPES = {".js": "application/javascript", ".css": "text/css"}


@cache
def minified(source: Path) -> bytes:
    """A script or stylesheet of ``pages/assets/`` as the site serves it (the explorer's too)."""
    import minify  # a compiled library: loaded only when a build writes the assets

    return minify.string(_TYPES[source.suffix], source.read_text(encoding="utf-8")).encode("utf-8")


def shipped(site_path: str) -> bytes:
    """The file at ``site_path`` as the site serves it: its source, minified."""
    return minified(SOURCES[site_path])


def asset_tags(href: Callable[[str], str]) -> str:
    """The stylesheet and script tags for a page; ``href`` turns a site path into a link from that page."""
    return (f'<link rel="stylesheet" href="{href("assets/quiz.css")}">'
            f'<script src="{href("assets/quiz.js")}" defer></script>')
