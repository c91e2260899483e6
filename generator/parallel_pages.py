"""Convert generated pages in worker processes, so a cold build uses every core.

MkDocs converts pages one after the other in one process, and the conversion
(Python-Markdown, then Material's search parsing) is most of a cold build.
Before MkDocs starts its own loop, :func:`convert_ahead` forks one worker per
core; each is handed the generated pages 25 at a time as it frees up, converts
them, parses them for search, and sends back exactly what
:class:`generator.page_cache.PageCache` stores. A worker that dies (killed for
memory, say) only loses its current pages, which MkDocs then converts itself.
MkDocs' loop then finds every page in the page cache and only replays it. The
results are the same as MkDocs' own (the page-cache tests compare whole sites);
a page whose conversion logs a warning is left to MkDocs, so the warning is
shown (and fails a strict build) as usual.

Used by ``build`` (and ``gh-deploy``) only: ``serve`` rebuilds few pages, and
its server threads make forking unsafe. ``KB_WORKERS`` sets the number of
workers (1: none). Pages already in the page cache are skipped by the workers.
Tag listing pages are left to MkDocs, whose tags plugin edits them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from multiprocessing.connection import wait
from typing import Any

MIN_PAGES = 50  # below this, starting workers costs more than it saves (at 143 pages they save ~20%)
CHUNK = 25  # pages per task (about a quarter of a second of work)

# Set in the parent just before forking; the workers inherit them.
_JOB: dict[str, Any] = {}


def worker_count() -> int:
    """``KB_WORKERS`` if set (1 turns the workers off), else the cores this process may use."""
    configured = os.environ.get("KB_WORKERS", "").strip()
    if configured.isdigit():
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def convert_ahead(cache, bundle_pages: dict[str, str], config, files) -> int:
    """Convert the generated pages missing from ``cache`` in worker processes; returns how many came back."""
    workers = worker_count()
    todo = [src for src, markdown in bundle_pages.items()
            if "<!-- material/tags" not in markdown and (file := files.get_file_from_path(src)) is not None
            and file.is_modified()]  # (an incremental build rebuilds only the modified pages)
    if workers < 2 or len(todo) < MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    # Small chunks, handed out as workers free up: with a few big ones, one core idles through the last.
    count = max(workers * 4, len(todo) // CHUNK)
    tasks = iter([todo[i::count] for i in range(count)])
    running: dict[Any, Any] = {}  # the parent's end of each worker's pipe -> the worker process
    got = 0
    _JOB.update(cache=cache, config=config, files=files)
    try:
        context = multiprocessing.get_context("fork")
        for _ in range(workers):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), daemon=True)
            process.start()
            theirs.close()  # (so that a worker that dies is seen as end-of-file)
            running[mine] = process
        _JOB.clear()
        for conn in list(running):
            _hand_out(conn, next(tasks, None), running)
        while running:
            for conn in wait(list(running)):
                try:
                    results = conn.recv()
                except (EOFError, OSError):  # the worker died; MkDocs converts the pages it had
                    _retire(conn, running)
                    continue
                for src, key, snapshot, lookups, search_key, entries in results:
                    cache.preload(src, key, snapshot, lookups, search_key, entries)
                    got += 1
                _hand_out(conn, next(tasks, None), running)
    except (OSError, multiprocessing.ProcessError) as exc:  # e.g. no memory to fork: MkDocs converts the rest
        logging.getLogger("mkdocs.plugins.knowledge_base").debug(f"page workers stopped: {exc}")
    finally:
        _JOB.clear()
        for conn in list(running):
            _retire(conn, running, kill=True)
    return got


def _hand_out(conn, task: list[str] | None, running: dict) -> None:
    """Send a worker its next pages; ``None`` tells it to stop, and it is retired."""
    try:
        conn.send(task)
    except OSError:  # it died meanwhile
        task = None
    if task is None:
        _retire(conn, running)


def _retire(conn, running: dict, kill: bool = False) -> None:
    process = running.pop(conn)
    conn.close()
    if kill and process.is_alive():
        process.terminate()
    process.join()


def _serve(conn) -> None:
    """A worker process: convert the pages it is sent, send back the results, until told to stop."""
    try:
        while (sources := conn.recv()) is not None:
            conn.send(_convert(sources))
    except BaseException:  # noqa: BLE001 - parent gone or stopping, or a failure MkDocs will meet and report
        pass  # (the parent sees end-of-file, and MkDocs converts the pages this worker had)
    finally:
        conn.close()


def _convert(sources: list[str]) -> list[tuple]:
    """In a worker: convert pages as MkDocs would, and return what the page cache keeps of each."""
    cache, config, files = _JOB["cache"], _JOB["config"], _JOB["files"]
    index = cache.fresh_search_index(config)
    logger = logging.getLogger("mkdocs")
    logger.handlers, logger.propagate = [], False  # a warning here is shown when MkDocs converts the page
    out = []
    for src in sources:
        try:
            done = _convert_one(src, cache, config, files, index, logger)
        except Exception:  # noqa: BLE001 - MkDocs converts this page again and reports the problem its way
            continue
        if done is not None:
            out.append(done)
    return out


def _convert_one(src: str, cache, config, files, index, logger) -> tuple | None:
    from mkdocs.structure.pages import Page

    from .page_cache import LinkLookups, Warnings, snapshot
    from .search_scope import add_to_index

    page = Page(None, files.get_file_from_path(src), config)
    page.read_source(config)
    key = cache.key(page, page.markdown, config)
    if cache.has(key, files):
        return None
    counter = Warnings()
    logger.addHandler(counter)
    try:
        with LinkLookups(files) as lookups:
            page.render(config, files)
    finally:
        logger.removeHandler(counter)
    if counter.count:
        return None  # MkDocs converts it again and shows the warning
    search_key, entries = None, None
    if index is not None:
        index.entries = []
        search_key = cache.search_key(key, page)
        add_to_index(index, page)
        entries = index.entries
    return src, key, snapshot(page), lookups, search_key, entries
