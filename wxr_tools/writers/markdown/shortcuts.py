"""html2text's handlers, short-cut for the commonest tags and output.

html2text's ``handle_tag`` runs some forty tests of the tag name for every tag, after
building a dict of its attributes, and its ``o`` twenty-odd conditions for every piece
of output, which it writes through a method call. Paragraphs (two tags in three),
emphasis, inline links and plain output need few of them: ``Shortcuts`` does for
those exactly what html2text would (the settings that change it, Google Docs mode, a
tag callback, ignored emphasis, <pre>, <abbr>, hidden parts, reference links, take
the long way), and hands everything else to html2text. Each shortcut has a switch, for the tests
that compare it with the long way.
"""

from __future__ import annotations

import string
from typing import Any
from urllib.parse import urljoin

import html2text
from html2text.utils import escape_md

from wxr_tools.writers.markdown.htmlscan import ScanningParser

_PARAGRAPHS = frozenset(("p", "div"))
_EMPHASIS = frozenset(("em", "i"))
_STRONG = frozenset(("strong", "b"))
NOT_SPACED = frozenset(string.whitespace + string.punctuation)
"""What html2text does not put a space after, before an opening emphasis mark."""


class Shortcuts(ScanningParser, html2text.HTML2Text):
    """html2text, with ``htmlscan``'s tokenizer and shortcuts through its handlers."""

    paragraph_fast = True
    emphasis_fast = True
    link_fast = True
    output_fast = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.tag_callback is None and not self.google_doc:
            if tag in _PARAGRAPHS and self.paragraph_fast:
                self._paragraph(tag)
                return
            if (tag in _EMPHASIS or tag in _STRONG) and self._emphasis_fast():
                self._emphasis(tag, True)
                return
            if tag == "a" and self._link_fast():
                self._link(dict(attrs), True)
                return
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.tag_callback is None and not self.google_doc:
            if tag in _PARAGRAPHS and self.paragraph_fast:
                self._paragraph(tag)
                return
            if (tag in _EMPHASIS or tag in _STRONG) and self._emphasis_fast():
                self._emphasis(tag, False)
                return
            if tag == "a" and self._link_fast():
                self._link({}, False)
                return
        super().handle_endtag(tag)

    def _paragraph(self, tag: str) -> None:
        # ``handle_tag`` for <p>, <div> and their ends: a paragraph break, except in a
        # link (it would split the link text) or after a table cell.
        self.current_tag = tag
        if not self.astack and not self.split_next_td:
            self.p_p = 1 if self.single_line_break else 2  # html2text's ``p``
        self.lastWasList = False

    def _emphasis_fast(self) -> bool:
        return (
            self.emphasis_fast
            and not self.ignore_emphasis
            and bool(self.strong_mark)
            and not self.google_doc
        )

    def _emphasis(self, tag: str, start: bool) -> None:
        # ``handle_tag`` for <em>, <i>, <strong>, <b> and their ends: the mark, spaced
        # from what it would run into, and the text after an opening mark stripped.
        self.current_tag = tag
        if start and self.maybe_automatic_link is not None:
            self._out("[")  # the link's text starts with the emphasis
            self.maybe_automatic_link = None
            self.empty_link = False
        preceding = self.preceding_data
        if tag in _EMPHASIS:
            mark = self.emphasis_mark
            spaced = start and bool(preceding) and preceding[-1] not in NOT_SPACED
        else:
            mark = self.strong_mark
            spaced = start and bool(preceding) and preceding[-1] == mark[0]
        if spaced:
            mark = " " + mark
            self.preceding_data += " "
        self._out(mark)
        if start:
            self.stressed = True
        self.lastWasList = False

    def _link_fast(self) -> bool:
        return (
            self.link_fast
            and not self.ignore_links
            and self.inline_links
            and not self.protect_links
        )

    def _link(self, attrs: dict[str, Any], start: bool) -> None:
        # ``handle_tag`` for <a> and </a>, links written inline: a link with an href
        # opens "[" lazily (its text may turn out to be its URL: ``<url>``), its end
        # writes "](url "title")".
        self.current_tag = "a"
        if start:
            if self.maybe_automatic_link is not None:
                self._out("[")  # a link inside a link's text
                self.maybe_automatic_link = None
                self.empty_link = False
            href = attrs.get("href")
            if (
                href is not None
                and not (self.skip_internal_links and href.startswith("#"))
                and not (self.ignore_mailto_links and href.startswith("mailto:"))
            ):
                self.astack.append(attrs)
                self.maybe_automatic_link = href
                self.empty_link = True
            else:
                self.astack.append(None)
        elif self.astack:
            link = self.astack.pop()
            if self.maybe_automatic_link and not self.empty_link:
                self.maybe_automatic_link = None
            elif link:
                if self.empty_link:
                    self._out("[")
                    self.empty_link = False
                    self.maybe_automatic_link = None
                self.p_p = 0
                title = escape_md(link.get("title") or "")
                title = ' "' + title + '"' if title.strip() else ""
                url = escape_md(urljoin(self.baseurl, link["href"]))
                self._out("](" + url + title + ")")
        self.lastWasList = False

    def _out(self, data: str) -> None:
        # ``o(data)`` for what is not text (marks, brackets, a link's end), without the
        # calls through ``o``'s overrides, which only differ for text.
        if (
            self.output_fast
            and not self.quiet
            and self.abbr_data is None
            and not self.google_doc
            and not self.pre
            and not self.startpre
            and not self.a
        ):
            self._put(data)
            return
        self.o(data)

    def o(self, data: str, puredata: bool = False, force: bool | str = False) -> None:
        if (
            self.output_fast
            and not puredata
            and not force
            and not self.quiet
            and self.abbr_data is None
            and not self.google_doc
            and not self.pre
            and not self.startpre
            and not self.a  # reference links: never, with inline links
        ):
            self._put(data)
            return
        super().o(data, puredata, force)

    def _put(self, data: str) -> None:
        # ``o`` for text outside <pre>, <abbr>, hidden parts and the document's end:
        # pending breaks (with blockquote markers), then a pending space, then the text.
        if not data:
            return
        if self.start:
            self.space = False
            self.p_p = 0
            self.start = False
        append = self.outtextlist.append
        if self.p_p:
            quote = ">" * self.blockquote + " " if self.blockquote else ""
            breaks = (self.br_toggle + "\n" + quote) * self.p_p
            append(breaks)
            self.lastWasNL = breaks[-1] == "\n"
            self.space = False
            self.br_toggle = ""
        if self.space:
            if not self.lastWasNL:
                append(" ")
                self.lastWasNL = False
            self.space = False
        self.p_p = 0
        append(data)
        self.lastWasNL = data[-1] == "\n"
        self.outcount += 1
