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
elements were), and a pair that spans a blank line is closed before it and opened again
after it. Then each paragraph's marks are read the way CommonMark reads them (its
delimiter-run rules, the "rule of 3" included, with punctuation as both its 0.30 and
0.31 specs define it), and a pair the reader would not pair as written is written as
HTML tags, which CommonMark and kramdown read anywhere (and parse the Markdown inside).
Deciding one pair changes its neighbours' (``<strong>*a*``), so the reading is done
again until every pair left reads as written.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

EM = "\U0010ff26"
STRONG = "\U0010ff27"
"""Sentinels of the converter's last private-use plane, after those of ``sentinels``."""
_PLANE = "\U0010ff00"
"""Where the converter's sentinels start: a neighbour from there on stands for another."""
_ASCII_PUNCTUATION = frozenset(string.punctuation)
_WRITTEN = {EM: "*", STRONG: "**"}
_TAGS = {EM: ("<em>", "</em>"), STRONG: ("<strong>", "</strong>")}
_BREAK = re.compile(r"[ \t]*(?:\n[ \t>]*)+\n[ \t>]*")
"""A blank line (inside blockquotes too), with what ends the line before it and what
starts the line after it."""


def _marks(text: str) -> Iterator[tuple[int, str]]:
    """Each mark of ``text`` in order: its position and kind. Found by scans for one
    character (a C loop, several times faster than a regular expression's class tested
    at each character: the search for marks was a tenth of the conversion)."""
    find = text.find
    em, strong = find(EM), find(STRONG)
    while em >= 0 or strong >= 0:
        if strong < 0 or 0 <= em < strong:
            yield em, EM
            em = find(EM, em + 1)
        else:
            yield strong, STRONG
            strong = find(STRONG, strong + 1)


@dataclass(slots=True)
class _Mark:
    position: int
    kind: str
    opens: bool
    partner: _Mark | None = None
    html: bool = False


def settle(text: str, char_at: Callable[[str, int, bool], str], tokens: bool = True) -> str:
    """``text`` with its mark sentinels written as Markdown marks or HTML tags.

    ``char_at(text, i, after)`` is the character a reader will see at ``text[i]`` (the
    first one of what stands there if ``after``, else the last one): sentinels and
    tokens of the converter stand for other text. ``tokens``: whether ``text`` holds
    any (a letter or digit next to a mark may then be a token's).
    """
    if EM not in text and STRONG not in text:
        return text
    if _plain(text, char_at, tokens):
        return text.replace(EM, "*").replace(STRONG, "**")
    marks = _paired(text)
    if any(_spans_break(text, mark) for mark in marks):
        text = _split_at_breaks(text)
        marks = _paired(text)
    at = {mark.position: mark for mark in marks}
    while True:
        failing = _misread(text, marks, at, char_at)
        if not failing:
            break
        for mark in failing:
            mark.html = True
            if mark.partner is not None:
                mark.partner.html = True
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


def _spans_break(text: str, mark: _Mark) -> bool:
    partner = mark.partner
    if not mark.opens or partner is None:
        return False
    start, end = mark.position, partner.position
    return text.find("\n", start, end) != -1 and _BREAK.search(text, start, end) is not None


def _plain(text: str, char_at: Callable[[str, int, bool], str], tokens: bool) -> bool:
    """Whether every mark reads as written without looking further (nearly every post):
    each stands alone, an opening one between white space or ASCII punctuation and a
    letter or digit, or after white space and before anything else ("*«a»*"), a
    closing one the other way round ("*a.* b"), on one line, and they nest. Such marks
    only open or only close in both specs' reading, and CommonMark pairs each closing
    one with the last one opened. One pass, no objects: this runs for every text with
    emphasis.
    """
    stack: list[tuple[str, int]] = []
    last = -2
    for position, kind in _marks(text):
        if position == last + 1:
            return False  # a run of several marks
        last = position
        before = text[position - 1] if position else "\n"
        after = text[position + 1] if position + 1 < len(text) else "\n"
        if before >= _PLANE or (tokens and before.isalnum()):
            before = char_at(text, position - 1, False)
        if after >= _PLANE or (tokens and after.isalnum()):
            after = char_at(text, position + 1, True)
        if stack and stack[-1][0] == kind:
            if after.isspace():
                if before.isspace():
                    return False
            elif not (before.isalnum() and after in _ASCII_PUNCTUATION):
                return False
            if text.find("\n", stack.pop()[1], position) != -1:
                return False
        else:
            if stack and stack[0][0] == kind:
                # Not nested. The stack holds one mark of each kind at most, and its
                # last is of the other kind: the first is the only one to look at.
                return False
            if before.isspace():
                if after.isspace():
                    return False
            elif not (after.isalnum() and before in _ASCII_PUNCTUATION):
                return False
            stack.append((kind, position))
    return not stack


def _paired(text: str) -> list[_Mark]:
    """The marks of ``text``, each kind opening and closing in turn (html2text nests them)."""
    marks: list[_Mark] = []
    open_ones: dict[str, _Mark] = {}
    for position, kind in _marks(text):
        opened = open_ones.pop(kind, None)
        mark = _Mark(position, kind, opens=opened is None)
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
    for position, kind in _marks(text):
        segment = text[pos:position]
        if open_kinds:
            segment = _BREAK.sub(lambda b: _reopened(b, open_kinds), segment)
        out.append(segment)
        out.append(kind)
        if kind in open_kinds:
            open_kinds.remove(kind)
        else:
            open_kinds.append(kind)
        pos = position + 1
    out.append(text[pos:])
    return "".join(out)


def _reopened(b: re.Match[str], open_kinds: list[str]) -> str:
    closing = "".join(reversed(open_kinds))
    return closing + b.group() + "".join(open_kinds)


@dataclass(slots=True)
class _Run:
    """A delimiter run as CommonMark sees it: adjacent marks written as asterisks."""

    marks: list[_Mark]
    chars: list[_Mark]
    """The mark each asterisk belongs to, in order."""
    can_open: bool
    can_close: bool
    start: int = 0
    """The first asterisk not yet used."""
    end: int = 0
    """One past the last asterisk not yet used."""


def _misread(
    text: str, marks: list[_Mark], at: dict[int, _Mark], char_at: Callable[[str, int, bool], str]
) -> list[_Mark]:
    """The marks still written as asterisks that CommonMark would not pair as intended."""
    runs: list[_Run] = []
    failing: list[_Mark] = []
    for mark in marks:
        if mark.html:
            continue
        previous = runs[-1].marks[-1] if runs else None
        if previous is not None and previous.position == mark.position - 1:
            runs[-1].marks.append(mark)
        else:
            runs.append(_Run([mark], [], False, False))
    for run in runs:
        first, last = run.marks[0].position, run.marks[-1].position
        # A neighbour written as a tag: "<strong>" ends with ">", "</em>" starts with "<".
        before = ">" if first - 1 in at else _char(text, first - 1, char_at, False)
        after = "<" if last + 1 in at else _char(text, last + 1, char_at, True)
        reads = {(_left(before, after, s), _right(before, after, s)) for s in (False, True)}
        if len(reads) > 1:
            failing += run.marks  # the specs read it differently: not worth the risk
        run.can_open, run.can_close = next(iter(reads))
        run.chars = [m for m in run.marks for _ in _WRITTEN[m.kind]]
        run.end = len(run.chars)
    paired: dict[int, int] = {}  # id of each mark -> id of the mark CommonMark pairs it with
    for paragraph in _paragraphs(text, runs):
        _process_emphasis(paragraph, paired)
    for mark in marks:
        if mark.html or mark.partner is None:
            continue
        if paired.get(id(mark)) != id(mark.partner):
            failing.append(mark)
    return failing


def _paragraphs(text: str, runs: list[_Run]) -> list[list[_Run]]:
    """``runs`` grouped by the block they stand in (a blank line separates blocks)."""
    groups: list[list[_Run]] = []
    for run in runs:
        if groups:
            last = groups[-1][-1].marks[-1].position
            if _BREAK.search(text, last + 1, run.marks[0].position) is None:
                groups[-1].append(run)
                continue
        groups.append([run])
    return groups


def _process_emphasis(runs: list[_Run], paired: dict[int, int]) -> None:
    """CommonMark's "process emphasis", for asterisks: record which mark each pairs with.

    A mark is paired when all its asterisks meet all of its partner's in one match
    (a match takes two asterisks from each side when both have two, else one).
    """
    stack: list[_Run] = []
    for closer in runs:
        while closer.can_close and closer.start < closer.end:
            opener = _opener_for(stack, closer)
            if opener is None:
                break
            use = 2 if opener.end - opener.start >= 2 and closer.end - closer.start >= 2 else 1
            opened = opener.chars[opener.end - use : opener.end]
            closed = closer.chars[closer.start : closer.start + use]
            opener.end -= use
            closer.start += use
            if len(set(map(id, opened))) == 1 and len(set(map(id, closed))) == 1:
                a, b = opened[0], closed[0]
                if len(_WRITTEN[a.kind]) == use and len(_WRITTEN[b.kind]) == use:
                    paired[id(a)], paired[id(b)] = id(b), id(a)
            # Delimiters between the two are no longer candidates.
            while stack and stack[-1] is not opener:
                stack.pop()
            if opener.start >= opener.end:
                stack.pop()
        if closer.can_open and closer.start < closer.end:
            stack.append(closer)


def _opener_for(stack: list[_Run], closer: _Run) -> _Run | None:
    for opener in reversed(stack):
        if (opener.can_close or closer.can_open) and (
            (len(opener.chars) + len(closer.chars)) % 3 == 0
            and not (len(opener.chars) % 3 == 0 and len(closer.chars) % 3 == 0)
        ):
            continue  # the rule of 3
        return opener
    return None


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
