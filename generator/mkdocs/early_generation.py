"""The preview generates the pages as soon as the content changes, while MkDocs' server waits to notice.

MkDocs' server notices the content watch's signal (:mod:`generator.mkdocs.content_watch`) at its next
listing, up to 0.5 s later, waits 0.1 s more for changes to stop, and then rebuilds. The first part
of its rebuild is ours: loading the content and generating the pages (the plugin's ``on_config``),
about a quarter of a second at 10,000 entries. :class:`EarlyGeneration` does that part on a thread
of its own as soon as the watch reports a change, so that the rebuild finds it done.

A rebuild uses the early result only when no change came after that generation began and the
build options (from ``mkdocs.yml``) are the ones it was made with; otherwise it generates as always.
A change that comes later starts another rebuild, as in MkDocs itself. One generation runs at a
time, because generation keeps memos for the whole process. An author's mistake or a bug met early
is raised by the rebuild that takes the result, as if it had met it itself.
"""

from __future__ import annotations

import threading

from generator.pages.bundle import SiteBundle
from generator.pages.pipeline import BuildOptions, generate

WAIT_S = 3600.0  # the longest a rebuild waits for an early generation (stale demos may be running in it)
SETTLE_S = 0.05  # one save gives several file events: the generation begins once they stop


class EarlyGeneration:
    """Generation ahead of the rebuild (see the module). :meth:`changed` is called by the content watch,
    :meth:`generate` by the plugin's ``on_config`` in place of :func:`generator.pages.pipeline.generate`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # held by whichever generation runs
        self._wanted = threading.Event()
        self._changes = 0  # content changes reported so far
        self._options: BuildOptions | None = None  # the last rebuild's
        self._early: tuple | None = None  # (changes when it began, options, bundle or the exception met)
        self._thread: threading.Thread | None = None
        self._stopping = False

    def changed(self) -> None:
        """A content file changed (called on the watch's thread)."""
        self._changes += 1
        if self._options is not None:
            self._wanted.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kb-early-generation", daemon=True)
                self._thread.start()

    def generate(self, options: BuildOptions) -> SiteBundle:
        """The bundle for this rebuild: the early one when it is current, else generated now."""
        if not self._lock.acquire(timeout=WAIT_S):
            raise TimeoutError(f"the preview's early generation of the pages did not finish in {WAIT_S:.0f} s")
        try:
            early, self._early = self._early, None
            self._options = options
            if early is not None and early[0] == self._changes and early[1] == options:
                outcome = early[2]
            else:
                return generate(options)
        finally:
            self._lock.release()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self) -> None:
        self._stopping = True
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=10)  # (a daemon thread: a generation still running ends with the process)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping:
            if not self._wanted.wait(timeout=1.0):
                continue
            self._wanted.clear()
            while self._wanted.wait(timeout=SETTLE_S) and not self._stopping:
                self._wanted.clear()
            if self._stopping:
                return
            if not self._lock.acquire(timeout=WAIT_S):  # a rebuild is generating: it reads the content itself
                continue
            try:
                began, options = self._changes, self._options
                try:
                    outcome: SiteBundle | Exception = generate(options)
                except Exception as exc:  # noqa: BLE001 (raised by the rebuild that takes it: see generate)
                    outcome = exc
                self._early = (began, options, outcome)
            finally:
                self._lock.release()
