"""The preview's file watching: native notifications for changes only, polling as the fallback."""

from __future__ import annotations

import time

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from generator import watching

pytestmark = pytest.mark.skipif(Observer is PollingObserver, reason="no native file notifications here")


@pytest.fixture
def server(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yml").write_text("id: a\n")
    srv = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    srv.watch(str(tmp_path / "content"))
    srv.watch(str(tmp_path / "content"))  # asked twice (MkDocs counts): still one watch, unwatched twice
    yield srv
    srv.observer.stop()


def _asked_for_rebuild(srv, within: float) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        with srv._rebuild_cond:
            if srv._want_rebuild:
                srv._want_rebuild = False
                return True
        time.sleep(0.02)
    return False


def test_changes_ask_for_a_rebuild_and_reading_does_not(server, tmp_path):
    assert watching.watch_natively(server)
    assert not isinstance(server.observer, PollingObserver) and server.observer.is_alive()
    assert server._watched_paths == {str(tmp_path / "content"): 2}
    server.observer.start()  # what the server does when it starts serving: harmless now
    entry = tmp_path / "content" / "a.yml"
    entry.read_text()  # the build reads every file: inotify reports that, and it must not loop
    assert not _asked_for_rebuild(server, 0.5)
    entry.write_text("id: a\nsummary: edited\n")
    assert _asked_for_rebuild(server, 5)
    (tmp_path / "content" / "b.yml").write_text("id: b\n")
    assert _asked_for_rebuild(server, 5)
    entry.unlink()
    assert _asked_for_rebuild(server, 5)
    server.unwatch(str(tmp_path / "content"))
    server.unwatch(str(tmp_path / "content"))
    assert server._watched_paths == {}


def test_kb_watch_poll_keeps_polling(server, monkeypatch):
    monkeypatch.setenv("KB_WATCH", "poll")
    before = server.observer
    assert not watching.watch_natively(server)
    assert server.observer is before


def test_a_failing_native_observer_falls_back_to_polling(server, monkeypatch, tmp_path):
    class Full(Observer):
        def schedule(self, *args, **kwargs):
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr("watchdog.observers.Observer", Full)
    polling, watched = server.observer, dict(server._watched_paths)
    assert not watching.watch_natively(server)
    assert server.observer is polling and server._watched_paths == watched
    polling.start()
    (tmp_path / "content" / "a.yml").write_text("id: a\nsummary: edited\n")
    assert _asked_for_rebuild(server, 5)  # the polling watches still work
