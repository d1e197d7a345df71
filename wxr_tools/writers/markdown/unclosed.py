"""HTML left open: closed where a browser closes it, or kept as HTML.

html2text reads HTML as it comes. A link left open ran to the end of the post (its
"[" shown, the next paragraphs joined into its text), a ``<pre>`` left open made the
rest of the post a code block (its tags shown as text), and a table left open lost its
cells. A browser closes the first two at the end of their paragraph or of the post:
libxml2's HTML parser does the same, and only posts where a count of the tags finds
one open are parsed again. A table left open keeps the post as HTML, which Markdown
passes through. For Jekyll, HTML kept raw is written with every end tag when one is
implied (kramdown wants them written), and a ``<code>`` holding block tags is cut
where a browser cuts it.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

_LINK_OR_PRE = re.compile(r"</?(?:a|pre)(?=[\s>])", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def closed(source: str, flavor: str = "hugo") -> str:
    """``source`` with a link or a ``<pre>`` left open closed where a browser closes it;
    for Jekyll, also with a ``<code>`` that holds blocks cut where a browser cuts it.

    ``<p><code>a</p><h2>T</h2>…</code>`` (HTML pasted into code) is a paragraph, a
    heading… to a browser. Kept as inline HTML, CommonMark passes it through for the
    browser to read; kramdown prints every block tag inside a span as text. ``TooDeep``
    when libxml2 cannot read it all.
    """
    if _maybe_open(source) or (flavor == "jekyll" and _blocks_in_code(source)):
        return serialised(source)
    return source


# The tags kramdown takes for block HTML (its ``HTML_BLOCK_ELEMENTS``), start or end.
_BLOCK_TAG = re.compile(
    r"</?(?:address|applet|article|aside|audio|blockquote|body|button|canvas|caption|col|"
    r"colgroup|dd|div|dl|dt|embed|fieldset|figcaption|figure|footer|form|h[1-6]|header|"
    r"hgroup|hr|html|iframe|legend|li|map|nav|noscript|object|ol|optgroup|output|p|pre|"
    r"progress|section|table|tbody|td|tfoot|th|thead|tr|ul|video)(?=[\s/>])",
    re.IGNORECASE,
)
_CODE = re.compile(r"<code\b[^>]*>(.*?)</code\s*>", re.IGNORECASE | re.DOTALL)


def _blocks_in_code(source: str) -> bool:
    if "<code" not in source and "<CODE" not in source:
        return False
    return any(_BLOCK_TAG.search(m.group(1)) for m in _CODE.finditer(source))


ASCII_SPACE = " \t\n\r\f"
_URL_ATTRIBUTES = ("href", "src", "action")
"""What libxml2 writes percent-encoded, a trailing space as "%20" (a leading one
dropped): a browser strips both, so they are stripped first."""


class TooDeep(Exception):
    """HTML nested deeper than libxml2 reads: it stops at 256 elements deep and drops
    the rest of the post without failing (only its error log tells)."""


def serialised(source: str) -> str:
    """``source`` as libxml2's HTML parser reads it, written back with every end tag;
    ``TooDeep`` if libxml2 could not read all of it."""
    parser = lxml_html.HTMLParser()
    try:
        parts = lxml_html.fragments_fromstring(source, parser=parser)
    except (ValueError, etree.ParserError):
        parts = None
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        raise TooDeep
    if parts is None:
        return source
    for part in parts:
        if isinstance(part, str):
            continue
        for el in part.iter():
            for name in _URL_ATTRIBUTES:
                value = el.get(name)
                if value is not None and value != value.strip(ASCII_SPACE):
                    el.set(name, value.strip(ASCII_SPACE))
    return "".join(
        p if isinstance(p, str) else lxml_html.tostring(p, encoding="unicode") for p in parts
    )


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^<>]*?)?(/?)>")
VOID = frozenset(
    {*("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param")}
    | {"source", "track", "wbr"}
)
"""Elements without content or end tag."""


def implied_ends(raw: str) -> bool:
    """Whether an element of ``raw`` HTML is left to be closed by another (``<li>``
    without ``</li>``, ``<String>`` in code pasted as HTML): browsers close it, kramdown
    prints the end tags that do come as text."""
    balance: dict[str, int] = {}
    for closing, name, empty in _TAG.findall(raw):
        name = name.lower()
        if name in VOID or empty:
            continue
        balance[name] = balance.get(name, 0) + (-1 if closing else 1)
    return any(balance.values())


def _maybe_open(source: str) -> bool:
    """Whether a link or a ``<pre>`` of ``source`` may be left open (one regex scan: a
    count of each tag was several scans, each slower on HTML full of "<")."""
    balance = {"a": 0, "pre": 0}
    for tag in _LINK_OR_PRE.findall(source):
        balance["pre" if tag[-1] in "eE" else "a"] += -1 if tag[1] == "/" else 1
    return balance["a"] != 0 or balance["pre"] != 0


def table(source: str) -> bool:
    """Whether ``source`` leaves a table open."""
    if "<t" not in source and "<T" not in source:  # a fast scan first: most posts have none
        return False
    return len(_TABLE_OPEN.findall(source)) > len(_TABLE_CLOSE.findall(source))
