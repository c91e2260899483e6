"""Validate ``mkdocs.yml`` the way MkDocs will, and report problems as located one-line errors.

MkDocs reports configuration problems through its log without a line number;
this module captures them and points at the line of the option they name.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import yaml

from generator.errors import ContentError

CONFIG = "mkdocs.yml"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _line_of(text: str, message: str) -> int | None:
    """Line of the last option named in quotes in ``message`` (e.g. 'demos'), if it appears as a key."""
    for name in reversed(re.findall(r"'([A-Za-z_][\w.-]*)'", message)):
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(rf"^\s*(?:-\s*)?{re.escape(name)}\s*:", line):
                return number
    return None


def check_mkdocs_yml(root: Path) -> list[ContentError]:
    return load_checked(root)[0]


def plugin(config, *names: str):
    """The first of the named plugins a loaded config has (e.g. 'material/search', 'search'), or None."""
    plugins = getattr(config, "plugins", None) or {}
    if not hasattr(plugins, "get"):
        return None
    return next((plugins.get(n) for n in names if plugins.get(n) is not None), None)


def plugin_options(config) -> dict:
    """The knowledge-base plugin's options of a loaded config ({} when it is not configured)."""
    found = plugin(config, "knowledge-base")
    return dict(found.config) if found is not None else {}


def site_settings(config, options: dict):
    """The pages' settings from a loaded config and the knowledge-base plugin's options."""
    from generator.pages.bundle import SiteSettings
    return SiteSettings(site_name=config.site_name, description=options.get("description", SiteSettings.description),
                        site_url=config.site_url or "", search_full_answers=options.get("search_full_answers", "auto"),
                        allow_raw_html=options.get("allow_raw_html", False), directory_urls=config.use_directory_urls)


def load_checked(root: Path) -> tuple[list[ContentError], object | None]:
    """The problems of ``mkdocs.yml``, and the loaded config when there are none."""
    path = root / CONFIG
    if not path.exists():
        return [ContentError(CONFIG, None, None, "mkdocs.yml is missing",
                             "copy it from a fresh clone of the project")], None
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    text = path.read_text(encoding="utf-8", errors="replace")
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.propagate)
    logger.handlers, logger.propagate = [capture], False
    try:
        config = load_config(str(path))
        # Warnings (an unknown option, say) fail this project's strict builds: they are errors here too.
        return [ContentError(CONFIG, _line_of(text, m), None, m.strip().splitlines()[0],
                             "see the plugin options in the README") for m in capture.messages], config
    except (ConfigurationError, Abort) as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
            mark = cause.problem_mark
            return [ContentError(CONFIG, mark.line + 1, mark.column + 1, f"invalid YAML: {cause.problem}",
                                 "check the indentation and quoting around this spot")], None
        messages = list(dict.fromkeys(m for m in capture.messages if "Aborted" not in m)) or [str(exc)]
        return [ContentError(CONFIG, _line_of(text, m), None, m.strip().splitlines()[0],
                             "see the plugin options in the README") for m in messages], None
    finally:
        logger.handlers, logger.propagate = saved


def mkdocs_logging(verbose: bool = False) -> None:
    """Show MkDocs' warnings (which fail a strict build) the way its own CLI does."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_kb", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._kb = True  # type: ignore[attr-defined]
        # MkDocs logs a plugin's error before aborting; we print our report ourselves, once.
        handler.addFilter(lambda record: not record.getMessage().rstrip().endswith("nothing was built.")
                          and not record.getMessage().startswith("Config value"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
