"""The lists of links on generated pages, each made once per build where pages share it.

Every entry page sits in ``questions/``, so a link from one of them to another
page is the same string on all of them (a page never links itself here). Most
pages of a topic also show the same breadcrumbs and the same newest questions.
Written by the page template's loops, these lists were two thirds of its time
(~80 µs of ~120 µs per page at 1,000 entries); :class:`EntryLinks` makes each
link, and each whole list, once per build and hands the same string to every
page that shows it.

The lists of questions with their summaries on taxonomy pages and the home page
(:meth:`EntryLinks.summaries`) are made in Python too, not by a template loop:
~8 instead of ~10 µs per question, most of which is escaping its text.

Each list is a raw HTML block in the form :func:`generator.pages.html_blocks.html_block`
writes, without its final line break (the template's own line supplies it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.pages.html_blocks import MARK
from generator.pages.templating import html_href, html_text, long_date


class EntryLinks:
    """Link lists for the entry pages of one build.

    ``exclude`` is the attribute that keeps a list out of the search index (or ''), as on the page.
    :meth:`href`, :meth:`breadcrumbs`, :meth:`tags` and :meth:`questions` share what they make between
    the pages of a folder, which is right for entry pages (all in ``questions/``, none an index);
    :meth:`entry_href` and :meth:`summaries` serve any page.
    """

    def __init__(self, directory_urls: bool, exclude: str) -> None:
        self.directory_urls, self.exclude = directory_urls, exclude
        self._hrefs: dict[tuple[str, str], str] = {}
        self._lists: dict[tuple, str] = {}
        self._items: dict[tuple, dict[str, str]] = {}  # (folder, dated) -> entry id -> its item in a list of questions
        self._tag_links: dict[tuple[str, str], str] = {}  # (folder, tag) -> its link
        self._shared: dict[tuple, tuple] = {}  # (id of a list, folder, dated) -> (the list, its markup)
        self._summaries: dict[str, str] = {}  # entry id -> its item on taxonomy pages, after the address
        self._around: dict[str, tuple[str, str]] = {}  # page (or 'questions') -> what comes around an entry's id

    def href(self, page: str, target: str) -> str:
        """What ``html_href(page, target)`` gives, computed once per folder of ``page`` and target."""
        if target == page:  # (the one link that differs between pages of a folder; never asked for)
            return html_href(page, target, self.directory_urls)
        key = (page.rpartition("/")[0], target)
        found = self._hrefs.get(key)
        if found is None:
            found = self._hrefs[key] = html_href(page, target, self.directory_urls)
        return found

    def entry_href(self, page: str, entry_id: str) -> str:
        """What ``html_href(page, f"questions/{entry_id}.md")`` gives, ~0.3 instead of ~3 µs per link.

        The link is the id between a prefix and a suffix that depend on the page alone (a page's path
        shares no folder with an entry's, past ``questions/``), found once per page, and once for all
        the entry pages in ``questions/``: each of them is one folder down from the others. Computed in
        full are the few links that do not take that form: to an entry named 'index' (its page is its
        folder's index), from a page to itself, and from any other page under ``questions/``."""
        folder, _, name = page.rpartition("/")
        if folder == "questions" and name != "index.md":
            key = folder
            if name == f"{entry_id}.md":
                return html_href(page, page, self.directory_urls)
        elif page.startswith("questions/"):
            return html_href(page, f"questions/{entry_id}.md", self.directory_urls)
        else:
            key = page
        if entry_id == "index":
            return html_href(page, "questions/index.md", self.directory_urls)
        around = self._around.get(key)
        if around is None:  # ('-' stands for the id: a prefix is made of '..' and 'questions' only)
            before, _, after = html_href(page, "questions/-.md", self.directory_urls).rpartition("-")
            around = self._around[key] = (before, after)
        return f"{around[0]}{entry_id}{around[1]}"

    def breadcrumbs(self, page: str, topic_id: str, trail: list[tuple[str, str]]) -> str:
        """Home » field / programme / lesson / topic; ``trail`` is the (label, page) of each level."""
        key = ("crumbs", page.rpartition("/")[0], topic_id)
        found = self._lists.get(key)
        if found is None:
            crumbs = " / ".join(f'<a href="{self.href(page, target)}">{html_text(label)}</a>' for label, target in trail)
            found = self._lists[key] = (f'{MARK}<p aria-label="Breadcrumbs" class="kb-breadcrumbs"{self.exclude}>'
                                        f'<a href="{self.href(page, "index.md")}">Home</a> » {crumbs}</p>')
        return found

    def tags(self, page: str, tags: Iterable[str]) -> str:
        """The tags, each a link to its tag page."""
        tags = tuple(tags)
        folder = page.rpartition("/")[0]
        key = ("tags", folder, tags)
        found = self._lists.get(key)
        if found is None:  # (most entries have a set of tags of their own; each tag's link is made once)
            memo = self._tag_links
            links = " ".join([memo.get((folder, tag)) or self._tag(page, folder, tag) for tag in tags])
            found = self._lists[key] = f'{MARK}<p class="kb-tags">{links}</p>'
        return found

    def _tag(self, page: str, folder: str, tag: str) -> str:
        found = self._tag_links[(folder, tag)] = (
            f'<a class="kb-tag" href="{self.href(page, f"tags/{tag}.md")}">{html_text(tag)}</a>')
        return found

    def questions(self, page: str, entries: list[Any], dated: bool = False) -> str:
        """A list of entries, each a link named by its question (``dated``: with its publication date).

        Most pages of a topic show the same list object (its newest questions, see ``SiteBuilder._shown``):
        its markup is made once and recognised by identity; other lists are joined from the memoized links."""
        folder = page.rpartition("/")[0]
        key = (id(entries), folder, dated)
        shared = self._shared.get(key)
        if shared is not None and shared[0] is entries:
            return shared[1]
        memo = self._items.get((folder, dated))
        if memo is None:
            memo = self._items[(folder, dated)] = {}
        items = " ".join([memo.get(e.id) or self._item(page, memo, e, dated) for e in entries])
        found = f"{MARK}<ul> {items} </ul>"
        self._shared[key] = (entries, found)  # (the list is kept, so its id stays its own)
        return found

    def summaries(self, page: str, entries: list[Any]) -> str:
        """The questions of a taxonomy or home page, each with its date and summary ('' for none)."""
        if not entries:
            return ""
        items = " ".join(f'<li><strong><a href="{self.entry_href(page, e.id)}">{self._summary(e)}' for e in entries)
        return f"{MARK}<ul> {items} </ul>"

    def _summary(self, entry: Any) -> str:
        """An entry's item in :meth:`summaries` after its link's address, the same on every page (~4 pages
        show it: its topic's, lesson's, programme's and field's, and maybe the home page)."""
        found = self._summaries.get(entry.id)
        if found is None:
            found = self._summaries[entry.id] = (
                f'{html_text(entry.question)}</a></strong> <span class="kb-date">{long_date(entry.published)}</span>'
                f'<br> {html_text(entry.summary)}</li>')
        return found

    def _item(self, page: str, memo: dict[str, str], entry: Any, dated: bool) -> str:
        link = f'<li><a href="{self.entry_href(page, entry.id)}">{html_text(entry.question)}</a>'
        date = f' <span class="kb-date">{long_date(entry.published)}</span>' if dated else ""
        found = memo[entry.id] = f"{link}{date}</li>"
        return found
