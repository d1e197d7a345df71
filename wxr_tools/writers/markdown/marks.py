"""Emphasis marks settled: ``*`` and ``**`` where Markdown reads them, HTML tags elsewhere.

html2text writes ``<em>`` and ``<strong>`` as ``*`` and ``**`` wherever they are, but a
mark only counts where it *flanks* its text (CommonMark's delimiter rules, which
kramdown follows closely enough): a closing mark after punctuation must be followed by
white space or punctuation. ``special **Scripts/**directory``, ``**/etc/crontab**`` after a
Chinese letter, ``*[a link](/x)*Et`` left their asterisks on the page. And an element
left open across paragraphs (``<em>a</p><p>b</em>``) gave marks that a blank line
separates, which never pair.

So the converter writes each mark as a sentinel (``EM``, ``STRONG``), and here, once the
whole text is known, marks are paired in order (html2text writes them nested, as the
elements were), a pair that spans a blank line is closed before it and opened again
after it, and a pair whose marks would not flank is written as HTML tags, which both
CommonMark and kramdown read anywhere (and parse the Markdown inside). Deciding one pair
can change another's neighbours (``<strong>*a*``), so the check runs until nothing changes.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

EM = "\U0010ff26"
STRONG = "\U0010ff27"
"""Sentinels of the converter's last private-use plane (see ``html``)."""
_MARKS = re.compile(f"[{EM}{STRONG}]")
_WRITTEN = {EM: "*", STRONG: "**"}
_TAGS = {EM: ("<em>", "</em>"), STRONG: ("<strong>", "</strong>")}
_BREAK = re.compile(r"[ \t]*(?:\n[ \t>]*)+\n[ \t>]*")
"""A blank line (inside blockquotes too), with what ends the line before it and what
starts the line after it."""


@dataclass(slots=True)
class _Mark:
    position: int
    kind: str
    opens: bool
    partner: _Mark | None = None
    html: bool = False


def settle(text: str, char_at: Callable[[str, int, bool], str]) -> str:
    """``text`` with its mark sentinels written as Markdown marks or HTML tags.

    ``char_at(text, i, after)`` is the character a reader will see at ``text[i]`` (the
    first one of what stands there if ``after``, else the last one): sentinels and
    tokens of the converter stand for other text.
    """
    if _MARKS.search(text) is None:
        return text
    text = _split_at_breaks(text)
    marks = _paired(text)
    at = {mark.position: mark for mark in marks}
    while True:
        failing = [
            m for m in marks if not m.html and m.partner and not _flanks(text, m, at, char_at)
        ]
        if not failing:
            break
        for mark in failing:
            assert mark.partner is not None
            mark.html = mark.partner.html = True
    out: list[str] = []
    pos = 0
    for mark in marks:
        out.append(text[pos : mark.position])
        if mark.html:
            out.append(_TAGS[mark.kind][0 if mark.opens else 1])
        else:
            out.append(_WRITTEN[mark.kind])
        pos = mark.position + 1
    out.append(text[pos:])
    return "".join(out)


def _paired(text: str) -> list[_Mark]:
    """The marks of ``text``, each kind opening and closing in turn (html2text nests them)."""
    marks: list[_Mark] = []
    open_ones: dict[str, _Mark] = {}
    for m in _MARKS.finditer(text):
        kind = m.group()
        opened = open_ones.pop(kind, None)
        mark = _Mark(m.start(), kind, opens=opened is None)
        if opened is None:
            open_ones[kind] = mark
        else:
            mark.partner, opened.partner = opened, mark
        marks.append(mark)
    return marks


def _split_at_breaks(text: str) -> str:
    """Marks of a pair that a blank line separates: closed before it, opened after it."""
    if "\n" not in text:
        return text
    out: list[str] = []
    pos = 0
    open_kinds: list[str] = []
    for m in _MARKS.finditer(text):
        segment = text[pos : m.start()]
        if open_kinds:
            segment = _BREAK.sub(lambda b: _reopened(b, open_kinds), segment)
        out.append(segment)
        out.append(m.group())
        if m.group() in open_kinds:
            open_kinds.remove(m.group())
        else:
            open_kinds.append(m.group())
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _reopened(b: re.Match[str], open_kinds: list[str]) -> str:
    closing = "".join(reversed(open_kinds))
    return closing + b.group() + "".join(open_kinds)


def _flanks(
    text: str, mark: _Mark, at: dict[int, _Mark], char_at: Callable[[str, int, bool], str]
) -> bool:
    """Whether ``mark``, with the marks written next to it, opens or closes as it should."""
    start = end = mark.position
    # The run of marks it is written in: its neighbours that stay marks too.
    while (m := at.get(start - 1)) is not None and not m.html:
        start -= 1
    while (m := at.get(end + 1)) is not None and not m.html:
        end += 1
    # A neighbour written as a tag: "<strong>" ends with ">", "</em>" starts with "<".
    before = ">" if start - 1 in at else _char(text, start - 1, char_at, False)
    after = "<" if end + 1 in at else _char(text, end + 1, char_at, True)
    return all(
        _left(before, after, symbols) if mark.opens else _right(before, after, symbols)
        for symbols in (False, True)
    )


def _char(text: str, i: int, char_at: Callable[[str, int, bool], str], after: bool) -> str:
    if i < 0 or i >= len(text):
        return "\n"
    return char_at(text, i, after)


def _space(c: str) -> bool:
    return not c or c.isspace()


def _punctuation(c: str, symbols: bool) -> bool:
    """CommonMark's punctuation: ASCII punctuation, Unicode's P categories, and since
    the 0.31 spec its S categories too (goldmark, markdown-it and kramdown differ:
    a pair must work both ways)."""
    if c in string.punctuation:
        return True
    category = unicodedata.category(c)[0] if c else ""
    return category == "P" or (symbols and category == "S")


def _left(before: str, after: str, symbols: bool) -> bool:
    if _space(after):
        return False
    return not _punctuation(after, symbols) or _space(before) or _punctuation(before, symbols)


def _right(before: str, after: str, symbols: bool) -> bool:
    if _space(before):
        return False
    return not _punctuation(before, symbols) or _space(after) or _punctuation(after, symbols)
