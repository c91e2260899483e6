"""The exported project builds on MkDocs, ProperDocs and Zensical, and its quizzes, figures and search work."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factory import REPO, run_cli

from .quiz_browser import Watch, serve

ENGINES = {  # engine -> (build command, the folder it writes, its search index)
    "mkdocs": (["mkdocs", "build", "--strict", "-d", "site-mkdocs"], "site-mkdocs", "search/search_index.json"),
    "properdocs": (["properdocs", "build", "-f", "mkdocs.yml", "--strict", "-d", "site-properdocs"], "site-properdocs",
                   "search/search_index.json"),
    "zensical": (["zensical", "build", "--clean"], "site", "search.json"),
}
QUIZ_PAGE = "quizzes/learning-rate-basics.html"


def _engine(project: Path, engine: str) -> subprocess.CompletedProcess:
    """A build as the exported README says: from inside the folder, so Python finds kb_markdown.py."""
    command, _, _ = ENGINES[engine]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", *command], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("export") / "project"
    result = run_cli("export", str(target), "--demos", "off", root=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    return target


@pytest.fixture(scope="module", params=list(ENGINES))
def built(request, exported) -> tuple[str, Path]:
    engine = request.param
    result = _engine(exported, engine)
    assert result.returncode == 0, f"{engine}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return engine, exported / ENGINES[engine][1]


def test_the_exported_project_holds_everything_a_build_needs(exported):
    assert {p.name for p in exported.iterdir()} >= {"mkdocs.yml", "kb_markdown.py", "docs", "overrides", "README.md"}
    config = (exported / "mkdocs.yml").read_text()
    assert "knowledge-base" not in config and "- kb_markdown" in config
    assert (exported / "docs/assets/quiz.js").is_file() and (exported / "docs/authoring.md").is_file()


def test_every_engine_builds_a_site_that_verifies(built):
    engine, site = built
    result = run_cli("verify", str(site), root=REPO)
    assert result.returncode == 0, f"{engine}: {result.stderr[-3000:]}"
    entry = site / "questions/learning-rate-what-is-it.html"
    assert 'application/ld+json' in entry.read_text(), f"{engine}: the theme override (JSON-LD) was not used"


def test_every_engine_indexes_the_questions_for_search(built):
    engine, site = built
    index = json.loads((site / ENGINES[engine][2]).read_text())
    records = index.get("docs") or index.get("items")
    assert any("What is the learning rate" in (r.get("title", "") + r.get("text", "")) for r in records), engine


def test_a_quiz_answers_on_every_engine(built, browser):
    engine, site = built
    base, server = serve(site)
    try:
        watch = Watch()
        page = browser.new_page()
        watch.attach(page)
        page.goto(base + QUIZ_PAGE, wait_until="load")
        page.wait_for_selector(".kbq[data-on]")
        question = page.locator(".kbq-q:has(input[type=radio])").first
        question.locator("input[type=radio]").first.check()
        question.get_by_role("button", name="Check").click()
        feedback = question.locator(".kbq-fb").inner_text()
        assert feedback.startswith(("Correct", "Not quite")), f"{engine}: {feedback!r}"
        page.close()
        watch.assert_clean(base)
    finally:
        server.shutdown()
        server.server_close()


def test_a_build_that_skipped_the_extension_does_not_verify(exported, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(exported, project, ignore=shutil.ignore_patterns("site*"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("- kb_markdown\n", ""))
    assert _engine(project, "mkdocs").returncode == 0  # the pages still convert, with their blocks unprocessed
    result = run_cli("verify", str(project / "site-mkdocs"), root=REPO)
    assert result.returncode == 1 and "without the generated pages' Markdown extension" in result.stderr


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_engine_that_cannot_load_the_extension_fails(exported, tmp_path, engine):
    project = tmp_path / "project"
    shutil.copytree(exported, project, ignore=shutil.ignore_patterns("site*"))
    (project / "kb_markdown.py").unlink()
    result = _engine(project, engine)
    assert result.returncode != 0 and "kb_markdown" in result.stdout + result.stderr
