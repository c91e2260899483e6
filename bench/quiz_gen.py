"""Synthetic quiz files in the structure of quizzes/learning-rate-basics.yml.

One quiz per chosen topic, eight questions covering every question type
(single, multiple, true-false, numeric, ordering, text), each pointing at an
entry of that topic. Question ids are prefixed by the quiz number so they are
unique across the whole bank, as the quiz checks require.
"""

from __future__ import annotations

import random

from text_gen import phrase, sentence


def _q(s: str) -> str:
    return '"' + s.replace('"', "'") + '"'


def _entry_line(rng: random.Random, entries: list[str]) -> list[str]:
    return [f"    entry: {rng.choice(entries)}"] if entries else []


def _choice(rng: random.Random, qid: str, kind: str, entries: list[str]) -> list[str]:
    out = [f"  - id: {qid}", f"    type: {kind}", f"    prompt: {_q(sentence(rng).rstrip('.') + '?')}", "    options:"]
    right = {0} if kind == "single" else {0, 2}
    for k in range(4):
        out.append(f"      - text: {_q(phrase(rng, 5).capitalize())}")
        if k in right:
            out.append("        correct: true")
        out.append(f"        feedback: {_q(sentence(rng))}")
    if kind == "multiple":
        out.append(f"    hint: {_q(sentence(rng))}")
    out += ["    explanation: >-", f"      {sentence(rng)}", f"      {sentence(rng)}"]
    return out + _entry_line(rng, entries)


def _true_false(rng: random.Random, qid: str, entries: list[str]) -> list[str]:
    return [f"  - id: {qid}", "    type: true-false", f"    prompt: {_q(sentence(rng))}",
            f"    answer: {rng.choice(('true', 'false'))}", "    feedback:",
            f"      correct: {_q(sentence(rng))}", f"      incorrect: {_q(sentence(rng))}",
            "    explanation: >-", f"      {sentence(rng)}"] + _entry_line(rng, entries)


def _numeric(rng: random.Random, qid: str, entries: list[str]) -> list[str]:
    curvature = rng.choice((2, 4, 5, 10, 20))
    return [f"  - id: {qid}", "    type: numeric",
            f"    prompt: {_q(f'Gradient descent runs on a quadratic loss with curvature {curvature}. Above which learning rate does it diverge?')}",
            f"    answer: {2 / curvature}", "    tolerance: 0.001",
            "    hint: One step multiplies the error by `1 - lr * curvature`.", "    feedback:",
            f"      correct: {_q(f'Correct, 2 / {curvature}.')}", f"      incorrect: {_q(sentence(rng))}",
            "    explanation: >-", f"      {sentence(rng)}"] + _entry_line(rng, entries)


def _ordering(rng: random.Random, qid: str, entries: list[str]) -> list[str]:
    items = [f"Stage {k + 1}: {phrase(rng, 4)}" for k in range(4)]
    return ([f"  - id: {qid}", "    type: ordering", f"    prompt: {_q('Put these in order of increasing learning rate.')}",
             "    items:"] + [f"      - {_q(i)}" for i in items]
            + [f"    hint: {_q(sentence(rng))}", "    explanation: >-", f"      {sentence(rng)}"] + _entry_line(rng, entries))


def _text(rng: random.Random, qid: str, entries: list[str]) -> list[str]:
    return [f"  - id: {qid}", "    type: text", f"    prompt: {_q('Which matrix of second derivatives sets the ceiling on the step size?')}",
            "    answers: [Hessian, the Hessian, Hessian matrix]", "    feedback:",
            f"      correct: {_q(sentence(rng))}", f"      incorrect: {_q(sentence(rng))}",
            "    explanation: >-", f"      {sentence(rng)}"] + _entry_line(rng, entries)


def quiz_yaml(rng: random.Random, number: int, topic: str, entries: list[str]) -> str:
    """The YAML text of quiz ``number`` about ``topic``, referring to some of ``entries``."""
    lines = ["# yaml-language-server: $schema=../schemas/quiz.schema.json", f"id: quiz-{number:03d}",
             f"title: {_q(f'Quiz {number}: ' + phrase(rng, 3))}", f"topic: {topic}", "description: >-",
             f"  {sentence(rng)}", f"  {sentence(rng)}", "questions:"]
    makers = [lambda i: _choice(rng, i, "single", entries), lambda i: _true_false(rng, i, entries),
              lambda i: _choice(rng, i, "multiple", entries), lambda i: _numeric(rng, i, entries),
              lambda i: _ordering(rng, i, entries), lambda i: _text(rng, i, entries),
              lambda i: _choice(rng, i, "single", entries), lambda i: _true_false(rng, i, entries)]
    for k, make in enumerate(makers, 1):
        lines += make(f"q{number:03d}-{k}")
        lines.append("")
    return "\n".join(lines)
