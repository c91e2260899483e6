"""Parsed and validated content files, cached by content hash in ``.cache/parsed.sqlite``.

An unchanged entry file is not parsed or validated again: its YAML document
(with line marks, for cross-file messages) and its model come back from the
cache. The key is a SHA-256 of the file's bytes, its displayed path and the
generator's own code, so editing one file revalidates one file, and changing
the models or the loader revalidates everything. Only files without problems
are cached; a broken file is parsed, and reported, every time. Storage, and
what happens when the cache file is damaged, is :mod:`generator.kvcache`'s.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

from .kvcache import SqliteCache

CACHE_FILE = ".cache/parsed.sqlite"
GENERATOR_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_version() -> bytes:
    """Hash of the generator's sources and templates, and of the interpreter and pydantic versions."""
    import pydantic
    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    for path in sorted(p for p in GENERATOR_DIR.rglob("*") if p.suffix in (".py", ".j2")):
        digest.update(path.relative_to(GENERATOR_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def content_key(display_path: str, raw: bytes) -> str:
    return hashlib.sha256(code_version() + display_path.encode() + b"\0" + raw).hexdigest()


def parse_cache(root: Path | None) -> SqliteCache:
    return SqliteCache(None if root is None else Path(root) / CACHE_FILE, "parsed")
