"""The live preview rebuilds only the generated pages whose Markdown changed.

``python -m generator serve`` runs MkDocs' server with dirty rebuilds. MkDocs
decides what to rebuild by file dates, which generated pages do not have, so
:class:`PreviewState` (kept by the plugin across rebuilds) tells it instead,
through each generated file's ``is_modified``: a page is rebuilt when its
Markdown differs from the previous successful build's, when it is new, or when
anything every page shows changed (the navigation, ``mkdocs.yml``, the
hand-written files). Editing one entry therefore rebuilds that entry, the pages
that list it and the indexes, not the whole site. Pages that disappeared are
deleted from the preview folder.

While the content has errors, the last good pages stay and the errors are shown over them (see
:class:`PreviewState`).

Two engine details are used here, both of Material's search plugin: a dirty
rebuild merges its entries into ``search_index_prev`` assuming one page
changed, so :meth:`PreviewState.merge_search` merges any number of pages
itself. When the plugin is not built that way any more, the preview says so
once and keeps Material's own merge; so it does on engine versions it was not tested with
(:func:`generator.mkdocs.page_cache.engine_supported`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import jinja2

from generator.mkdocs.config import plugin
from generator.mkdocs.early_generation import EarlyGeneration
from generator.mkdocs.page_cache import engine_supported

log = logging.getLogger("mkdocs.plugins.knowledge_base")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """The theme's compiled templates kept in memory for the session; Jinja checks each against its source."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


STATUS_SCRIPT = "assets/kb-preview.js"  # on every preview page: shows kb-preview.json's errors over the page
STATUS_FILE = "assets/kb-preview.json"
_SCRIPT_SOURCE = Path(__file__).parent / "preview_assets" / "kb-preview.js"


def status_script() -> bytes:
    return _SCRIPT_SOURCE.read_bytes()


def _changed() -> bool:
    return True


def _same() -> bool:  # (two shared functions: one closure per page would give the collector 10,000 more objects)
    return False


def _unread(page) -> None:
    """Make a kept page what MkDocs makes before reading a page, with its title kept: the last conversion's
    Markdown, HTML and anchors are not held in memory for a page that is not converted again."""
    page.title = page.title  # (computed from what it was read from; kept once that is dropped)
    page.markdown = page.content = None
    page.toc = []
    page.present_anchor_ids = page.links_to_anchors = None
    vars(page).pop("render", None)  # the page cache's hook on its last conversion


class PreviewState:
    """What the previous successful preview build rendered, kept in memory by ``serve``.

    When the content has errors, the preview keeps serving the last good pages (nothing is rebuilt)
    and writes the errors to :data:`STATUS_FILE`, which :data:`STATUS_SCRIPT` shows over every page;
    the first rebuild without errors removes them. Without this, MkDocs' server holds every request
    until a rebuild succeeds."""

    def __init__(self) -> None:
        self.markdown: dict[str, str] = {}  # generated page src_uri -> Markdown
        self.dest: dict[str, str] = {}  # generated file src_uri -> output path, relative to the site folder
        self.everything = b""  # fingerprint of what every page shows
        self.fingerprint = b""  # this build's ``everything`` (see frame)
        self.pending: dict[str, Any] = {}
        self.rebuilt: set[str] = set()
        self.files: dict[str, Any] = {}  # generated page src_uri -> its File in the last successful build
        self.compiled = _MemoryBytecodeCache()
        self.kept: dict[str, Any] = {}  # generated page src_uri -> the Page kept_file handed over in this rebuild
        self.warned = self.warned_kept = False
        self.engine_problem = engine_supported()  # the search merge below was checked on these versions only
        self.early = EarlyGeneration()  # the pages generated as soon as the content changes
        self.last_bundle = None  # the last bundle that generated without errors, shown while there are errors
        self.errors: list[str] = []  # the located lines of the last failed generation, shown in the browser

    def frame(self, config, files) -> None:
        """Before the generated files are added to ``files``: fingerprint what every page shows.

        That is the navigation, mkdocs.yml and the hand-written files. Generated pages that are not in
        the navigation (entries, tag pages) may come and go without changing it: the pages that list or
        link them are generated too, and their Markdown changes with them."""
        self.kept = {}
        config_file = Path(config.config_file_path) if config.config_file_path else None
        self.fingerprint = hashlib.sha256(json.dumps(config.nav, sort_keys=True, default=str).encode()
                                          + "\n".join(sorted(f.src_uri for f in files)).encode()
                                          + (config_file.read_bytes() if config_file and config_file.is_file()
                                             else b"")).digest()

    def kept_file(self, src: str, markdown: str):
        """The last build's File of a generated page whose Markdown and frame (see :meth:`frame`) are unchanged,
        else None. It still holds its Page, title included: MkDocs makes a Page only for a file that has none,
        and a dirty rebuild neither reads nor renders an unmodified page."""
        file = self.files.get(src) if self.fingerprint == self.everything and self.markdown.get(src) == markdown else None
        if file is not None and file.page is not None:
            if file.page.markdown is not None:  # (read by the last rebuild)
                _unread(file.page)
            self.kept[src] = file.page
        return file

    def confirm_kept(self, files) -> None:
        """After MkDocs made the navigation: it keeps a Page that a plugin put on a file (MkDocs 1.6,
        mkdocs/mkdocs#3366). Where it made new ones instead, they were not read, so every page is rebuilt,
        and the preview says so once."""
        kept, self.kept = self.kept, {}
        if all(getattr(files.src_uris.get(src), "page", None) is page for src, page in kept.items()):
            return
        for file in files.documentation_pages():
            file.is_modified = _changed
        if not self.warned_kept:
            log.warning("MkDocs replaced the pages the preview kept from its last rebuild: "
                        "every page is rebuilt after each edit")
            self.warned_kept = True

    def track(self, generated: dict[str, Any], pages: dict[str, str], files) -> None:
        """Before a rebuild (after :meth:`frame`): give every generated file an ``is_modified`` that says
        whether it is the last build's (see :meth:`kept_file`)."""
        same_frame = self.fingerprint == self.everything
        same_listing = set(generated) == set(self.dest)
        for src, file in generated.items():
            file.is_modified = _same if file is self.files.get(src) else _changed
        documentation = files.documentation_pages()
        if not (same_frame and same_listing):  # hand-written pages show the navigation and may link to any page
            for file in documentation:
                if file.src_uri not in generated:
                    file.is_modified = _changed
        self.pending = {"markdown": dict(pages), "everything": self.fingerprint,
                        "files": {src: f for src, f in generated.items() if src in pages},
                        "dest": {src: f.dest_uri for src, f in generated.items()},
                        "urls": {"" if f.url == "./" else f.url for f in documentation},
                        "order": {f.url: i for i, f in enumerate(documentation)}}
        self.rebuilt = set()

    def theme_env(self, env: jinja2.Environment) -> None:
        env.bytecode_cache = self.compiled

    def page_built(self, page) -> None:
        self.rebuilt.add(page.url)

    def merge_search(self, config) -> None:
        """Replace, in the previous search index, the entries of every page rebuilt now."""
        search = plugin(config, "material/search", "search")
        if search is None:
            return
        index, previous = getattr(search, "search_index", None), getattr(search, "search_index_prev", None)
        changed = index is None or not hasattr(index, "entries") or not hasattr(search, "search_index_prev")
        if self.engine_problem or changed:
            if not self.warned:
                why = self.engine_problem or "its search plugin changed"
                log.warning(f"the preview cannot merge Material's search index ({why}): "
                            "search in the preview may miss pages until the next full build")
                self.warned = True
            return
        if previous is None:
            return
        urls = self.pending.get("urls", set())
        kept = [e for e in previous.entries
                if (page := e.get("location", "").split("#")[0]) in urls and page not in self.rebuilt]
        order = self.pending.get("order", {})
        home = order.get("./", len(order))

        def place(entry: dict) -> int:  # a clean build lists the pages' entries in the order of the pages
            page = entry.get("location", "").split("#")[0]
            return order.get(page, len(order)) if page else home

        index.entries = sorted(kept + index.entries, key=place)
        search.search_index_prev = None  # the merge is done: Material must not merge again

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
        self.dest = self.pending["dest"]
        self.files = self.pending["files"]
        status = Path(site_dir) / STATUS_FILE
        status.parent.mkdir(parents=True, exist_ok=True)
        status.write_text(json.dumps({"errors": self.errors}), encoding="utf-8")
