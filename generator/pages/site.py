"""The page set of a site: home, taxonomy indexes, entries, tags, and the navigation.

``build_site`` turns a validated :class:`Corpus` plus demo results into a
:class:`SiteBundle` of Markdown pages and asset bytes keyed by their path in the
site. It knows nothing of MkDocs: the plugin adds the bundle as generated
files, and ``export`` writes it to a folder. The navigation lists only the
taxonomy (entries are reached through topic pages and search), so every page's
HTML stays the same size however many entries there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.addresses import html_href, relative
from generator.content.corpus import Corpus, LoadedEntry, Place, newest_first
from generator.content.entry_models import Entry
from generator.demos.lookup import figure_asset
from generator.errors import BuildFailed, ContentError
from generator.pages import explorer_page
from generator.pages.bundle import SiteBundle, SiteSettings, entry_src, front_matter, path_problems, qa_jsonld, taxon_srcs
from generator.pages.escaping import html_text
from generator.pages.links import EntryLinks
from generator.pages.search_scope import exclude_headings, full_answers
from generator.pages.templating import TEMPLATE_DIR, AnswerRenderer, page_env
from generator.quizzes.quiz_models import field_of

ASSET_DIR = Path(__file__).parent / "assets"
OWN_ASSETS = {"assets/kb.css": ASSET_DIR / "kb.css"}
RECENT_LIMIT = 10
INDEX_NEWEST = 20  # questions listed on field, programme and lesson pages (their topics list all)


@dataclass(frozen=True)
class _Built:
    """What this process built last: the live preview's next build reuses what did not change."""

    listed: Any = None  # every input of the pages but an entry's own text (see SiteBuilder._listed)
    listings: dict[str, str] = field(default_factory=dict)  # the pages that list entries: taxonomy, tags, home...
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # entry file -> (its text, its page)


_LAST = _Built()


def _crumb(node: Any) -> str:
    code = field_of(node, "code")
    return f"{code} {node.title}" if code else node.title


class SiteBuilder:
    """Renders every page of one corpus; collects all errors before failing."""

    def __init__(self, corpus: Corpus, results: dict[str, Any] | None, settings: SiteSettings,
                 demos_enabled: bool = True, extras: Any = None):
        self.corpus, self.settings = corpus, settings
        self.results = results or {}
        self.env = page_env()
        self.answers = AnswerRenderer(self.results, demos_enabled, settings.allow_raw_html, settings.directory_urls)
        self.extras = extras  # optional page contributor (quizzes): see quizzes integration
        self.errors: list[ContentError] = []
        self.bundle = SiteBundle()
        self.by_id = corpus.by_id()
        self.by_topic = corpus.by_topic()
        self.full_answers = full_answers(settings.search_full_answers, len(corpus.entries))
        self.links = EntryLinks(settings.directory_urls)

    # -- helpers -----------------------------------------------------------------
    def _render(self, template: str, page_src: str, **ctx: Any) -> None:
        self.bundle.add_page(page_src, self._render_text(template, page_src, **ctx))

    def _render_text(self, template: str, page_src: str, **ctx: Any) -> str:
        return self.env.get_template(template).render(
            href=lambda target: relative(page_src, target),  # for Markdown links
            url=lambda target: html_href(page_src, target, self.settings.directory_urls), **ctx)  # for raw HTML

    def _count(self, node: Any, level: str) -> int:
        places = self.corpus.places.values()
        return sum(len(self.by_topic.get(p.topic.id, ())) for p in places if getattr(p, level).id == node.id)

    # -- pages ---------------------------------------------------------------------
    def build(self) -> SiteBundle:
        """Every page. With the same inputs but the entries' own texts as this process's last build (the
        live preview after an edit), the listing pages are that build's and only the edited entries'
        pages are made again."""
        global _LAST
        self.errors += path_problems(self.corpus)
        if self.errors:
            raise BuildFailed(self.errors)
        listed = self._listed()
        last = _LAST if listed == _LAST.listed else _Built()
        entries = self._entry_pages(last.entries)
        made = set(self.bundle.pages)
        if last.listings:
            for src, markdown in last.listings.items():
                self.bundle.add_page(src, markdown)
        else:
            self._taxonomy_pages()
            self._tag_pages()
            self._questions_page()
            self._home_page()
        listings = {src: md for src, md in self.bundle.pages.items() if src not in made}
        self._assets()
        self.bundle.nav = self._nav()
        newest = max((e.entry.updated or e.entry.published for e in self.corpus.entries), default=None)
        if newest is not None:
            self.bundle.source_date_epoch = int(dt.datetime(newest.year, newest.month, newest.day,
                                                            tzinfo=dt.UTC).timestamp())
        if self.errors:
            raise BuildFailed(self.errors)
        _LAST = _Built(listed, listings, entries)
        return self.bundle

    def _listed(self) -> tuple:
        """Every input of the site's pages except each entry's own text: the settings, the demo results,
        the templates, the taxonomy, the quizzes, and what the lists show of each entry."""
        templates = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(TEMPLATE_DIR.iterdir()))
        runs = tuple(sorted((name, getattr(result, "key", None), (getattr(result, "provenance", None) or {}).get("date_utc"))
                            for name, result in self.results.items()))  # (a forced rerun keeps its key)
        return (str(self.corpus.root), repr(self.settings), self.full_answers, self.answers.demos_enabled, templates, runs,
                self.corpus.taxonomy_doc.text, self.extras.listed() if self.extras else None,
                tuple((e.path, e.entry.id, e.entry.question, e.entry.published, e.entry.updated, e.entry.summary,
                       e.entry.tags, e.entry.topic) for e in self.corpus.entries))

    def _neighbours(self, entry: Entry) -> tuple[list[Entry], list[Entry]]:
        """The related entries and the newest others of the topic, which an entry page links by question."""
        related = [self.by_id[r].entry for r in entry.related if r in self.by_id]
        recent = [e for e in self.by_topic[entry.topic][:RECENT_LIMIT + 1] if e.id != entry.id][:RECENT_LIMIT]
        return related, recent

    def _entry_pages(self, last: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        """Every entry page; ``last`` holds pages of the same inputs by their file's text."""
        made = {}
        for item in self.corpus.entries:
            src = entry_src(item.entry.id)
            self.bundle.sources[src] = item.path
            text, markdown = last.get(item.path, (None, ""))
            if text != item.doc.text:
                markdown, errors = self._entry_markdown(item)
                self.errors += errors
            made[item.path] = (item.doc.text, markdown)
            self.bundle.add_page(src, markdown)
        return made

    def _entry_markdown(self, item: LoadedEntry) -> tuple[str, list[ContentError]]:
        """An entry page's Markdown and the errors met."""
        entry, place = item.entry, self.corpus.place_of(item.entry)
        src = entry_src(entry.id)
        related, recent = self._neighbours(entry)
        answer, errors = self.answers.render(item, src)
        claims, claim_errors = self.answers.check_claims(item)
        self_check = self.extras.self_check(entry, src) if self.extras else ""
        answer = answer.strip()
        if not self.full_answers:  # headings carry the exclusion themselves, or they leave empty search records
            answer, self_check = exclude_headings(answer), exclude_headings(self_check)
        front = front_matter(title=entry.question, description=entry.summary, tags=list(entry.tags),
                              kb_jsonld=qa_jsonld(entry, place, self.settings))
        links = self.links
        markdown = self._render_text(
            "entry.md.j2", src, entry=entry, place=place, answer=answer, claims=claims, front_matter=front,
            self_check=self_check, search_full_answers=self.full_answers,
            breadcrumbs=links.breadcrumbs(src, self._trail(place)),
            tag_list=links.tags(src, entry.tags), related_list=links.questions(src, related),
            recent_list=links.questions(src, recent, dated=True))
        return markdown, errors + claim_errors

    @staticmethod
    def _trail(place: Place, depth: int = 4) -> list[tuple[str, str]]:
        """The (label, index page) of each of the first ``depth`` levels of a place: its breadcrumbs."""
        return [(_crumb(n), s) for n, s in zip(place.trail[:depth], taxon_srcs(place))]

    def _taxonomy_pages(self) -> None:
        levels = ("field", "programme", "lesson", "topic")
        seen: set[str] = set()
        for place in self.corpus.places.values():
            srcs = taxon_srcs(place)
            for depth, (node, src) in enumerate(zip(place.trail, srcs)):
                if src in seen:
                    continue
                seen.add(src)
                level = levels[depth]
                trail = self._trail(place, depth)
                children = self._children(place, depth, src)
                topic_ids = {p.topic.id for p in self.corpus.places.values() if getattr(p, level).id == node.id}
                lists = [self.by_topic.get(t, []) for t in topic_ids]  # each sorted newest first
                total = sum(map(len, lists))
                if level == "topic":  # a topic lists all its questions; the levels above, the newest few
                    entries = lists[0] if lists else []
                else:
                    entries = sorted((e for found in lists for e in found[:INDEX_NEWEST]), key=newest_first)
                    entries = entries[:INDEX_NEWEST]
                quizzes = self.extras.quizzes_for(level, node.id, src) if self.extras else []
                front = front_matter(title=node.title, description=node.description)
                self._render("taxon.md.j2", src, node=node, code=field_of(node, "code"),
                             breadcrumbs=self.links.breadcrumbs(src, trail) if trail else "",
                             children=children, children_heading=["Programmes", "Lessons", "Topics", ""][depth],
                             entries=entries, entry_list=self.links.summaries(src, entries), total=total,
                             quizzes=quizzes, front_matter=front)

    def _children(self, place: Place, depth: int, src: str) -> list[dict]:
        if depth == 3:
            return []
        node = place.trail[depth]
        kids = {0: lambda: node.programmes, 1: lambda: node.lessons, 2: lambda: node.topics}[depth]()
        level = ("programme", "lesson", "topic")[depth]
        base = src.rsplit("/", 1)[0]
        return [{"title": k.title, "description": k.description, "src": f"{base}/{k.id}/index.md",
                 "count": self._count(k, level)} for k in kids]

    def _tag_pages(self) -> None:
        """A page per tag listing its questions, newest first, and the index of all tags."""
        tagged: dict[str, list[Entry]] = {}
        for item in self.corpus.entries:
            for tag in item.entry.tags:
                tagged.setdefault(tag, []).append(item.entry)
        for tag, entries in sorted(tagged.items()):
            src = f"tags/{tag}.md"
            entries.sort(key=newest_first)
            self._render("tag.md.j2", src, tag=tag, count=len(entries), entry_list=self.links.summaries(src, entries),
                         front_matter=front_matter(title=f"Tag: {tag}", search={"exclude": True}))
        counts = sorted((tag, len(entries)) for tag, entries in tagged.items())
        self._render("tags.md.j2", "tags/index.md", tags=counts, front_matter=front_matter(title="Tags"))
        self.tag_count = len(counts)

    def _questions_page(self) -> None:
        """Every question, by topic in the taxonomy's order: the index of the questions/ folder."""
        src, groups = "questions/index.md", []
        for place in self.corpus.places.values():
            entries = sorted(self.corpus.entries_in_topic(place.topic.id), key=lambda e: e.question.casefold())
            if entries:
                groups.append({"title": f"{place.lesson.title} › {place.topic.title}", "count": len(entries),
                               "list": self.links.questions(src, entries)})
        self._render("questions.md.j2", src, groups=groups, count=len(self.corpus.entries),
                     front_matter=front_matter(title="All questions", search={"exclude": True}))

    def _home_page(self) -> None:
        programmes = [{"code": p.code, "title": p.title, "description": p.description,
                       "src": f"{f.id}/{p.id}/index.md", "count": self._count(p, "programme")}
                      for f in self.corpus.taxonomy.fields for p in f.programmes]
        newest = sorted((e.entry for e in self.corpus.entries), key=lambda e: (-e.published.toordinal(), e.id))
        counts = {"entries": len(self.corpus.entries), "topics": len(self.corpus.places),
                  "programmes": len(programmes), "tags": self.tag_count,
                  "quizzes": self.extras.quiz_count() if self.extras else 0}
        self._render("home.md.j2", "index.md", site_title=self.settings.site_name,
                     site_description=self.settings.description, programmes=programmes,
                     entry_list=self.links.summaries("index.md", newest[:RECENT_LIMIT]),
                     counts=counts, front_matter=front_matter(title="Home", description=self.settings.description))

    def _assets(self) -> None:
        for path, file in OWN_ASSETS.items():
            self.bundle.add_asset(path, file.read_bytes())
        self.bundle.extra_css.append("assets/kb.css")
        for name, result in sorted(self.results.items()):
            for key, fig in sorted(result.figures.items()):
                self.bundle.add_asset(figure_asset(name, key), fig["svg"].encode("utf-8"))
        if self.extras:
            self.extras.contribute(self.bundle)
        self.explorer = explorer_page.contribute(self.bundle, self.results, self.settings.directory_urls)

    def _nav(self) -> list:
        """Navigation from the taxonomy. Titles are HTML-escaped: MkDocs' theme templates do not escape them."""
        t = html_text
        nav: list = [{"Home": "index.md"}]
        for f in self.corpus.taxonomy.fields:
            f_items: list = [f"{f.id}/index.md"]
            for p in f.programmes:
                p_items: list = [f"{f.id}/{p.id}/index.md"]
                for lesson in p.lessons:
                    base = f"{f.id}/{p.id}/{lesson.id}"
                    l_items: list = [f"{base}/index.md"]
                    l_items += [{t(topic.title): f"{base}/{topic.id}/index.md"} for topic in lesson.topics]
                    p_items.append({t(lesson.title): l_items})
                f_items.append({t(f"{p.code} {p.title}" if p.code else p.title): p_items})
            nav.append({t(f.title): f_items})
        if self.extras:
            nav.extend(self.extras.nav())
        if self.explorer:
            nav.append({"Explorer": explorer_page.PAGE})
        nav.append({"Tags": "tags/index.md"})
        return nav


def build_site(corpus: Corpus, results: dict[str, Any] | None, settings: SiteSettings | None = None,
               demos_enabled: bool = True, extras: Any = None) -> SiteBundle:
    return SiteBuilder(corpus, results, settings or SiteSettings(), demos_enabled, extras).build()


