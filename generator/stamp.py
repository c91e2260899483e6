"""Skip a build when nothing it reads has changed.

The stamp is a hash of every input of a build: content, quizzes, demo code,
docs, mkdocs.yml, the generator's own source, the cached demo results and
the versions of the libraries that shape the output. ``build`` compares it
with the stamp of the last successful build of the same site folder and, if
equal and the site is still there, stops in well under a second without
importing MkDocs or TensorFlow.
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


def _versions() -> dict[str, str]:
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


def input_stamp(root: Path, settings: dict, cache_dir: Path) -> str:
    digest = hashlib.sha256(json.dumps({"settings": settings, "versions": _versions()}, sort_keys=True).encode())
    for path in sorted(_files(root, cache_dir)):
        name = path.relative_to(root) if path.is_relative_to(root) else path  # the cache may live elsewhere
        digest.update(name.as_posix().encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _stamps(root: Path) -> dict:
    try:
        return json.loads((root / STAMP_FILE).read_text())
    except (OSError, ValueError):
        return {}


def up_to_date(root: Path, site: Path, stamp: str) -> bool:
    return site.is_dir() and _stamps(root).get(str(site)) == stamp


def record(root: Path, site: Path, stamp: str) -> None:
    """Remember the stamp of a successful build (atomically)."""
    stamps = _stamps(root)
    stamps[str(site)] = stamp
    path = root / STAMP_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(stamps, indent=1, sort_keys=True))
    os.replace(tmp, path)
