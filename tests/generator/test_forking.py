"""map_shared: the same results as a serial run, whatever its forked workers do."""

from __future__ import annotations

import os
import time

import pytest

from factory import entry_yaml, make_project
from generator import entry_files, forking, site
from generator.corpus import load_corpus
from generator.errors import BuildFailed
from generator.site import build_site

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def two_workers(monkeypatch):
    monkeypatch.setenv("KB_WORKERS", "2")


def squares_with_pids(items):
    return [(x * x, os.getpid()) for x in items]


def slow_squares(items):
    time.sleep(0.002 * len(items))  # long enough for every process to take a part
    return squares_with_pids(items)


def test_results_in_order_the_caller_from_the_front_a_child_from_the_back():
    out = forking.map_shared(slow_squares, list(range(100)), min_items=10)
    assert [value for value, _ in out] == [x * x for x in range(100)]
    pids = [pid for _, pid in out]
    mine = pids.count(PARENT)
    assert 0 < mine < 100 and pids[:mine] == [PARENT] * mine and PARENT not in pids[mine:]


def test_other_work_of_the_caller_leaves_the_child_more_items():
    ran = []
    out = forking.map_shared(slow_squares, list(range(100)), min_items=10,
                             meanwhile=lambda: (time.sleep(0.15), ran.append(os.getpid())))
    assert ran == [PARENT] and [value for value, _ in out] == [x * x for x in range(100)]
    assert [pid for _, pid in out].count(PARENT) < 40  # ~100 ms of items of ~200 ms left for the caller


def test_too_few_items_or_one_worker_stay_in_this_process(monkeypatch):
    assert {pid for _, pid in forking.map_shared(squares_with_pids, list(range(15)), min_items=10)} == {PARENT}
    monkeypatch.setenv("KB_WORKERS", "1")
    assert {pid for _, pid in forking.map_shared(squares_with_pids, list(range(100)), min_items=10)} == {PARENT}


def test_a_child_that_dies_or_fails_costs_only_time():
    def dies_in_child(items):
        if os.getpid() != PARENT:
            os._exit(3)
        return slow_squares(items)

    def raises_in_child(items):
        if os.getpid() != PARENT:
            raise MemoryError
        return slow_squares(items)

    def dies_later(items):  # after sending some runs: the caller does the rest
        if os.getpid() != PARENT and min(items) < 60:
            os._exit(3)
        return slow_squares(items)

    for work in (dies_in_child, raises_in_child, dies_later):
        out = forking.map_shared(work, list(range(100)), min_items=10)
        assert [value for value, _ in out] == [x * x for x in range(100)]
        if work is dies_later:
            assert {pid for _, pid in out[90:]} != {PARENT}
        else:
            assert {pid for _, pid in out} == {PARENT}


def test_an_error_in_the_work_is_raised_as_in_a_serial_run():
    def fails_on_30(items):
        if 30 in items:
            raise ValueError("item 30")
        return squares_with_pids(items)

    with pytest.raises(ValueError, match="item 30"):
        forking.map_shared(fails_on_30, list(range(40)), min_items=10)


def test_entry_pages_rendered_in_workers_equal_a_serial_render(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CACHE", "off")
    monkeypatch.setattr(site, "PARALLEL_MIN", 2)
    entries = {f"e{i}.yml": entry_yaml(f"e{i}", f"Question {i}?", topic=("training", "using")[i % 2],
                                       published=f"2024-01-{i + 1:02d}", related=f"[e{(i + 1) % 9}]")
               for i in range(9)}
    entries["bad.yml"] = entry_yaml("bad", "Broken?", answer="{{ demos.nowhere.x }}\n")
    root = make_project(tmp_path, entries)
    corpus = load_corpus(root)
    failures = []
    for parallel in (False, True):
        with pytest.raises(BuildFailed) as failed:
            build_site(corpus, {}, parallel=parallel)
        failures.append([str(e) for e in failed.value.errors])
    assert failures[0] == failures[1] and "nowhere" in failures[0][0]
    del entries["bad.yml"]
    (root / "content/entries/bad.yml").unlink()
    corpus = load_corpus(root)
    serial, parallel = build_site(corpus, {}, parallel=False), build_site(corpus, {}, parallel=True)
    assert serial.pages == parallel.pages and list(serial.pages) == list(parallel.pages)
    assert serial.sources == parallel.sources


def test_entry_files_parsed_in_workers_load_as_a_serial_load(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CACHE", "off")
    monkeypatch.setattr(entry_files, "PARALLEL_MIN", 2)
    entries = {f"e{i}.yml": entry_yaml(f"e{i}", f"Question {i}?", published=f"2024-01-{i + 1:02d}") for i in range(9)}
    entries["bad.yml"] = entry_yaml("bad", "Broken?").replace("author:", "author: [unclosed")
    entries["twin.yml"] = entry_yaml("e3", "Question three again?")  # a cross-file error needs a line mark
    root = make_project(tmp_path, entries)
    failures = []
    for parallel in (False, True):
        with pytest.raises(BuildFailed) as failed:
            load_corpus(root, parallel=parallel)
        failures.append([str(e) for e in failed.value.errors])
    assert failures[0] == failures[1]
    assert any("bad.yml:" in f for f in failures[0]) and any("duplicate id 'e3'" in f for f in failures[0])
    for name in ("bad.yml", "twin.yml"):
        (root / "content/entries" / name).unlink()
    serial, parallel = load_corpus(root, parallel=False), load_corpus(root, parallel=True)
    assert [(e.entry, e.path, e.key) for e in serial.entries] == [(e.entry, e.path, e.key) for e in parallel.entries]
    assert parallel.entries[4].doc.mark(("question",)) == serial.entries[4].doc.mark(("question",))


def test_an_outbox_gives_only_finished_messages():
    outbox = forking._Outbox()
    try:
        outbox.write((0, 2, ["a", "b"]))
        assert outbox.read() == [(0, 2, ["a", "b"])] and outbox.read() == []
        os.pwrite(outbox.fd, b"half of a message", outbox.written + 8)  # a child died before its header
        assert outbox.read() == []
        outbox.write((2, 3, ["c"]))  # (a child that goes on overwrites it)
        assert outbox.read() == [(2, 3, ["c"])]
    finally:
        outbox.close()


def test_workers_read_every_file_and_parse_only_what_the_cache_lacks(tmp_path, monkeypatch):
    monkeypatch.setattr(entry_files, "PARALLEL_MIN", 2)
    monkeypatch.setattr(entry_files, "_LOADED", {})  # no in-process memo: files are known by their bytes
    log = tmp_path / "parsed.log"
    real = entry_files.parse_bytes

    def logged(raw, shown, marks=True):  # (appends from the forked workers too)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(shown + "\n")
        return real(raw, shown, marks)

    def parsed() -> list[str]:
        found = sorted(log.read_text(encoding="utf-8").split()) if log.exists() else []
        log.unlink(missing_ok=True)
        return found

    monkeypatch.setattr(entry_files, "parse_bytes", logged)
    entries = {f"e{i}.yml": entry_yaml(f"e{i}", f"Question {i}?", published=f"2024-01-{i + 1:02d}") for i in range(9)}
    root = make_project(tmp_path / "project", entries)
    serial = load_corpus(root, use_cache=False)
    assert len(parsed()) == 9
    first = load_corpus(root, parallel=True)  # an empty cache: every file is read and parsed by someone
    assert parsed() == [f"content/entries/e{i}.yml" for i in range(9)]
    again = load_corpus(root, parallel=True)  # just written, so not in the stat index: read again, found in the cache
    assert parsed() == []
    (root / "content/entries/e4.yml").write_text(entries["e4.yml"].replace("Question 4?", "Question four?"))
    edited = load_corpus(root, parallel=True)
    assert parsed() == ["content/entries/e4.yml"]
    for corpus in (first, again):
        assert [(e.entry, e.path, e.key) for e in corpus.entries] == [(e.entry, e.path, e.key) for e in serial.entries]
    assert edited.by_id()["e4"].entry.question == "Question four?"
    assert edited.by_id()["e5"].doc.mark(("question",)) == serial.by_id()["e5"].doc.mark(("question",))


def test_work_that_loses_a_result_is_an_error_not_a_shift():
    def drops_one(items):
        time.sleep(0.001)
        return [x * x for x in items][1:]

    with pytest.raises(ValueError, match="results for"):
        forking.map_shared(drops_one, list(range(100)), min_items=10)


def answer_then_exit_slowly():
    from multiprocessing import util
    util.Finalize(None, time.sleep, args=(30,), exitpriority=100)  # run by the child's exit, after it has sent
    return "answer"


def test_a_child_s_result_is_taken_without_waiting_for_its_exit():
    child = forking.Child(answer_then_exit_slowly)
    try:
        assert child.result() == "answer"
        assert child.process.is_alive()  # still exiting: the caller went on
        child.stop()  # a child that has sent is not ended, nor waited for
        assert child.process.is_alive()
    finally:
        child.process.terminate()
        child.process.join()
