"""The preview's watch of the content folders: told by the operating system, passed on to MkDocs' server.

MkDocs' server finds changes by listing every watched file twice a second. At 10,000 entries one
listing of ``content/`` takes most of a tenth of a second of the interpreter, every half second,
which also slows the rebuilds it runs beside. So the content folders are watched through the
operating system's file events (watchdog's native observer: inotify, FSEvents or
ReadDirectoryChangesW), and each change rewrites one small file in a folder of its own that the
server watches (``server.watch``, MkDocs' plugin API). The server then lists one file, not 10,000.

Where the native observer cannot start (for example, the system's limit of inotify watches is
reached), the folders are given to the server to list, with a note saying so.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.errors import note

SIGNAL_NAME = "changed"
CHANGES = ("created", "modified", "deleted", "moved", "attrib")  # watchdog event types: content, dates, permissions


def changes_content(event) -> bool:
    """A file event that may change what the site shows; not a file opened or closed after reading,
    which the rebuild itself does to every file it reads."""
    return not event.is_directory and event.event_type in CHANGES


class ContentWatch:
    """Native watches of ``folders``; every change under them rewrites :attr:`signal` (see the module)."""

    def __init__(self, folders: list[Path], on_change: Callable[[], None] | None = None) -> None:
        self.folders = folders
        self.on_change = on_change  # also told of every change (the preview's early generation)
        self.relay_dir = Path(tempfile.mkdtemp(prefix="kb-preview-watch-"))
        self.signal = self.relay_dir / SIGNAL_NAME
        self.signal.write_text("0", encoding="utf-8")
        self.observer = None
        self._count = 0

    def start(self, server) -> None:
        """Watch natively and have ``server`` watch the signal; or, failing that, have it watch the folders."""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        handler = FileSystemEventHandler()
        handler.on_any_event = self._changed
        observer = Observer()
        try:
            for folder in self.folders:
                observer.schedule(handler, str(folder), recursive=True)
            observer.start()
        except OSError as exc:
            observer.stop()  # (the folders it did watch)
            note(f"the preview cannot watch the content through the system's file events ({exc}); "
                 "MkDocs' server polls it instead, which is slower on large sites")
            self.close()
            for folder in self.folders:
                server.watch(str(folder))
            return
        self.observer = observer
        server.watch(str(self.relay_dir))

    def _changed(self, event) -> None:
        if not changes_content(event):
            return
        self._count += 1  # (the observer hands events over from one thread)
        if self.on_change is not None:  # (first: a rebuild the signal starts must know of this change)
            self.on_change()
        self.signal.write_text(f"{self._count} {time.time_ns()}", encoding="utf-8")

    def close(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None
        if self.relay_dir.exists():
            shutil.rmtree(self.relay_dir)
