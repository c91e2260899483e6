"""Author-facing errors: one line each, ``path:line:col: error: message (hint: ...)``.

Every stage (YAML loading, validation, cross-checks, demos, templates) reports
problems as :class:`ContentError` values into an :class:`ErrorCollector`, so a
single run shows every problem in every file. :class:`BuildFailed` carries the
collected errors out of the core; the CLI and the MkDocs plugin print them and
exit with status 1 instead of showing a traceback.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem at one place. ``line`` and ``col`` are 1-based, or None when unknown."""

    path: str
    line: int | None
    col: int | None
    message: str
    hint: str | None = None

    def location(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def format(self) -> str:
        """The one-line report; control characters (a newline or a terminal escape in a file name) are
        written as escapes, so a report line is always one line and prints as it reads."""
        text = f"{self.location()}: error: {_one_line(self.message)}"
        if self.hint:
            text += f" (hint: {_one_line(self.hint)})"
        return _CONTROL.sub(_escape, text)

    def as_dict(self) -> dict:
        return asdict(self)

    __str__ = format


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class BuildFailed(Exception):
    """Raised by the core when the collected errors make a build impossible."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors), key=_sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [e.format() for e in self.errors]
        n = len(self.errors)
        lines.append(f"{n} error{'s' if n != 1 else ''} found; nothing was built.")
        return "\n".join(lines)

    def told(self) -> int:
        """Print the report on stderr; the command's exit status (1)."""
        print(self.report(), file=sys.stderr)
        return 1


def _sort_key(e: ContentError):
    return (e.path, e.line or 0, e.col or 0, e.message)


class ErrorCollector:
    """Accumulates errors from every file, to be raised all at once as a :class:`BuildFailed`."""

    def __init__(self) -> None:
        self._errors: list[ContentError] = []

    def add(self, path: str, line: int | None, col: int | None, message: str, hint: str | None = None) -> None:
        self._errors.append(ContentError(str(path), line, col, message, hint))

    def extend(self, errors: Iterable[ContentError]) -> None:
        self._errors.extend(errors)

    def __iter__(self) -> Iterator[ContentError]:
        return iter(self._errors)

    def __len__(self) -> int:
        return len(self._errors)


def note(message: str) -> None:
    """Something the user should know that is not an error: one ``note:`` line on stderr (never a MkDocs
    warning, which would fail a strict build)."""
    print(f"note: {message}", file=sys.stderr)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known choice, or None when nothing is close."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None
