"""The HTML that Markdown cannot express, cut out before html2text sees it.

html2text turns what Markdown has a form for (paragraphs, emphasis, links, images,
lists, simple tables, blockquotes) into Markdown and silently drops the rest: an
``<iframe>``, a caption, a ``lang`` attribute, the text of a ``<pre>`` as typed. So
before conversion every such element is replaced by a token (a plain word html2text
passes through untouched), and after conversion the token is replaced by what the
element becomes:

=========================================  ===============================================
element                                    becomes
=========================================  ===============================================
``<pre>`` holding only text                a fenced code block, text verbatim (unescaped)
``<pre>`` holding markup, or attributes    raw HTML
``<code>`` holding only text               a code span
embeds, media, forms, ``<figure>`` with a  raw HTML, verbatim (no Markdown form)
caption, ``<dl>``, ``<details>``, tables
with spans, captions, block content,
``|``, no header row, a header cell
in another row, or in a quote
inline elements without a Markdown form    raw inline HTML (``<u>``, ``<del>``, ``<abbr>``,
                                           ``<q>``, ``<kbd>``, ``<mark>``, ``<cite>``...)
any element with ``lang``, ``dir``,        raw HTML (a list or table holding one: the
``hreflang``, ``id`` (anchors) or          whole list or table); a container
``<a name>``                               (``<div>``, ``<section>``, ``<blockquote>``...)
                                           keeps only its tags raw, its content is still
                                           converted
``<img>`` with any attribute but ``src``   raw inline HTML (``class`` with WordPress's
and ``alt``                                alignment and size, ``width``, ``height``,
                                           ``srcset``, ``style``, ``title``, which
                                           html2text drops...)
``<a href>`` with any attribute but        its two tags raw, its content still converted
``href`` and ``title``                     (``<a href="…" rel="nofollow">*text*</a>``)
comments                                   kept; block editor delimiters dropped (see
                                           ``htmlcomments``)
characters of U+10FF00.. (or references)   the character (see ``privateplane``)
=========================================  ===============================================

Images and links: every attribute is kept, not only the ones that look like layout.
A reader of a twenty-year archive cannot tell which ``class`` a theme or a plugin
still styles, which ``rel="nofollow"``/``sponsored`` a search engine or an
advertiser's terms require, or which ``target="_blank"`` readers rely on, and the
rule is one that can be explained. An image or link with only what Markdown holds
stays Markdown. A list holding a comment between its items is kept as HTML (in
Markdown the comment would end the list).

The scan is a regular-expression walk over start tags (with the matching end tag found
by depth counting), not a parse: raw regions are copied from the source byte for byte,
and a post without any of these elements (most of them) costs one ``search``.
Whether a list, a table or a figure has a Markdown form is ``blockforms``'s call.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from wxr_tools.writers.markdown import htmlcomments, privateplane, unclosed
from wxr_tools.writers.markdown.attributes import (
    IMAGE_MARKDOWN,
    LINK_MARKDOWN,
    beyond_markdown,
    keeps_raw,
    quoted,
)
from wxr_tools.writers.markdown.blockforms import (
    code_language,
    raw_figure,
    raw_list,
    simple_table,
)
from wxr_tools.writers.markdown.charrefs import ADDRESS_START, text_as_references, unescape
from wxr_tools.writers.markdown.elementends import ATTRIBUTES, ElementEnds
from wxr_tools.writers.markdown.privateplane import PLANE
from wxr_tools.writers.markdown.rawneeds import RAW_BLOCK, RAW_INLINE, needs_scan, words
from wxr_tools.writers.markdown.verbatim import (
    code_span,
    fence,
    hugo_danger,
    no_blank_lines,
    template_escape,
)

# Elements that stand as blocks (a token in their place is one too).
_BLOCK = words(
    "address article aside blockquote details dl div fieldset figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr main nav ol p pre section table ul"
) | (RAW_BLOCK - {"input", "button", "select", "textarea"})
# Containers whose attributes matter but whose content is ordinary text: only their
# tags stay raw, so their content is still converted.
_WRAPPERS = words("div section article aside header footer main nav blockquote")
_VOID = unclosed.VOID
_VOID_END = re.compile(
    r"</(?:area|base|col|embed|hr|img|input|link|meta|param|source|track|wbr)\s*>", re.IGNORECASE
)
"""End tags of void elements ("</br>" is a line break to a browser: kept)."""

# Start tags without attributes that ``visit`` leaves as they are (three in four tags
# of block editor posts) are skipped by the search itself, not visited one by one.
# Written in lower case only (as nearly all are), matched case-sensitively: the engine
# then rejects each name on its first character, where ``(?i:...)`` tried every name
# in turn, lowering each character, at every tag. One in upper case is visited and
# left as it is (skipping is only a shortcut: a test compares both).
PLAIN_TAGS = ("p", "em", "strong", "b", "i", "br", "li", "span", "div", "blockquote")
# Comments found dropped without a call (1), the others (``comment``), tags (2 name, 3 attributes).
# (All after one "<": the engine then scans for that character alone.)
_TAG = re.compile(
    rf"<(?:!--(?:({htmlcomments.DROPPED_INSIDE})-->|.*?-->)"
    rf"|(?!(?:{'|'.join(PLAIN_TAGS)})>)([A-Za-z][A-Za-z0-9:-]*)({ATTRIBUTES})>)",
    re.DOTALL,
)
# A link's attributes that hold only an address without white space: none keeps it raw
# (``keeps_raw`` finds a name only before white space or the end, which come after
# the address's "="s only in a value holding a space), and it holds only what
# Markdown holds (``beyond_markdown``): ``visit`` leaves it as it is.
PLAIN_LINK = re.compile(r'\s+href="[^"\s]*"')
_ANY_TAG = re.compile(r"<[A-Za-z/!?]")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_WRAPPED_CODE = re.compile(r"\A\s*<code\b[^>]*>(.*)</code>\s*\Z", re.IGNORECASE | re.DOTALL)
_COMMENTS = re.compile(rf"<!--(?:({htmlcomments.DROPPED_INSIDE})-->|.*?-->)", re.DOTALL)
_QUOTE_START = re.compile("<blockquote", re.IGNORECASE)
_QUOTE_END = re.compile("</blockquote", re.IGNORECASE)


# Not ``frozen``: one is made for each token, and a frozen dataclass sets each field
# through ``object.__setattr__``. Never changed once made (nor ``Protected``);
# ``unsafe_hash`` keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Raw:
    """What one token stands for: Markdown (a fence, a code span) or raw HTML."""

    text: str
    block: bool
    kind: str = ""
    """"comment" (a comment kept inline), "tag" (one tag, nothing else), or ""."""


class _Scanner:
    """One pass over a document, collecting (start, end, token) edits."""

    def __init__(self, source: str, flavor: str) -> None:
        self.source = source
        self.flavor = flavor
        prefix = _PREFIX
        while prefix in source:
            prefix += "Q"
        self.prefix = prefix
        self.edits: list[tuple[int, int, str]] = []
        self.raws: dict[str, Raw] = {}
        self.ends = ElementEnds(source)
        self.plain_lists_end = -1
        """Where the last list found to hold nothing kept raw ends: the lists inside it
        hold nothing either (each such test read the whole list again)."""
        self.unlinked_end = -1
        """Where the text ``unlinkable`` has read ends (nested links read it again)."""
        self.quote_tags: tuple[list[int], list[int]] | None = None
        """Where each ``<blockquote`` and each ``</blockquote`` ends (``quoted``)."""

    def token(self, raw: Raw) -> str:
        name = f"{self.prefix}{len(self.raws)}X"
        self.raws[name] = raw
        return f"<div>{name}</div>" if raw.block else name

    def raw_html(self, start: int, end: int, block: bool, kind: str = "") -> str:
        text = self.source[start:end].strip()
        if "</" in text:
            # Browsers ignore "</param>", "</embed>"...; kramdown prints them as text.
            text = _VOID_END.sub("", text)
        if block and self.flavor == "jekyll" and unclosed.implied_ends(text):
            # kramdown wants every end tag written; CommonMark passes the block as it is.
            # Nested too deep for libxml2: kept as written (kramdown may print end tags).
            with suppress(unclosed.TooDeep):
                text = unclosed.serialised(text)
        text = quoted(text)
        text = no_blank_lines(text) if block else text_as_references(_LINE_BREAK.sub(" ", text))
        return self.token(Raw(template_escape(text, self.flavor), block, kind))

    def run(self) -> str:
        source, pos, search = self.source, 0, _TAG.search
        while (m := search(source, pos)) is not None:
            pos = m.end()
            dropped, name, attrs = m.groups()
            if name is None:  # a comment: nothing inside it is markup
                self.comment(m.start(), pos, dropped is not None)
                continue
            name = name.lower()
            if name == "a" and PLAIN_LINK.fullmatch(attrs) is not None:
                continue  # most links: ``visit`` would leave it as it is
            pos = self.visit(name, attrs, m)
        return self.edited()

    def comments_only(self) -> str:
        """``run`` for a document whose only markup to keep is comments: no walk."""
        for m in _COMMENTS.finditer(self.source):
            self.comment(m.start(), m.end(), m.group(1) is not None)
        return self.edited()

    def edited(self) -> str:
        """The source with the edits made, and the sentinels' plane cut out."""
        source = self.source
        out: list[str] = []
        last = 0
        for start, end, text in sorted(self.edits):
            if start < last:
                continue  # a ``<wbr>`` in text another edit keeps or replaces whole
            out.append(source[last:start])
            out.append(text)
            last = end
        out.append(source[last:])
        text = "".join(out)
        if not privateplane.present(text):
            return text
        # Only text is left outside the tokens: what is raw came through already.
        return PLANE.sub(lambda m: self.token(Raw(unescape(m.group(0)), False)), text)

    def comment(self, start: int, end: int, dropped: bool) -> None:
        """A comment is kept inline, or dropped (see ``htmlcomments``; ``dropped``:
        known to be, ``DROPPED_PLAINLY``)."""
        if dropped or htmlcomments.dropped(text := self.source[start:end]):
            self.edits.append((start, end, ""))
            return
        # Its text as typed, line breaks included: a comment alone on its line comes
        # back as a block, whole; inside a paragraph its line breaks become spaces.
        raw = Raw(template_escape(text, self.flavor), True, "comment")
        name = f"{self.prefix}{len(self.raws)}X"
        self.raws[name] = raw
        source = self.source
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", end)
        alone = (
            not source[line_start:start].strip()
            and not (source[end:] if line_end < 0 else source[end:line_end]).strip()
        )
        # Alone on its lines (a block editor's dynamic block, a note between
        # paragraphs), it stands between blocks: html2text is told so.
        self.edits.append((start, end, f"<div>{name}</div>" if alone else name))

    def visit(self, name: str, attrs: str, m: re.Match[str]) -> int:
        """Handle one start tag; return where scanning goes on."""
        start, open_end = m.start(), m.end()
        triggered = bool(attrs) and keeps_raw(name, attrs)
        if name in _VOID:
            if (
                triggered
                or name in RAW_BLOCK
                or (name == "img" and beyond_markdown(attrs, IMAGE_MARKDOWN))
            ):
                block = name in _BLOCK
                raw = self.raw_html(start, open_end, block, "" if block else "tag")
                self.edits.append((start, open_end, raw))
            return open_end
        if attrs.rstrip().endswith("/"):  # XHTML-style <x/>: nothing inside
            return open_end
        interesting = (
            triggered
            or name in RAW_BLOCK
            or name in RAW_INLINE
            or name in ("pre", "code", "table", "figure", "ul", "ol")
        )
        if not triggered and name == "a" and beyond_markdown(attrs, LINK_MARKDOWN):
            return self.link(start, open_end)
        if not interesting:
            return open_end
        if not triggered and name in ("ul", "ol") and open_end < self.plain_lists_end:
            return open_end
        end = self.ends.find(name, open_end)
        if end is None:  # unclosed: leave it to html2text
            return open_end
        close_start, close_end = end
        if triggered and name in _WRAPPERS:
            # Before the content is copied out: ten thousand nested ones copied it all.
            self.wrap(start, open_end, close_start, close_end)
            return open_end
        inner = self.source[open_end:close_start]
        if name == "pre" and not triggered:
            return self.pre(start, inner, attrs, close_end)
        if name == "code" and not triggered:
            return self.code(start, inner, close_end)
        if not triggered and name == "figure" and not raw_figure(attrs, inner):
            return open_end
        if not triggered and name in ("ul", "ol") and not raw_list(inner):
            self.plain_lists_end = max(self.plain_lists_end, close_start)
            return open_end
        if not triggered and name == "table" and simple_table(inner) and not self.quoted(start):
            return open_end
        block = name in _BLOCK
        self.edits.append((start, close_end, self.raw_html(start, close_end, block)))
        return close_end

    def quoted(self, at: int) -> bool:
        """Whether ``at`` is inside a ``<blockquote>`` (html2text writes a pipe table
        there without the quote's markers: its first row fell out of the quote)."""
        if self.quote_tags is None:
            # Found once: a count in the text before each table cost the whole text.
            self.quote_tags = (
                [m.end() for m in _QUOTE_START.finditer(self.source)],
                [m.end() for m in _QUOTE_END.finditer(self.source)],
            )
        starts, ends = self.quote_tags
        return bisect_right(starts, at) > bisect_right(ends, at)

    def wrap(self, start: int, open_end: int, close_start: int, close_end: int) -> None:
        tag = self.source[start:open_end]
        if self.flavor == "jekyll":
            # kramdown leaves the content of an HTML block unparsed unless asked.
            tag = tag[:-1].rstrip().rstrip("/") + ' markdown="1">'
        self.edits.append(
            (start, open_end, self.token(Raw(template_escape(tag, self.flavor), True)))
        )
        close = self.source[close_start:close_end]
        self.edits.append((close_start, close_end, self.token(Raw(close, True))))

    def link(self, start: int, open_end: int) -> int:
        """A link with attributes Markdown cannot hold: its tags raw, its text converted."""
        end = self.ends.find("a", open_end)
        if end is None:  # unclosed: leave it to html2text
            return open_end
        close_start, close_end = end
        for a, b in ((start, open_end), (close_start, close_end)):
            self.edits.append((a, b, self.raw_html(a, b, False, "tag")))
        self.unlinkable(open_end, close_start)
        return open_end

    def unlinkable(self, start: int, end: int) -> None:
        """A ``<wbr>`` where an address typed in the text from ``start`` to ``end`` (the
        text of a link kept as HTML) starts being one: after ``http:``, after ``www``,
        before ``@``.

        The reader does not know that text between raw ``<a>`` tags is a link's:
        goldmark's linkify (Hugo's default) and remark-gfm's autolinks (Astro's) made a
        link inside the link, to the address as typed (the old site's, not the one the
        links transform wrote), and the browser left the real link empty. A word-break
        opportunity shows nothing and parts the text where they look.
        """
        source = self.source
        # A link inside this one: its text was read with this one's (a <wbr> for each).
        start = max(start, min(self.unlinked_end, end))
        self.unlinked_end = max(self.unlinked_end, end)
        # The last "<" and ">" before each address, read on from the one before (a
        # search back to ``start`` for each cost the text's length for each address).
        last_open = last_close = -1
        read = start
        for m in ADDRESS_START.finditer(source, start, end):
            at = m.end()
            last_open = max(last_open, source.rfind("<", read, at))
            last_close = max(last_close, source.rfind(">", read, at))
            read = at
            if last_open <= last_close:  # not in a tag
                self.edits.append((at, at, self.token(Raw("<wbr>", False, "tag"))))

    def pre(self, start: int, inner: str, attrs: str, close_end: int) -> int:
        wrapped = _WRAPPED_CODE.match(inner)
        code_attrs = ""
        body = inner
        if wrapped is not None and "<code" not in wrapped.group(1).lower():
            body = wrapped.group(1)
            code_attrs = inner[: inner.find(">")]
        if _ANY_TAG.search(body) or (self.flavor == "hugo" and hugo_danger(body)):
            self.edits.append((start, close_end, self.raw_html(start, close_end, True)))
            return close_end
        text = unescape(body)
        if text.startswith("\n"):  # HTML ignores a newline right after <pre>
            text = text[1:]
        info = code_language(attrs + " " + code_attrs)
        self.edits.append((start, close_end, self.token(Raw(fence(text, info), True))))
        return close_end

    def code(self, start: int, inner: str, close_end: int) -> int:
        text = unescape(inner)
        if (
            _ANY_TAG.search(inner)
            or not text.strip()
            or "\n\n" in text.replace("\r", "")
            or (self.flavor == "hugo" and hugo_danger(text))
            # kramdown reads no code span that starts or ends with a space (its
            # backticks were shown), nor one padded for a backtick at an edge.
            or text[:1] in " `"
            or text[-1:] in " `"
        ):
            if text == "":  # an empty <code></code> shows nothing
                self.edits.append((start, close_end, ""))
                return close_end
            self.edits.append((start, close_end, self.raw_html(start, close_end, False)))
            return close_end
        self.edits.append((start, close_end, self.token(Raw(code_span(text), False))))
        return close_end


@dataclass(slots=True, unsafe_hash=True)
class Protected:
    """A document with tokens in place of what html2text would lose."""

    text: str
    raws: dict[str, Raw]
    token: re.Pattern[str] | None
    """Matches any of the tokens; None when there are none."""


def protect(source: str, flavor: str) -> Protected:
    """``source`` with what html2text would lose replaced by tokens, and the tokens."""
    scanner = _Scanner(source, flavor)
    if not needs_scan(source):
        if "<!--" not in source:
            return Protected(source, {}, None)
        # Half of all posts (the block editor's): nothing raw for a comment to be
        # inside of, so the comments are all there is to look at.
        text = scanner.comments_only()
    else:
        text = scanner.run()
    if not scanner.raws:
        return Protected(text, {}, None)
    if scanner.prefix == _PREFIX:
        return Protected(text, scanner.raws, _TOKEN)
    return Protected(text, scanner.raws, _token_pattern(scanner.prefix))


def _token_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + r"[0-9]+X")


_PREFIX = "WXRRAW"
_TOKEN = _token_pattern(_PREFIX)
"""The tokens' pattern for nearly every post (one holding the prefix gets a longer one),
made once, not looked up in ``re``'s cache for each post."""


def settle(text: str, protected: Protected, continuation: Callable[[str], str]) -> str:
    """``htmlcomments.settle`` for the tokens of ``protected`` (see there)."""
    raws = protected.raws
    if protected.token is None or not any(raw.kind for raw in raws.values()):
        return text
    return htmlcomments.settle(text, protected.token, lambda t: raws[t].kind, continuation)
