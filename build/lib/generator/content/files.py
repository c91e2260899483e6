"""Read, parse and validate the entry files.

Every entry file is read with a size bound, parsed with line marks
(:mod:`generator.content.yamlmarks`) and validated against the entry model.
The live preview loads the project again after every edit, so this process
remembers each file's entry by its stat signature (inode, size, modification
and change time in nanoseconds) and reads only the files whose signature
changed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.entry_models import Entry
from generator.content.reading import read_document, rel
from generator.content.validation import validate
from generator.content.yamlmarks import YamlDoc, parse_bytes
from generator.errors import ContentError, ErrorCollector


@dataclass(frozen=True)
class LoadedEntry:
    """A valid entry, the parsed document it came from (for positions in messages) and its path."""

    entry: Entry
    path: str  # project-relative, for messages
    doc: YamlDoc = field(repr=False, compare=False)


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


def _signature(path: str) -> tuple | None:
    """(inode, size, mtime, ctime) of a regular file; None for anything else."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) if stat.S_ISREG(st.st_mode) else None


# This process's last load of each entry file, by stat signature (see the module docstring).
_LOADED: dict[str, tuple[tuple, LoadedEntry]] = {}


def load_entries(root: Path, paths: list[str], errors: ErrorCollector) -> list[LoadedEntry]:
    """The valid entries of these files; every problem goes to ``errors``."""
    loaded: list[LoadedEntry] = []
    for path in paths:
        signature = _signature(path)
        memo_key = f"{root}\0{path}"
        seen = _LOADED.get(memo_key)
        if signature is not None and seen is not None and seen[0] == signature:
            loaded.append(seen[1])
            continue
        shown = rel(root, path)
        raw = read_document(root, path, errors)
        if raw is None:
            continue
        entry, doc, problems = parse_entry(raw, shown)
        errors.extend(problems)
        if entry is None or doc is None:
            _LOADED.pop(memo_key, None)
            continue
        item = LoadedEntry(entry, shown, doc)
        if signature is not None:
            _LOADED[memo_key] = (signature, item)
        loaded.append(item)
    return loaded
