"""Read every content file, validate it, and cross-link it into one immutable Corpus.

Per-file problems (YAML, types, fields) come from :mod:`.yamlmarks` and
:mod:`.validation`; this module adds the rules that need the whole corpus:
unknown topics and related ids (with did-you-mean), duplicate ids, duplicate
questions, repeated taxonomy ids, files that escape the project. All problems
are collected and raised together as :class:`BuildFailed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.content.entry_models import Entry, FieldOfStudy, Lesson, Programme, Taxonomy, Topic
from generator.content.files import LoadedEntry, load_document, load_entries, validate_doc
from generator.content.reading import yaml_files
from generator.content.yamlmarks import YamlDoc
from generator.errors import BuildFailed, ErrorCollector, did_you_mean

TAXONOMY_FILE = "content/taxonomy.yml"


def newest_first(entry) -> tuple:
    """Sort key of question lists: newest first, then by question."""
    return (-entry.published.toordinal(), entry.question.casefold())


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
                found.sort(key=newest_first)
            object.__setattr__(self, "_by_topic", cached)
        return cached


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


def _cross_check(entries: list[LoadedEntry], places: dict[str, Place], errors: ErrorCollector) -> list[LoadedEntry]:
    first_by_id: dict[str, LoadedEntry] = {}
    first_by_question: dict[str, LoadedEntry] = {}
    unique: list[LoadedEntry] = []
    for item in entries:
        e = item.entry
        if e.id in first_by_id:
            other = first_by_id[e.id]
            errors.extend([item.doc.error(("id",), f"duplicate id '{e.id}', also used by {other.path}:{other.doc.mark(('id',))[0]}",
                                     "ids must be unique; rename one of them")])
            continue
        first_by_id[e.id] = item
        unique.append(item)
        q = " ".join(e.question.casefold().split()).rstrip("?.! ")  # case, spacing and closing punctuation aside
        if q in first_by_question:
            other = first_by_question[q]
            errors.extend([item.doc.error(("question",), f"the same question is already asked by {other.path}:{other.doc.mark(('question',))[0]}",
                                     "merge the two entries, or make the question more specific")])
        else:
            first_by_question[q] = item
        if e.topic not in places:
            errors.extend([item.doc.error(("topic",), f"unknown topic '{e.topic}'",
                                     did_you_mean(e.topic, places) or "topics are declared in content/taxonomy.yml")])
    for item in unique:
        for i, rid in enumerate(item.entry.related):
            if rid == item.entry.id:
                errors.extend([item.doc.error(("related", i), f"entry '{rid}' lists itself as related", "remove it")])
            elif rid not in first_by_id:
                errors.extend([item.doc.error(("related", i), f"unknown related entry '{rid}'",
                                              did_you_mean(rid, first_by_id) or "use the 'id' of an existing entry")])
    return sorted(unique, key=lambda x: x.entry.id)


def load_corpus(root: Path) -> Corpus:
    """Load and validate everything under ``root``; raise BuildFailed listing every problem.

    Entry files unchanged since an earlier load in this process are not parsed again (see
    :mod:`generator.content.files`); the cross-file rules run every time.
    """
    root = Path(root).resolve()  # once: every file is checked against it
    errors = ErrorCollector()
    taxonomy, tax_doc = _load_taxonomy(root, errors)
    places, lessons = _places(taxonomy) if taxonomy else ({}, {})
    taxonomy_file = str(root / TAXONOMY_FILE)
    loaded = load_entries(root, [p for p in yaml_files(root, root / "content", errors) if p != taxonomy_file], errors)
    if not loaded and not errors:
        errors.add("content/entries", None, None, "there are no entries yet", "add one with 'python -m generator new'")
    entries = _cross_check(loaded, places, errors) if taxonomy else loaded
    if errors or taxonomy is None:
        raise BuildFailed(list(errors))
    return Corpus(root, taxonomy, tuple(entries), places, lessons, tax_doc)
