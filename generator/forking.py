"""Run a function over a list in forked worker processes as well as in this one.

:func:`map_shared` is for the generator stage's cold work (parsing thousands of
entry files, rendering their pages), which is pure Python and so uses one core
however many there are.
A forked child starts with the caller's memory (the corpus, the templates). The
caller and its children take the items in small runs as each frees up (the
caller from the front, the children from the back), so a slower process, or
other work the caller does first, leaves none of them idle. Each child writes a
run's results as soon as it has them, for the caller to read between its own
runs. A child that fails or dies costs nothing but time: the caller does what
it did not send, so the results (and any error they report) are the same as a
serial run's. Fork only where no other threads run (``build`` and ``export``,
not ``serve``); ``KB_WORKERS=1`` turns workers off, as for the page workers.
:class:`Child`, one forked process that sends back its results, is also what
the render workers of :mod:`generator.parallel_render` run in.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import struct
import tempfile
from typing import Any, Callable, Sequence, TypeVar

from .parallel_pages import worker_count

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("mkdocs.plugins.knowledge_base")


class Child:
    """A forked process that computes ``work(*args)`` and sends the result back once.

    A child that fails or dies sends nothing: :meth:`result` is then None, and the caller does the
    work itself. Used by the render workers (:mod:`generator.parallel_render`) and by :func:`map_shared`.
    """

    def __init__(self, work: Callable, *args) -> None:
        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)
        self.sent = False  # the child has sent its result, and only exits
        try:
            self.process = context.Process(target=_child, args=(work, args, writer), daemon=True)
            self.process.start()
        except BaseException:
            self.reader.close()
            raise
        finally:
            writer.close()  # (the child's end: if the child dies, the parent reads end-of-file)

    def result(self) -> Any:
        """What the child sent, or None if it failed or died; waits for it, not for the child's exit.

        A child that has sent its result only exits; tearing down a forked process's memory takes a
        millisecond or more, which the caller need not wait for. It is reaped by multiprocessing (at the
        next start of a process, or at exit)."""
        try:
            message = self.reader.recv()
        except Exception as exc:  # noqa: BLE001 - died (end-of-file) or sent something unreadable
            log.debug(f"worker process lost: {exc!r}")
            self.stop()
            return None
        self.reader.close()
        self.sent = True
        return message

    def stop(self) -> None:
        """End the process if it still runs and has not sent its result, and close its pipe."""
        if self.sent:
            return
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.reader.close()


def map_shared(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int,
               meanwhile: Callable[[], None] | None = None) -> list[R]:
    """``work(items)``, computed by this process and forked children together when there are enough items.

    ``work`` must return one result per item, in order, and must not change shared state that the caller
    reads afterwards (a child's changes stay in the child): return what the caller should apply.
    The items are handed out in small runs as each process frees up: this process takes them from the
    front, the children from the back, so none waits for another while there is work left. A child writes
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
    """One :func:`map_shared` call with children: the claim counters, the results, the children's outboxes.

    Each child appends its runs' results to a file of its own (deleted already, so it lives only as
    long as this call) that this process reads between its own runs. A pipe would make a child wait
    whenever this process is busy elsewhere, above all during ``meanwhile``; a reader thread could not
    keep up while this process holds the interpreter lock.
    """

    def __init__(self, work: Callable, items: Sequence, children: int) -> None:
        context = multiprocessing.get_context("fork")
        self.work, self.items = work, items
        self.run_size = max(1, min(MAX_RUN, len(items) // ((children + 1) * RUNS_PER_PROCESS)))
        self.bounds = context.RawArray("q", [0, len(items)])  # [next from the front, end of the unclaimed]
        self.lock = context.Lock()
        self.results: list = [_MISSING] * len(items)
        self.outboxes: list[_Outbox] = []
        self.children: list[Child] = []
        try:
            for _ in range(children):
                outbox = _Outbox()
                self.outboxes.append(outbox)
                self.children.append(Child(_claim_from_back, self, outbox))
        except (OSError, multiprocessing.ProcessError) as exc:  # no memory to fork, say: do it here
            log.debug(f"generator workers unavailable: {exc}")

    def run(self, meanwhile: Callable[[], None] | None) -> list:
        try:
            if meanwhile is not None:
                meanwhile()
            while (claimed := self.claim(front=True)) is not None:
                self.do(*claimed)
                self.take_in()
            for child in self.children:
                child.result()  # each has written its last run (or has failed or died)
            self.take_in()
            for start, end in _gaps(self.results):  # what a failed or lost child did not send
                self.do(start, end)
            return self.results
        finally:  # (after an error here, the children's work is not wanted)
            for child in self.children:
                child.stop()
            for outbox in self.outboxes:
                outbox.close()

    def do(self, start: int, end: int) -> None:
        """Items ``start`` to ``end`` done here."""
        results = self.work(self.items[start:end])
        if len(results) != end - start:  # (a slice assignment would shift every later result)
            raise ValueError(f"map_shared: work returned {len(results)} results for {end - start} items")
        self.results[start:end] = results

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

    def take_in(self) -> None:
        """Put the runs the children have written so far in their places."""
        for outbox in self.outboxes:
            for start, end, results in outbox.read():
                if len(results) == end - start:
                    self.results[start:end] = results


class _Outbox:
    """A file one child appends messages to and this process reads them from, each at its own offset.

    A message is its pickle, written first, then (in front of it) its length plus one: a reader that
    finds a length has the whole message, and finds 0 where a message is not finished (or none is).
    """

    HEADER = struct.Struct("<Q")

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="kb-map-")
        self.fd = self.file.fileno()
        self.written = self.taken = 0  # offsets: the child's, this process's

    def write(self, message: Any) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        size = self.HEADER.size
        os.pwrite(self.fd, data, self.written + size)
        os.pwrite(self.fd, self.HEADER.pack(len(data) + 1), self.written)
        self.written += size + len(data)

    def read(self) -> list:
        messages, size = [], self.HEADER.size
        while True:
            header = os.pread(self.fd, size, self.taken)
            length = self.HEADER.unpack(header)[0] - 1 if len(header) == size else -1
            if length < 0:
                return messages
            data = os.pread(self.fd, length, self.taken + size)
            if len(data) < length:
                return messages
            self.taken += size + length
            try:
                messages.append(pickle.loads(data))
            except Exception as exc:  # noqa: BLE001 - unreadable: this process does those items itself
                log.debug(f"worker results lost: {exc!r}")

    def close(self) -> None:
        self.file.close()


_MISSING = object()
RUNS_PER_PROCESS = 24  # runs each process takes on average: small enough that none idles long at the end
MAX_RUN = 16  # items per run at most (16 entry pages are ~150 KB to send)


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


def _claim_from_back(shared: _Shared, outbox: _Outbox) -> None:
    """In a child: do runs of items from the back until none is left, writing each run's results."""
    while (claimed := shared.claim(front=False)) is not None:
        start, end = claimed
        outbox.write((start, end, shared.work(shared.items[start:end])))


def _child(work, args, conn) -> None:
    try:
        conn.send(work(*args))
    except BaseException:  # noqa: BLE001 - the parent does this work again, and reports any problem its way
        pass
    finally:
        conn.close()
