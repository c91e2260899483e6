"""A quick reading of plain HTML into the calls ``html.parser.HTMLParser`` would make, for search.

Material's search indexing reads every converted page with a subclass of the
standard library's ``HTMLParser``, whose pure-Python tokenizer (and the line
counting it does for every token) was about half of the indexing's cost.
:func:`feed` gives a parser the same calls (``handle_starttag``,
``handle_endtag``, ``handle_startendtag``, ``handle_data``, with the
same arguments, in the same order) as ``parser.feed(html); parser.close()``
would, from one regular-expression pass. It only takes HTML it can read
exactly as the standard parser does: plain start and end tags with
quoted or simple attribute values, and text with character references.
Anything else in the page (a comment, a declaration, ``<script>`` or
``<style>`` content, a stray ``<``, unusual attribute syntax) makes it hand
the whole page to the standard parser instead, before any call is made. The
tests compare the calls of both on every page of a built site and on
randomly assembled markup.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_WS = "[ \\t\\n\\r\\f]"
_START = re.compile(
    rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    rf"(?:{_WS}*={_WS}*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+(?=[ \t\n\r\f>])))?)*){_WS}*(/?)>")
_ATTR = re.compile(rf"{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_WS}*={_WS}*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+))?")
_END = re.compile(rf"</([a-zA-Z][-.a-zA-Z0-9:_]*){_WS}*>")
# Elements whose content the standard parser reads as raw text (in some Python version or other).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "noscript", "plaintext"})

Event = tuple  # ("start", tag, attrs) | ("startend", tag, attrs) | ("end", tag) | ("data", text)


def events(html: str) -> list[Event] | None:
    """The parser calls for ``html``, or None if it holds anything this reader leaves to the standard one."""
    out: list[Event] = []
    append, find, start_at, end_at = out.append, html.find, _START.match, _END.match
    i, n = 0, len(html)
    while i < n:
        j = find("<", i)
        if j < 0:
            j = n
        if i < j:
            append(("data", unescape(html[i:j])))
            if j == n:
                break
        if html.startswith("</", j):
            m = end_at(html, j)
            if m is None:
                return None
            append(("end", m.group(1).lower()))
        else:
            m = start_at(html, j)
            if m is None:
                return None
            tag = m.group(1).lower()
            if tag in _RAW_TEXT:
                return None
            attrs = []
            if m.group(2):
                for name, value in _ATTR.findall(m.group(2)):
                    if not value:
                        attrs.append((name.lower(), None))  # no '=': the standard parser gives None
                        continue
                    if value[0] in "'\"":
                        value = value[1:-1]
                    attrs.append((name.lower(), unescape(value) if value else value))
            append(("startend" if m.group(3) else "start", tag, attrs))
        i = m.end()
    return out


def feed(parser: HTMLParser, html: str) -> None:
    """``parser.feed(html); parser.close()``, through :func:`events` when it can read ``html``."""
    found = events(html)
    if found is None:
        parser.feed(html)
        parser.close()
        return
    start, end, startend, data = (parser.handle_starttag, parser.handle_endtag, parser.handle_startendtag,
                                  parser.handle_data)
    for event in found:
        kind = event[0]
        if kind == "data":
            data(event[1])
        elif kind == "start":
            start(event[1], event[2])
        elif kind == "end":
            end(event[1])
        else:
            startend(event[1], event[2])
