"""Quiz pages as Markdown/HTML: escaping, JSON data, versions, demo values, page shapes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from generator.quizzes import PageContext, Question, progress_page_markdown, quiz_page_markdown, review_page_markdown, self_check_markdown
from generator.quizzes.widget import json_for_html, prepare, question_html

EVIL = "</script><script>alert(1)</script>"
ctx = PageContext(href=lambda target: "../../" + target.replace(".md", "/"), resolve_demo=None,
                  entry_title=lambda entry_id: f"Title of {entry_id} & <more>")


def question(**data) -> object:
    return TypeAdapter(Question).validate_python(data)


def load_one(project, body: str):
    project.write("q.yml", body)
    quizzes, errors = project.load()
    assert errors == []
    return quizzes[0]


def data_blocks(html: str) -> list:
    return [json.loads(m)[0] for m in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)]


class TextAndTags(HTMLParser):
    """Collects the tags and the text a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


EVIL_QUIZ = f"""
id: evil
title: "{EVIL}"
topic: t
description: "<b>bold</b> & co"
questions:
  - id: e1
    type: single
    prompt: "{EVIL}"
    hint: "{EVIL}"
    explanation: "{EVIL}"
    entry: some-entry
    options:
      - text: "{EVIL}"
        correct: true
        feedback: "{EVIL}"
      - text: "`<code>` & `x < y`"
  - id: e2
    type: text
    prompt: P
    answers: ["{EVIL}"]
"""


def test_yaml_text_never_breaks_out(project):
    md = quiz_page_markdown(load_one(project, EVIL_QUIZ), ctx)
    assert "<script>alert" not in md and "</script><script>" not in md
    assert md.count("</script>") == 2, "only the data block's and the widget script's own closing tags"
    assert md.count('<script src="') == 1
    parser = TextAndTags()
    parser.feed(markdown.markdown(md, extensions=["attr_list", "md_in_html", "toc", "tables"]))
    assert parser.tags.count("script") == 2, "the data block and the widget script, nothing from the YAML"
    assert EVIL in "".join(parser.text), "the text survives as text"
    assert "<code>&lt;code&gt;</code> &amp; <code>x &lt; y</code>" in md, "backticks become <code> after escaping"
    assert "Title of some-entry &amp; &lt;more&gt;" in md
    [data] = data_blocks(md)
    assert data["q"][1]["ans"] == [EVIL.lower().replace(" ", "")]


def test_json_for_html_escapes_markup_characters():
    text = json_for_html({"a": "</script><b>&amp;", "u": "λ\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text and "\\u0026amp;" in text
    assert json.loads(text) == {"a": "</script><b>&amp;", "u": "λ\u2028"}


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda s: s.strip()))
def test_any_prompt_renders_as_plain_text(text):
    q = question(id="h", type="text", prompt=text, answers=["x"])
    html = question_html(prepare(q, None), ctx, 1)
    parser = TextAndTags()
    parser.feed(html)
    assert parser.tags.count("script") == 0
    legend = re.search(r"<legend>(.*?)</legend>", html, re.S).group(1)
    assert "<" not in re.sub(r"</?(span|code)( class=\"kbq-n\")?>", "", legend)


def test_blocks_have_no_blank_lines(project):
    quiz = load_one(project, EVIL_QUIZ)
    for md in (quiz_page_markdown(quiz, ctx), progress_page_markdown([quiz], {}, ctx),
               review_page_markdown([quiz], {}, ctx), self_check_markdown("x", list(quiz.quiz.questions), ctx)):
        html_part = md[md.index("<div"):]
        assert "\n\n" not in html_part.rstrip("\n"), "a blank line would end Python-Markdown's raw HTML block"


def test_quiz_page_shape_and_data(project):
    quiz = load_one(project, """
        id: shape
        title: Shapes & sizes
        topic: t
        scoring: partial
        questions:
          - {id: s1, type: multiple, prompt: P, options: [{text: a, correct: true}, {text: b}]}
          - {id: s2, type: numeric, prompt: P, answer: 0.5, tolerance: 10%, unit: epochs}
          - {id: s3, type: true-false, prompt: P, answer: false}
          - {id: s4, type: ordering, prompt: P, items: [a, b, c]}
          - {id: s5, type: text, prompt: P, answers: ["Step  Size", "LR"]}
    """)
    md = quiz_page_markdown(quiz, ctx)
    assert md.startswith("# Shapes &amp; sizes\n\n")
    [data] = data_blocks(md)
    assert data["id"] == "shape" and data["kind"] == "quiz"
    s1, s2, s3, s4, s5 = data["q"]
    assert (s1["t"], s1["c"], s1["p"], s1["sh"]) == ("multiple", [0], 1, 1)
    assert (s2["t"], s2["a"], s2["tol"], s2["rel"]) == ("numeric", 0.5, 0.1, True)
    assert (s3["t"], s3["c"], s3["sh"]) == ("single", [1], 0)
    assert (s4["t"], s4["n"]) == ("ordering", 3)
    assert s5["ans"] == ["lr", "stepsize"]
    assert md.count("<fieldset") == 5 and md.count("<legend>") == 5
    assert md.count('role="status"') == 6, "one per question plus the score"
    assert '<details class="kbq-sol"><summary>Answer</summary>' in md
    assert 'data-a="up" aria-label="Move up: a"' in md
    order = re.findall(r'<li data-i="(\d)">', md)
    assert order != ["0", "1", "2"], "without JavaScript the items are not shown in the answer's order"


def test_version_changes_only_with_the_answer():
    base = dict(id="v", type="single", prompt="P", options=[{"text": "a", "correct": True}, {"text": "b"}])
    v0 = prepare(question(**base), None).version
    assert prepare(question(**base, explanation="more words", hint="h"), None).version == v0
    assert prepare(question(**{**base, "prompt": "Q"}), None).version != v0
    flipped = [{"text": "a"}, {"text": "b", "correct": True}]
    assert prepare(question(**{**base, "options": flipped}), None).version != v0


def test_demo_values_and_unavailable_demos(project):
    quiz = load_one(project, """
        id: d
        title: T
        topic: t
        questions:
          - id: d1
            type: numeric
            prompt: "λmax is {{ demos.quadratic.metrics.lambda_max }}"
            answer: {from_demo: quadratic.metrics.threshold}
            tolerance: 1%
          - id: d2
            type: single
            prompt: P
            options_from_demo: {values: sweep.rates, correct: sweep.best}
    """)
    values = {"quadratic.metrics.lambda_max": 10.0, "quadratic.metrics.threshold": 0.2,
              "sweep.rates": [0.001, 0.1, 3.0], "sweep.best": 0.1}
    live = PageContext(href=ctx.href, resolve_demo=values.__getitem__, entry_title=ctx.entry_title)
    md = quiz_page_markdown(quiz, live)
    assert "λmax is 10</legend>" in md and "Answer: 0.2 (accepted within 1%)" in md
    assert re.findall(r'<span class="kbq-ot">([^<]*)</span>', md) == ["0.001", "0.1", "3"]
    assert [q["t"] for q in data_blocks(md)[0]["q"]] == ["numeric", "single"]
    off = quiz_page_markdown(quiz, ctx)
    assert "λmax is (demo results unavailable)</legend>" in off
    assert off.count("Answer: (demo results unavailable)") == 2
    assert [q["t"] for q in data_blocks(off)[0]["q"]] == ["na", "na"]


def test_self_check_progress_and_review_pages(project):
    quiz = load_one(project, """
        id: p
        title: Progress quiz
        topic: t
        questions:
          - {id: p1, type: text, prompt: "First <prompt>", answers: [x]}
    """)
    checks = [question(id="c1", type="true-false", prompt="C", answer=True)]
    assert self_check_markdown("e", [], ctx) == ""
    block = self_check_markdown("e", checks, ctx)
    assert block.startswith("## Check yourself { #check-yourself }\n\n")
    assert data_blocks(block)[0]["id"] == "entry:e"

    progress = progress_page_markdown([quiz], {}, ctx)
    assert progress.startswith("# My progress\n\n")
    assert data_blocks(progress)[0] == {"quizzes": [{"id": "p", "q": [["p1", prepare(quiz.quiz.questions[0], None).version]]}]}
    assert '<a href="../../quizzes/p/#kbq-p1">First &lt;prompt&gt;</a>' in progress
    assert "Reset all progress" in progress

    for self_checks in ({"e": (None, checks)}, {"e": checks}):  # (YamlDoc, questions) or just the questions
        review = review_page_markdown([quiz], self_checks, ctx)
        assert review.startswith("# Review\n\n")
        [data] = data_blocks(review)
        assert data["kind"] == "review" and [q["id"] for q in data["q"]] == ["p1", "c1"]
        assert 'From the quiz <a href="../../quizzes/p/">Progress quiz</a>' in review
        assert "(FSRS-6, with its default parameters)" in review


def test_element_ids_are_unique_on_a_page(project):
    quiz = load_one(project, """
        id: ids
        title: T
        topic: t
        questions:
          - {id: a, type: numeric, prompt: P, answer: 1, tolerance: 0, unit: m}
          - {id: a-answer, type: numeric, prompt: P, answer: 1, tolerance: 0, unit: m}
          - {id: a-unit, type: text, prompt: P, answers: [x]}
    """)
    ids = re.findall(r'\bid="([^"]+)"', quiz_page_markdown(quiz, ctx))
    assert len(ids) == len(set(ids)) == 8
