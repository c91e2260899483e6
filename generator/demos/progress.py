"""Progress display for demo runs on stderr: which demo is running and where it is.

One line per event, prefixed ``demos:``, readable in a CI log. Updates from a
demo are throttled (one per second on a terminal, one per five seconds
otherwise); starts, finishes and failures are always shown.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Receives runner events; prints nothing when ``stream`` is None."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream
        self.interval = 1.0 if stream is not None and getattr(stream, "isatty", lambda: False)() else 5.0
        self._last: dict[str, float] = {}
        self._started: dict[str, float] = {}
        self._done = 0
        self._total = 0

    @classmethod
    def make(cls, progress) -> Progress:
        """From ``ensure(progress=...)``: True (stderr), False/None (silent), or a stream."""
        return cls(sys.stderr if progress is True else progress or None)

    def _print(self, text: str) -> None:
        if self.stream is not None:
            print(f"demos: {text}", file=self.stream, flush=True)

    def begin(self, names: list[str], workers: int, config: str) -> None:
        self._total = len(names)
        self._print(f"running {len(names)} stale demo{'s' if len(names) != 1 else ''} ({', '.join(names)}) "
                    f"with config '{config}' in {workers} worker process{'es' if workers != 1 else ''}")

    def started(self, name: str) -> None:
        self._started[name] = self._last[name] = time.monotonic()
        self._print(f"{name}: started")

    def update(self, name: str, message: str) -> None:
        now = time.monotonic()
        if now - self._last.get(name, 0.0) >= self.interval:
            self._last[name] = now
            self._print(f"{name}: {message} ({now - self._started.get(name, now):.0f} s)")

    def finished(self, name: str, seconds: float) -> None:
        self._done += 1
        self._print(f"[{self._done}/{self._total}] {name}: done in {seconds:.1f} s")

    def failed(self, name: str, reason: str) -> None:
        self._done += 1
        self._print(f"[{self._done}/{self._total}] {name}: FAILED, {reason}")

    def end(self, seconds: float, failures: int) -> None:
        tail = f", {failures} failed" if failures else ""
        self._print(f"finished in {seconds:.1f} s{tail}")
