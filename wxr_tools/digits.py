"""Numbers as WordPress reads them from text: ASCII digits, nothing else.

``str.isdigit`` is also true of "²" or "①", which ``int`` refuses (a traceback on a
``_thumbnail_id`` of "²", or on a link to ``?p=²``), and of other scripts' digits
("٣"), which ``int`` reads but PHP's ``(int)`` and ``absint`` do not: WordPress takes
none of them for a number, so neither does this tool.
"""

from __future__ import annotations


def is_digits(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits (an id, a page number, a year)."""
    return text.isascii() and text.isdigit()
