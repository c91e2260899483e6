"""The answer policy: the quick pre-checks in ``scan`` never hide a violation the full scan finds."""

from __future__ import annotations

import random

import pytest

from generator.content import policy

# Pieces that make tags, links, attribute lists, code and disguised schemes, and plain prose.
PIECES = ["<", ">", "</", "<b>", "<script>", "<!--", "<img src=", " onclick=", "onload =", "=", "\"", "'",
          "](", "[x]", "]: ", "\n[ref]: ", "(", ")", "{", "}", "{: .cls }", "{{ demos.a.b }}", "`", "``", "```\n",
          "\n~~~\n", "javascript:", "JavaScript:", "java\x01script:", "da\x02ta:", "vbscript:", "data:", "file:",
          "&#58;", "&colon;", "&#x6a;avascript:", "javascript&#58;", "data&colon;", "java&#x09;script:",
          "http://x.org", "mailto:a@b", ":", "&", " ", "\n", "text", "on", "alert(1)", "\t", "\x0b", "<https:",
          "<javascript:", "\\"]


def random_answers(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))) for _ in range(count)]


@pytest.mark.parametrize("allow_raw_html", [False, True])
def test_quick_scan_finds_what_the_full_scan_finds(allow_raw_html):
    answers = random_answers(7, 20_000)
    flagged = 0
    for text in answers:
        full = policy._violations(policy._code_free(text), allow_raw_html)
        assert policy.scan(text, allow_raw_html) == full, repr(text)
        flagged += bool(full)
    assert 2_000 < flagged < 18_000  # the random answers exercise both outcomes


@pytest.mark.parametrize("text", [
    "Plain prose about the learning rate: 0.01 is a common start.",
    "A `<b>` tag in code and ```\n<script>\n``` in a fence.",
    "Links [ok](https://example.org) and [rel](../other.md).",
    "An attribute list {: .note } and a template {{ demos.sweep.best }}.",
])
def test_clean_answers_pass(text):
    assert policy.scan(text) == []


@pytest.mark.parametrize("text, found", [
    ("<div>", "raw HTML '<div>'"),
    ("[x](JavaScript:alert(1))", "link address 'JavaScript:alert(1'"),
    ("[x](java&#x09;script:alert(1))", "link address 'java&#x09;script:alert(1'"),
    ("[x](data\x01:text)", "link address 'data\x01:text'"),
    ("[r]: file:///etc/passwd", "link address 'file:///etc/passwd'"),
    ("<vbscript:x>", "'<vbscript:x>'"),
    ("{: onclick=alert(1) }", "attribute list"),
    ("{: title=&#106;avascript:x }", "attribute list"),
])
def test_disguised_violations_are_found(text, found):
    assert found in policy.scan(text)[0].message


def test_blanked_code_keeps_offsets():
    text = "a `x\ny` b\n```\ncode <b>\n```\n<i>"
    plain = policy._code_free(text)
    assert len(plain) == len(text) and plain.count("\n") == text.count("\n")
    assert [v.offset for v in policy.scan(text)] == [text.index("<i>")]
