"""The live preview's dirty rebuilds: only changed pages are rebuilt, and the result matches a clean build."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from factory import REPO, entry_yaml, make_project, run_cli

SERVE_URL = "http://127.0.0.1:8000/"


class Watcher:
    """The part of MkDocs' live-reload server that plugins use in ``on_serve``."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


class Preview:
    """What ``python -m generator serve`` does, in process: a first build, the serve event, then on each
    change a fresh config and a dirty build."""

    def __init__(self, root: Path, site: Path):
        self.root, self.site = root, site
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugins = config.plugins
        self.build(config)
        self.server = config.plugins.on_serve(Watcher(), config=config, builder=self.build)
        watch = self.plugins["knowledge-base"].watch
        self.signal_seen = watch.signal.read_text(encoding="utf-8") if watch.observer is not None else ""

    def _config(self):
        from mkdocs.config import load_config
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def build(self, config=None, *, changed: bool = True):
        """A rebuild; after a change, once the content watch has passed it on, as the server rebuilds on
        the watch's signal."""
        from mkdocs.commands.build import build
        watch = self.plugins["knowledge-base"].watch if config is None else None
        if watch is not None and watch.observer is not None:
            if changed:
                deadline = time.monotonic() + 60
                while watch.signal.read_text(encoding="utf-8") == self.signal_seen:
                    assert time.monotonic() < deadline, "the content watch did not see the change"
                    time.sleep(0.02)
            self.signal_seen = watch.signal.read_text(encoding="utf-8")
        config = config or self._config()
        build(config, serve_url=SERVE_URL, dirty=True)
        return config.plugins["knowledge-base"].preview

    def search(self) -> list[dict]:
        return json.loads((self.site / "search/search_index.json").read_text())["docs"]


def without_status_script(page: Path) -> str:
    """A preview page as a clean build writes it: without the script that shows preview errors."""
    return re.sub(r'\n {8}<script src="[./]*assets/kb-preview\.js"></script>\n {6}', "", page.read_text())


def clean_build(root: Path, site: Path) -> None:
    """A published build, in its own process as users run it (plugins keep state within a process)."""
    result = run_cli("build", "--demos", "off", "--no-cache", "--site-dir", str(site), "--site-url", SERVE_URL,
                     root=root)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DEMO_CONFIG", "off")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    yield make_project(tmp_path / "project")
    from mkdocs.config import load_config
    load_config(str(REPO / "mkdocs.yml")).plugins.on_shutdown()  # as serve does when it stops


def test_shutdown_ends_the_preview(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    plugin = preview.plugins["knowledge-base"]
    assert plugin.preview is not None
    assert preview.server.watched == [str(plugin.watch.relay_dir)]  # the content itself is watched natively
    relay = plugin.watch.relay_dir
    preview.plugins.on_shutdown()
    assert plugin.preview is None and plugin.watch is None
    assert not relay.exists()


def _key(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True)


def test_editing_one_entry_rebuilds_few_pages_and_matches_a_clean_build(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    everything = len(preview.plugins["knowledge-base"].preview.rebuilt)
    (project / "content/entries/c.yml").write_text(entry_yaml(
        "predict", "How do we predict on new images?", topic="using", published="2023-12-01",
        answer="## Steps\n\nLoad the model, then call PREVIEW-MARKER on a batch.\n"))
    state = preview.build()
    assert "questions/predict/" in state.rebuilt
    assert len(state.rebuilt) < everything / 2
    assert "PREVIEW-MARKER" in (preview.site / "questions/predict/index.html").read_text()

    clean_build(project, tmp_path / "clean")
    clean = json.loads((tmp_path / "clean/search/search_index.json").read_text())["docs"]
    assert sorted(map(_key, preview.search())) == sorted(map(_key, clean))
    text = (preview.site / "search/search_index.json").read_text()  # encoded by us, entry by entry
    assert text == json.dumps(json.loads(text), separators=(",", ":"))  # what Material's json.dumps writes
    assert json.loads(text)["config"] == json.loads((tmp_path / "clean/search/search_index.json").read_text())["config"]
    for page in ("questions/predict/index.html", "questions/lr-basics/index.html", "index.html", "sitemap.xml"):
        assert without_status_script(preview.site / page) == (tmp_path / "clean" / page).read_text(), page


def test_a_second_edit_of_the_same_page_leaves_no_stale_search_entries(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    for marker in ("FIRST-MARKER", "SECOND-MARKER"):
        (project / "content/entries/a.yml").write_text(entry_yaml(
            "lr-basics", "What is the learning rate?", related="[lr-too-high]", answer=f"Now {marker}.\n"))
        preview.build()
    text = json.dumps(preview.search())
    assert "SECOND-MARKER" in text and "FIRST-MARKER" not in text
    locations = [e["location"] for e in preview.search()]
    assert len(locations) == len(set(locations))


def test_deleted_entries_disappear_from_the_preview(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    assert (preview.site / "questions/predict/index.html").exists()
    (project / "content/entries/c.yml").unlink()
    preview.build()
    assert not (preview.site / "questions/predict/index.html").exists()
    assert not any(e["location"].startswith("questions/predict/") for e in preview.search())


def test_a_new_entry_rebuilds_only_the_pages_that_show_it_and_matches_a_clean_build(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    (project / "content/entries/d.yml").write_text(entry_yaml(
        "checkpoints", "Why save checkpoints while training?", published="2024-03-01", tags="[checkpointing]"))
    state = preview.build()
    assert {"questions/checkpoints/", "tags/checkpointing/", "questions/lr-basics/"} <= state.rebuilt
    assert "questions/predict/" not in state.rebuilt  # another topic: nothing on it changed
    assert_every_page_matches_a_clean_build(preview, project, tmp_path / "clean")


def assert_every_page_matches_a_clean_build(preview: Preview, project: Path, clean: Path) -> None:
    clean_build(project, clean)
    pages = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*.html"))
    pages.append("sitemap.xml")
    for page in pages:
        assert without_status_script(preview.site / page) == (clean / page).read_text(), page
    assert not set(p.relative_to(preview.site).as_posix() for p in preview.site.rglob("*.html")) - set(pages)
    expected = json.loads((clean / "search/search_index.json").read_text())["docs"]
    assert sorted(map(_key, preview.search())) == sorted(map(_key, expected))


def test_edits_in_a_row_match_a_clean_build_page_for_page(project, tmp_path):
    """The pages an edit leaves alone are carried from rebuild to rebuild: after several, each is still what a
    clean build writes, titles in listings and navigation included."""
    preview = Preview(project, tmp_path / "preview")
    (project / "content/entries/a.yml").write_text(entry_yaml(
        "lr-basics", "What does the learning rate set?", related="[lr-too-high]", answer="The FIRST-EDIT.\n"))
    preview.build()
    (project / "content/entries/c.yml").write_text(entry_yaml(
        "predict", "How do we predict on new images?", topic="using", published="2023-12-01",
        answer="The SECOND-EDIT.\n"))
    preview.build()
    state = preview.build(changed=False)
    assert state.rebuilt == set()
    assert_every_page_matches_a_clean_build(preview, project, tmp_path / "clean")


def test_a_taxonomy_change_rebuilds_every_page(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    everything = len(preview.plugins["knowledge-base"].preview.rebuilt)
    taxonomy = project / "content/taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace("Artificial Intelligence", "Machine Intelligence"))
    state = preview.build()
    assert len(state.rebuilt) == everything
    assert "Machine Intelligence" in (preview.site / "questions/lr-basics/index.html").read_text()
    assert "Machine Intelligence" in (preview.site / "authoring/index.html").read_text()  # in its navigation


def test_a_rebuilt_tag_listing_still_lists_the_unbuilt_pages(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    (project / "content/entries/b.yml").write_text(entry_yaml(
        "lr-too-high", "What happens when the learning rate is too high?", published="2024-02-01", tags="[divergence]"))
    state = preview.build()
    assert "tags/learning-rate/" in state.rebuilt and "questions/predict/" not in state.rebuilt
    clean_build(project, tmp_path / "clean")
    for page in ("tags/learning-rate/index.html", "questions/lr-too-high/index.html"):
        assert without_status_script(preview.site / page) == (tmp_path / "clean" / page).read_text(), page
    assert "How do we predict on new images?" in (preview.site / "tags/learning-rate/index.html").read_text()


def test_a_new_question_shows_in_the_tag_listings_of_its_tags(project, tmp_path):
    preview = Preview(project, tmp_path / "preview")
    (project / "content/entries/b.yml").write_text(entry_yaml(
        "lr-too-high", "Is a huge learning rate a problem?", published="2024-02-01", tags="[learning-rate, divergence]"))
    state = preview.build()
    assert {"tags/learning-rate/", "tags/divergence/"} <= state.rebuilt  # their listings show the question
    clean_build(project, tmp_path / "clean")
    for page in ("tags/learning-rate/index.html", "tags/divergence/index.html"):
        assert without_status_script(preview.site / page) == (tmp_path / "clean" / page).read_text(), page
        assert "Is a huge learning rate a problem?" in (preview.site / page).read_text()


REPLACING_HOOK = """
from mkdocs.structure.pages import Page


def on_nav(nav, config, files):  # what an engine that ignores the Pages plugins put on files would do
    for file in files.documentation_pages():
        if file.page is not None and file.page not in nav.pages:
            Page(None, file, config)
    return nav
"""


def test_pages_the_engine_replaced_are_rebuilt_with_a_warning(project, tmp_path, caplog):
    (project / "replace_pages.py").write_text(REPLACING_HOOK)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - replace_pages.py\n")
    preview = Preview(project, tmp_path / "preview")
    everything = len(preview.plugins["knowledge-base"].preview.rebuilt)
    (project / "content/entries/c.yml").write_text(entry_yaml(
        "predict", "How do we predict on new images?", topic="using", published="2023-12-01", answer="EDITED.\n"))
    state = preview.build()
    assert len(state.rebuilt) == everything
    assert "MkDocs replaced the pages the preview kept" in caplog.text
    assert_every_page_matches_a_clean_build(preview, project, tmp_path / "clean")
