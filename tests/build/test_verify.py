"""generator/build/verify.py: a built site is refused when a page skipped the extension or a quiz lacks its script."""

from __future__ import annotations

from generator.build.verify import verify_site
from generator.pages.html_blocks import MARK


def page(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head></head><body>{body}</body></html>", encoding="utf-8")


def test_a_clean_site_verifies(tmp_path):
    page(tmp_path / "index.html", '<a href="quiz/">quiz</a>')
    page(tmp_path / "quiz" / "index.html", '<div class="kbq-q"></div><script src="../assets/quiz.js"></script>')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "quiz.js").write_text("")
    assert verify_site(tmp_path) == []


def test_unprocessed_blocks_and_a_quiz_without_its_script_are_reported(tmp_path):
    page(tmp_path / "index.html", f"{MARK}<p>a block Python-Markdown did not stash</p>")
    page(tmp_path / "quiz.html", '<div class="kbq-q"></div>')
    problems = [e.format() for e in verify_site(tmp_path)]
    assert problems == [
        "index.html: error: this page was built without the generated pages' Markdown extension: its blocks are "
        "unprocessed (hint: list 'kb_markdown' (in an exported project) under markdown_extensions)",
        "quiz.html: error: this page holds a quiz but does not load quiz.js (hint: the quiz block loads it itself: "
        "keep the engine from dropping raw HTML from pages)",
    ]


def test_a_folder_that_is_no_site_is_one_line(tmp_path):
    assert [e.message for e in verify_site(tmp_path)] == ["this is not a built site (it has no index.html)"]


def test_a_page_that_could_run_a_script_is_refused_whichever_engine_built_it(tmp_path):
    page(tmp_path / "index.html", '<p>fine</p>')
    page(tmp_path / "a.html", '<p/onclick="alert(1)">a</p> <a href="java&#x73;cript:x">b</a>')
    assert [e.format() for e in verify_site(tmp_path)] == [
        "a.html: error: this page carries <p onclick=\"alert(1)\">, which could run a script in the reader's browser "
        "(hint: remove what makes it from the source)",
        "a.html: error: this page carries <a href=\"java&#x73;cript:x\">, which could run a script in the reader's "
        "browser (hint: remove what makes it from the source)",
    ]
