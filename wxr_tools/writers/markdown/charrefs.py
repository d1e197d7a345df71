"""Character references read with every character kept, as html2text reads text.

``html.unescape`` gives nothing for a numeric reference to a noncharacter (U+FFFE,
U+10FFFF...) or to most control characters: the HTML standard calls them parse errors,
but a browser still shows the character, and html2text keeps it in the text it
converts. The text this writer cuts out before html2text (code, the sentinels' plane,
``rawhtml``) is read with ``unescape`` here, so that no such reference is lost there.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.entities import html5

from wxr_tools import attrvalue, htmlrefs

_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_CANDIDATES = [
    *range(0xA0),
    *range(0xFDD0, 0xFDF0),
    *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
]
_DROPPED = frozenset(n for n in _CANDIDATES if html.unescape(f"&#{n};") == "")
"""The code points ``html.unescape`` turns a reference to into nothing."""


def unescape(text: str) -> str:
    """``html.unescape(text)``, but a reference it would drop is the character."""
    if "&#" in text:
        # The characters put in are never part of a reference: nothing is read twice.
        text = _NUMERIC.sub(_kept, htmlrefs.shortened(text))
    return html.unescape(text)


_TAG = re.compile(r"<[a-zA-Z][^<>]*>")


def in_tags(source: str) -> str:
    """``source`` with its start tags' attribute values written so that
    ``html.parser``, which reads them with ``html.unescape``, reads what a browser does.

    The references ``unescape`` keeps (``alt="&#xFFFF;"``, which ``html.unescape``
    drops) are written as their characters; the ``&`` of a reference an attribute
    keeps as written (``href="?a=1&section=2"``, see ``attrvalue``) as ``&amp;``. In
    text, html2text keeps the character already and a browser decodes ``&sect`` as
    ``html.unescape`` does, so text is left as it is.
    """
    if "&#" not in source and not attrvalue.may_differ(source):
        return source
    return _TAG.sub(_tag_kept, source)


def _tag_kept(m: re.Match[str]) -> str:
    tag = m.group(0)
    if "&" not in tag:
        return tag
    if "&#" in tag:
        tag = _NUMERIC.sub(_kept, htmlrefs.shortened(tag))
    return attrvalue.literal_ampersands(tag)


def _kept(m: re.Match[str]) -> str:
    hexadecimal, decimal = m.groups()
    number = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(number) if number in _DROPPED else m.group(0)


_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]*;?)")


def bare_ampersands(source: str) -> str:
    """``source`` with each ``&`` that starts no reference (``C&C``, ``?x=1&debug``)
    written ``&amp;``.

    ``html.parser`` reads ``&name`` as a reference whatever follows it, and html2text
    writes a name it does not know back as ``&name;``: "C&C Fixed" came out as "C&C;
    Fixed". A browser shows such an ``&`` as the character, as ``html.unescape`` reads
    it; a reference it reads (``&copy;``, ``&copy``, ``&amp``) is left as it is, and
    one whose legacy name runs on (``&copy2010``) is ended with ";" after the name.
    """
    if "&" not in source:
        return source
    return _NAMED.sub(_named, source)


def _named(m: re.Match[str]) -> str:
    return _named_reference(m.group(0))


@lru_cache(maxsize=4096)
def _named_reference(reference: str) -> str:
    """``&name`` or ``&name;`` as ``html.parser`` reads what a browser shows for it."""
    if html.unescape(reference) == reference:
        return "&amp;" + reference[1:]  # no reference: the character "&"
    if reference[1:] in html5:
        return reference
    # A legacy name without ";" and more letters or digits ("&copy2010" shows
    # "©2010", "&ampx;" "&x;"): html.parser would read all of them as the name.
    name = next(name for name in attrvalue.LEGACY if reference[1:].startswith(name))
    return f"&{name};{reference[1 + len(name) :]}"


_TAG_OR_TEXT = re.compile(r"(<!--.*?-->|<[^<>]*>)", re.DOTALL)
_MARKDOWN_CHARACTERS = re.compile(r"[\\`*_\[\]~|]")


def text_as_references(raw: str) -> str:
    """``raw`` inline HTML with the characters Markdown would read in its text (``\\ ` *
    _ [ ] ~ |``) written as character references.

    Markdown parses the text between inline tags (``<code>a *b*<br />c</code>`` lost its
    asterisks to emphasis, a backslash before ``<br />`` made the tag text); kramdown
    keeps the text of some elements (``code``, ``kbd``) raw, where a backslash escape
    would show. A reference means the character to both, and to the browser.
    """
    addresses = "://" in raw or "ww." in raw or "WW." in raw or "@" in raw
    if not addresses and _MARKDOWN_CHARACTERS.search(raw) is None:
        return raw
    parts = _TAG_OR_TEXT.split(raw)
    # split() with one group: text, tag, text, tag, ... text.
    for i in range(0, len(parts), 2):
        text = _MARKDOWN_CHARACTERS.sub(lambda m: f"&#{ord(m.group())};", parts[i])
        parts[i] = ADDRESS_START.sub(r"\g<0><wbr>", text) if addresses else text
    return "".join(parts)


# Where GFM's autolinks and goldmark's linkify see an address start, in text they read
# as Markdown: a <wbr> right after the match parts the text (a reference would not:
# remark links the text decoded) and shows nothing. After a scheme's ":" before "//",
# after "www" before ".", before an e-mail's "@". Kept "<code>x <a href=…>http://…</a>
# </code>" became a link inside the link, to the address as typed.
ADDRESS_START = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9+.-]{0,31}:(?=//)"
    r"|(?<![A-Za-z0-9])www(?=\.)"
    r"|[A-Za-z0-9._+-](?=@[A-Za-z0-9-]+\.)",
    re.IGNORECASE,
)
