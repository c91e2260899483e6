"""Pages rendered through the theme in worker processes give the same site as MkDocs' own loop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factory import linked_entries, make_project
from generator import cli, parallel_render


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(root: Path, site: Path, monkeypatch, workers: int, plugins_extra=None):
    """One MkDocs build inside ``rendering_ahead``; returns its RenderAhead."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    monkeypatch.setenv("KB_WORKERS", str(workers))
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    if plugins_extra is not None:
        plugins_extra(config)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with parallel_render.rendering_ahead() as ahead:
            build(config)
    finally:
        config.plugins.on_shutdown()
    return ahead


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    monkeypatch.setenv("KB_CACHE", "off")
    monkeypatch.setattr(parallel_render, "MIN_PAGES", 1)  # the test project is small
    return make_project(tmp_path / "project", linked_entries())


def test_workers_write_the_same_site_and_scan_their_pages(project, tmp_path, monkeypatch):
    ahead = _build(project, tmp_path / "parallel", monkeypatch, workers=2)
    assert ahead.rendered >= 5  # about half of the pages
    assert len(ahead.scans) == ahead.rendered  # each with its links and ids, for the link check
    serial = _build(project, tmp_path / "serial", monkeypatch, workers=1)
    assert serial.rendered == 0
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")


def test_pages_a_worker_fails_on_are_rendered_by_the_parent(project, tmp_path, monkeypatch):
    from mkdocs.commands import build as mkdocs_build
    parent, original = os.getpid(), mkdocs_build._build_page

    calls: list[str] = []  # per process: each worker starts with the (empty) list of the parent

    def flaky(page, *args):  # fails in the workers only, on every other page (deterministically)
        if os.getpid() != parent:
            calls.append(page.file.src_uri)
            if len(calls) % 2:
                raise RuntimeError("worker trouble")
        return original(page, *args)

    monkeypatch.setattr(mkdocs_build, "_build_page", flaky)
    ahead = _build(project, tmp_path / "parallel", monkeypatch, workers=2)
    monkeypatch.setattr(mkdocs_build, "_build_page", original)
    _build(project, tmp_path / "serial", monkeypatch, workers=1)
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")
    assert ahead.rendered >= 1 and ahead.redone >= 1


def test_a_worker_that_dies_has_its_pages_rendered_by_the_parent(project, tmp_path, monkeypatch):
    from mkdocs.commands import build as mkdocs_build
    parent, original = os.getpid(), mkdocs_build._build_page

    def dies(page, *args):
        if os.getpid() != parent:
            os._exit(3)  # as if killed: no result is ever sent
        return original(page, *args)

    monkeypatch.setattr(mkdocs_build, "_build_page", dies)
    ahead = _build(project, tmp_path / "parallel", monkeypatch, workers=2)
    monkeypatch.setattr(mkdocs_build, "_build_page", original)
    _build(project, tmp_path / "serial", monkeypatch, workers=1)
    assert ahead.rendered == 0 and ahead.redone >= 5
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")


def test_no_workers_when_a_plugin_handles_post_page(project, tmp_path, monkeypatch):
    seen = []

    def add_post_page_plugin(config):
        from mkdocs.plugins import BasePlugin

        class Collects(BasePlugin):
            def on_post_page(self, output, page, config):
                seen.append(page.file.src_uri)  # state a worker would keep to itself
                return output
        config.plugins["collects"] = Collects()

    ahead = _build(project, tmp_path / "site", monkeypatch, workers=2, plugins_extra=add_post_page_plugin)
    assert ahead.rendered == 0
    assert len(seen) == len(set(seen)) == len([p for p in _tree(tmp_path / "site") if p.endswith("index.html")])


def test_the_link_check_uses_the_workers_scans_and_still_finds_a_broken_link(project, monkeypatch, capsys):
    page = project / "docs" / "authoring.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<a href="nowhere/">raw link</a>\n', encoding="utf-8")
    monkeypatch.setenv("KB_WORKERS", "2")
    code = cli.main(["--root", str(project), "build", "--no-cache"])
    err = capsys.readouterr().err
    assert code != 0
    assert "broken link 'nowhere/'" in err and "authoring.md" in err


def test_an_incremental_build_renders_its_changed_pages_in_workers_too(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KB_WORKERS", "2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("KB_CACHE")  # (incremental builds need the caches)
    site, clean = tmp_path / "site", tmp_path / "clean"
    assert cli.main(["--root", str(project), "build", "--site-dir", str(site)]) == 0
    entry = project / "content/entries/b.yml"
    entry.write_text(entry.read_text().replace("A plain answer.", "A rewritten answer."), encoding="utf-8")
    rendered = []
    real_finish = parallel_render.RenderAhead._finish

    def finish(self, config):
        real_finish(self, config)
        rendered.append(self.rendered)

    monkeypatch.setattr(parallel_render.RenderAhead, "_finish", finish)
    assert cli.main(["--root", str(project), "build", "--site-dir", str(site)]) == 0
    assert "rebuilt, the rest kept" in capsys.readouterr().err
    assert rendered and rendered[-1] >= 1  # some of the changed pages came from a worker
    assert b"A rewritten answer." in (site / "questions/lr-too-high/index.html").read_bytes()
    assert cli.main(["--root", str(project), "build", "--site-dir", str(clean), "--no-cache"]) == 0
    assert _tree(site) == _tree(clean)
