"""``simplemd`` writes exactly what html2text writes, for the HTML it accepts.

Generated HTML of paragraphs, emphasis, links, line breaks, comments and text, with
what html2text and the escaping treat specially, is converted both ways: where the
shortcut accepts it, html2text's output (before the shared passes) and the final
Markdown must be the same; where it refuses, the long way converts it anyway. With
what ``rawhtml`` keeps as HTML among it (figures, embeds, images, code...),
``html.convert`` must give the same Markdown whether ``simplemd.written`` or
html2text reads the protected text.
"""

from __future__ import annotations

from contextlib import suppress
from html.entities import html5
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools.writers.markdown import (
    charrefs,
    converter,
    emphasis,
    html,
    htmlcomments,
    privateplane,
    rawhtml,
    simplegrammar,
    simplemd,
    simpleoutput,
    simplerefs,
    unclosed,
)
from wxr_tools.writers.markdown.converter import new_converter

_TEXT = [
    "word", "Été", "9", "12", ".", " ", "  ", "\t", "\n", "\n\n", "-", "--", "+", ":",
    ": ", "!", "|", "(", ")", "'", '"', "?", "/", "1. ", "- ", "+ ", "\xa0", "\u3000",
    "\x0b", "\x0c", "\x85", "=", "==", "*", "_", "#", "[", "]", "{{<", "\\", "$", "~", "`",
    ">", "https://x.example/", "www.x", "http://", "&", "<", "\U0010ff01", "😀",
    " 9", " +", " -", " x", "x ", " x ", "/x", " /x ", "\u0663. x", " \u0663. x", "-->", "<!--",
]  # fmt: skip
# Character references of every kind html2text reads (each a text of its own, not
# escaped), and "&"s the shortcut leaves to the long way (the last line).
_REFERENCES = [
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&copy;", "&hellip;", "&NotEqualTilde;",
    "&eacute;", "&#8217;", "&#x2019;", "&#X41;", "&#160;", "&#xa0;", "&#xA0;", "&#32;",
    "&#10;", "&#9;", "&#13;", "&#0;", "&#128;", "&#x92;", "&#129;", "&#55296;", "&#1114112;",
    "&#65534;", "&#42;", "&#x5F;", "&#92;", "&#45;", "&#43;", "&#49;", "&#x1F600;", "&#91;",
    "&#x5D;", "&#60;", "&#0065;", "&amp;nbsp_place_holder;", "&amp;copy;", "&amp;amp;",
    "&lt;!--", "&#8203;", "&ast;", "&lowbar;", "&num;", "&lsqb;", "&rsqb;", "&bsol;",
    "&foo;", "&copy", "&ampx;", "& ", "&#x10FF01;", "&#00000065;", "&#x0000041;", "&#",
]  # fmt: skip
_TEXT += _REFERENCES
# Images html2text writes (only src and alt: ``rawhtml`` keeps any other as HTML), with
# values of every kind: references, characters Markdown or a URL reads, none, twice.
_IMAGES = [
    '<img src="/m/a.jpg" alt="A b" />', '<img src="https://x.example/a.png">', "<img>",
    '<img alt="" src="../rel/a%20b.png"/>', '<img src="" alt="x">', '<img alt="only">',
    "<img/>", '<img src="/x?a=1&amp;b=2&copy=3&sect;&#38;" alt="Don&#8217;t &amp; &foo;"/>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">', '<img\nsrc="a.png"\talt="a\nb" >',
    '<img src="/a(b)[c]\\d|e`f*g_h.png" alt="*x* [y] (z) |w| `c` ~ _u_ \\ &lt;b&gt; &#1;">',
    '<img src="/a.png" alt="x" src="/b.png" alt="y">', '<img src="&#32;" alt="&nbsp;">',
    '<img src="/a.png" alt="1. - + # > x">', '<img src="https://x.example/">',
    '<img src="/a.png" alt="x=y">', '<img class="c" src="/a.png">', "<img src='/a.png'>",
    '<img SRC="/a.png">', '<img src="/a.png" alt="x" width="3">', '<img src="/a b.png">',
    '<img src="/a.png" id="x">', "</img>", '<IMG src="/a.png">',
]  # fmt: skip
_TAGS = [
    "<p>", "</p>", "<div>", "</div>", '<p class="a b">', '<p style="x: y;"\n>', "<em>",
    "</em>", "<i>", "</i>", "<strong>", "</strong>", "<b>", "</b>", '<em class="c">',
    "<br>", "<br/>", "<br />", '<a href="/x">', '<a href="https://x.example/">',
    '<a href="/y_(z)">',
    '<a href="https://x.example/" title="T *x*">', '<a href="#top" title=" ">', "</a>",
    '<a title="T" href="/x">', '<a title="" href="https://x.example/">',
    '<a href="/x?a=1&amp;b=2">', '<a href="https://x.example/?a=1&b=2&copy=3&sect;&#38;">',
    '<a title="t" href="/x?q=&lt;&#1;&#x41&amp&ampx;&notit;&foo;&#0;&">',
    "<!-- wp:paragraph -->", "<!-- /wp:paragraph -->", "<!--more-->", "<!-- kept -->",
    "<!-- wp:x {\"a\":1} /-->", '<!-- wp:image {"id":1,"size":"large"} -->',
    "<!-- /wp:jetpack/map -->", "<!--more Read on-->", "<!--noteaser-->", "<!-- wp:p --->",
    "<!-- wp:p /-->", "<P>", "<p id=\"x\">", '<a href="x" rel="y">', "<ul><li>",
    "</li></ul>", "<ol>", "</ol>", "<li>", '<li class="x">', "</li>", "<h2>", "</h2>", "<h1>",
    "</h1>", "<h6>", "</h6>", '<h3 class="x">', "</h3>", "<span>", "</span>",
    '<span style="color: red;">', '<span class="a" style="b">', '<span title="x">',
    "<div class='p_embed p_image_embed'>", "<p style='a: \"b\"' class=\"c\">",
    "<li class='x'>", "<span class='x>",
    "<blockquote>", "</blockquote>", '<blockquote class="wp-block-quote">', "</blockquote>",
    "<h7>", "</h7>", '<h2 id="x">', "<H2>", "<figure>", '<figure class="wp-block-gallery">',
    "</figure>", *_IMAGES,
]  # fmt: skip
_REFUSED = {"&foo;", "&copy", "&ampx;", "& ", "&#x10FF01;", "&#00000065;", "&#x0000041;", "&#"}
_REFUSED |= {"&", "<", "\U0010ff01", "<!-- kept -->", '<!-- wp:x {"a":1} /-->', "<P>"}
_REFUSED |= {'<p id="x">', '<a href="x" rel="y">', '<span title="x">', "<span class='x>"}
_REFUSED |= {"<h7>", "</h7>", '<h2 id="x">', "<H2>"}
_REFUSED |= {"<!--", "<!-- wp:p --->", "<!-- wp:p /-->"}
_REFUSED |= {"<figure>", '<figure class="wp-block-gallery">', "</figure>", *_IMAGES[-9:]}
_ACCEPTED = [t for t in _TEXT + _TAGS if t not in _REFUSED]
"""The tokens the shortcut takes (and the comments it drops)."""
_FLAVORS = ("hugo", "jekyll", "eleventy", "astro")


def html2text_output(source: str, flavor: str) -> tuple[str, bool]:
    """The long way's html2text output, and whether ``protect`` left no token."""
    protected = rawhtml.protect(unclosed.closed(charrefs.in_tags(source), flavor), flavor)
    text = emphasis.reshape(charrefs.bare_ampersands(protected.text))
    return new_converter().handle(text), protected.token is None


def check(source: str) -> bool:
    """Compare both ways on ``source``; whether the shortcut took it."""
    fast = simplemd.html2text_output(source)
    if fast is None:
        return False
    assert not unclosed.table(source)
    for flavor in _FLAVORS:
        slow, untokened = html2text_output(source, flavor)
        assert untokened
        assert fast.markdown == slow
        # ``resolve`` looks for the sentinels said alone: the others are in no text.
        resolved = html.finished(slow, html._NOTHING_PROTECTED, flavor)
        assert html.finished(slow, html._NOTHING_PROTECTED, flavor, fast.sentinels) == resolved
        expected = html.convert(charrefs.in_tags(source), flavor)
        if flavor == "astro":
            expected = html.from_the_margin(expected)
        if html.plain_markdown(source) is None:  # else ``to_markdown`` takes that one
            assert html.to_markdown(source, flavor) == expected
    return True


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_TEXT + _TAGS), max_size=30).map("".join))
@example('<p>a<em>b</em>c <strong>d </strong>e</p>\n<p><a href="/x">x</a></p>')
@example('<p><a href="https://x.example/">https://x.example/</a></p>')
@example('<p><a href="https://x.example/"><em>https://x.example/</em></a></p>')
@example("<p>a<br><br>b<br /></p><p><em>a<br/></em></p>")
@example('<p><em><a href="/x"> a</a></em></p>')
@example("<!-- wp:paragraph -->\n<p>- a</p>\n<!-- /wp:paragraph -->")
@example("<p>\u0663. a</p><p><em>b</em> \u0663. c</p>")
@example("<p><em><p> x</p></em> <strong><div> y </div></strong></p>")
@example('<p><a href="/x">/x </a></p>')
@example('<p><a href="/x"> /x</a></p>')
@example("<!-- wp:x {} /--><p>a</p><!--more-- b--><!--more--> -->")
@example('<p><a href="https://x.example/">https://x.example/&amp;</a> &#32;<em>&#32;a</em></p>')
@example("<p><strong>&nbsp;</strong>&nbsp;<em>&nbsp;a&nbsp;</em>&#49;. b<br>&#45; c</p>")
@example('<p><em>&#42;</em><a title="&" href="/x">x</a>&amp;nbsp_place_holder;</p>')
@example('<p><strong><a href="/x">a </a></strong><em><a href="/x"> </a>b</em></p>')
@example('<p><em><a href="https://x.example/"> https://x.example/\n</a></em></p>')
@example('<p><b><a href="/x">&#42; 1. x&nbsp;</a></b><i><a href="/y">- [a]\xa0</a></i></p>')
@example('<p><i><a href="/y">a\n</a>b</i>c <b><a href="/y">1. \\a\u3000</a>b</b></p>')
@example('<p><i><a href="/y">\u0663. a  b</a>b</i><em><a href="/x">&#49;. a</a>b</em></p>')
@example('<h2>a <em>b</em></h2><p>c</p><h1> - 1. x\n</h1>\n<h3 class="x"><strong>y</strong></h3>')
@example('<p><a href="/x">a<h2>b</h2></a></p><em><h4> c </h4></em>d')
@example("<blockquote><p>a<br>b</p><blockquote>\n</blockquote></blockquote>c<blockquote>")
@example("<p>a </p><blockquote> <blockquote><p>b<br><br></p></blockquote><em> </em></blockquote>")
@example("<blockquote></blockquote><p>a <blockquote>\n<p></p></blockquote> b</p></blockquote>")
@example('<blockquote><a href="/x">a</a><h2>b</h2><img src="/c"></blockquote>' * 30)
@example('<p><a href="https://x.example/"><span>https://x.example/</span></a><span> a</span></p>')
@example('<p><em><span> a </span></em><strong><span class="x">b</span> </strong></p>')
def test_shortcut_writes_what_html2text_writes(source: str) -> None:
    check(source)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_ACCEPTED), max_size=30).map("".join))
def test_shortcut_writes_what_html2text_writes_for_what_it_takes(source: str) -> None:
    check(source)


# Quotes, images and headings among the commonest tags, so that their states meet often:
# quotes nested, empty or holding only white space or breaks, a quote's paragraph
# breaks before text of every kind, images and headings in quotes and links.
_QUOTED = [
    "<blockquote>", "</blockquote>", "<p>", "</p>", "<br>", "word", " ", "\n", "<em>", "</em>",
    '<a href="/x">', "</a>", "<h2>", "</h2>", '<img src="/i" alt="a">', "&nbsp;", "- x", "1. y",
    "*", " z ", "<strong>", "</strong>",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_QUOTED), max_size=25).map("".join))
@example("<blockquote><p>a</p><p>b</p></blockquote>")
@example("<blockquote><blockquote>a</blockquote>\n<p> </p></blockquote><p>b</p>")
@example("<p>a</p>\n<blockquote> <p>b</p> </blockquote> c")
@example("<blockquote>" * 25 + "a" + "</blockquote>" * 25)
def test_quotes_images_and_headings_written_as_html2text_writes_them(source: str) -> None:
    check(source)


@pytest.mark.parametrize(
    "source",
    [
        '<p>Some <em>text</em>, <strong>bold</strong>, a <a href="/x">link</a>.</p>\n',
        "<!-- wp:paragraph -->\n<p>a<br />b</p>\n<!-- /wp:paragraph -->",
        '<p class="x">*a* 1. b</p><p><a href="https://x.example/" title="t">t</a></p>',
        "<p>Don&#8217;t &amp; &nbsp;<em>&ldquo;x&rdquo;</em>&#x2014;&lt;b&gt;</p>",
        '<p><a title="t" href="/x">&#49;. a&nbsp;</a></p>',
        '<p><a href="https://x.example/?a=1&amp;b=2">https://x.example/?a=1&amp;b=2</a></p>',
        '<p><a href="/?a=1&section=2&copy2010&#1;">a</a></p>',
    ],
)
def test_common_html_takes_the_shortcut(source: str) -> None:
    assert check(source)


@pytest.mark.parametrize(
    "source",
    [
        "<p>a & b</p>",  # an "&" that starts no reference
        "<p>&copy 2010</p>",  # a reference without its ";"
        "<p>C&C; fixed</p>",  # a name html2text does not know
        '<p><a href="/x" title="a &amp; b">a</a></p>',  # a reference in a title
        "<p>a <!-- kept --> b</p>",  # a comment kept
        '<p><a href="/x" rel="nofollow">a</a></p>',  # a link kept raw
        '<p><a href="/x">a</p>',  # a link left open
        "<P>a</P>",  # upper case
        "<ul><li><p>a</p></li></ul>",  # a list kept as HTML (``rawhtml``)
        "<ul><li>a</li>",  # a list left open
        '<ol start="3"><li>a</li></ol>',
        "<li>a</li>",  # an item outside a list
        "<ul><li>a</li></ol>",  # a mismatched end tag
        '<p><a href="/x"><ul><li>a</li></ul></a></p>',  # a list in a link
    ],
)
def test_other_html_takes_the_long_way(source: str) -> None:
    assert simplemd.html2text_output(source) is None


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_TEXT + _TAGS), max_size=30).map("".join))
def test_tag_check_refuses_nothing_the_writer_takes(source: str) -> None:
    # ``simplegrammar.OTHER_TAG`` refuses a post before the writer reads it: only where the writer
    # would have refused it too (or takes only after ``protect``: a figure's tags, as
    # ``rawhtml`` may keep the figure as HTML).
    cut = htmlcomments.DROPPED_PLAINLY.sub("", source)
    if "<!--" in cut or "figure" in cut or privateplane.present(cut):
        return
    if simplemd._written(emphasis.reshape(cut)) is not None:
        assert simplegrammar.OTHER_TAG.search(cut) is None
        assert simplemd.html2text_output(source) is not None


def test_references_read_as_html2text_reads_them() -> None:
    # Every code point (and past the last), every name html2text knows, and names it
    # does not, against html2text's own ``charref`` and ``entityref``.
    converter = new_converter()
    for number in range(0x110010):
        for written in (str(number), f"x{number:x}", f"X{number:X}"):
            m = simplerefs.REFERENCE.fullmatch(f"&#{written};")
            if m is not None:  # digits past the grammar's (shortened first) are refused
                assert simplerefs.reference_text(m) == converter.charref(written), written
    for name in [*html5, "foo;", "Amp;", "nbspx;"]:
        if name.endswith(";") and (m := simplerefs.REFERENCE.fullmatch("&" + name)) is not None:
            known = converter.entityref(name[:-1])
            expected = None if known == "&" + name else known
            assert simplerefs.reference_text(m) == expected, name


# What ``rawhtml`` keeps as HTML (as the 10k bench export and WordPress write it), or
# leaves html2text to convert, with what it must not keep (a figure without caption).
_KEPT = [
    '<figure class="wp-block-image size-medium"><a href="/m/a.jpg"><img src="/m/a.jpg" '
    'alt="A, “b" class="wp-image-23"/></a><figcaption>A, “b</figcaption></figure>',
    '<figure class="wp-block-image"><img src="/m/b.jpg" alt=""/></figure>',
    '<figure class="wp-block-embed">https://x.example/v</figure>',
    '<iframe src="https://www.youtube.com/embed/x" frameborder="0" allowfullscreen></iframe>',
    '<img src="/m/c.jpg" alt="" width="300" height="200" />', '<img src="/m/d.png" alt="d">',
    "<pre>a *b*</pre>", '<pre class="wp-block-code"><code>&lt;x></code></pre>', "<code>c</code>",
    "<ul><li>a</li><li>b</li></ul>", "<blockquote>", "</blockquote>", '<span lang="de">',
    "</span>", '<a href="/x" rel="nofollow">', '<div id="a">', "<!-- kept -->", "<hr>",
]  # fmt: skip


def protected_text(source: str, flavor: str) -> str:
    """What ``html.convert`` hands ``simplemd.written`` (html2text: this, reshaped)."""
    protected = rawhtml.protect(unclosed.closed(source, flavor), flavor)
    return charrefs.bare_ampersands(protected.text)


def check_written(source: str) -> bool:
    """Compare ``html.convert`` with and without ``written``; whether it was taken."""
    taken = False
    # As ``html.to_markdown`` calls it: the references in tags read first (``written``
    # reads an href's references as they are then; ``&copy=3`` is ``&amp;copy=3``).
    source = charrefs.in_tags(source)
    for flavor in _FLAVORS:
        if unclosed.table(source):
            continue
        text = protected_text(source, flavor)
        fast = simplemd.written(text)
        if fast is not None:
            taken = True
            assert fast.markdown == new_converter().handle(emphasis.reshape(text))
        expected = html.convert(source, flavor)
        with mock.patch.object(simplemd, "written", lambda text: None):
            assert html.convert(source, flavor) == expected
    return taken


_WITH_KEPT = st.lists(st.sampled_from(_ACCEPTED + _KEPT), max_size=30).map("".join)


@settings(max_examples=400)
@given(_WITH_KEPT)
@example(_KEPT[0])
@example('<p>a</p>\n<figure class="wp-block-gallery">' + _KEPT[0] + _KEPT[0] + "</figure>")
@example('<p><a href="/x"><figure class="wp-block-gallery">' + _KEPT[0] + "</figure></a></p>")
@example("<p>" + _KEPT[3] + "</p>\n<p>a <em>b</em></p>")
@example('<p><a href="/x">a</a> ' + _KEPT[4] + " b</p>")
def test_written_is_what_html2text_writes_after_protect(source: str) -> None:
    check_written(source)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_TEXT + _TAGS + _KEPT), max_size=30).map("".join))
def test_written_is_what_html2text_writes_for_any_html(source: str) -> None:
    check_written(source)


@pytest.mark.parametrize(
    "source",
    [
        "<p>a</p>\n" + _KEPT[0] + "\n<p>b <strong>c</strong></p>",
        '<figure class="wp-block-gallery">' + _KEPT[0] + _KEPT[0] + "</figure>",
        "<p>" + _KEPT[3] + "</p>",
        "<p>" + _KEPT[4] + "</p>",
        "<p>a</p>\n<!-- kept -->\n<p>b</p>",
        "<div>\n<div class='p_embed p_image_embed'>\n" + _KEPT[4] + "\n</div>\n</div>",
    ],
)
def test_kept_html_takes_the_shortcut_after_protect(source: str) -> None:
    assert simplemd.html2text_output(source) is None
    assert check_written(source)


def test_href_references_read_as_the_conversion_hands_them() -> None:
    # Found by the property above: "&copy=3" in an href is "&amp;copy=3" once
    # ``charrefs.in_tags`` has read the tag (so "&copy=3" stays as typed), and
    # html2text reads the raw one as "©=3"; both paths must see the same text.
    source = '<a href="https://x.example/?a=1&b=2&copy=3&sect;&#38;"></a>'
    assert check_written(source)
    assert html.to_markdown(source, "hugo") == "[](https://x.example/?a=1&b=2&copy=3§&)\n"


_POST_CHARS = converter.TEXT_AS_IS_CHARS + "aé’😀<"


@settings(max_examples=300)
@given(st.text(alphabet=_POST_CHARS, max_size=40))
def test_texts_tested_for_the_post_s_characters_as_the_class_tests_them(post: str) -> None:
    # Each text the writer tests is a part of the post holding no "<".
    writer = simplemd._Writer()
    with suppress(simpleoutput.Beyond):
        writer.convert(post)
    for start in range(len(post) + 1):
        for end in range(start, len(post) + 1):
            part = post[start:end]
            if "<" not in part:
                expected = converter.TEXT_AS_IS.search(part) is not None
                assert any(c in part for c in writer.as_is) == expected


# Lists, well nested (or not) among the commonest tags: items empty, left without their
# end tag, holding breaks, links, images, emphasis, text html2text or the escaping treat
# specially and lists of both kinds; white space of every kind between the tags; lists
# side by side, in quotes, and holding what ``rawhtml`` keeps them as HTML for.
_IN_ITEMS = [
    "word", " ", "\n", " \n\t", "<em>", "</em>", "<strong>", "</strong>", "<br>", "<br />",
    '<a href="/x">x</a>', '<a href="https://x.example/">https://x.example/</a>', "*",
    '<img src="/i" alt="a">', "&nbsp;", "&amp;", "- x", "1. y", "2) z", "#", "+", "9",
    "<em>a</em>", '<em><a href="/y">b</a></em>', "\xa0", "<span>", "</span>",
]  # fmt: skip
_ITEM_TEXT = st.lists(st.sampled_from(_IN_ITEMS), max_size=4).map("".join)
_SPACE = st.sampled_from(["", "", "\n", " ", "\n\t"])


def _list(name: str, items: list[tuple[str, str, str, str, str]], after: str) -> str:
    tag = name.split(" ")[0]
    written = "".join(f"<{start}>{a}{nested}{b}{end}" for start, a, nested, b, end in items)
    return f"<{name}>{after}{written}</{tag}>{after}"


def _lists_of(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Lists (nested: up to ten leaves) whose items hold ``text`` around their lists."""
    start = st.sampled_from(["li", "li", 'li class="x"', 'li style="a: b"'])
    end = st.sampled_from(["</li>", "</li>", "</li>\n", " </li>", "</li> \n", ""])
    name = st.sampled_from(["ul", "ol", 'ul class="wp-block-list"', 'ol style="a: b"'])
    return st.recursive(
        st.just(""),
        lambda nested: st.builds(
            _list, name, st.lists(st.tuples(start, text, nested, text, end), max_size=4), _SPACE
        ),
        max_leaves=10,
    )


_LISTS = _lists_of(_ITEM_TEXT)
_AROUND_LISTS = [
    "<p>a</p>", "\n", "text", "<blockquote>", "</blockquote>", "<h2>h</h2>", "<p>", "</p>",
    "</h2>", "<h3>",
    "<br>", "<em>x</em>", "- y", " ", "<li>", "</li>", "</ul>", "<ol>",
]  # fmt: skip
_WITH_LISTS = st.lists(st.one_of(_LISTS, st.sampled_from(_AROUND_LISTS)), max_size=8).map("".join)


@settings(max_examples=500)
@given(_WITH_LISTS)
@example("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul><ol><li>d<ol><li>e</li></ol></li></ol>")
@example("<ol><li><ul><li><ol><li>a</li></ol></li></ul></li><li></li><li>b</li></ol>")
@example("<ul><li></li><li></li></ul>\n<ul>\n<li>\n</li>\n</ul>text<ul><li>a</ul>")
@example("<blockquote><ul><li>a</li></ul></blockquote><blockquote><ol></ol></blockquote>")
@example("<ul><li>a<br><br></li></ul><br><ul><li>b</li></ul><ol><li>c</li></ol>")
@example("<ul><li><em>a</li><li></em>b</li></ul><ul><li><p>c</p></li></ul>")
@example("<ul>" * 21 + "<li>a" + "</ul>" * 21)
@example("<ul><li>a</li></ul></h2>b<ul><li>c</li></ul><h3>d</h3><ol><li>e</li></ol>")
def test_lists_written_as_html2text_writes_them(source: str) -> None:
    check(source)


def test_lists_take_the_shortcut() -> None:
    assert check("<ul>\n<li>a <em>b</em></li>\n<li>c<ul><li>d</li></ul></li>\n</ul>\n<p>e</p>")
    assert check('<ol class="x"><li>a</li><li></li><li>b<br>c</li></ol><ol><li>d</li></ol>')
    assert check("<blockquote><ul><li>a</li></ul></blockquote><ul><li>b</li></ul>")


# Lists holding what ``rawhtml`` keeps as HTML (then the tokens it leaves are read) or
# what makes it keep the whole list.
_KEPT_IN_ITEMS = st.lists(st.sampled_from(_IN_ITEMS + _KEPT), max_size=4).map("".join)


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(_lists_of(_KEPT_IN_ITEMS), st.sampled_from(_AROUND_LISTS + _KEPT)), max_size=8
    ).map("".join)
)
@example('<ul><li>a <img src="/m/c.jpg" alt="" width="3" /></li><li><code>b</code></li></ul>')
def test_lists_written_as_html2text_writes_them_after_protect(source: str) -> None:
    check_written(source)
