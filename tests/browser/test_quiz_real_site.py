"""The quizzes inside the project's real site (the lead's ``built_site``: real MkDocs, quick demos)."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .quiz_browser import Watch, serve

pytestmark = pytest.mark.browser


class _BlockLinks(HTMLParser):
    """hrefs of <a> elements inside quiz blocks (.kbq, .kbq-progress)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth or "kbq" in classes or "kbq-progress" in classes:
            self.depth += 1 if tag not in ("input", "br", "img", "meta", "link") else 0
            if tag == "a" and attrs.get("href"):
                self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.depth and tag not in ("input", "br", "img", "meta", "link"):
            self.depth -= 1


def _quiz_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if 'class="kbq' in p.read_text(encoding="utf-8"))


def test_links_inside_quiz_blocks_resolve(built_site):
    pages = _quiz_pages(built_site)
    assert any(p.parent.name == "review" for p in pages), "the site has no quiz pages"
    broken = []
    for page in pages:
        parser = _BlockLinks()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.links:
            path = urlparse(href).path
            target = Path(posixpath.normpath(posixpath.join(str(page.parent), path)))
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(built_site)}: {href}")
    assert not broken, "links in quiz blocks lead nowhere:\n" + "\n".join(broken[:20])


def test_real_quiz_pages_run_clean(built_site, browser):
    base, server = serve(built_site)
    try:
        watch = Watch()
        page = browser.new_page()
        watch.attach(page)
        for file in _quiz_pages(built_site):
            rel = file.parent.relative_to(built_site).as_posix()
            page.goto(base + ("" if rel == "." else rel + "/"), wait_until="load")
            blocks = page.locator(".kbq, .kbq-progress").count()
            page.wait_for_function(f"document.querySelectorAll('.kbq[data-on], .kbq-progress[data-on]').length == {blocks}")
            if page.locator(".kbq-q [data-a=check]:visible").count():
                first = page.locator(".kbq-q:has([data-a=check]:visible)").first
                first.get_by_role("button", name="Check").click()
                assert re.match(r"(Choose or enter an answer first\.|Enter a number, for example 0\.01\.|Not quite\.)",
                                first.locator(".kbq-fb").inner_text()), rel
        page.close()
        watch.assert_clean(base)
    finally:
        server.shutdown()
        server.server_close()
