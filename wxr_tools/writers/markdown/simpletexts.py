"""How ``simplemd``'s writer writes a post's texts, step for step as html2text's
``handle_data`` and ``Converter._text`` do: references read, escapes, sentinels swapped
in, a link whose text is its URL (``<url>``), pending spaces; and the "[" of a link
whose first content is not its text alone (``open_bracket``), which the other tags'
steps write too. The state those steps read or change is held here."""

from __future__ import annotations

import re

from html2text.utils import escape_md_section

from wxr_tools.writers.markdown.converter import ASCII_SPACE, MAY_LEAD, TEXT_AS_IS, collapse_space
from wxr_tools.writers.markdown.plaintext import html2text_would_escape
from wxr_tools.writers.markdown.sentinels import mark_leading, to_sentinels
from wxr_tools.writers.markdown.simpleoutput import Beyond, Output
from wxr_tools.writers.markdown.simplerefs import NBSP_PLACEHOLDER, REFERENCE, reference_text

# Bound once, as ``simplemd``'s (see there).
_reference_at = REFERENCE.match
_text_as_is = TEXT_AS_IS.search
_ABSOLUTE_URL = re.compile(r"^[a-zA-Z+]+://")  # html2text's ``absolute_url_matcher``


class TextOutput(Output):
    """The part of ``Converter``'s state that texts read or change, and their writing.

    Its fields are set by the writer's ``__init__`` (``simplemd``): one call made for
    each post, not two (the writer is made for each post)."""

    __slots__ = (
        "as_is", "empty_link", "href", "links", "preceding_data", "references", "stressed",
        "swapped",
    )  # fmt: skip
    stressed: bool
    preceding_data: str
    href: str | None
    empty_link: bool
    links: int
    references: bool
    swapped: list[str]
    as_is: tuple[str, ...]

    def open_bracket(self) -> None:
        # What html2text does when the first thing in a link is not its text alone.
        self.put("[")
        self.href = None
        self.empty_link = False

    def texts(self, text: str) -> None:
        # ``htmlscan.scan``: a text up to each "&", then the reference there, each
        # handed to ``handle_data`` on its own (a reference's text as ``entity_char``).
        find = text.find
        pos = 0
        while (amp := find("&", pos)) >= 0:
            m = _reference_at(text, amp)
            if m is None:
                raise Beyond  # an "&" that starts no reference of the grammar
            if amp > pos:
                self.data(text[pos:amp])
            data = reference_text(m)
            if data is None:
                raise Beyond
            self.references = True
            self.data(data, True)  # never empty: html2text's ``if ref`` always holds
            pos = m.end()
        if pos < len(text):
            self.data(text[pos:])

    def data(self, data: str, entity: bool = False) -> None:
        # ``Converter.handle_data``: white space between tags is a pending space (from
        # a reference too: ``skip_blank_text`` does not look at ``entity_char``).
        if self.stressed or self.href is not None or data.strip(ASCII_SPACE):
            self.text(data, entity)
        else:
            self.preceding_data = data
            self.space = True

    def text(self, data: str, entity: bool = False) -> None:
        # The rest of ``Converter.handle_data``, and ``Converter._text``, step for step
        # (``entity``: its ``entity_char``, a reference's text, which is not escaped).
        stressed = self.stressed
        href = self.href
        if stressed and href is not None:
            self.stressed_link_text(data, entity)
            return
        if href is not None and data == href:
            # A link whose text is its URL: html2text's ``<url>``.
            if data != data.rstrip(ASCII_SPACE) or _ABSOLUTE_URL.match(data) is None:
                raise Beyond
            self.put("<" + data + ">")
            self.empty_link = False
            return
        if entity:
            plain = _text_as_is(data) is None
        else:
            # ``TEXT_AS_IS.search(data) is None`` for a part of the post, tested for
            # the characters of the post (``as_is``); a loop, not ``any`` of a
            # generator (its overhead took most of what is saved), here, not called.
            for c in self.as_is:
                if c in data:
                    plain = False
                    break
            else:
                plain = True
        plain = (
            plain
            and "  " not in data
            # ``may_link``, without a call, each scan for several characters after
            # one for the first (several times faster: most texts stop there).
            and not (":" in data and "://" in data)
            and not ("w" in data and "ww." in data)
            and not ("W" in data and "WW." in data)
        )
        if plain:
            first = data[1:2] if data[0] == " " else data[0]
            if (
                first
                and first not in MAY_LEAD
                and not first.isdecimal()
                and (href is None or data.rstrip(" ") != href)
            ):
                # Most texts (nine in ten): nothing to swap for sentinels (``plain``), no
                # list marker at the start and nothing ``html2text_would_escape`` looks
                # for (no backslash, no line end, no digit, "+" or "-" after the one
                # space it may start with), no white space but " " and one at most at
                # each end ("  " is not in it): the steps below and ``put``'s, for that
                # case alone, here (a call or two fewer for each text).
                written = data.rstrip(" ")  # ``rstrip()`` too, for ``stressed``: " " is all
                if href is not None:
                    self.open_bracket()
                if stressed:
                    written = written.lstrip(" ")
                    self.stressed = False
                self.preceding_data = written
                if written[0] == " ":
                    self.space = True
                    written = written[1:]
                if self.start:
                    self.start = False
                    self.space = False
                    self.p_p = 0
                if self.p_p:
                    self.out.append(self.breaks * self.p_p)
                    self.p_p = 0
                    self.space = False
                elif self.space:
                    if not self.last_was_nl:
                        self.out.append(" ")
                    self.space = False
                self.out.append(written)
                self.last_was_nl = False
                if data[-1] == " ":
                    self.space = True  # html2text's pending space
                return
        if not plain and data != NBSP_PLACEHOLDER:
            swapped = to_sentinels(data, self.links > 0)
            if swapped is not data:  # the same object when nothing was swapped
                self.swapped.append(swapped)
                data = swapped
        if data[:1] in MAY_LEAD:
            marked = mark_leading(data)
            if marked is not data:
                self.swapped.append(marked)
                data = marked
        trimmed = data.rstrip() if stressed else data.rstrip(ASCII_SPACE)
        pending_space = bool(trimmed) and len(trimmed) < len(data)
        written = trimmed if pending_space else data
        if href is not None:
            if written == href:
                raise Beyond
            self.open_bracket()
        escape = not entity and html2text_would_escape(data)
        if stressed:
            written = written.strip()
            self.stressed = False
        self.put_text(written, escape, not plain, pending_space)

    def stressed_link_text(self, data: str, entity: bool) -> None:
        # The text right after an opening mark in a link whose "[" is not written yet
        # ("<em><a href>text"): ``Converter.handle_data``'s own steps (no shortcut
        # takes this state), then html2text's ``handle_data`` and ``Converter.o``.
        if data.strip() == self.href:
            raise Beyond  # perhaps html2text's ``<url>``
        if data != NBSP_PLACEHOLDER:
            swapped = to_sentinels(data, self.links > 0)
            if swapped[:1] in MAY_LEAD:
                swapped = mark_leading(swapped)
            if swapped is not data:  # the same object when nothing was swapped
                self.swapped.append(swapped)
                data = swapped
        escape = not entity and html2text_would_escape(data)
        # html2text strips the text ``handle_data`` hands it (less its trailing space,
        # which is made pending) with ``str.strip``: the same.
        written = data.strip()
        pending_space = bool(written) and data[-1].isspace()
        self.stressed = False
        self.open_bracket()  # even for a blank text: it is not the URL
        self.put_text(written, escape, True, pending_space)

    def put_text(self, written: str, escape: bool, collapse: bool, pending_space: bool) -> None:
        # The end of html2text's ``handle_data`` and ``Converter.o`` for a text that is
        # not plain: escaped, kept as the preceding data, white space collapsed, a
        # leading space and a trailing one made pending.
        if escape:
            written = escape_md_section(written, snob=False)
        self.preceding_data = written
        if collapse:
            written = collapse_space(written)
        if written[:1] == " ":
            self.space = True
            written = written[1:]
        self.put(written)
        if pending_space:
            self.space = True
