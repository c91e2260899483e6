"""Check every internal link and anchor of a built site; a broken one fails the build.

MkDocs validates links written in Markdown, but not those inside raw HTML
blocks (quiz widgets, figures) or produced by the theme. This pass reads the
built HTML itself: each relative ``href``/``src`` must lead to a file of the
site, and each ``#fragment`` to an element with that id on the target page.
It uses regular expressions, not a full parser, so a 10,000-page site is
checked in seconds.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import ContentError

_LINK = re.compile(r"""<(?:a|link|img|script|source)\b[^>]*?\s(?:href|src)\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_ID = re.compile(r"""\sid\s*=\s*(["'])(.*?)\1""", re.I)
_SKIP_PREFIXES = ("http:", "https:", "mailto:", "data:", "javascript:", "//", "tel:", "blob:")
_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.I | re.S)


def _target(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    parts = urlsplit(unescape(url))
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = page.parent if not path.startswith("/") else site
    candidate = Path(posixpath.normpath(str(base / path.lstrip("/"))))
    if candidate.is_dir() or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate, parts.fragment


def check_site(site: Path, source_of=lambda rel: None) -> list[ContentError]:
    """Broken internal links and anchors in ``site``; ``source_of(page_rel)`` names the page's source file."""
    pages = sorted(site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    texts: dict[Path, str] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        texts[page] = text
        ids[page] = {unescape(m.group(2)) for m in _ID.finditer(text)}
    errors: list[ContentError] = []
    for page in pages:
        rel = page.relative_to(site).as_posix()
        seen: set[str] = set()
        for m in _LINK.finditer(_CODE.sub("", texts[page])):
            url = m.group(2).strip()
            if not url or url in seen or url.lower().startswith(_SKIP_PREFIXES):
                continue
            seen.add(url)
            target, fragment = _target(site, page, url)
            where = source_of(rel) or f"site/{rel}"
            if target is None or not target.exists():
                errors.append(ContentError(where, None, None, f"broken link '{url}' on page {rel}",
                                           "link to an existing page; see the page list with 'python -m generator export'"))
            elif fragment and target.suffix == ".html" and fragment not in ids.get(target, set()):
                errors.append(ContentError(where, None, None, f"broken anchor '{url}' on page {rel}",
                                           "the target page has no heading or element with that id"))
    return errors
