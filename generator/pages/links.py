"""The lists of links on generated pages: breadcrumbs, tags, questions, questions with summaries.

Each list is a raw HTML block in the form :func:`generator.pages.html_blocks.html_block`
writes (one marked line, without its final line break: the template's own line
supplies it), with addresses already final (:func:`generator.addresses.html_href`),
so Python-Markdown and MkDocs pass it through untouched. The build's link check
(:mod:`generator.build.linkcheck`) checks these links.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.addresses import html_href
from generator.pages.escaping import html_text, long_date
from generator.pages.html_blocks import MARK

NOT_SEARCHED = 'data-search-exclude="true"'  # navigation and dates: a search result shows the page's text instead


class EntryLinks:
    """Link lists for the pages of one build."""

    def __init__(self, directory_urls: bool) -> None:
        self.directory_urls = directory_urls

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
        """A list of entries, each a link named by its question (``dated``: with its publication date); '' for none."""
        items = []
        for e in entries:
            date = f' <span class="kb-date">{long_date(e.published)}</span>' if dated else ""
            items.append(f'<li><a href="{self.entry_href(page, e.id)}">{html_text(e.question)}</a>{date}</li>')
        return f"{MARK}<ul> {' '.join(items)} </ul>" if items else ""

    def summaries(self, page: str, entries: list[Any]) -> str:
        """The questions of a taxonomy or home page, each with its date and summary ('' for none)."""
        if not entries:
            return ""
        items = " ".join(f'<li><strong><a href="{self.entry_href(page, e.id)}">{html_text(e.question)}</a></strong> '
                         f'<span class="kb-date">{long_date(e.published)}</span><br> {html_text(e.summary)}</li>'
                         for e in entries)
        return f"{MARK}<ul> {items} </ul>"
