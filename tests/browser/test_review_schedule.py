"""Review scheduling in chromium against the reference FSRS-6 scheduler (py-fsrs), and Leitner progress carried over.

The widget rates a right answer "good" and anything else "again" (due at once, a relearning step of
no length). py-fsrs with one zero-length learning step and one zero-length relearning step, no fuzz
and its default parameters schedules the same way, so for the same answers at the same moments both
must give the same stability, difficulty and due date.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from .test_quiz_widget import check, open_quiz, q, saved

pytestmark = pytest.mark.browser

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
# (answer right?, hours after the due date the widget gave) for each review of one question
HISTORIES = [
    [(True, 0), (True, 3), (True, 30), (False, 5), (True, 0.2), (True, 0), (True, 50)],
    [(False, 0), (False, 0.1), (True, 0.1), (True, 0), (False, 100), (True, 26), (True, 0)],
    [(True, 0), (True, 240), (False, 0), (True, 1), (True, 1), (True, 1)],
]


def oracle() -> Scheduler:
    return Scheduler(learning_steps=(timedelta(0),), relearning_steps=(timedelta(0),), enable_fuzzing=False)


def ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def answer(page, base_url, moment: datetime, right: bool) -> dict:
    page.clock.set_fixed_time(moment)
    open_quiz(page, base_url)
    q(page, "wt-text").get_by_label("Your answer").fill("learning rate" if right else "momentum")
    check(page, "wt-text")
    return saved(page, "wt-text")


@pytest.mark.parametrize("history", HISTORIES, ids=["mostly-right", "wrong-first", "long-gap"])
def test_the_widget_schedules_like_the_reference_fsrs6(browser, base_url, history):
    context = browser.new_context()
    page = context.new_page()
    scheduler, card, moment = oracle(), Card(), START
    try:
        for right, hours_late in history:
            state = answer(page, base_url, moment, right)
            card, _ = scheduler.review_card(card, Rating.Good if right else Rating.Again, moment)
            assert math.isclose(state["m"][0], card.stability, rel_tol=1e-9), (moment, state, card)
            assert math.isclose(state["m"][1], card.difficulty, rel_tol=1e-9), (moment, state, card)
            assert state["d"] == ms(card.due) and state["t"] == ms(moment)
            moment = card.due + timedelta(hours=hours_late)
    finally:
        context.close()


def test_leitner_progress_is_carried_over(page, base_url):
    page.clock.set_fixed_time(START)
    open_quiz(page, base_url)
    old = {"v": saved_version(page), "a": "step size", "s": 1, "t": ms(START - timedelta(days=5)), "b": 3,
           "d": ms(START - timedelta(days=1)), "r": 0}
    page.evaluate("s => localStorage.setItem('kbq:q:wt-text', JSON.stringify(s))", old)
    state = answer(page, base_url, START, True)
    card = Card(state=2, step=None, stability=4.0, difficulty=oracle()._initial_difficulty(rating=Rating.Good, clamp=True),
                last_review=START - timedelta(days=5), due=START - timedelta(days=1))
    card, _ = oracle().review_card(card, Rating.Good, START)
    assert state["m"] == pytest.approx([card.stability, card.difficulty], rel=1e-9)
    assert state["d"] == ms(card.due) and "b" not in state


def saved_version(page) -> str:
    return page.evaluate("JSON.parse(document.querySelector('.kbq script').textContent)[0].q"
                         ".find(d => d.id === 'wt-text').v")
