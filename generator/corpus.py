"""Read every content file, validate it, and cross-link it into one immutable Corpus.

Per-file problems (YAML, types, fields) come from :mod:`yamlio` and
:mod:`validation`; this module adds the rules that need the whole corpus:
unknown topics and related ids (with did-you-mean), duplicate ids, duplicate
questions, repeated taxonomy ids, files that escape the project. All problems
are collected and raised together as :class:`BuildFailed`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildFailed, ErrorCollector, did_you_mean
from .kvcache import SqliteCache
from .models import Entry, FieldOfStudy, Lesson, Programme, Taxonomy, Topic
from .parse_cache import content_key, parse_cache
from .validation import validate
from .yamlio import YamlDoc, parse_bytes, read_limited

TAXONOMY_FILE = "content/taxonomy.yml"
ENTRY_GLOBS = ("content/**/*.yml", "content/**/*.yaml")


@dataclass(frozen=True)
class Place:
    """Where a topic sits in the taxonomy."""

    field: FieldOfStudy
    programme: Programme
    lesson: Lesson
    topic: Topic

    @property
    def trail(self) -> tuple:
        return (self.field, self.programme, self.lesson, self.topic)


@dataclass(frozen=True)
class LoadedEntry:
    entry: Entry
    path: str  # project-relative, for messages
    doc: YamlDoc = field(repr=False, compare=False)
    key: str = field(default="", repr=False, compare=False)  # content hash of the file (see parse_cache)


@dataclass(frozen=True)
class Corpus:
    root: Path
    taxonomy: Taxonomy
    entries: tuple[LoadedEntry, ...]  # sorted by id
    places: dict[str, Place]  # topic id -> place
    lessons: dict[str, tuple[FieldOfStudy, Programme, Lesson]]
    taxonomy_doc: YamlDoc = field(repr=False, compare=False)

    def by_id(self) -> dict[str, LoadedEntry]:
        return {e.entry.id: e for e in self.entries}

    def place_of(self, entry: Entry) -> Place:
        return self.places[entry.topic]

    def entries_in_topic(self, topic_id: str) -> list[Entry]:
        """Entries of a topic, newest first (then by question for a stable order)."""
        return self.by_topic().get(topic_id, [])

    def by_topic(self) -> dict[str, list[Entry]]:
        """Every topic's entries, newest first; computed once per corpus."""
        cached = self.__dict__.get("_by_topic")
        if cached is None:
            cached = {}
            for item in self.entries:
                cached.setdefault(item.entry.topic, []).append(item.entry)
            for found in cached.values():
                found.sort(key=lambda e: (-e.published.toordinal(), e.question.casefold()))
            object.__setattr__(self, "_by_topic", cached)
        return cached


def rel(root: Path, path: Path) -> str:
    prefix, text = str(root) + os.sep, str(path)
    if text.startswith(prefix):  # the common case, without pathlib's parsing
        return text[len(prefix):].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def content_files(root: Path) -> list[Path]:
    """Entry files under content/ (not the taxonomy), sorted for a stable order."""
    files = {p for pattern in ENTRY_GLOBS for p in root.glob(pattern)}
    return sorted(p for p in files if rel(root, p) != TAXONOMY_FILE and (p.is_file() or p.is_symlink()))


def escapes_root(root: Path, path: Path) -> bool:
    """True when ``path`` (after links) lies outside ``root``, which must already be resolved."""
    try:
        return not os.path.realpath(path).startswith(str(root) + os.sep)
    except OSError:
        return True


def read_document(root: Path, path: Path, errors: ErrorCollector) -> bytes | None:
    """The bytes of a content file inside the project, or None with the problem recorded."""
    shown = rel(root, path)
    if escapes_root(root, path):
        errors.add(shown, None, None, "this file is a link to a place outside the project",
                   "copy the file into the project instead of linking to it")
        return None
    if not os.path.exists(path):
        errors.add(shown, None, None, "this file is a broken link", "remove it or point it at a file in the project")
        return None
    raw, problems = read_limited(path, shown)
    errors.extend(problems)
    return raw


def load_document(root: Path, path: Path, errors: ErrorCollector) -> YamlDoc | None:
    raw = read_document(root, path, errors)
    if raw is None:
        return None
    doc, problems = parse_bytes(raw, rel(root, path))
    errors.extend(problems)
    return doc


# This process's last load of each entry file, by (inode, size, mtime, ctime): the live preview
# reloads the corpus on every change, and most files have not been touched since.
_LOADED: dict[str, tuple[tuple, str, LoadedEntry]] = {}


def _signature(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def load_entry(root: Path, path: Path, errors: ErrorCollector, cache: SqliteCache) -> LoadedEntry | None:
    """One entry file: unchanged since this process loaded it, or from the parse cache when its bytes
    are unchanged, else parsed and validated."""
    signature, memo_key = _signature(path), f"{root}\0{path}"
    seen = _LOADED.get(memo_key)
    if cache.enabled and seen is not None and signature is not None and seen[0] == signature:
        cache.used.add(seen[1])
        return seen[2]
    raw = read_document(root, path, errors)
    if raw is None:
        return None
    shown = rel(root, path)
    key = content_key(shown, raw)
    cached = cache.get(key)
    if isinstance(cached, LoadedEntry):
        _LOADED[memo_key] = (signature, key, cached)  # (only reached with the cache on)
        return cached
    before = len(errors)
    doc, problems = parse_bytes(raw, shown)
    errors.extend(problems)
    entry = validate_doc(Entry, doc, errors, before) if doc is not None else None
    if entry is None:
        return None
    loaded = LoadedEntry(entry, doc.path, doc, key)
    cache.put(key, loaded)
    if cache.enabled:
        _LOADED[memo_key] = (signature, key, loaded)
    return loaded


def validate_doc(model, doc: YamlDoc, errors: ErrorCollector, yaml_errors_before: int):
    """Validate, leaving out model errors at spots the YAML loader already reported."""
    instance, problems = validate(model, doc)
    already = {(e.path, e.line) for e in list(errors)[yaml_errors_before:]}
    errors.extend(p for p in problems if (p.path, p.line) not in already)
    return None if len(errors) > yaml_errors_before else instance


def _load_taxonomy(root: Path, errors: ErrorCollector) -> tuple[Taxonomy | None, YamlDoc | None]:
    path = root / TAXONOMY_FILE
    if not path.exists():
        errors.add(TAXONOMY_FILE, None, None, "the taxonomy file is missing",
                   "create it with fields > programmes > lessons > topics; see the README")
        return None, None
    before = len(errors)
    doc = load_document(root, path, errors)
    if doc is None:
        return None, None
    taxonomy = validate_doc(Taxonomy, doc, errors, before)
    if taxonomy is not None:
        _check_taxonomy_ids(taxonomy, doc, errors)
    return taxonomy, doc


def _check_taxonomy_ids(taxonomy: Taxonomy, doc: YamlDoc, errors: ErrorCollector) -> None:
    seen: dict[str, tuple] = {}
    for fi, f in enumerate(taxonomy.fields):
        items = [(("fields", fi), f)]
        for pi, p in enumerate(f.programmes):
            items.append((("fields", fi, "programmes", pi), p))
            for li, lesson in enumerate(p.lessons):
                items.append((("fields", fi, "programmes", pi, "lessons", li), lesson))
                items.extend((("fields", fi, "programmes", pi, "lessons", li, "topics", ti), t)
                             for ti, t in enumerate(lesson.topics))
        for loc, item in items:
            if item.id in seen:
                line = doc.mark(seen[item.id] + ("id",))[0]
                errors.extend([doc.error(loc + ("id",), f"taxonomy id '{item.id}' is used twice (first at line {line})",
                                         "every field, programme, lesson and topic needs its own id")])
            else:
                seen[item.id] = loc


def _places(taxonomy: Taxonomy) -> tuple[dict[str, Place], dict]:
    places, lessons = {}, {}
    for f in taxonomy.fields:
        for p in f.programmes:
            for lesson in p.lessons:
                lessons.setdefault(lesson.id, (f, p, lesson))
                for t in lesson.topics:
                    places.setdefault(t.id, Place(f, p, lesson, t))
    return places, lessons


def normalize_question(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip("?.! ")


def _cross_check(entries: list[LoadedEntry], places: dict[str, Place], errors: ErrorCollector) -> list[LoadedEntry]:
    first_by_id: dict[str, LoadedEntry] = {}
    first_by_question: dict[str, LoadedEntry] = {}
    unique: list[LoadedEntry] = []
    for item in entries:
        e, doc = item.entry, item.doc
        if e.id in first_by_id:
            other = first_by_id[e.id]
            errors.extend([doc.error(("id",), f"duplicate id '{e.id}', also used by {other.path}:{other.doc.mark(('id',))[0]}",
                                     "ids must be unique; rename one of them")])
            continue
        first_by_id[e.id] = item
        unique.append(item)
        q = normalize_question(e.question)
        if q in first_by_question:
            other = first_by_question[q]
            errors.extend([doc.error(("question",), f"the same question is already asked by {other.path}:{other.doc.mark(('question',))[0]}",
                                     "merge the two entries, or make the question more specific")])
        else:
            first_by_question[q] = item
        if e.topic not in places:
            errors.extend([doc.error(("topic",), f"unknown topic '{e.topic}'",
                                     did_you_mean(e.topic, places) or "topics are declared in content/taxonomy.yml")])
    for item in unique:
        for i, rid in enumerate(item.entry.related):
            if rid == item.entry.id:
                errors.extend([item.doc.error(("related", i), f"entry '{rid}' lists itself as related", "remove it")])
            elif rid not in first_by_id:
                errors.extend([item.doc.error(("related", i), f"unknown related entry '{rid}'",
                                              did_you_mean(rid, first_by_id) or "use the 'id' of an existing entry")])
    return sorted(unique, key=lambda x: x.entry.id)


def load_corpus(root: Path, use_cache: bool = True) -> Corpus:
    """Load and validate everything under ``root``; raise BuildFailed listing every problem.

    Entry files whose bytes are unchanged since an earlier load come from the
    parse cache (:mod:`generator.parse_cache`); the cross-file rules run every time.
    """
    root = Path(root).resolve()  # once: every file is checked against it
    errors = ErrorCollector()
    taxonomy, tax_doc = _load_taxonomy(root, errors)
    places, lessons = _places(taxonomy) if taxonomy else ({}, {})
    cache = parse_cache(root if use_cache else None)
    loaded: list[LoadedEntry] = []
    try:
        for path in content_files(root):
            item = load_entry(root, path, errors, cache)
            if item is not None:
                loaded.append(item)
    finally:
        cache.close()
    if not loaded and not errors:
        errors.add("content/entries", None, None, "there are no entries yet", "add one with 'python -m generator new'")
    entries = _cross_check(loaded, places, errors) if taxonomy else loaded
    if errors or taxonomy is None:
        raise BuildFailed(list(errors))
    return Corpus(root, taxonomy, tuple(entries), places, lessons, tax_doc)
