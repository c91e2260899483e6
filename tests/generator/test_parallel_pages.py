"""Pages converted ahead in worker processes give the same site as MkDocs converting them itself."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from factory import linked_entries, make_project
from generator import parallel_pages


def _build(root: Path, site: Path, monkeypatch, workers: int, command: str = "build"):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    monkeypatch.setenv("KB_WORKERS", str(workers))
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config.plugins["knowledge-base"].pages


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    monkeypatch.setenv("KB_CACHE", "off")
    monkeypatch.setattr(parallel_pages, "MIN_PAGES", 1)  # the test project is small
    return make_project(tmp_path / "project", linked_entries(b_answer="See [nowhere](missing.md).\n"))


def test_workers_write_the_same_site(project, tmp_path, monkeypatch):
    ahead = _build(project, tmp_path / "parallel", monkeypatch, workers=2).ahead
    assert len(ahead) >= 10
    serial = _build(project, tmp_path / "serial", monkeypatch, workers=1).ahead
    assert serial == {}
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")


def test_a_page_that_warns_is_converted_by_mkdocs_and_warns_once(project, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="mkdocs")
    pages = _build(project, tmp_path / "parallel", monkeypatch, workers=2)
    warnings = [r.getMessage() for r in caplog.records if "missing.md" in r.getMessage()]
    assert len(warnings) == 1, warnings
    assert pages.misses >= 1  # the warning page, converted by MkDocs itself


def test_a_worker_that_dies_loses_only_its_pages_which_mkdocs_converts(project, tmp_path, monkeypatch):
    import os
    parent, original = os.getpid(), parallel_pages._convert_one

    def dies_on_one_page(src, *args):
        if os.getpid() != parent and src == "questions/lr-basics.md":
            os._exit(3)  # as if killed for memory: nothing is sent back
        return original(src, *args)

    usual = _build(project, tmp_path / "usual", monkeypatch, workers=2)
    monkeypatch.setattr(parallel_pages, "_convert_one", dies_on_one_page)
    pages = _build(project, tmp_path / "parallel", monkeypatch, workers=2)
    assert pages.misses > usual.misses  # the lost pages, converted by MkDocs itself
    assert len(pages.ahead) >= 5  # the other worker's pages, and those handed out before, came back
    monkeypatch.setattr(parallel_pages, "_convert_one", original)
    _build(project, tmp_path / "serial", monkeypatch, workers=1)
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")


def test_no_workers_next_to_a_server(project, tmp_path, monkeypatch):
    assert _build(project, tmp_path / "served", monkeypatch, workers=2, command="serve").ahead == {}
