"""``plaintext._NOT_PLAIN`` is one character class with the white space written out:
the same characters as the alternation it replaced, on every code point and in text."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from wxr_tools.writers.markdown import plaintext

# The pattern as it was written before: the reference.
_ALTERNATION = re.compile(r"[\\*_`~#<>&\[\]{$=|\U0010ff00-\U0010ffff]|[^\S \t\n]")


def test_the_class_takes_the_characters_the_alternation_takes() -> None:
    # Both match one character or none: equal on every character, equal on any text.
    every = "".join(map(chr, range(0x110000)))
    taken = [m.start() for m in plaintext._NOT_PLAIN.finditer(every)]
    assert taken == [m.start() for m in _ALTERNATION.finditer(every)]
    assert len(taken) > 100  # the characters themselves, the white space, the plane's end


_SOME = st.sampled_from(" \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u2000\u200a\u200b\u3000a=*é\U0010ff00")


@given(st.text(st.one_of(_SOME, st.characters()), max_size=40))
@example("A plain summary, nothing to do.\n")
@example("tab\there, then \u00a0")
def test_searches_find_the_same_first_character(text: str) -> None:
    found = plaintext._NOT_PLAIN.search(text)
    wanted = _ALTERNATION.search(text)
    assert (found and found.span()) == (wanted and wanted.span())
