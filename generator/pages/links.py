"""Addresses between generated pages, and the lists of links they show: breadcrumbs, tags, questions.

Each list is a raw HTML block in the form :func:`generator.pages.html_blocks.html_block`
writes (one marked line, without its final line break: the template's own line
supplies it), with addresses already final (:func:`html_href`),
so Python-Markdown and MkDocs pass it through untouched. The build's link check
(:mod:`generator.build.linkcheck`) checks these links.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from generator.pages.escaping import html_text, long_date
from generator.pages.html_blocks import MARK

NOT_SEARCHED = 'data-search-exclude="true"'  # navigation and dates: a search result shows the page's text instead


@lru_cache(maxsize=1 << 16)  # every page's folder and every target, split once per build
def _parts(path: str) -> tuple[str, ...] | None:
    """A site path's parts; None if one is '.' or '..' (posixpath.relpath then decides)."""
    parts = tuple(p for p in path.split("/") if p)
    return None if "." in parts or ".." in parts else parts


def relpath(target: str, base: str) -> str:
    """posixpath.relpath(target, base) for relative site paths, without its getcwd and normalising
    (a build makes ~20 links per entry page)."""
    a, b = _parts(base), _parts(target)
    if a is None or b is None:
        return posixpath.relpath(target or ".", base or ".")
    common, shared = 0, min(len(a), len(b))
    while common < shared and a[common] == b[common]:
        common += 1
    return "/".join((*[".."] * (len(a) - common), *b[common:])) or "."


def relative(page_src: str, target_src: str) -> str:
    """Markdown link from one generated page (by source path) to another source path (MkDocs rewrites it)."""
    return relpath(target_src, posixpath.dirname(page_src))


def page_url(src: str, directory_urls: bool = True) -> str:
    """Site URL of a page source path, as MkDocs gives it.

    Directory style: 'index.md' -> '', 'a/index.md' -> 'a/', 'a/b.md' -> 'a/b/'. File style: 'a/b.md' -> 'a/b.html'.
    """
    if not directory_urls:
        return src[:-3] + ".html"
    if src == "index.md":
        return ""
    return src[: -len("index.md")] if src.endswith("/index.md") else src[:-3] + "/"


def html_href(page_src: str, target_src: str, directory_urls: bool = True) -> str:
    """Link for raw HTML, which MkDocs does not rewrite: relative to the page's final URL.

    Generated pages write their lists of links as HTML (Python-Markdown's inline processing of
    ~20 links is a fifth of an entry page's conversion), so they need the URL MkDocs would make.
    """
    path, _, anchor = target_src.partition("#")
    page = page_url(page_src, directory_urls)
    base = page if directory_urls else posixpath.dirname(page)
    target = page_url(path, directory_urls) if path.endswith(".md") else path
    rel = relpath(target, base)
    if rel == ".":
        rel = "./"
    elif directory_urls and path.endswith(".md"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


class EntryLinks:
    """Link lists for the pages of one build; ``exclude`` is the attribute that keeps a list out of the
    search index (or '')."""

    def __init__(self, directory_urls: bool, exclude: str) -> None:
        self.directory_urls, self.exclude = directory_urls, exclude

    def href(self, page: str, target: str) -> str:
        return html_href(page, target, self.directory_urls)

    def entry_href(self, page: str, entry_id: str) -> str:
        return html_href(page, f"questions/{entry_id}.md", self.directory_urls)

    def breadcrumbs(self, page: str, trail: list[tuple[str, str]]) -> str:
        """Home » field / programme / lesson / topic; ``trail`` is the (label, page) of each level."""
        crumbs = " / ".join(f'<a href="{self.href(page, target)}">{html_text(label)}</a>' for label, target in trail)
        return (f'{MARK}<nav aria-label="Breadcrumb" class="kb-breadcrumbs" {NOT_SEARCHED}>'
                f'<a href="{self.href(page, "index.md")}">Home</a> » {crumbs}</nav>')

    def tags(self, page: str, tags: Iterable[str]) -> str:
        """The tags, each a link to its tag page."""
        links = " ".join(f'<a class="kb-tag" href="{self.href(page, f"tags/{tag}.md")}">{html_text(tag)}</a>'
                         for tag in tags)
        return f'{MARK}<p class="kb-tags">{links}</p>'

    def questions(self, page: str, entries: list[Any], dated: bool = False) -> str:
        """A list of entries, each a link named by its question (``dated``: with its publication date)."""
        items = []
        for e in entries:
            date = f' <span class="kb-date">{long_date(e.published)}</span>' if dated else ""
            items.append(f'<li><a href="{self.entry_href(page, e.id)}">{html_text(e.question)}</a>{date}</li>')
        return f"{MARK}<ul> {' '.join(items)} </ul>"

    def summaries(self, page: str, entries: list[Any]) -> str:
        """The questions of a taxonomy or home page, each with its date and summary ('' for none)."""
        if not entries:
            return ""
        items = " ".join(f'<li><strong><a href="{self.entry_href(page, e.id)}">{html_text(e.question)}</a></strong> '
                         f'<span class="kb-date">{long_date(e.published)}</span><br> {html_text(e.summary)}</li>'
                         for e in entries)
        return f"{MARK}<ul> {items} </ul>"

    def titles(self, page: str, entries: list[Any]) -> str:
        """Just the questions, as links: the lists of the page of all questions."""
        items = " ".join(f'<li><a href="{self.entry_href(page, e.id)}">{html_text(e.question)}</a></li>' for e in entries)
        return f"{MARK}<ul> {items} </ul>" if entries else ""
