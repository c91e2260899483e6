"""Converted pages, cached by their Markdown, so MkDocs converts only the pages that changed.

Python-Markdown's conversion is most of a MkDocs build. A page's HTML, table of
contents, title and anchors depend only on its final Markdown, its path and
address, the Markdown configuration, the package versions, and the files its
links resolve to. :class:`PageCache` keys each
page on the first five, and records the last as it converts: every file lookup
MkDocs makes for the page's links, with the answer (the target's address and
inclusion, or "missing"). A stored conversion is replayed only while every
recorded lookup still gives the same answer, like a compiler's dependency file:
adding or removing a page reconverts just the pages whose links it changes. On
a hit the page's ``render`` is replaced with a replay of the stored result;
Material's search index entries for the page are cached the same way.
Everything after that (theme, sitemap, link checks) runs as in a cold build, so a warm
build writes byte-identical HTML to a cold one; the tests compare them.

A page whose conversion logged a warning is never cached, so the warning (and
a strict build's failure) comes back on every build. The cache lives in
``.cache/pages.sqlite`` (see :mod:`generator.kv_cache`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import types
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator.errors import note
from generator.kv_cache import SqliteCache
from generator.mkdocs.config import plugin
from generator.pages.html_blocks import VERSION as HTML_BLOCKS_VERSION

CACHE_FILE = ".cache/pages.sqlite"
VERSIONED = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments")
# The engine versions whose internals this module was checked against (tests/mkdocs/test_page_cache.py
# compares a warm build with a cold one, page by page). On any other version the cache is off, with a note.
TESTED = {"mkdocs": ("1.6.",), "mkdocs-material": ("9.6.", "9.7.", "9.8.")}


def engine_supported() -> str | None:
    """None when the installed MkDocs and Material are versions this module was tested with, else why not."""
    for name, prefixes in TESTED.items():
        version = _version(name)
        if not version.startswith(prefixes):
            return f"{name} {version} is not a version the page cache was tested with ({', '.join(prefixes)}x)"
    from mkdocs.structure.pages import Page
    if not hasattr(Page, "render") or "_title_from_render" not in Page.__init__.__code__.co_names:
        return "MkDocs' Page no longer has the render() and _title_from_render the page cache replays"
    return None


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _toc_data(items) -> list:
    return [(a.title, a.id, a.level, _toc_data(a.children)) for a in items]


def _toc(data: list) -> list[AnchorLink]:
    out = []
    for title, anchor_id, level, children in data:
        link = AnchorLink(title, anchor_id, level)
        link.children = _toc(children)
        out.append(link)
    return out


class Warnings(logging.Handler):
    """Counts warnings MkDocs logs while one page converts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class LinkLookups:
    """Records, while a page converts, every file MkDocs looks up for its links and what it found."""

    def __init__(self, files) -> None:
        self.files = files
        self.seen: dict[str, tuple | None] = {}

    def __enter__(self) -> dict[str, tuple | None]:
        lookup = self.files.get_file_from_path  # the class's method; shadowed on this instance meanwhile

        def recording(path: str):
            found = lookup(path)
            self.seen[path] = _answer(found)
            return found

        self.files.get_file_from_path = recording
        return self.seen

    def __exit__(self, *exc) -> None:
        del self.files.get_file_from_path


def _answer(found) -> tuple | None:
    return None if found is None else (found.url, found.inclusion.name)


def lookups_hold(lookups: dict[str, tuple | None], files) -> bool:
    """Whether each recorded lookup gives the same answer among ``files`` now."""
    return all(_answer(files.get_file_from_path(path)) == answer for path, answer in lookups.items())


class PageCache:
    """One build's use of the page cache; the MkDocs plugin forwards events here."""

    def __init__(self, root: Path):
        problem = engine_supported()
        if problem is not None:
            note(f"page cache off: {problem}")
        path = Path(root) / CACHE_FILE if problem is None else None
        self.html = SqliteCache(path, "html", compress=True)
        self.search = SqliteCache(path, "search", compress=True)
        self.links = SqliteCache(path, "lookups")  # key -> the file lookups the conversion made (see LinkLookups)
        self.base: bytes | None = None
        self.keys: dict[str, str] = {}  # page src_uri -> its conversion key (cached or cacheable pages)
        self.hits = self.misses = 0  # from the cache file / converted by MkDocs
        self.search_settings: str | None = None
        self.told_search = False

    def _base(self, config) -> bytes:
        if self.base is None:
            versions = [_version(n) for n in VERSIONED] + [HTML_BLOCKS_VERSION]
            setup = json.dumps([versions, config["markdown_extensions"], repr(config["mdx_configs"]),
                                config["use_directory_urls"], repr(config.validation)], default=repr)
            self.base = hashlib.sha256(setup.encode()).digest()
        return self.base

    def key(self, page, markdown: str, config) -> str:
        where = f"{page.file.src_uri}\0{page.file.url}\0".encode()
        return hashlib.sha256(self._base(config) + where + markdown.encode()).hexdigest()

    def _current(self, key: str, files) -> bool:
        """Whether a stored conversion under ``key`` exists and its links still resolve as they did."""
        lookups = self.links.get(key)
        return isinstance(lookups, dict) and lookups_hold(lookups, files)

    def _stored(self, key: str, files) -> dict | None:
        stored = self.html.get(key) if self._current(key, files) else None
        self.hits += stored is not None
        return stored

    def page_markdown(self, page, markdown: str, config, files) -> None:
        """Called with the final Markdown of ``page``: arrange for its conversion to be replayed or stored."""
        src = page.file.src_uri
        key = self.key(page, markdown, config)
        stored = self._stored(key, files)
        if stored is not None:
            self.keys[src] = key
            page.render = types.MethodType(_replay(stored), page)
            return
        self.misses += 1
        original = page.render

        def render_and_store(this, config, files) -> None:
            counter = Warnings()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(counter)
            try:
                with LinkLookups(files) as lookups:
                    original(config, files)
            finally:
                logger.removeHandler(counter)
            if counter.count == 0:
                self.keys[src] = key
                self.html.put(key, snapshot(this))
                self.links.put(key, lookups)

        page.render = types.MethodType(render_and_store, page)

    def _search_plugin(self, config):
        search = plugin(config, "material/search", "search")
        if search is None:
            return None, None  # no search plugin: no entries to cache
        index = getattr(search, "search_index", None)
        if index is None or not hasattr(index, "add_entry_from_context"):
            if not self.told_search:
                note("search entries are not cached: Material's search index has no add_entry_from_context")
                self.told_search = True
            return None, None
        self.search_settings = repr(sorted(search.config.items()))
        return search, index

    def search_key(self, page_key: str, page) -> str:
        """Key of a converted page's search entries: its HTML (which also follows its links' targets),
        address, title, metadata and the search settings."""
        return hashlib.sha256(f"{page_key}\0{page.url}\0{page.title}\0{self.search_settings}\0".encode()
                              + json.dumps(page.meta, sort_keys=True, default=repr).encode() + b"\0"
                              + (page.content or "").encode()).hexdigest()

    def hook_search(self, config) -> None:
        """Wrap Material's search index so that a cached page's entries are reused, not re-parsed."""
        search, index = self._search_plugin(config)
        if index is None:
            return
        add_as_material_does = index.add_entry_from_context

        def add_entry(page) -> None:
            page_key = self.keys.get(page.file.src_uri)
            if page_key is None:
                return add_as_material_does(page)
            key = self.search_key(page_key, page)
            stored = self.search.get(key)
            if stored is not None:
                index.entries.extend(json.loads(stored))
                return None
            before = len(index.entries)
            add_as_material_does(page)
            self.search.put(key, json.dumps(index.entries[before:]))
            return None

        index.add_entry_from_context = add_entry

    def close(self, success: bool) -> None:
        """Store what was converted; after a successful build, drop rows of pages that are gone."""
        self.html.close(prune=success)
        self.search.close(prune=success)
        self.links.close(prune=success)


def snapshot(page) -> dict[str, Any]:
    """What the cache keeps of a converted page."""
    links = None
    if page.links_to_anchors is not None:
        links = {f.src_uri: dict(anchors) for f, anchors in page.links_to_anchors.items()}
    return {"content": page.content, "toc": _toc_data(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()), "links": links}


def _replay(stored: dict[str, Any]):
    def render(this, config, files) -> None:
        this.content = stored["content"]
        this.toc = TableOfContents(_toc(stored["toc"]))
        this._title_from_render = stored["title"]
        this.present_anchor_ids = set(stored["anchors"])
        if stored["links"] is not None:
            this.links_to_anchors = {files.get_file_from_path(src): anchors
                                     for src, anchors in stored["links"].items()
                                     if files.get_file_from_path(src) is not None}
    return render
