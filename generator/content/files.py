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
from pathlib import Path

from generator.content.entry_models import Entry
from generator.content.reading import read_document, rel, remembered
from generator.content.validation import validate
from generator.content.yamlmarks import YamlDoc, parse_bytes
from generator.errors import ErrorCollector


@dataclass(frozen=True)
class LoadedEntry:
    """A valid entry, the parsed document it came from (for positions in messages) and its path."""

    entry: Entry
    path: str  # project-relative, for messages
    doc: YamlDoc = field(repr=False, compare=False)


def load_document(root: Path, path: Path | str, errors: ErrorCollector) -> YamlDoc | None:
    raw = read_document(root, path, errors)
    if raw is None:
        return None
    doc, problems = parse_bytes(raw, rel(root, path))
    errors.extend(problems)
    return doc


def validate_doc(model, doc: YamlDoc, errors: ErrorCollector, yaml_errors_before: int):
    """Validate, leaving out model errors at spots the YAML loader already reported."""
    instance, problems = validate(model, doc)
    already = {(e.path, e.line) for e in list(errors)[yaml_errors_before:]}
    errors.extend(p for p in problems if (p.path, p.line) not in already)
    return None if len(errors) > yaml_errors_before else instance


_LOADED: dict[str, tuple[tuple, LoadedEntry]] = {}  # this process's last load of each entry file


def load_entries(root: Path, paths: list[str], errors: ErrorCollector) -> list[LoadedEntry]:
    """The valid entries of these files; every problem goes to ``errors``."""
    def load(path: str) -> LoadedEntry | None:
        before = len(errors)
        doc = load_document(root, path, errors)
        if doc is None:  # unreadable, or not YAML (its problems carry their positions): nothing to validate
            return None
        entry = validate_doc(Entry, doc, errors, before)
        return None if entry is None else LoadedEntry(entry, doc.path, doc)

    return [item for path in paths if (item := remembered(_LOADED, root, path, load)) is not None]
