"""Rendered entry and taxonomy pages, reused while nothing a page shows has changed.

An entry page shows its entry, its place in the taxonomy, the questions of its
related entries and of the newest entries of its topic, and (through answers
and claims) demo results, under the site settings and the templates. The key
of a page is exactly those: the content hashes of the entry files involved
(from the parse cache), the place, the settings and the result keys. Pages are
kept in this process under that key (the live preview renders the site again on
every change, and finds its pages without hashing anything), and in
``.cache/parsed.sqlite`` under a SHA-256 of the key and the generator's code
(the next ``build``). Pages with errors, and pages with self-check questions (which read
other entries' titles), are never stored. A taxonomy (field, programme, lesson,
topic) page is keyed the same way: what it shows of its node, its children and
quizzes, and the content hashes of the questions it lists.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .kvcache import SqliteCache, caching_enabled
from .parse_cache import CACHE_FILE, code_version

Key = tuple  # the strings a page depends on; hashed only to look the page up on disk

_IN_PROCESS: dict[Key, tuple[str, str]] = {}  # key -> (its digest, Markdown), for the last build in this process


class RenderedPages:
    def __init__(self, root: Path):
        self.enabled = caching_enabled()
        # Not compressed: a warm build reads every page, and zlib took a quarter of a warm generator stage
        # (76 against 104 ms at 1,000 entries) to save ~6 MB of disk per 1,000 pages.
        self.store = SqliteCache(Path(root) / CACHE_FILE if self.enabled else None, "markdown")
        self.kept: dict[Key, tuple[str, str]] = {}
        self.fetched: dict[str, str] = {}  # digest -> Markdown, read ahead by prefetch
        self.asked: set[str] = set()  # digests prefetch looked up (a miss there is not asked again)

    def key(self, *parts: str) -> Key | None:
        """The key of a page from the strings it depends on; None when caching is off or a part is unknown."""
        if not self.enabled or not all(parts):
            return None
        return parts

    @staticmethod
    def digest(key: Key) -> str:
        return hashlib.sha256(b"\0".join(p.encode() for p in (code_version().hex(), *key))).hexdigest()

    def prefetch(self, keys) -> None:
        """Read the stored pages of these keys (those not kept in this process) in a few queries."""
        missing = [self.digest(k) for k in keys if k is not None and k not in _IN_PROCESS]
        if missing:
            self.fetched.update(self.store.get_many(missing))
            self.asked.update(missing)

    def get(self, key: Key | None) -> str | None:
        if key is None:
            return None
        known = _IN_PROCESS.get(key)
        if known is not None:
            self.store.used.add(known[0])
            self.kept[key] = known
            return known[1]
        digest = self.digest(key)
        markdown = self.fetched.pop(digest, None)
        if markdown is None and digest not in self.asked:
            markdown = self.store.get(digest)
        if markdown is not None:
            self.store.used.add(digest)
            self.kept[key] = (digest, markdown)
        return markdown

    def put(self, key: Key | None, markdown: str) -> None:
        if key is not None:
            digest = self.digest(key)
            self.kept[key] = (digest, markdown)
            self.store.put(digest, markdown)

    def close(self, success: bool) -> None:
        """Keep this build's pages in memory, write new ones to disk, and (after success) drop the rest."""
        if self.enabled:
            _IN_PROCESS.clear()
            _IN_PROCESS.update(self.kept)
        self.store.close(prune=success)
