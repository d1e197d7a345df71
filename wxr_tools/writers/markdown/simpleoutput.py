"""Where ``simplemd``'s writer puts its output: html2text's ``o``, blockquotes and lists.

The part of ``Converter``'s state that every tag's output goes through: the pieces
written, the pending paragraph breaks and space, the blockquotes open (each
paragraph break in one starts the next line with its markers; ``Converter`` takes out
a quote that wrote nothing, as if it had never been there) and the lists open (each
item's marker indented by the lists around it; html2text indents nothing else).
"""

from __future__ import annotations

from collections.abc import Callable

from wxr_tools.writers.markdown.simplegrammar import (
    BY_NAME,
    BY_NAME_IN_LISTS,
    IN_LIST,
    ITEM_END,
    ITEM_START,
    OL_END,
    OL_START,
    TAGS,
    TAGS_IN_LISTS,
    UL_START,
)

MAX_QUOTES = 20
"""Deeper quotes are the long way's (``html.nested_too_deep`` keeps a post with a
hundred as HTML; ``to_markdown`` tries the shortcut before it looks)."""
MAX_LISTS = 20
"""Likewise for lists (each counts two there): with the quotes, 60 at most, below 99."""


Reading = tuple[Callable[[str], int | None], dict[str, int]]
"""The kind of a tag without attributes (``TAGS.get``), and of a name (``BY_NAME``)."""
READING: Reading = (TAGS.get, BY_NAME)
READING_IN_LISTS: Reading = (TAGS_IN_LISTS.get, BY_NAME_IN_LISTS)


class Beyond(Exception):
    """A state the shortcut does not reproduce: the long way converts the post."""


class Output:
    """html2text's output state, outside <pre>, hidden parts and Google Docs mode."""

    __slots__ = (
        "blockquote", "breaks", "filled", "indents", "last_was_nl", "lists", "marked", "out",
        "p_p", "quotes", "space", "start",
    )  # fmt: skip

    def __init__(self) -> None:
        self.out: list[str] = []
        self.start = True
        self.p_p = 0
        self.space = False
        self.last_was_nl = False
        self.blockquote = 0
        self.breaks = "\n"
        """One paragraph break: a line end, then in a quote its markers and a space."""
        self.quotes: list[tuple[int, tuple[bool, int, bool, bool]]] = []
        """``Converter.quotes``: where each open quote's output starts, and the state
        before it (``br_toggle`` is only ever set in Google Docs mode)."""
        self.filled: list[bool] = []
        """``Converter.filled_quotes``: whether a quote inside each held text."""
        self.lists: list[int] = []
        """html2text's ``list``: for each open list, -1 (``<ul>``) or, for an ``<ol>``,
        the number of its items so far."""
        self.indents: list[str] = []
        """What each open list's item markers are indented by."""
        self.marked = -1
        """``Converter.marked``: the output's length once the last item's marker was
        written (``len(out)`` grows with each ``o`` that writes, as ``outcount``; only an
        empty quote's end takes output out, and a quote in a list is the long way's)."""

    def put(self, data: str) -> None:
        # ``Shortcuts._put`` (pending paragraph breaks, a pending space, the data).
        if not data:
            return
        if self.start:
            self.space = False
            self.p_p = 0
            self.start = False
        out = self.out
        if self.p_p:
            out.append(self.breaks * self.p_p)
            self.last_was_nl = not self.blockquote  # a quote's breaks end in a space
            self.space = False
        if self.space:
            if not self.last_was_nl:
                out.append(" ")
            self.space = False
        self.p_p = 0
        out.append(data)
        self.last_was_nl = data[-1] == "\n"

    def quote_start(self) -> None:
        # ``Converter.handle_starttag``, then html2text's ``handle_tag``: ``p``, then
        # ``o("> ", force=True)`` (its breaks carry the markers of the quotes already
        # open, without a space), then the quote starts a block.
        if len(self.quotes) >= MAX_QUOTES:
            raise Beyond
        self.quotes.append((len(self.out), (self.start, self.p_p, self.space, self.last_was_nl)))
        self.filled.append(False)
        # ``p`` made two breaks pending, and no space is left pending after them (nor
        # at the start, where they are dropped).
        if not self.start:
            self.out.append(("\n" + ">" * self.blockquote) * 2)
        self.space = False
        self.p_p = 0
        self.out.append("> ")
        self.last_was_nl = False
        self.start = True
        self.blockquote += 1
        self.breaks = "\n" + ">" * self.blockquote + " "

    def quote_end(self) -> None:
        # ``Converter.handle_endtag``, html2text's ``handle_tag`` in it (``p``).
        if not self.quotes:
            raise Beyond  # a stray end tag: html2text counts the quotes below zero
        at, before = self.quotes.pop()
        self.blockquote -= 1
        self.breaks = "\n" + ">" * self.blockquote + " " if self.blockquote else "\n"
        if not self.filled.pop() and all(not piece.strip(" \n>") for piece in self.out[at:]):
            del self.out[at:]  # nothing written in it
            self.start, self.p_p, self.space, self.last_was_nl = before
            return
        if self.filled:
            self.filled[-1] = True
        self.p_p = 2

    def list_tag(self, kind: int, previous: int) -> Reading:
        """A list's tag of ``kind`` after a tag of kind ``previous`` (``simplegrammar``);
        what the next tags are read with: in a list, what makes ``rawhtml`` keep it as
        HTML is refused (``IN_LIST``), with no test at each paragraph's tag."""
        if kind == IN_LIST:
            raise Beyond
        if kind == ITEM_START:
            self.item_start()
        elif kind == ITEM_END:
            self.item_end()
        elif kind == UL_START or kind == OL_START:  # noqa: SIM109 (no tuple made)
            # html2text's ``lastWasList``: every other tag's handler clears it but a
            # heading's end tag's (``convert`` does not count that one); no text does.
            self.list_start(kind == OL_START, ITEM_START < previous <= UL_START)
        else:
            self.list_end(kind == OL_END)
        return READING_IN_LISTS if self.lists else READING

    def list_start(self, ordered: bool, after_list: bool) -> None:
        # html2text's ``handle_tag`` for ``<ul>`` and ``<ol>`` (``start`` is not read:
        # the grammar holds no such attribute): a paragraph break before a list that
        # is neither inside another nor right after a list's tag (``lastWasList``).
        lists = self.lists
        if not lists:
            if not after_list:
                self.p_p = 2
            self.indents.append("  ")
        elif len(lists) >= MAX_LISTS:
            raise Beyond
        else:
            # Two spaces a list, three for one inside an ``<ol>``.
            self.indents.append(self.indents[-1] + ("   " if lists[-1] >= 0 else "  "))
        lists.append(0 if ordered else -1)

    def list_end(self, ordered: bool) -> None:
        # html2text's ``handle_tag`` for ``</ul>`` and ``</ol>``, then ``Converter``'s
        # mending in a quote: the end of the outermost list writes a line end.
        lists = self.lists
        if not lists or (lists[-1] >= 0) != ordered:
            raise Beyond  # a stray or mismatched end tag: ``rawhtml`` pairs them otherwise
        lists.pop()
        self.indents.pop()
        if not lists:
            self.put("\n")
            if self.blockquote:
                self.out[-1] = "\n" + ">" * self.blockquote

    def item_start(self) -> None:
        # ``Converter.handle_starttag`` (an item right after an empty one is not at the
        # start of a block), then html2text's ``handle_tag``: a line break, the indent,
        # the marker, and the item starts a block.
        lists = self.lists
        if not lists:
            raise Beyond  # an item outside a list: html2text's own ``<ul>``
        if self.start and len(self.out) == self.marked:
            self.start = False
        if not self.p_p:
            self.p_p = 1
        self.put(self.indents[-1])
        number = lists[-1]
        if number < 0:
            self.put("- ")
        else:
            lists[-1] = number + 1
            self.put(str(number + 1) + ". ")
        self.start = True
        self.marked = len(self.out)

    def item_end(self) -> None:
        # html2text's ``handle_tag`` for ``</li>``: a line break.
        if not self.lists:
            raise Beyond
        if not self.p_p:
            self.p_p = 1
