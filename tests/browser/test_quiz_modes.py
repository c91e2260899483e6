"""Quiz modes in chromium: a timed exam with points (answer all, submit, then the score), and pools that draw N of M.

Time is Playwright's fake clock, paused, so the time limit is tested without waiting. Readers are named, so
their draws are known: reader-five's first exam draws we-single, we-multiple and we-truefalse.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from .quiz_browser import tab_to
from .test_quiz_widget import saved

pytestmark = pytest.mark.browser

EXAM = "quizzes/widget-exam/"
POOL = "quizzes/widget-pool/"
START = dt.datetime(2026, 12, 1, 9, 0, 0)
POINTS = {"we-single": 2, "we-multiple": 4, "we-numeric": 1, "we-truefalse": 1}


def visible_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.kbq-q')].filter(f => f.offsetParent).map(f => f.dataset.q)")


def stop_the_clock(page) -> None:
    page.clock.install(time=START)
    page.clock.pause_at(START + dt.timedelta(seconds=1))


def open_as(page, base_url: str, path: str, reader: str = "reader-five") -> None:
    """Open a quiz page as a reader whose draws are known (the reader id seeds pools and shuffles)."""
    page.goto(base_url + "index.html")
    page.evaluate(f"localStorage.setItem('kbq:reader', {json.dumps(json.dumps(reader))})")
    page.goto(base_url + path)
    page.wait_for_selector(".kbq[data-on]")


def answer_right(page, qid: str) -> None:
    q = page.locator(f"#kbq-{qid}")
    if qid == "we-single":
        q.get_by_label("Option B").check()
    elif qid == "we-multiple":
        q.get_by_label("Option X").check()  # half of the right picks: partial credit
    elif qid == "we-numeric":
        q.get_by_label("Your answer").fill("0.5")
    else:
        q.get_by_label("True").check()


def test_timed_exam_scores_after_submitting(page, base_url):
    stop_the_clock(page)
    open_as(page, base_url, EXAM)
    assert visible_ids(page) == [], "a timed exam shows its questions once started"
    page.get_by_role("button", name="Start the exam (2 minutes)").click()
    assert page.locator(".kbq-timer").inner_text() == "Time left: 2:00"
    shown = visible_ids(page)
    assert shown == ["we-single", "we-multiple", "we-truefalse"], "the pool draws 3 of the 4 questions"
    assert page.evaluate("[...document.querySelectorAll('.kbq-q')].filter(f => f.offsetParent)"
                         ".map(f => f.querySelector('.kbq-n').textContent)") == ["1.", "2.", "3."]
    assert page.locator(".kbq-q [data-a=check]:visible").count() == 0, "an exam has no per-question Check"
    assert page.locator("[data-a=key]").count() == 0, "no printing with answers before the exam is over"
    assert page.locator(".kbq-score").inner_text() == "Answer the questions, then submit them."
    for qid in shown:
        answer_right(page, qid)
    assert page.locator(".kbq-fb:not(:empty)").count() == 0, "no feedback before submitting"
    page.clock.run_for(30_000)
    assert page.locator(".kbq-timer").inner_text() == "Time left: 1:30"
    page.reload()  # answers in progress and the clock survive a reload
    page.wait_for_selector(".kbq[data-on]")
    assert page.locator("#kbq-we-single").get_by_label("Option B").is_checked()
    assert page.locator(".kbq-timer").inner_text() == "Time left: 1:30"
    page.get_by_role("button", name="Submit answers").click()
    assert page.locator(".kbq-score").inner_text() == "Score: 5 of 7 points (3 answered)"
    assert "Correct! 2 of 2 points." in page.locator("#kbq-we-single .kbq-fb").inner_text()
    multiple = page.locator("#kbq-we-multiple .kbq-fb").inner_text()
    assert "Partly right: 2 of 4 points." in multiple and "Also correct: “Option Y”." in multiple
    assert page.evaluate("[...document.querySelectorAll('.kbq-q')].filter(f => f.offsetParent).every(f => f.disabled)")
    assert json.loads(page.evaluate("localStorage.getItem('kbq:best:widget-exam')")) == {"s": 5, "m": 7}
    assert saved(page, "we-single")["s"] == 1, "exam answers go to Review too"
    page.reload()
    page.wait_for_selector(".kbq[data-on]")
    assert page.locator(".kbq-score").inner_text() == "Score: 5 of 7 points (3 answered)", "a submitted exam stays so"
    assert visible_ids(page) == shown
    assert page.get_by_role("button", name="Submit answers").is_hidden()
    assert page.locator(".kbq-q:visible details.kbq-sol").count() == 3, "each question's solution can be opened"

    page.get_by_role("button", name="Start a new attempt").click()  # (the page fixture accepts the confirmation)
    assert visible_ids(page) == [] and page.locator(".kbq-timer").inner_text() == "", "a new attempt waits for Start"
    page.get_by_role("button", name="Start the exam (2 minutes)").click()
    assert page.locator(".kbq-fb:not(:empty)").count() == 0 and len(visible_ids(page)) == 3
    assert not page.locator(".kbq-q:visible input:checked").count(), "the new attempt starts blank"
    assert saved(page, "we-single")["s"] == 1, "a new attempt keeps the review history"
    assert json.loads(page.evaluate("localStorage.getItem('kbq:best:widget-exam')")) == {"s": 5, "m": 7}


def test_time_up_submits_and_unanswered_questions_score_nothing(page, base_url):
    stop_the_clock(page)
    open_as(page, base_url, EXAM)
    page.get_by_role("button", name="Start the exam (2 minutes)").click()
    first = visible_ids(page)[0]
    answer_right(page, first)
    page.clock.run_for(121_000)
    assert page.locator(".kbq-timer").inner_text() == "Time is up: your answers were submitted."
    assert page.locator(".kbq-score").inner_text() == "Score: 2 of 7 points (1 answered)"
    assert [page.locator(f"#kbq-{q} .kbq-fb").inner_text() for q in visible_ids(page)[1:]] == ["Not answered: 0 points."] * 2
    assert saved(page, "we-multiple") is None, "an unanswered question is not counted as a wrong answer in Review"


def test_submitting_with_questions_left_asks_first(page, base_url):
    stop_the_clock(page)
    open_as(page, base_url, EXAM)
    page.get_by_role("button", name="Start the exam (2 minutes)").click()
    answer_right(page, visible_ids(page)[0])
    page.evaluate("() => { window.asked = []; window.confirm = m => { window.asked.push(m); return false; }; }")  # Cancel
    page.get_by_role("button", name="Submit answers").click()
    assert page.evaluate("window.asked") == ["2 questions are not answered yet. Submit anyway?"]
    assert page.locator(".kbq-score").inner_text() == "Answer the questions, then submit them."
    page.evaluate("() => { window.confirm = () => true; }")  # OK
    page.get_by_role("button", name="Submit answers").click()
    assert page.locator(".kbq-score").inner_text().startswith("Score: ")


def test_pool_draws_per_reader_and_attempt(page, base_url):
    open_as(page, base_url, POOL)
    first = visible_ids(page)
    assert len(first) == 2
    page.reload()
    page.wait_for_selector(".kbq[data-on]")
    assert visible_ids(page) == first, "the same reader sees the same draw until resetting"
    assert page.locator(".kbq-score").inner_text() == "Score: 0 of 2 points (0 answered)"
    seen = set(first)
    for _ in range(6):
        page.get_by_role("button", name="Reset this quiz").click()
        assert len(visible_ids(page)) == 2
        seen |= set(visible_ids(page))
    assert len(seen) > 2, "resetting draws again"


def test_progress_shows_points_of_an_exam(page, base_url):
    stop_the_clock(page)
    open_as(page, base_url, EXAM)
    page.get_by_role("button", name="Start the exam (2 minutes)").click()
    shown = visible_ids(page)
    for qid in shown:
        answer_right(page, qid)
    page.get_by_role("button", name="Submit answers").click()
    best = json.loads(page.evaluate("localStorage.getItem('kbq:best:widget-exam')"))
    page.goto(base_url + "quizzes/progress/")
    page.wait_for_selector(".kbq-progress[data-on]")
    assert page.locator("tr[data-quiz='widget-exam'] .kbq-best").inner_text() == f"{best['s']:g} of {best['m']:g}"


def test_exam_by_keyboard_only(page, base_url):
    stop_the_clock(page)
    open_as(page, base_url, EXAM)
    tab_to(page, "[data-a=start]")
    page.keyboard.press("Enter")
    first = visible_ids(page)[0]
    assert page.evaluate("document.activeElement.closest('.kbq-q').dataset.q") == first, "Start moves focus to question 1"
    if page.evaluate("document.activeElement.type") == "text":
        page.keyboard.type("0.5")
    else:
        page.keyboard.press("Space")
    tab_to(page, "[data-a=submit]")
    page.keyboard.press("Enter")  # (the page fixture confirms submitting with questions left)
    assert page.locator(".kbq-score").inner_text().startswith("Score: ")
    assert page.locator(f"#kbq-{first} .kbq-fb").inner_text() != ""


def test_leaving_a_timed_exam_by_instant_navigation_stops_its_clock_there(page, base_url):
    stop_the_clock(page)
    open_as(page, base_url, EXAM)
    page.evaluate("window.sameDocument = true")
    page.get_by_role("button", name="Start the exam (2 minutes)").click()
    answer_right(page, "we-single")
    page.locator("nav").get_by_role("link", name="widget-pool").first.evaluate("a => a.click()")  # instant navigation
    page.wait_for_selector("#kbq-wp-1", state="attached")
    page.clock.run_for(121_000)
    assert page.evaluate("window.sameDocument") is True, "navigation was not instant (full reload)"
    assert "s" not in json.loads(page.evaluate("localStorage.getItem('kbq:try:widget-exam')")), \
        "the swapped-out page's timer submitted the exam"
    page.go_back()
    page.wait_for_selector("#kbq-we-single")
    page.wait_for_selector(".kbq[data-on]")
    page.clock.run_for(1_000)
    assert page.locator(".kbq-timer").inner_text() == "Time is up: your answers were submitted."
    assert page.locator(".kbq-score").inner_text() == "Score: 2 of 7 points (1 answered)", "submitted once, with the kept answer"
