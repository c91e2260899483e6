"""Incremental ``build``: rebuild only the pages that changed, into a copy of the last site.

After each successful ``build`` the CLI saves, per site folder, what the live
preview keeps in memory (:class:`generator.preview.PreviewState`: a digest of
every generated page's Markdown, where each was written, a fingerprint of the
navigation, ``mkdocs.yml`` and the hand-written files), plus the size and date
of every file of the finished site. The next ``build`` of that folder, when an
input changed, copies the site to a staging folder (hard-linking its pages:
:func:`copy_site`) and runs a dirty MkDocs
build there with that state, so exactly the preview's pages are rebuilt: the
edited entries, the pages that list them, the indexes; the search index is
merged; pages that are gone are deleted. The staging folder then replaces the
site as in a full build, after the same link check; a failure leaves the old
site as it was.

A full build runs instead when there is no saved state, when the settings,
the generator or a library changed, when the site folder was touched since
(any file added, removed or changed), with ``--force`` or ``--no-cache``, and
when the navigation, ``mkdocs.yml`` or a hand-written file changed (the dirty
build stops at once and the CLI starts over clean). The tests compare
incremental builds with clean ones, file by file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .kvcache import caching_enabled
from .parse_cache import code_version
from .preview import PreviewState
from .stamp import package_versions

STATE_DIR = ".cache/site-state"


class _QuietDirty(logging.Filter):
    """Drops MkDocs' warning that a dirty build may have stale navigation (ours tracks it; see preview)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _QuietDirty) for f in logger.filters):
        logger.addFilter(_QuietDirty())


def _state_file(root: Path, site: Path) -> Path:
    return root / STATE_DIR / (hashlib.sha256(str(site).encode()).hexdigest()[:24] + ".pickle")


def _setting_key(settings: dict) -> str:
    return hashlib.sha256(json.dumps([settings, package_versions(), code_version().hex()], sort_keys=True,
                                     default=str).encode()).hexdigest()


def _outputs(site: Path) -> dict[str, tuple[int, int]]:
    """Every file of a built site: relative path -> (size, modification time in ns).

    What ``os.walk`` lists (links to folders are neither listed nor followed), in one ``scandir``
    pass with each entry's own ``stat``: 0.15 s instead of 0.23-0.43 s for a 10,000-entry site."""
    out: dict[str, tuple[int, int]] = {}
    prefix = len(str(site)) + 1
    folders = [str(site)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                for item in listing:
                    if item.is_dir():
                        if not item.is_symlink():
                            folders.append(item.path)
                    else:
                        st = item.stat(follow_symlinks=False)
                        out[item.path[prefix:]] = (st.st_size, st.st_mtime_ns)
        except NotADirectoryError:
            continue
    return out


def load(root: Path, site: Path, settings: dict) -> PreviewState | None:
    """The state to rebuild ``site`` incrementally, or None when a full build is needed."""
    if not caching_enabled() or not site.is_dir():
        return None
    try:
        with open(_state_file(root, site), "rb") as handle:
            saved = pickle.load(handle)
        if saved["settings"] != _setting_key(settings) or saved["outputs"] != _outputs(site):
            return None  # other settings or code, or someone changed the site since
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return PreviewState.restore(saved["state"], index)
    except (OSError, ValueError, KeyError, TypeError, EOFError, pickle.UnpicklingError, AttributeError):
        return None  # no state (first build) or an unreadable one: build in full


def save(root: Path, site: Path, settings: dict, state: PreviewState | None) -> None:
    """Remember a successful build of ``site`` (``state``: what the plugin tracked during it)."""
    path = _state_file(root, site)
    try:
        if state is None or not caching_enabled():
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = {"settings": _setting_key(settings), "outputs": _outputs(site),
                                "state": state.saved()}
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # the next build is a full one


def copy_site(site: Path, staging: Path) -> None:
    """The last site, copied with its files' dates (MkDocs copies a static file again only when newer).

    HTML files, most of a site, are hard links to the old ones, which MkDocs writes only through
    ``mkdocs.utils.write_file`` and ``copy_file``; :func:`replacing_writes` makes those replace a file
    instead of writing into it, so the old site is never changed. Other files are copied.
    """
    def link_or_copy(src: str, dst: str) -> None:
        if src.endswith(".html"):
            try:
                os.link(src, dst)
                return
            except OSError:
                pass  # e.g. a file system without hard links
        shutil.copy2(src, dst)

    shutil.copytree(site, staging, symlinks=True, copy_function=link_or_copy)


@contextmanager
def replacing_writes():
    """MkDocs' file writers remove an existing file first, so a hard-linked old file keeps its bytes."""
    from mkdocs import utils

    def unlinked(write):
        def replace(source, output_path: str) -> None:
            if os.path.isfile(output_path):
                os.unlink(output_path)
            write(source, output_path)
        return replace

    original = utils.write_file, utils.copy_file
    utils.write_file, utils.copy_file = unlinked(original[0]), unlinked(original[1])
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = original
