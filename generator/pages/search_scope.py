"""What Material's search indexes of an entry page: the whole page, or question, summary and tags only.

The plugin option ``search_full_answers`` is ``true``, ``false`` or ``auto``
(the default). ``auto`` indexes whole answers while the site has at most
:data:`AUTO_FULL_ANSWERS_MAX` entries and the compact form above that, which keeps the
gzip-compressed ``search_index.json`` of ~500-word answers under about 2 MB (a whole answer
costs about 1.3 KB of it, the compact form about 0.3 KB).

In the compact form the entry template marks everything but the title, the
"In short" summary and the tags (which Material indexes from the front
matter) with ``data-search-exclude``. Material's search parser starts a new
index record at every heading that has an id, even inside an excluded
element, and only drops the record when the heading itself carries the
attribute; the text after such a heading then belongs to the dropped record.
:func:`exclude_headings` therefore puts the attribute on every Markdown
heading of the answer and the self-check, so excluded headings leave no empty
records behind. Material strips ``data-search-*`` attributes from the HTML it
writes, so readers get the same page, with the same anchors and contents.
"""

from __future__ import annotations

import re

AUTO_FULL_ANSWERS_MAX = 1500
EXCLUDE = 'data-search-exclude="true"'

_FENCE = re.compile(r"(`{3,}|~{3,})")
_CONTAINER = re.compile(r"(?:[!?]{3}\+?[ ]|[-*+][ ]|\d+[.)][ ])")  # admonition, details, list item
_ATTR_LIST = re.compile(r"[ ]+\{:?[ ]*[^}\n ][^\n]*\}[ ]*$")  # attr_list's trailing { ... } of a heading
_CLOSING_HASHES = re.compile(r"[ ]+#+[ ]*$")
_SETEXT = re.compile(r"(?:=+|-+)[ ]*$")


def full_answers(option: bool | str, entries: int) -> bool:
    """Whether answers are indexed whole: ``option`` is True, False or 'auto' (by the number of entries)."""
    if option == "auto":
        return entries <= AUTO_FULL_ANSWERS_MAX
    if option in (True, False):
        return bool(option)
    raise ValueError(f"search_full_answers must be true, false or auto, not {option!r}")


def mark_heading(line: str) -> str:
    """One heading line with the exclusion attribute, merged into an attribute list it already has."""
    text = line.rstrip()
    if _ATTR_LIST.search(text):
        return f"{text[:-1].rstrip()} {EXCLUDE} }}"
    if text.lstrip(" ").startswith("#"):
        text = _CLOSING_HASHES.sub("", text)
    return f"{text} {{ {EXCLUDE} }}"


def exclude_headings(markdown: str) -> str:
    """``markdown`` with :func:`mark_heading` applied to its ATX and setext headings.

    Headings count at the top level and in admonitions and list items (content
    indented by four spaces); lines in fenced and indented code stay as they are.
    Headings written as raw HTML are not touched.
    """
    out: list[str] = []
    fence: str | None = None
    containers: list[int] = []  # content indents of the open admonitions and list items
    for line in markdown.split("\n"):
        body = line.lstrip(" ")
        if fence is not None:
            if body.startswith(fence) and not body.strip().strip(fence[0]):
                fence = None
            out.append(line)
            continue
        if not body or body.isspace():
            out.append(line)
            continue
        indent = len(line) - len(body)
        while containers and indent < containers[-1]:
            containers.pop()
        at_block_indent = indent == (containers[-1] if containers else 0)
        opened = _FENCE.match(body)
        if opened:
            fence = opened.group(1)
        elif at_block_indent and body.startswith("#"):
            line = mark_heading(line)
        elif at_block_indent and _SETEXT.fullmatch(body) and out and _setext_text(out, indent):
            out[-1] = mark_heading(out[-1])
        elif _CONTAINER.match(body):
            containers.append(indent + 4)
        out.append(line)
    return "\n".join(out)


def _setext_text(out: list[str], indent: int) -> bool:
    """Whether the line before an underline is the first line of a paragraph, so Markdown makes it a heading."""
    text = out[-1]
    body = text.lstrip(" ")
    first_of_block = len(out) < 2 or not out[-2].strip()
    return (first_of_block and len(text) - len(body) == indent and bool(body.strip())
            and not body.startswith(("#", "|", "<", ">")) and not _CONTAINER.match(body) and not _FENCE.match(body))
