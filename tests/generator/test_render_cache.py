"""Rendered entry pages: reused in this process and from disk while nothing they show changed; identical when reused."""

from __future__ import annotations

import pytest

from factory import entry_yaml, make_project
from generator import entry_files, render_cache
from generator.corpus import load_corpus
from generator.render import AnswerRenderer
from generator.site import build_site


@pytest.fixture
def rendered(monkeypatch):
    """Ids of the entries whose answer was rendered (page cache misses)."""
    seen: list[str] = []
    real = AnswerRenderer.render

    def counting(self, item, page_src):
        seen.append(item.entry.id)
        return real(self, item, page_src)

    monkeypatch.setattr(AnswerRenderer, "render", counting)
    monkeypatch.setattr(render_cache, "_IN_PROCESS", {})
    return seen


def _pages(root):
    return build_site(load_corpus(root), {}, demos_enabled=False).pages


def test_a_new_process_reuses_every_page_from_disk(tmp_path, rendered):
    root = make_project(tmp_path)
    first = _pages(root)
    assert sorted(rendered) == ["lr-basics", "lr-too-high", "predict"]
    rendered.clear(), render_cache._IN_PROCESS.clear(), entry_files._LOADED.clear()
    assert _pages(root) == first and rendered == []


def test_an_edit_rerenders_the_entry_and_the_pages_that_show_it(tmp_path, rendered):
    root = make_project(tmp_path, {
        "a.yml": entry_yaml("a", "What is a?", related="[b]"),
        "b.yml": entry_yaml("b", "What is b?", topic="using"),
        "c.yml": entry_yaml("c", "What is c?", topic="using", published="2023-01-01"),
    })
    _pages(root)
    rendered.clear()
    _pages(root)  # same process: every page from memory
    assert rendered == []
    (root / "content/entries/b.yml").write_text(entry_yaml("b", "What is b, really?", topic="using"))
    pages = _pages(root)
    assert sorted(rendered) == ["a", "b", "c"]  # b; a lists it as related; c shows it as recent in its topic
    assert "What is b, really?" in pages["questions/a.md"]
    rendered.clear()
    (root / "content/entries/a.yml").write_text(entry_yaml("a", "What is a?", related="[b]", answer="Edited.\n"))
    _pages(root)
    assert rendered == ["a"]  # nobody shows a: only its own page changes


def test_cache_off_renders_every_time(tmp_path, monkeypatch, rendered):
    monkeypatch.setenv("KB_CACHE", "off")
    root = make_project(tmp_path)
    _pages(root)
    _pages(root)
    assert len(rendered) == 6


def test_taxonomy_pages_are_reused_until_what_they_list_changes(tmp_path, monkeypatch, rendered):
    from generator.site import SiteBuilder
    taxa: list[str] = []
    real = SiteBuilder._render

    def counting(self, template, page_src, **ctx):
        if template == "taxon.md.j2":
            taxa.append(page_src)
        return real(self, template, page_src, **ctx)

    monkeypatch.setattr(SiteBuilder, "_render", counting)
    root = make_project(tmp_path, {
        "a.yml": entry_yaml("a", "What is a?"),
        "b.yml": entry_yaml("b", "What is b?", topic="using"),
    })
    first = _pages(root)
    assert "ai/dltf/cnn/training/index.md" in taxa and "ai/dltf/cnn/using/index.md" in taxa
    taxa.clear(), render_cache._IN_PROCESS.clear(), entry_files._LOADED.clear()
    assert _pages(root) == first and taxa == []  # a new process: all from disk
    (root / "content/entries/b.yml").write_text(entry_yaml("b", "What is b, really?", topic="using"))
    pages = _pages(root)
    assert "ai/dltf/cnn/using/index.md" in taxa and "ai/dltf/cnn/index.md" in taxa  # list b (the lesson: newest)
    assert "ai/dltf/cnn/training/index.md" not in taxa  # shows nothing of b
    assert "What is b, really?" in pages["ai/dltf/cnn/using/index.md"]
    monkeypatch.setenv("KB_CACHE", "off")
    assert _pages(root) == pages


def test_a_page_key_holds_the_hashes_of_exactly_the_entries_the_page_shows(tmp_path):
    from generator.site import RECENT_LIMIT, SiteBuilder, SiteSettings

    entries = {f"e{i:02}.yml": entry_yaml(f"e{i:02}", f"Question {i}?", topic="training" if i % 3 else "using",
                                           published=f"2024-{i % 12 + 1:02}-{i % 27 + 1:02}",
                                           related=f"[e{(i * 7 + 1) % 30:02}, e{(i + 2) % 30:02}]" if i % 4 else "[]")
               for i in range(30)}
    corpus = load_corpus(make_project(tmp_path, entries))
    builder = SiteBuilder(corpus, {}, SiteSettings(), demos_enabled=False)
    assert max(len(v) for v in builder.by_topic.values()) > RECENT_LIMIT + 1  # so the head is cut
    for item in corpus.entries:
        related, recent = builder._neighbours(item.entry)
        shown = [builder.by_id[e.id].key for e in (*related, *recent)]
        assert builder._page_key(item)[4:] == tuple(shown), item.entry.id
