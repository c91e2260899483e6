"""Skip a build when nothing it reads has changed.

The stamp is a hash of every input of a build: content, quizzes, demo code,
docs, mkdocs.yml, the generator's own source, the cached demo results and
the versions of the libraries that shape the output. ``build`` compares it
with the stamp of the last successful build of the same site folder and, if
equal and the site is still there, stops in well under a second without
importing MkDocs or TensorFlow. Like make, it trusts a file whose size and
modification time (in nanoseconds) are unchanged, and rereads only the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

INPUT_DIRS = ("content", "quizzes", "training_demos", "docs", "generator", "schemas")
PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "pyyaml", "pydantic", "markdown", "pymdown-extensions",
            "tensorflow-cpu", "keras", "numpy", "scikit-learn", "matplotlib")
STAMP_FILE = ".cache/build-stamp.json"


def package_versions() -> dict[str, str]:
    """Python's and the output-shaping libraries' versions (also part of incremental builds' state)."""
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def _files(root: Path, cache_dir: Path):
    for name in INPUT_DIRS:
        folder = root / name
        if folder.is_dir():
            yield from (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    if (root / "mkdocs.yml").exists():
        yield root / "mkdocs.yml"
    if cache_dir.is_dir():  # results may be refreshed by `demos` without any input changing
        yield from (p for p in cache_dir.rglob("*.json"))


_KNOWN = ".cache/file-hashes.json"  # path -> [size, mtime_ns, sha256]: unchanged files are not reread


def _file_hash(path: Path, known: dict, seen: dict) -> str:
    try:
        st = path.stat()
    except OSError:
        return "unreadable"
    key = str(path)
    entry = known.get(key)
    if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
        sha = entry[2]
    else:
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return "unreadable"
    seen[key] = [st.st_size, st.st_mtime_ns, sha]
    return sha


def input_stamp(root: Path, settings: dict, cache_dir: Path) -> str:
    """Hash of every input. Files whose size and mtime are unchanged since the last call reuse their hash."""
    known = _read_json(root / _KNOWN)
    seen: dict = {}
    digest = hashlib.sha256(json.dumps({"settings": settings, "versions": package_versions()}, sort_keys=True).encode())
    for path in sorted(_files(root, cache_dir)):
        name = path.relative_to(root) if path.is_relative_to(root) else path  # the cache may live elsewhere
        digest.update(name.as_posix().encode() + b"\0" + _file_hash(path, known, seen).encode())
    if seen != known:
        _write_json(root / _KNOWN, seen)
    return digest.hexdigest()


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(data, sort_keys=True))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still builds; it just rehashes next time


def _stamps(root: Path) -> dict:
    return _read_json(root / STAMP_FILE)


def up_to_date(root: Path, site: Path, stamp: str) -> bool:
    return site.is_dir() and _stamps(root).get(str(site)) == stamp


def record(root: Path, site: Path, stamp: str) -> None:
    """Remember the stamp of a successful build (atomically)."""
    stamps = _stamps(root)
    stamps[str(site)] = stamp
    _write_json(root / STAMP_FILE, stamps)
