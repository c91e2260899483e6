"""The core pipeline, shared by the CLI and the MkDocs plugin: load, run demos, render.

``generate`` returns a :class:`SiteBundle` (Markdown pages and assets) or raises
:class:`BuildFailed`. TensorFlow is imported only inside demo worker processes,
and only when a demo is stale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.corpus import Corpus, load_corpus
from generator.errors import BuildFailed, ContentError
from generator.pages.bundle import SiteBundle, SiteSettings
from generator.pages.site import build_site

DEMO_MODES = ("full", "quick", "off")


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    demos: str = "full"  # full | quick | off
    cache_dir: Path | None = None
    demo_timeout: float = 600.0
    settings: SiteSettings = field(default_factory=SiteSettings)

    @classmethod
    def configured(cls, root: Path, plugin_options: dict, demos: str | None = None, **more: Any) -> BuildOptions:
        """Options from the plugin's entries in mkdocs.yml, with ``demos`` (a command-line flag) over them."""
        from generator.kv_cache import cache_dir_for
        return cls(root=root, demos=demo_mode(plugin_options.get("demos"), demos),
                   cache_dir=cache_dir_for(root, plugin_options.get("cache_dir")), **more)


def demo_mode(configured: str | None, explicit: str | None = None) -> str:
    """The demo configuration: a command-line flag, else KB_DEMO_CONFIG (tests use 'quick'), else mkdocs.yml."""
    mode = explicit or os.environ.get("KB_DEMO_CONFIG") or configured or "full"
    if mode not in DEMO_MODES:
        raise BuildFailed([ContentError("mkdocs.yml", None, None, f"unknown demo configuration '{mode}'",
                                        f"use one of: {', '.join(DEMO_MODES)}")])
    return mode


def demo_suite(options: BuildOptions) -> Any:
    from generator.demos import DemoSuite  # no TensorFlow import here: only workers import it
    return DemoSuite(options.root, config=options.demos, cache_dir=options.cache_dir, timeout=options.demo_timeout)


def run_demos(options: BuildOptions) -> dict[str, Any]:
    if options.demos == "off":
        return {}
    return demo_suite(options).ensure()


def quiz_extras(corpus: Corpus, results: dict[str, Any], demos_enabled: bool, directory_urls: bool = True) -> Any:
    from generator.pages.quiz_pages import QuizContributor
    return QuizContributor.load(corpus, results if demos_enabled else None, directory_urls)


def generate(options: BuildOptions) -> SiteBundle:
    """Load and validate the content, run stale demos, render every page."""
    corpus = load_corpus(options.root)
    results = run_demos(options)
    enabled = options.demos != "off"
    extras = quiz_extras(corpus, results, enabled, options.settings.directory_urls)
    return build_site(corpus, results, options.settings, demos_enabled=enabled, extras=extras)
