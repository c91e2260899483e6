"""Page set details: index pages stay small however many entries sit below them."""

from __future__ import annotations

from factory import entry_yaml, make_project

from generator.content.corpus import load_corpus
from generator.pages.bundle import SiteSettings
from generator.pages.site import INDEX_NEWEST, build_site


def test_upper_index_pages_list_the_newest_questions_and_topics_list_all(tmp_path):
    entries = {f"e{i:02}.yml": entry_yaml(f"q-{i:02}", f"Question number {i}?", published=f"2024-01-{i + 1:02}")
               for i in range(INDEX_NEWEST + 5)}
    root = make_project(tmp_path, entries)
    pages = build_site(load_corpus(root), {}, SiteSettings(), demos_enabled=False).pages
    topic = pages["ai/dltf/cnn/training/index.md"]
    assert f"## Questions and answers ({INDEX_NEWEST + 5})" in topic
    assert topic.count("href=\"../../../../questions/") == INDEX_NEWEST + 5
    lesson = pages["ai/dltf/cnn/index.md"]
    assert "## Newest questions" in lesson
    assert f"The {INDEX_NEWEST} newest of {INDEX_NEWEST + 5} questions" in lesson
    assert lesson.count("href=\"../../../questions/") == INDEX_NEWEST
    assert "Question number 24?" in lesson and "Question number 4?" not in lesson  # newest first; the 5 oldest left


def test_every_output_path_has_one_owner():
    import pytest

    from generator.errors import BuildFailed
    from generator.pages.bundle import SiteBundle
    bundle = SiteBundle()
    bundle.sources["tags/index.md"] = "content/taxonomy.yml"
    bundle.add_page("tags/index.md", "# Tags\n")
    for add in (lambda: bundle.add_page("tags/index.md", "# Another\n"), lambda: bundle.add_asset("tags/index.md", b"x")):
        with pytest.raises(BuildFailed) as failure:
            add()
        assert [e.format() for e in failure.value.errors] == [
            "content/taxonomy.yml: error: two generated files would be written to tags/index.md "
            "(hint: rename one of the ids that make this path)"]
    assert bundle.pages == {"tags/index.md": "# Tags\n"}
