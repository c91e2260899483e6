"""Entry pages' link lists: the same links as computed page by page, the same markup as the html_block filter."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import jinja2
import pytest

from generator.addresses import html_href
from generator.pages.escaping import html_text, long_date
from generator.pages.html_blocks import MARK, html_block
from generator.pages.links import EntryLinks

TARGETS = ["index.md", "ai/index.md", "ai/dl/tf/cnn/index.md", "tags/adam.md", "questions/b.md",
           "questions/a.md", "quizzes/learning-rate.md", "questions/c.md#answer"]
PAGES = ["questions/a.md", "questions/b.md", "questions/zz-last.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_each_link_is_what_html_href_gives_on_every_page(directory_urls):
    links = EntryLinks(directory_urls)
    for page in PAGES:  # the first page's answers are reused by the others, except a page's own link
        for target in TARGETS:
            assert links.href(page, target) == html_href(page, target, directory_urls), (page, target)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_entry_links_from_any_page_are_what_html_href_gives(directory_urls):
    """An entry's link is a per-page (or, for entry pages, per-folder) prefix, the id and a suffix; the links
    that take another form (to 'index', to the page itself, from other pages under questions/) are exact too."""
    pages = ["questions/a.md", "questions/b.md", "questions/index.md", "questions/lr-1.md", "index.md", "tags/index.md",
             "tags/adam.md", "ai/index.md", "ai/dl/tf/cnn/index.md", "quizzes/review.md", "quizzes/lr.md",
             "questions/b/index.md", "questions/b/c.md", "questionsx/index.md", "questions.md"]
    ids = ["a", "b", "c", "index", "tf", "cnn", "ai", "questions", "lr-1", "quizzes", "b-2"]
    links = EntryLinks(directory_urls)
    for _ in range(2):  # computed, then from the memo
        for page in pages:
            for eid in ids:
                assert links.entry_href(page, eid) == html_href(page, f"questions/{eid}.md", directory_urls), (page, eid)


def entry(eid: str, question: str, day: int) -> SimpleNamespace:
    return SimpleNamespace(id=eid, question=question, published=dt.date(2024, 3, day))


def test_lists_are_the_blocks_the_filter_writes():
    links = EntryLinks(True)
    shown = [entry("b", "Why <warm up>\n the rate?", 2), entry("c", "What & why?", 9)]
    made = links.questions("questions/a.md", shown, dated=True)
    expected = html_block('<ul>\n<li><a href="../b/">Why &lt;warm up&gt; the rate?</a> <span class="kb-date">2 March 2024</span></li>\n'
                          '<li><a href="../c/">What &amp; why?</a> <span class="kb-date">9 March 2024</span></li>\n</ul>')
    assert made + "\n" == expected
    assert links.questions("questions/z.md", shown, dated=True) == made  # the same on every entry page
    assert links.questions("questions/z.md", shown) == (
        MARK + '<ul> <li><a href="../b/">Why &lt;warm up&gt; the rate?</a></li> <li><a href="../c/">What &amp; why?</a></li> </ul>')
    assert links.tags("questions/a.md", ["adam", "sgd"]) == (
        MARK + '<p class="kb-tags"><a class="kb-tag" href="../../tags/adam/">adam</a> '
        '<a class="kb-tag" href="../../tags/sgd/">sgd</a></p>')
    crumbs = links.breadcrumbs("questions/a.md", [("AI", "ai/index.md"), ("EITC/AI/TFF TF", "ai/tf/index.md")])
    assert crumbs == (MARK + '<nav aria-label="Breadcrumb" class="kb-breadcrumbs" data-search-exclude="true">'
                      '<a href="../../">Home</a> » <a href="../../ai/">AI</a> / <a href="../../ai/tf/">EITC/AI/TFF TF</a></nav>')


@pytest.mark.parametrize("directory_urls", [True, False])
def test_summaries_are_what_a_template_loop_writes(directory_urls):
    """The questions of a taxonomy page: the markup the former template loop wrote through html_block."""
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    env.filters["h"] = html_text
    loop = env.from_string(
        '<ul>\n{% for e in entries %}\n<li><strong><a href="{{ url(e.id) }}">{{ e.question|h }}</a></strong> '
        '<span class="kb-date">{{ e.date }}</span><br>\n{{ e.summary|h }}</li>\n{% endfor %}\n</ul>\n')
    shown = [SimpleNamespace(**vars(entry("b", "Why <warm up>\n the rate?", 2)), summary="Short & <sweet>\n  text."),
             SimpleNamespace(**vars(entry("c", "What?", 9)), summary="")]
    page = "field/prog/lesson/index.md"
    links = EntryLinks(directory_urls)
    expected = html_block(loop.render(entries=[SimpleNamespace(**vars(e), date=long_date(e.published)) for e in shown],
                                      url=lambda eid: html_href(page, f"questions/{eid}.md", directory_urls)))
    assert links.summaries(page, shown) + "\n" == expected
    assert links.summaries(page, []) == ""
