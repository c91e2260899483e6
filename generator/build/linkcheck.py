"""Check every internal link and anchor of a built site; a broken one fails the build.

MkDocs validates links written in Markdown, but not those inside raw HTML
blocks (quiz widgets, figures) or produced by the theme. This pass reads the
built HTML itself: each relative ``href``/``src`` must lead to a file of the
site, and each ``#fragment`` to an element with that id on the target page.
It uses regular expressions, not a full parser, reads one page at a time and
resolves links as strings, so a 10,000-page site is checked in seconds. The
links and ids found in a page are cached by the page's path and bytes (a warm
build writes most pages unchanged); links are judged afresh against each site.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import ContentError
from generator.kv_cache import SqliteCache

_LINK = re.compile(r"""<(?:a|link|img|script|source)\b[^>]*?\s(?:href|src)\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_ID = re.compile(r"""\sid\s*=\s*(["'])(.*?)\1""", re.I)
_SKIP_PREFIXES = ("http:", "https:", "mailto:", "data:", "javascript:", "//", "tel:", "blob:")
_UP = re.compile(r"(?:\.\./)+")
_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.I | re.S)


def _inventory(site: Path) -> tuple[set[str], set[str]]:
    """Every file and folder of the site, as POSIX paths relative to it ('' is the root)."""
    files, dirs = set(), set()
    for folder, _, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        dirs.add(rel)
        files.update(f"{rel}/{n}" if rel else n for n in names)
    return files, dirs


def _resolve(page: str, url: str, dirs: set[str]) -> tuple[str, str]:
    """(target file, fragment) of a link on ``page``, resolved as strings (no file-system calls)."""
    parts = urlsplit(unescape(url))
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(joined)
    target = "" if target == "." else target
    if target in dirs or path.endswith("/"):
        target = f"{target}/index.html" if target else "index.html"
    return target, parts.fragment


def _key(page: str, raw: bytes) -> str:
    return hashlib.sha256(page.encode() + b"\0" + raw).hexdigest()


def _extract(raw: bytes) -> tuple[list[str], list[str]]:
    text = raw.decode("utf-8", errors="replace")
    urls = [url for url in dict.fromkeys(m.group(2).strip() for m in _LINK.finditer(_CODE.sub("", text)))
            if url and not unescape(url).lower().lstrip().startswith(_SKIP_PREFIXES)]
    ids = {value if "&" not in value else unescape(value) for _, value in _ID.findall(text)}  # (hot: code lines have ids)
    return urls, sorted(ids)


def _relative_to_ancestor(folder: str, url: str) -> tuple[str, str]:
    """(folder, url) with the url's leading '../' steps taken in the folder ('a/b', '../../c/' -> '', 'c/'),
    so that the many pages of one section, each in its own folder, share their links' resolutions."""
    up = _UP.match(url)
    if up is None or not folder:
        return folder, url
    steps, rest = up.end() // 3, url[up.end():]
    depth = folder.count("/") + 1
    if steps > depth or not rest or rest[0] in "?#&":
        return folder, url
    return ("" if steps == depth else folder.rsplit("/", steps)[0]), rest


def check_site(site: Path, source_of=lambda rel: None, cache_file: Path | None = None) -> list[ContentError]:
    """Broken internal links and anchors in ``site``; ``source_of(page_rel)`` names the page's source file.

    Pages are read one at a time, each at most once; link targets are resolved
    as strings against an inventory of the site taken once, and each (target, fragment) pair is judged
    once. ``cache_file`` keeps each page's links for the next check.
    """
    finished = False
    cache = SqliteCache(cache_file, "scans")

    @functools.cache
    def scan(page: str) -> tuple[list[str], set[str]]:
        """A page's links and ids; those of a page whose bytes the last check saw come from the cache."""
        raw = (site / page).read_bytes()
        key = _key(page, raw)
        found = cache.get(key)
        if found is None:
            found = _extract(raw)
            cache.put(key, found)
        return found[0], set(found[1])

    try:
        files, dirs = _inventory(site)
        errors = _check(files, dirs, source_of, scan)
        finished = True
    finally:  # (an interrupted check keeps the rows it did not get to)
        cache.close(prune=finished)
    return errors


def _check(files: set[str], dirs: set[str], source_of, scan) -> list[ContentError]:
    verdicts: dict[tuple[str, str], str | None] = {}
    errors: list[ContentError] = []
    resolved: dict[tuple[str, str], tuple[str, str]] = {}  # (folder, url) -> target: pages of a folder share links
    for page in sorted(f for f in files if f.endswith(".html")):
        folder = posixpath.dirname(page)
        for url in scan(page)[0]:
            if url[0] == "#":  # most links: the page's own headings (what _resolve would make of them)
                key = (page, unescape(url)[1:])
            else:  # a link without a path ('?q') points into its own page; any other depends on the folder only
                memo = (page, url) if url.startswith(("?", "&")) else _relative_to_ancestor(folder, url)
                key = resolved.get(memo)
                if key is None:
                    key = resolved[memo] = _resolve(posixpath.join(memo[0], "index.html")
                                                    if memo[0] is not page else page, memo[1], dirs)
            verdict = verdicts.get(key, "?")
            if verdict == "?":
                target, fragment = key
                verdict = verdicts[key] = ("link" if target not in files else
                                           "anchor" if fragment and target.endswith(".html")
                                           and fragment not in scan(target)[1] else None)
            if verdict is None:
                continue
            where = source_of(page) or f"site/{page}"
            if verdict == "link":
                errors.append(ContentError(where, None, None, f"broken link '{url}' on page {page}",
                                           "link to an existing page; see the page list with 'python -m generator export'"))
            else:
                errors.append(ContentError(where, None, None, f"broken anchor '{url}' on page {page}",
                                           "the target page has no heading or element with that id"))
    return errors
