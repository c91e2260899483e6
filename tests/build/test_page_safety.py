"""generator/build/page_safety.py: attributes able to run a script, found in the HTML a page became."""

from __future__ import annotations

import pytest

from generator.build.page_safety import line_of, unsafe_attributes

UNSAFE = [
    ('<p onclick="alert(1)">text</p>', '<p onclick="alert(1)">'),
    ("<p/onclick=alert(1)>", "<p onclick=alert(1)>"),  # '/' separates attributes as a space does
    ('<a title="a>b" ONMOUSEOVER=\'x()\'>', "<a ONMOUSEOVER='x()'>"),  # a quoted '>' does not end the tag
    ('<a href="java&#115;cript:alert(1)">', '<a href="java&#115;cript:alert(1)">'),
    ('<a href=" JaVaScRiPt:alert(1)">', '<a href=" JaVaScRiPt:alert(1)">'),
    ('<img src="data:text/html;base64,PHNjcmlwdD4=">', '<img src="data:text/html;base64,PHNjcmlwdD4=">'),
    ('<form action="vbscript:msgbox">', '<form action="vbscript:msgbox">'),
    ('<img srcset="a.png 1x, javascript:x 2x">', '<img srcset="a.png 1x, javascript:x 2x">'),
]
SAFE = [
    '<p class="onboarding" data-on="1" title="onclick=x">text</p>',
    '<a href="https://example.org/javascript:">a page about it</a>',
    '<pre><code>&lt;p onclick="x"&gt;</code></pre>',
    '<script type="application/json">["<p onclick=x>"]</script>',
    '<a href="../questions/a/">relative</a> <img src="../assets/figures/x.svg" alt="">',
]


@pytest.mark.parametrize(("html", "shown"), UNSAFE)
def test_attributes_that_run_scripts_are_found(html, shown):
    assert [found.shown for found in unsafe_attributes(html)] == [shown]


@pytest.mark.parametrize("html", SAFE)
def test_plain_pages_pass(html):
    assert unsafe_attributes(html) == []


def test_line_of_finds_the_first_mention():
    assert line_of("a\nb\n{:onclick=x}\n", "ONCLICK") == 3
    assert line_of("nothing here", "onclick") is None


def test_each_finding_names_the_attribute_as_written():
    assert [found.name for found in unsafe_attributes('<a title="t" OnClick="x" href="javascript:y">')] == ["OnClick", "href"]
