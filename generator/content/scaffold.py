"""``new``: scaffold an entry or a quiz that passes ``check`` as it is.

Values come from flags, or from prompts when a flag is missing and the
terminal is interactive. The id is derived from the question (or title) and
made unique; the topic is checked against the taxonomy with a did-you-mean.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from generator.content.corpus import TAXONOMY_FILE, load_corpus
from generator.errors import BuildFailed, ContentError, did_you_mean

SCAFFOLD_MARK = "Replace this"  # check notes files that still carry scaffold text


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:60].rstrip("-") or "entry"


def _ask(value: str | None, prompt: str, interactive: bool, choices: list[str] | None = None) -> str | None:
    if value or not interactive:
        return value
    if choices:
        print("\n".join(f"  {c}" for c in choices), file=sys.stderr)
    try:
        answer = input(f"{prompt}: ").strip()
    except EOFError:  # Ctrl-D: as if nothing was typed
        return None
    return answer or None


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def entry_text(entry_id: str, question: str, author: str, topic: str, today: dt.date) -> str:
    return f"""# yaml-language-server: $schema=../../../schemas/entry.schema.json
id: {entry_id}
question: {_yaml_str(question)}
author: {_yaml_str(author)}
published: {today.isoformat()}
topic: {topic}
tags: [learning-rate]
summary: >-
  {SCAFFOLD_MARK} with a one-paragraph answer that stands on its own in lists and search results.
answer: |
  {SCAFFOLD_MARK} with the full answer in Markdown: paragraphs, `### headings`, lists and code blocks.

  Numbers from the demos can be embedded, for example the best learning rate of the sweep,
  {{{{ demos.lr_sweep.best.learning_rate }}}}; see "How to write an entry" on the site.
related: []
references: []
"""


def quiz_text(quiz_id: str, title: str, topic: str, entry_id: str | None) -> str:
    link = f"\n    entry: {entry_id}" if entry_id else ""
    return f"""# yaml-language-server: $schema=../schemas/quiz.schema.json
id: {quiz_id}
title: {_yaml_str(title)}
topic: {topic}
questions:
  - id: {quiz_id}-q1
    type: single
    prompt: {SCAFFOLD_MARK} with the question.
    options:
      - text: The right answer
        correct: true
        feedback: Say why it is right.
      - text: A tempting wrong answer
        feedback: Say why it is wrong.
    explanation: {SCAFFOLD_MARK} with what the reader should take away.{link}
"""


def new_main(args, root: Path) -> int:
    interactive = sys.stdin.isatty() and not args.yes
    try:
        corpus = load_corpus(root)
    except BuildFailed as failure:
        print(failure.report(), file=sys.stderr)
        print("error: fix these problems before adding new content", file=sys.stderr)
        return 1
    topics = sorted(corpus.places)
    topic = _ask(args.topic, "Topic id", interactive, topics)
    while interactive and topic is not None and topic not in corpus.places:  # a typo at the prompt: ask again
        suggestion = did_you_mean(topic, topics)
        print(f"unknown topic '{topic}'" + (f" ({suggestion})" if suggestion else ""), file=sys.stderr)
        topic = _ask(None, "Topic id", interactive)
    if topic is None:
        print("error: missing --topic (hint: pass --topic ID, one of the topics of content/taxonomy.yml: "
              f"{', '.join(topics)})", file=sys.stderr)
        return 1
    if topic not in corpus.places:
        hint = did_you_mean(topic, topics) or f"topics: {', '.join(topics)}"
        print(ContentError(TAXONOMY_FILE, None, None, f"unknown topic '{topic}'", hint).format(), file=sys.stderr)
        return 1
    place = corpus.places[topic]
    if args.kind == "quiz":
        return _new_quiz(args, root, corpus, topic, interactive)
    question = _ask(args.question, "Question", interactive)
    author = _ask(args.author, "Author", interactive)
    missing = [name for name, v in (("--question", question), ("--author", author)) if not v]
    if missing:
        print(f"error: missing {' and '.join(missing)} (hint: pass them as flags, or run in a terminal to be asked)",
              file=sys.stderr)
        return 1
    taken = {e.entry.id for e in corpus.entries}
    entry_id = _unique(args.new_id or slugify(question), taken)
    path = root / "content" / "entries" / place.programme.id / f"{entry_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(entry_text(entry_id, question, author, topic, dt.date.today()), encoding="utf-8")
    print(f"created {path.relative_to(root)}  (edit it, then run 'python -m generator check')")
    return 0


def _new_quiz(args, root: Path, corpus, topic: str, interactive: bool) -> int:
    title = _ask(args.title, "Quiz title", interactive) or f"Quiz: {corpus.places[topic].topic.title}"
    name = re.sub(r"^quiz\W+", "", title, flags=re.IGNORECASE) or title  # 'Quiz: Schedules' -> schedules
    quiz_id = _unique(args.new_id or slugify(name), {p.stem for p in (root / "quizzes").glob("*.yml")})
    entries = corpus.entries_in_topic(topic)
    path = root / "quizzes" / f"{quiz_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(quiz_text(quiz_id, title, topic, entries[0].id if entries else None), encoding="utf-8")
    print(f"created {path.relative_to(root)}  (edit it, then run 'python -m generator check')")
    return 0
