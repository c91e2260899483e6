"""generator/entry_files.py: which folders lie inside the project, links included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.entry_files import _Dirs

FILES = ["content/a/b/f.yml", "content/link/x/f.yml", "content/link/f.yml", "content/inlink/b/f.yml",
         "content/a/b/up/f.yml", "content/a/b/up/up/f.yml", "content/a/../a/b/f.yml", "content/../../out/f.yml",
         "content/f.yml", "content/a/./b/f.yml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_folder_is_inside_exactly_when_its_real_path_is(tmp_path: Path):
    base = tmp_path.resolve()
    (base / "proj/content/a/b").mkdir(parents=True)
    (base / "out/x").mkdir(parents=True)
    os.symlink(base / "out", base / "proj/content/link")  # out of the project
    os.symlink(base / "proj/content/a", base / "proj/content/inlink")  # within it
    os.symlink("../..", base / "proj/content/a/b/up")  # relative, back up to content/
    root = base / "proj"
    dirs = _Dirs(root)
    for _ in range(2):  # resolved, then remembered
        for name in FILES:
            path = str(root / name)
            expected = (os.path.realpath(os.path.dirname(path)) + os.sep).startswith(str(root) + os.sep)
            assert dirs(path) == expected, name
    assert not dirs(str(root / "content/link/x/f.yml")) and dirs(str(root / "content/inlink/b/f.yml"))


@pytest.mark.parametrize("setting", ["on", "off"])
def test_entries_are_hashed_only_when_something_caches(tmp_path: Path, monkeypatch, setting: str):
    from factory import entry_yaml, make_project
    from generator.corpus import load_corpus
    from generator.parse_cache import content_key

    monkeypatch.setenv("KB_CACHE", setting)
    root = make_project(tmp_path / "project", {"e0.yml": entry_yaml("e0", "Question 0?")})
    item = load_corpus(root).entries[0]
    raw = (root / item.path).read_bytes()
    assert item.key == (content_key(item.path, raw) if setting == "on" else "")
