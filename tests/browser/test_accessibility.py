"""axe-core in chromium on one page of each kind of the real site, light and dark, before and after answering.

A violation is ours when one of its elements lies in the page's content (``article``) outside code blocks;
the theme's own findings (its search dialog, progress bar, footer, and the syntax-highlighting colours of
code) are Material's and are left out, as a build without this plugin shows them too.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from .quiz_browser import Watch, serve

pytestmark = pytest.mark.browser

PAGE_KINDS = {
    "home": "",
    "entry with figures and a self-check": "questions/learning-rate-too-high-vs-too-low/",
    "taxonomy": "artificial-intelligence/",
    "topic": "artificial-intelligence/tff/gradient-descent-fundamentals/learning-rate-basics/",
    "quiz": "quizzes/learning-rate-basics/",
    "timed exam with a pool": "quizzes/training-optimisation-exam/",
    "quizzes index": "quizzes/",
    "questions index": "questions/",
    "my progress": "quizzes/progress/",
    "review": "quizzes/review/",
    "tag": "tags/learning-rate/",
    "explorer": "explorer/",
}

OURS = """violations => violations.map(v => ({id: v.id, nodes: v.nodes.filter(n => {
    const el = document.querySelector(n.target[0]);
    return el && el.closest('article') && !el.closest('pre, code');
  }).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(0, 2).join(' '))}))
  .filter(v => v.nodes.length)"""


def our_violations(page) -> list:
    page.evaluate(AXE_SCRIPT)
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return page.evaluate(OURS, found)


def answer_first_question(page) -> None:
    question = page.locator(".kbq-q:has([data-a=check]:visible)").first
    if question.locator("input[type=radio], input[type=checkbox]").count():
        question.locator("input[type=radio], input[type=checkbox]").first.check()
    elif question.locator(".kbq-in input").count():
        question.locator(".kbq-in input").fill("0.5")
    question.get_by_role("button", name="Check").click()
    question.locator(".kbq-fb:not(:empty)").wait_for()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_our_markup(built_site, browser, scheme):
    base, server = serve(built_site)
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    watch = Watch()
    watch.attach(page)
    found = {}
    try:
        for kind, path in PAGE_KINDS.items():
            page.goto(base + path, wait_until="load")
            page.wait_for_function("!document.querySelector('.kbq:not([data-on]), .kbq-progress:not([data-on])')")
            found[kind] = our_violations(page)
            if page.locator(".kbq-q [data-a=check]:visible").count():
                answer_first_question(page)
                found[f"{kind}, after answering"] = our_violations(page)
            if page.locator("[data-a=start]:visible").count():
                page.get_by_role("button", name="Start the exam", exact=False).click()
                found[f"{kind}, started"] = our_violations(page)
                page.get_by_role("button", name="Submit answers").click()  # (confirming with questions left)
                page.locator(".kbq-q .kbq-fb:not(:empty)").first.wait_for()
                found[f"{kind}, submitted"] = our_violations(page)
        watch.assert_clean(base)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert {kind: v for kind, v in found.items() if v} == {}
