"""Browser fixtures: the harness site, a local HTTP server, headless Debian chromium via Playwright.

Every page a test opens is watched: a console error, an uncaught exception or
a request to any host other than the local server fails the test. A missing
chromium is a failure with a clear message, never a skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from quiz_harness import build_site

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


def serve(directory: Path):
    """Start a threaded static server on a free local port; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def _served(tmp_path_factory):
    """The server starts first, so the site can be built with its address as site_url (instant navigation needs it)."""
    work = tmp_path_factory.mktemp("quiz-harness")
    url, server = serve(work / "site")
    yield work, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def quiz_site(_served) -> Path:
    work, url = _served
    return build_site(work, site_url=url)


@pytest.fixture(scope="session")
def base_url(_served, quiz_site) -> str:
    return _served[1]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
                    "(apt-get install chromium) or KB_CHROMIUM pointing at a Chromium binary", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Watch:
    """What a page did that it must not: console errors, exceptions, requests to other hosts."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.hosts: set[str] = set()

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        page.on("request", lambda r: self.hosts.add(urlparse(r.url).netloc or urlparse(r.url).scheme))

    def assert_clean(self, base: str) -> None:
        local = urlparse(base).netloc
        assert not self.errors, self.errors
        foreign = {h for h in self.hosts if h not in (local, "data", "blob", "about")}
        assert not foreign, f"requests left the local server: {sorted(foreign)}"


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def context(browser, request):
    ctx = browser.new_context(java_script_enabled=getattr(request, "param", True))
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, watch, base_url):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda d: d.accept())
    watch.attach(page)
    yield page
    watch.assert_clean(base_url)
