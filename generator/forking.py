"""Run a function over a list in forked worker processes as well as in this one.

:func:`map_shared` is for the generator stage's cold work (parsing thousands of
entry files, rendering their pages), which is pure Python and so uses one core
however many there are.
A forked child starts with the caller's memory (the corpus, the templates). The
caller and its children take the items in small runs as each frees up (the
caller from the front, the children from the back), so a slower process, or
other work the caller does first, leaves none of them idle. Each child sends a
run's results through a pipe as soon as it has them. A child that fails or dies
costs nothing but time: the caller does what it did not send, so the results
(and any error they report) are the same as a serial run's. Fork only where no
other threads run (``build`` and ``export``, not ``serve``); ``KB_WORKERS=1``
turns workers off, as for the page workers. :class:`Child`, one forked process
that sends back its results, is also what the render workers of
:mod:`generator.parallel_render` run in.
"""

from __future__ import annotations

import logging
import multiprocessing
from typing import Any, Callable, Sequence, TypeVar

from .parallel_pages import worker_count

try:
    import fcntl
except ImportError:  # pragma: no cover - not a Unix system (which cannot fork either)
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("mkdocs.plugins.knowledge_base")


class Child:
    """A forked process that computes ``work(*args)`` and sends the result back once.

    A child that fails or dies sends nothing: :meth:`result` is then None, and the caller does the
    work itself. Used by the render workers (:mod:`generator.parallel_render`). With ``stream=True`` the
    child runs ``work(*args, conn)``, which sends any number of messages; :meth:`receive` reads them one
    by one (None at the end, or when the child failed or died), as :func:`map_shared` does.
    """

    def __init__(self, work: Callable, *args, stream: bool = False) -> None:
        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)
        _widen(writer)
        try:
            self.process = context.Process(target=_child, args=(work, args, writer, stream), daemon=True)
            self.process.start()
        except BaseException:
            self.reader.close()
            raise
        finally:
            writer.close()  # (the child's end: if the child dies, the parent reads end-of-file)

    def result(self) -> Any:
        """What the child sent, or None if it failed or died; waits for it, then ends it."""
        try:
            return self.receive()
        finally:
            self.stop()

    def receive(self) -> Any:
        """The next message; None once the child has finished, failed or died."""
        try:
            return self.reader.recv()
        except Exception as exc:  # noqa: BLE001 - died or done (end-of-file), or sent something unreadable
            if not isinstance(exc, EOFError):
                log.debug(f"worker process lost: {exc!r}")
            return None

    def stop(self) -> None:
        self.reader.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _widen(conn) -> None:
    """Let a pipe hold up to 1 MB, so a child rarely waits for the parent to read what it sends."""
    try:
        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (AttributeError, OSError):  # not Linux, or above the system's limit: the default (64 KB) will do
        pass


def map_shared(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int,
               meanwhile: Callable[[], None] | None = None) -> list[R]:
    """``work(items)``, computed by this process and forked children together when there are enough items.

    ``work`` must return one result per item, in order, and must not change shared state that the caller
    reads afterwards (a child's changes stay in the child): return what the caller should apply.
    The items are handed out in small runs as each process frees up: this process takes them from the
    front, the children from the back, so none waits for another while there is work left. A child sends
    each run's results as soon as it has them, and this process reads them between its own runs.
    ``meanwhile`` is other work of this process (it must not change what ``work`` reads), done once the
    children have started, before it takes items of its own.
    """
    workers = min(worker_count(), max(1, len(items) // max(1, min_items)))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        if meanwhile is not None:
            meanwhile()
        return work(items)
    return _Shared(work, items, workers - 1).run(meanwhile)


class _Shared:
    """One :func:`map_shared` call with children: the claim counters, the results, the children's pipes."""

    def __init__(self, work: Callable, items: Sequence, children: int) -> None:
        context = multiprocessing.get_context("fork")
        self.work, self.items = work, items
        self.run_size = max(1, len(items) // ((children + 1) * RUNS_PER_PROCESS))
        self.bounds = context.RawArray("q", [0, len(items)])  # [next from the front, end of the unclaimed]
        self.lock = context.Lock()
        self.results: list = [_MISSING] * len(items)
        self.children: list[Child] = []
        for _ in range(children):
            try:
                self.children.append(Child(_claim_from_back, self, stream=True))
            except (OSError, multiprocessing.ProcessError) as exc:  # no memory to fork, say: do it here
                log.debug(f"generator workers unavailable: {exc}")
                break

    def run(self, meanwhile: Callable[[], None] | None) -> list:
        try:
            if meanwhile is not None:
                meanwhile()
            while (claimed := self.claim(front=True)) is not None:
                start, end = claimed
                self.results[start:end] = self.work(self.items[start:end])
                self.receive(block=False)
            self.receive(block=True)
            for start, end in _gaps(self.results):  # what a failed or lost child did not send
                self.results[start:end] = self.work(self.items[start:end])
            return self.results
        finally:  # (after an error here, the children's work is not wanted)
            for child in self.children:
                child.stop()

    def claim(self, front: bool) -> tuple[int, int] | None:
        """The next run of unclaimed items, from the front or the back; None when none is left."""
        with self.lock:
            start, end = self.bounds[0], self.bounds[1]
            if start >= end:
                return None
            if front:
                end = self.bounds[0] = min(end, start + self.run_size)
            else:
                start = self.bounds[1] = max(start, end - self.run_size)
        return start, end

    def receive(self, block: bool) -> None:
        """Take in the runs the children have sent; ``block``: until each has sent its last."""
        for child in list(self.children):
            while block or child.reader.poll():
                message = child.receive()
                if message is None:  # finished, failed or died
                    self.children.remove(child)
                    child.stop()
                    break
                start, end, results = message
                if len(results) == end - start:
                    self.results[start:end] = results


_MISSING = object()
RUNS_PER_PROCESS = 24  # runs each process takes on average: small enough that none idles long at the end


def _gaps(results: list) -> list[tuple[int, int]]:
    """The (start, end) of each stretch of results not filled in."""
    gaps, start = [], None
    for i, value in enumerate(results):
        if value is _MISSING and start is None:
            start = i
        elif value is not _MISSING and start is not None:
            gaps.append((start, i))
            start = None
    if start is not None:
        gaps.append((start, len(results)))
    return gaps


def _claim_from_back(shared: _Shared, conn) -> None:
    """In a child: do runs of items from the back until none is left, sending each run's results."""
    while (claimed := shared.claim(front=False)) is not None:
        start, end = claimed
        conn.send((start, end, shared.work(shared.items[start:end])))


def _child(work, args, conn, stream: bool) -> None:
    try:
        if stream:
            work(*args, conn)
        else:
            conn.send(work(*args))
    except BaseException:  # noqa: BLE001 - the parent does this work again, and reports any problem its way
        pass
    finally:
        conn.close()
