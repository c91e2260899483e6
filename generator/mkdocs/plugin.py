"""MkDocs adapter: adds the generated pages and assets as in-memory files.

Configured in ``mkdocs.yml`` under ``plugins: - knowledge-base:``. The work is
done elsewhere: the pages by :mod:`generator.pages.pipeline`, page conversion reuse
by :mod:`generator.mkdocs.page_cache`, the live preview's rebuilds of changed
pages by :mod:`generator.mkdocs.preview`. This class only
hands MkDocs' events to them, so that plain ``mkdocs build --strict`` and
``mkdocs serve`` work. Nothing is written into ``docs_dir``.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.build.page_safety import unsafe_attributes, unsafe_errors
from generator.content.reading import docs_file_problem
from generator.errors import BuildFailed
from generator.kv_cache import DEMO_CACHE, caching_enabled
from generator.mkdocs.config import site_settings
from generator.mkdocs.content_watch import ContentWatch
from generator.mkdocs.page_cache import PageCache
from generator.mkdocs.preview import STATUS_SCRIPT, PreviewState, status_script
from generator.pages.bundle import SiteBundle, SiteSettings
from generator.pages.html_blocks import NAME as HTML_BLOCKS
from generator.pages.pipeline import DEMO_MODES, BuildOptions, generate

log = logging.getLogger("mkdocs.plugins.knowledge_base")
WATCHED = ("content", "quizzes", "training_demos")
THEME_DIR = Path(__file__).parent / "theme"
_EPOCH_SET: str | None = None  # the SOURCE_DATE_EPOCH the last build in this process set


class _DemoMode(c.Choice):
    """'full', 'quick' or 'off'; YAML reads a bare ``off`` as false, which means off too."""

    def run_validation(self, value):
        return super().run_validation("off" if value is False else value)


class _Seconds(c.Type):
    """A number of seconds above zero."""

    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        if value <= 0:
            raise c.ValidationError(f"must be a number of seconds above 0, not {value}")
        return value


class KnowledgeBaseConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the generator off (the site then holds only docs_dir)."""
    demos = _DemoMode(DEMO_MODES, default="full")
    """Demo configuration: 'full', 'quick' (fewer epochs, for tests), or 'off' (no results)."""
    demo_timeout = _Seconds(default=600)
    """Seconds a single demo may run before it is stopped and reported."""
    cache_dir = c.Type(str, default=DEMO_CACHE)
    """Where demo results are cached, relative to mkdocs.yml."""
    search_full_answers = c.Choice((True, False, "auto"), default="auto")
    """Index whole answers in search (true); false indexes question, summary and tags only; auto (the
    default) indexes whole answers up to 1,500 entries (see generator.pages.search_scope)."""
    allow_raw_html = c.Type(bool, default=False)
    """Allow raw HTML in answers (scripts, event handlers and javascript: links stay forbidden)."""
    description = c.Type(str, default=SiteSettings.description)
    """One line shown on the home page."""


# The preview's home page until the content first builds without errors (the errors are shown over it).
WAITING_PAGE = "# The preview is waiting\n\nThe content has errors, listed over this page. Fix them and save: the site appears.\n"


class KnowledgeBaseError(PluginError):
    """Carries our collected content errors through MkDocs."""

    def __init__(self, failure: BuildFailed):
        self.failure = failure
        super().__init__("\n" + failure.report())


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    def __init__(self) -> None:
        self.bundle = None
        self.failure: BuildFailed | None = None
        self.root: Path | None = None
        self.pages: PageCache | None = None
        self.preview: PreviewState | None = None  # kept across `serve`'s dirty rebuilds
        self.watch: ContentWatch | None = None  # serve's watch of the content folders
        self.command: str | None = None  # build, serve or gh-deploy (from on_startup)
        self.dirty = False  # only changed pages are rebuilt (serve)
        self.overrides: dict = {}  # set by our CLI's build: "demos" (a mode or None), "cache" (False: no caches)
        self.unsafe: list = []  # pages that would carry an attribute able to run a script (see on_page_content)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """(Also makes MkDocs keep this instance across serve's rebuilds.)"""
        self.command, self.dirty = command, dirty
        self.preview = PreviewState() if command == "serve" and dirty else None

    def on_shutdown(self) -> None:
        if self.watch is not None:
            self.watch.close()
        if self.preview is not None:
            self.preview.early.close()
        self.preview, self.command, self.watch = None, None, None  # the instance outlives the command within one process

    def on_config(self, config):
        self.bundle, self.failure, self.unsafe = None, None, []
        if not self.config.enabled:
            return config
        self.root = Path(config.config_file_path).resolve().parent
        settings = site_settings(config, dict(self.config))
        try:
            options = BuildOptions.configured(self.root, dict(self.config), self.overrides.get("demos"),
                                              demo_timeout=self.config.demo_timeout, settings=settings)
            self.bundle = self.preview.early.generate(options) if self.preview is not None else generate(options)
        except BuildFailed as failure:
            self.failure = failure
            if self.preview is None:
                raise KnowledgeBaseError(failure) from None
            self.preview.errors = [e.format() for e in failure.errors]  # shown in the browser, over the last good pages
            n = len(failure.errors)
            log.error("\n".join(self.preview.errors) + f"\n{n} error{'s' if n != 1 else ''} found; the preview "
                      "shows the last good pages, with these errors over them, until they are fixed.")
            self.bundle = self.preview.last_bundle or SiteBundle(pages={"index.md": WAITING_PAGE})
        else:
            if self.preview is not None:
                self.preview.last_bundle, self.preview.errors = self.bundle, []
        # Reproducible output: sitemap dates and gzip headers follow the newest content date, not the clock
        # (unless whoever runs the build set SOURCE_DATE_EPOCH; a value an earlier build here set is renewed).
        global _EPOCH_SET
        if os.environ.get("SOURCE_DATE_EPOCH") in (None, _EPOCH_SET):
            _EPOCH_SET = os.environ["SOURCE_DATE_EPOCH"] = str(self.bundle.source_date_epoch)
        config.nav = self.bundle.nav + (config.nav or [])
        if HTML_BLOCKS not in config.markdown_extensions:  # the generated pages' marked HTML blocks
            config.markdown_extensions.append(HTML_BLOCKS)
        if config.theme.name == "material" and str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))  # JSON-LD in <head>
        for css in self.bundle.extra_css:
            if css not in config.extra_css:
                config.extra_css.append(css)
        if self.preview is not None and STATUS_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(STATUS_SCRIPT)
        persist = caching_enabled() and self.overrides.get("cache", True)
        self.pages = PageCache(self.root) if persist else None  # (--no-cache: MkDocs converts every page itself)
        return config

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled or self.bundle is None:
            return files
        self._refuse_unreadable(files, config)
        hidden = ("questions/", "tags/")
        generated: dict[str, File] = {}
        if self.preview is not None:
            self.preview.frame(config, files)
        for path, markdown in sorted(self.bundle.pages.items()):
            self._refuse_clash(files, path)
            level = InclusionLevel.NOT_IN_NAV if path.startswith(hidden) else InclusionLevel.UNDEFINED
            kept = self.preview.kept_file(path, markdown) if self.preview is not None else None
            generated[path] = kept or File.generated(config, path, content=markdown, inclusion=level)
        for path, data in sorted(self.bundle.assets.items()):
            self._refuse_clash(files, path)
            generated[path] = File.generated(config, path, content=data)
        if self.preview is not None:
            generated[STATUS_SCRIPT] = File.generated(config, STATUS_SCRIPT, content=status_script())
        for file in generated.values():
            files.append(file)
        if self.preview is not None:
            self.preview.track(generated, self.bundle.pages, files)
        if self.pages is not None:
            self.pages.hook_search(config)  # every plugin's on_config has run: the search index exists
        return files

    @event_priority(-100)  # last: the cache is keyed on the Markdown every other plugin has finished with
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if self.pages is not None:
            self.pages.page_markdown(page, markdown, config, files)
        return markdown

    @event_priority(-100)  # after every other plugin's navigation
    def on_nav(self, nav, config, files):
        if self.preview is not None:
            self.preview.confirm_kept(files)
        return nav

    def on_env(self, env, config, files):
        if self.preview is not None and self.bundle is not None:
            self.preview.theme_env(env)
        return env

    def on_page_content(self, html: str, page, config, files) -> str:
        """Safety is judged on what the page became: an attribute list may make ``<p onclick=…>``."""
        if not self.config.enabled:
            return html
        if not unsafe_attributes(html):
            return html
        src = page.file.src_uri
        path = (self.bundle.sources.get(src) if self.bundle is not None else None) or f"{Path(config.docs_dir).name}/{src}"
        source = self.root / path if self.root is not None else None
        text = source.read_text(encoding="utf-8", errors="replace") if source and source.is_file() else ""
        self.unsafe += unsafe_errors(html, path, text)
        return html

    def on_page_context(self, context, page, config, nav):
        if self.preview is not None:
            self.preview.page_built(page)
        return context

    @event_priority(50)  # before Material's search plugin writes the index
    def on_post_build(self, config) -> None:
        if self.unsafe:
            self.failure, self.unsafe = BuildFailed(self.unsafe), []
            raise KnowledgeBaseError(self.failure)
        if self.preview is not None:
            log.info(f"Pages rebuilt: {len(self.preview.rebuilt)}")
            self.preview.merge_search(config)
            self.preview.finished(config.site_dir)
        if self.pages is not None:
            log.info(f"Pages converted: {self.pages.misses}, reused from the page cache: {self.pages.hits}")
            self.pages.close(success=not self.dirty)  # a dirty rebuild does not see every page: no pruning

    def on_build_error(self, error) -> None:
        if self.pages is not None:
            self.pages.close(success=False)

    def _refuse_unreadable(self, files: Files, config) -> None:
        """docs/ files MkDocs would read or copy must be plain files inside the project."""
        root, docs = Path(config.config_file_path).parent.resolve(), os.path.join(config.docs_dir, "")
        problems = [problem for file in files if (file.abs_src_path or "").startswith(docs)
                    and (problem := docs_file_problem(root, file.abs_src_path))]
        if problems:
            self.failure = BuildFailed(problems)
            raise KnowledgeBaseError(self.failure)

    @staticmethod
    def _refuse_clash(files: Files, path: str) -> None:
        if path in files.src_uris:  # (our paths are POSIX already: no get_file_from_path, which parses each)
            raise PluginError(f"docs/{path}: error: this file clashes with a generated page of the same path "
                              "(hint: rename or remove it from docs_dir)")

    def on_serve(self, server, config, builder):
        """After the first build: watch the content too."""
        if self.config.enabled and self.root is not None:
            folders = [self.root / name for name in WATCHED if (self.root / name).is_dir()]
            self.watch = ContentWatch(folders, on_change=self.preview.early.changed if self.preview else None)
            self.watch.start(server)
            gc.collect()  # the first build's garbage (every page converted), collected before the first edit waits on it
        return server
