"""What a generated site is, apart from how its pages are made: settings, the bundle of pages and assets
(one owner per output path), the paths the site's own pages take, front matter, an entry's schema.org
QAPage, and navigation titles.

:mod:`generator.pages.site` fills a :class:`SiteBundle`; the MkDocs plugin adds it as generated files and
``export`` writes it to a folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generator.content.corpus import Corpus, Place
from generator.content.entry_models import Entry
from generator.errors import BuildFailed, ContentError
from generator.pages.escaping import html_text
from generator.quizzes.widget import json_for_html

# The top-level folders of the site's own pages and files: no field of the taxonomy may take one.
RESERVED_FOLDERS = {"questions": "question pages", "tags": "tag pages", "quizzes": "quiz pages",
                    "assets": "stylesheets, scripts and figures", "search": "search index",
                    "explorer": "learning-rate explorer"}


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Learning Rate Knowledge Base"
    description: str = "Questions and answers on the learning rate, checked against real TensorFlow runs."
    site_url: str = ""
    search_full_answers: bool | str = "auto"  # True, False or 'auto': see generator.pages.search_scope
    allow_raw_html: bool = False
    directory_urls: bool = True  # MkDocs' use_directory_urls: the lists of links are raw HTML, written with final URLs


@dataclass
class SiteBundle:
    pages: dict[str, str] = field(default_factory=dict)  # site path -> Markdown
    assets: dict[str, bytes] = field(default_factory=dict)  # site path -> bytes
    nav: list = field(default_factory=list)
    extra_css: list[str] = field(default_factory=list)
    source_date_epoch: int = 0  # newest published/updated date, for reproducible sitemaps
    sources: dict[str, str] = field(default_factory=dict)  # page path -> the content file it comes from

    def add_page(self, path: str, markdown: str) -> None:
        """A page at a path no other page or asset has: one owner per output path, never an overwrite."""
        self._claim(path)
        self.pages[path] = markdown

    def add_asset(self, path: str, data: bytes) -> None:
        self._claim(path)
        self.assets[path] = data

    def _claim(self, path: str) -> None:
        if path in self.pages or path in self.assets:
            raise BuildFailed([ContentError(self.sources.get(path, path), None, None,
                                            f"two generated files would be written to {path}",
                                            "rename one of the ids that make this path")])


def entry_src(entry_id: str) -> str:
    return f"questions/{entry_id}.md"


def taxon_srcs(place: Place) -> list[str]:
    """Index page paths for field, programme, lesson and topic of a place."""
    ids = [node.id for node in place.trail]
    return ["/".join(ids[:depth]) + "/index.md" for depth in range(1, len(ids) + 1)]


def front_matter(**data: Any) -> str:
    """YAML front matter, written as JSON values (valid YAML). Title and description are HTML-escaped:
    MkDocs' theme templates do not escape them."""
    return "\n".join(f"{key}: {json.dumps(html_text(value) if key in _ESCAPED else value, ensure_ascii=False, sort_keys=True)}"
                     for key, value in data.items() if value is not None and value != "" and value != [])


_ESCAPED = frozenset(("title", "description"))


def qa_jsonld(entry: Entry, place: Place, settings: SiteSettings) -> str:
    """The page's schema.org QAPage, as JSON safe inside a <script> (the theme override puts it in <head>)."""
    author = {"@type": "Person", "name": entry.author}
    question: dict[str, Any] = {
        "@type": "Question", "name": entry.question, "text": entry.question, "about": place.topic.title,
        "author": author, "datePublished": entry.published.isoformat(), "answerCount": 1,
        "acceptedAnswer": {"@type": "Answer", "text": entry.summary, "author": author,
                           "datePublished": entry.published.isoformat()}}
    if entry.updated:
        question["dateModified"] = entry.updated.isoformat()
    if settings.site_url:
        question["url"] = settings.site_url.rstrip("/") + f"/questions/{entry.id}/"
    return json_for_html({"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question})


def path_problems(corpus: Corpus) -> list[ContentError]:
    """Ids that would put a page at a path the site's own pages use, each reported at the id."""
    errors = []
    for i, node in enumerate(corpus.taxonomy.fields):
        if node.id in RESERVED_FOLDERS:
            errors.append(corpus.taxonomy_doc.error(("fields", i, "id"), f"the field id '{node.id}' is the folder of "
                                                    f"the site's {RESERVED_FOLDERS[node.id]}", "choose another id"))
    for item in corpus.entries:
        if item.entry.id == "index":
            errors.append(item.doc.error(("id",), "the entry id 'index' is the address of the questions/ folder itself",
                                         "choose another id"))
        for i, tag in enumerate(item.entry.tags):
            if tag == "index":
                errors.append(item.doc.error(("tags", i), "the tag 'index' is the address of the page listing every tag",
                                             "choose another tag"))
    return errors

