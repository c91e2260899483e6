"""Quiz files: every rule of the format reported as one exact `path:line:col: error: ...` line."""

from __future__ import annotations

from generator.quizzes import Quiz, quiz_json_schema

SINGLE_TWO_RIGHT = """
id: q1
title: T
topic: basics
questions:
  - id: a
    type: single
    prompt: P
    options:
      - text: one
        correct: true
      - text: two
        correct: true
"""


def test_valid_quiz_loads(project):
    project.write("ok.yml", """
        id: ok
        title: A quiz
        topic: basics
        questions:
          - {id: a, type: text, prompt: "Name it", answers: [lr]}
    """)
    quizzes, errors = project.load()
    assert errors == []
    assert [q.id for q in quizzes] == ["ok"] and quizzes[0].path == "quizzes/ok.yml"
    assert isinstance(quizzes[0].quiz, Quiz)


def test_single_choice_needs_exactly_one_right_option(project):
    project.write("x.yml", SINGLE_TWO_RIGHT)
    project.write("y.yml", """
        id: q2
        title: T
        topic: basics
        questions:
          - id: a
            type: single
            prompt: P
            options:
              - text: one
              - text: two
          - id: b
            type: multiple
            prompt: P
            options:
              - text: one
              - text: two
    """)
    quizzes, errors = project.load()
    assert quizzes == []
    assert errors == [
        "quizzes/x.yml:10:7: error: a single-choice question needs exactly one correct option, but 2 are "
        "(options 1, 2) (hint: mark exactly one option 'correct: true', or use 'type: multiple' for several right options)",
        "quizzes/y.yml:10:7: error: a single-choice question needs exactly one correct option, but none is marked "
        "'correct: true' (hint: mark exactly one option 'correct: true', or use 'type: multiple' for several right options)",
        "quizzes/y.yml:16:7: error: a multiple-choice question needs at least one correct option, but none is marked "
        "'correct: true' (hint: add 'correct: true' to each right option)",
    ]


def test_numeric_needs_tolerance_and_numbers(project):
    project.write("x.yml", """
        id: q1
        title: T
        topic: basics
        questions:
          - id: a
            type: numeric
            prompt: P
            answer: 0.5
          - id: b
            type: numeric
            prompt: P
            answer: "half"
            tolerance: 5
          - id: c
            type: numeric
            prompt: P
            answer: {from_demo: lr_sweep.best, extra: 1}
            tolerance: 10 percent
    """)
    assert project.load()[1] == [
        "quizzes/x.yml:6:5: error: a numeric question needs a tolerance (hint: add 'tolerance: 0.01' "
        "(an absolute distance) or 'tolerance: 5%' (relative to the answer))",
        "quizzes/x.yml:13:13: error: 'questions[1].answer' must be a number, not 'half' (hint: write a number "
        "such as 0.01, or {from_demo: <demo>.<key>} for a demo result)",
        "quizzes/x.yml:18:40: error: unknown field 'extra' (hint: allowed fields: from_demo)",
        "quizzes/x.yml:19:16: error: 'questions[2].tolerance' must be a number or a percentage, not '10 percent' "
        "(hint: write a number for an absolute tolerance (0.01) or a percentage for a relative one ('5%'))",
    ]


def test_ordering_needs_two_distinct_items(project):
    project.write("x.yml", """
        id: q1
        title: T
        lesson: basics
        questions:
          - id: a
            type: ordering
            prompt: P
            items: [only one]
          - id: b
            type: ordering
            prompt: P
            items: [same, same]
    """)
    assert project.load()[1] == [
        "quizzes/x.yml:9:12: error: an ordering question needs at least 2 items to put in order, but it has 1 "
        "(hint: list the items in the right order under 'items:')",
        "quizzes/x.yml:13:12: error: two items of an ordering question have the same text "
        "(hint: each item must read differently, or the reader cannot tell the orders apart)",
    ]


def test_unknown_missing_and_mistyped_fields(project):
    project.write("x.yml", """
        id: Quiz One
        title: T
        topic: basics
        scoring: parital
        questions:
          - id: a
            type: singel
            prompt: P
          - id: b
            prompt: P
          - id: c
            type: text
            promt: P
            answers: []
          - id: d
            type: true-false
            prompt: [a, list]
            answer: "yes"
            entyr: foo
    """)
    assert project.load()[1] == [
        "quizzes/x.yml:2:5: error: 'id' must be lowercase words joined by hyphens, not 'Quiz One' "
        "(hint: for example 'learning-rate-schedules')",
        "quizzes/x.yml:5:10: error: 'scoring' must be one of all-or-nothing, partial, not 'parital' "
        "(hint: did you mean 'partial'?)",
        "quizzes/x.yml:8:11: error: unknown question type 'singel' (hint: did you mean 'single'?)",
        "quizzes/x.yml:10:5: error: missing required field 'type' (hint: the question type, one of: single, "
        "multiple, true-false, numeric, text, ordering)",
        "quizzes/x.yml:12:5: error: missing required field 'prompt' (hint: add a line 'prompt: ...': the question "
        "(plain text; `code` in backticks))",
        "quizzes/x.yml:14:5: error: unknown field 'promt' (hint: did you mean 'prompt'?)",
        "quizzes/x.yml:15:14: error: 'questions[2].answers' needs at least 1 item, but it has 0",
        "quizzes/x.yml:18:13: error: 'questions[3].prompt' must be text, not a list (hint: quote the value if it "
        "looks like a number or date)",
        "quizzes/x.yml:19:13: error: 'questions[3].answer' must be true or false, not 'yes'",
        "quizzes/x.yml:20:5: error: unknown field 'entyr' (hint: did you mean 'entry'?)",
    ]


def test_topic_or_lesson_exactly_one(project):
    project.write("neither.yml", "id: q\ntitle: t\nquestions:\n  - {id: a, type: text, prompt: p, answers: [x]}\n")
    project.write("both.yml", "id: r\ntitle: t\ntopic: a\nlesson: b\nquestions:\n"
                              "  - {id: b, type: text, prompt: p, answers: [x]}\n")
    hint = "(hint: write 'topic: <topic-id>' or 'lesson: <lesson-id>' from content/taxonomy.yml)"
    assert project.load()[1] == [
        f"quizzes/both.yml:2:1: error: a quiz tests either a 'topic' or a 'lesson': give exactly one of them {hint}",
        f"quizzes/neither.yml:2:1: error: a quiz tests either a 'topic' or a 'lesson': give exactly one of them {hint}",
    ]


def test_choice_question_needs_one_source_of_options(project):
    project.write("x.yml", """
        id: q1
        title: T
        topic: basics
        questions:
          - {id: a, type: single, prompt: P}
          - id: b
            type: multiple
            prompt: P
            options: [{text: x, correct: true}, {text: y}]
            options_from_demo: {values: lr_sweep.metrics.learning_rates, correct: lr_sweep.metrics.best.learning_rate}
    """)
    assert project.load()[1] == [
        "quizzes/x.yml:6:5: error: a choice question needs 'options' (hint: list them under 'options:', each with "
        "'text:' and, for the right ones, 'correct: true')",
        "quizzes/x.yml:7:5: error: give either 'options' or 'options_from_demo', not both (hint: remove one of the two)",
    ]


def test_broken_files_are_reported_not_raised(project):
    project.write("empty.yml", "")
    project.write("list.yml", "- a\n- b\n")
    project.write("syntax.yml", "id: [unclosed\n")
    project.write("none.yml", "id: q\ntitle: t\ntopic: x\nquestions: []\n")
    (project.root / "quizzes" / "notes.txt").write_text("not a quiz")
    assert project.load()[1] == [
        "quizzes/empty.yml:1:1: error: a quiz file must hold a mapping, but this one is empty "
        "(hint: start with 'id:', 'title:', 'topic:' (or 'lesson:') and 'questions:')",
        "quizzes/list.yml:1:1: error: a quiz file must hold a mapping, but this one is not a mapping of "
        "'field: value' lines (hint: start with 'id:', 'title:', 'topic:' (or 'lesson:') and 'questions:')",
        "quizzes/none.yml:5:12: error: 'questions' needs at least 1 item, but it has 0",
        "quizzes/syntax.yml:3:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow "
        "sequence) (hint: check the indentation and quoting around this spot)",
    ]


def test_files_are_read_sorted_and_recursively(project):
    for name in ("b.yml", "sub/a.yml", "a.yaml"):
        qid = name.replace("/", "-").replace(".", "-")
        project.write(name, f"id: {qid}\ntitle: t\ntopic: x\nquestions:\n  - {{id: {qid}-q, type: text, prompt: p, "
                            "answers: [x]}\n")
    assert [q.path for q in project.load()[0]] == ["quizzes/a.yaml", "quizzes/b.yml", "quizzes/sub/a.yml"]


def test_json_schema_describes_every_question_type():
    schema = quiz_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["id", "title", "questions"]
    assert schema["additionalProperties"] is False
    kinds = {d["properties"]["type"]["const"] for d in schema["$defs"].values() if "type" in d.get("properties", {})}
    assert kinds == {"single", "multiple", "true-false", "numeric", "text", "ordering"}
    assert schema["properties"]["questions"]["items"]["discriminator"]["propertyName"] == "type"
    assert "from_demo" in schema["$defs"]["DemoRef"]["properties"]
