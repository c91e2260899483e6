"""Marked HTML blocks convert to what Python-Markdown makes of the same HTML, without its HTML parsing."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from factory import REPO, entry_yaml, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.corpus import load_corpus
from generator.pages.bundle import SiteSettings
from generator.pages.html_blocks import MARK, NAME, html_block
from generator.pages.site import build_site

EXTENSIONS = [e if isinstance(e, str) else next(iter(e))
              for e in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]]


def convert(text: str, marked: bool) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS + ([NAME] if marked else []))


def squeeze(html: str) -> str:
    """Whitespace-insensitive form: the filter joins a block's lines with spaces."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_the_filter_writes_one_marked_line():
    assert html_block("\n<ul>\n<li>a\nb</li>\n\n<li>c</li>\n</ul>\n") == MARK + "<ul> <li>a b</li> <li>c</li> </ul>\n"


BLOCKS = [
    '<p class="kb-byline">By <span>Ada</span> · <time datetime="2024-01-02">2 January 2024</time></p>',
    '<ul>\n<li><a href="../b/">B &amp; c</a> <span class="kb-date">1 May</span></li>\n<li><a href="x">y</a></li>\n</ul>',
    '<p aria-label="Breadcrumbs" data-search-exclude="true"><a href="../../">Home</a> » <a href="../t/">T</a></p>',
]
CONTEXTS = [
    "# Title\n\n{block}\n## Next\n\nText *here*.\n",
    "Intro paragraph.\n\n{block}\n- a list\n- of two\n",
    '<section markdown="1" class="kb-answer">\n\nSome **answer**.\n\n{block}\n</section>\n\nAfter.\n',
    "!!! note \"N\"\n\n    Inside.\n\n{block}\nLast.\n",
]


@pytest.mark.parametrize("block", BLOCKS)
@pytest.mark.parametrize("context", CONTEXTS)
def test_a_marked_block_converts_like_the_raw_html(block, context):
    raw = convert(context.format(block=block + "\n"), marked=False)
    marked = convert(context.format(block=html_block(block)), marked=True)
    assert MARK not in marked
    assert squeeze(marked) == squeeze(raw)
    assert squeeze(block) in squeeze(marked)


def test_without_the_extension_a_marked_block_is_still_the_html_behind_a_comment():
    text = "Before.\n\n" + html_block(BLOCKS[1]) + "\nAfter.\n"
    plain = squeeze(convert(text, marked=False))
    assert plain.count(MARK) == 1
    assert plain.replace(MARK, "") == squeeze(convert(text, marked=True))


@pytest.mark.parametrize("text", [
    "```html\n" + MARK + "<b>shown as code</b>\n```\n",
    "Code:\n\n    " + MARK + "<b>shown as code</b>\n",
    "Inline `" + MARK + "<b>x</b>` code.\n",
])
def test_the_mark_inside_code_stays_code(text):
    assert squeeze(convert(text, marked=True)) == squeeze(convert(text, marked=False))
    assert "<b>" not in convert(text, marked=True)


def test_generated_pages_mark_only_id_free_single_line_blocks_between_blank_lines(tmp_path):
    entries = {"a.yml": entry_yaml("q-a", "First?", published="2024-01-01"),
               "b.yml": entry_yaml("q-b", "Second & <last>?", published="2024-01-02")}
    pages = dict(build_site(load_corpus(make_project(tmp_path, entries)), {}, SiteSettings(),
                            demos_enabled=False).pages)
    pages.update(build_site(load_corpus(REPO), {}, SiteSettings(), demos_enabled=False).pages)
    marked = 0
    for src, text in pages.items():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if MARK in line:
                marked += 1
                assert line.startswith(MARK), (src, line)
                assert lines[i - 1] == "" and lines[i + 1:i + 2] in ([], [""]), (src, line)
                assert not re.search(r"""\s(?:id|name)\s*=""", line, re.I), (src, line)
                assert "&lt;last&gt;" in line or "<last>" not in line
    assert marked > 3 * len([s for s in pages if s.startswith("questions/")])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab <>/=\"\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029\t\u00a0", max_size=30))
def test_a_block_is_its_lines_stripped_and_joined_by_spaces(html):
    """One line or several (any of the breaks str.splitlines knows), as the filter has always made them."""
    lines = [line.strip() for line in html.strip().splitlines()]
    assert html_block(html) == MARK + " ".join(line for line in lines if line) + "\n"
