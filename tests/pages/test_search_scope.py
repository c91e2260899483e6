"""generator/pages/search_scope.py: true/false/auto, excluded headings, and what a real build puts in search."""

from __future__ import annotations

import json
import re

import pytest
from factory import entry_yaml, make_project, run_cli

from generator.content.corpus import load_corpus
from generator.mkdocs.config import check_mkdocs_yml
from generator.pages import search_scope
from generator.pages.bundle import SiteSettings
from generator.pages.search_scope import AUTO_FULL_ANSWERS_MAX, exclude_headings, full_answers
from generator.pages.site import build_site

X = '{ data-search-exclude="true" }'

ANSWER = """\
The rate sets the step size of every update.

## Choosing it

Start from a range test on a small subset.

### Too high { #too-high }

The loss diverges within a few steps.

!!! note "A note"

    ### Inside a note

    Noted text of the admonition.

```python
# a comment, not a heading
lr = 0.1
```

Setext heading
--------------

Final words of the answer.
"""

SELF_CHECK = """\
self_check:
  - id: lr-basics-step
    type: true-false
    prompt: A larger learning rate takes larger steps.
    answer: true
"""


def test_auto_switches_to_compact_above_the_threshold():
    assert full_answers("auto", AUTO_FULL_ANSWERS_MAX) is True
    assert full_answers("auto", AUTO_FULL_ANSWERS_MAX + 1) is False
    assert full_answers(True, 10**6) is True and full_answers(False, 1) is False
    with pytest.raises(ValueError):
        full_answers("sometimes", 1)


def test_build_site_resolves_auto_from_the_entry_count(tmp_path, monkeypatch):
    corpus = load_corpus(make_project(tmp_path))  # three entries
    page = "questions/lr-basics.md"
    def excluded(settings: SiteSettings) -> int:  # breadcrumbs and byline always; the answer only when compact
        return build_site(corpus, {}, settings, demos_enabled=False).pages[page].count("data-search-exclude")

    monkeypatch.setattr(search_scope, "AUTO_FULL_ANSWERS_MAX", 3)
    assert excluded(SiteSettings()) == 2
    monkeypatch.setattr(search_scope, "AUTO_FULL_ANSWERS_MAX", 2)
    assert excluded(SiteSettings()) > 2
    assert excluded(SiteSettings(search_full_answers=True)) == 2


def test_exclude_headings_marks_headings_only():
    out = exclude_headings(ANSWER).splitlines()
    assert out[2] == f"## Choosing it {X}"
    assert out[6] == '### Too high { #too-high data-search-exclude="true" }'
    assert out[12] == f"    ### Inside a note {X}"
    assert "# a comment, not a heading" in out and "lr = 0.1" in out
    assert out[21] == f"Setext heading {X}" and out[22] == "--------------"
    assert exclude_headings("## Closed ##\n") == f"## Closed {X}\n"
    assert exclude_headings("Text\n\n    # indented code\n") == "Text\n\n    # indented code\n"
    assert exclude_headings("---\n\nNot a heading\n\n---\n") == "---\n\nNot a heading\n\n---\n"
    assert exclude_headings("- item\n\n    ## In a list item\n") == f"- item\n\n    ## In a list item {X}\n"


def test_plugin_option_accepts_true_false_auto_only(tmp_path):
    root = make_project(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text()
    assert "search_full_answers: auto" in text
    for value in ("true", "false", "auto"):
        config.write_text(text.replace("search_full_answers: auto", f"search_full_answers: {value}"))
        assert check_mkdocs_yml(root) == []
    config.write_text(text.replace("search_full_answers: auto", "search_full_answers: sometimes"))
    errors = check_mkdocs_yml(root)
    assert len(errors) == 1 and "search_full_answers" in errors[0].format()


def _build(tmp_path, mode: str):
    entries = {
        "a.yml": entry_yaml("lr-basics", "What is the learning rate?", answer=ANSWER, related="[lr-too-high]",
                            tags="[learning-rate, divergence]",
                            extra="references:\n  - title: A paper about rates\n    url: https://example.org/p\n"
                                  + SELF_CHECK),
        "b.yml": entry_yaml("lr-too-high", "What happens when the learning rate is too high?", published="2024-02-01"),
    }
    root = make_project(tmp_path / mode, entries)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("search_full_answers: auto", f"search_full_answers: {mode}"))
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0, result.stderr  # includes the link and anchor check
    site = root / "site"
    return site, json.loads((site / "search/search_index.json").read_text())


def test_compact_index_holds_question_summary_and_tags_only(tmp_path):
    site, index = _build(tmp_path, "false")
    docs = [d for d in index["docs"] if d["location"].startswith("questions/lr-basics/")]
    # The page record (the text before the title, here nothing) and the title's section: no other records,
    # in particular none, empty or not, for the answer's headings or the lists below it.
    assert [d["location"] for d in docs] == ["questions/lr-basics/", "questions/lr-basics/#what-is-the-learning-rate"]
    assert all(d["title"] == "What is the learning rate?" for d in docs)
    assert all(d["tags"] == ["learning-rate", "divergence"] for d in docs)
    assert docs[0]["text"] == ""
    assert docs[1]["text"] == "<p>In short</p> <p>A short summary of lr-basics.</p>"
    everything, page = json.dumps(index), json.dumps(docs)
    for text in ("step size of every update", "Choosing it", "The loss diverges", "Noted text", "a comment",
                 "Final words", "Setext heading", "A paper about rates"):
        assert text not in everything, text
    for text in ("Other recent questions", "Tagged under", "Related questions", "too high", "Check yourself",
                 "larger steps", "Ada Tester", "Published", "Home", "Artificial Intelligence"):
        assert text not in page, text  # the self-check stays in the review page's record

    html = (site / "questions/lr-basics/index.html").read_text()
    assert "data-search" not in html and "{ data-search" not in html  # Material strips the attributes
    for anchor in ("choosing-it", "too-high", "inside-a-note", "setext-heading", "check-yourself", "related-questions"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html, anchor  # heading, permalink or TOC entry
    assert "# a comment, not a heading" in html

    full_site, full_index = _build(tmp_path, "true")
    assert "Final words of the answer." in json.dumps(full_index)
    full_html = (full_site / "questions/lr-basics/index.html").read_text()
    unwrapped = re.sub(r'<section class="kb-answer">|</section>', "", html)
    assert unwrapped.split() == full_html.split()  # the same page but for the (unstyled) wrapper of the answer
