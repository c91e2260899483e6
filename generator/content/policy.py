"""What answer Markdown may contain: the HTML and URL policy for untrusted text.

Answers are Markdown. Raw HTML is rejected unless ``allow_raw_html`` is set in
``mkdocs.yml``; even then ``<script>`` and other active elements, event-handler
attributes (``onclick=``) and ``javascript:``/``vbscript:``/``data:`` URLs are
always rejected, including in Markdown links and attribute lists (``{ ... }``).
Code spans and fenced code blocks are text and are not scanned.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\2[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s[^<>]*)?)/?>|<!--|<!\[CDATA\[|<\?", re.S)
_ACTIVE = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "form", "meta", "link",
           "style", "svg", "math", "template", "noscript", "input", "button", "textarea", "select"}
_EVENT_ATTR = re.compile(r"(?:^|[\s\"'/{])on[a-z]+\s*=", re.I)
_LINK_URL = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+)|<([a-z][a-z0-9+.-]*:[^>\s]*)>", re.I | re.M)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file):", re.I)


@dataclass(frozen=True)
class Violation:
    offset: int
    message: str
    hint: str


def _blank(match: re.Match) -> str:
    return "\n".join(" " * len(line) for line in match.group(0).split("\n"))


def _code_free(text: str) -> str:
    """The text with fenced blocks and code spans blanked out (same length, same line breaks)."""
    return _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, text))


def _bad_url(url: str) -> bool:
    clean = re.sub(r"[\x00-\x20]", "", html.unescape(url))
    return bool(_BAD_SCHEME.match(clean))


# What each check needs to find in the text as written before it can report anything. Blanking
# code out only turns characters into spaces, so it never creates a '<', a letter, a bracket, a
# ':', a '=' or an '&', and these are safe tests on the raw text. Most answers pass none of them:
# no blanking and no full scan, which otherwise was a third of rendering an entry page.
_TAG_HINT = re.compile(r"<[A-Za-z/!?]")
_LINK_HINT = re.compile(r"\][(:]").search  # '](' or ']:'
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _may_hide_script(text: str) -> bool:
    """Whether a script address could be spelt here: a scheme in clear, an entity or a control character."""
    low = text.lower()
    return ("script:" in low or "data:" in low or "file:" in low or "&" in text
            or _CONTROL.search(text) is not None)


def scan(text: str, allow_raw_html: bool = False) -> list[Violation]:
    """Problems in answer Markdown, by character offset, first to last."""
    tags = "<" in text and _TAG_HINT.search(text) is not None
    # Inline and reference links, <scheme:...> autolinks.
    links = tags or _LINK_HINT(text) is not None
    attrs = "{" in text and ("=" in text or "script:" in text.lower() or "&" in text)
    urls = links and _may_hide_script(text)
    if not (tags or urls or attrs):
        return []
    return _violations(_code_free(text), allow_raw_html, tags, urls, attrs)


def _violations(plain: str, allow_raw_html: bool, tags: bool = True, urls: bool = True,
                attrs: bool = True) -> list[Violation]:
    """Every check (or those asked for) on text whose code is blanked out."""
    found: list[Violation] = []
    for m in _TAG.finditer(plain) if tags else ():
        name = (m.group(2) or "").lower()
        snippet = m.group(0)[:40]
        if name in _ACTIVE or not m.group(2):
            found.append(Violation(m.start(), f"'{snippet}' is not allowed in an answer",
                                   "active HTML (scripts, frames, forms, comments) is never allowed; describe it in Markdown"))
        elif not allow_raw_html:
            found.append(Violation(m.start(), f"raw HTML '{snippet}' is not allowed in an answer",
                                   "write Markdown instead, or set allow_raw_html: true for the plugin in mkdocs.yml"))
        elif _EVENT_ATTR.search(m.group(3) or "") or any(_bad_url(v) for v in re.findall(r"=\s*[\"']?([^\"'\s>]+)", m.group(3) or "")):
            found.append(Violation(m.start(), f"'{snippet}' carries an event handler or a script address",
                                   "remove on...= attributes and javascript: addresses"))
    for m in _LINK_URL.finditer(plain) if urls else ():
        index = next(i for i, g in enumerate(m.groups(), 1) if g is not None)
        url = m.group(index)
        if _bad_url(url):
            found.append(Violation(m.start(index), f"link address '{url[:40]}' is not allowed",
                                   "links must use http:, https:, mailto: or a relative path"))
    for m in _ATTR_LIST.finditer(plain) if attrs else ():
        if _EVENT_ATTR.search(m.group(0)) or re.search(r"(?:javascript|vbscript):", html.unescape(m.group(0)), re.I):
            found.append(Violation(m.start(), f"attribute list '{m.group(0)[:40]}' sets an event handler or script",
                                   "attribute lists may set classes, ids and plain attributes only"))
    return sorted(found, key=lambda v: v.offset)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
