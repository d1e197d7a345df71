"""Where ``simplemd``'s writer puts its output: html2text's ``o`` and blockquotes.

The part of ``Converter``'s state that every tag's output goes through: the pieces
written, the pending paragraph breaks and space, and the blockquotes open (each
paragraph break in one starts the next line with its markers; ``Converter`` takes out
a quote that wrote nothing, as if it had never been there).
"""

from __future__ import annotations

MAX_QUOTES = 20
"""Deeper quotes are the long way's (``html.nested_too_deep`` keeps a post with a
hundred as HTML; ``to_markdown`` tries the shortcut before it looks)."""


class Beyond(Exception):
    """A state the shortcut does not reproduce: the long way converts the post."""


class Output:
    """html2text's output state, outside <pre>, hidden parts and Google Docs mode."""

    __slots__ = (
        "blockquote", "breaks", "filled", "last_was_nl", "out", "p_p", "quotes", "space",
        "start",
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
