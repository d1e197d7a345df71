"""Text without markup, which ``html.to_markdown`` converts without html2text.

Most excerpts and summaries are such text: html2text would only collapse its white
space, at several times the cost. ``html2text_would_escape`` also
tells ``html``'s converter when html2text's own escaping has nothing to do.
"""

from __future__ import annotations

import re

# Where html2text's own escaping (``escape_md_section``: a backslash, or a number, "+"
# or "-" at a line start) could change a text; where it cannot, its four regular
# expression passes are skipped (they were a fifth of the conversion).
_ESCAPE_AT_START = re.compile(r"\s*[\d+-]")
_ESCAPE_AFTER_NEWLINE = re.compile(r"\n\s*[\d+-]")


# Text that is not plain for ``to_markdown``: markup, an entity, a character Markdown
# may read (``sentinels.SPECIAL``; "!" only matters before "["), "=" (a setext underline),
# white space that html2text turns into a space (non-breaking, ideographic...)
# where a trailing one would survive, or a sentinel (``html.to_markdown``). One class,
# the white space written out (what ``\s`` takes but a space, a tab and a line feed:
# it was the alternative ``[^\S \t\n]``): a search for one class skips the characters
# outside it, an alternation was tried at every character, at three times the cost on
# the text that is plain (read to its end: summaries, excerpts). A test compares the
# class with the alternation on every character.
_NOT_PLAIN = re.compile(
    r"[\\*_`~#<>&\[\]{$=|\U0010ff00-\U0010ffff"
    r"\x0b-\x0d\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def html2text_would_escape(data: str) -> bool:
    """Whether ``escape_md_section(data)`` may differ from ``data`` (never a wrong no)."""
    first = data[:1]
    return (
        "\\" in data
        # What ``_ESCAPE_AT_START`` can start with: three method calls cost less than
        # a regular expression's match.
        or (
            (first.isspace() or first.isdecimal() or first in ("+", "-"))
            and _ESCAPE_AT_START.match(data) is not None
        )
        or ("\n" in data and _ESCAPE_AFTER_NEWLINE.search(data) is not None)
    )


def plain_markdown(source: str) -> str | None:
    """What ``html.convert`` makes of text without markup, or None for any other text."""
    if _NOT_PLAIN.search(source) is not None or html2text_would_escape(source):
        return None
    text = " ".join(source.split())
    if not text or text.startswith(":"):  # ": " at a line start is escaped by convert
        return None
    return text + "\n"
