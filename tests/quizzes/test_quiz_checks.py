"""Cross-file rules: duplicate ids, unknown topics/lessons/entries, and demo references."""

from __future__ import annotations

from pydantic import TypeAdapter

from generator.content.yamlmarks import parse_yaml
from generator.errors import ErrorCollector
from generator.quizzes import Question, check_quizzes

QUIZ_A = """
id: first
title: T
topic: learning-rate-basic
questions:
  - id: same-id
    type: text
    prompt: P
    answers: [x]
    entry: what-is-lr
  - id: demo-number
    type: numeric
    prompt: "λ is {{ demos.quadratic.metrics.lambda_mx }}"
    answer: {from_demo: lr_sweep.metrics.best.learning_rat}
    tolerance: 1%
  - id: demo-list
    type: numeric
    prompt: P
    answer: {from_demo: lr_sweep.metrics.learning_rates}
    tolerance: 1%
  - id: demo-options
    type: single
    prompt: P
    options_from_demo:
      values: lr_sweep.metrics.learning_rates
      correct: lr_sweep.metrics.epochs
  - id: demo-missing
    type: single
    prompt: P
    options_from_demo:
      values: lr_swep.metrics.x
      correct: lr_sweep.metrics.epochs
"""
QUIZ_B = """
id: first
title: T
lesson: gradient-descent-fundamentalz
questions:
  - id: same-id
    type: text
    prompt: P
    answers: [x]
"""
ENTRY = "id: e\nself_check:\n  - id: same-id\n    type: text\n    prompt: P\n    answers: [y]\n    entry: nope\n"
RESULTS = {"lr_sweep": {"metrics": {"learning_rates": [0.0001, 0.01, 0.1, 1.0, 3.0], "epochs": 8,
                                    "best": {"learning_rate": 0.1}}},
           "quadratic": {"metrics": {"lambda_max": 10.0}}}


def resolve(path: str):
    """A resolver like the lead's: LookupError naming what exists."""
    node, parts = RESULTS, path.split(".")
    for i, key in enumerate(parts):
        if not isinstance(node, dict) or key not in node:
            where = ".".join(parts[:i]) or "demos"
            raise LookupError(f"{where} has no key '{key}'; it has: {', '.join(node)}")
        node = node[key]
    return node


def run_checks(project, resolver):
    project.write("a.yml", QUIZ_A)
    project.write("b.yml", QUIZ_B)
    quizzes, load_errors = project.load()
    assert load_errors == []
    doc, problems = parse_yaml(ENTRY, "content/entries/e.yml")
    assert not problems
    self_checks = {"e": (doc, TypeAdapter(list[Question]).validate_python(doc.data["self_check"]))}
    errors = ErrorCollector()
    check_quizzes(quizzes, self_checks, entry_ids={"what-is-the-lr", "e"}, topic_ids={"learning-rate-basics"},
                  lesson_ids={"gradient-descent-fundamentals"}, resolve_demo=resolver, errors=errors)
    return sorted(e.format() for e in errors)


DUPLICATE_HINT = "(hint: a question id keys the reader's saved progress; give each question its own id)"
WITHOUT_DEMOS = [
    f"content/entries/e.yml:3:9: error: duplicate question id 'same-id' (first used at quizzes/a.yml:6:9) {DUPLICATE_HINT}",
    "content/entries/e.yml:7:12: error: unknown entry 'nope' (hint: entry ids are listed in the 'id:' of content/entries/**)",
    "quizzes/a.yml:10:12: error: unknown entry 'what-is-lr' (hint: did you mean 'what-is-the-lr'?)",
    "quizzes/a.yml:4:8: error: unknown topic 'learning-rate-basic' (hint: did you mean 'learning-rate-basics'?)",
    "quizzes/b.yml:2:5: error: duplicate quiz id 'first' (first used at quizzes/a.yml:2:5) (hint: a quiz id is its "
    "page's address; give each quiz its own id)",
    "quizzes/b.yml:4:9: error: unknown lesson 'gradient-descent-fundamentalz' (hint: did you mean "
    "'gradient-descent-fundamentals'?)",
    f"quizzes/b.yml:6:9: error: duplicate question id 'same-id' (first used at quizzes/a.yml:6:9) {DUPLICATE_HINT}",
]


def test_ids_and_references_without_demos(project):
    assert run_checks(project, None) == WITHOUT_DEMOS


def test_demo_references(project):
    demo_errors = [e for e in run_checks(project, resolve) if e not in WITHOUT_DEMOS]
    assert demo_errors == [
        "quizzes/a.yml:13:13: error: unknown demo result 'quadratic.metrics.lambda_mx': quadratic.metrics has no key "
        "'lambda_mx'; it has: lambda_max (hint: did you mean 'quadratic.metrics.lambda_max'?)",
        "quizzes/a.yml:14:25: error: unknown demo result 'lr_sweep.metrics.best.learning_rat': lr_sweep.metrics.best "
        "has no key 'learning_rat'; it has: learning_rate (hint: did you mean 'lr_sweep.metrics.best.learning_rate'?)",
        "quizzes/a.yml:19:25: error: demo result 'lr_sweep.metrics.learning_rates' is a list, not a finite number "
        "(hint: point 'from_demo' at a single number)",
        "quizzes/a.yml:26:16: error: demo result 'lr_sweep.metrics.epochs' (8) is not among the values of "
        "'lr_sweep.metrics.learning_rates' (0.0001, 0.01, 0.1, 1, 3)",
        "quizzes/a.yml:31:15: error: unknown demo result 'lr_swep.metrics.x': demos has no key 'lr_swep'; it has: "
        "lr_sweep, quadratic (hint: did you mean 'lr_sweep'?)",
    ]


def test_resolver_exceptions_of_any_kind_become_errors(project):
    project.write("a.yml", """
        id: a
        title: T
        topic: t
        questions:
          - {id: q, type: numeric, prompt: P, answer: {from_demo: x.y}, tolerance: 1}
    """)
    quizzes, _ = project.load()

    def broken(path):
        raise KeyError("results cache is corrupt")

    errors = ErrorCollector()
    check_quizzes(quizzes, {}, entry_ids=set(), topic_ids={"t"}, lesson_ids=set(), resolve_demo=broken, errors=errors)
    assert [e.format() for e in errors] == [
        "quizzes/a.yml:6:59: error: unknown demo result 'x.y': results cache is corrupt "
        "(hint: 'python -m generator demos show x' lists every path of that demo)"]


def test_valid_demo_questions_pass(project):
    project.write("ok.yml", """
        id: ok
        title: T
        topic: t
        questions:
          - id: q1
            type: single
            prompt: "Rates tried: {{ demos.lr_sweep.metrics.learning_rates }}. Which was best?"
            options_from_demo: {values: lr_sweep.metrics.learning_rates, correct: lr_sweep.metrics.best.learning_rate}
          - {id: q2, type: numeric, prompt: P, answer: {from_demo: quadratic.metrics.lambda_max}, tolerance: 1%}
    """)
    quizzes, _ = project.load()
    errors = ErrorCollector()
    check_quizzes(quizzes, {}, entry_ids=set(), topic_ids={"t"}, lesson_ids=set(), resolve_demo=resolve, errors=errors)
    assert list(errors) == []
