"""Whether a document needs ``rawhtml``'s scan: most posts hold nothing to keep raw.

A post needs it for an element Markdown has no form for, an attribute that keeps a
tag raw (``lang``, ``dir``, ``id``...), an image or a link with attributes beyond
Markdown's, or a character of the sentinels' plane. Without any of these, ``rawhtml``
only looks at its comments. The tests here read the whole post, so each is written as
a fast scan (see each).
"""

from __future__ import annotations

import re

from wxr_tools.writers.markdown import privateplane
from wxr_tools.writers.markdown.attributes import IMAGE_OR_LINK


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements kept whole as raw HTML, standing as blocks or inline.
RAW_BLOCK = words(
    "iframe video audio object embed script style noscript svg math canvas form details "
    "dl dt dd picture template map textarea select button input fieldset"
)
RAW_INLINE = words(
    "u ins del s strike mark abbr acronym q small big kbd samp var tt cite dfn time bdi bdo ruby"
)


# What makes a document need the scan: one of these elements, or one of these
# attributes. The lookahead lets the search skip "<" that starts no name.
_NEEDS_ELEMENT = re.compile(
    r"<(?=[a-z])(?:pre|code|table|figcaption|ul|ol|"
    + "|".join(sorted(RAW_BLOCK | RAW_INLINE))
    + r")\b",
    re.IGNORECASE,
)
# The same names in lower case, matched case-sensitively: the engine rejects each
# on its first character, where the case-insensitive pattern tried the forty names
# in turn after every "<", lowering each character.
_NEEDS_ELEMENT_LOWER = re.compile(
    r"<(?:pre|code|table|figcaption|ul|ol|" + "|".join(sorted(RAW_BLOCK | RAW_INLINE)) + r")\b"
)
# A "<" followed by a word holding a character other than a lower case ASCII letter,
# a digit or "_" (an upper case letter, or a letter such as the Kelvin sign, which the
# case-insensitive pattern matches as "k").
_TAG_WORD_NOT_LOWER = re.compile(r"<[a-z0-9_]*+[^\W_a-z0-9]")


def needs_element(source: str) -> bool:
    """``_NEEDS_ELEMENT.search(source) is not None``, nearly always by fast scans.

    A name found in lower case is found by the pattern. Without one, the pattern can
    only find a name in a word that is not all lower case ASCII (the case partners of
    such a word's characters are themselves): without such a word, it finds none.
    """
    if _NEEDS_ELEMENT_LOWER.search(source) is not None:
        return True
    if _TAG_WORD_NOT_LOWER.search(source) is None:
        return False
    return _NEEDS_ELEMENT.search(source) is not None


# ``\s(?:lang|xml:lang|hreflang|dir|id|name)\s*=`` searched in the reversed text: the
# same matches, but a pattern that starts with "=" is a fast scan for that character,
# where the forward one tries the names after every space (eight times slower).
_NEEDS_ATTRIBUTE_REVERSED = re.compile(
    r"=\s*(?:gnal|gnal:lmx|gnalferh|rid|di|eman)\s", re.IGNORECASE
)


def needs_scan(source: str) -> bool:
    """Whether ``source`` holds anything ``rawhtml`` may keep raw (the names and
    attributes above, an image or link with attributes, the sentinels' plane)."""
    return (
        needs_element(source)
        or _NEEDS_ATTRIBUTE_REVERSED.search(source[::-1]) is not None
        or IMAGE_OR_LINK.search(source) is not None
        or privateplane.present(source)
    )
