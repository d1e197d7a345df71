"""``rawhtml``'s shortcuts (and ``rawneeds``') find exactly what the patterns they replace find."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools.writers.markdown import attributes, elementends, rawhtml, rawneeds

# Names the pattern looks for and others, in any case, with their Unicode case
# partners ("K" is the Kelvin sign, "ſ" a long s: the pattern matches "kbd", "s"),
# and what may follow a name (a word character continues it).
_NAME_TOKENS = [
    "<", "pre", "PRE", "Code", "iframe", "s", "S", "ſ", "small", "kbd", "\u212abd", "ul",
    "figcaption", "p", "a", "img", "div", "x", "_", "1", "é", " ", ">", "/", "\n", "İ", "ı",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_NAME_TOKENS), max_size=20).map("".join))
@example("<\u212abd>")
@example("<ſ>")
@example("<Pre>")
@example("<pre_x>")
def test_the_words_after_each_tag_start_need_the_scan_as_the_pattern_says(source: str) -> None:
    assert rawneeds.needs_element(source) == (rawneeds._NEEDS_ELEMENT.search(source) is not None)


# Attributes of a link: names that keep it raw or that Markdown lacks, values with
# and without white space, "=" and quotes inside values, in any case.
_LINK_ATTRIBUTE_TOKENS = [
    " ", "\t", "\n", "href", "HREF", "=", '"', "'", "/x", "?id=3", " id=3", "lang", "dir",
    "name", "rel", "title", "a b", "/", ">", "hreflang", "x",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_LINK_ATTRIBUTE_TOKENS), max_size=12).map("".join))
@example(' href="/x?id=3"')
@example(' href="a id=b"')
@example(' href="/x/"')
def test_a_link_the_scan_passes_by_is_one_visit_leaves_as_it_is(attrs: str) -> None:
    if rawhtml.PLAIN_LINK.fullmatch(attrs) is None:
        return
    assert not attributes.keeps_raw("a", attrs)
    assert not attributes.beyond_markdown(attrs, attributes.LINK_MARKDOWN)
    assert not attrs.rstrip().endswith("/")
    # Visited, the tag is left as it is: no edit, and the scan goes on after it.
    source = f"<p><a{attrs}>x</a></p>"
    scanner = rawhtml._Scanner(source, "hugo")
    match = rawhtml._TAG.search(source, 3)
    assert match is not None and match.group(3) == attrs
    assert scanner.visit("a", attrs, match) == match.end() and scanner.edits == []


def _needs_element_by_the_pattern(source: str) -> bool:
    return rawneeds._NEEDS_ELEMENT.search(source) is not None


def _end_from_each_start(ends: elementends.ElementEnds, name: str, start: int) -> Any:
    return elementends.find_end(ends.source, name, start)


# What takes the longer way: captioned figures, iframes, <pre>, images with a size,
# links with attributes, beside the inline elements and comments, in any case.
_LONGER_WAY_TOKENS = [
    '<figure id="f1" class="wp-caption">', "<figure>", "</figure>", "<figcaption>", "</figcaption>",
    '<iframe src="https://e.x/1" width="5"></iframe>', "<IFRAME>", "</IFRAME>", "<pre>", "</pre>",
    '<img src="/i.png" width="3" height="2" />', '<img src="/i.png">', '<a href="/x">', "</a>",
    '<a href="/y" rel="nofollow">', '<a href="a id=b">', '<A HREF="/z">', "<p>", "</p>", "<em>",
    "</em>", "<strong>", "</strong>", "<code>", "</code>", "<!-- wp:paragraph -->", "<!-- x -->",
    "<P>", "<Pre>", "<ſmall>", "<\u212abd>", "x", " ", "\n", "é", "*", "&amp;", "<", ">",
]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_LONGER_WAY_TOKENS), max_size=25).map("".join))
def test_protect_with_its_shortcuts_is_protect_without_them(source: str) -> None:
    for flavor in ("hugo", "jekyll", "astro"):
        fast = rawhtml.protect(source, flavor)
        with (
            mock.patch.object(rawneeds, "needs_element", _needs_element_by_the_pattern),
            mock.patch.object(rawhtml, "PLAIN_LINK", re.compile("(?!)")),
            mock.patch.object(elementends.ElementEnds, "find", _end_from_each_start),
        ):
            slow = rawhtml.protect(source, flavor)
        assert (fast.text, fast.raws) == (slow.text, slow.raws)
