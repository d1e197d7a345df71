"""Numbers as WordPress reads them from text: ASCII digits, and not too many.

``str.isdigit`` is also true of "²" or "①", which ``int`` refuses (a traceback on a
``_thumbnail_id`` of "²", or on a link to ``?p=²``), and of other scripts' digits
("٣"), which ``int`` reads but PHP's ``(int)`` and ``absint`` do not: WordPress takes
none of them for a number, so neither does this tool. Nor is a number of more than 18
digits an id: PHP's integers stop at 19 digits (9223372036854775807), and so do SQLite's,
where the index and the writers keep ids (a larger one stopped the run there).

A list of ids (``[gallery ids="1,2"]``, ``_product_image_gallery``) is cut as WordPress's
``wp_parse_id_list`` cuts it: at commas and blank space alike, so "1 2" is two ids.

The other way, dates' digits as the writers write them (``TWO_DIGITS``, ``year_digits``).
"""

from __future__ import annotations

import re

LARGEST = (1 << 63) - 1
"""The largest id, count or position: PHP's and SQLite's largest integer."""

TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
"""0 to 99 as dates write a month, a day, an hour ("03"): a tuple's item, not a format
spec read for each (dates are written by the thousand: every item's new URL and every
link target's, every front matter's and comment's date)."""


def year_digits(year: int) -> str:
    """``f"{year:04d}"``: ``str`` for the four-digit years, several times cheaper than the
    format spec; datetime's years are 1 to 9999."""
    return str(year) if year >= 1000 else f"{year:04d}"


def is_number(text: str) -> bool:
    """Whether ``text`` is 1 to 18 ASCII digits (an id, a page number, a year)."""
    return len(text) <= 18 and text.isascii() and text.isdigit()


_ID_SEPARATORS = re.compile(r"[\s,]+")


def id_of(value: str) -> int:
    """A meta value that holds an id (``_thumbnail_id``, a menu entry's parent or
    target), blank space around: the id, or 0 (no id) when it is not a number."""
    text = value.strip()
    return int(text) if is_number(text) else 0


def id_parts(text: str) -> list[str]:
    """The parts of a list of ids, as written (a part may be no number: "x", "²")."""
    return [part for part in _ID_SEPARATORS.split(text) if part]


def id_list(text: str) -> list[int]:
    """The ids of a list of ids: its parts that are numbers. A part that is none ("²",
    twenty digits, "a12") is no id: WordPress's ``absint`` makes 0 of it, which names
    no attachment."""
    return [int(part) for part in id_parts(text) if is_number(part)]


_LEADING_DIGITS = re.compile(r"[ \t\n\r\v\f]*\+?([0-9]+)")


def size_of(text: str) -> int | None:
    """A size a shortcode gives (``[video width=…]``, ``[caption width=…]``, an embed's
    ``height``) as WordPress reads it, or None: no size, the element's own.

    WordPress casts it to an integer (``absint``, ``(int)``): its leading digits, blank
    space before them ("640px" is 640, "abc" is 0). A size of 0 is none (WordPress's
    caption is then no caption; a 0-pixel player shows nothing), nor is a number past
    PHP's integers, which PHP stops at 9223372036854775807: no page is that wide.
    """
    m = _LEADING_DIGITS.match(text)
    if m is None:
        return None
    digits = m[1].lstrip("0")
    return int(digits) if digits and len(digits) <= 18 else None
