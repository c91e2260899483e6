"""The page cache: a warm build writes exactly what a cold build writes, and converts only changed pages."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from factory import entry_yaml, make_project, run_cli

from generator.mkdocs.page_cache import CACHE_FILE, PageCache

OFF = {"KB_CACHE": "off"}


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(root: Path, site: Path, env: dict | None = None, *extra: str) -> str:
    result = run_cli("build", "--demos", "off", "--force", "-v", "--site-dir", str(site), *extra, root=root, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _counts(log: str) -> tuple[int, int]:
    match = re.search(r"Pages converted: (\d+), reused from the page cache: (\d+)", log)
    assert match, log[-2000:]
    return int(match.group(1)), int(match.group(2))


def test_warm_build_is_byte_identical_and_converts_only_the_edited_pages(tmp_path):
    root = make_project(tmp_path / "project")
    first = _build(root, tmp_path / "warm")
    converted, reused = _counts(first)
    assert reused == 0 and converted > 10
    assert (root / CACHE_FILE).exists()
    second = _build(root, tmp_path / "warm")
    assert _counts(second) == (0, converted)
    _build(root, tmp_path / "cold", OFF)
    assert _tree(tmp_path / "warm") == _tree(tmp_path / "cold")

    (root / "content/entries/c.yml").write_text(entry_yaml("predict", "How do we predict on new images?",
                                                           topic="using", published="2023-12-01",
                                                           answer="An edited answer with a **new** sentence.\n"))
    third = _build(root, tmp_path / "warm")
    changed, reused = _counts(third)
    assert 1 <= changed <= 3 and changed + reused == converted  # the entry page (and pages quoting its summary)
    _build(root, tmp_path / "cold", OFF)
    warm, cold = _tree(tmp_path / "warm"), _tree(tmp_path / "cold")
    assert warm == cold
    assert b"An edited answer with a <strong>new</strong> sentence." in warm["questions/predict/index.html"]


def test_adding_an_entry_converts_only_the_pages_it_changes(tmp_path):
    root = make_project(tmp_path / "project")
    for i in range(20):  # pages that neither link to nor list the new entry
        (root / f"content/entries/u{i}.yml").write_text(entry_yaml(f"use-{i}", f"How is use case {i} served?",
                                                                   topic="using", published="2022-01-01",
                                                                   tags="[inference]"))
    converted, _ = _counts(_build(root, tmp_path / "warm"))
    (root / "content/entries/d.yml").write_text(entry_yaml("checkpoints", "Why save checkpoints while training?",
                                                           published="2024-03-01"))
    changed, reused = _counts(_build(root, tmp_path / "warm"))
    # The new page, the pages that list it (topic, lesson and up, home, tags) and its topic's neighbours:
    # not the 20 others, although the site's file list changed.
    assert changed <= 12 and reused >= 20 and changed + reused == converted + 1
    _build(root, tmp_path / "cold", OFF)
    warm, cold = _tree(tmp_path / "warm"), _tree(tmp_path / "cold")
    assert warm == cold and "questions/checkpoints/index.html" in warm


class _Config(dict):
    validation = {"links": "warn"}


class _File:
    def __init__(self, src_uri: str):
        self.src_uri, self.url = src_uri, src_uri[:-3] + "/"
        self.inclusion = type("Level", (), {"name": "UNDEFINED"})


class _Files:
    def __init__(self, *names: str):
        self.by_path = {name: _File(name) for name in names}

    def get_file_from_path(self, path: str):
        return self.by_path.get(path)


class _Page:
    """Stands in for a MkDocs page: its render logs a warning when told to, and looks up its link targets."""

    def __init__(self, src_uri: str, warn: bool, links: tuple = ()):
        self.file, self.warn, self.renders, self.links = _File(src_uri), warn, 0, links
        self.links_to_anchors, self.present_anchor_ids, self._title_from_render = None, {"a"}, "T"
        self.toc = []

    def render(self, config, files) -> None:
        self.renders += 1
        found = [target for target in self.links if files.get_file_from_path(target) is not None]
        self.content = f"<p>converted, linking {found}</p>"
        if self.warn:
            logging.getLogger("mkdocs.structure.pages").warning("a link goes nowhere")


def test_a_page_is_converted_again_when_a_file_its_links_looked_up_appears_or_goes(tmp_path):
    config = _Config(markdown_extensions=["toc"], mdx_configs={}, use_directory_urls=True)

    def build(files) -> tuple[int, str]:
        cache = PageCache(tmp_path)
        page = _Page("a.md", False, links=("b.md", "c.md"))
        cache.page_markdown(page, "# a", config, files)
        page.render(config, files)
        cache.close(success=True)
        return page.renders, page.content

    assert build(_Files("a.md", "b.md")) == (1, "<p>converted, linking ['b.md']</p>")
    assert build(_Files("a.md", "b.md", "z.md")) == (0, "<p>converted, linking ['b.md']</p>")  # z: not linked
    assert build(_Files("a.md", "b.md", "c.md")) == (1, "<p>converted, linking ['b.md', 'c.md']</p>")
    assert build(_Files("a.md", "c.md")) == (1, "<p>converted, linking ['c.md']</p>")


def test_pages_whose_conversion_warns_are_converted_every_time(tmp_path):
    config = _Config(markdown_extensions=["toc"], mdx_configs={}, use_directory_urls=True)
    files = _Files("a.md", "b.md")
    renders = {"a.md": 0, "b.md": 0}
    for _ in range(2):
        cache = PageCache(tmp_path)
        for src, warn in (("a.md", False), ("b.md", True)):
            page = _Page(src, warn)
            cache.page_markdown(page, f"# {src}", config, files)
            page.render(config, files)
            renders[src] += page.renders
            assert page.content == "<p>converted, linking []</p>"
        cache.close(success=True)
    assert renders == {"a.md": 1, "b.md": 2}  # the clean page was replayed the second time


def test_no_cache_flag_uses_and_writes_no_cache(tmp_path):
    root = make_project(tmp_path / "project")
    _build(root, tmp_path / "site")
    log = _build(root, tmp_path / "site", None, "--no-cache")
    assert "reused from the page cache" not in log  # no page cache at all, although the file holds every page
    (root / CACHE_FILE).unlink()
    _build(root, tmp_path / "site", None, "--no-cache")
    assert not (root / CACHE_FILE).exists()


@pytest.mark.parametrize("damage", ["not a database", "truncated"])
def test_a_damaged_page_cache_is_said_once_and_made_anew(tmp_path, damage):
    root = make_project(tmp_path / "project")
    cache = root / CACHE_FILE
    if damage == "not a database":
        cache.parent.mkdir(parents=True)
        cache.write_bytes(b"garbage" * 1000)
    else:  # a real cache file cut short, as a full disk or a killed copy leaves it
        _build(root, tmp_path / "site")
        cache.write_bytes(cache.read_bytes()[: cache.stat().st_size // 3])
    log = _build(root, tmp_path / "site")
    assert (tmp_path / "site/questions/predict/index.html").exists()
    assert log.count("was damaged") == 1  # said once, though three tables share the file
    converted, _ = _counts(log)
    assert _counts(_build(root, tmp_path / "site")) == (0, converted)  # healed: every page reused


def _build_in_process(root: Path, site: Path) -> None:
    """A strict build through MkDocs in this process (the plugin and the page cache live here)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), site_url="https://example.org/", strict=True))


def test_on_an_untested_engine_version_the_cache_is_off_with_a_note_and_strict_builds_pass(tmp_path, monkeypatch,
                                                                                           capsys):
    from generator.mkdocs import page_cache
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    monkeypatch.setitem(page_cache.TESTED, "mkdocs", ("0.9.",))  # the installed MkDocs is not among these
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # (the build sets it: it is unset again afterwards)
    root = make_project(tmp_path / "project")
    _build_in_process(root, tmp_path / "site")
    assert (tmp_path / "site/questions/predict/index.html").is_file()
    assert not (root / CACHE_FILE).exists()
    err = capsys.readouterr().err
    assert "note: page cache off: mkdocs " in err and "is not a version the page cache was tested with" in err


def test_each_build_in_a_process_dates_its_sitemap_by_its_own_newest_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project(tmp_path / "project")
    _build_in_process(root, tmp_path / "site")
    assert "<lastmod>2024-02-01</lastmod>" in (tmp_path / "site/sitemap.xml").read_text()
    (root / "content/entries/c.yml").write_text(entry_yaml("predict", "How do we predict on new images?",
                                                           topic="using", published="2025-05-05"))
    _build_in_process(root, tmp_path / "site")
    assert "<lastmod>2025-05-05</lastmod>" in (tmp_path / "site/sitemap.xml").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # set by whoever runs the build: it is kept
    _build_in_process(root, tmp_path / "site")
    assert "<lastmod>2023-11-14</lastmod>" in (tmp_path / "site/sitemap.xml").read_text()
