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


def test_figures_in_dark_mode_and_on_a_phone(built_site, browser):
    """Dark scheme: figures are inverted, not white boxes. A 390-px phone: the figure keeps a legible width and
    scrolls inside its own box, the page does not."""
    base, server = serve(built_site)
    try:
        for scheme, width in (("light", 1280), ("dark", 1280), ("dark", 390)):
            context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
            page = context.new_page()
            page.goto(base + "questions/learning-rate-too-high-vs-too-low/", wait_until="load")
            page.evaluate("document.querySelectorAll('.kb-figure img').forEach(i => { i.loading = 'eager'; })")
            img = page.locator(".kb-figure img").first
            img.wait_for()
            shown = page.evaluate("""img => ({filter: getComputedStyle(img).filter, width: img.getBoundingClientRect().width,
                alt: img.alt, box: img.closest('.kb-figure').clientWidth, scroll: img.closest('.kb-figure').scrollWidth,
                page: document.documentElement.scrollWidth, viewport: window.innerWidth})""", img.element_handle())
            assert 0 < len(shown["alt"]) <= 150
            if scheme == "dark":
                assert "invert" in shown["filter"], shown
            else:
                assert shown["filter"] == "none", shown
            if width == 390:
                assert shown["width"] >= 540 and shown["scroll"] > shown["box"], shown      # text stays legible
                assert shown["page"] <= shown["viewport"], "the figure made the whole page scroll sideways"
            context.close()
    finally:
        server.shutdown()
        server.server_close()
