"""Render pages through the theme in worker processes, next to MkDocs' own page loop.

After every page is converted, MkDocs renders each one through the theme's
templates (the navigation, header, footer...) and writes it, one after the
other: at 1,000 entries that is a fifth of a cold build, all on one core.
:func:`rendering_ahead` wraps MkDocs' ``_build_page`` for one build. At the
first page it forks workers (``KB_WORKERS`` cores in all, see
:mod:`generator.parallel_pages`) that render and write a share of the pages
with MkDocs' own ``_build_page``, from the same state. The parent renders the
rest meanwhile; for the workers' pages it only runs the ``page_context``
events, whose side effects (Material's search index, the tags, the build
record) it needs, and keeps their context. After the last page it waits for
the workers and renders itself, from the kept context, any page a worker did
not finish or that logged a warning there, so errors and warnings are
reported (and fail a strict build) as in a serial build.

Each worker also reads back what it wrote and extracts the page's links and
ids for the link check (:func:`generator.linkcheck.scan_page`), which then
only judges them: it does not read a page again while the page has the
signature (inode, size, modification time) the worker saw.

The pages are the same bytes as a serial build's (tests compare whole sites).
Only used when no plugin handles ``post_page`` (such a plugin may keep state
across pages that a worker would not hand back), for builds of at least
:data:`MIN_PAGES` pages.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import time
from typing import Any

from .forking import Child
from .parallel_pages import worker_count

MIN_PAGES = 200  # below this, forking costs more than it saves
# The parent's share of the pages, relative to one worker's. The parent also runs every page's events, a
# worker also scans its pages for the link check. Measured on 2 cores, the parent waited for the worker
# 0.01-0.12 s at 1,000 entries and 2.7 s at 10,000 with equal shares; 0.06-0.66 s and 0.67 s with 1.1.
PARENT_SHARE = 1.1
SAFE_POST_PAGE = ("knowledge-base",)  # plugins whose post_page handler keeps no state

_JOB: dict[str, Any] = {}  # set in the parent just before forking; the workers inherit it


class RenderAhead:
    """The state of one build's parallel rendering; ``scans`` feeds the link check afterwards."""

    def __init__(self, original, workers: int) -> None:
        self.original, self.workers = original, workers
        self.started = False
        self.workers_running: list[Child] = []  # each sends back its pages' link scans
        self.assigned: set[str] = set()  # src_uri of the pages the workers render
        self.kept: dict[str, tuple] = {}  # src_uri -> (page, context, template) for a redo
        self.scans: dict[str, tuple] = {}  # page -> (signature, key, (links, ids)), for the link check
        self.rendered = 0  # pages the workers wrote
        self.waited = 0.0  # seconds the parent waited for the workers after its own pages
        self.redone = 0  # pages given to a worker that the parent rendered after all

    def build_page(self, page, config, doc_files, nav, env, dirty=False, excluded=False) -> None:
        if not self.started:
            self._start(config, doc_files, nav, env, dirty)
        src = page.file.src_uri
        if src not in self.assigned:
            self.original(page, config, doc_files, nav, env, dirty, excluded)
        else:
            self._events_only(page, config, doc_files, nav, env)
        if page.file is doc_files[-1]:  # (the loop's last page)
            self._finish(config)

    def _start(self, config, doc_files, nav, env, dirty: bool) -> None:
        self.started = True
        todo = [f.page for f in doc_files if f.page is not None and not f.inclusion.is_excluded()
                and (not dirty or f.is_modified())]
        if self.workers < 2 or len(todo) < MIN_PAGES or not _post_page_safe(config) \
                or "fork" not in multiprocessing.get_all_start_methods():
            return
        fraction = PARENT_SHARE / (self.workers - 1 + PARENT_SHARE)
        rest = [p for i, p in enumerate(todo) if int((i + 1) * fraction) == int(i * fraction)]  # interleaved
        shares = [[p.file.src_uri for p in rest[i::self.workers - 1]] for i in range(self.workers - 1)]
        _JOB.update(original=self.original, config=config, doc_files=doc_files, nav=nav, env=env, dirty=dirty)
        try:
            for share in shares:
                self.workers_running.append(Child(_render_share, share))
                self.assigned.update(share)
        except (OSError, multiprocessing.ProcessError) as exc:  # e.g. no memory to fork: the parent renders
            logging.getLogger("mkdocs.plugins.knowledge_base").debug(f"render workers not started: {exc}")
        finally:
            _JOB.clear()

    def _events_only(self, page, config, doc_files, nav, env) -> None:
        """What ``_build_page`` does before rendering: the context and the ``page_context`` events."""
        from mkdocs.commands.build import get_context
        config._current_page = page
        try:
            page.active = True
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            self.kept[page.file.src_uri] = (page, context, template)
        finally:
            page.active = False
            config._current_page = None

    def _finish(self, config) -> None:
        """Wait for the workers; render here every assigned page they did not write."""
        done: set[str] = set()
        started = time.perf_counter()
        for child in self.workers_running:
            for src, scans in child.result() or []:  # (None: the worker died; its pages are rendered here)
                done.add(src)
                self.scans.update(scans)
        self.close()
        self.waited = time.perf_counter() - started
        self.rendered = len(done)
        self.redone = len(self.assigned - done)
        if self.assigned:
            logging.getLogger("mkdocs.plugins.knowledge_base").info(
                f"Pages rendered ahead in worker processes: {self.rendered} (waited {self.waited:.2f} s for them)")
        for src in sorted(self.assigned - done):
            page, context, template = self.kept[src]
            _render_kept(page, context, template, config)
        self.assigned, self.kept = set(), {}

    def close(self) -> None:
        for child in self.workers_running:
            child.stop()
        self.workers_running = []


def _post_page_safe(config) -> bool:
    """Whether every ``post_page`` handler belongs to a plugin known to keep no state across pages."""
    handlers = config.plugins.events.get("post_page", [])
    safe = [config.plugins[name] for name in SAFE_POST_PAGE if name in config.plugins]
    return all(getattr(h, "__self__", None) in safe for h in handlers)


def _render_kept(page, context, template, config) -> None:
    """The rest of MkDocs' ``_build_page`` after the ``page_context`` events (no draft pages come here)."""
    from mkdocs import utils
    from mkdocs.exceptions import BuildError
    log = logging.getLogger("mkdocs.commands.build")
    config._current_page = page
    try:
        page.active = True
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        if output.strip():
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        else:
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
    except Exception as exc:
        log.error(f"Error building page '{page.file.src_uri}':" + ("" if isinstance(exc, BuildError) else f" {exc}"))
        raise
    finally:
        page.active = False
        config._current_page = None


def _render_share(sources: list[str]) -> list[tuple[str, dict]]:
    """In a worker: build these pages as MkDocs would; return each finished page with its link scan."""
    from .linkcheck import scan_page
    from .page_cache import Warnings

    job = _JOB
    original, config, doc_files, nav, env, dirty = (job[k] for k in ("original", "config", "doc_files", "nav",
                                                                       "env", "dirty"))
    logger = logging.getLogger("mkdocs")
    logger.handlers, logger.propagate = [], False  # a warning here is shown when the parent renders the page
    by_src = {f.src_uri: f for f in doc_files}
    out = []
    for src in sources:
        file = by_src[src]
        counter = Warnings()
        logger.addHandler(counter)
        try:
            original(file.page, config, doc_files, nav, env, dirty, False)
        except Exception:  # noqa: BLE001 - the parent renders the page again and reports the error its way
            continue
        finally:
            logger.removeHandler(counter)
        if counter.count:
            continue
        try:
            with open(file.abs_dest_path, "rb") as fh:
                page, found = scan_page(file.dest_uri, fh.read(), os.fstat(fh.fileno()))
        except OSError:
            out.append((src, {}))
            continue
        out.append((src, {page: found}))
    return out


@contextlib.contextmanager
def rendering_ahead():
    """Within this block, MkDocs' builds render their pages in worker processes as well (see the module doc)."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_page
    ahead = RenderAhead(original, worker_count())
    mkdocs_build._build_page = ahead.build_page
    try:
        yield ahead
    finally:
        mkdocs_build._build_page = original
        ahead.close()
