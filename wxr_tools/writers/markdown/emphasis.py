"""Emphasis that Markdown's marks cannot say as the HTML says it, reshaped first.

Markdown writes ``em``/``i`` and ``strong``/``b`` as ``*`` and ``**``, and a mark is
only read as one where it touches text on its inner side. Three shapes of WordPress
HTML broke that, and the reader saw stray asterisks or words run together:

* White space or a line break just inside the element. A browser shows
  ``of<strong><em> pointers</em></strong>`` as "of pointers", but html2text strips the
  space and ``of***pointers***`` reads "ofpointers"; a ``<br />`` just inside the end
  (``<strong>Type: XSS<br /></strong>``) left the closing mark alone on the next line,
  where it closes nothing. They are moved outside the element (``of
  <strong><em>pointers</em></strong>``, ``<strong>Type: XSS</strong><br />``), which
  the browser shows the same way. Non-breaking spaces too: they are text to HTML,
  but white space to the rules that decide what a mark is.
* Two elements of the same kind side by side (``<em>Note</em><em>: x</em>``): their
  marks met in one run (``*Note**: x*``). They are made one element.
* An empty element (``<strong></strong>``): ``****``. It is dropped.
* An element inside one of its own kind (``<em>a <em>b</em></em>``): the browser shows
  one emphasis, and marks of one kind must alternate (``marks`` pairs them in turn).
  The inner one's tags are dropped.

Only these four tags: the others are kept as HTML, where a space inside is fine.
"""

from __future__ import annotations

import re

_EM = r"(?:em|i)"
_STRONG = r"(?:strong|b)"
_MARK_TAGS = rf"(?:{_EM}|{_STRONG})"
_ATTRIBUTES = r"(?:\s[^<>]*)?"
_EDGE = r"(?:[ \t\n\r\f\xa0]|&nbsp;|&#160;|&#xa0;|<br\s*/?>)+"
"""White space (HTML's and the non-breaking kind) and line breaks."""
_SEE_THROUGH = r"(?:a|span|font)"
"""Tags that may stand between a mark's tag and its text: html2text writes no space
there either (``<em><a href="/x"> word</a></em>``), and the browser shows the same
with the space outside."""
_INSIDE_START = re.compile(
    rf"((?:<{_MARK_TAGS}{_ATTRIBUTES}>)(?:<(?:{_MARK_TAGS}|{_SEE_THROUGH}){_ATTRIBUTES}>)*)({_EDGE})",
    re.IGNORECASE,
)
_INSIDE_END = re.compile(
    rf"({_EDGE})((?:</(?:{_MARK_TAGS}|{_SEE_THROUGH})\s*>)*</{_MARK_TAGS}\s*>)", re.IGNORECASE
)
_SIDE_BY_SIDE = re.compile(
    rf"</{_EM}\s*>([ \t\n\r\f]*)<{_EM}{_ATTRIBUTES}>"
    rf"|</{_STRONG}\s*>([ \t\n\r\f]*)<{_STRONG}{_ATTRIBUTES}>",
    re.IGNORECASE,
)
_EMPTY = re.compile(rf"<({_MARK_TAGS}){_ATTRIBUTES}>([ \t\n\r\f]*)</\1\s*>", re.IGNORECASE)
_MAY_HOLD = re.compile(r"<(?:em|i|strong|b)\b", re.IGNORECASE)


def reshape(html: str) -> str:
    """``html`` with its emphasis in shapes Markdown's marks can say (see above)."""
    if _MAY_HOLD.search(html) is None or not _needs_work(html):
        return html  # most comments and posts: "<em>word</em>" only
    html = _unnested(html)
    while True:
        # Each step can make work for another: an empty element dropped brings two
        # others side by side, merging them can put white space at an edge.
        before = html
        html = _EMPTY.sub(r"\2", html)
        html = _SIDE_BY_SIDE.sub(_between, html)
        html = _INSIDE_START.sub(r"\2\1", html)
        html = _INSIDE_END.sub(r"\2\1", html)
        if html == before:
            return html


_SHAPE_CASE_BLIND = rf"<(?:{_MARK_TAGS}{_ATTRIBUTES}>[\s\xa0<&]|(?<=[\s\xa0>;]<)/{_MARK_TAGS}\s*>)"
"""Where one of the shapes above may be: a start tag followed by white space, a tag or
a reference, or an end tag after one (read case-blind). Every alternative starts at a
"<": a pattern that began with the white space was tried at every space of the post,
several times slower."""
_MARK_NAMES = r"(?:[eE][mM]|[iI]|[sS][tT][rR][oO][nN][gG]|[bB])"
_SHAPE = re.compile(
    rf"<(?=[/eEiIsSbB])(?:{_MARK_NAMES}{_ATTRIBUTES}>[\s\xa0<&]"
    rf"|/(?={_MARK_NAMES}\s*>)(?<=[\s\xa0>;]</))"
)
"""``_SHAPE_CASE_BLIND`` for the ASCII letters of the names, compared as they are (a
case-blind pattern folds each character it compares, at every "<" of a post): the
first test after a "<" is of the one character a mark's tag may go on with (most tags
are others), and the end tag's preceding character is looked at only at an end tag of
a mark. Only whether one matches is asked, not where."""
_FOLDED = ("\u0130", "\u0131", "\u017f")
"""The other letters ``re.IGNORECASE`` takes for "i" and "s" ("İ", "ı", "ſ")."""


def _needs_work(html: str) -> bool:
    """Whether any of the shapes above may be in ``html`` (the substitutions cost a scan
    each, and most posts have none of the shapes). An element nested in its own kind
    alone is not looked for: ``marks`` writes its marks as tags if they misread."""
    if _SHAPE.search(html) is not None:
        return True
    # Case-blind, a name may be spelled with one of ``_FOLDED``: only a post holding one
    # is searched so (``re`` compiles the pattern then, once, and keeps it).
    return (_FOLDED[0] in html or _FOLDED[1] in html or _FOLDED[2] in html) and re.search(
        _SHAPE_CASE_BLIND, html, re.IGNORECASE
    ) is not None


def _between(m: re.Match[str]) -> str:
    return m.group(1) if m.group(1) is not None else m.group(2)


_ANY_TAG = re.compile(rf"<(/?)({_MARK_TAGS}){_ATTRIBUTES}\s*>", re.IGNORECASE)
_KIND = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}


def _unnested(html: str) -> str:
    """``html`` without the tags of an element nested in one of its own kind."""
    depth = {"em": 0, "strong": 0}
    out: list[str] = []
    pos = 0
    for m in _ANY_TAG.finditer(html):
        kind = _KIND.get(m.group(2).lower())
        if kind is None:
            # "<ſtrong>": the pattern, case-blind, takes "ſ" for "s" (and "İ", "ı" for
            # "i"); an HTML reader folds ASCII letters only, and sees no mark there.
            continue
        closing = bool(m.group(1))
        if closing and depth[kind] == 0:
            continue  # a stray end tag: left for html2text, as before
        inner = depth[kind] > (1 if closing else 0)
        depth[kind] += -1 if closing else 1
        if inner:
            out.append(html[pos : m.start()])
            pos = m.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)
