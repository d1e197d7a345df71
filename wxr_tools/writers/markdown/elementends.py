"""Where an element of HTML ends: the end tag of its name at its depth.

``rawhtml`` asks this for each element it may keep. A scan from each start tag cost
the length of what follows it, so ten thousand nested lists, or ``<code>`` opened ten
thousand times and never closed, took minutes. ``ElementEnds`` reads the tags of a
name once per document and answers each start from what that scan found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

ATTRIBUTES = r"""[^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+"""
"""A tag's attributes: anything up to its ">", values quoted either way. Always followed
by ">": the text matched is ``(?:[^>"']|"[^"]*"|'[^']*')*``'s, read in runs (not an
alternation tried at each character) and never given back (a quote always starts a
value, so there is one way to read it, and only its end may stand before the ">")."""
RAW_TEXT = frozenset(("script", "style", "textarea"))
"""Elements whose content is text: the first end tag of the name closes them."""


@lru_cache(maxsize=64)
def _tag_pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        r"<(/?)" + re.escape(name) + r"(?=[\s/>])(" + ATTRIBUTES + ")>", re.IGNORECASE
    )


@lru_cache(maxsize=8)
def _raw_text_end(name: str) -> re.Pattern[str]:
    return re.compile(r"</" + re.escape(name) + r"\s*>", re.IGNORECASE)


def find_end(source: str, name: str, start: int) -> tuple[int, int] | None:
    """Start and end of the tag closing the element ``name`` opened before ``start``,
    by counting depth from ``start``; None if it is never closed."""
    if name in RAW_TEXT:
        close = _raw_text_end(name).search(source, start)
        return (close.start(), close.end()) if close else None
    depth = 1
    for m in _tag_pattern(name).finditer(source, start):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.start(), m.end()
        elif not m.group(2).rstrip().endswith("/"):
            depth += 1
    return None


class _Tags:
    """The tags of one name from ``origin`` on, and for each, where the depth first
    falls below its depth there: the end of the element opened just before it."""

    def __init__(self, source: str, name: str, origin: int) -> None:
        self.origin = origin
        if name in RAW_TEXT:
            matches = list(_raw_text_end(name).finditer(source, origin))
            steps = [-1] * len(matches)
        else:
            matches = list(_tag_pattern(name).finditer(source, origin))
            steps = [
                -1 if m.group(1) else 0 if m.group(2).rstrip().endswith("/") else 1 for m in matches
            ]
        self.spans = [m.span() for m in matches]
        self.starts = [m.start() for m in matches]
        depth = [0]  # before each tag, and after the last
        for step in steps:
            depth.append(depth[-1] + step)
        # The next lower depth of each, with a stack of those still waiting for one,
        # read from the end: each position goes on and off it once.
        self.lower = [len(depth)] * len(depth)
        waiting: list[int] = []
        for i in range(len(depth) - 1, -1, -1):
            while waiting and depth[waiting[-1]] >= depth[i]:
                waiting.pop()
            if waiting:
                self.lower[i] = waiting[-1]
            waiting.append(i)

    def answers(self, start: int) -> bool:
        """Whether a scan from ``start`` reads the tags this one read after it: not
        when ``start`` is before this scan, or inside a tag it read (a "<ul" in a
        quoted value, read as a tag up to the ">" after the value)."""
        i = bisect_left(self.starts, start)
        return start >= self.origin and (i == 0 or self.spans[i - 1][1] <= start)

    def end(self, start: int) -> tuple[int, int] | None:
        closing = self.lower[bisect_left(self.starts, start)]
        return self.spans[closing - 1] if closing < len(self.lower) else None


class ElementEnds:
    """``find_end`` for one document, each name's tags read once (twice at most).

    The first element of a name is answered by ``find_end`` itself, which reads only up
    to its end tag: most posts have one figure or one ``<pre>``, and the scan of every
    tag of the name in the rest of the post was a third of ``rawhtml``'s time for them.
    From the second on, the tags of the name are read once and answer the others.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.tags: dict[str, _Tags] = {}
        self.asked: set[str] = set()
        """Names answered once by ``find_end``: the next one of each builds its tags."""

    def find(self, name: str, start: int) -> tuple[int, int] | None:
        tags = self.tags.get(name)
        if tags is None:
            if name not in self.asked:
                self.asked.add(name)
                return find_end(self.source, name, start)
            tags = self.tags[name] = _Tags(self.source, name, start)
        if not tags.answers(start):
            return find_end(self.source, name, start)
        return tags.end(start)
