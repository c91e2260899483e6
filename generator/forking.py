"""Run a function over a list in forked worker processes, one share each, the caller doing the first share.

:func:`map_shared` is for the generator stage's cold work (rendering thousands of
entry pages), which is pure Python and so uses one core however many there are.
A forked child starts with the caller's memory (the corpus, the templates), does
its share, and sends back the results through a pipe; the caller does the first
share meanwhile. A child that fails or dies costs nothing but time: the caller
does its share itself, so the results (and any error they report) are the same
as a serial run's. Fork only where no other threads run (``build`` and ``export``, not
``serve``); ``KB_WORKERS=1`` turns workers off, as for the page workers.
"""

from __future__ import annotations

import logging
import multiprocessing
from typing import Callable, Sequence, TypeVar

from .parallel_pages import worker_count

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("mkdocs.plugins.knowledge_base")


def map_shared(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int) -> list[R]:
    """``work(items)``, computed in shares by this process and forked children when there are enough items.

    ``work`` must return one result per item, in order, and must not change shared state that the caller
    reads afterwards (a child's changes stay in the child): return what the caller should apply.
    """
    workers = min(worker_count(), max(1, len(items) // max(1, min_items)))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return work(items)
    bounds = [len(items) * i // workers for i in range(workers + 1)]
    shares = [items[bounds[i]:bounds[i + 1]] for i in range(workers)]
    children = []
    context = multiprocessing.get_context("fork")
    for share in shares[1:]:
        try:
            mine, theirs = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(work, share, theirs), daemon=True)
            process.start()
            theirs.close()  # (so that a child that dies is seen as end-of-file)
            children.append((mine, process))
        except (OSError, multiprocessing.ProcessError) as exc:  # no memory to fork, say: do it here
            log.debug(f"generator workers unavailable: {exc}")
            children.append((None, None))
    try:
        results = list(work(shares[0]))
        for share, (conn, process) in zip(shares[1:], children):
            got = _receive(conn, process, len(share))
            results.extend(got if got is not None else work(share))
        return results
    finally:  # (after an error here, the children's work is not wanted)
        for conn, process in children:
            if process is not None and process.is_alive():
                process.terminate()
                process.join()
            if conn is not None:
                conn.close()


def _child(work, share, conn) -> None:
    try:
        conn.send(("ok", work(share)))
    except BaseException:  # noqa: BLE001 - the parent does this share again, and reports any problem its way
        pass
    finally:
        conn.close()


def _receive(conn, process, expected: int) -> list | None:
    if conn is None:
        return None
    try:
        status, got = conn.recv()
    except Exception:  # noqa: BLE001 - it died (end-of-file), or sent something unreadable: do the share here
        got = None
    else:
        got = got if status == "ok" and len(got) == expected else None
    finally:
        process.join()
    return got
