"""Check a built site, whichever engine built it: ``python -m generator verify SITE``.

A site is published only when no page carries an attribute able to run a script,
every page went through the Markdown extension the generated pages need (no page still holds its raw mark: an engine that skipped
the extension would ship generated blocks as unprocessed text), every page
holding a quiz loads the quiz script, and every internal link and anchor
resolves (:mod:`generator.build.linkcheck`). ``build`` runs the same checks on
its staging folder before the swap.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.build.linkcheck import check_site
from generator.build.page_safety import unsafe_attributes
from generator.errors import ContentError
from generator.pages.html_blocks import MARK

QUIZ_MARKUP = 'class="kbq-'
QUIZ_SCRIPT = "quiz.js"


def page_problems(site: Path, attributes: bool = True) -> list[ContentError]:
    """Pages that kept a raw mark, that hold a quiz but do not load the quiz script, or (``attributes``)
    that carry an attribute able to run a script (:mod:`generator.build.page_safety`)."""
    problems = []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = Path(folder, name)
            text = path.read_text(encoding="utf-8", errors="replace")
            shown = path.relative_to(site).as_posix()
            if MARK in text:
                problems.append(ContentError(shown, None, None, "this page was built without the generated pages' "
                                             "Markdown extension: its blocks are unprocessed",
                                             "list 'kb_markdown' (in an exported project) under markdown_extensions"))
            elif QUIZ_MARKUP in text and QUIZ_SCRIPT not in text:
                problems.append(ContentError(shown, None, None, "this page holds a quiz but does not load quiz.js",
                                             "the quiz block loads it itself: keep the engine from dropping raw HTML from pages"))
            for unsafe in unsafe_attributes(text) if attributes else ():
                problems.append(ContentError(shown, None, None, f"this page carries {unsafe.shown}, which could run a "
                                             "script in the reader's browser", "remove what makes it from the source"))
    return problems


def verify_site(site: Path, source_of=lambda rel: None, cache_file: Path | None = None,
                attributes: bool = True) -> list[ContentError]:
    """Every problem of a built site: pages (see :func:`page_problems`), then links and anchors. ``build``
    passes ``attributes=False``: its plugin judged every page's content as it was converted."""
    if not (site / "index.html").is_file():
        return [ContentError(str(site), None, None, "this is not a built site (it has no index.html)",
                             "give the folder the engine wrote, e.g. site/")]
    return page_problems(site, attributes) + check_site(site, source_of, cache_file=cache_file)
