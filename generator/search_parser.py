"""Material's search parser with the same results for less work: open elements are counted by tag.

Material's ``Parser`` (``material.plugins.search.plugin``) splits a page into
search sections. It keeps the open elements in a list and the skipped ones in
a set, and its ``Element`` compares and hashes by tag name only, so its tests
("is a ``pre`` open?", "is anything skipped open?", "is the section's heading
open?") walk the whole list of open elements for every tag and every piece of
text, calling ``Element.__eq__`` each time. Because those comparisons only
ever look at tag names, :class:`QuickParser` answers them from a count of the
open elements by tag and a set of skipped tag names, and is otherwise the same
parser: it builds Material's own ``Section`` and ``Element`` objects, in the
same order, with the same text. Its tests compare the sections of both on
every page of a built site and on randomly assembled markup, quirks included
(a nested excluded element of the same tag ends the outer one's exclusion).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from material.plugins.search.plugin import Element, Parser, Section, void

_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_ALWAYS_SKIPPED = ("script", "style", "object")


class QuickParser(Parser):
    """``Parser`` with its per-call list scans replaced by counts (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.open_tags: defaultdict[str, int] = defaultdict(int)  # tag -> how many such elements are open
        self.skipped_tags = set(_ALWAYS_SKIPPED)  # Material's self.skip, by tag (as its Element compares)

    def _skipping(self) -> bool:
        """Whether an element whose tag is skipped is open (Material: ``skip.intersection(context)``)."""
        open_tags = self.open_tags
        for tag in self.skipped_tags:
            if open_tags[tag]:
                return True
        return False

    def _in_title(self) -> bool:
        """Whether an element with the section heading's tag is open (Material: ``section.el in context``)."""
        return self.open_tags[self.section.el.tag] > 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in void:
            return
        el = Element(tag, attrs)
        self.context.append(el)
        self.open_tags[tag] += 1
        if tag in _HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.data:  # content before the first heading is the page's own section
                self.section = Section(Element("hx"), depth)
                self.data.append(self.section)
            self.section = Section(el, depth)
            if self.data:
                self.section.id = attrs["id"]
            self.data.append(self.section)
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
            self.skipped_tags.add(tag)
            return
        if tag in self.keep and not self._skipping():
            (self.section.title if self._in_title() else self.section.text).append(f"<{tag}>")

    def handle_endtag(self, tag):
        context = self.context
        if not context or context[-1].tag != tag:
            return
        if self.section.depth > len(context):  # leaving a heading nested deeper: back to an enclosing section
            for section in reversed(self.data):
                if section.depth <= len(context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        context.pop()
        self.open_tags[tag] -= 1
        if tag in self.skipped_tags:
            if tag not in _ALWAYS_SKIPPED:
                self.skipped_tags.remove(tag)
            return
        if tag in self.keep and not self._skipping():
            data = self.section.title if self._in_title() else self.section.text
            index = data.index(f"<{tag}>")
            if all(piece.isspace() for piece in data[index + 1:]):
                del data[index:]  # an element with nothing (or only space) in it is dropped
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data):
        if self._skipping():
            return
        in_pre = self.open_tags["pre"] > 0
        if not in_pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        if self._in_title():
            if not any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context):
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = self.section.text
            if not text or not text[-1].isspace() or in_pre:
                text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))
