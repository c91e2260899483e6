"""Generated HTML blocks go straight to Python-Markdown's stash, unparsed.

An entry page's breadcrumbs, byline, tag list and lists of related and recent
questions are raw HTML that our templates write (see ``templates/entry.md.j2``).
Python-Markdown, and MkDocs before it, would run an HTML parser over each of
them, line by line, to find where the block ends and which ids it holds, on
every page. The templates instead write each such block on
one line behind :data:`MARK` (through the ``html_block`` filter), and this
extension's preprocessor stores the line in the stash as it is, which is what
Python-Markdown does with a raw HTML block once it has parsed it.

Without the extension (a plain ``mkdocs build`` of exported pages, say) a
marked line is still valid Markdown: an HTML comment followed by the block,
rendered the same apart from the comment.

Rules for marked blocks, which only our templates write:

- one line, starting at column 0, with a blank line before and after, holding
  whole elements (e.g. ``<p>…</p>``);
- no ``id`` or ``<a name>`` attribute: MkDocs does not see these blocks when it
  collects the ids that ``#anchor`` links may point to;
- links already final (``generator.pages.links.html_href``): MkDocs does not rewrite them.

The preprocessor runs after fenced code is stashed and before MkDocs' and
Python-Markdown's HTML scans. An author's own text never reaches it with the
mark at column 0 except by writing the mark on purpose, in which case the rest
of that line is taken as raw HTML, as Markdown would mostly take it anyway;
the answer policy (``generator.content.policy``) has checked it as raw HTML already.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

MARK = "<!--kb-html-->"
NAME = "generator.pages.html_blocks"  # as listed in ``markdown_extensions``
VERSION = "1"  # part of the page cache's key: bump when the output changes
PRIORITY = 22  # after fenced code (25), before MkDocs' anchor scan (21) and the HTML block parser (20)


def html_block(html: str) -> str:
    """A Jinja filter: ``html`` as one marked line and its line break (line breaks inside become spaces)."""
    lines = [line.strip() for line in str(html).strip().splitlines()]
    return MARK + " ".join(line for line in lines if line) + "\n"


class _StashMarked(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        size = len(MARK)
        stash = self.md.htmlStash
        return [stash.store(line[size:]) if line.startswith(MARK) else line for line in lines]


class HtmlBlocks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_StashMarked(md), "kb_html_blocks", PRIORITY)


def makeExtension(**kwargs) -> HtmlBlocks:  # noqa: N802 - the name Python-Markdown looks up
    return HtmlBlocks(**kwargs)
