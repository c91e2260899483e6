"""Run a function over a list in forked worker processes, one share each, the caller doing the first share.

:func:`map_shared` is for the generator stage's cold work (parsing thousands of
entry files, rendering their pages), which is pure Python and so uses one core
however many there are.
A forked child starts with the caller's memory (the corpus, the templates), does
its share, and sends back the results through a pipe; the caller does the first
share meanwhile. A child that fails or dies costs nothing but time: the caller
does its share itself, so the results (and any error they report) are the same
as a serial run's. Fork only where no other threads run (``build`` and ``export``, not
``serve``); ``KB_WORKERS=1`` turns workers off, as for the page workers.
:class:`Child`, one forked process that sends back one result, is also what
the render workers of :mod:`generator.parallel_render` run in.
"""

from __future__ import annotations

import logging
import multiprocessing
from typing import Any, Callable, Sequence, TypeVar

from .parallel_pages import worker_count

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("mkdocs.plugins.knowledge_base")


class Child:
    """A forked process that computes ``work(*args)`` and sends the result back once.

    A child that fails or dies sends nothing: :meth:`result` is then None, and the caller does the
    work itself. Used by :func:`map_shared` and by the render workers (:mod:`generator.parallel_render`).
    """

    def __init__(self, work: Callable, *args) -> None:
        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)
        try:
            self.process = context.Process(target=_child, args=(work, args, writer), daemon=True)
            self.process.start()
        except BaseException:
            self.reader.close()
            raise
        finally:
            writer.close()  # (the child's end: if the child dies, the parent reads end-of-file)

    def result(self) -> Any:
        """What the child sent, or None if it failed or died; waits for it, then ends it."""
        try:
            return self.reader.recv()
        except Exception as exc:  # noqa: BLE001 - died (end-of-file) or sent something unreadable
            log.debug(f"worker process lost: {exc!r}")
            return None
        finally:
            self.stop()

    def stop(self) -> None:
        self.reader.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


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
    children: list[Child | None] = []
    for share in shares[1:]:
        try:
            children.append(Child(work, share))
        except (OSError, multiprocessing.ProcessError) as exc:  # no memory to fork, say: do it here
            log.debug(f"generator workers unavailable: {exc}")
            children.append(None)
    try:
        results = list(work(shares[0]))
        for share, child in zip(shares[1:], children):
            got = child.result() if child is not None else None
            results.extend(got if got is not None and len(got) == len(share) else work(share))
        return results
    finally:  # (after an error here, the children's work is not wanted)
        for child in children:
            if child is not None:
                child.stop()


def _child(work, args, conn) -> None:
    try:
        conn.send(work(*args))
    except BaseException:  # noqa: BLE001 - the parent does this work again, and reports any problem its way
        pass
    finally:
        conn.close()
