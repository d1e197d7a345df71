"""Text in the sentinels' own plane, kept out of html2text's way.

``html`` swaps the characters Markdown may read for sentinels in Unicode's last
private-use plane (U+10FF00 onwards) while html2text works, and turns them back
afterwards. A character of that plane already in the post, typed or as a numeric
character reference (``&#x10FF01;``, ``&#1114881;``), would be taken for a sentinel
and come out as another character. So each one is cut out like raw HTML (see
``rawhtml``): a token stands in its place during conversion, and the character
comes back in its place. A reference comes back as the character it stands for:
Goldmark (Hugo) does not read references in an image's alt text, and the character
itself reads the same everywhere.
"""

from __future__ import annotations

import re
import sys

# U+10FF00 to U+10FFFF as a hexadecimal or decimal (1113856 to 1114111) reference;
# HTML reads a numeric reference without its ";" too.
_REFERENCE = re.compile(
    r"&#(?:[xX]0*10[fF][fF][0-9a-fA-F]{2}(?![0-9a-fA-F])"
    r"|0*(?:1113(?:85[6-9]|8[6-9][0-9]|9[0-9]{2})|1114(?:0[0-9]{2}|10[0-9]|11[01]))(?![0-9]));?"
)
_CHARACTER = re.compile(r"[\U0010ff00-\U0010ffff]")
PLANE = re.compile(_CHARACTER.pattern + "|" + _REFERENCE.pattern)
"""A character of the plane, or a reference to one."""


def present(text: str) -> bool:
    """``PLANE.search(text) is not None``, as two fast tests (a character beyond U+FFFF,
    an "&"), each before its regular expression: the alternation tried every branch at
    every position, and each branch alone still reads every character of the text."""
    return (_astral(text) and _CHARACTER.search(text) is not None) or (
        "&" in text and _REFERENCE.search(text) is not None
    )


_WIDEST_EMPTY = sys.getsizeof(chr(0x10000)) - 4
"""What a string of four-byte characters takes beside 4 bytes a character: its
header and its end (``getsizeof`` of one of n characters is this plus 4 n)."""


def _astral(text: str) -> bool:
    """Whether ``text`` may hold a character beyond U+FFFF (the plane is one of them).

    CPython stores a string with as many bytes a character as its widest character
    needs: four only when one is beyond U+FFFF. Its size says so without reading it
    (the UTF-16 length test this replaces encoded the whole text). A string may hold
    more (a cached UTF-8 copy): then the range is searched for nothing, never missed."""
    return sys.getsizeof(text) >= _WIDEST_EMPTY + 4 * len(text)
