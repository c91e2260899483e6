"""generator/pages/templating.py + demos/lookup.py + pages/site.py: golden pages, demo values, claims, escaping."""

from __future__ import annotations

import html
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from factory import entry_yaml, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.addresses import html_href, relpath
from generator.content.corpus import load_corpus
from generator.errors import BuildFailed
from generator.pages.bundle import SiteSettings
from generator.pages.escaping import md_escape
from generator.pages.site import build_site

GOLDEN = Path(__file__).parent / "golden"


@dataclass
class FakeResult:
    """Stands in for generator.demos.DemoResult (same attributes)."""

    name: str = "lr_sweep"
    title: str = "Learning-rate sweep"
    key: str = "0123456789abcdef"
    metrics: dict = field(default_factory=lambda: {
        "best": {"learning_rate": 0.1, "final_loss": 0.05, "val_accuracy": 0.975},
        "final_loss": {"0.001": 0.61, "0.1": 0.05, "3.0": None}, "learning_rates": [0.001, 0.1, 3.0]})
    histories: dict = field(default_factory=dict)
    table: dict = field(default_factory=lambda: {"columns": ["learning rate", "final loss"],
                                                 "rows": [[0.001, 0.61], [0.1, 0.05], [3.0, None]]})
    figures: dict = field(default_factory=lambda: {"loss_curves": {"svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
                                                                   "alt": "Loss per epoch for 3 learning rates",
                                                                   "caption": "Loss per epoch for 3 learning rates."}})
    provenance: dict = field(default_factory=lambda: {"dataset": "digits (2 classes)", "seed": 0, "config": "quick",
                                                      "versions": {"tensorflow": "2.21.0"}, "run_seconds": 3.2,
                                                      "date": "2026-11-22"})
    source_path: str = "training_demos/lr_sweep.py"
    config: str = "quick"
    seeds: tuple = (0, 1)
    intervals: dict = field(default_factory=dict)


RESULTS = {"lr_sweep": FakeResult()}


def build(tmp_path, entries=None, results=RESULTS):
    return build_site(load_corpus(make_project(tmp_path, entries)), results)


def test_golden_pages(tmp_path):
    bundle = build(tmp_path)
    for src in ("questions/lr-basics.md", "ai/dltf/cnn/training/index.md", "index.md", "tags/learning-rate.md"):
        golden = GOLDEN / (src.replace("/", "__"))
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(bundle.pages[src], encoding="utf-8")
        assert bundle.pages[src] == golden.read_text(encoding="utf-8"), f"{src} differs from {golden.name}"


def test_demo_values_figures_tables_and_claims(tmp_path):
    answer = ("Best rate {{ demos.lr_sweep.best.learning_rate }} reached {{ demos.lr_sweep.best.val_accuracy | pct }}.\n"
              "At 3.0 the loss was {{ demos.lr_sweep.final_loss['3.0'] }}.\n\n"
              "{{ figure('lr_sweep', 'loss_curves') }}\n\n{{ results_table('lr_sweep') }}\n\n{{ provenance('lr_sweep') }}\n")
    claim = ("claims:\n  - says: The best rate beats the smallest one.\n"
             "    expect: demos.lr_sweep.final_loss['0.001'] > demos.lr_sweep.best.final_loss\n")
    page = build(tmp_path, {"a.yml": entry_yaml("a", "Q?", answer=answer, extra=claim)}).pages["questions/a.md"]
    assert "Best rate 0.1 reached 97.5%." in page
    assert "At 3.0 the loss was NaN." in page
    assert "![Loss per epoch for 3 learning rates](../assets/demos/lr_sweep/loss_curves.svg){ loading=lazy }" in page
    assert "| 0.001 | 0.61 |" in page and "| 3 | n/a |" in page or "| 3.0 | n/a |" in page
    assert '??? info "How these numbers were produced: Learning-rate sweep"' in page
    assert "The best rate beats the smallest one. — verified by `lr_sweep` run `0123456789ab` of 2026-11-22" in page


def failures(tmp_path, answer: str, extra: str = "") -> list[str]:
    with pytest.raises(BuildFailed) as info:
        build(tmp_path, {"a.yml": entry_yaml("a", "Q?", answer=answer, extra=extra)})
    return [e.format() for e in info.value.errors]


def test_unknown_demo_and_key_name_the_line_and_what_exists(tmp_path):
    assert failures(tmp_path / "1", "Line one.\nValue {{ demos.lr_swep.best }}.\n") == [
        "content/entries/a.yml:11:3: error: unknown result: there is no demo named 'lr_swep'; demos: lr_sweep "
        "(hint: use one of the names listed; 'python -m generator demos show NAME' prints every key with its value)"]
    assert failures(tmp_path / "2", "{{ demos.lr_sweep.best.accuracy }}\n") == [
        "content/entries/a.yml:10:3: error: unknown result: demos.lr_sweep.best has no key 'accuracy'; "
        "it has: learning_rate, final_loss, val_accuracy "
        "(hint: use one of the names listed; 'python -m generator demos show NAME' prints every key with its value)"]


def test_template_syntax_error_and_undefined_name(tmp_path):
    assert failures(tmp_path / "1", "ok\n{{ demos.lr_sweep.best \n") == [
        "content/entries/a.yml:11:3: error: template syntax error in the answer: unexpected end of template, "
        "expected 'end of print statement'. (hint: write results as {{ demos.NAME.KEY }}; a literal '{{' must be "
        "written {{ '{{' }})"]
    assert failures(tmp_path / "2", "{{ results }}\n") == [
        "content/entries/a.yml:10:3: error: undefined name in the answer: 'results' is undefined "
        "(hint: answers can use 'demos', figure(), results_table(), provenance() and explorer())"]


def test_false_claim_names_entry_claim_and_numbers(tmp_path):
    claim = ("claims:\n  - says: The largest rate has the lowest loss.\n"
             "    expect: demos.lr_sweep.final_loss['0.001'] < demos.lr_sweep.best.final_loss\n")
    assert failures(tmp_path, "Text.\n", claim) == [
        "content/entries/a.yml:11:13: error: claim does not hold: \"The largest rate has the lowest loss.\" "
        "(demos.lr_sweep.final_loss['0.001'] < demos.lr_sweep.best.final_loss is False with "
        "demos.lr_sweep.final_loss['0.001'] = 0.61, demos.lr_sweep.best.final_loss = 0.05) "
        "(hint: the latest demo run contradicts the answer: update the text and the claim)"]


def test_sandbox_blocks_python_internals(tmp_path):
    errors = failures(tmp_path, "{{ demos.__class__.__mro__ }}\n")
    assert len(errors) == 1 and "content/entries/a.yml:10:3: error:" in errors[0]


def test_metadata_is_escaped(tmp_path):
    evil = entry_yaml("a", "'<script>alert(1)</script> *bold* [x](javascript:alert(1))'")
    page = build(tmp_path, {"a.yml": evil}).pages["questions/a.md"]
    body = page.split("\n---\n", 1)[1]
    assert "<script>alert" not in body.split("application/ld+json")[0]
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in page
    assert md_escape("a <b> & c") == "a &lt;b&gt; &amp; c"


def test_titles_in_lists_of_links_are_escaped_html(tmp_path):
    evil = entry_yaml("a", "'<script>alert(1)</script> & <b>x</b>   spaced'", related="[b]")
    pages = build(tmp_path, {"a.yml": evil, "b.yml": entry_yaml("b", "Plain?", related="[a]")}).pages
    for src in ("ai/dltf/cnn/training/index.md", "index.md", "questions/b.md"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt; spaced</a>" in pages[src], src
        assert "<script>" not in pages[src].split("application/ld+json")[0]


@pytest.mark.parametrize("page, target, directory_urls, expected", [
    ("questions/a.md", "questions/b.md", True, "../b/"),
    ("questions/a.md", "index.md", True, "../../"),
    ("index.md", "index.md", True, "./"),
    ("index.md", "questions/b.md", True, "questions/b/"),
    ("ai/dltf/index.md", "ai/index.md", True, "../"),
    ("questions/a.md", "tags/lr.md#top", True, "../../tags/lr/#top"),
    ("questions/a.md", "assets/kb.css", True, "../../assets/kb.css"),
    ("questions/a.md", "questions/b.md", False, "b.html"),
    ("questions/a.md", "index.md", False, "../index.html"),
    ("ai/dltf/index.md", "ai/index.md", False, "../index.html"),
    ("index.md", "questions/b.md", False, "questions/b.html"),
    ("questions/a.md", "assets/kb.css", False, "../assets/kb.css"),
])
def test_html_links_are_the_urls_mkdocs_gives(page, target, directory_urls, expected):
    assert html_href(page, target, directory_urls) == expected


def test_relative_paths_match_posixpath():
    parts = ["", "a", "b", "ab", "questions", "index.html", ".", ".."]
    paths = {"/".join(p for p in (x, y, z) if p) + slash for x in parts for y in parts[:5] for z in parts[:4]
             for slash in ("", "/") if x or y or z}
    for target in paths:
        for base in paths:
            assert relpath(target, base) == posixpath.relpath(target or ".", base or "."), (target, base)


def test_file_style_urls_reach_raw_html_links(tmp_path):
    root = make_project(tmp_path)
    page = build_site(load_corpus(root), RESULTS, SiteSettings(directory_urls=False)).pages["questions/lr-basics.md"]
    assert '<a href="lr-too-high.html">What happens when the learning rate is too high?</a>' in page
    assert '<a class="kb-tag" href="../tags/learning-rate.html">learning-rate</a>' in page
    assert '<a href="../index.html">Home</a>' in page


def test_raw_html_and_script_urls_are_rejected_at_their_spot(tmp_path):
    answer = "Fine `<b>` in code.\nBut <div>raw</div> is not.\nNor [this](javascript:alert(1)).\n"
    assert failures(tmp_path / "1", answer) == [
        "content/entries/a.yml:11:7: error: raw HTML '<div>' is not allowed in an answer "
        "(hint: write Markdown instead, or set allow_raw_html: true for the plugin in mkdocs.yml)",
        "content/entries/a.yml:11:15: error: raw HTML '</div>' is not allowed in an answer "
        "(hint: write Markdown instead, or set allow_raw_html: true for the plugin in mkdocs.yml)",
        "content/entries/a.yml:12:14: error: link address 'javascript:alert(1' is not allowed "
        "(hint: links must use http:, https:, mailto: or a relative path)",
    ]
    built = failures(tmp_path / "2", "{{ '<scr' ~ 'ipt>alert(1)</scr' ~ 'ipt>' }}\n")
    assert any(e.startswith("content/entries/a.yml:10:3: error: '<script>' is not allowed in an answer "
                            "(produced by a template expression)") for e in built)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\\`*_{}[]()#+!|~<>ab &\n\t\"'é\u00a0", max_size=40))
def test_md_escape_backslashes_every_special_character_of_the_escaped_text(text):
    from generator.pages.escaping import _MD_SPECIAL

    expected = "".join("\\" + c if c in _MD_SPECIAL else c for c in html.escape(" ".join(text.split()), quote=False))
    assert md_escape(text) == expected
