"""html2text, subclassed to lose nothing: ``new_converter()`` makes one per text.

The converter swaps every character of text that Markdown could read for a sentinel
(``sentinels``) and writes emphasis marks as sentinels too (``marks``), both decided
once the text around them is known; URLs and titles go through ``destinations``. Its
handlers mend what html2text writes wrongly: a ``<br>`` after a ``<br>``, a stray
``</script>`` or ``<head>``, an empty quote, a list ending inside a quote, an empty
list item. ``shortcuts`` and ``htmlscan`` make the common cases fast.
"""

from __future__ import annotations

import re
from operator import attrgetter
from types import MethodType
from typing import Any

from html2text import config
from html2text.utils import escape_md_section, pad_tables_in_text

from wxr_tools.writers.markdown import marks
from wxr_tools.writers.markdown.destinations import alt_text, destination, title
from wxr_tools.writers.markdown.plaintext import html2text_would_escape
from wxr_tools.writers.markdown.sentinels import SPECIAL, mark_leading, may_link, to_sentinels
from wxr_tools.writers.markdown.shortcuts import Shortcuts

_NBSP_PLACEHOLDER = "&nbsp_place_holder;"
ASCII_SPACE = " \t\n\r\f"
_STATE = attrgetter("start", "p_p", "space", "br_toggle", "lastWasNL")
"""What html2text's writing depends on besides its depth: restored after an empty quote."""
_SPACE_NOT_SPACE = re.compile(r"[^\S ]")  # white space other than " "
# White space other than " " (what ``\s`` and ``str.isspace`` take; a test checks the
# list), listed so that one character class finds it or a special character.
_OTHER_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
MAY_LEAD = frozenset("-+0123456789 " + _OTHER_SPACE)
"""What a text that starts with a list marker starts with (html2text strips white space)."""
TEXT_AS_IS_CHARS = SPECIAL + _OTHER_SPACE
"""What a text that is written as it is holds none of (``TEXT_AS_IS``)."""
TEXT_AS_IS = re.compile("[" + re.escape(TEXT_AS_IS_CHARS) + "]")
_EMPHASIS = frozenset(("em", "i", "strong", "b"))
_EM = frozenset(("em", "i"))
LINE_BREAKS = frozenset(("  \n", "  \n> ", "&nbsp;  \n", "&nbsp;  \n> "))
"""What ``<br>`` is written as (in a blockquote: with the marker of the next line)."""
_HIDING = frozenset(("style", "script"))
"""Tags whose content html2text hides (and ``<head>``, ignored here)."""
_PARAGRAPHS = frozenset(("p", "div"))


class Converter(Shortcuts):
    """html2text with text characters swapped for sentinels before its own escaping."""

    def __init__(
        self,
        *,
        skip_idle_escapes: bool = True,
        skip_blank_text: bool = True,
        collapse_fast: bool = True,
        scan_fast: bool = True,
        paragraph_fast: bool = True,
        emphasis_fast: bool = True,
        link_fast: bool = True,
        output_fast: bool = True,
        text_fast: bool = True,
    ) -> None:
        super().__init__(bodywidth=0)
        self.text_fast = text_fast and skip_idle_escapes and collapse_fast and output_fast
        self.scan_fast = scan_fast
        self.paragraph_fast = paragraph_fast
        self.emphasis_fast = emphasis_fast
        self.link_fast = link_fast
        self.output_fast = output_fast
        self.skip_idle_escapes = skip_idle_escapes
        self.skip_blank_text = skip_blank_text
        self.collapse_fast = collapse_fast
        self.unicode_snob = True
        self.skip_internal_links = False
        self.ul_item_mark = "-"
        # Sentinels, written as "*" and "**" or as tags once the text is known (``marks``).
        self.emphasis_mark = marks.EM
        self.strong_mark = marks.STRONG
        self.include_sup_sub = True
        self.pad_tables = True
        self.escape_snob = False
        self.inline_links = True
        self.wrap_links = False
        self.wrap_list_items = False
        self.wrap_tables = False
        self.use_automatic_links = True
        self.images_to_alt = False
        self.images_with_size = False
        self.protect_links = False
        self.mark_code = False
        self.links = 0
        self.quotes: list[tuple[int, tuple[Any, ...]]] = []
        """For each open blockquote, where in ``outtextlist`` its output starts, and the
        writing state before it (``_STATE``): an empty one is taken out as if it had
        never been there."""
        self.filled_quotes: list[bool] = []
        """For each open blockquote, whether a quote inside it held text: then so does
        it (each end tag read all its quote had written: ten thousand nested quotes
        took minutes)."""
        self.marked = -1
        """``outcount`` once the last list item's marker was written."""

    def handle(self, data: str) -> str:
        # html2text's ``handle``, but its table padding, which splits the whole output
        # into lines and joins them again, only where a table left its marker: with
        # none, that gives the same text back.
        self.start = True
        self.feed(data)
        self.feed("")
        markdown = self.optwrap(self.finish())
        if self.pad_tables and config.TABLE_MARKER_FOR_PAD in markdown:
            return pad_tables_in_text(markdown)
        return markdown

    def updatepos(self, i: int, j: int) -> int:
        # HTMLParser counts the lines of every piece it parses, only for ``getpos``
        # (positions in error messages), which neither html2text nor this module calls.
        return j

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (
            tag in _PARAGRAPHS
            and self.paragraph_fast
            and self.tag_callback is None
            and not self.google_doc
        ):
            # Two tags in three: none of the tests below is about them.
            self._paragraph(tag)
            return
        if tag in _EMPHASIS and self._emphasis_fast() and self.tag_callback is None:
            # Emphasis, the next commonest: only the test of what precedes <em> below.
            if tag in _EM and self.preceding_data[-1:] not in ASCII_SPACE:
                self.preceding_data += " "  # see below
            self._emphasis(tag, True)
            return
        if tag == "head":
            return  # inside a post, a browser ignores it and shows what it holds
        if tag == "br" and self.outtextlist and self.outtextlist[-1] in LINE_BREAKS:
            # A break right after a break: html2text's "  \n" again would leave a blank
            # line, a new paragraph (the link or emphasis around it broken in two). A
            # line holding a non-breaking space is the empty line the browser shows.
            self.o("&nbsp;" + self.outtextlist[-1].removeprefix("&nbsp;"))
            return
        if tag == "a" and any(name == "href" for name, _ in attrs):
            self.links += 1
            attrs = [_link_attribute(name, value) for name, value in attrs]
        elif tag == "img":
            attrs = [_image_attribute(name, value) for name, value in attrs]
        elif tag in ("em", "i") and self.preceding_data[-1:] not in ("", *ASCII_SPACE):
            # html2text puts a space before emphasis that follows anything but white
            # space or ASCII punctuation, which changes the text ("a<em>b</em>" would
            # read "a *b*", "[<em>b</em>" "[ *b*", "：<em>b</em>" "： *b*"); with *
            # emphasis works inside words, so make it believe a space is there.
            self.preceding_data += " "
        elif tag == "li" and self.start and self.list and self.outcount == self.marked:
            # The item before is empty: html2text, still at its start, would write
            # this item's marker on the same line (a list inside the empty item).
            self.start = False
        if tag == "blockquote":
            self.quotes.append((len(self.outtextlist), _STATE(self)))
            self.filled_quotes.append(False)
        super().handle_starttag(tag, attrs)
        if tag == "li":
            self.marked = self.outcount

    def handle_data(self, data: str, entity_char: bool = False) -> None:
        if (
            self.skip_blank_text
            and data
            and not self.pre
            and not self.stressed
            and self.maybe_automatic_link is None
            and not self.style
            and self.abbr_data is None
            and not data.strip(ASCII_SPACE)
        ):
            # White space between tags (half of all text runs): all html2text would do
            # with it, outside <pre>, a fresh emphasis, a link's start, <style> and
            # <abbr>, is note it as the preceding text and make it a pending space
            # (``o`` collapses it to " ", strips that and returns on the empty rest).
            self.preceding_stressed = False
            self.preceding_data = data
            if not self.quiet:
                self.space = True
            return
        if (
            self.text_fast
            and (not self.stressed or self.maybe_automatic_link is None)
            and not self.style
            and not self.pre
            and not self.startpre
            and not self.code
            and not self.quiet
            and self.abbr_data is None
            and not self.google_doc
            and not self.a
            and data
            and self._text(data, entity_char)
        ):
            return
        if (
            data
            and data != _NBSP_PLACEHOLDER
            # In a <pre> html2text writes (one left open: ``rawhtml`` keeps the others)
            # the text is an indented code block, where a backslash is shown.
            and not self.pre
            and not (
                # A link whose text is its URL becomes <url>, where nothing is escaped.
                self.maybe_automatic_link is not None and data == self.maybe_automatic_link
            )
        ):
            data = to_sentinels(data, self.links > 0)
            if data[:1] in MAY_LEAD:
                data = mark_leading(data)
        if not self.stressed:
            # Likewise after emphasis: "*a*b" is emphasis in CommonMark; no space needed.
            self.preceding_stressed = False
        if self.skip_idle_escapes and not entity_char and not html2text_would_escape(data):
            # html2text skips its escaping for text from character references; here the
            # escaping would change nothing (html2text may strip the text or put a space
            # before it first, which cannot make a line start with a number, "+" or "-").
            entity_char = True
        # Right after an opening mark html2text strips the text with ``str.strip``,
        # non-breaking spaces too ("<em>a.&nbsp;<a>b</a></em>" lost the one before b).
        trimmed = data.rstrip() if self.stressed else data.rstrip(ASCII_SPACE)
        if trimmed and len(trimmed) < len(data) and not self.pre:
            # A trailing space is written lazily (html2text's pending space), so that it
            # lands after a closing emphasis mark ("*a* b", not "*a *b"), and so that
            # the space before a link inside emphasis is not stripped with it.
            super().handle_data(trimmed, entity_char)
            self.space = True
            return
        super().handle_data(data, entity_char)

    def _text(self, data: str, entity_char: bool) -> bool:
        # ``handle_data`` above, html2text's ``handle_data``, ``o`` and ``Shortcuts.o``
        # in one, for text in the commonest state (outside <pre>, <code>, <style>,
        # <abbr>, hidden parts and reference links): what each of them does there, in
        # the same order, without four calls and their repeated tests. False, having
        # changed nothing, for a link's text that may be its URL (``<url>``).
        # Most text holds no character to swap and no white space to collapse: one
        # scan tells.
        href = self.maybe_automatic_link
        if href is not None and data == href:
            return False
        plain = TEXT_AS_IS.search(data) is None and "  " not in data and not may_link(data)
        if not plain and data != _NBSP_PLACEHOLDER:
            data = to_sentinels(data, self.links > 0)
        if data[:1] in MAY_LEAD:
            data = mark_leading(data)
        stressed = self.stressed
        # Right after an opening mark html2text strips the text with ``str.strip``.
        trimmed = data.rstrip() if stressed else data.rstrip(ASCII_SPACE)
        pending_space = bool(trimmed) and len(trimmed) < len(data)
        written = trimmed if pending_space else data
        if href is not None:
            if written == href:
                return False
            # The link's text is not its URL: its "[" goes first.
            self._put("[")
            self.maybe_automatic_link = None
            self.empty_link = False
        escape = not entity_char and html2text_would_escape(data)
        if stressed:
            written = written.strip()
            self.stressed = False
            self.preceding_stressed = True
        else:
            self.preceding_stressed = False
        if escape:
            written = escape_md_section(written, snob=self.escape_snob)
        self.preceding_data = written
        if not plain:
            written = collapse_space(written)
        if written[:1] == " ":
            self.space = True
            written = written[1:]
        self._put(written)
        if pending_space:
            self.space = True
        return True

    def handle_endtag(self, tag: str) -> None:
        if (
            tag in _PARAGRAPHS
            and self.paragraph_fast
            and self.tag_callback is None
            and not self.google_doc
        ):
            self._paragraph(tag)  # as in ``handle_starttag``
            return
        if tag in _EMPHASIS and self._emphasis_fast() and self.tag_callback is None:
            if self.space:
                self.space = False  # see below
                self._emphasis(tag, False)
                self.space = True
            else:
                self._emphasis(tag, False)
            return
        if tag == "head" or (tag in _HIDING and self.quiet <= 0):
            # A stray end tag: html2text would count its hidden parts below zero and
            # write nothing more (the rest of the post was lost). <script> and <style>
            # elements never get here whole: ``rawhtml`` keeps them.
            return
        if tag == "a":
            # Text after a link is not the text right after an opening mark, which
            # html2text strips ("<em><a></a> word</em>" ran "word" into the link).
            self.stressed = False
            if self.links:
                self.links -= 1
        if tag in _EMPHASIS and self.space:
            self.space = False
            super().handle_endtag(tag)
            self.space = True
            return
        if tag == "blockquote" and self.quotes:
            at, before = self.quotes.pop()
            if not self.filled_quotes.pop() and all(
                not piece.strip(" \n>") for piece in self.outtextlist[at:]
            ):
                # Nothing was written in it (or only white space): html2text's "> "
                # would have quoted the next paragraph. It goes, with the line breaks
                # written for it, and what was pending before it is pending again (a
                # paragraph break; or none, at the start of a block).
                del self.outtextlist[at:]
                super().handle_endtag(tag)
                self.start, self.p_p, self.space, self.br_toggle, self.lastWasNL = before
                return
            if self.filled_quotes:
                self.filled_quotes[-1] = True
        super().handle_endtag(tag)
        if (
            tag in ("ul", "ol")
            and self.blockquote
            and not self.list
            and self.outtextlist[-1:] == ["\n"]
        ):
            # html2text ends a list with a bare line end: in a blockquote, the empty
            # line it leaves ended the quote (the rest was a second one).
            self.outtextlist[-1] = "\n" + ">" * self.blockquote

    def o(self, data: str, puredata: bool = False, force: bool | str = False) -> None:
        if (
            puredata
            and self.collapse_fast
            and not self.pre
            and not self.quiet
            and self.abbr_data is None  # it takes the text as it came
            and not self.google_doc
        ):
            # html2text's first step for text: white space runs to one space, and a
            # leading one made pending. It does that with ``re.sub(r"\s+", ...)``, a
            # match attempted at every character (a sixth of all rendering), while
            # almost no text holds anything but single spaces: two fast scans tell.
            # Nothing else in ``o`` depends on ``puredata``.
            data = collapse_space(data)
            if data[:1] == " ":
                self.space = True
                data = data[1:]
            puredata = False
        super().o(data, puredata, force)


def _link_attribute(name: str, value: str | None) -> tuple[str, str | None]:
    """A link's attribute as html2text should write it (see ``destinations``)."""
    if value is not None and name == "href":
        return name, destination(value)
    if value and name == "title":
        return name, title(value)
    return name, value


def _image_attribute(name: str, value: str | None) -> tuple[str, str | None]:
    """An image's attribute as html2text should write it (see ``destinations``)."""
    if value and name == "src":
        return name, destination(value)
    if value and name == "alt":
        return name, alt_text(value)
    return name, value


def collapse_space(data: str) -> str:
    r"""``re.sub(r"\s+", " ", data)``: ``\s`` and ``str.split`` agree on white space."""
    if "  " not in data and _SPACE_NOT_SPACE.search(data) is None:
        return data  # single spaces only (almost every text): nothing to collapse
    words = data.split()
    if not words:
        return " " if data else ""
    text = " ".join(words)
    if data[0].isspace():
        text = " " + text
    if data[-1].isspace():
        text += " "
    return text


_TEMPLATE: dict[str, Any] = {}
_EMPTY: list[str] = []
"""Containers the converter fills as it converts: each copy gets empty ones."""
_BOUND: list[str] = []
"""Methods of the converter kept as attributes (``out``): bound to each copy."""


def new_converter() -> Converter:
    """What ``Converter()`` makes, copied from one made once: html2text sets some ninety
    options and counters, one attribute at a time, and making a converter for every
    text cost a third of what the rest of ``convert`` around html2text costs.
    """
    if not _TEMPLATE:
        made = Converter()
        for name, value in vars(made).items():
            if type(value) in (list, dict, set):
                assert not value, f"html2text starts {name} with content: copy it"
                _EMPTY.append(name)
            elif isinstance(value, MethodType) and value.__self__ is made:
                _BOUND.append(name)
        _TEMPLATE.update(vars(made))
    converter: Converter = object.__new__(Converter)
    state = _TEMPLATE.copy()
    for name in _EMPTY:
        state[name] = type(state[name])()
    for name in _BOUND:
        state[name] = MethodType(state[name].__func__, converter)
    converter.__dict__ = state
    return converter
