"""QuickParser finds the sections Material's own search parser finds, quirks included."""

from __future__ import annotations

import random
import re

from material.plugins.search.plugin import Parser

from generator import html_events
from generator.search_parser import QuickParser


def sections(parser_class, html: str, quick_feed: bool = False) -> list:
    parser = parser_class()
    if quick_feed:
        html_events.feed(parser, html)
    else:
        parser.feed(html)
        parser.close()
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


def assert_same(html: str) -> None:
    material = sections(Parser, html)
    assert sections(QuickParser, html) == material, repr(html)
    assert sections(QuickParser, html, quick_feed=True) == material, repr(html)


PIECES = ["<h1 id=\"t\">", "</h1>", "<h2 id=\"a\">", "<h2>", "</h2>", "<h3 id=\"b\" data-search-exclude>", "</h3>",
          "<p>", "</p>", "<div>", "</div>", "<div data-search-exclude>", "<section data-search-exclude=\"true\">",
          "</section>", "<pre>", "</pre>", "<code>", "</code>", "<ul>", "<li>", "</li>", "</ul>", "<sub>", "</sub>",
          "<a class=\"headerlink\" href=\"#a\">", "<a href=\"x\">", "</a>", "<span class=\"n\">", "</span>",
          "<div class=\"linenodiv\">", "<br>", "<hr/>", "<img alt=x>", "<script>", "var a;", "</script>",
          "<object>", "</object>", "text", "more words", " ", "\n", "  \n ", "a\nb", "&amp;", "&lt;b&gt;", "<!-- c -->",
          "<table>", "<td>", "</td>", "</table>"]


def test_random_markup_gives_the_same_sections():
    rng = random.Random(5)
    for _ in range(20_000):
        assert_same("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 16))))


def test_excluded_elements_and_their_quirks():
    assert_same('<div data-search-exclude><div>inner</div> after the inner div</div><p>kept</p>')
    assert_same('<h1 id="t">T <a class="headerlink" href="#t">¶</a></h1><p>one</p><div><h2 id="n">N</h2>'
                '<p>two</p></div><p>three</p>')
    assert_same('<p>before any heading</p><h2 id="x">X</h2><pre><code>a\n  b\n</code></pre><p> </p>')


def test_pages_of_the_built_site_give_the_same_sections(built_site):
    articles = [m.group(1) for page in sorted(built_site.rglob("*.html"))
                for m in [re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                                    page.read_text(encoding="utf-8"), re.S)] if m]
    assert len(articles) > 20
    for article in articles:
        assert_same(article)
