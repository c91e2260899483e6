"""Shared browser-test helpers: the chromium to drive, a local static server, and a page watcher."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

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


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard-only tests)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")
