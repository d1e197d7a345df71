"""Characters that Markdown may read, swapped for sentinels while known to be text.

html2text's escaping is too weak to lose nothing (``*word*`` typed as text comes out as
emphasis, ``&lt;tag&gt;`` as a tag, ``# `` at a line start as a heading). So each such
character of a text is swapped for a sentinel (Unicode's last private-use plane: never
typed, and not white space for html2text) while the converter still knows it is text,
and decided here once the conversion is done and its neighbours are known: ``5 * 3``
stays as typed, ``*word*`` becomes ``\\*word\\*``, a "-" that starts a line is escaped
and one inside it is not.
"""

from __future__ import annotations

import re

from wxr_tools.writers.markdown.rawhtml import Protected

# Characters that are Markdown when typed as text, and their sentinels (Unicode's
# last private-use plane: never typed, and not whitespace for html2text).
SPECIAL = "\\*_`~#<>&[]{!$|"
_BASE = 0x10FF00
_FROM_SENTINEL = {chr(_BASE + i): c for i, c in enumerate(SPECIAL)}
_FROM_SENTINEL[chr(_BASE + 0x20)] = "["
_FROM_SENTINEL[chr(_BASE + 0x21)] = "]"
# A list marker at the start of a text ("- ", "+ ", "1. ", "1) "): escaped where it
# starts a line, once the line is known (html2text looked at the text alone, and
# missed "1)", a marker followed by a tag or a reference, and a lone "-").
_LEADING = "-+.)"
_LEADING_SENTINELS = {c: chr(_BASE + 0x22 + i) for i, c in enumerate(_LEADING)}
_FROM_SENTINEL.update({s: c for c, s in _LEADING_SENTINELS.items()})
_LEADING_MARKER = re.compile(r"\s*(?:[-+]|[0-9]{1,9}[.)])")
# The start of an address typed as text ("http:" before "//", "www" before "."): its
# ":" or "." is escaped, so that GFM's autolinks (Astro's remark, goldmark's linkify)
# do not read the raw Markdown, escapes and all, as the address ("http://a/x\_y" was a
# link to "http://a/x%5C_y"); remark links the text as shown, goldmark leaves it text.
# (0x26 and 0x27 are ``marks``'s.)
_ADDRESS_COLON, _ADDRESS_DOT = chr(_BASE + 0x28), chr(_BASE + 0x29)
_FROM_SENTINEL[_ADDRESS_COLON] = ":"
_FROM_SENTINEL[_ADDRESS_DOT] = "."
_ADDRESS = re.compile(
    r"(?<![A-Za-z0-9])(?:([A-Za-z][A-Za-z0-9+.-]{0,31}):(?=//)|(www)\.(?=\S))", re.I
)
_PLAIN = str.maketrans({s: c for s, c in _FROM_SENTINEL.items()})

_HAS_SPECIAL = re.compile("[" + re.escape(SPECIAL) + "]")
_REPLACEMENTS = [(c, chr(_BASE + i)) for i, c in enumerate(SPECIAL)]
_LINK_REPLACEMENTS = [
    (c, chr(_BASE + 0x20) if c == "[" else chr(_BASE + 0x21) if c == "]" else s)
    for c, s in _REPLACEMENTS
]


def may_link(data: str) -> bool:
    """Whether ``data`` may hold the start of an address (False: it holds none)."""
    return "://" in data or "ww." in data or "WW." in data


def to_sentinels(data: str, in_link: bool) -> str:
    """``data`` with each special character swapped for its sentinel.

    A few ``str.replace`` calls (C loops) on the characters present: several times
    faster than ``str.translate`` with a table, which looks up every character.
    """
    if not in_link and may_link(data):
        data = _ADDRESS.sub(_address, data)
    if _HAS_SPECIAL.search(data) is None:
        return data
    for c, sentinel in _LINK_REPLACEMENTS if in_link else _REPLACEMENTS:
        if c in data:
            data = data.replace(c, sentinel)
    return data


def _address(m: re.Match[str]) -> str:
    scheme, www = m.groups()
    return scheme + _ADDRESS_COLON if scheme else www + _ADDRESS_DOT


def mark_leading(data: str) -> str:
    """``data`` with a list marker it starts with swapped for its sentinel."""
    m = _LEADING_MARKER.match(data)
    if m is None:
        return data
    end = m.end() - 1
    return data[:end] + _LEADING_SENTINELS[data[end]] + data[end + 1 :]


# What may stand before a line's text: indentation, blockquote markers, a list marker.
_LINE_LEAD = re.compile(r"[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
# What after "&" a reader takes for a reference; "#" is its sentinel by then.
_HASH = "[#" + chr(_BASE + SPECIAL.index("#")) + "]"
_ENTITY_AFTER = re.compile(
    rf"[A-Za-z][A-Za-z0-9]{{0,31}};|{_HASH}[0-9]{{1,7}};|{_HASH}[xX][0-9A-Fa-f]{{1,6}};"
)


def _and_sentinels(chars: str) -> str:
    """``chars`` and the sentinels that stand for them (``_PLAIN`` turns them back)."""
    return chars + "".join(s for s, plain in _FROM_SENTINEL.items() if plain in chars)


# ``_LINE_LEAD`` read in two steps, on the text with its sentinels: blockquote markers
# and white space (any mix of them), then a list marker and the white space after it.
_QUOTE_LEAD = re.compile("[ \t" + _and_sentinels(">") + "]*")
_MARKER_LEAD = re.compile(
    "(?:[" + re.escape(_and_sentinels("-*+")) + "]"
    r"|\d{1,9}[" + re.escape(_and_sentinels(".)")) + "])([ \t]+)"
)


class _Lines:
    """Where the line of a position starts, and where its lead ends (``_LINE_LEAD``),
    for positions asked in order: a search back to the line's start and a reading of
    all before it, for each sentinel, cost the square of a long line's length (a line
    of a million "#" or ">")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = 0
        self.next_line = text.find("\n")
        self.lead: tuple[int, int, int] | None = None

    def line_start(self, i: int) -> int:
        if i < self.start:
            return self.text.rfind("\n", 0, i) + 1  # asked out of order: searched
        while 0 <= self.next_line < i:
            self.start = self.next_line + 1
            self.next_line = self.text.find("\n", self.start)
            self.lead = None
        return self.start

    def at_lead(self, i: int) -> bool:
        """Whether only indentation and block markers stand before ``text[i]``."""
        start = self.line_start(i)
        if start != self.start:
            return _LINE_LEAD.fullmatch(self.text[start:i].translate(_PLAIN)) is not None
        if self.lead is None:
            quote = _QUOTE_LEAD.match(self.text, start)
            quote_end = quote.end() if quote else start
            m = _MARKER_LEAD.match(self.text, quote_end)
            self.lead = (quote_end, *(m.span(1) if m else (-1, -1)))
        quote_end, space_start, space_end = self.lead
        return i <= quote_end or space_start < i <= space_end


_SENTINELS = tuple(sorted(_FROM_SENTINEL))
"""Every sentinel ``resolve`` turns back (the marks' are ``marks.settle``'s). Text of
the sentinels' plane never gets there: ``protect`` cuts it out (see ``privateplane``)."""


def among(texts: list[str]) -> tuple[str, ...]:
    """The sentinels ``texts`` hold, for ``resolve``."""
    joined = "".join(texts)
    return tuple([s for s in _SENTINELS if s in joined])


def resolve(text: str, candidates: tuple[str, ...] = _SENTINELS) -> str:
    """Each sentinel back to its character, escaped where Markdown would read it;
    ``candidates``: the sentinels ``text`` may hold (all of them, unless known: each
    is looked for, and a scan of text of four-byte characters, for a sentinel whose
    lowest byte is 0, ")", a space..., tests every character).

    The sentinels are found by a scan for each one (``str.find``: a C loop, and for
    text of four-byte characters, which any text holding one is, ``wmemchr``), not by
    a regular expression's class of them all tested at each character (the engine
    took some fifty instructions a character, for the one or two sentinels of a post).
    Each is decided in the order of the text, as a substitution would: ``_Lines``
    reads the lines in that order."""
    present = [s for s in candidates if s in text]
    if not present:
        return text
    at: list[int] = []
    for sentinel in present:
        i = text.find(sentinel)
        while i >= 0:
            at.append(i)
            i = text.find(sentinel, i + 1)
    if len(present) > 1:
        at.sort()
    lines = _Lines(text)
    out: list[str] = []
    pos = 0
    for i in at:
        out.append(text[pos:i])
        out.append(_decided(text, i, lines))
        pos = i + 1
    out.append(text[pos:])
    return "".join(out)


def _decided(text: str, i: int, lines: _Lines) -> str:
    """What the sentinel at ``text[i]`` becomes (``resolve``; ``lines`` asked in order)."""
    sentinel = text[i]
    c = _FROM_SENTINEL[sentinel]
    prev = text[i - 1].translate(_PLAIN) if i else "\n"
    nxt = text[i + 1].translate(_PLAIN) if i + 1 < len(text) else "\n"
    code = ord(sentinel) - _BASE
    if code >= 0x28:  # the start of an address typed as text
        return "\\" + c
    if code >= 0x22:  # a list marker at the start of a text
        return "\\" + c if _starts_list(text, i, c, nxt, lines) else c
    if code >= 0x20:  # a bracket inside link text
        return "\\" + c
    if c in "\\`|[":
        # "|" makes a table row of a line in kramdown (and in GFM beside a delimiter
        # row); "[" may open a link, a footnote or kramdown's "[1]: url" definition,
        # which "\\]" alone did not stop (the line disappeared).
        return "\\" + c
    if c == "*":
        loose = prev in " \t" and nxt in " \t\n" and not lines.at_lead(i)
        return c if loose else "\\*"
    if c == "_":
        return c if prev.isalnum() and nxt.isalnum() else "\\_"
    if c == "~":
        # One tilde on each side is strikethrough to remark-gfm (Astro: "~a~"),
        # two to the others: only a tilde between spaces can be neither.
        return c if prev in " \t\n" and nxt in " \t\n" else "\\~"
    if c == "$":
        return "\\" + c if c in (prev, nxt) else c
    if c == "#":
        lines.line_start(i)  # and the next line's
        closing = prev in " \t" and lines.next_line in (i + 1, -1)
        return "\\#" if closing or lines.at_lead(i) else c
    if c == ">":
        return "\\>" if lines.at_lead(i) else c
    if c == "<":
        # A reference, not "\\<": kramdown reads "\\<<" as its escaped "<<", and
        # "<<" as a typographic symbol, either way eating the "<" of a tag or an
        # autolink after it (a kept <a>, an <img>, a link written <https://…>).
        return "&lt;" if nxt.isalpha() or nxt in "/!?<" else c
    if c == "&":
        return "&amp;" if _ENTITY_AFTER.match(text, i + 1) else c
    if c == "]":
        return "\\]" if nxt in "([:" else c
    if c == "{":
        # kramdown's {: attribute lists}; goldmark's {#id .class} ending a heading.
        return "\\{" if nxt == ":" or _in_heading(text, lines.line_start(i)) else c
    if c == "!":
        return "\\!" if nxt == "[" else c  # before a link: it would be an image
    return c


_HEADING_LEAD = re.compile(r"[ \t]*(?:>[ \t]*)*#")


def _in_heading(text: str, start: int) -> bool:
    """Whether the line of ``text`` from ``start`` is a heading."""
    return _HEADING_LEAD.match(text, start) is not None


def _starts_list(text: str, i: int, c: str, nxt: str, lines: _Lines) -> bool:
    """Whether the marker ``c`` at ``text[i]`` would start a list item (or, a lone
    "-", underline the line above into a heading)."""
    if nxt not in " \t\n" and not (c == "-" and nxt == "-"):
        return False
    start = i
    if c in ".)":
        while start and text[start - 1] in "0123456789":
            start -= 1
    return lines.at_lead(start)


def char_at(protected: Protected, text: str, i: int, first: bool) -> str:
    """What a reader sees at ``text[i]`` of html2text's output (for ``marks``): the
    character a sentinel stands for, or the first (``first``) or last character of
    what a token stands for."""
    c = text[i]
    pattern = protected.token
    if pattern is not None and c.isalnum():
        if first:
            m = pattern.match(text, i)
        else:
            m = next(
                (t for t in pattern.finditer(text, max(0, i - 64), i + 1) if t.end() == i + 1), None
            )
        if m is not None:
            raw = protected.raws[m.group()].text
            return (raw[:1] if first else raw[-1:]) or c
    return c.translate(_PLAIN)
