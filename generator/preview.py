"""Incremental rebuilds: ``serve`` (and an incremental ``build``) re-render only the pages that changed.

``python -m generator serve`` runs MkDocs' server with dirty rebuilds. MkDocs
decides what to rebuild by file dates, which generated pages do not have, so
:class:`PreviewState` (kept by the plugin across rebuilds) tells it instead: a
generated page is rebuilt when its Markdown differs from the previous
successful build's, when it is new, or when anything every page shows has
changed (the navigation, ``mkdocs.yml``, the hand-written files). Editing,
adding or removing one entry therefore rebuilds that entry, the pages that list
it and the indexes, not the whole site. Pages that disappeared are deleted from
the preview folder.

Material's search plugin merges a dirty rebuild's entries into the previous
index assuming one page changed; :meth:`PreviewState.merge_search` does the
merge for any number of pages, so the preview's search stays complete, and
encodes only the new entries of the index again.
Unbuilt pages still need titles (for the navigation and tag listings) and their
tags (for Material's tags plugin): they get them from their front matter. While
the frame (navigation, mkdocs.yml, hand-written files) is unchanged, an unbuilt
entry or tag page is handed to MkDocs as the same ``File`` and ``Page`` objects
as in the previous build (:meth:`PreviewState.reuse`), so MkDocs makes no new
``Page`` for it; while the pages are the same, the sitemap is not written again.
The live preview does not write Material's ``tags.json`` export (``build`` does). The
theme's templates are compiled once per preview session, not once per rebuild.

The preview process holds hundreds of thousands of objects, so a full garbage
collection costs about half a second at 10,000 entries; during a rebuild it
would happen once or twice, between the edit and the reload. Collection is
paused while a rebuild runs and done a moment after it (:class:`IdleCollector`).

An incremental ``build`` uses the same tracking, saved to disk after each
build and restored by the next (:mod:`generator.incremental`); it stops with
:class:`FrameChanged`, for a clean full build, where ``serve`` would rebuild
every page.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import threading
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.structure.files import InclusionLevel

from .config_check import plugin

_FIELD = re.compile(r"^(title|tags): (.*)$", re.M)
LISTS = "\0lists"  # (in a page's fields: it holds a Material tag listing)


def front_matter_fields(markdown: str) -> dict[str, Any]:
    """``title`` and ``tags`` of a page's front matter (JSON values: see :func:`generator.site.front_matter`)."""
    if not markdown.startswith("---\n"):
        return {}
    end = markdown.find("\n---", 3)
    return {m.group(1): json.loads(m.group(2)) for m in _FIELD.finditer(markdown, 4, end if end > 0 else 4)}


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each against its source before use."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class IdleCollector:
    """No cyclic garbage collection while a rebuild runs; one full collection when the preview is idle."""

    DELAY = 2.0  # seconds after a rebuild: the browser has reloaded the page by then

    def __init__(self, active: bool = True) -> None:
        self.active = active  # off for a build process, which ends right after its build
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def _cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def build_started(self) -> None:
        if not self.active:
            return
        with self.lock:
            self._cancel()
            gc.disable()

    def build_ended(self) -> None:
        if not self.active:
            return
        with self.lock:
            self._cancel()
            self.timer = threading.Timer(self.DELAY, self._collect)
            self.timer.daemon = True
            self.timer.start()

    def _collect(self) -> None:
        with self.lock:
            if self.timer is None or threading.current_thread() is not self.timer:
                return  # a rebuild started meanwhile
            self.timer = None
            gc.collect()
            gc.enable()

    def stop(self) -> None:
        if not self.active:
            return
        with self.lock:
            self._cancel()
            gc.enable()


class FrameChanged(Exception):
    """An incremental ``build`` found the navigation, mkdocs.yml or the hand-written files changed."""


def digest(markdown: str) -> bytes:
    return hashlib.sha256(markdown.encode()).digest()


class PreviewState:
    """What the previous successful build rendered: kept in memory by ``serve``; saved to disk and
    restored by an incremental ``build`` (:mod:`generator.incremental`)."""

    def __init__(self, live: bool = True) -> None:
        self.markdown: dict[str, str | bytes] = {}  # generated page src_uri -> Markdown (or its digest)
        self.dest: dict[str, str] = {}  # generated file src_uri -> output path, relative to the site folder
        self.everything = b""  # fingerprint of what every page shows
        self.pending: dict[str, Any] = {}
        self.rebuilt: set[str] = set()
        self.builds = 0
        self.compiled = _MemoryBytecodeCache()
        self.fields: dict[str, tuple[str, dict]] = {}  # src -> (Markdown, its front matter title and tags)
        self.live = live  # serve's state, kept in memory (else a build's, saved to disk)
        self.collector = IdleCollector(active=live)
        self.encoded: dict[int, tuple[dict, str]] = {}  # id(search entry) -> (entry, its JSON)
        self.previous_search: list[dict] | None = None  # the last site's search entries (incremental build)
        self.fingerprint = b""  # this build's ``everything`` (see frame)
        self.kept: dict[str, Any] = {}  # src -> the last build's File of each page outside the navigation
        self.reusable: dict[str, Any] = {}  # ``kept``, while the frame is unchanged (see reuse)

    def saved(self) -> dict[str, Any]:
        """What an incremental ``build`` needs of this build (page Markdown as digests)."""
        return {"markdown": {src: md if isinstance(md, bytes) else digest(md) for src, md in self.markdown.items()},
                "dest": dict(self.dest), "everything": self.everything}

    @classmethod
    def restore(cls, saved: dict[str, Any], previous_search: list[dict]) -> "PreviewState":
        state = cls(live=False)
        state.markdown, state.dest, state.everything = saved["markdown"], saved["dest"], saved["everything"]
        state.previous_search, state.builds = previous_search, 1
        return state

    def _unchanged(self, src: str, markdown: str) -> bool:
        before = self.markdown.get(src)
        return before == (digest(markdown) if isinstance(before, bytes) else markdown)

    def frame(self, config, files) -> None:
        """Before the generated files are added to ``files``: fingerprint what every page shows.

        That is the navigation, mkdocs.yml and the hand-written files. Generated pages that are not in
        the navigation (entries, tag pages) may come and go without changing it: the pages that list or
        link them are generated too, and their Markdown changes with them."""
        config_file = Path(config.config_file_path) if config.config_file_path else None
        self.fingerprint = hashlib.sha256(json.dumps(config.nav, sort_keys=True, default=str).encode()
                                          + "\n".join(sorted(f.src_uri for f in files)).encode()
                                          + (config_file.read_bytes() if config_file and config_file.is_file()
                                             else b"")).digest()
        self.reusable = self.kept if self.live and self.builds and self.fingerprint == self.everything else {}

    def reuse(self, src: str, markdown: str) -> Any:
        """The last build's ``File`` of this entry or tag page, with its ``Page``, if its Markdown is the
        same and nothing every page shows changed (live preview only); else None.

        MkDocs makes a ``Page`` for each file that has none, with a canonical URL joined and parsed: at
        10,000 entries, a tenth of a rebuild. An unbuilt page keeps what its last build gave it (title,
        anchors); the links it held were checked when it was built, and are not checked again."""
        file = self.reusable.get(src)
        if file is None or file.page is None or file.content_string != markdown:
            return None
        file.page.links_to_anchors = None  # (as a new unbuilt page's)
        return file

    def track(self, generated: dict[str, Any], pages: dict[str, str], config, files) -> None:
        """Before a rebuild (after :meth:`frame`): give every generated file an ``is_modified`` that compares
        with the last build."""
        everything = self.fingerprint
        same_frame = everything == self.everything
        if self.previous_search is not None and not (same_frame and not any(
                f.is_modified() for f in files.documentation_pages() if f.src_uri not in generated)):
            # (An incremental build: a hand-written page's title may show in every page's navigation.)
            raise FrameChanged("the navigation, mkdocs.yml or the hand-written pages changed")
        same_listing = set(generated) == set(self.dest)
        for src, file in generated.items():
            fresh = same_frame and src in pages and self._unchanged(src, pages[src])
            # Decided once, before anything is written. The preview's own folder holds what its last build
            # wrote to the same place; a site folder on disk (an incremental build) is checked.
            written = (self.dest.get(src) == file.dest_uri) if self.live else os.path.isfile(file.abs_dest_path)
            modified = not (fresh and written)
            file.is_modified = lambda modified=modified: modified
        documentation = files.documentation_pages()  # (a pass over every file: taken once here)
        if not (same_frame and same_listing):  # hand-written pages show the navigation and may link to any page
            for file in documentation:
                if file.src_uri not in generated:
                    file.is_modified = lambda: True
        elif self.live and self.builds:
            self._skip_sitemap(config)
        kept = {src: f for src, f in generated.items() if src in pages and f.inclusion is InclusionLevel.NOT_IN_NAV}
        self.pending = {"markdown": dict(pages), "everything": everything, "kept": kept if self.live else {},
                        "dest": {src: f.dest_uri for src, f in generated.items()},
                        "urls": {"" if f.url == "./" else f.url for f in documentation},
                        "order": {f.url: i for i, f in enumerate(documentation)}}
        self.rebuilt = set()

    @staticmethod
    def _skip_sitemap(config) -> None:
        """The same pages at the same addresses: the preview's sitemap, written by an earlier rebuild, stays
        as it is (its dates are the build date, fixed for the session); writing 10,000 addresses again
        took 60 ms of each rebuild."""
        templates = getattr(config.theme, "static_templates", None)
        if isinstance(templates, set):
            templates.discard("sitemap.xml")

    def skip_tag_export(self, config) -> None:
        """In the live preview, Material's tags plugin does not write ``tags.json`` (``build`` still does):
        writing it, and collecting every unbuilt page's tags for it, took a fifth of a rebuild at 10,000
        entries, and nothing in the site reads it."""
        tags_plugin = plugin(config, "material/tags", "tags")
        if self.live and getattr(getattr(tags_plugin, "config", None), "export", False):
            tags_plugin.config.export = False

    def unbuilt_pages(self, pages: dict[str, str], config, files) -> None:
        """Pages that are not read this time still need their title (navigation, listings) and, for
        Material's tags plugin, their tags and tag listings; all come from their front matter.
        The listings of unbuilt tag pages are registered (so tags link to them) but not filled."""
        tags_plugin = plugin(config, "material/tags", "tags")
        mappings, listings = getattr(tags_plugin, "mappings", None), getattr(tags_plugin, "listings", None)
        unbuilt_listings: set[int] = set()
        if not self.builds and self.live:  # read every front matter now, not on the preview's first edit
            for src, markdown in pages.items():
                self._fields(src, markdown)
        by_src = files.src_uris  # (generated paths are POSIX already: no get_file_from_path, which parses each)
        unbuilt = [(src, markdown, file.page) for src, markdown in pages.items()
                   if (file := by_src.get(src)) is not None and file.page is not None
                   and not file.is_modified()]
        # Other pages' tags matter to a tag listing that is rebuilt now (an unbuilt one is not filled), and
        # to the exported tags.json.
        exported = bool(getattr(getattr(tags_plugin, "config", None), "export", False))
        want_tags = exported or any(by_src[src].is_modified() and self._fields(src, markdown)[LISTS]
                                    for src, markdown in pages.items())
        for src, markdown, page in unbuilt:
            fields = self._fields(src, markdown)
            if fields.get("title") and "title" not in page.__dict__:
                page.title = fields["title"]
            if fields.get("tags") and mappings is not None and want_tags:
                page.meta = {"tags": fields["tags"]}
                mappings.add(page, markdown)
            if fields[LISTS] and listings is not None:
                listings.add(page, markdown)
                unbuilt_listings.add(id(page))
        if unbuilt and want_tags and isinstance(getattr(mappings, "data", None), dict):
            order = self.pending.get("order", {})  # as a clean build adds them: in the order of the pages
            mappings.data = dict(sorted(mappings.data.items(), key=lambda item: order.get(item[0], len(order))))
        if unbuilt_listings:
            populate = listings.populate

            def populate_built(listing, *args, **kwargs):
                if id(listing.page) not in unbuilt_listings:
                    populate(listing, *args, **kwargs)

            listings.populate = populate_built

    def _fields(self, src: str, markdown: str) -> dict[str, Any]:
        """The page's front matter fields, and under ``LISTS`` whether it holds a tag listing."""
        known = self.fields.get(src)
        if known is None or known[0] is not markdown:  # the same string object: the page was not re-rendered
            fields = front_matter_fields(markdown)
            fields[LISTS] = "<!-- material/tags" in markdown
            known = self.fields[src] = (markdown, fields)
        return known[1]

    def theme_env(self, env: jinja2.Environment) -> None:
        env.bytecode_cache = self.compiled

    def page_built(self, page) -> None:
        self.rebuilt.add(page.url)

    def merge_search(self, config) -> None:
        """Replace, in the previous search index, the entries of every page rebuilt now."""
        search = plugin(config, "material/search", "search")
        index, previous = getattr(search, "search_index", None), getattr(search, "search_index_prev", None)
        if index is None:
            return
        entries = previous.entries if previous is not None else self.previous_search
        if entries is not None:
            urls = self.pending.get("urls", set())
            kept = [e for e in entries
                    if (page := e.get("location", "").split("#")[0]) in urls and page not in self.rebuilt]
            order = self.pending.get("order", {})
            home = order.get("./", len(order))

            def place(entry: dict) -> int:  # a clean build lists the pages' entries in the order of the pages
                page = entry.get("location", "").split("#")[0]
                return order.get(page, len(order)) if page else home

            index.entries = sorted(kept + index.entries, key=place)
            search.search_index_prev = None  # the merge is done: Material must not merge again
        index.generate_search_index = lambda prev=None: self._encode_search(index)  # (the first build too)

    def _encode_search(self, index) -> str:
        """Material's ``generate_search_index`` output (the same JSON), with each kept entry encoded once
        per session: at 10,000 pages, encoding the whole index again took most of a second."""
        encoded: dict[int, tuple[dict, str]] = {}
        parts = []
        for entry in index.entries:
            known = self.encoded.get(id(entry))
            if known is None or known[0] is not entry:
                known = (entry, json.dumps(entry, separators=(",", ":"), default=str))
            encoded[id(entry)] = known
            parts.append(known[1])
        self.encoded = encoded  # (holding the entries keeps their ids from being reused)
        config = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        return f'{{"config":{json.dumps(config, separators=(",", ":"), default=str)},"docs":[{",".join(parts)}]}}'

    def finished(self, site_dir: str) -> None:
        """After a successful rebuild: remember it, and delete the output of pages that are gone
        (and the folders that held only them)."""
        for src, dest in self.dest.items():
            if src not in self.pending["dest"]:
                path = os.path.join(site_dir, dest)
                if os.path.isfile(path):
                    os.remove(path)
                folder = os.path.dirname(path)
                while folder != site_dir and folder.startswith(site_dir) and not os.listdir(folder):
                    os.rmdir(folder)
                    folder = os.path.dirname(folder)
        self.markdown = self.pending["markdown"]
        self.everything = self.pending["everything"]
        self.kept = self.pending["kept"]
        self.dest = self.pending["dest"]
        self.builds += 1
