"""The new site takes the old one's place at once; old trees are removed by a detached process."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generator.build import swap as site_swap


def _tree(folder: Path, marker: str, files: int = 50) -> Path:
    for i in range(files):
        (folder / f"p{i}").mkdir(parents=True, exist_ok=True)
        (folder / f"p{i}" / "index.html").write_text(marker)
    return folder


def _gone(*paths: Path, within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while any(p.exists() for p in paths) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(p.exists() for p in paths)


def test_swap_puts_the_new_site_in_place_and_old_trees_go_away(tmp_path):
    final = _tree(tmp_path / "site", "old")
    stale = _tree(tmp_path / ".site.old-1", "left by a killed removal")
    staging = _tree(tmp_path / f".site.new-{os.getpid()}", "new")
    site_swap.swap(staging, final)
    assert (final / "p3/index.html").read_text() == "new" and not staging.exists()
    assert _gone(tmp_path / f".site.old-{os.getpid()}", stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_a_process_to_spare_the_old_tree_is_removed_before_returning(tmp_path, monkeypatch):
    def no_spawn(*args, **kwargs):
        raise OSError("no processes left")

    monkeypatch.setattr(os, "posix_spawn", no_spawn)
    final = _tree(tmp_path / "site", "old")
    site_swap.swap(_tree(tmp_path / ".site.new-1", "new"), final)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (final / "p0/index.html").read_text() == "new"


def test_a_failed_second_rename_puts_the_last_site_back(tmp_path, monkeypatch):
    import os

    import pytest
    final, staging = tmp_path / "site", tmp_path / ".site.new-1"
    final.mkdir()
    (final / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    real = os.replace

    def full_disk(src, dst):
        if str(src) == str(staging):
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        site_swap.swap(staging, final)
    assert (final / "index.html").read_text() == "old"


def test_recover_puts_back_a_site_renamed_away_by_a_killed_build_and_clears_leftovers(tmp_path):
    _tree(tmp_path / ".site.old-7", "older")
    os.utime(tmp_path / ".site.old-7", (1, 1))
    _tree(tmp_path / ".site.old-8", "last complete")
    staging = _tree(tmp_path / ".site.new-9", "half written")
    (tmp_path / ".site.old-10").write_text("a site that was a file")
    os.utime(tmp_path / ".site.old-10", (0, 0))
    told = site_swap.recover(tmp_path / "site")
    assert "put back" in told
    assert (tmp_path / "site/p0/index.html").read_text() == "last complete"
    assert _gone(tmp_path / ".site.old-7", tmp_path / ".site.old-10", staging)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recover_leaves_a_present_site_alone(tmp_path):
    _tree(tmp_path / "site", "current")
    _tree(tmp_path / ".site.old-3", "garbage")
    assert site_swap.recover(tmp_path / "site") is None
    assert (tmp_path / "site/p0/index.html").read_text() == "current"
    assert _gone(tmp_path / ".site.old-3")


def test_a_site_that_was_a_file_is_replaced_and_removed(tmp_path):
    (tmp_path / "site").write_text("not a folder")
    site_swap.swap(_tree(tmp_path / ".site.new-1", "new"), tmp_path / "site")
    assert (tmp_path / "site/p0/index.html").read_text() == "new"
    assert _gone(*[p for p in tmp_path.iterdir() if p.name != "site"])
