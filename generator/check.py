"""``check``: validate everything and report every problem, without building.

Result references and claims are checked against cached demo results when
they are fresh; when some demo is stale, check says so instead of running
TensorFlow (``build`` reruns it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from generator.content.corpus import Corpus, load_corpus
from generator.content.reading import docs_file_problem, rel
from generator.errors import BuildFailed, ContentError
from generator.pages.html_blocks import NAME as HTML_BLOCKS
from generator.pages.pipeline import BuildOptions, demo_suite
from generator.pages.templating import AnswerRenderer


def _fresh_results(root: Path, notes: list[str], errors: list[ContentError], options: dict) -> dict[str, Any] | None:
    """Fresh cached results in the configuration a build would use (KB_DEMO_CONFIG, else mkdocs.yml)."""
    build = BuildOptions.configured(root, options)
    if build.demos == "off":
        notes.append("demos are off: result references and claims were not checked")
        return None
    from generator.demos import DemosFailed
    try:
        return demo_suite(build).load_fresh()
    except DemosFailed as failed:
        errors += failed.errors
        return None
    except BuildFailed as stale:
        names = ", ".join(sorted({e.path for e in stale.errors}))
        notes.append(f"demo results are not fresh ({names}): result references and claims were not checked; "
                     "'build' or 'python -m generator demos' reruns them")
        return None


def check_corpus(corpus: Corpus, results: dict[str, Any] | None, markdown: dict | None) -> list[ContentError]:
    """Every answer's problems; with ``markdown`` (the extensions and their configs of mkdocs.yml), the
    answers that could make attributes are converted and judged as the build judges its pages."""
    renderer = AnswerRenderer(results, demos_enabled=results is not None)
    errors: list[ContentError] = []
    for item in corpus.entries:  # without results, rendered as a build with demos off renders them
        answer, found = renderer.render(item, f"questions/{item.entry.id}.md")
        found += renderer.check_claims(item)[1]
        errors += found
        if markdown is not None and not found and _MAY_MAKE_ATTRIBUTES.search(answer):
            errors += _converted_problems(item, answer, markdown)
    return errors


# What Markdown needs to emit an attribute of its own choosing: an attribute list, raw HTML, an entity,
# or a link or image whose address has a scheme.
_MAY_MAKE_ATTRIBUTES = re.compile(r"\{|<|&|\]\([^)]*:|\]:\s*\S*:")


def _converted_problems(item, answer: str, markdown: dict) -> list[ContentError]:
    from markdown import Markdown

    from generator.build.page_safety import unsafe_errors
    html = Markdown(extensions=markdown["extensions"], extension_configs=markdown["configs"]).convert(answer)
    return unsafe_errors(html, item.path, item.doc.text, item.doc.mark(("answer",))[0])


def docs_problems(root: Path, docs: Path) -> list[ContentError]:
    """The build's refusals of hand-written pages and files in ``docs/`` (pipes, devices, links out)."""
    found = [docs_file_problem(root, os.path.join(folder, name))
             for folder, _, names in os.walk(docs) for name in names]  # (links to folders are not followed)
    return [problem for problem in found if problem is not None]


def check_project(root: Path, only: list[Path] | None = None) -> tuple[list[ContentError], list[str]]:
    from generator.mkdocs.config import load_checked, plugin_options
    notes: list[str] = []
    config_errors, config = load_checked(root)
    try:
        corpus = load_corpus(root)
    except BuildFailed as failure:
        return _only(config_errors + failure.errors, root, only), notes
    from generator.content.scaffold import SCAFFOLD_MARK
    notes += [f"{e.path}: still holds the scaffold's '{SCAFFOLD_MARK} ...' text" for e in corpus.entries
              if SCAFFOLD_MARK in e.entry.summary or SCAFFOLD_MARK in e.entry.answer]
    demo_errors: list[ContentError] = []
    results = _fresh_results(root, notes, demo_errors, plugin_options(config))
    from generator.pages.bundle import path_problems
    errors = config_errors + demo_errors + path_problems(corpus)
    markdown = None
    if config is not None:
        extensions = [e for e in config.markdown_extensions if e != HTML_BLOCKS]
        markdown = {"extensions": extensions, "configs": dict(config.mdx_configs)}
        errors += docs_problems(root, Path(config.docs_dir))
    errors += check_corpus(corpus, results, markdown)
    try:
        from generator.pages.quiz_pages import QuizContributor
        QuizContributor.load(corpus, results)
    except BuildFailed as failure:
        errors += failure.errors
    return _only(sorted(set(errors)), root, only), notes


def _only(errors: list[ContentError], root: Path, only: list[Path] | None) -> list[ContentError]:
    if not only:
        return list(errors)
    wanted = {rel(root, p.resolve()) for p in only}
    return [e for e in errors if e.path in wanted]
