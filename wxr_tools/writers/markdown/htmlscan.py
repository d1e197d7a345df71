"""A fast tokenizer for the plain part of HTML, feeding ``HTMLParser``'s handlers.

``html.parser.HTMLParser`` finds each token with several regular expressions and
method calls in Python (a third of html2text's time). ``scan`` reads the tokens that
make up nearly all post HTML (text, tags with plain attributes, character and entity
references ending in ";", comments) with one regular expression (and text, up to
the next "<" or "&", with ``str.find``), and calls the
parser's handlers with exactly the arguments ``HTMLParser`` (``convert_charrefs``
off, as html2text sets it) would. At the first token outside that grammar it stops
and says where: the stock parser takes the rest, from a state it would have reached
itself (every token before is complete, and none starts a ``<script>`` or ``<style>``
content mode).

The grammar is narrower than HTML on purpose, to what every Python version's parser
reads the same way (their handling of odd markup has changed between releases):
ASCII white space only, tag names from a known list, attribute names of name
characters, unquoted values followed by white space or ">", comments without "--",
"<" or ">" inside. Anything else is the stock parser's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from wxr_tools.htmlrefs import unescape

# The tags the scanner reads; any other goes to the stock parser. None has a content
# mode of its own (``script``, ``style``, ``textarea``, ``title``, ``plaintext``...)
# or starts foreign content (``svg``, ``math``), where parsers differ.
_TAGS = frozenset((
    "a", "abbr", "address", "article", "aside", "b", "big", "blockquote", "br", "caption",
    "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre",
    "q", "s", "section", "small", "span", "strike", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
))  # fmt: skip

_WS = r"[\t\n\r\f ]"
_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
# An unquoted value stops at any white space (the stock parser's ``\s`` is Unicode's),
# and must be followed by ASCII white space or ">": ``href=x/>`` is left to the stock
# parser (its value is "x/").
_VALUE = rf"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?={_WS}|>))"""
_ATTR = rf"{_NAME}(?:{_WS}*={_WS}*{_VALUE})?"

# The tokens that start with "<" or "&"; text (anything up to the next "<" or "&") is
# found by ``scan`` with ``str.find``, a fast scan, where a regular expression tests
# every character against a class.
_TOKEN = re.compile(
    rf"""
    (<([a-zA-Z][a-zA-Z0-9]*)((?:{_WS}+{_ATTR})*){_WS}*(/?)>)  # 1 start tag: 2 name, 3 attrs, 4 "/"
    |(</([a-zA-Z][a-zA-Z0-9]*)>)                          # 5 end tag: 6 name
    |(&\#([0-9]+|[xX][0-9a-fA-F]+);)                      # 7 character reference: 8
    |(&([a-zA-Z][a-zA-Z0-9]*);)                           # 9 entity reference: 10
    |(<!--(?![->])([^-<>]*(?:-[^-<>]+)*)-->)              # 11 comment: 12
    """,
    re.VERBOSE,
)
_START, _END, _CHARREF, _ENTITYREF = 1, 5, 7, 9

_ATTR_PARTS = re.compile(rf"""({_NAME})(?:{_WS}*={_WS}*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+)))?""")


def _attrs(source: str) -> list[tuple[str, str | None]]:
    """The attributes as ``HTMLParser.parse_starttag`` gives them."""
    attrs: list[tuple[str, str | None]] = []
    for m in _ATTR_PARTS.finditer(source):
        name, double, single, bare = m.groups()
        value = double if double is not None else single if single is not None else bare
        if value is not None and "&" in value:
            value = unescape(value)
        attrs.append((name.lower(), value))
    return attrs


def scan(parser: HTMLParser, text: str) -> int:
    """Feed ``parser`` the tokens of ``text`` it is sure of; where it stopped.

    ``parser`` must be in its initial state (no content mode); the stock parser is to
    read ``text`` from the returned index on.
    """
    match = _TOKEN.match
    handle_data = parser.handle_data
    handle_starttag = parser.handle_starttag
    handle_endtag = parser.handle_endtag
    tags = _TAGS
    i = 0
    n = len(text)
    # Where the next "<" and "&" are, from ``i`` on (``n``: none); each is looked for
    # again only once ``i`` has passed it.
    next_lt = next_amp = -1
    while i < n:
        if text[i] != "<" and text[i] != "&":
            if next_lt < i:
                next_lt = text.find("<", i) % (n + 1)  # -1 (none) becomes n
            if next_amp < i:
                next_amp = text.find("&", i) % (n + 1)
            end = next_lt if next_lt < next_amp else next_amp
            handle_data(text[i:end])
            i = end
            continue
        m = match(text, i)
        if m is None:
            return i
        kind = m.lastindex
        if kind == _START:
            tag = m.group(2).lower()
            if tag not in tags:
                return i
            source = m.group(3)
            attrs = _attrs(source) if source else []
            if m.group(4):
                parser.handle_startendtag(tag, attrs)
            else:
                handle_starttag(tag, attrs)
        elif kind == _END:
            tag = m.group(6).lower()
            if tag not in tags:
                return i
            handle_endtag(tag)
        elif kind == _CHARREF:
            parser.handle_charref(m.group(8))
        elif kind == _ENTITYREF:
            parser.handle_entityref(m.group(10))
        else:
            parser.handle_comment(m.group(12))
        i = m.end()
    return i


class ScanningParser(HTMLParser):
    """An ``HTMLParser`` whose tokens are read by ``scan`` first, the stock way after.

    Put it before the parser class in the bases (``class P(ScanningParser, Base)``).
    """

    scan_fast = True
    """False: the stock tokenizer alone (to compare with)."""

    def goahead(self, end: bool) -> None:
        if self.scan_fast and self.rawdata and self.cdata_elem is None:
            done = scan(self, self.rawdata)
            if done:
                self.rawdata = self.rawdata[done:]
        super().goahead(end)
