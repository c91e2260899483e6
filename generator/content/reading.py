"""Listing and reading the project's YAML files: every refusal said, nothing followed out of the project.

A file is read only when it lies inside the project (after links), exists, and
is a regular file, and never past the size limit (:func:`read_limited`).
Folders that cannot be listed are reported; nothing is skipped in silence.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import ContentError, ErrorCollector

MAX_FILE_BYTES = 1_000_000


def rel(root: Path, path: Path | str) -> str:
    prefix, text = str(root) + os.sep, str(path)
    if text.startswith(prefix):  # the common case, without pathlib's parsing
        return text[len(prefix):].replace(os.sep, "/")
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def escapes_root(root: Path, path: Path | str) -> bool:
    """True when ``path`` (after links) lies outside ``root``, which must already be resolved."""
    try:
        return not os.path.realpath(path).startswith(str(root) + os.sep)
    except OSError:
        return True


def _link_problem(root: Path, path: Path | str, shown: str) -> ContentError | None:
    """A link out of the project, or a broken one (a loop included); None for anything else."""
    if escapes_root(root, path):
        return ContentError(shown, None, None, "this file is a link to a place outside the project",
                            "copy the file into the project instead of linking to it")
    if not os.path.exists(path):
        return ContentError(shown, None, None, "this file is a broken link", "remove it or point it at a file in the project")
    return None


def read_document(root: Path, path: Path | str, errors: ErrorCollector | list) -> bytes | None:
    """The bytes of a content file inside the project, or None with the problem recorded."""
    shown = rel(root, path)
    problem = _link_problem(root, path, shown)
    if problem is not None:
        errors.extend([problem])
        return None
    raw, problems = read_limited(path, shown)  # regular and small enough, judged on the open file
    errors.extend(problems)
    return raw


def _signature(path: str) -> tuple | None:
    """(inode, size, mtime, ctime) of a regular file; None for anything else."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) if stat.S_ISREG(st.st_mode) else None


def remembered(memo: dict, root: Path, path: str, make):
    """What ``make(path)`` gives for the file at ``path``, made again only when the file's stat signature
    changed since this process last made it (the live preview loads the project after every edit). ``make`` returns None when the
    file has problems (it records them): those are not kept, so they are found and said again."""
    signature = _signature(path)
    key = f"{root}\0{path}"
    seen = memo.get(key)
    if signature is not None and seen is not None and seen[0] == signature:
        return seen[1]
    made = make(path)
    if made is None or signature is None:
        memo.pop(key, None)
    else:
        memo[key] = (signature, made)
    return made


DOC_PAGES = (".md", ".markdown")  # the docs/ files MkDocs reads into memory (the others it copies)


def docs_file_problem(root: Path, path: str) -> ContentError | None:
    """Why MkDocs must not read or copy this ``docs/`` file, or None: a link out of the project or a broken
    one, a pipe, a device, a folder, or a page over the size limit (a pipe would hang the build, a link
    to /dev/zero fill the memory or the disk)."""
    shown = rel(root, path)
    problem = _link_problem(root, path, shown)
    if problem is not None:
        return problem
    try:
        info = os.stat(path)
    except OSError as exc:
        return ContentError(shown, None, None, f"cannot read file: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return ContentError(shown, None, None, "this is not a regular file (a pipe, device or folder)",
                            "project files must be plain files; remove or replace it")
    if path.endswith(DOC_PAGES) and info.st_size > MAX_FILE_BYTES:
        return ContentError(shown, None, None, f"file is {info.st_size / 1e6:.1f} MB, larger than the "
                            f"{MAX_FILE_BYTES / 1e6:.1f} MB limit", "split it into smaller pages")
    return None


YAML_SUFFIXES = (".yml", ".yaml")


def yaml_files(root: Path, top: Path, errors: ErrorCollector | list) -> list[str]:
    """Every ``.yml``/``.yaml`` name under ``top`` that is not a folder: see :func:`listed_files`."""
    return listed_files(root, top, errors, YAML_SUFFIXES)


def listed_files(root: Path, top: Path, errors: ErrorCollector | list, suffixes: tuple[str, ...]) -> list[str]:
    """Every file name under ``top`` ending in one of ``suffixes``, sorted, as path strings.

    Links and special files are listed too, so that reading them says why they are refused (a link
    out of the project, a pipe). Links to folders are reported and not followed; so are folders named
    like a file and folders that cannot be listed: nothing is skipped in silence."""
    found: list[str] = []

    def walk(folder: str) -> None:
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError as exc:
            errors.extend([ContentError(rel(root, folder), None, None, f"cannot read this folder: {exc.strerror or exc}",
                                        "make it readable, or move it out of the project")])
            return
        for item in items:
            if item.is_dir(follow_symlinks=False) and item.name.endswith(suffixes):
                errors.extend([ContentError(rel(root, item.path), None, None, "this is a folder named like a file",
                                            "rename it, or move it out of the project")])
            elif item.is_dir(follow_symlinks=False):
                if item.name != "__pycache__":
                    walk(item.path)
            elif item.is_symlink() and os.path.isdir(item.path):  # (False for a loop or a broken link)
                errors.extend([ContentError(rel(root, item.path), None, None, "this is a link to a folder, which is "
                                            "not followed", "move the folder itself here, or remove the link")])
            elif item.name.endswith(suffixes):
                found.append(item.path)

    if top.is_dir():
        walk(str(top))
    return sorted(found, key=lambda p: p.split(os.sep))


def read_limited(file: Path | str, display_path: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes | None, list[ContentError]]:
    """A regular file's bytes, or the reason it cannot be read (too big, unreadable, not a regular file);
    a file larger than ``max_bytes`` is not read, and opening a pipe or a device does not wait."""
    too_big = lambda size: (None, [ContentError(  # noqa: E731
        display_path, None, None, f"file is {size / 1e6:.1f} MB, larger than the {max_bytes / 1e6:.1f} MB limit",
        "split it into smaller files, or move data out of the content folder")])
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None, [ContentError(display_path, None, None, "this is not a regular file (a pipe, device or "
                                           "folder)", "project files must be plain files; remove or replace it")]
            if info.st_size > max_bytes:
                return too_big(info.st_size)
            parts = []  # read to the end, within the limit (the file may grow meanwhile)
            while data := os.read(fd, 1 << 16):
                parts.append(data)
                if sum(map(len, parts)) > max_bytes:
                    return too_big(sum(map(len, parts)))
            return b"".join(parts), []
        finally:
            os.close(fd)
    except OSError as exc:
        return None, [ContentError(display_path, None, None, f"cannot read file: {exc.strerror or exc}")]
