"""Numbers as WordPress reads them from text: ASCII digits, and not too many.

``str.isdigit`` is also true of "²" or "①", which ``int`` refuses (a traceback on a
``_thumbnail_id`` of "²", or on a link to ``?p=²``), and of other scripts' digits
("٣"), which ``int`` reads but PHP's ``(int)`` and ``absint`` do not: WordPress takes
none of them for a number, so neither does this tool. Nor is a number of more than 18
digits an id: PHP's integers stop at 19 digits (9223372036854775807), and so do SQLite's,
where the index and the writers keep ids (a larger one stopped the run there).
"""

from __future__ import annotations

LARGEST = (1 << 63) - 1
"""The largest id, count or position: PHP's and SQLite's largest integer."""


def is_number(text: str) -> bool:
    """Whether ``text`` is 1 to 18 ASCII digits (an id, a page number, a year)."""
    return len(text) <= 18 and text.isascii() and text.isdigit()
