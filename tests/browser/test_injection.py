"""Untrusted text stays text: script-injection payloads in every text field, built by real MkDocs,
opened in headless Chromium. No payload may run, add an element, or make a request."""

from __future__ import annotations

import json

import pytest
from factory import TAXONOMY, make_project, run_cli

from .quiz_browser import Watch, serve

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=2">',
    "</script><script>window.__xss=3</script>",
    "<svg onload=window.__xss=4>",
    "javascript:window.__xss=5",
    "' onmouseover='window.__xss=6' x='",
    "{{ 7*7 }}{% raw %}",
    "</title><script>window.__xss=7</script>",
    "<!--",
]
P = " ".join(PAYLOADS)


def q(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted string is a JSON string


def entry(i: int) -> str:
    html_only = [p for p in PAYLOADS if "{" not in p]  # answers are Jinja templates: braces there are code
    answer = ("Payloads in code stay code: `" + "` `".join(html_only) + "`\n\n"
              "```html\n" + "\n".join(html_only) + "\n```\n\nAnd an escaped brace: {{ '{{ 7*7 }}' }}\n")
    url = "https://example.org/x?a=1&b=)](javascript:window.__xss=9){:onclick=window.__xss=10}"
    question, other = q(f"Question {i} " + P), ("evil-2" if i == 1 else "evil-1")
    return (f"id: evil-{i}\nquestion: {question}\nauthor: {q(P)}\npublished: 2024-01-0{i}\n"
            f"topic: training\ntags: [learning-rate]\nsummary: {q(P)}\nrelated: [{other}]\n"
            f"references:\n  - title: {q(P)}\n    url: {q(url)}\nanswer: {q(answer)}\n")


QUIZ = f"""id: evil-quiz
title: {q('Quiz ' + P)}
topic: training
description: {q(P)}
questions:
  - id: evil-single
    type: single
    prompt: {q(P)}
    hint: {q(P)}
    explanation: {q(P)}
    entry: evil-1
    options:
      - text: {q('right ' + P)}
        correct: true
        feedback: {q(P)}
      - text: {q('wrong ' + P)}
        feedback: {q(P)}
  - id: evil-text
    type: text
    prompt: {q(P)}
    answers: [{q(P)}]
  - id: evil-order
    type: ordering
    prompt: {q(P)}
    items: [{q('first ' + P)}, {q('second ' + P)}]
"""


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("evil"), {"e1.yml": entry(1), "e2.yml": entry(2)})
    taxonomy = TAXONOMY.replace("title: Training the network", f"title: {q('Training ' + P)}")
    (root / "content" / "taxonomy.yml").write_text(taxonomy.replace("description: Fitting the weights.",
                                                                    f"description: {q(P)}"))
    (root / "quizzes" / "evil.yml").write_text(QUIZ)
    result = run_cli("build", "--demos", "off", root=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_no_payload_runs_in_any_page(evil_site, browser):
    base, server = serve(evil_site)
    pages = sorted(p.relative_to(evil_site).parent.as_posix() for p in evil_site.rglob("index.html"))
    assert "questions/evil-1" in pages and "quizzes/evil-quiz" in pages
    try:
        context = browser.new_context()
        for rel in pages:
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            watch = Watch()
            watch.attach(page)
            page.goto(base + ("" if rel == "." else rel + "/"))
            page.wait_for_load_state("networkidle")
            page.mouse.move(200, 300)
            for button in page.locator("button:has-text('Check'), summary").all()[:6]:
                if button.is_visible():
                    button.click()
            assert page.evaluate("window.__xss") is None, rel
            assert dialogs == [], rel
            assert page.locator("img[src='x'], svg[onload], [onerror], [onmouseover]").count() == 0, rel
            assert "49" not in page.locator("h1").first.inner_text(), rel  # no template evaluation
            watch.assert_clean(base)
            page.close()
        context.close()
    finally:
        server.shutdown()


def test_payloads_are_shown_as_text(evil_site):
    html = (evil_site / "questions" / "evil-1" / "index.html").read_text()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "<script>window.__xss" not in html
