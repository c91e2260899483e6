"""`export handout`: printable pages whose answer key starts on a page of its own, checked in the PDF that
Chromium prints; and the command's errors, one line each, with nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import REPO, run_cli
from pypdf import PdfReader

QUIZ = "learning-rate-basics"
DEMO_QUIZ = "gradient-descent-experiments"


@pytest.fixture(scope="module")
def handouts(tmp_path_factory, session_cache) -> Path:
    out = tmp_path_factory.mktemp("export") / "handouts"
    result = run_cli("export", "handout", "--quiz", QUIZ, "--quiz", DEMO_QUIZ, "--out", str(out),
                     env={"KB_DEMO_CACHE_DIR": str(session_cache)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("2 quizzes written to ")
    return out


def test_one_page_and_one_pdf_per_quiz(handouts):
    assert sorted(p.name for p in handouts.iterdir()) == [f"{DEMO_QUIZ}.html", f"{DEMO_QUIZ}.pdf",
                                                          f"{QUIZ}.html", f"{QUIZ}.pdf"]


def test_the_key_is_on_pages_of_its_own(handouts):
    pages = [page.extract_text() for page in PdfReader(handouts / f"{QUIZ}.pdf").pages]
    first_key = next(i for i, text in enumerate(pages) if "Answer key:" in text)
    assert first_key > 0, "the questions come first"
    questions, key = pages[:first_key], "".join(pages[first_key:])
    assert not [i for i, text in enumerate(questions) if "Answer:" in text or "✓" in text], "an answer on a question page"
    assert pages[first_key].lstrip().startswith("Answer key:"), "the key starts a page"
    assert key.count("Answer") >= 8 and "Name:" in questions[0]


def test_demo_answers_say_which_run_they_come_from(handouts):
    html = (handouts / f"{DEMO_QUIZ}.html").read_text(encoding="utf-8")
    key = html[html.index('<section class="key">'):]
    assert "From the current demo run." in key and "From the current demo run." not in html[:html.index('<section')]
    assert "<code>lr_sweep</code>: run <code>" in key


def test_errors_are_one_line_and_leave_the_last_export(handouts, tmp_path):
    before = {p.name: p.read_bytes() for p in handouts.iterdir()}
    cases = {
        ("export", "handout", "--quiz", "learning-rate-basic", "--out", str(handouts)):
            "export: error: unknown quiz 'learning-rate-basic' (hint: did you mean 'learning-rate-basics'?)",
        ("export", "handouts"): "error: unknown format 'handouts'; formats: handout, qti, moodle, gift, anki (hint: "
                                "did you mean 'handout'? To write the whole project into a folder of that name, "
                                "write ./handouts)",
        ("export", "handout", "--out", str(REPO / "README.md")):
            f"error: {REPO / 'README.md'} is a file, and a handout export is a folder (hint: choose a folder for --out)",
        ("export", "handout", "--out", "/proc/handouts"):
            "error: cannot write /proc/handouts: No such file or directory (hint: choose a folder you can write to)",
    }
    for args, line in cases.items():
        result = run_cli(*args, env={"KB_DEMO_CONFIG": "off"})
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.splitlines()[0] == line
    assert {p.name: p.read_bytes() for p in handouts.iterdir()} == before
    assert not list(handouts.parent.glob(".handouts.*")), "no staging folder left behind"
