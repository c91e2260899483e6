"""html_events gives a parser exactly the calls the standard library's tokenizer gives, or leaves the page to it."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

import pytest

from generator import html_events


class Recorder(HTMLParser):
    """Every call the standard tokenizer makes."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def handle_starttag(self, tag, attrs):
        self.calls.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.calls.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.calls.append(("end", tag))

    def handle_data(self, data):
        self.calls.append(("data", data))

    def handle_comment(self, data):
        self.calls.append(("comment", data))

    def handle_decl(self, decl):
        self.calls.append(("decl", decl))

    def handle_pi(self, data):
        self.calls.append(("pi", data))

    def unknown_decl(self, data):
        self.calls.append(("unknown", data))


def standard(html: str) -> list:
    parser = Recorder()
    parser.feed(html)
    parser.close()
    return parser.calls


def through_feed(html: str) -> list:
    parser = Recorder()
    html_events.feed(parser, html)
    return parser.calls


PIECES = ["<p>", "</p>", "<P>", "</P >", "<br>", "<br/>", "<br />", "<hr/ >", "<a href=\"x.html#y\">", "</a>",
          "<a href='q'>", "<a href=x>", "<a href=x/>", "<a href = \"x\" >", "<a href==x>", "<a b c=d>", "<a\x0bb>",
          "<img alt=\"a > b\" src=x.png>", "<span class=\"n\">", "</span>", "<div data-search-exclude>",
          "<div data-search-exclude=\"\">", "<h2 id=\"t\">", "</h2>", "<code>", "</code>", "<pre>", "</pre>",
          "<script>", "x < y", "</script>", "<style>p{}</style>", "<!-- c -->", "<!DOCTYPE html>", "<?pi?>",
          "<![CDATA[x]]>", "< p>", "<", ">", "&amp;", "&lt;", "&#39;", "&#x27;", "&copy", "&notanentity;", "& ",
          "text", " ", "\n", "\t", "\xa0", "é", "<a title=\"&quot;&amp;\">", "<a title='x\"y'>", "<x-y z:w=1>",
          "<a/b>", "<a b=\"c\"d=\"e\">", "</a b>", "</ a>", "</>", "<textarea>", "</textarea>", "<td colspan=2>"]


def test_every_piece_of_markup_reads_as_the_standard_parser_reads_it():
    rng = random.Random(11)
    quick = 0
    for _ in range(30_000):
        html = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))
        found = html_events.events(html)
        if found is not None:
            quick += 1
            assert found == standard(html), repr(html)
        assert through_feed(html) == standard(html), repr(html)
    assert 3_000 < quick < 27_000  # both ways are exercised


def test_pages_of_the_built_site_read_the_same(built_site):
    articles = [m.group(1) for page in sorted(built_site.rglob("*.html"))
                for m in [re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                                    page.read_text(encoding="utf-8"), re.S)] if m]
    quick = 0
    for article in articles:
        found = html_events.events(article)
        if found is not None:
            quick += 1
            assert found == standard(article)
    assert len(articles) > 20 and quick > len(articles) // 2  # most pages take the quick way


@pytest.mark.parametrize("html", ["<p>a</p><script>var x = '<p>';</script>", "<p>a<!-- b --></p>", "a < b",
                                  "<p onclick=x/>", "<a\x0bb>"])
def test_what_it_cannot_read_is_left_to_the_standard_parser(html):
    assert html_events.events(html) is None
    assert through_feed(html) == standard(html)
