"""The quiz widget in headless chromium: answers right and wrong, score, persistence, reset, shuffle."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

QUIZ = "quizzes/widget-test/"


def q(page, qid: str):
    return page.locator(f"#kbq-{qid}")


def check(page, qid: str) -> str:
    q(page, qid).get_by_role("button", name="Check").click()
    return q(page, qid).locator(".kbq-fb").inner_text()


def score(page) -> str:
    return page.locator(".kbq-score").first.inner_text()


def order(page, qid: str) -> list[int]:
    return [int(x) for x in q(page, qid).locator(".kbq-ord li").evaluate_all("els => els.map(e => e.dataset.i)")]


def saved(page, qid: str):
    raw = page.evaluate(f"localStorage.getItem('kbq:q:{qid}')")
    return json.loads(raw) if raw else None


def open_quiz(page, base_url: str, path: str = QUIZ) -> None:
    page.goto(base_url + path)
    page.wait_for_selector(".kbq[data-on]")


def test_single_choice_wrong_then_right(page, base_url):
    open_quiz(page, base_url)
    single = q(page, "wt-single")
    assert single.locator(".kbq-exp").is_hidden()
    single.get_by_label("Option A").check()
    text = check(page, "wt-single")
    assert "Not quite." in text and "A is wrong." in text
    assert "kbq-bad" in single.locator("label", has_text="Option A").get_attribute("class")
    assert single.locator(".kbq-exp").is_visible(), "the explanation shows after answering"
    link = single.get_by_role("link", name="What is the learning rate").evaluate("a => a.href")
    assert link == base_url + "questions/learning-rate-what-is-it/"
    assert score(page) == "Score: 0 of 6 points (1 answered)"
    single.get_by_role("button", name="Try again").click()
    assert single.locator(".kbq-fb").inner_text() == ""
    single.get_by_label("Option B").check()
    text = check(page, "wt-single")
    assert "Correct!" in text and "B is right." in text
    assert score(page) == "Score: 1 of 6 points (1 answered)"


def test_multiple_choice_partial_credit(page, base_url):
    open_quiz(page, base_url)
    multi = q(page, "wt-multiple")
    multi.get_by_label("Option X").check()
    multi.get_by_label("Option Z").check()
    text = check(page, "wt-multiple")
    assert "Not quite." in text and "X belongs." in text and "Z does not belong." in text
    assert "Also correct: “Option Y”." in text, "wrong feedback names the correct options that were missed"
    multi.get_by_label("Option Z").uncheck()
    assert "Partly right: 0.5 of 1 point." in check(page, "wt-multiple")
    assert score(page) == "Score: 0.5 of 6 points (1 answered)"
    multi.get_by_label("Option Y").check()
    assert "Correct!" in check(page, "wt-multiple")
    assert score(page) == "Score: 1 of 6 points (1 answered)"


def test_numeric_and_short_text(page, base_url):
    open_quiz(page, base_url)
    field = q(page, "wt-numeric").get_by_label("Your answer")
    field.fill("abc")
    assert check(page, "wt-numeric") == "Enter a number, for example 0.01."
    assert saved(page, "wt-numeric") is None, "an unreadable answer is not recorded"
    field.fill("0.7")
    text = check(page, "wt-numeric")
    assert "Not quite." in text and "Numeric wrong." in text
    field.fill("0,505")
    field.press("Enter")
    text = q(page, "wt-numeric").locator(".kbq-fb").inner_text()
    assert "Correct!" in text and "Numeric right." in text
    words = q(page, "wt-text").get_by_label("Your answer")
    words.fill("rate")
    assert "Not quite." in check(page, "wt-text")
    words.fill("  Step   SIZE ")
    assert "Correct!" in check(page, "wt-text")
    assert score(page) == "Score: 2 of 6 points (2 answered)"


def test_ordering_with_buttons(page, base_url):
    open_quiz(page, base_url)
    start = order(page, "wt-order")
    assert sorted(start) == [0, 1, 2] and start != [0, 1, 2], "items start shuffled, never already in order"
    assert "Not quite." in check(page, "wt-order")
    ordering = q(page, "wt-order")
    for target in range(3):  # selection sort with the Move up buttons
        while order(page, "wt-order").index(target) > target:
            item = ordering.locator(f"li[data-i='{target}']")
            item.get_by_role("button", name="Move up").click()
    assert order(page, "wt-order") == [0, 1, 2]
    feedback = ordering.locator(".kbq-fb")
    ordering.locator("li[data-i='0']").get_by_role("button", name="Move up").click()
    assert feedback.inner_text() == "Already at the top."
    ordering.locator("li[data-i='2']").get_by_role("button", name="Move down").click()
    assert feedback.inner_text() == "Already at the bottom."
    ordering.locator("li[data-i='1']").get_by_role("button", name="Move up").click()
    assert feedback.inner_text() == "Moved to position 1 of 3, the top."
    ordering.locator("li[data-i='1']").get_by_role("button", name="Move down").click()
    assert feedback.inner_text() == "Moved to position 2 of 3."
    assert "Correct!" in check(page, "wt-order")


def test_true_false_and_show_solution(page, base_url):
    open_quiz(page, base_url)
    tf = q(page, "wt-truefalse")
    assert [t.strip() for t in tf.locator("label").all_inner_texts()] == ["True", "False"], "true/false options are never shuffled"
    tf.get_by_label("False").check()
    assert "Not quite." in check(page, "wt-truefalse")
    numeric = q(page, "wt-numeric")
    numeric.get_by_role("button", name="Show solution").click()
    assert numeric.get_by_label("Your answer").input_value() == "0.5"
    assert numeric.locator("details.kbq-sol").get_attribute("open") is not None
    assert numeric.locator(".kbq-fb").inner_text() == "The solution is shown below."
    assert saved(page, "wt-numeric")["r"] == 1, "a revealed solution counts as not known"


def test_progress_persists_across_reload(page, base_url):
    open_quiz(page, base_url)
    labels = q(page, "wt-single").locator(".kbq-ot").all_inner_texts()
    q(page, "wt-single").get_by_label("Option B").check()
    check(page, "wt-single")
    q(page, "wt-text").get_by_label("Your answer").fill("learning rate")
    check(page, "wt-text")
    q(page, "wt-multiple").get_by_label("Option Z").check()
    check(page, "wt-multiple")
    page.reload()
    page.wait_for_selector(".kbq[data-on]")
    assert q(page, "wt-single").locator(".kbq-ot").all_inner_texts() == labels, "shuffle is stable per reader"
    assert q(page, "wt-single").get_by_label("Option B").is_checked()
    assert "Correct!" in q(page, "wt-single").locator(".kbq-fb").inner_text()
    assert q(page, "wt-text").get_by_label("Your answer").input_value() == "learning rate"
    assert "Not quite." in q(page, "wt-multiple").locator(".kbq-fb").inner_text()
    assert score(page) == "Score: 2 of 6 points (3 answered)"
    assert json.loads(page.evaluate("localStorage.getItem('kbq:best:widget-test')")) == {"s": 2, "m": 6}


def test_edited_question_loses_only_its_own_answer(page, base_url):
    open_quiz(page, base_url)
    q(page, "wt-single").get_by_label("Option B").check()
    check(page, "wt-single")
    q(page, "wt-text").get_by_label("Your answer").fill("lr")
    check(page, "wt-text")
    stale = {**saved(page, "wt-single"), "v": "0000000000"}  # as if the question had been edited since
    page.evaluate(f"localStorage.setItem('kbq:q:wt-single', {json.dumps(json.dumps(stale))})")
    page.reload()
    page.wait_for_selector(".kbq[data-on]")
    assert not q(page, "wt-single").get_by_label("Option B").is_checked()
    assert saved(page, "wt-single") is None
    assert q(page, "wt-text").get_by_label("Your answer").input_value() == "lr"


def test_reset_this_quiz(page, base_url):
    open_quiz(page, base_url)
    q(page, "wt-single").get_by_label("Option B").check()
    check(page, "wt-single")
    page.get_by_role("button", name="Reset this quiz").click()
    assert score(page) == "Score: 0 of 6 points (0 answered)"
    assert saved(page, "wt-single") is None
    assert page.evaluate("localStorage.getItem('kbq:best:widget-test')") is None
    assert not q(page, "wt-single").get_by_label("Option B").is_checked()
    assert page.evaluate("localStorage.getItem('kbq:reader')"), "the reader id survives a reset"


def test_shuffle_differs_between_readers_but_not_within(browser, base_url):
    orders = {}
    for reader in ("reader-one", "reader-two", "reader-three"):
        ctx = browser.new_context()
        ctx.add_init_script(f"localStorage.getItem('kbq:reader') || localStorage.setItem('kbq:reader', '\"{reader}\"')")
        page = ctx.new_page()
        open_quiz(page, base_url)
        first = q(page, "wt-single").locator(".kbq-ot").all_inner_texts()
        page.reload()
        page.wait_for_selector(".kbq[data-on]")
        assert q(page, "wt-single").locator(".kbq-ot").all_inner_texts() == first, "stable for one reader"
        orders[reader] = tuple(first)
        ctx.close()
    assert len(set(orders.values())) > 1, f"three readers got the same option order: {orders}"


def test_self_check_block_on_entry_page(page, base_url):
    open_quiz(page, base_url, "questions/harness-entry/")
    assert page.get_by_role("heading", name="Check yourself").is_visible()
    q(page, "sc-text").get_by_label("Your answer").fill(" LR ")
    assert "Correct!" in check(page, "sc-text")
    assert score(page) == "Score: 1 of 2 points (1 answered)"


@pytest.mark.parametrize("context", [False], indirect=True)
def test_without_javascript_the_quiz_reads(page, base_url):
    page.goto(base_url + QUIZ)
    single = q(page, "wt-single")
    assert single.locator("legend").inner_text().startswith("1. Pick B </script>")
    assert single.get_by_label("Option B").is_visible()
    assert single.get_by_role("button", name="Check").is_hidden()
    solution = single.locator("details.kbq-sol")
    assert solution.get_attribute("open") is None and solution.inner_text() == "Answer"
    assert "Answer: Option B" in solution.text_content()
    assert page.evaluate("typeof window.__kbq_pwned") == "undefined"


def test_yaml_text_cannot_run_script(page, base_url):
    page.add_init_script("window.alert = () => { window.__alerted = true; }")
    open_quiz(page, base_url)
    assert page.evaluate("window.__alerted === undefined")
    assert "</script><script>alert(1)</script>" in q(page, "wt-single").locator("legend").inner_text()
    assert "<b>tags</b>" in page.locator(".kbq-intro").inner_text()


def _radio_names(page) -> list[str]:
    """The accessible names Chromium itself gives the radio buttons and checkboxes (what a screen reader hears)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [n["name"]["value"] for n in nodes if n.get("role", {}).get("value") in ("radio", "checkbox")]


def test_marks_stay_out_of_the_options_names(page, base_url):
    open_quiz(page, base_url)
    single = q(page, "wt-single")
    single.get_by_label("Option A").check()
    check(page, "wt-single")
    assert page.evaluate("getComputedStyle(document.querySelector('#kbq-wt-single .kbq-bad'), '::after').content") \
        .count("✗") == 1, "the wrong option shows its mark"
    names = _radio_names(page)
    assert "Option A" in names and not [n for n in names if "✓" in n or "✗" in n], names


def test_designed_layout(page, base_url):
    """Targets of at least 24×24 px, answer fields in a 16-px font or larger, a filled primary Check,
    legends inside their box, and option text aligned beside its box when it wraps (390-px phone)."""
    page.set_viewport_size({"width": 390, "height": 800})
    open_quiz(page, base_url)
    small = page.evaluate("""[...document.querySelectorAll('.kbq button, .kbq-o')].filter(b => b.offsetParent)
        .map(b => b.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).length""")
    assert small == 0
    assert min(page.evaluate("[...document.querySelectorAll('.kbq input[type=text]')]"
                             ".map(i => parseFloat(getComputedStyle(i).fontSize))")) >= 16
    check_button, other = (page.evaluate(f"getComputedStyle(document.querySelector('#kbq-wt-single [data-a={a}]'))"
                                         ".backgroundColor") for a in ("check", "show"))
    assert check_button != other and check_button != "rgba(0, 0, 0, 0)", "Check is the one filled button"
    inside = page.evaluate("""[...document.querySelectorAll('.kbq-q')].every(f => {
        const l = f.querySelector('legend').getBoundingClientRect(), b = f.getBoundingClientRect();
        return l.top >= b.top + parseFloat(getComputedStyle(f).borderTopWidth) && l.right <= b.right; })""")
    assert inside, "a legend crosses its fieldset's border"
    aligned = page.evaluate("""[...document.querySelectorAll('.kbq-o')].every(o => {
        const box = o.querySelector('input').getBoundingClientRect(), text = o.querySelector('.kbq-ot');
        return [...text.getClientRects()].every(r => r.left >= box.right); })""")
    assert aligned, "wrapped option text runs under its box"


def test_print_gives_a_worksheet_and_an_answer_key_on_request(page, base_url):
    open_quiz(page, base_url)
    q(page, "wt-single").get_by_label("Option A").check()
    check(page, "wt-single")
    page.emulate_media(media="print")
    shown = """() => ({buttons: [...document.querySelectorAll('.kbq button')].filter(b => b.offsetParent).length,
        feedback: [...document.querySelectorAll('.kbq-fb, .kbq-hint')].filter(b => b.offsetParent).length,
        solutions: [...document.querySelectorAll('.kbq-sol')].filter(s => s.offsetParent && s.open).length,
        questions: [...document.querySelectorAll('.kbq-q')].filter(s => s.offsetParent).length,
        marks: [...document.querySelectorAll('.kbq-o')].map(o => getComputedStyle(o, '::after').content)
          .filter(c => c.includes('✓') || c.includes('✗')).length,
        border: getComputedStyle(document.querySelector('#kbq-wt-single')).borderTopColor})"""
    worksheet = {"buttons": 0, "feedback": 0, "solutions": 0, "questions": 6, "marks": 0, "border": "rgb(153, 153, 153)"}
    assert page.evaluate(shown) == worksheet, "no verdict, mark or coloured border on the worksheet"
    # The browser's print dialog is replaced by a snapshot of what would print, then the "afterprint" event.
    page.evaluate(f"() => {{ window.print = () => {{ window.printed = ({shown})(); dispatchEvent(new Event('afterprint')); }}; }}")
    page.evaluate("document.querySelector('.kbq [data-a=key]').click()")
    assert page.evaluate("window.printed") == {**worksheet, "solutions": 6}
    assert page.evaluate(shown) == worksheet, "after printing, the page is as it was"
