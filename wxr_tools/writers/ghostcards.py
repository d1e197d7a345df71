"""The post HTML as Ghost's importer keeps it: what its editor would lose, in HTML cards.

Ghost's importer does not store the ``html`` it is given: it converts it to its editor's
document (Lexical) and renders that back. Whatever the converter has no node for is
dropped without a word. Imported into Ghost 6.65 (and run through its converter,
``@tryghost/kg-html-to-lexical``), these were lost:

* an image inside a link outside a ``<figure>`` (``<p><a href><img></a></p>``, how
  WordPress links an image to its file): the image, the link left empty;
* a ``<figure>`` of several images (a gallery, WordPress's or the gallery transform's):
  every image after the first;
* ``<audio>`` and ``<video>`` players (the players transform's, a ``[playlist]``'s),
  ``<object>``/``<embed>`` (Flash) and ``<script>`` (a tweet's, a gist's): all of it;
* ``<dl>`` and ``<details>``: their structure (``<dt>T</dt><dd>D</dd>`` became "TD");
* a ``<blockquote>`` holding a list, a table, code or a figure: flattened to its text;
* a ``<pre>`` without ``<code>`` (``<pre>$ sudo apt-get…</pre>``): made a paragraph,
  its line breaks ``<br>``; text beside the ``<code>`` of a ``<pre>``: dropped.

Ghost keeps a block as it is when it stands between ``<!--kg-card-begin: html-->`` and
``<!--kg-card-end: html-->`` (an HTML card: shown as written, edited as HTML), so each
top-level block holding one of these is written inside such a pair. A ``<pre>`` of
plain text gets a ``<code>`` instead, which Ghost makes a code card. The rest (the
paragraphs, headings, lists, single images, iframes, tables, which Ghost makes cards
of itself) is left as it is, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

CARD_BEGIN = "<!--kg-card-begin: html-->"
CARD_END = "<!--kg-card-end: html-->"

_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
))  # fmt: skip
_LOST = frozenset(("audio", "video", "object", "embed", "script", "dl", "details"))
"""Elements Ghost's converter drops, or whose structure it drops."""
_NOT_IN_QUOTE = frozenset((
    "ul", "ol", "pre", "table", "figure", "img", "div", "blockquote", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr",
))  # fmt: skip
"""What a ``<blockquote>`` cannot hold in Ghost: its quote holds text alone."""
_CLOSES_P = frozenset((
    "address", "article", "aside", "blockquote", "details", "div", "dl", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "ol", "p", "pre", "section",
    "table", "ul",
))  # fmt: skip
"""Start tags that end an open ``<p>`` (HTML's rule), so that a ``<p>`` left open does
not make the rest of the post one block."""


@dataclass(slots=True)
class _Block:
    start: int
    tag: str
    images: int = 0
    lost: bool = False
    pre_plain: bool = False
    """A top-level ``<pre>`` of text alone: given a ``<code>``."""
    end: int = -1
    unclosed: tuple[str, ...] = ()
    """The elements still open where the block ends, innermost first: a ``<p>`` ended by
    the next block's start tag, what the post leaves open at its end."""


class _Blocks(HTMLParser):
    """The top-level blocks of a post's HTML, with what Ghost would lose in each."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self._lines = [0]
        newline = text.find("\n")
        while newline >= 0:
            self._lines.append(newline + 1)
            newline = text.find("\n", newline + 1)
        self.blocks: list[_Block] = []
        self._stack: list[str] = []
        self._block: _Block | None = None
        self._pre_code = 0
        """In a ``<pre>``: 0 nothing yet, 1 a ``<code>`` first, 2 more than a code."""

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def _open(self, tag: str) -> _Block:
        if self._block is None:
            self._block = _Block(self._offset(), tag, pre_plain=tag == "pre")
        return self._block

    def _close_block(self, end: int) -> None:
        block = self._block
        if block is not None and not self._stack:
            block.end = end
            self.blocks.append(block)
            self._block = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P and self._stack and self._stack[-1] == "p":
            self._stack.pop()
            if self._block is not None and not self._stack:
                self._block.unclosed = ("p",)
            self._close_block(self._offset())
        if tag in ("li", "dt", "dd") and self._stack and self._stack[-1] == tag:
            self._stack.pop()
        self._element(tag)
        if tag not in _VOID:
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag)
        if tag not in _VOID:  # "<p/>": an empty element
            self._close_block(self._offset() + len(self.get_starttag_text() or ""))

    def _element(self, tag: str) -> None:
        block = self._open(tag)
        stack = self._stack
        if tag == "img":
            block.images += 1
            if "a" in stack and block.tag != "figure":
                block.lost = True  # the image (a figure's is an image card with its link)
        if tag in _LOST or ("blockquote" in stack and tag in _NOT_IN_QUOTE):
            block.lost = True
        if "pre" in stack:
            block.pre_plain = False
            # Ghost reads a <pre>'s first element as its code: anything else is lost.
            self._pre_code = 1 if self._pre_code == 0 and tag == "code" else 2
            if self._pre_code == 2 and "code" not in stack:
                block.lost = True
        if tag == "pre":
            self._pre_code = 0

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return  # a stray end tag: browsers ignore it
        while self._stack and self._stack.pop() != tag:
            pass
        block = self._block
        if tag == "pre" and block is not None and self._pre_code == 0 and block.tag != "pre":
            block.lost = True  # text alone, in a block: a paragraph in Ghost
        start = self._offset()
        close = self.text.find(">", start)
        self._close_block(close + 1 if close >= 0 else len(self.text))

    def handle_data(self, data: str) -> None:
        block = self._block
        if block is None or not data.strip() or "pre" not in self._stack:
            return  # text outside a block is a paragraph in Ghost: nothing lost
        if self._pre_code == 1 and "code" not in self._stack:
            block.lost = True  # text beside the <pre>'s <code>

    def handle_entityref(self, name: str) -> None:
        self.handle_data("&")

    def handle_charref(self, name: str) -> None:
        self.handle_data("&")

    def finish(self) -> list[_Block]:
        self.close()
        if self._block is not None:  # left open: it runs to the end
            self._block.end = len(self.text)
            self._block.unclosed = tuple(reversed(self._stack))
            self.blocks.append(self._block)
            self._block = None
        return self.blocks


def for_ghost(html: str) -> tuple[str, int]:
    """``html`` with each top-level block Ghost's converter would lose part of inside an
    HTML card, and a plain ``<pre>`` given its ``<code>``; how many cards were made."""
    if "<" not in html:
        return html, 0
    # The parser reads character references in attribute values with int(), which
    # refuses more than 4,300 digits; the blocks need only the tags, and "&_" keeps
    # every offset where it was.
    scanned = html.replace("&#", "&_") if "&#" in html else html
    blocks = _Blocks(scanned)
    blocks.feed(scanned)
    parts: list[str] = []
    done = cards = 0
    before: _Block | None = None
    for block in blocks.finish():
        # An element left open would hold the card's comment: Ghost reads a card only
        # between two comments side by side, so what is open is closed first.
        open_p = before is not None and before.unclosed and before.end == block.start
        before = block
        if block.tag == "figure" and block.images > 1:
            block.lost = True  # a gallery: Ghost keeps its first image alone
        segment = html[block.start : block.end]
        if block.lost:
            closing = "".join(f"</{tag}>" for tag in block.unclosed)
            replaced = ("</p>" if open_p else "") + CARD_BEGIN + segment + closing + CARD_END
            cards += 1
        elif block.tag == "pre" and block.pre_plain:
            head = segment.index(">") + 1
            tail = segment.rfind("</")
            if tail < head:
                continue  # an unclosed <pre>: left as it is
            replaced = segment[:head] + "<code>" + segment[head:tail] + "</code>" + segment[tail:]
        else:
            continue
        parts.append(html[done : block.start])
        parts.append(replaced)
        done = block.end
    if not parts:
        return html, 0
    parts.append(html[done:])
    return "".join(parts), cards
