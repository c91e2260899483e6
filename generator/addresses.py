"""Addresses of a site's pages as MkDocs gives them, and the links between them.

Pure string work on project-relative paths (``questions/a.md``), shared by the pages and by the
blocks the demos' helpers write into answers.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


@lru_cache(maxsize=1 << 16)  # every page's folder and every target, split once per build
def _parts(path: str) -> tuple[str, ...] | None:
    """A site path's parts; None if one is '.' or '..' (posixpath.relpath then decides)."""
    parts = tuple(p for p in path.split("/") if p)
    return None if "." in parts or ".." in parts else parts


def relpath(target: str, base: str) -> str:
    """posixpath.relpath(target, base) for relative site paths, without its getcwd and normalising
    (a build makes ~20 links per entry page)."""
    a, b = _parts(base), _parts(target)
    if a is None or b is None:
        return posixpath.relpath(target or ".", base or ".")
    common, shared = 0, min(len(a), len(b))
    while common < shared and a[common] == b[common]:
        common += 1
    return "/".join((*[".."] * (len(a) - common), *b[common:])) or "."


def relative(page_src: str, target_src: str) -> str:
    """Markdown link from one generated page (by source path) to another file's source path (MkDocs
    rewrites it); the target is a file, never a folder."""
    return relpath(target_src, posixpath.dirname(page_src))


def page_url(src: str, directory_urls: bool = True) -> str:
    """Site URL of a page source path, as MkDocs gives it.

    Directory style: 'index.md' -> '', 'a/index.md' -> 'a/', 'a/b.md' -> 'a/b/'. File style: 'a/b.md' -> 'a/b.html'.
    """
    if not directory_urls:
        return src[:-3] + ".html"
    if src == "index.md":
        return ""
    return src[: -len("index.md")] if src.endswith("/index.md") else src[:-3] + "/"


def html_href(page_src: str, target_src: str, directory_urls: bool = True) -> str:
    """Link for raw HTML, which MkDocs does not rewrite: relative to the page's final URL.

    Generated pages write their lists of links as HTML (Python-Markdown's inline processing of
    ~20 links is a fifth of an entry page's conversion), so they need the URL MkDocs would make.
    """
    path, _, anchor = target_src.partition("#")
    page = page_url(page_src, directory_urls)
    base = page if directory_urls else posixpath.dirname(page)
    target = page_url(path, directory_urls) if path.endswith(".md") else path
    rel = relpath(target, base)
    if rel == ".":
        rel = "./"
    elif directory_urls and path.endswith(".md"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")
