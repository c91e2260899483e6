"""Read, parse and validate the entry files, touching as few of them as possible.

An entry file is recognised as unchanged, cheapest first:

1. in this process (the live preview reloads on every change), by its stat
   signature (inode, size, mtime and ctime in nanoseconds): not read at all;
2. in a new process, by the same signature in the stat index that the last
   load left in ``.cache/parsed.sqlite``: not read either. Like git's index,
   a file changed less than a second before the index was written is not
   recorded, so an edit in the same clock tick is never missed;
3. by its bytes: read and hashed, and its parsed entry taken from the parse
   cache (:mod:`generator.parse_cache`).

Cached entries of one load are fetched in a few queries, not one per file.
Only the rest are parsed and validated, in a ``build`` by forked workers too
(:mod:`generator.forking`); when hundreds of files must be read (a cold build),
the workers read and hash them as well. A loaded entry carries no line marks
(unless its file has a problem); they are parsed again from the file the first
time a message needs them (:attr:`LoadedEntry.doc`). With every cache off
(``KB_CACHE=off``) none of this is looked up: files are neither hashed nor, when
their folder's listing shows them as regular files, stat'ed.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlio
from .errors import ContentError, ErrorCollector
from .forking import map_shared
from .gc_pause import gc_paused
from .kvcache import SqliteCache, caching_enabled
from .models import Entry
from .parse_cache import CACHE_FILE, content_key
from .validation import validate
from .yamlio import YamlDoc, parse_bytes, read_limited

RACY_NS = 1_000_000_000  # files changed this close to writing the stat index are not recorded in it
PARALLEL_MIN = 250  # files to parse per forked worker at least (see generator.forking)


@dataclass(frozen=True)
class LoadedEntry:
    """A valid entry, the project-relative path it came from and the content hash of that file."""

    entry: Entry
    path: str  # project-relative, for messages
    key: str = field(default="", repr=False, compare=False)  # content hash of the file (see parse_cache)
    file: str = field(default="", repr=False, compare=False)  # absolute path, to reparse line marks on demand
    _doc: YamlDoc | None = field(default=None, repr=False, compare=False)

    @property
    def doc(self) -> YamlDoc:
        """The parsed document with line marks (parsed again from the file if this entry came from the cache)."""
        if self._doc is None:
            object.__setattr__(self, "_doc", _reparse(self.file, self.path))
        return self._doc  # type: ignore[return-value]

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_doc": None, "file": ""}  # marks are cheap to reparse, costly to unpickle


def _reparse(file: str, shown: str) -> YamlDoc:
    try:
        doc, _ = yamlio.parse_bytes(Path(file).read_bytes(), shown)
    except OSError:
        doc = None
    return doc or YamlDoc(shown, None)  # the file vanished or broke since: positions fall back to 1:1


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


def read_document(root: Path, path: Path | str, errors: ErrorCollector | list, inside: bool = False) -> bytes | None:
    """The bytes of a content file inside the project, or None with the problem recorded.

    ``inside``: the caller knows it is a regular file (not a link) in a folder inside the project."""
    shown = rel(root, path)
    if not inside and escapes_root(root, path):
        errors.extend([ContentError(shown, None, None, "this file is a link to a place outside the project",
                                    "copy the file into the project instead of linking to it")])
        return None
    if not inside and not os.path.exists(path):
        errors.extend([ContentError(shown, None, None, "this file is a broken link",
                                    "remove it or point it at a file in the project")])
        return None
    raw, problems = read_limited(path, shown)
    errors.extend(problems)
    return raw


def parse_entry(raw: bytes, shown: str) -> tuple[Entry | None, list]:
    """(entry or None, problems) of one entry file's bytes; changes nothing (it may run in a fork).

    The document's line marks are not kept: recording them costs a fifth of the parse, and a forked
    worker would send them back for every entry. They are parsed again on demand, when a message needs a
    position (:attr:`LoadedEntry.doc`). The parse records none at all unless the file has a problem,
    whose message needs them."""
    doc, yaml_problems = parse_bytes(raw, shown, marks=False)
    if doc is None:  # not YAML (its problems carry their positions): nothing to validate
        return None, yaml_problems
    if not yaml_problems:
        entry, problems = validate(Entry, doc)
        if entry is not None and not problems:
            return entry, []
    problems: list[ContentError] = []
    doc, yaml_problems = parse_bytes(raw, shown)  # again, with the marks the messages need
    problems.extend(yaml_problems)
    entry = validate_doc(Entry, doc, problems, 0) if doc is not None else None
    return entry, problems


def validate_doc(model, doc: YamlDoc, errors: ErrorCollector | list, yaml_errors_before: int):
    """Validate, leaving out model errors at spots the YAML loader already reported."""
    instance, problems = validate(model, doc)
    already = {(e.path, e.line) for e in list(errors)[yaml_errors_before:]}
    errors.extend(p for p in problems if (p.path, p.line) not in already)
    return None if len(errors) > yaml_errors_before else instance


# This process's last load of each entry file, by stat signature (see the module docstring).
_LOADED: dict[str, tuple[tuple, str, LoadedEntry]] = {}


def _signature(path: Path | str) -> tuple | None:
    """(inode, size, mtime, ctime) of a regular file; None for links and anything unreadable."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class _Dirs:
    """Whether a regular file's folder lies inside the project (each folder resolved once).

    A folder is resolved from its parent's resolved path: one ``lstat`` to see whether it is a link,
    where ``os.path.realpath`` looks at every part of the path again (~15 µs per folder)."""

    def __init__(self, root: Path):
        self.prefix, self.inside, self.resolved = str(root) + os.sep, {}, {}

    def __call__(self, path: Path | str) -> bool:
        parent = os.path.dirname(path)
        found = self.inside.get(parent)
        if found is None:
            found = self.inside[parent] = (self._resolve(parent) + os.sep).startswith(self.prefix)
        return found

    def _resolve(self, folder: str) -> str:
        found = self.resolved.get(folder)
        if found is None:
            up, name = os.path.split(folder)
            if not up or up == folder or name in ("", ".", "..") or os.path.islink(folder):
                found = os.path.realpath(folder)
            else:  # a real folder: its parent's resolved path, and its name
                found = os.path.join(self._resolve(up), name)
            self.resolved[folder] = found
        return found


@dataclass
class _File:
    path: str
    shown: str
    signature: tuple | None
    key: str = ""
    raw: bytes | None = None
    problems: list = field(default_factory=list)
    done: LoadedEntry | None = None
    parsed: tuple | None = None  # what parse_entry made of it in a forked worker
    unread: bool = False  # not known by its signature: to be read and hashed
    regular: bool = False  # a regular file, not a link (from its signature, or from the folder's listing)


class EntryLoader:
    """Loads a project's entry files, with the cache given (which may be off)."""

    def __init__(self, root: Path, cache: SqliteCache, parallel: bool = False, plain: set[str] | None = None):
        """``plain``: paths the folders' listings showed as regular files, not links (see content_files)."""
        self.root, self.cache, self.parallel, self.plain = root, cache, parallel, plain or set()
        self.keyed = caching_enabled()  # entries' content hashes key the parse and page caches (see _read)
        self.index_store = SqliteCache(root / CACHE_FILE if cache.enabled else None, "stat")
        stored = self.index_store.get("index") if self.index_store.enabled else None
        self.index: dict[str, tuple] = stored if isinstance(stored, dict) else {}
        self.inside = _Dirs(root)

    def load(self, paths: list[str], errors: ErrorCollector) -> list[LoadedEntry]:
        started = time.time_ns()
        with gc_paused():  # thousands of entries kept: full collections would find nothing to free
            files = [self._recognise(path) for path in paths]
            unread = [f for f in files if f.unread]
            if self.parallel and len(unread) >= 2 * PARALLEL_MIN:
                self._read_in_workers(unread)
            else:
                for f in unread:
                    self._read(f)
            wanted = [f.key for f in files if f.done is None and f.key]
            found = self.cache.get_many(wanted) if wanted else {}
            if self.parallel:
                self._parse_in_workers([f for f in files if f.done is None and f.raw is not None and f.parsed is None
                                        and not isinstance(found.get(f.key), LoadedEntry)])
            loaded: list[LoadedEntry] = []
            for f in files:
                item = f.done or self._finish(f, found.get(f.key), errors)
                if item is not None:
                    loaded.append(item)
        self._save_index(files, started)
        return loaded

    def _read_in_workers(self, todo: list[_File]) -> None:
        """Read and hash these files in forked workers as well as here, and parse those the cache lacks.

        A cold build (no cache yet, or ``KB_CACHE=off``) reads every file: done here alone, reading and
        hashing was a tenth of its load (~15 µs of ~110 µs per file). Only what the parse needs comes back,
        not the bytes; a file the cache holds is taken from it afterwards, as when read here."""
        def work(batch: list[_File]) -> list[tuple]:
            for f in batch:
                self._read(f)
            stored = self.cache.stored([f.key for f in batch if f.key])
            return [(f.key, f.problems, None if f.raw is None or f.key in stored
                     else parse_entry(f.raw, f.shown)) for f in batch]

        for f, (key, problems, parsed) in zip(todo, map_shared(work, todo, PARALLEL_MIN)):
            f.key, f.problems, f.parsed, f.unread = key, problems, parsed, False

    def _parse_in_workers(self, todo: list[_File]) -> None:
        """Parse and validate these files in forked workers as well as here, when there are enough of them."""
        work = lambda batch: [parse_entry(f.raw, f.shown) for f in batch]  # noqa: E731
        for f, parsed in zip(todo, map_shared(work, todo, PARALLEL_MIN)):
            f.parsed = parsed

    def _recognise(self, path: str) -> _File:
        """Identify a file by the in-process memo or the stat index; else it is to be read (``unread``)."""
        if not self.cache.enabled and path in self.plain:  # (the signature only serves the cache: no lstat)
            return _File(path, rel(self.root, path), None, unread=True, regular=True)
        f = _File(path, rel(self.root, path), _signature(path))
        f.regular = f.signature is not None
        if self.cache.enabled and f.signature is not None and self.inside(path):
            seen = _LOADED.get(f"{self.root}\0{path}")
            if seen is not None and seen[0] == f.signature:
                self.cache.used.add(seen[1])
                f.key, f.done = seen[1], seen[2]
                return f
            indexed = self.index.get(f.shown)
            if indexed is not None and indexed[0] == f.signature:
                f.key = indexed[1]
                return f
        f.unread = True
        return f

    def _read(self, f: _File) -> None:
        """Read a file's bytes and hash them (see parse_cache.content_key); changes nothing else (it may run in a fork).

        With every cache off (``KB_CACHE=off``) nothing is looked up by the hash, so none is made: the
        entry's ``key`` stays empty, and no page made from it has a cache key either."""
        inside = f.regular and self.inside(f.path)  # (then no realpath per file: 10,000 take 0.3 s)
        f.raw = read_document(self.root, f.path, f.problems, inside)
        if f.raw is not None and self.keyed:
            f.key = content_key(f.shown, f.raw)
        f.unread = False

    def _finish(self, f: _File, cached, errors: ErrorCollector) -> LoadedEntry | None:
        """The entry of a file not known in this process: from the cache, else parsed and validated."""
        errors.extend(f.problems)
        if isinstance(cached, LoadedEntry):
            item = LoadedEntry(cached.entry, cached.path, cached.key, str(f.path))
        else:
            if f.parsed is None and f.raw is None and f.key:  # known by its key, but its row is gone: read it after all
                f.raw = read_document(self.root, f.path, errors)
                f.key = content_key(f.shown, f.raw) if f.raw is not None else ""
            if f.parsed is None and f.raw is None:
                return None
            entry, problems = f.parsed or parse_entry(f.raw, f.shown)
            errors.extend(problems)
            if entry is None:
                f.key = ""  # broken files are neither cached nor indexed
                return None
            item = LoadedEntry(entry, f.shown, f.key, str(f.path))
            self.cache.put(f.key, item)
        if self.cache.enabled and f.signature is not None:
            _LOADED[f"{self.root}\0{f.path}"] = (f.signature, f.key, item)
        f.done = item
        return item

    def _save_index(self, files: list[_File], started: int) -> None:
        if not self.index_store.enabled:
            return
        fresh = started - RACY_NS
        index = {f.shown: (f.signature, f.key) for f in files
                 if f.done is not None and f.signature is not None and f.signature[3] < fresh and f.signature[2] < fresh}
        if index != self.index:
            self.index_store.put("index", index)
        self.index_store.close()
