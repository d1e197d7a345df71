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
    """``PLANE.search(text) is not None``, as two fast scans (a character range, a
    literal "&#"), where the alternation tries every branch at every position."""
    return (_astral(text) and _CHARACTER.search(text) is not None) or (
        _REFERENCE.search(text) is not None
    )


def _astral(text: str) -> bool:
    """Whether ``text`` holds a character beyond U+FFFF (the plane is one of them).

    Such a character takes two UTF-16 units: encoding is a C loop several times
    faster than the regular expression's range test at every character, and almost
    no text holds one (emoji do), so the range is searched only then."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
