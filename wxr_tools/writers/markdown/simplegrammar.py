"""The HTML ``simplemd`` writes without html2text: its tags, and what each one does.

The grammar is narrow on purpose (see ``simplemd``): each tag either is a key of
``TAGS`` (no attributes) or matches ``WITH_ATTRIBUTES`` whole; any other is the long
way's. ``OTHER_TAG`` finds a post's first tag of neither before the writer reads it.
"""

from __future__ import annotations

import re

from wxr_tools.writers.markdown import htmlcomments, privateplane

# The accepted grammar. Attribute values hold no "=" (or, for href and src, no white space):
# ``rawhtml`` looks for ``lang=``, ``id=``... anywhere in a tag, inside values too,
# and would keep such a tag raw. ``class`` and ``style`` change nothing html2text
# writes for these tags (their values quoted either way), and ``rawhtml`` keeps a link
# raw for any attribute but ``href`` and ``title``. A tag name's case, unquoted values
# and other attributes are left to the long way (its tokenizer and ``rawhtml`` read
# them, not this).
# Text holds no "<" (and "&" only to start a reference, see ``simplerefs.REFERENCE``), so the
# HTML splits at each "<" into a tag, up to its ">" (values hold none), and the text
# after it.
_WS = r"[ \t\n]"
PARAGRAPH, EM_START, EM_END, STRONG_START, STRONG_END, BR, LINK_END = range(7)
UNWRITTEN_START, UNWRITTEN_END, HEADING_END, HEADING = 7, 8, 9, 10
QUOTE_START, QUOTE_END = -2, -3
"""``HEADING`` + n: ``<hn>``."""
UL_START, OL_START, UL_END, OL_END, ITEM_START, ITEM_END, IN_LIST = -4, -5, -6, -7, -8, -9, -10
"""The list tags: every kind up to ``UL_START`` (``IN_LIST``: a tag refused in a list)."""
TAGS = {
    "p": PARAGRAPH, "/p": PARAGRAPH, "div": PARAGRAPH, "/div": PARAGRAPH,
    "em": EM_START, "i": EM_START, "/em": EM_END, "/i": EM_END,
    "strong": STRONG_START, "b": STRONG_START, "/strong": STRONG_END, "/b": STRONG_END,
    "br": BR, "br/": BR, "br /": BR, "/a": LINK_END,
    "figure": UNWRITTEN_START, "/figure": UNWRITTEN_END,
    "span": UNWRITTEN_START, "/span": UNWRITTEN_END,
    "blockquote": QUOTE_START, "/blockquote": QUOTE_END,
    "ul": UL_START, "/ul": UL_END, "ol": OL_START, "/ol": OL_END,
    "li": ITEM_START, "/li": ITEM_END,
}  # fmt: skip
TAGS.update({f"h{n}": HEADING + n for n in range(1, 7)})
TAGS.update({f"/h{n}": HEADING_END for n in range(1, 7)})
"""The tags without attributes, by what they do (html2text writes nothing for a
``<figure>`` or a ``<span>``, but a link's "[" before one: after ``rawhtml``, a figure is
left only when it kept no caption or embed; it keeps no span of these attributes)."""
WITH_ATTRIBUTES = re.compile(
    r"(?:(p|div|em|i|strong|b|figure|span|h[1-6]|blockquote|ul|ol|li)"
    rf"""(?:{_WS}+(?:class|style)=(?:"[^"<>&=]*"|'[^'<>&=]*'))*{_WS}*"""
    rf"""|a{_WS}+href="([^"<>\s]+)"(?:{_WS}+title="([^"<>&=]*)")?{_WS}*"""
    rf"""|a{_WS}+title="([^"<>&=]*)"{_WS}+href="([^"<>\s]+)"{_WS}*"""
    rf"""|(img)(?:{_WS}+(?:src="([^"<>\s]*)"|alt="([^"<>=]*)"))*{_WS}*/?)"""
)
"""A paragraph, emphasis, figure, span, heading, quote or list tag with attributes, or a link (1
name, 2 href, 3 title; or, the title first as WordPress's editor wrote it, 4 title, 5
href: html2text reads the attributes into a dict, where their order is lost), or an
image (6, 7 src, 8 alt: ``rawhtml`` keeps one with any other attribute; of each
attribute given twice, the regular expression's group holds the last, as the dict does)."""
BY_NAME = {"p": PARAGRAPH, "div": PARAGRAPH, "em": EM_START, "i": EM_START}
BY_NAME.update(strong=STRONG_START, b=STRONG_START, figure=UNWRITTEN_START, span=UNWRITTEN_START)
BY_NAME.update(blockquote=QUOTE_START, ul=UL_START, ol=OL_START, li=ITEM_START)
BY_NAME.update({f"h{n}": HEADING + n for n in range(1, 7)})


def _refused_in_lists(kinds: dict[str, int]) -> dict[str, int]:
    # ``rawhtml`` keeps a list holding a paragraph, a heading or a quote as HTML.
    refused = (PARAGRAPH, QUOTE_START, QUOTE_END)
    return {name: IN_LIST if k in refused or k >= HEADING_END else k for name, k in kinds.items()}


TAGS_IN_LISTS = _refused_in_lists(TAGS)
BY_NAME_IN_LISTS = _refused_in_lists(BY_NAME)
"""``TAGS`` and ``BY_NAME`` for the tags inside a list."""
# Comments are those ``rawhtml.protect`` drops holding no "<" or ">"
# (``htmlcomments.DROPPED_PLAINLY``): cut where ``protect`` cuts them (at the first
# "-->"), and no tag is read differently. One substitution cuts them all: a match
# starts at a comment's "<!--" (a "<!--" inside a comment would be a "<" in it). Any
# other comment is left, and its "<!" is no tag of the grammar: the long way.
OTHER_TAG = re.compile(
    r"<(?!/?(?:p|div|em|i|strong|b|a|span|h[1-6]|blockquote|ul|ol|li)[ \t\n>]|br[ \t\n/>]"
    r'|img(?:[ \t\n]+(?:src|alt)="[^"<>]*")*[ \t\n]*/?>)'
)
"""A "<" that starts no tag of ``TAGS`` or ``WITH_ATTRIBUTES`` (after the comments
are cut): the writer would give up there. An image with other attributes is refused
here (``rawhtml`` keeps it as HTML), not after ``reshape`` and the writer's reading."""


def first_look(source: str) -> str | None:
    """``source`` with the comments ``rawhtml.protect`` drops cut, if it may be of the
    grammar; None where it holds a comment kept, a tag of no name the grammar holds (a
    figure too: ``rawhtml`` may keep it as HTML) or the sentinels' plane (typed, or a
    reference to it): before ``emphasis.reshape``'s passes over all the post and the
    writer's reading up to it."""
    if "<!--" in source:
        cut = _without_comments(source)
        if cut is None:
            return None  # a comment kept (or one cut in two by another)
        source = cut
    if OTHER_TAG.search(source) is not None or privateplane.present(source):
        return None
    return source


_PARAGRAPH_DELIMITERS = ("<!-- wp:paragraph -->", "<!-- /wp:paragraph -->")
"""The block editor's commonest comments (two in three of the 1k export's, more in
real blogs'), which ``DROPPED_PLAINLY`` matches exactly as written."""


def _without_comments(source: str) -> str | None:
    """``source`` with the comments ``DROPPED_PLAINLY`` matches cut, if it then holds no
    other "<!--"; else None.

    The paragraphs' delimiters are cut first by ``str.replace`` (a C scan for each,
    where the substitution's engine read each comment at some four thousand
    instructions). Where no "<!--" is left, each one of ``source`` started one of them
    (one outside them would be left whole: a delimiter holds no "<" but its first, so
    no "<!--" overlaps one), and the substitution would have cut the same: each is a
    whole match of ``DROPPED_PLAINLY``, which matches nothing else then. Any left (or
    made by a cut: "<!<!-- wp:paragraph -->--"), the substitution reads ``source``.
    """
    cut = source
    for delimiter in _PARAGRAPH_DELIMITERS:
        cut = cut.replace(delimiter, "")
    if "<!--" not in cut:
        return cut
    cut = htmlcomments.DROPPED_PLAINLY.sub("", source)
    return None if "<!--" in cut else cut
