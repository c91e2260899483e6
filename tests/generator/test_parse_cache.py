"""The parse cache: unchanged entry files are not parsed again; broken files always are; a bad cache file is harmless."""

from __future__ import annotations

import pytest

from factory import entry_yaml, make_project
from generator import entry_files
from generator.corpus import load_corpus
from generator.errors import BuildFailed
from generator.parse_cache import CACHE_FILE


@pytest.fixture
def parses(monkeypatch):
    """Paths parsed by the YAML loader (cache misses), recorded per call."""
    seen: list[str] = []
    real = entry_files.parse_bytes

    def counting(raw, shown, marks=True):
        if shown != "content/taxonomy.yml":  # one file, parsed every time
            seen.append(shown)
        return real(raw, shown, marks)

    monkeypatch.setattr(entry_files, "parse_bytes", counting)
    monkeypatch.setattr(entry_files, "_LOADED", {})  # no in-process memo: exercise the file cache
    return seen


def test_second_load_parses_nothing_and_an_edit_reparses_one_file(tmp_path, parses, monkeypatch):
    root = make_project(tmp_path)
    first = load_corpus(root)
    assert sorted(parses) == ["content/entries/a.yml", "content/entries/b.yml", "content/entries/c.yml"]
    parses.clear()
    monkeypatch.setattr(entry_files, "_LOADED", {})
    again = load_corpus(root)
    assert parses == []
    assert [e.entry for e in again.entries] == [e.entry for e in first.entries]
    assert again.by_id()["lr-basics"].doc.mark(("question",)) == first.by_id()["lr-basics"].doc.mark(("question",))
    (root / "content/entries/b.yml").write_text(entry_yaml("lr-too-high", "What if the learning rate is huge?"))
    monkeypatch.setattr(entry_files, "_LOADED", {})
    edited = load_corpus(root)
    assert parses == ["content/entries/b.yml"]
    assert edited.by_id()["lr-too-high"].entry.question == "What if the learning rate is huge?"


def test_in_process_memo_skips_unchanged_files_by_stat(tmp_path, parses):
    root = make_project(tmp_path)
    load_corpus(root)
    parses.clear()
    load_corpus(root)  # same process: the memo answers, the cache file is not even read
    assert parses == []
    (root / "content/entries/a.yml").write_text(entry_yaml("lr-basics", "What is a learning rate, exactly?"))
    assert load_corpus(root).by_id()["lr-basics"].entry.question == "What is a learning rate, exactly?"
    assert parses == ["content/entries/a.yml"]


def test_broken_files_are_reported_on_every_load(tmp_path, parses):
    root = make_project(tmp_path)
    (root / "content/entries/bad.yml").write_text(entry_yaml("bad", "Is this broken?").replace("topic: training",
                                                                                              "topic: nowhere"))
    for _ in range(2):
        with pytest.raises(BuildFailed) as failure:
            load_corpus(root)
        assert "content/entries/bad.yml:5:8: error: unknown topic 'nowhere'" in failure.value.report()
    (root / "content/entries/worse.yml").write_text("id: [unclosed\n")
    for _ in range(2):
        with pytest.raises(BuildFailed) as failure:
            load_corpus(root)
        assert "content/entries/worse.yml:2:1: error: invalid YAML" in failure.value.report()
    assert parses.count("content/entries/worse.yml") == 2


def test_a_corrupt_cache_file_is_ignored(tmp_path, parses):
    root = make_project(tmp_path)
    (root / CACHE_FILE).parent.mkdir(parents=True)
    (root / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    assert len(load_corpus(root).entries) == 3
    assert len(load_corpus(root, use_cache=False).entries) == 3


def test_cache_off_writes_nothing(tmp_path, monkeypatch, parses):
    monkeypatch.setenv("KB_CACHE", "off")
    root = make_project(tmp_path)
    load_corpus(root)
    load_corpus(root)
    assert not (root / CACHE_FILE).exists()
    assert len(parses) == 6  # nothing remembered, in the file or in memory


def test_rows_of_deleted_files_are_dropped(tmp_path, monkeypatch):
    import sqlite3
    root = make_project(tmp_path)
    load_corpus(root)
    (root / "content/entries/c.yml").unlink()
    load_corpus(root)
    rows = sqlite3.connect(root / CACHE_FILE).execute("SELECT COUNT(*) FROM parsed").fetchone()[0]
    assert rows == 2


@pytest.fixture
def reads(monkeypatch):
    """Paths whose bytes were read, recorded per call."""
    seen: list[str] = []
    real = entry_files.read_document

    def counting(root, path, errors, inside=False):
        seen.append(entry_files.rel(root, path))
        return real(root, path, errors, inside)

    monkeypatch.setattr(entry_files, "read_document", counting)
    return seen


def test_a_new_process_trusts_the_stat_index_and_reads_only_changed_files(tmp_path, monkeypatch, parses, reads):
    monkeypatch.setattr(entry_files, "RACY_NS", 0)  # the files were written just now; trust them anyway
    root = make_project(tmp_path)
    first = load_corpus(root)
    assert len(reads) == 3
    reads.clear(), parses.clear(), entry_files._LOADED.clear()
    again = load_corpus(root)
    assert reads == [] and parses == []
    assert [e.entry for e in again.entries] == [e.entry for e in first.entries]
    assert again.by_id()["lr-basics"].doc.mark(("topic",)) == first.by_id()["lr-basics"].doc.mark(("topic",))
    (root / "content/entries/c.yml").write_text(entry_yaml("lr-schedules", "How do schedules change the rate?"))
    entry_files._LOADED.clear()
    assert load_corpus(root).by_id()["lr-schedules"].entry.question == "How do schedules change the rate?"
    assert reads == ["content/entries/c.yml"] and parses == ["content/entries/c.yml"]


def test_files_changed_just_before_the_index_was_written_are_read_again(tmp_path, parses, reads):
    root = make_project(tmp_path)  # every file is younger than a second: none is recorded
    load_corpus(root)
    reads.clear(), parses.clear(), entry_files._LOADED.clear()
    load_corpus(root)
    assert sorted(reads) == ["content/entries/a.yml", "content/entries/b.yml", "content/entries/c.yml"]
    assert parses == []  # read and hashed, but not parsed: the parse cache knows their bytes


def test_an_index_pointing_at_dropped_rows_reads_the_file(tmp_path, monkeypatch, parses, reads):
    import sqlite3
    monkeypatch.setattr(entry_files, "RACY_NS", 0)
    root = make_project(tmp_path)
    load_corpus(root)
    with sqlite3.connect(root / CACHE_FILE) as db:
        db.execute("DELETE FROM parsed")
    reads.clear(), parses.clear(), entry_files._LOADED.clear()
    assert len(load_corpus(root).entries) == 3
    assert sorted(parses) == ["content/entries/a.yml", "content/entries/b.yml", "content/entries/c.yml"]
