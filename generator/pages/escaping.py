"""Authors' plain text made safe for the place it lands in: Markdown inline text, raw HTML, dates.

Every metadata field is untrusted plain text (see the README's security policy): these filters make
sure nothing in it acts as markup where a page template puts it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache
from typing import Any

_MD_SPECIAL = "\\`*_{}[]()#+!|~<>"  # each is written with a backslash before it
_MD_CHAR = re.compile("[" + re.escape(_MD_SPECIAL) + "]")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def md_escape(text: Any) -> str:
    """Plain text for a Markdown inline context: nothing in it acts as markup."""
    return _md_escape(str(text))


def html_text(text: Any) -> str:
    """Plain text for raw HTML: escaped, on one line (a blank line would end Markdown's raw HTML block)."""
    return _html_text(str(text))


@lru_cache(maxsize=1 << 16)  # a question is shown on its own page and on the pages of ~20 neighbours
def _md_escape(text: str) -> str:
    return _MD_CHAR.sub(r"\\\g<0>", html.escape(" ".join(text.split()), quote=False))


@lru_cache(maxsize=1 << 16)
def _html_text(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def long_date(value: dt.date) -> str:
    """'5 March 2024': English month names whatever the locale (``strftime('%B')`` follows LC_TIME)."""
    return f"{value.day} {_MONTHS[value.month]} {value.year}"
