"""The widget's script and stylesheet: size budget as shipped, no dependencies, CSP-friendly, valid after minifying."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess

import pytest

from generator.quizzes import SOURCES, shipped

BUDGET = 6 * 1024  # bytes, gzip, script and stylesheet together, as the site serves them


def test_assets_exist_under_their_site_paths():
    assert sorted(SOURCES) == ["assets/quiz.css", "assets/quiz.js"]
    for path in SOURCES.values():
        assert path.is_file(), path


def test_gzip_size_budget():
    sizes = {site: len(gzip.compress(shipped(site), compresslevel=9)) for site in SOURCES}
    assert sum(sizes.values()) <= BUDGET, f"quiz assets are {sum(sizes.values())} bytes gzip: {sizes}"


def test_shipped_files_are_the_sources_minified():
    for site, source in SOURCES.items():
        assert 0 < len(shipped(site)) < source.stat().st_size * 0.8, site
    js = shipped("assets/quiz.js").decode()
    for text in ("Moved to position ", "Already at the ", ", the ", "Also correct: ", "Time left: ", " point"):
        assert text in js, f"minifying changed the text {text!r}"
    assert 'content:"✓"/""' in shipped("assets/quiz.css").decode()


@pytest.mark.skipif(not shutil.which("node"), reason="node checks the minified script's syntax when it is installed")
def test_minified_script_parses(tmp_path):
    (tmp_path / "quiz.js").write_bytes(shipped("assets/quiz.js"))
    done = subprocess.run(["node", "--check", str(tmp_path / "quiz.js")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_script_is_csp_friendly_and_self_contained():
    js = SOURCES["assets/quiz.js"].read_text(encoding="utf-8")
    for banned in (r"\beval\(", r"new Function", r"innerHTML", r"outerHTML", r"insertAdjacentHTML",
                   r"document\.write", r"setTimeout\(\s*['\"]", r"\bimport\(", r"https?://", r"\bon\w+\s*="):
        assert not re.search(banned, js), banned
    assert "document$" in js and "DOMContentLoaded" in js, "re-initializes on instant navigation"
    assert "localStorage" in js


def test_stylesheet_loads_nothing_else():
    css = SOURCES["assets/quiz.css"].read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css
