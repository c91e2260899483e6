"""The cache: atomic writes, verified reads, corrupted entries never served, careful pruning."""

from __future__ import annotations

import json
import os

import pytest

from generator.demos import result_store as cache_module
from generator.demos.result_store import DemoCache

SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>\n'


def document(key: str, config: str = "quick", value: float = 1.5) -> dict:
    return {"name": "demo", "key": key, "config": config, "metrics": {"value": value}, "histories": {},
            "table": {"columns": [], "rows": []}, "figures": {"curve": {"alt": "a curve", "file": "figures/curve.svg"}},
            "provenance": {"date_utc": f"2026-01-01T00:00:0{value:.0f}Z", "run_seconds": 1.0}}


@pytest.fixture
def cache(tmp_path) -> DemoCache:
    return DemoCache(tmp_path / "cache")


def test_store_then_load_round_trip(cache):
    path = cache.store("demo", "k1", document("k1"), {"curve": SVG})
    assert path == cache.root / "demo" / "k1"
    assert sorted(p.relative_to(path).as_posix() for p in path.rglob("*")) == [
        "figures", "figures/curve.svg", "manifest.json", "result.json"]
    manifest = json.loads((path / "manifest.json").read_text())
    assert sorted(manifest["files"]) == ["figures/curve.svg", "result.json"]
    loaded = cache.load("demo", "k1")
    assert loaded["metrics"] == {"value": 1.5}
    assert loaded["figures"]["curve"] == {"alt": "a curve", "file": "figures/curve.svg", "svg": SVG}
    assert cache.verify("demo", "k1")[1] == "ok"
    assert not [p for p in (cache.root / "demo").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("damage, reason", [
    (lambda e: (e / "result.json").write_text((e / "result.json").read_text()[:40]),
     "result.json does not match the manifest"),
    (lambda e: (e / "figures" / "curve.svg").unlink(), "missing file curve.svg"),
    (lambda e: (e / "manifest.json").write_text("{not json"),
     "unreadable entry (JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    (lambda e: (e / "manifest.json").unlink(), "missing file manifest.json"),
    (lambda e: (e / "manifest.json").write_text('["result.json"]'),
     "the manifest has no table of its files and their digests"),
    (lambda e: (e / "manifest.json").write_text('{"files": ["result.json"]}'),
     "the manifest has no table of its files and their digests"),
])
def test_corrupted_entries_are_stale(cache, damage, reason):
    entry = cache.store("demo", "k1", document("k1"), {"curve": SVG})
    damage(entry)
    assert cache.verify("demo", "k1") == (None, reason)
    assert cache.load("demo", "k1") is None


def test_valid_manifest_over_bad_json_is_stale(cache):
    entry = cache.store("demo", "k1", document("k1"), {"curve": SVG})
    bad = b'{"name": "demo", "key": "k1", '
    (entry / "result.json").write_bytes(bad)
    manifest = json.loads((entry / "manifest.json").read_text())
    manifest["files"]["result.json"] = cache_module.sha256_bytes(bad)
    (entry / "manifest.json").write_text(json.dumps(manifest))
    result, reason = cache.verify("demo", "k1")
    assert result is None and reason.startswith("unreadable entry (JSONDecodeError")


def test_figures_that_are_not_a_table_make_the_entry_stale(cache):
    entry = cache.store("demo", "k1", dict(document("k1"), figures={"curve": "figures/curve.svg"}), {"curve": SVG})
    manifest = json.loads((entry / "manifest.json").read_text())
    assert cache.verify("demo", "k1") == (None, "result.json's figures are not a table of files")
    assert sorted(manifest["files"]) == ["figures/curve.svg", "result.json"] and cache.load("demo", "k1") is None


def test_entry_for_another_key_is_stale(cache):
    entry = cache.store("demo", "k1", document("k1"), {"curve": SVG})
    os.rename(entry, entry.with_name("k2"))
    assert cache.verify("demo", "k2") == (None, "result.json belongs to another demo or key")


def test_a_write_that_dies_midway_leaves_the_last_good_entry(cache):
    cache.store("demo", "good", document("good"), {"curve": SVG})
    with pytest.raises(ValueError, match="not JSON compliant"):  # the figure is written, then result.json fails
        cache.store("demo", "new", document("new", value=float("nan")), {"curve": SVG})
    assert sorted(p.name for p in (cache.root / "demo").iterdir()) == ["good"]
    assert cache.load("demo", "good")["metrics"] == {"value": 1.5}


def test_a_corrupted_entry_is_replaced_by_a_new_store(cache):
    entry = cache.store("demo", "k1", document("k1", value=1.0), {"curve": SVG})
    (entry / "result.json").write_text("garbage")
    cache.store("demo", "k1", document("k1", value=2.0), {"curve": SVG})
    assert cache.load("demo", "k1")["metrics"] == {"value": 2.0}
    assert sorted(p.name for p in (cache.root / "demo").iterdir()) == ["k1"]


def test_prune_keeps_other_configs_and_needs_an_intact_new_entry(cache):
    cache.store("demo", "old", document("old", "quick", 1.0), {"curve": SVG})
    cache.store("demo", "full", document("full", "full", 2.0), {"curve": SVG})
    assert cache.prune("demo", "missing", "quick") == []          # nothing new yet: keep everything
    cache.store("demo", "new", document("new", "quick", 3.0), {"curve": SVG})
    assert cache.prune("demo", "new", "quick") == ["old"]
    assert [p.name for p in cache.entries("demo")] == ["full", "new"]
    assert cache.latest("demo", "quick")["key"] == "new"


def test_leftovers_of_dead_processes_are_cleaned(cache):
    parent = cache.root / "demo"
    parent.mkdir(parents=True)
    dead = parent / ".tmp-k1-999999999-abc"
    mine = parent / f".tmp-k1-{os.getpid()}-abc"
    dead.mkdir()
    mine.mkdir()
    cache.clean_temporaries("demo")
    assert sorted(p.name for p in parent.iterdir()) == [mine.name]
