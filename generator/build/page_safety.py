"""What a converted page may not contain, judged on the HTML it became, not on the Markdown text.

Markdown extensions (attribute lists above all) turn text into attributes in
ways a text scan cannot follow: ``{:onclick="…"}`` right after a paragraph
makes ``<p onclick="…">``. So every page is checked after conversion: no
element may carry an event-handler attribute (``on…``), and no address
attribute may hold a ``javascript:``, ``vbscript:`` or ``data:`` URL. Tags are
read the way an HTML tokenizer reads them: attribute values in quotes may hold
``>``, and ``/`` separates attributes as a space does. The generated pages and
the theme need neither, so the rule holds for whole pages too (``verify``).
"""

from __future__ import annotations

import re
from html import unescape
from typing import NamedTuple

from generator.errors import ContentError

_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_RAW_TEXT = re.compile(r"<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset",
                             "background", "cite", "longdesc", "ping", "manifest"})
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # what browsers skip inside a URL's scheme


class Unsafe(NamedTuple):
    name: str  # the attribute's name, as written (to find it in the source)
    shown: str  # the element and the attribute, for a message: '<p onclick="…">'


def unsafe_attributes(html: str) -> list[Unsafe]:
    """Each attribute of ``html`` that could run a script."""
    found = []
    text = _RAW_TEXT.sub(lambda m: m.group(0)[:m.group(0).index(">") + 1], html)  # tags inside raw text are text
    for tag in _TAG.finditer(text):
        for attr in _ATTR.finditer(tag.group(2)):
            name = attr.group(1).lower()
            value = attr.group(2) or ""
            if name.startswith("on"):
                found.append(Unsafe(attr.group(1), _shown(tag.group(1), attr.group(0))))
            elif name in _URL_ATTRIBUTES and value:
                url = _INVISIBLE.sub("", unescape(value.strip("\"'"))).lower()
                if url.startswith(_BAD_SCHEMES) or (name == "srcset" and any(s in url for s in _BAD_SCHEMES)):
                    found.append(Unsafe(attr.group(1), _shown(tag.group(1), attr.group(0))))
    return found


def _shown(tag: str, attribute: str) -> str:
    text = " ".join(attribute.split())
    return f"<{tag.lower()} {text[:60]}{'…' if len(text) > 60 else ''}>"


def line_of(source: str, needle: str) -> int | None:
    """The first line of ``source`` that holds ``needle`` (an attribute's name), for the message."""
    at = source.lower().find(needle.lower())
    return source.count("\n", 0, at) + 1 if at >= 0 else None


def unsafe_errors(html: str, path: str, source: str, default_line: int | None = None) -> list[ContentError]:
    """Each attribute of a converted page that could run a script, at its line in the page's source file."""
    return [ContentError(path, line_of(source, found.name) or default_line, None,
                         f"this page would carry {found.shown}, which could run a script in the reader's browser",
                         "remove the attribute list, link or raw HTML that makes it") for found in unsafe_attributes(html)]
