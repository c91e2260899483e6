"""Authors' plain text made safe for the place it lands in: Markdown inline text, raw HTML, dates.

Every metadata field is untrusted plain text (see the README's security policy): these filters make
sure nothing in it acts as markup where a page template puts it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

_MD_SPECIAL = "\\`*_{}[]()#+!|~<>"  # each is written with a backslash before it
_MD_CHAR = re.compile("[" + re.escape(_MD_SPECIAL) + "]")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def md_escape(text: Any) -> str:
    """Plain text for a Markdown inline context: nothing in it acts as markup."""
    return _MD_CHAR.sub(r"\\\g<0>", html.escape(" ".join(str(text).split()), quote=False))


def html_text(text: Any) -> str:
    """Plain text for raw HTML: escaped, on one line (a blank line would end Markdown's raw HTML block)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def long_date(value: dt.date) -> str:
    """'5 March 2024': English month names whatever the locale (``strftime('%B')`` follows LC_TIME)."""
    return f"{value.day} {_MONTHS[value.month]} {value.year}"
