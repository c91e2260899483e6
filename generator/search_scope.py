"""What Material's search indexes of an entry page: the whole page, or question, summary and tags only.

The plugin option ``search_full_answers`` is ``true``, ``false`` or ``auto``
(the default). ``auto`` indexes whole answers while the site has at most
:data:`AUTO_FULL_ANSWERS_MAX` entries and the compact form above that.
Measured on the benchmark corpus (``bench/corpus_gen.py``, ~500-word answers),
whole answers cost 1,273-1,284 bytes of gzip-compressed ``search_index.json``
per entry, linearly (1.22 MB at 1,000 entries, 2.44 MB at 2,000, 6.12 MB at
5,000; MB = 2**20 bytes): 2 MB is reached near 1,630 entries, so 1,500 (1.82 MB
measured) keeps the index under issue #6's 2 MB budget with ~9% to spare. The
compact form costs ~315 bytes per entry (1.50 MB at 5,000), two thirds of it
the taxonomy pages' lists of questions and summaries.

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

from . import html_events

AUTO_FULL_ANSWERS_MAX = 1500
EXCLUDE = 'data-search-exclude="true"'

_FENCE = re.compile(r"(`{3,}|~{3,})")
_CONTAINER = re.compile(r"(?:[!?]{3}\+?[ ]|[-*+][ ]|\d+[.)][ ])")  # admonition, details, list item
_ATTR_LIST = re.compile(r"[ ]+\{:?[ ]*[^}\n ][^\n]*\}[ ]*$")  # attr_list's trailing { ... } of a heading
_CLOSING_HASHES = re.compile(r"[ ]+#+[ ]*$")
_SETEXT = re.compile(r"(?:=+|-+)[ ]*$")
_MAY_START_BLOCK = frozenset("#`~=-*+!?0123456789")  # first characters of what the patterns above match


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
        if not line or (fence is None and not containers and line[0] not in _MAY_START_BLOCK
                        and not line[0].isspace()):
            out.append(line)  # a blank line, or a paragraph's at the top level (most lines): nothing to do
            continue
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
        # Each pattern is tried only where the first character allows it (a line costs ~0.3 µs, not ~1).
        first = body[0]
        at_block_indent = indent == (containers[-1] if containers else 0)
        opened = _FENCE.match(body) if first in "`~" else None
        if opened:
            fence = opened.group(1)
        elif at_block_indent and first == "#":
            line = mark_heading(line)
        elif (at_block_indent and first in "=-" and _SETEXT.fullmatch(body) and out
              and _setext_text(out, indent)):
            out[-1] = mark_heading(out[-1])
        elif (first in "!?-*+" or first.isdigit()) and _CONTAINER.match(body):
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


_EXCLUDED_SECTION = re.compile(r"<section\b[^>]*\sdata-search-exclude\b[^>]*>", re.I)
_SECTION_TAG = re.compile(r"<(/?)section\b[^>]*>", re.I)
_HEADING_TAG = re.compile(r"<h[1-6]\b[^>]*>", re.I)
EMPTIED = '<section data-search-exclude="true"></section>'


def without_excluded_sections(html: str) -> str:
    """``html`` with each excluded ``<section>`` (the compact form's answer) emptied, for the search parser.

    Material's parser reads an excluded element only to skip it: its text is dropped, and a heading in
    it opens a record that is dropped too when the heading carries the attribute itself. So emptying
    the element leaves the same records, and the parser has a fraction of the page to read (at 10,000
    entries, where answers are not indexed, that is most of the search's cost). An element with a
    heading that lacks the attribute (a raw HTML heading) is left whole, and so is one not closed.
    """
    if "data-search-exclude" not in html:
        return html
    out, pos = [], 0
    for opening in _EXCLUDED_SECTION.finditer(html):
        if opening.start() < pos:
            continue  # nested in an element emptied already
        depth, end = 1, None
        for tag in _SECTION_TAG.finditer(html, opening.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag
                break
        if end is None:
            break
        inner = html[opening.end():end.start()]
        if any("data-search-exclude" not in h.group(0) for h in _HEADING_TAG.finditer(inner)):
            continue
        out += [html[pos:opening.start()], EMPTIED]
        pos = end.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S)
_CODE_SPAN = re.compile(r'</?span(?: class="[-\w ]*")?>')  # (in a pre that _only_nested_spans accepted)
_CODE_TAG = re.compile(r'<(/?)(span|code)(?: class="[-\w ]*")?>')


def _only_nested_spans(inner: str) -> bool:
    """Whether a ``pre``'s content has no markup but plain ``span`` and ``code`` tags, properly nested."""
    tags = list(_CODE_TAG.finditer(inner))
    if inner.count("<") != len(tags) or 'class="linenodiv"' in inner:
        return False
    open_tags: list[str] = []
    for tag in tags:
        if not tag.group(1):
            open_tags.append(tag.group(2))
        elif not open_tags or open_tags.pop() != tag.group(2):
            return False
    return not open_tags


def without_code_spans(html: str) -> str:
    """``html`` without the ``<span>`` tags inside each ``<pre>`` (Pygments' highlighting), for the parser.

    Inside a ``pre``, Material's parser keeps the text as it is and does nothing with a plain ``span``
    but push and pop it, so the records are the same without them, and a code block is a few calls
    instead of hundreds. A ``pre`` with any other markup than plain, properly nested ``span`` and
    ``code`` tags is left as it is.
    """
    if "<pre" not in html or "<span" not in html:
        return html

    def strip(match: re.Match) -> str:
        inner = match.group(1)
        if not _only_nested_spans(inner):
            return match.group(0)
        start = match.start(1) - match.start(0)
        return match.group(0)[:start] + _CODE_SPAN.sub("", inner) + "</pre>"

    return _PRE.sub(strip, html)


def add_to_index(index, page) -> None:
    """Material's ``index.add_entry_from_context(page)``, reading less and reading it faster.

    The page is read by :class:`generator.search_parser.QuickParser` (Material's parser,
    counting instead of scanning), fed the page without its excluded sections and without the
    highlighting inside its code blocks (:func:`without_excluded_sections`, :func:`without_code_spans`) through
    :func:`generator.html_events.feed` instead of the standard library's tokenizer. Should
    Material's search not be built the way this expects, its own method is called.
    """
    parse = _material_parser()
    if parse is None or not hasattr(index, "create_entry_for_section"):
        return _add_as_material_does(index, page)
    if (page.meta.get("search") or {}).get("exclude"):
        return None
    content = page.content
    parser = parse()
    html_events.feed(parser, without_code_spans(without_excluded_sections(content)) if content else "")
    for section in parser.data:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
    return None


def _add_as_material_does(index, page) -> None:
    """Material's own ``add_entry_from_context`` (not a wrapper set on the instance), fed the lean page."""
    content = page.content
    page.content = without_excluded_sections(content) if content else content
    try:
        return type(index).add_entry_from_context(index, page)
    finally:
        page.content = content


def _material_parser():
    try:
        from .search_parser import QuickParser
    except ImportError:  # pragma: no cover - Material reorganised
        return None
    return QuickParser
