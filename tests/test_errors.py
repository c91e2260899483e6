"""generator/errors.py: a report is one line per problem, whatever the file is called."""

from __future__ import annotations

from generator.errors import BuildFailed, ContentError


def test_control_characters_in_a_file_name_are_escaped():
    payloads = ["content/entries/a\nb.yml", "content/entries/\x1b[31mred\x1b[0m.yml", "content/x\u2028y.yml"]
    lines = [ContentError(path, 2, 3, "bad value", "fix it").format() for path in payloads]
    assert lines == [
        "content/entries/a\\x0ab.yml:2:3: error: bad value (hint: fix it)",
        "content/entries/\\x1b[31mred\\x1b[0m.yml:2:3: error: bad value (hint: fix it)",
        "content/x\\u2028y.yml:2:3: error: bad value (hint: fix it)",
    ]
    report = BuildFailed([ContentError(p, 1, 1, "m") for p in payloads]).report()
    assert len(report.splitlines()) == len(payloads) + 1


def test_a_message_quoting_a_name_stays_on_one_line():
    error = ContentError("quizzes/q.yml", 4, 1, "duplicate id, also used by content/a\rb.yml:3\x07")
    assert error.format() == "quizzes/q.yml:4:1: error: duplicate id, also used by content/a b.yml:3\\x07"
