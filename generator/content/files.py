"""Read, parse and validate the entry files.

Every entry file is read with a size bound, parsed with line marks
(:mod:`generator.content.yamlmarks`) and validated against the entry model.
The live preview loads the project again after every edit, so this process
remembers what it made of each file (an entry here; a quiz, the taxonomy) by the
file's stat signature (inode, size, modification and change time in
nanoseconds) and reads only the files whose signature changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.content.entry_models import Entry
from generator.content.reading import read_document, rel, remembered
from generator.content.validation import validate
from generator.content.yamlmarks import YamlDoc, parse_bytes
from generator.errors import ContentError, ErrorCollector


@dataclass(frozen=True)
class LoadedEntry:
    """A valid entry, the parsed document it came from (for positions in messages) and its path."""

    entry: Entry
    path: str  # project-relative, for messages
    doc: YamlDoc = field(repr=False, compare=False)

    @cached_property
    def question_key(self) -> str:
        """The question as duplicates are found: case, spacing and closing punctuation aside."""
        return " ".join(self.entry.question.casefold().split()).rstrip("?.! ")


def parse_entry(raw: bytes, shown: str) -> tuple[Entry | None, YamlDoc | None, list[ContentError]]:
    """(entry or None, its document, problems) of one entry file's bytes."""
    doc, problems = parse_bytes(raw, shown)
    if doc is None:  # not YAML (its problems carry their positions): nothing to validate
        return None, None, problems
    entry = validate_doc(Entry, doc, problems, 0)
    return entry, doc, problems


def validate_doc(model, doc: YamlDoc, errors: ErrorCollector | list, yaml_errors_before: int):
    """Validate, leaving out model errors at spots the YAML loader already reported."""
    instance, problems = validate(model, doc)
    already = {(e.path, e.line) for e in list(errors)[yaml_errors_before:]}
    errors.extend(p for p in problems if (p.path, p.line) not in already)
    return None if len(errors) > yaml_errors_before else instance


_LOADED: dict[str, tuple[tuple, LoadedEntry]] = {}  # this process's last load of each entry file


def load_entries(root: Path, paths: list[str], errors: ErrorCollector) -> list[LoadedEntry]:
    """The valid entries of these files; every problem goes to ``errors``."""
    def load(path: str) -> LoadedEntry | None:
        shown = rel(root, path)
        raw = read_document(root, path, errors)
        if raw is None:
            return None
        entry, doc, problems = parse_entry(raw, shown)
        errors.extend(problems)
        return None if entry is None or doc is None else LoadedEntry(entry, shown, doc)

    return [item for path in paths if (item := remembered(_LOADED, root, path, load)) is not None]
