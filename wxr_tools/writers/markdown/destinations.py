"""Link and image destinations and link titles, written so that every Markdown reads them back.

html2text writes a link's URL and title as the HTML gave them, with a backslash before
``\\ [ ] ( )``. That loses links three ways:

* A space ends a destination (``[text](/a b)`` is no link; the reader sees the
  brackets and the URL as text), and WordPress keeps hrefs with spaces, or with
  text pasted into them, as typed.
* A double quote ends a title (``"say "hi""``): the link breaks the same way.
* kramdown (Jekyll) keeps backslash escapes in destinations and titles: a Wikipedia
  link to ``/wiki/Foo_(bar)`` became ``/wiki/Foo_\\(bar\\)`` on a Jekyll site.

So before html2text sees them, a destination becomes the URL a browser would request
for it (URL parsing drops tabs, line breaks, and leading and trailing spaces and control
characters) with spaces, ``< > [ ] ( ) \\ |`` and control characters percent-encoded (a
``|`` made a table row of the line in kramdown), and a
title gets character references for ``" \\ [ ] ( )`` and line breaks. In both, an ``&``
that would start a character reference is written ``&amp;``. html2text's escaping then
finds nothing to escape, CommonMark (Hugo, Eleventy, Astro) and kramdown read the same
URL and title, and the browser requests the same address.
"""

from __future__ import annotations

import re

_EDGES = "".join(map(chr, range(0x21)))
"""C0 controls and space: what URL parsing strips from both ends."""
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_REFERENCE_AMPERSAND = r"&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)"
"""An ``&`` that Markdown would read as the start of a character reference."""
_DESTINATION_CHANGE = re.compile(r"[\x00-\x20\x7f<>\[\]()\\|]|" + _REFERENCE_AMPERSAND)
_TITLE_CHANGE = re.compile(r"[\"\\\[\]()\n\r]|" + _REFERENCE_AMPERSAND)
_TITLE_REFERENCES = {
    '"': "&quot;",
    "\\": "&#92;",
    "[": "&#91;",
    "]": "&#93;",
    "(": "&#40;",
    ")": "&#41;",
    "\n": "&#10;",
    "\r": "&#13;",
    "&": "&amp;",
}


def destination(url: str) -> str:
    """``url`` as a Markdown link destination that needs no escaping."""
    if url and _DESTINATION_CHANGE.search(url) is None:
        return url  # nearly every URL
    url = _TAB_OR_NEWLINE.sub("", url.strip(_EDGES))
    # An empty destination is written "<>": "[a]( "title")" would read the title as one.
    return _DESTINATION_CHANGE.sub(_encode, url) or "<>"


def _encode(m: re.Match[str]) -> str:
    char = m.group()
    return "&amp;" if char == "&" else f"%{ord(char):02X}"


def title(text: str) -> str:
    """``text`` as the inside of a double-quoted Markdown link title."""
    if _TITLE_CHANGE.search(text) is None or not text.strip():
        return text  # html2text writes no title of white space alone
    return _TITLE_CHANGE.sub(lambda m: _TITLE_REFERENCES[m.group()], text)


_ALT_CHANGE = re.compile(r"[\\`*_\[\]()|~<>\n\r]|" + _REFERENCE_AMPERSAND)


def alt_text(text: str) -> str:
    """``text`` as an image's alt text in Markdown: the characters Markdown would read in
    it as references (CommonMark took ``*a*`` for emphasis and dropped the asterisks from
    the alt attribute; kramdown made a table of a line with "|")."""
    if _ALT_CHANGE.search(text) is None:
        return text
    return _ALT_CHANGE.sub(_alt_reference, text)


def _alt_reference(m: re.Match[str]) -> str:
    char = m.group()
    return "&amp;" if char == "&" else f"&#{ord(char)};"
