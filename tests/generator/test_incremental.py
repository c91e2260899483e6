"""Incremental builds: after an edit, ``build`` rebuilds only the changed pages into a copy of the last site,
and the result is the site a clean build writes, file for file."""

from __future__ import annotations

import os
import re
from pathlib import Path

from factory import entry_yaml, make_project, run_cli

OFF = {"KB_CACHE": "off"}
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(root: Path, site: Path, env: dict | None = None, *extra: str) -> str:
    result = run_cli("build", "--demos", "off", "--site-dir", str(site), *extra, root=root, env={**EPOCH, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _rebuilt(log: str) -> int | None:
    match = re.search(r"\((\d+) pages? rebuilt, the rest kept\)", log)
    return int(match.group(1)) if match else None


def _same_as_clean(root: Path, tmp_path: Path, site: Path) -> None:
    _build(root, tmp_path / "clean", OFF, "--force")
    assert _tree(site) == _tree(tmp_path / "clean")


def test_edit_add_and_remove_rebuild_few_pages_and_match_a_clean_build(tmp_path):
    root = make_project(tmp_path / "project")
    for i in range(12):  # pages the changes below do not touch
        (root / f"content/entries/u{i}.yml").write_text(entry_yaml(f"use-{i}", f"How is use case {i} served?",
                                                                   topic="using", published="2022-01-01"))
    site = tmp_path / "site"
    assert _rebuilt(_build(root, site)) is None  # the first build is a full one

    (root / "content/entries/b.yml").write_text(entry_yaml(
        "lr-too-high", "What happens when the learning rate is too high?", published="2024-02-01",
        answer="It diverges: INCREMENTAL-MARKER.\n"))
    rebuilt = _rebuilt(_build(root, site))
    assert rebuilt is not None and 1 <= rebuilt <= 8
    assert b"INCREMENTAL-MARKER" in (site / "questions/lr-too-high/index.html").read_bytes()
    _same_as_clean(root, tmp_path, site)

    (root / "content/entries/d.yml").write_text(entry_yaml("checkpoints", "Why save checkpoints?",
                                                           published="2024-03-01", tags="[checkpointing]"))
    assert _rebuilt(_build(root, site)) is not None
    _same_as_clean(root, tmp_path, site)

    (root / "content/entries/d.yml").unlink()
    assert _rebuilt(_build(root, site)) is not None
    assert not (site / "questions/checkpoints").exists() and not (site / "tags/checkpointing").exists()
    _same_as_clean(root, tmp_path, site)


def test_a_changed_frame_or_a_touched_site_means_a_full_build(tmp_path):
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    _build(root, site)
    (root / "docs/authoring.md").write_text((root / "docs/authoring.md").read_text() + "\nOne more line.\n")
    log = _build(root, site)
    assert _rebuilt(log) is None and "building every page" in log
    _same_as_clean(root, tmp_path, site)

    (site / "stray.txt").write_text("not ours")  # the site was touched: start over clean
    (root / "content/entries/a.yml").write_text(entry_yaml("lr-basics", "What is the learning rate, really?",
                                                           related="[lr-too-high]"))
    log = _build(root, site)
    assert _rebuilt(log) is None and not (site / "stray.txt").exists()
    _same_as_clean(root, tmp_path, site)


def test_pages_are_hard_links_until_rewritten_and_the_old_site_is_never_written(tmp_path):
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    _build(root, site)
    old_page = site / "questions/predict/index.html"
    kept = old_page.read_bytes()
    (tmp_path / "old-page.html").hardlink_to(old_page)  # the old site's inode, as the staging copy links it
    (root / "content/entries/c.yml").write_text(entry_yaml("predict", "How do we predict on new images?",
                                                           topic="using", published="2023-12-01",
                                                           answer="Rewritten: LINK-MARKER.\n"))
    assert _rebuilt(_build(root, site)) is not None
    assert b"LINK-MARKER" in old_page.read_bytes()
    assert (tmp_path / "old-page.html").read_bytes() == kept  # replaced, not written into


def test_a_failed_incremental_build_leaves_the_site_as_it_was(tmp_path):
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    _build(root, site)
    before = _tree(site)
    (root / "content/entries/b.yml").write_text(entry_yaml("lr-too-high", "What if it is too high?",
                                                           related="[no-such-entry]"))
    result = run_cli("build", "--demos", "off", "--site-dir", str(site), root=root, env=EPOCH)
    assert result.returncode == 1 and "unknown related entry 'no-such-entry'" in result.stderr
    assert _tree(site) == before
    assert not list(tmp_path.glob(".site.*"))  # no staging folder left behind
    (root / "content/entries/b.yml").write_text(entry_yaml("lr-too-high", "What if it is too high?"))
    assert _rebuilt(_build(root, site)) is not None  # the saved state still holds
    _same_as_clean(root, tmp_path, site)


def test_outputs_list_what_os_walk_lists(tmp_path):
    from generator.incremental import _outputs
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/index.html").write_text("page")
    (tmp_path / "search.json").write_text("{}")
    os.symlink(tmp_path / "a", tmp_path / "link-to-folder")
    os.symlink(tmp_path / "search.json", tmp_path / "link-to-file")
    os.symlink(tmp_path / "nowhere", tmp_path / "broken-link")
    expected = {}
    for folder, _, names in os.walk(tmp_path):
        for name in names:
            st = os.lstat(os.path.join(folder, name))
            expected[os.path.relpath(os.path.join(folder, name), tmp_path)] = (st.st_size, st.st_mtime_ns)
    assert _outputs(tmp_path) == expected and "link-to-folder" not in expected
