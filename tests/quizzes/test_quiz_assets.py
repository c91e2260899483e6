"""The widget's script and stylesheet: size budget, no dependencies, CSP-friendly."""

from __future__ import annotations

import gzip
import re

from generator.quizzes import ASSET_FILES

BUDGET = 6 * 1024  # bytes, gzip, script and stylesheet together


def test_assets_exist_under_their_site_paths():
    assert sorted(ASSET_FILES) == ["assets/quiz.css", "assets/quiz.js"]
    for path in ASSET_FILES.values():
        assert path.is_file(), path


def test_gzip_size_budget():
    sizes = {site: len(gzip.compress(path.read_bytes(), compresslevel=9)) for site, path in ASSET_FILES.items()}
    assert sum(sizes.values()) <= BUDGET, f"quiz assets are {sum(sizes.values())} bytes gzip: {sizes}"


def test_script_is_csp_friendly_and_self_contained():
    js = ASSET_FILES["assets/quiz.js"].read_text(encoding="utf-8")
    for banned in (r"\beval\(", r"new Function", r"innerHTML", r"outerHTML", r"insertAdjacentHTML",
                   r"document\.write", r"setTimeout\(\s*['\"]", r"\bimport\(", r"https?://", r"\bon\w+\s*="):
        assert not re.search(banned, js), banned
    assert "document$" in js and "DOMContentLoaded" in js, "re-initializes on instant navigation"
    assert "localStorage" in js


def test_stylesheet_loads_nothing_else():
    css = ASSET_FILES["assets/quiz.css"].read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css
