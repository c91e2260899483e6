"""A small real MkDocs Material site built from the quiz page functions, for the browser tests.

It does not depend on the lead's plugin: it loads this project's quizzes plus
the fixture quizzes in ``tests/browser/fixtures/``, writes the pages with
``quiz_page_markdown`` & co. into a temporary ``docs/`` folder, copies the
widget's assets, and runs ``mkdocs build --strict`` with the theme features
the real site uses (instant navigation, no Google Fonts).
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from pydantic import TypeAdapter

from generator.content.yamlmarks import load_yaml
from generator.errors import ErrorCollector
from generator.quizzes import (
    SOURCES,
    PageContext,
    Question,
    check_quizzes,
    load_quizzes,
    progress_page_markdown,
    quiz_page_markdown,
    review_page_markdown,
    self_check_markdown,
    shipped,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SELF_CHECK_ENTRY = "harness-entry"

MKDOCS_YML = """\
site_name: Quiz harness
site_url: {site_url}
use_directory_urls: true
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.instant.progress]
markdown_extensions: [attr_list, md_in_html, admonition, pymdownx.details, pymdownx.superfences, toc, tables]
not_in_nav: |
  /questions/
nav:
  - Home: index.md
  - Quizzes:
{quiz_nav}
    - My progress: quizzes/progress.md
    - Review: quizzes/review.md
"""


def url_of(src: str) -> str:
    """Directory URL of a page source path: 'quizzes/x.md' -> 'quizzes/x/', 'index.md' -> ''."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[:-3] + "/"


def relative_href(page_src: str, target: str) -> str:
    """A link from one page to another page source path (with an optional #anchor) or to a file, relative, for raw HTML."""
    path, _, anchor = target.partition("#")
    if not path.endswith(".md"):
        return posixpath.relpath(path, url_of(page_src) or ".")
    rel = posixpath.relpath(url_of(path) or ".", url_of(page_src) or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def _entries() -> dict[str, str]:
    titles = {}
    for file in sorted((REPO / "content" / "entries").rglob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict) and "id" in data:
            titles[data["id"]] = str(data.get("question", data["id"]))
    return titles


def _taxonomy_ids() -> tuple[set[str], set[str]]:
    data = yaml.safe_load((REPO / "content" / "taxonomy.yml").read_text(encoding="utf-8"))
    lessons = [lesson for f in data["fields"] for p in f["programmes"] for lesson in p["lessons"]]
    return {t["id"] for lesson in lessons for t in lesson["topics"]}, {lesson["id"] for lesson in lessons}


def build_site(work: Path, site_url: str = "http://127.0.0.1:8000/") -> Path:
    """Build the harness site under ``work`` (into ``work/site``); returns the site folder."""
    project = work / "project"
    (project / "quizzes").mkdir(parents=True)
    for file in sorted((REPO / "quizzes").rglob("*.yml")) + sorted(FIXTURES.glob("widget-*.yml")):
        shutil.copy(file, project / "quizzes" / file.name)
    errors = ErrorCollector()
    quizzes = load_quizzes(project, errors)
    doc, problems = load_yaml(FIXTURES / "entry-self-check.yml", "fixtures/entry-self-check.yml")
    assert doc is not None and not problems, problems
    self_checks = {SELF_CHECK_ENTRY: (doc, TypeAdapter(list[Question]).validate_python(doc.data["self_check"]))}
    titles = {**_entries(), SELF_CHECK_ENTRY: doc.data["question"]}
    topics, lessons = _taxonomy_ids()
    check_quizzes(quizzes, self_checks, entry_ids=set(titles), topic_ids=topics, lesson_ids=lessons,
                  resolve_demo=None, errors=errors)
    assert not errors, "\n".join(e.format() for e in errors)

    docs = work / "docs"
    pages: dict[str, str] = {}

    def ctx(src: str) -> PageContext:
        return PageContext(href=lambda target: relative_href(src, target), resolve_demo=None,
                           entry_title=lambda entry_id: titles.get(entry_id, entry_id))

    for lq in quizzes:
        src = f"quizzes/{lq.quiz.id}.md"
        pages[src] = quiz_page_markdown(lq, ctx(src))
    pages["quizzes/progress.md"] = progress_page_markdown(quizzes, self_checks, ctx("quizzes/progress.md"))
    pages["quizzes/review.md"] = review_page_markdown(quizzes, self_checks, ctx("quizzes/review.md"))
    for entry_id, title in titles.items():
        src = f"questions/{entry_id}.md"
        block = self_check_markdown(entry_id, self_checks[entry_id][1], ctx(src)) if entry_id in self_checks else ""
        pages[src] = f"# {title}\n\nThe answer would be here.\n\n{block}"
    links = "\n".join(f"- [{lq.quiz.id}](quizzes/{lq.quiz.id}.md)" for lq in quizzes)
    pages["index.md"] = (f"# Quiz harness\n\n{links}\n- [progress](quizzes/progress.md)\n- [review](quizzes/review.md)\n"
                         f"- [self-check](questions/{SELF_CHECK_ENTRY}.md)\n")
    for src, text in pages.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    for site_path in SOURCES:
        (docs / site_path).parent.mkdir(parents=True, exist_ok=True)
        (docs / site_path).write_bytes(shipped(site_path))

    quiz_nav = "\n".join(f"    - {lq.quiz.id}: quizzes/{lq.quiz.id}.md" for lq in quizzes)
    (work / "mkdocs.yml").write_text(MKDOCS_YML.format(quiz_nav=quiz_nav, site_url=site_url), encoding="utf-8")
    site = work / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(work / "mkdocs.yml"),
                             "-d", str(site)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
