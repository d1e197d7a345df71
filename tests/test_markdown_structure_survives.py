"""Every link, image, heading, list item, quote, table cell and code block a reader saw
on the WordPress page is one the Markdown site shows.

The companion of ``test_markdown_words_survive`` (words in order): here each item's
HTML (after the default transforms) and its Markdown read back by markdown-it-py
(CommonMark) are both parsed by libxml2's HTML parser, and what they hold is counted:
each link by its address, each image by its source, each non-empty heading, list
item, quote, header and data cell, code block, table, rule, frame and player. Both
counts must be equal. This is what found a query string's ``&section=`` read as
``§ion=`` (the link went elsewhere), a paragraph after an empty quote or after a list
in a quote taken into a quote, row headings made data cells, a stray ``<dd>`` made
a code block.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from corpus_helpers import corpus_files, file_params, items_that_differ
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from wxr_tools.writers.markdown.html import to_markdown

COMMONMARK = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
_COUNTED = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "th", "td", "pre", "table"}
_ALWAYS = {"hr", "iframe", "video", "audio"}
"""Shown even when empty."""


def structure(fragment: str) -> Counter[str]:
    """What ``fragment`` shows, counted (see the module's docstring)."""
    facts: Counter[str] = Counter()
    if not fragment.strip():
        return facts
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "a" and el.get("href") is not None:
            facts["a " + unquote(el.get("href", "").strip())] += 1
        elif tag == "img" and el.get("src") is not None:
            facts["img " + unquote(el.get("src", "").strip())] += 1
        elif tag in _ALWAYS or (
            tag in _COUNTED and (el.text_content().strip() or el.find(".//img") is not None)
        ):
            facts[tag] += 1
    return facts


def survives(source: str, flavor: str = "hugo") -> bool:
    return structure(source) == structure(COMMONMARK.render(to_markdown(source, flavor)))


# -- what was lost -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        # A query string typed unescaped: "&sect", "&copy", "&reg", "&not" are legacy
        # names a browser decodes in text but not in an attribute, before "=" or a letter.
        '<p><a href="http://wiki.example.org/?a=edit&section=new&copy=2">edit</a></p>',
        '<p><img src="/i.php?w=1&region=us&notify=1" alt="map" /> &copy2010</p>',
        "<blockquote>\n<p>&#160;</p>\n</blockquote>\n<p>after an empty quote</p>",
        "<p>a</p><blockquote></blockquote><p>b</p>",
        "<blockquote><p>a</p><ul><li>x</li><li>y</li></ul><p>still quoted</p></blockquote><p>c</p>",
        "<blockquote><blockquote><p>a</p><ol><li>x<ul><li>z</li></ul></li></ol><p>b</p>"
        "</blockquote><p>d</p></blockquote><p>c</p>",
        "<table><tr><th>a</th><th>b</th></tr><tr><th>row</th><td>d</td></tr></table>",
        "<blockquote><h4>shutdownhtml</h4><dd>If this field is non-empty</dd></blockquote>",
    ],
)
def test_structure_survives(source: str) -> None:
    assert survives(source), to_markdown(source, "hugo")


def test_a_reference_an_attribute_keeps_is_kept_in_text_it_is_read() -> None:
    markdown = to_markdown('<p>&sect; &copy2010 &ampx; <a href="/?a&copy=1">C&C</a></p>', "hugo")
    html = COMMONMARK.render(markdown)
    assert "§ ©2010 &amp;x;" in html  # as a browser shows the text: "§ ©2010 &x;"
    assert 'href="/?a&amp;copy=1"' in html


# -- generated posts -----------------------------------------------------------------------

_WORD = st.sampled_from(["word", "Été", "x1", "-", "1.", "a|b", "&amp;", "&copy;", "C&C"])
_HREF = st.sampled_from(
    ["/p/", "/?a=1&section=2", "/?x&copy=3", "http://e.org/?q=1&amp;reg=2", "/?a=1&lang=fr"]
)
_INLINE = st.lists(
    st.one_of(
        _WORD,
        st.tuples(_HREF, _WORD).map(lambda t: f'<a href="{t[0]}">{t[1]}</a>'),
        _HREF.map(lambda src: f'<img src="{src}" alt="i" />'),
        _WORD.map(lambda w: f"<em>{w}</em>"),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)


def _cell(header: bool) -> st.SearchStrategy[str]:
    tag = "th" if header else "td"
    return _WORD.filter(lambda w: "|" not in w).map(lambda w: f"<{tag}>{w}</{tag}>")


_ROW = st.tuples(st.booleans(), st.booleans()).flatmap(
    lambda kinds: st.tuples(_cell(kinds[0]), _cell(kinds[1])).map(
        lambda cells: "<tr>" + "".join(cells) + "</tr>"
    )
)
_TABLE = st.lists(_ROW, min_size=1, max_size=3).map(lambda rows: f"<table>{''.join(rows)}</table>")


def _blocks(depth: int) -> st.SearchStrategy[str]:
    leaves = [
        _INLINE.map(lambda t: f"<p>{t}</p>"),
        _INLINE.map(lambda t: f"<h3>{t}</h3>"),
        st.just("<hr />"),
        st.just("<p>&#160;</p>"),
        _TABLE,
        _INLINE.map(lambda t: f"<dd>{t}</dd>"),
    ]
    if depth == 0:
        return st.one_of(*leaves)
    inner = st.lists(_blocks(depth - 1), max_size=3).map("\n".join)
    items = st.lists(st.one_of(_INLINE, inner), min_size=1, max_size=3)
    return st.one_of(
        *leaves,
        inner.map(lambda t: f"<blockquote>\n{t}\n</blockquote>"),
        items.map(lambda xs: "<ul>" + "".join(f"<li>{x}</li>" for x in xs) + "</ul>"),
        items.map(lambda xs: "<ol>" + "".join(f"<li>{x}</li>" for x in xs) + "</ol>"),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_blocks(2), min_size=1, max_size=4).map("\n".join))
@example("<blockquote>\n<p>&#160;</p>\n</blockquote>\n<p>word</p>")
# An empty quote inside a quote: its line breaks stayed and the next block was glued
# to them (">a", or a rule quoted twice).
@example(
    "<p>word</p>\n<blockquote>\n<p>word</p>\n<blockquote>\n\n</blockquote>\n</blockquote>\n"
    "<blockquote>\n<hr />\n<p>word</p>\n</blockquote>"
)
@example("<blockquote>\n<p>word</p>\n<blockquote></blockquote>\n</blockquote>\n<p>a</p><hr />")
def test_generated_posts_keep_their_structure(source: str) -> None:
    assert survives(source), to_markdown(source, "hugo")


# -- the corpus -----------------------------------------------------------------------------

KNOWN: dict[str, dict[int, str]] = {
    "blogs/ServiceStackV3__mythz_blog__wordpress-export.xml": {
        83: "a link holding a heading (across a stray </p>): Markdown has no heading in a link",
    },
    "blogs/cedricporter__cedricporter.github.com__wordpress.xml": {
        321: "a link across two paragraphs: a browser makes two links of it too (libxml2 one)",
    },
    "blogs/dmacvicar__dmacvicar.github.io.old.old__wordpress.xml": {
        1780: "a list left open holds a paragraph and a second list: indented as code",
    },
}


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_structure_survives(name: str) -> None:
    assert items_that_differ(name, survives) == set(KNOWN.get(name, {})), Path(name).name
