"""Notice edits in the preview at once, with the system's file-change notifications.

MkDocs' server finds changes by polling: every half second it lists and stats
every watched file. With 10,000 entries that costs CPU all the time the preview
is open, and an edit waits a quarter of a second on average (up to half a
second plus a listing) before the rebuild starts. Where watchdog's native
observer works (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows), :func:`watch_natively` moves the server's watches to it, so an edit
is seen as it is saved. Only changes count: inotify also reports files being
opened and read, and the build reads every content file, so without that filter
each build would ask for the next. Where the native observer does not work (no
such API, a full inotify watch limit, a watchdog older than 4, an unknown
MkDocs), the server keeps polling, as before. ``KB_WATCH=poll`` asks for polling:
notifications miss edits made on another machine of a network or VM-shared folder.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger("mkdocs.plugins.knowledge_base")


def watch_natively(server) -> bool:
    """Move a MkDocs ``LiveReloadServer``'s watches to the native observer; True if it did.

    Call from ``on_serve``: the server starts its observer after the plugins' serve events.
    """
    if os.environ.get("KB_WATCH", "").strip().lower() == "poll":
        return False
    try:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:  # pragma: no cover - watchdog is a dependency of MkDocs
        return False
    polling = getattr(server, "observer", None)
    watched, refs = getattr(server, "_watched_paths", None), getattr(server, "_watch_refs", None)
    if Observer is PollingObserver or not isinstance(polling, PollingObserver) or polling.is_alive() \
            or not isinstance(watched, dict) or not isinstance(refs, dict):
        return False  # no native API here, or a MkDocs we do not know, or too late: keep polling
    native = _changes_only(Observer)()
    try:
        native.start()  # here, where a failure can still fall back; the server's own start() is then a no-op
        server.observer, server._watched_paths, server._watch_refs = native, {}, {}
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)  # (with the server's own handler, which asks for a rebuild)
    except (OSError, RuntimeError, TypeError, ValueError) as exc:
        log.debug(f"native file watching unavailable, polling instead: {exc}")
        native.stop()
        server.observer, server._watched_paths, server._watch_refs = polling, watched, refs
        return False
    return True


def _changes_only(observer_class: type) -> type:
    from watchdog import events

    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
               events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    class ChangesObserver(observer_class):
        """Reports creations, modifications, deletions and moves only; ``start`` may be called again."""

        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, **kwargs):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    **kwargs)

        def start(self) -> None:
            if not self.is_alive():
                super().start()

    return ChangesObserver
