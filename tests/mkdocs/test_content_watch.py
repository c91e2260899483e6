"""The preview's content watch: a change under a watched folder reaches the one file MkDocs' server polls."""

from __future__ import annotations

import time

import pytest
from watchdog import events

from generator.mkdocs.content_watch import ContentWatch, changes_content


class Server:
    """The part of MkDocs' live-reload server that plugins use in ``on_serve``."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def _signal_changes(watch: ContentWatch, before: str, within: float = 20) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if watch.signal.read_text(encoding="utf-8") != before:
            return True
        time.sleep(0.05)
    return False


def test_an_edit_under_a_watched_folder_rewrites_the_signal_the_server_watches(tmp_path):
    content = tmp_path / "content" / "entries"
    content.mkdir(parents=True)
    entry = content / "one.yml"
    entry.write_text("id: one\n", encoding="utf-8")
    server, watch = Server(), ContentWatch([tmp_path / "content"])
    try:
        watch.start(server)
        assert server.watched == [str(watch.relay_dir)]
        before = watch.signal.read_text(encoding="utf-8")
        entry.write_text("id: one\nquestion: edited\n", encoding="utf-8")
        assert _signal_changes(watch, before)
        before = watch.signal.read_text(encoding="utf-8")
        (content / "deeper").mkdir()
        (content / "deeper" / "two.yml").write_text("id: two\n", encoding="utf-8")
        assert _signal_changes(watch, before)
    finally:
        watch.close()
    assert not watch.relay_dir.exists()


def test_without_file_events_the_server_polls_the_folders_and_says_so(tmp_path, capsys):
    missing = tmp_path / "gone"  # the system cannot watch a folder that is not there
    server, watch = Server(), ContentWatch([missing])
    watch.start(server)
    assert server.watched == [str(missing)]
    assert watch.observer is None and not watch.relay_dir.exists()
    err = capsys.readouterr().err
    assert err.startswith("note: the preview cannot watch the content through the system's file events") and err.count("\n") == 1


@pytest.mark.parametrize("event, changes", [
    (events.FileModifiedEvent("a.yml"), True), (events.FileCreatedEvent("a.yml"), True),
    (events.FileDeletedEvent("a.yml"), True), (events.FileMovedEvent("a.yml", "b.yml"), True),
    (events.FileClosedEvent("a.yml"), False),  # (closing after a write follows a modification)
    (events.FileOpenedEvent("a.yml"), False), (events.FileClosedNoWriteEvent("a.yml"), False),
    (events.FileAttribEvent("a.yml"), True),  # touch, chmod
    (events.DirModifiedEvent("entries"), False),
])
def test_reading_a_file_is_not_a_change(event, changes):
    assert changes_content(event) is changes  # the rebuild reads every entry: a read must not start another
