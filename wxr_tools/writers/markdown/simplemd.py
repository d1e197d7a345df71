"""html2text's output for the commonest post HTML, written without html2text.

Most posts hold nothing but paragraphs, emphasis, plain links, images, line breaks,
headings, quotes, lists, spans, block editor comments and text. For those,
``html.convert``'s steps before its post-passes (``unclosed``, ``rawhtml.protect``,
``emphasis``, the tokenizer, html2text's handlers through ``converter`` and
``shortcuts``, a converter made for each text) cost some three microseconds per token,
mostly in method calls and tests of states these posts never reach.
``html2text_output`` reads such a post with one regular expression and writes what
``Converter.handle`` would, keeping only the state these tags touch, in the same order
of steps (each step below names the method it stands for).

It is a shortcut, not a second converter: the grammar it accepts is narrow on purpose
(lower-case tags, double-quoted attributes that change nothing and hold no ``&``, no
other ``<`` anywhere, no ``&`` in text but character references html2text knows,
with their ";"), and at any state it does not reproduce exactly it gives up (None)
and the long way converts the post. The tests compare both on generated HTML.

A post with what ``rawhtml`` keeps as HTML (a figure with its caption, an embed, an
image with its size) takes the long way's steps up to html2text, and ``written``
takes the place of html2text there: the tokens ``rawhtml`` leaves are words, inside
``<div>`` for blocks, and a gallery's ``<figure>`` holding them writes nothing.

The tags are read here; the texts between them are written by ``simpletexts``
(``TextOutput``, which the writer is), into ``simpleoutput``'s output.
"""

from __future__ import annotations

from typing import NamedTuple

from html2text import config

from wxr_tools.writers.markdown import emphasis, marks, privateplane
from wxr_tools.writers.markdown.converter import (
    ASCII_SPACE,
    LINE_BREAKS,
    TEXT_AS_IS_CHARS,
)
from wxr_tools.writers.markdown.destinations import destination, title
from wxr_tools.writers.markdown.sentinels import among
from wxr_tools.writers.markdown.shortcuts import NOT_SPACED
from wxr_tools.writers.markdown.simplegrammar import (
    BR,
    EM_END,
    EM_START,
    HEADING,
    HEADING_END,
    LINK_END,
    PARAGRAPH,
    QUOTE_END,
    QUOTE_START,
    STRONG_END,
    STRONG_START,
    UL_START,
    UNWRITTEN_START,
    WITH_ATTRIBUTES,
    first_look,
)
from wxr_tools.writers.markdown.simpleoutput import READING, Beyond, Output
from wxr_tools.writers.markdown.simplerefs import (
    NBSP_PLACEHOLDER,
    image_written,
    value_read,
)
from wxr_tools.writers.markdown.simpletexts import TextOutput

_TEXT_AS_IS_CHARS = TEXT_AS_IS_CHARS.replace("<", "")
# Methods of imported objects, bound once: Python 3.11 compiles ``NAME.method(...)``
# for an imported name as an attribute load and a call (it takes such names for
# modules), which made a bound method at each tag (1% of the writer's instructions).
# (``TAGS.get`` is ``simpleoutput.READING``'s.)
_with_attributes = WITH_ATTRIBUTES.fullmatch


class Written(NamedTuple):
    """What the shortcut writes for a post: html2text's output, and the sentinels of
    ``sentinels`` it may hold: those of the texts that took ``to_sentinels`` or
    ``mark_leading``. Nothing else puts one there: a post holding a character of their
    plane is refused (``privateplane``), and ``marks.settle`` writes every emphasis
    mark. Without one, ``sentinels.resolve`` (a scan of the whole text, a tenth of the
    conversion) has nothing to do; with some, it looks for those alone."""

    markdown: str
    sentinels: tuple[str, ...]


def html2text_output(source: str) -> Written | None:
    """What ``Converter.handle`` gives for ``source`` after ``html.convert``'s steps
    before it, for HTML of the grammar (``simplegrammar``; LF line ends); None for any other."""
    cut = first_look(source)
    return None if cut is None else _reshaped_written(cut, False)


def written(html: str) -> Written | None:
    """What ``Converter.handle`` gives for ``emphasis.reshape(html)``, the text
    ``html.convert`` hands it (``rawhtml.protect``'s, reshaped), if it is of the grammar
    (``simplegrammar``); else None."""
    if privateplane.present(html):
        shaped = emphasis.reshape(html)
        return None if privateplane.present(shaped) else _written(shaped)
    return _reshaped_written(html, True)


def _reshaped_written(html: str, plane: bool) -> Written | None:
    """``_written(emphasis.reshape(html))``, ``reshape`` looked at only where it may
    change something (``plane``: None where the reshaped text holds the sentinels' plane
    and ``html`` does not, as ``written``).

    ``reshape`` changes nothing where none of the shapes it looks for is found, and its search,
    at each "<" of the post, cost a tenth of the writer. The writer reads every tag:
    it notes where one of the shapes may be (``_Writer.shaped``), at each tag of
    emphasis, and only then is ``reshape`` called, and the post written again if it
    changed. Where the writer gives up (``Beyond``), ``reshape`` may have made it a
    post of the grammar: it is asked too.
    """
    writer = _Writer()
    try:
        markdown = writer.convert(html)
    except Beyond:
        markdown = None
    if markdown is None or writer.shaped:
        shaped = emphasis.reshape(html)
        if shaped != html:
            return None if plane and privateplane.present(shaped) else _written(shaped)
        if markdown is None:
            return None
    return Written(markdown, among(writer.swapped) if writer.swapped else ())


def _written(html: str) -> Written | None:
    writer = _Writer()
    try:
        markdown = writer.convert(html)
    except Beyond:
        return None
    return Written(markdown, among(writer.swapped) if writer.swapped else ())


class _Writer(TextOutput):
    """The part of ``Converter``'s state that these tags read or change."""

    __slots__ = ("astack", "shaped")

    def __init__(self) -> None:
        # ``TextOutput``'s fields too: it has no ``__init__`` of its own to call.
        Output.__init__(self)  # not super(): no proxy object made for each text
        self.stressed = False
        self.preceding_data = ""
        self.href = None
        """html2text's ``maybe_automatic_link``: the open link's href, its "[" unwritten."""
        self.empty_link = False
        self.astack: list[tuple[str, str | None]] = []
        self.links = 0
        self.references = False
        """Whether a reference was read (its text may hold ``NBSP_PLACEHOLDER``)."""
        self.swapped = []
        """The texts given a sentinel (``Written``)."""
        self.shaped = False
        """Whether a tag of emphasis was read where a shape ``emphasis.reshape`` looks
        for may be: at each one that is (a start tag before white space, a tag or a
        reference, an end tag after white space, a tag or a ";"), and at some others."""

    def convert(self, html: str) -> str:
        # The characters of ``TEXT_AS_IS`` the post holds: each text, a part of it, is
        # tested for those alone, by scans for one character (C loops several times
        # faster than the regular expression's class, tested at each character; most
        # of its characters are in no post, and one beyond the post's widest character
        # is found absent at once). "<" is in no text (the post is cut at each one). A
        # reference's text, not a part of the post, is tested whole.
        self.as_is = tuple([c for c in _TEXT_AS_IS_CHARS if c in html])
        pieces = html.split("<")
        if pieces[0]:
            self.texts(pieces[0])
        handle_text = self.text
        text = pieces[0]  # the text before the tag (``shaped``)
        references = "&" in html  # one scan, not one for each text: most posts have none
        previous = PARAGRAPH  # the kind of the tag before (``list_tag``)
        tag_kind, by_name = READING  # in a list, ``list_tag``'s
        for piece in pieces[1:]:
            before = text
            tag, closed, text = piece.partition(">")
            if not closed:
                raise Beyond  # a "<" that starts no tag
            kind = tag_kind(tag)
            if kind is None:
                m = _with_attributes(tag)
                if m is None:
                    raise Beyond  # something the grammar does not hold
                if m.group(2) is not None:
                    self.link_start(m.group(2), m.group(3))
                    kind = -1
                elif m.group(5) is not None:
                    self.link_start(m.group(5), m.group(4))
                    kind = -1
                elif m.group(6) is not None:
                    if m.group(7) is not None:  # without a src html2text writes nothing
                        self.image(m.group(7), m.group(8))
                    kind = -1
                else:
                    kind = by_name[m.group(1)]
            if kind == PARAGRAPH:
                if not self.astack:  # ``Shortcuts._paragraph``
                    self.p_p = 2
            elif kind == EM_START or kind == STRONG_START:  # noqa: SIM109 (no tuple made)
                # A shape ``emphasis.reshape`` looks for: after the tag, white space, a
                # reference or a tag (or the end of the post, where it does not match).
                if not text or text[0] == "&" or text[0].isspace():
                    self.shaped = True
                self.emphasis_start(kind == EM_START)
            elif kind == EM_END or kind == STRONG_END:  # noqa: SIM109 (no tuple made)
                # Before it, white space, a tag (or the start of the post) or a ";".
                if not before or before[-1] == ";" or before[-1] == ">" or before[-1].isspace():
                    self.shaped = True
                self.emphasis_end(marks.EM if kind == EM_END else marks.STRONG)
            elif kind == LINK_END:
                self.link_end()
            elif kind == BR:
                self.line_break()
            elif kind == UNWRITTEN_START and self.href is not None:
                self.open_bracket()  # html2text's ``handle_tag``: a link's first thing
            elif kind == QUOTE_START or kind == QUOTE_END:  # noqa: SIM109 (no tuple made)
                if self.astack:
                    raise Beyond  # html2text's "[" and breaks in a link's text
                if kind == QUOTE_START:
                    self.quote_start()
                else:
                    self.quote_end()
            elif kind >= HEADING_END:  # html2text's ``handle_tag``: ``p``, then the marks
                if self.astack:
                    raise Beyond  # a heading in a link is written otherwise
                self.p_p = 2
                if kind > HEADING_END:
                    self.put("#" * (kind - HEADING) + " ")
                else:
                    kind = previous  # html2text returns before it clears ``lastWasList``
            elif kind <= UL_START:
                if self.astack:
                    raise Beyond  # html2text's "[" before it, the link's text cut by breaks
                tag_kind, by_name = self.list_tag(kind, previous)
            previous = kind
            if references and "&" in text:
                self.texts(text)
            elif text:
                # ``data`` inlined: half of all texts are the line end between tags.
                # (One that starts with other than white space is not blank: no strip.)
                if (
                    self.stressed
                    or self.href is not None
                    or text[0] not in ASCII_SPACE
                    or text.strip(ASCII_SPACE)
                ):
                    handle_text(text)
                else:
                    self.preceding_data = text
                    self.space = True
        if self.astack or self.lists:
            raise Beyond  # a link left open (``unclosed`` has libxml2 close it), or a list
        # ``HTML2Text.finish``: ``o("", force="end")`` writes a line end.
        self.out.append("\n")
        markdown = "".join(self.out)
        if config.TABLE_MARKER_FOR_PAD in markdown:  # typed in an address
            raise Beyond
        if self.references:
            # ``HTML2Text.finish``: in the whole output, so also where texts put
            # side by side spell it ("&amp;nbsp_place_holder;").
            markdown = markdown.replace(NBSP_PLACEHOLDER, "\xa0")
        return markdown

    def emphasis_start(self, em: bool) -> None:
        # ``Converter.handle_starttag`` then ``Shortcuts._emphasis``.
        if em and self.preceding_data[-1:] not in ASCII_SPACE:
            self.preceding_data += " "
        if self.href is not None:
            self.open_bracket()
        preceding = self.preceding_data
        if em:
            mark = marks.EM
            spaced = bool(preceding) and preceding[-1] not in NOT_SPACED
        else:
            mark = marks.STRONG
            spaced = bool(preceding) and preceding[-1] == mark[0]
        if spaced:
            mark = " " + mark
            self.preceding_data += " "
        self.put(mark)
        self.stressed = True

    def emphasis_end(self, mark: str) -> None:
        # ``Converter.handle_endtag``: a pending space stays pending after the mark
        # (``put`` leaves none pending).
        space = self.space
        self.space = False
        self.put(mark)
        self.space = space

    def link_start(self, href: str, link_title: str | None) -> None:
        # ``Converter.handle_starttag`` (``destinations``) then ``Shortcuts._link``.
        if self.astack:
            raise Beyond  # a link inside a link: ``unclosed`` reads it with libxml2
        self.links += 1
        if "&" in href:
            href = value_read(href)
        href = destination(href)
        if link_title:
            link_title = title(link_title)
        if self.href is not None:
            self.open_bracket()
        self.astack.append((href, link_title))
        self.href = href
        self.empty_link = True

    def link_end(self) -> None:
        # ``Converter.handle_endtag`` then ``Shortcuts._link``.
        self.stressed = False
        if not self.astack:
            raise Beyond  # a stray end tag: ``unclosed`` reads it with libxml2
        self.links -= 1
        href, link_title = self.astack.pop()
        if self.href and not self.empty_link:
            self.href = None  # written as <url>
            return
        if self.empty_link:
            self.open_bracket()
        self.p_p = 0
        # html2text's ``escape_md`` finds nothing to escape (backslashes, brackets and
        # parentheses) in what ``destination`` and ``title`` wrote, and ``urljoin``
        # without a base gives the URL back: both left out.
        quoted = ' "' + link_title + '"' if link_title and link_title.strip() else ""
        self.put("](" + href + quoted + ")")

    def image(self, src: str, alt: str | None) -> None:
        # html2text's ``handle_tag`` (no "[" before the image by its first test: its
        # own, here) after ``Converter.handle_starttag``; it writes no text, so
        # ``preceding_data`` and ``stressed`` stay. Its two ``o`` calls are one ``put``.
        if self.href is not None:
            self.open_bracket()
        self.put(image_written(src, alt))

    def line_break(self) -> None:
        # ``Converter.handle_starttag`` (a break right after a break), else
        # html2text's ``handle_tag``; the end of ``<br/>`` does nothing.
        out = self.out
        if out and out[-1] in LINE_BREAKS:
            self.put("&nbsp;" + out[-1].removeprefix("&nbsp;"))
            return
        if self.href is not None:
            self.open_bracket()
        self.put("  \n> " if self.blockquote else "  \n")
