"""A small persistent key-value cache on SQLite, used by the page cache and the link check.

Values are pickled (optionally zlib-compressed). Reads happen one key at a
time; writes are collected and committed in one transaction by ``close``,
which can also drop the rows this run did not use, so the cache never grows
past what the project needs. SQLite keeps the file consistent: a run that is
killed mid-write leaves the previous state, and two runs may share the file.
A damaged file (not a database, or a malformed one) is said once and made
anew; other trouble with it (unreadable, locked) turns the cache off for that
run, with a note on stderr, instead of failing the build: a cache only saves
time. A row that does not decode is a miss and is rewritten; any other error
is a bug and is raised.
``KB_CACHE=off`` turns every cache off (``build --no-cache`` does the same for
one build; the benchmarks use it to time cold builds).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from generator.errors import note

_MISS_ERRORS = (pickle.UnpicklingError, zlib.error, EOFError)  # what a damaged row gives

_HEALED: set[str] = set()  # damaged files made anew by this process (each is told once)


DEMO_CACHE = ".cache/demos"  # the plugin's default cache_dir


def cache_dir_for(root: Path, configured: str | None = None) -> Path:
    """The demo cache: KB_DEMO_CACHE_DIR (tests) or the plugin's cache_dir, relative to the project."""
    return Path(os.environ.get("KB_DEMO_CACHE_DIR") or (Path(root) / (configured or DEMO_CACHE)))


def caching_enabled() -> bool:
    return os.environ.get("KB_CACHE", "").lower() not in ("off", "0", "false", "no")


class SqliteCache:
    """``get``/``put`` Python objects by string key in ``table`` of the SQLite file at ``path``."""

    def __init__(self, path: Path | None, table: str, compress: bool = False):
        self.table, self.compress, self.path = table, compress, path
        self.db: sqlite3.Connection | None = None
        self.used: set[str] = set()
        self.new: dict[str, bytes] = {}
        if path is None or not caching_enabled():
            return
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            if type(exc) is not sqlite3.DatabaseError:  # (a subclass: busy or unreadable, not a damaged file)
                self._off(exc)
                return
            self._heal(exc)
            try:
                self.db = self._open()
            except (OSError, sqlite3.Error) as again:
                self._off(again)
        except OSError as exc:
            self._off(exc)

    def _open(self) -> sqlite3.Connection:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _heal(self, problem: Exception) -> None:
        """Remove a damaged file (and its journal), so that this run writes it anew."""
        shown = str(self.path)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(shown + suffix).unlink(missing_ok=True)
        if shown not in _HEALED:
            _HEALED.add(shown)
            note(f"cache {shown} was damaged ({problem}): it is made anew")

    def _off(self, problem: Exception | None = None) -> None:
        if problem is not None:
            note(f"cache {self.path} ({self.table}) is unusable, running without it: {problem}")
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None

    def get(self, key: str) -> Any | None:
        self.used.add(key)
        db = self.db
        if db is None:
            return None
        try:
            row = db.execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            if type(exc) is sqlite3.DatabaseError:  # (a malformed page met while reading: the next run starts a new file)
                self._off()
                self._heal(exc)
            else:
                self._off(exc)
            return None
        return None if row is None else self._decode(row[0])

    def _decode(self, blob: bytes) -> Any | None:
        try:
            return pickle.loads(zlib.decompress(blob) if self.compress else blob)
        except _MISS_ERRORS:
            return None  # an unreadable row is a miss, and is rewritten

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        if self.db is not None:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self.new[key] = zlib.compress(data, 1) if self.compress else data

    def close(self, prune: bool = True) -> None:
        """Write the new rows in one transaction; with ``prune``, forget rows this run did not use."""
        if self.db is None:
            return
        table = self.table
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", self.new.items())
                if prune:  # (the keys are listed and compared here: a preview rebuild leaves a stale row or two)
                    stale = [row for row in self.db.execute(f"SELECT key FROM {table}") if row[0] not in self.used]
                    self.db.executemany(f"DELETE FROM {table} WHERE key = ?", stale)
        except sqlite3.Error as exc:  # a failed write leaves the previous state
            note(f"cache {self.path} ({self.table}) was not updated: {exc}")
        finally:
            self.new.clear()
            self._off()
