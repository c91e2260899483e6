"""Quiz pages in headless chromium: instant navigation, keyboard only, progress, review, clean pages."""

from __future__ import annotations

import json
import time

import pytest

from .quiz_browser import tab_to
from .test_quiz_widget import check, open_quiz, order, q, saved, score

pytestmark = pytest.mark.browser

DAY_MS = 86_400_000


def test_instant_navigation_reinitializes_once(page, base_url):
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator("article").get_by_role("link", name="widget-test").click()
    page.wait_for_selector("#kbq-wt-single")
    page.wait_for_selector(".kbq[data-on]")
    assert page.evaluate("window.__sameDocument") is True, "navigation was not instant (full reload)"
    assert page.url == base_url + "quizzes/widget-test/"
    q(page, "wt-single").get_by_label("Option B").check()
    assert "Correct!" in check(page, "wt-single")
    page.locator("nav").get_by_role("link", name="widget-lesson").first.click()
    page.wait_for_selector("#kbq-wl-single")
    page.wait_for_selector(".kbq[data-on]")
    page.go_back()
    page.wait_for_selector("#kbq-wt-single")
    page.wait_for_selector(".kbq[data-on]")
    assert page.evaluate("window.__sameDocument") is True
    assert "Correct!" in q(page, "wt-single").locator(".kbq-fb").inner_text(), "saved answer restored after navigation"
    # One click moves an item by exactly one place: the widget is bound once, not once per visit.
    before = order(page, "wt-order")
    q(page, "wt-order").locator("li").nth(2).get_by_role("button", name="Move up").click()
    after = order(page, "wt-order")
    assert after == before[:1] + [before[2], before[1]]


def test_quiz_by_keyboard_only(page, base_url):
    open_quiz(page, base_url)
    # single choice: Tab into the radio group, arrow keys to the right option, Tab to Check, Enter
    tab_to(page, "#kbq-wt-single input")
    for _ in range(3):
        if page.evaluate("document.activeElement.value") == "1":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert q(page, "wt-single").get_by_label("Option B").is_checked()
    tab_to(page, "#kbq-wt-single [data-a=check]")
    page.keyboard.press("Enter")
    assert "Correct!" in q(page, "wt-single").locator(".kbq-fb").inner_text()
    # numeric: type and press Enter in the field
    tab_to(page, "#kbq-wt-numeric input")
    page.keyboard.type("0.5")
    page.keyboard.press("Enter")
    assert "Correct!" in q(page, "wt-numeric").locator(".kbq-fb").inner_text()
    # ordering: move items with the keyboard; focus stays on the pressed button
    for target in range(3):
        while order(page, "wt-order").index(target) > target:
            tab_to(page, f"#kbq-wt-order li[data-i='{target}'] [data-a=up]")
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.closest('li').dataset.i") == str(target)
            page.keyboard.press("Shift+Tab")  # leave the button so the next _tab_to starts before it
    assert order(page, "wt-order") == [0, 1, 2]
    tab_to(page, "#kbq-wt-order [data-a=check]")
    page.keyboard.press("Space")
    assert "Correct!" in q(page, "wt-order").locator(".kbq-fb").inner_text()
    assert score(page) == "Score: 3 of 6 points (3 answered)"


def test_progress_page_lists_best_score_and_wrong_answers(page, base_url):
    open_quiz(page, base_url)
    q(page, "wt-single").get_by_label("Option A").check()
    check(page, "wt-single")
    q(page, "wt-text").get_by_label("Your answer").fill("step size")
    check(page, "wt-text")
    page.goto(base_url + "quizzes/progress/")
    page.wait_for_selector(".kbq-progress[data-on]")
    row = page.locator("tr[data-quiz='widget-test']")
    assert row.locator(".kbq-best").inner_text() == "1 of 6"
    wrong = row.locator("li:visible")
    assert wrong.count() == 1 and wrong.inner_text().startswith("Pick B")
    assert wrong.locator("a").evaluate("a => a.href") == base_url + "quizzes/widget-test/#kbq-wt-single"
    assert page.locator("tr[data-quiz='widget-lesson'] .kbq-best").inner_text() == "—"
    assert "You have answered 2 of" in page.locator(".kbq-progress .kbq-score").inner_text()
    # self-checks on entry pages count too, in their own table
    open_quiz(page, base_url, "questions/harness-entry/")
    q(page, "sc-single").get_by_label("wrong").check()
    check(page, "sc-single")
    page.goto(base_url + "quizzes/progress/")
    page.wait_for_selector(".kbq-progress[data-on]")
    entry = page.get_by_role("table", name="Self-checks on entry pages").locator("tr[data-quiz='entry:harness-entry']")
    assert entry.locator(".kbq-best").inner_text() == "0 of 2"
    assert entry.locator("li:visible").inner_text() == "Self-check, pick right"
    assert entry.locator("li:visible a").evaluate("a => a.href") == base_url + "questions/harness-entry/#kbq-sc-single"
    assert "You have answered 3 of" in page.locator(".kbq-progress .kbq-score").inner_text()
    page.get_by_role("button", name="Reset all progress").click()
    page.wait_for_selector(".kbq-progress[data-on]")
    assert row.locator(".kbq-best").inner_text() == "—"
    assert saved(page, "wt-text") is None


def test_review_brings_back_wrong_and_due_questions(page, base_url):
    page.goto(base_url + "quizzes/review/")
    page.wait_for_selector(".kbq[data-on]")
    assert page.locator(".kbq-rv").inner_text() == "Nothing to review yet: answer some quiz questions first."
    assert page.locator(".kbq-q:visible").count() == 0
    open_quiz(page, base_url)
    q(page, "wt-single").get_by_label("Option A").check()
    check(page, "wt-single")                      # wrong: due at once
    q(page, "wt-text").get_by_label("Your answer").fill("learning rate")
    check(page, "wt-text")                        # right: due after round(initial stability) = 2 days
    assert saved(page, "wt-single")["d"] == saved(page, "wt-single")["t"]
    assert saved(page, "wt-text")["d"] - saved(page, "wt-text")["t"] == 2 * DAY_MS
    page.goto(base_url + "quizzes/review/")
    page.wait_for_selector(".kbq[data-on]")
    assert page.locator(".kbq-rv").inner_text() == "1 question is due for review."
    visible = page.locator(".kbq-q:visible")
    assert visible.count() == 1 and visible.get_attribute("id") == "kbq-wt-single"
    assert visible.locator(".kbq-from a").inner_text().startswith("Widget test")
    assert not visible.get_by_label("Option A").is_checked(), "review asks again from scratch"
    assert score(page) == "Score: 0 of 1 point (0 answered)", "the review score counts this session only"
    visible.get_by_label("Option B").check()
    assert "Correct!" in check(page, "wt-single")
    assert score(page) == "Score: 1 of 1 point (1 answered)"
    state = saved(page, "wt-single")
    assert state["d"] - state["t"] == DAY_MS, "right soon after wrong: a short interval"
    next_due = min(saved(page, k)["d"] for k in ("wt-single", "wt-text"))
    page.reload()
    page.wait_for_selector(".kbq[data-on]")
    day = time.localtime(next_due / 1000)   # the widget writes the date in the site's format, in the reader's time zone
    assert page.locator(".kbq-rv").inner_text() == (
        f"Nothing is due for review. The next question comes back on {day.tm_mday} {time.strftime('%B', day)} "
        f"{day.tm_year}.")
    # later: both are due; a right answer at its due date lengthens the interval
    now = int(time.time() * 1000)
    past = {k: {**saved(page, k), "t": now - 3 * DAY_MS, "d": now - 1} for k in ("wt-single", "wt-text")}
    for k, v in past.items():
        page.evaluate(f"localStorage.setItem('kbq:q:{k}', {json.dumps(json.dumps(v))})")
    page.reload()
    page.wait_for_selector(".kbq[data-on]")
    assert page.locator(".kbq-rv").inner_text() == "2 questions are due for review."
    before = saved(page, "wt-text")["m"][0]
    q(page, "wt-text").get_by_label("Your answer").fill("step size")
    check(page, "wt-text")
    state = saved(page, "wt-text")
    assert state["m"][0] > before and state["d"] > state["t"]
    check(page, "wt-text")  # checking again before it is due is not another review
    assert saved(page, "wt-text")["m"] == state["m"] and saved(page, "wt-text")["d"] == state["d"]


def _all_pages(site) -> list[str]:
    return sorted(str(p.relative_to(site).parent).replace(".", "") + "/" for p in site.rglob("index.html"))


def test_every_page_is_clean_and_local(page, base_url, quiz_site):
    """No page logs a console error or requests another host (the page fixture checks both)."""
    pages = _all_pages(quiz_site)
    assert "quizzes/review/" in pages and "quizzes/progress/" in pages
    for path in pages:
        page.goto(base_url + path.lstrip("/"), wait_until="load")
        if page.locator(".kbq, .kbq-progress").count():
            assert page.locator(".kbq[data-on], .kbq-progress[data-on]").count() == \
                page.locator(".kbq, .kbq-progress").count(), f"widget not started on {path}"
