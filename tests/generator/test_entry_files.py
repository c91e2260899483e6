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
