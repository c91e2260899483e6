"""Browser fixtures: the harness site, a local HTTP server, headless Debian chromium via Playwright.

Every page a test opens is watched: a console error, an uncaught exception or
a request to any host other than the local server fails the test. A missing
chromium is a failure with a clear message, never a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .quiz_browser import CHROMIUM, CHROMIUM_ARGS, Watch, serve
from .quiz_harness import build_site


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
