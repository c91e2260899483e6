"""Rendered entry pages, reused while nothing an entry page shows has changed.

An entry page shows its entry, its place in the taxonomy, the questions of its
related entries and of the newest entries of its topic, and (through answers
and claims) demo results, under the site settings and the templates. The key
of a page is a hash of exactly those: the content hashes of the entry files
involved (from the parse cache), the place, the settings and result keys, and
the generator's code. Pages are kept in this process (the live preview renders
the site again on every change) and in ``.cache/parsed.sqlite`` (the next
``build``). Pages with errors, and pages with self-check questions (which read
other entries' titles), are never stored.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .kvcache import SqliteCache, caching_enabled
from .parse_cache import CACHE_FILE, code_version

_IN_PROCESS: dict[str, str] = {}  # key -> Markdown, for the pages of the last build in this process


class RenderedPages:
    def __init__(self, root: Path):
        self.enabled = caching_enabled()
        self.store = SqliteCache(Path(root) / CACHE_FILE if self.enabled else None, "markdown", compress=True)
        self.kept: dict[str, str] = {}
        self.fetched: dict[str, str] = {}  # read ahead by prefetch
        self.asked: set[str] = set()  # keys prefetch looked up (a miss there is not asked again)

    def key(self, *parts: str) -> str | None:
        """The key of a page from the strings it depends on; None when caching is off or a part is unknown."""
        if not self.enabled or not all(parts):
            return None
        return hashlib.sha256(b"\0".join(p.encode() for p in (code_version().hex(), *parts))).hexdigest()

    def prefetch(self, keys) -> None:
        """Read the stored pages of these keys (those not kept in this process) in a few queries."""
        missing = [k for k in keys if k is not None and k not in _IN_PROCESS]
        if missing:
            self.fetched.update(self.store.get_many(missing))
            self.asked.update(missing)

    def get(self, key: str | None) -> str | None:
        if key is None:
            return None
        markdown = _IN_PROCESS.get(key) or self.fetched.pop(key, None)
        if markdown is None and key not in self.asked:
            markdown = self.store.get(key)
        else:
            self.store.used.add(key)
        if markdown is not None:
            self.kept[key] = markdown
        return markdown

    def put(self, key: str | None, markdown: str) -> None:
        if key is not None:
            self.kept[key] = markdown
            self.store.put(key, markdown)

    def close(self, success: bool) -> None:
        """Keep this build's pages in memory, write new ones to disk, and (after success) drop the rest."""
        if self.enabled:
            _IN_PROCESS.clear()
            _IN_PROCESS.update(self.kept)
        self.store.close(prune=success)
