"""Safe YAML loading that keeps the line and column of every key and value.

``load_yaml`` never raises for bad input: it returns the data (or None) and a
list of :class:`ContentError`. It rejects what a content file must never
contain: duplicate keys, tags other than YAML's plain types, non-UTF-8 or
binary bytes, oversized files, and alias "bombs" whose expansion would exhaust
memory. libyaml's C parser is used when it is installed.
One walker turns PyYAML's composed nodes into plain data and records the
position of every key and value as it goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml's C parser when PyYAML has it; the pure-Python loader gives identical results.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from generator.content.reading import read_limited
from generator.errors import ContentError

MAX_NODES = 100_000  # values constructed per document, aliases counted at every use

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_COLLECTION_TAGS = (_MAP, _SEQ)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class YamlDoc:
    """A loaded document: plain Python data plus the 1-based (line, col) of each path."""

    path: str
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    block_scalars: set[tuple] = field(default_factory=set)  # paths written as '|' or '>' blocks
    text: str = ""

    def text_position(self, loc: tuple, line_in_value: int) -> tuple[int, int]:
        """File (line, col) of line ``line_in_value`` (1-based) inside the string value at ``loc``."""
        line, col = self.mark(loc)
        if tuple(loc) in self.block_scalars:
            line = line + line_in_value
            lines = self.text.splitlines()
            if 0 < line <= len(lines):
                raw = lines[line - 1]
                col = len(raw) - len(raw.lstrip(" ")) + 1
            return line, col
        return line + line_in_value - 1, (col if line_in_value == 1 else 1)

    def mark(self, loc: tuple) -> tuple[int, int]:
        """Position of the value at ``loc``, or of its nearest existing parent."""
        loc = tuple(loc)
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def key_mark(self, loc: tuple) -> tuple[int, int]:
        """Position of the key naming ``loc`` (falls back to the value's position)."""
        return self.key_marks.get(tuple(loc)) or self.mark(loc)

    def error(self, loc: tuple, message: str, hint: str | None = None, *, at_key: bool = False) -> ContentError:
        line, col = self.key_mark(loc) if at_key else self.mark(loc)
        return ContentError(self.path, line, col, message, hint)


class _TooBig(Exception):
    pass


class _Builder:
    """Turns a composed node graph into plain data, recording marks and problems."""

    def __init__(self, doc: YamlDoc, loader: Any):
        self.doc = doc
        self.loader = loader
        self.errors: list[ContentError] = []
        self.count = 0

    def _err(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        m = node.start_mark
        self.errors.append(ContentError(self.doc.path, m.line + 1, m.column + 1, message, hint))

    def _key_problem(self, key_node: yaml.Node, mapping: yaml.MappingNode) -> None:
        """Report a key that a mapping cannot take: a merge key, one that is not a plain word, a duplicate."""
        if key_node.tag == _MERGE:
            self._err(key_node, "merge keys ('<<') are not supported", "write the fields out in full")
        elif not isinstance(key_node, yaml.ScalarNode):
            self._err(key_node, "a mapping key must be a plain word", "write 'name: value'")
        else:
            key = key_node.value
            first = next(k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key and k.tag != _MERGE)
            self._err(key_node, f"duplicate key '{key}' (first defined at line {first.start_mark.line + 1})",
                      "remove one of the two; YAML would silently keep only the last")

    def build(self, node: yaml.Node, path: tuple) -> Any:
        """The value of ``node``, recording the positions of it and everything in it under ``path``."""
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        mark = node.start_mark
        self.doc.marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            self.doc.block_scalars.add(path)
        if type(node) is yaml.ScalarNode and node.tag == _STR:  # the text as written, as SafeConstructor gives it
            return node.value
        if node.tag not in _PLAIN_TAGS:
            self._err(node, f"unsupported YAML tag '{node.tag}'", "remove the tag; content files hold plain text, numbers, lists and mappings")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag in _COLLECTION_TAGS:  # '!!map' or '!!seq' on a single value
            self._err(node, f"the tag '{node.tag.rsplit(':', 1)[-1]}' does not fit a single value",
                      "remove the tag; write a list or a mapping out in full")
            return None
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.loader.yaml_constructors[node.tag](self.loader, node)
        except Exception as exc:  # noqa: BLE001 - PyYAML raises what it meets for a value its tag does not fit
            # (ValueError for '2024-13-01' or '!!int x'; others for '!!bool maybe' or '!!timestamp x')
            known = isinstance(exc, (ValueError, yaml.YAMLError))
            detail = f": {exc}" if known else f" for the tag '{node.tag.rsplit(':', 1)[-1]}'"
            if node.tag == _TIMESTAMP:
                self._err(node, f"invalid date '{node.value}'{detail}", "write dates as YYYY-MM-DD")
            else:
                self._err(node, f"invalid value '{node.value}'{detail}",
                          None if known else "remove the tag, or write a value that fits it")
            return None

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode) or key_node.value in result:
                self._key_problem(key_node, node)
                continue
            key = key_node.value
            self.doc.key_marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result


def _decode(path: str, raw: bytes) -> tuple[str | None, ContentError | None]:
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        return None, ContentError(path, line, col, "file is not text (it contains a NUL byte)",
                                  "content files must be UTF-8 text; remove or replace this file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        return None, ContentError(path, line, col, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                  "save the file with UTF-8 encoding")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


_BLOCK_START = re.compile(r"^( *)([\w-]+):\s*[|>][-+0-9]*\s*(#.*)?$")


def outside_block(text: str, line: int) -> tuple[str, str] | None:
    """(message, hint) when the 1-based ``line`` falls out of a block scalar above it (``answer: |``) by
    being less indented than the block's text; None when it does not follow such a block."""
    lines = text.splitlines()
    if not 0 < line <= len(lines) or not lines[line - 1].strip():
        return None
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    body: list[int] = []  # indentation of the block's text lines seen, going up
    for number in range(line - 1, 0, -1):
        current = lines[number - 1]
        if not current.strip():
            continue
        start = _BLOCK_START.match(current)
        if start and len(start.group(1)) < indent + 1 and body:
            if indent >= min(body):
                return None
            key = start.group(2)
            return (f"this line is less indented than the text of '{key}:' (line {number}), so it ends that text",
                    f"indent every line of '{key}' as much as its first line")
        own = len(current) - len(current.lstrip(" "))
        if own <= indent and not start:
            return None  # an ordinary line at this depth or less: this line is not about a block above
        body.append(own)
    return None


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        mark = exc.context_mark  # the line that lacks its ':' (the problem mark is past it)
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    dedented = outside_block(text, line) if line else None
    if dedented is not None:
        return ContentError(path, line, col, *dedented)
    problem = exc.problem or "malformed YAML"
    hint = "check the indentation and quoting around this spot"
    if _char_at(text, mark) == "\t" or "\\t" in problem:
        problem, hint = "a tab character cannot be used for indentation in YAML", "indent with spaces"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    if "found character that cannot start any token" in problem and mark is not None:
        hint = "quote the value if it starts with a special character such as '@', '`' or '%'"
    return ContentError(path, line, col, f"invalid YAML: {problem}", hint)


def parse_yaml(text: str, path: str) -> tuple[YamlDoc | None, list[ContentError]]:
    """Parse YAML text (one document) into a :class:`YamlDoc` with the position of every value."""
    doc = YamlDoc(path=path, data=None, text=text)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            return None, [_syntax_error(path, text, exc)]
        except yaml.YAMLError as exc:
            return None, [ContentError(path, 1, 1, f"invalid YAML: {exc}", "a content file holds exactly one YAML document")]
        if node is None:
            return doc, []
        builder = _Builder(doc, loader)
        try:
            doc.data = builder.build(node, ())
        except _TooBig:
            return None, [ContentError(path, node.start_mark.line + 1, node.start_mark.column + 1,
                                       f"document expands to more than {MAX_NODES:,} values (are aliases nested?)",
                                       "remove the '&anchor' / '*alias' chains; write the content out plainly")]
        except RecursionError:
            return None, [ContentError(path, 1, 1, "document is nested too deeply or refers to itself",
                                       "remove recursive '&anchor' / '*alias' references")]
        return doc, builder.errors
    finally:
        loader.dispose()


def load_yaml(file: Path, display_path: str) -> tuple[YamlDoc | None, list[ContentError]]:
    """Read and parse one YAML file, never raising for bad content."""
    raw, problems = read_limited(file, display_path)
    return (None, problems) if raw is None else parse_bytes(raw, display_path)


def parse_bytes(raw: bytes, display_path: str) -> tuple[YamlDoc | None, list[ContentError]]:
    """Decode (UTF-8, no NUL bytes) and parse one file's bytes."""
    text, err = _decode(display_path, raw)
    if err:
        return None, [err]
    return parse_yaml(text, display_path)
