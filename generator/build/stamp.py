"""Skip a build when nothing it reads has changed.

The stamp is a hash of every input of a build: content, quizzes, demo code,
docs, mkdocs.yml, the generator's own source, the cached demo results and
the versions of the libraries that shape the output. ``build`` compares it
with the stamp of the last successful build of the same site folder and, if
equal and the site is still there, stops in well under a second without
importing MkDocs or TensorFlow. Like make, it trusts a file whose size and
modification time (in nanoseconds) are unchanged, and rereads only the others.
The inputs are hashed once, before the build; the demo results again after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from importlib import metadata
from pathlib import Path

from generator.errors import note

INPUT_DIRS = ("content", "quizzes", "training_demos", "docs", "generator", "schemas")
PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "pyyaml", "pydantic", "markdown", "pymdown-extensions",
            "tensorflow-cpu", "keras", "numpy", "scikit-learn", "matplotlib")
STAMP_FILE = ".cache/build-stamp.json"


def package_versions() -> dict[str, str]:
    """Python's and the output-shaping libraries' versions (part of the stamp)."""
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def _walk(folder: str):
    """Every file under ``folder`` (no ``__pycache__``), in a fixed order."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)


def _input_files(root: Path):
    for name in INPUT_DIRS:
        yield from _walk(str(root / name))
    if (root / "mkdocs.yml").exists():
        yield str(root / "mkdocs.yml")


def _file_hash(path: str, known: dict, seen: dict) -> str:
    """A regular file's content hash; a link is known by where it points and anything else by its kind,
    so nothing here follows a link out of the project or reads a device or a pipe (the build refuses those)."""
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            return "link:" + os.readlink(path)
    except OSError:
        return "unreadable"
    if not stat.S_ISREG(st.st_mode):
        return f"special:{stat.S_IFMT(st.st_mode)}"
    entry = known.get(path)
    if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
        sha = entry[2]
    else:
        try:
            with open(path, "rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError:
            return "unreadable"
    seen[path] = [st.st_size, st.st_mtime_ns, sha]
    return sha


def _hash_files(root: Path, paths, digest, known_file: str) -> str:
    """``digest`` updated with each file's name (relative to ``root`` when inside it) and content hash.
    Files whose size and mtime are unchanged since the last call reuse their hash (kept in ``known_file``)."""
    known = _read_json(root / known_file)
    seen: dict = {}
    prefix = str(root) + os.sep
    for path in paths:
        name = path[len(prefix):] if path.startswith(prefix) else path  # the cache may live elsewhere
        digest.update(name.replace(os.sep, "/").encode() + b"\0" + _file_hash(path, known, seen).encode())
    if seen != known:
        _write_json(root / known_file, seen)
    return digest.hexdigest()


def input_stamp(root: Path, settings: dict) -> str:
    """Hash of what a build reads: content, quizzes, demo code, docs, mkdocs.yml, the generator, the
    settings and library versions. Taken before the build: an edit made during it is seen by the next one."""
    digest = hashlib.sha256(json.dumps({"settings": settings, "versions": package_versions()}, sort_keys=True).encode())
    return _hash_files(root, _input_files(root), digest, ".cache/file-hashes.json")


def results_stamp(root: Path, cache_dir: Path) -> str:
    """Hash of the cached demo results; taken again after a build, which may have refreshed them (as may
    ``demos``, without any input changing)."""
    results = (path for path in _walk(str(cache_dir)) if path.endswith(".json"))
    return _hash_files(root, results, hashlib.sha256(), ".cache/result-hashes.json")


def combined(inputs: str, results: str) -> str:
    return hashlib.sha256(f"{inputs}\0{results}".encode()).hexdigest()


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
    except OSError as exc:  # a read-only checkout still builds; it just rehashes next time
        note(f"the build stamp {path} was not written ({exc.strerror or exc}): "
             "the next build cannot tell that nothing changed")


def up_to_date(root: Path, site: Path, stamp: str) -> bool:
    return site.is_dir() and _read_json(root / STAMP_FILE).get(str(site)) == stamp


def record(root: Path, site: Path, stamp: str) -> None:
    """Remember the stamp of a successful build (atomically)."""
    stamps = _read_json(root / STAMP_FILE)
    stamps[str(site)] = stamp
    _write_json(root / STAMP_FILE, stamps)
