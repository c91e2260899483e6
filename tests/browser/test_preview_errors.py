"""The live preview shows a broken entry's located errors in the browser and recovers when it is fixed.

A real ``python -m generator serve`` on a free port, a tab opened on an entry page: breaking the entry
puts the same located line as the terminal's over the (last good) page, in the tab already open and
in a new one; fixing it brings the page back, without the overlay.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time

from factory import REPO, entry_yaml, make_project

ERROR = "content/entries/a.yml:5:8: error: unknown topic 'trainng'"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(condition, what: str, within: float = 90) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} within {within:.0f} s")


def test_errors_show_in_the_open_tab_and_go_when_fixed(tmp_path, browser):
    root = make_project(tmp_path)
    entry = root / "content/entries/a.yml"
    good = entry.read_text()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                               f"127.0.0.1:{port}", "--demos", "off"], cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr.readline().split(" -  ", 1)[-1].split("] ", 1)[-1].strip() == f"Serving on http://127.0.0.1:{port}/"
        page = browser.new_page()
        page.set_default_timeout(90_000)
        url = f"http://127.0.0.1:{port}/questions/lr-basics/"
        page.goto(url)
        assert page.locator("h1").first.inner_text().startswith("What is the learning rate?")
        assert page.locator("#kb-preview-errors").count() == 0

        entry.write_text(good.replace("topic: training", "topic: trainng"))
        page.wait_for_selector("#kb-preview-errors")
        overlay = page.locator("#kb-preview-errors")
        assert ERROR in overlay.inner_text() and "1 problem" in overlay.inner_text()
        other = browser.new_page()
        other.goto(f"http://127.0.0.1:{port}/")
        other.wait_for_selector("#kb-preview-errors")
        assert ERROR in other.locator("#kb-preview-errors").inner_text()

        entry.write_text(good.replace("What is the learning rate?", "What is a learning rate?"))
        page.wait_for_function("() => !document.getElementById('kb-preview-errors') && "
                               "(document.querySelector('h1')?.innerText || '').startsWith('What is a learning rate?')")
        other.close()
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_preview_started_on_broken_content_shows_the_errors_then_the_site(tmp_path, browser):
    root = make_project(tmp_path)
    entry = root / "content/entries/a.yml"
    good = entry.read_text()
    entry.write_text(good.replace("topic: training", "topic: trainng"))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                               f"127.0.0.1:{port}", "--demos", "off"], cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        lines = [server.stderr.readline()]
        while "Serving on" not in lines[-1] and len(lines) < 20:
            lines.append(server.stderr.readline())
        assert ERROR in lines[0] and lines[-1].rstrip().endswith(f"Serving on http://127.0.0.1:{port}/"), lines
        page = browser.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("#kb-preview-errors")
        assert ERROR in page.locator("#kb-preview-errors").inner_text()
        entry.write_text(good)
        page.wait_for_function("() => !document.getElementById('kb-preview-errors') && "
                               "document.body.innerText.includes('What is the learning rate?')")
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_busy_port_is_one_line(tmp_path):
    root = make_project(tmp_path, {"x.yml": entry_yaml("x", "X?")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                                 f"127.0.0.1:{port}"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"error: port {port} on 127.0.0.1 is in use (hint: stop the other server, or choose "
                                     f"another port: make serve PORT={port + 1}, or serve --dev-addr 127.0.0.1:{port + 1})")
