"""What Markdown has no form for, kept: image and link attributes, HTML comments, and
text of the converter's private plane. Each in the conversion, and in real Hugo and
Jekyll builds (skipped when not installed).

The rules are in ``rawhtml`` (attributes), ``htmlcomments`` (comments, and where a
kept tag may stand) and ``privateplane`` (U+10FF00..).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import site
from wxr_builder import item, wxr

from wxr_tools.writers.markdown import attributes, charrefs, htmlcomments, rawhtml
from wxr_tools.writers.markdown.html import to_markdown

IMG = (
    '<img class="alignleft size-medium wp-image-12" src="/m/a.jpg" alt="A" '
    'width="300" height="200" />'
)


# -- images ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attribute",
    [
        'class="aligncenter"',
        'width="300"',
        'height="200"',
        'style="border:0"',
        'srcset="a-300.jpg 300w, a.jpg 1024w"',
        'sizes="(max-width: 300px) 100vw, 300px"',
        'loading="lazy"',
        'id="photo"',
        'data-id="12"',
        'title="T"',  # html2text drops an image's title
    ],
)
def test_image_with_attributes_markdown_cannot_hold_stays_html(attribute: str) -> None:
    tag = f'<img src="a.jpg" alt="A" {attribute}>'
    assert to_markdown(f"<p>See {tag} here</p>", "hugo") == f"See {tag} here\n"


def test_plain_image_stays_markdown() -> None:
    source = '<p>See <img src="a.jpg" alt="A"> here</p>'
    assert to_markdown(source, "hugo") == "See ![A](a.jpg) here\n"


def test_image_with_attributes_inside_a_link_and_a_list() -> None:
    assert to_markdown(f'<p><a href="/m/a-big.jpg">{IMG}</a></p>', "jekyll") == (
        f"[{IMG}](/m/a-big.jpg)\n"
    )
    assert to_markdown(f"<ul><li>{IMG} caption</li></ul>", "hugo") == f"  - {IMG} caption\n"


def test_image_alone_before_a_line_break_does_not_take_the_next_line() -> None:
    # "<img …>" alone on a line starts a CommonMark HTML block that runs to the next
    # blank line: "*me*" would stay as typed. The break is written as <br />.
    source = f"<p>{IMG}<br />\nPhoto by <em>me</em></p>"
    assert to_markdown(source, "hugo") == f"{IMG}<br />\nPhoto by *me*\n"


# -- links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attributes",
    [
        'rel="nofollow"',
        'rel="sponsored"',
        'rel="ugc"',
        'target="_blank" rel="noopener noreferrer"',
        'rel="noopener"',
        'class="more-link"',
        'download="a.pdf"',
    ],
)
def test_link_with_attributes_keeps_its_tags_and_converts_its_text(attributes: str) -> None:
    source = f'<p>Read <a href="https://x.example/" {attributes}>the <em>best</em> one</a>.</p>'
    assert to_markdown(source, "hugo") == (
        f'Read <a href="https://x.example/" {attributes}>the *best* one</a>.\n'
    )


def test_plain_link_stays_markdown() -> None:
    source = '<p><a href="https://x.example/" title="T">x</a> [y](z)</p>'
    assert to_markdown(source, "hugo") == '[x](https://x.example/ "T") \\[y\\](z)\n'


def test_text_in_a_kept_link_is_escaped_as_text() -> None:
    # Its brackets are no longer link text: "[y](z)" typed in it must not become a link.
    source = '<p><a href="u" rel="nofollow">*x* [y](z)</a></p>'
    assert to_markdown(source, "hugo") == '<a href="u" rel="nofollow">\\*x\\* \\[y\\](z)</a>\n'


def test_link_with_an_id_is_still_kept_whole() -> None:
    source = '<p><a id="top" href="#top" rel="nofollow"><em>up</em></a></p>'
    assert to_markdown(source, "hugo") == '<a id="top" href="#top" rel="nofollow"><em>up</em></a>\n'


# -- comments ----------------------------------------------------------------------------


def test_image_alone_before_a_nested_list_does_not_take_it() -> None:
    # Alone on the item's first line, the image would be an HTML block that takes the
    # nested list as raw text; a <br /> after it (unseen: a block follows) ends it.
    source = f"<ul><li>{IMG}<ul><li>sub</li></ul></li><li>two</li></ul>"
    assert to_markdown(source, "hugo") == f"  - {IMG}<br />\n    - sub\n  - two\n"
    alone = f"<ul><li>{IMG}</li><li>two</li></ul>"  # nothing to take: as it was
    assert to_markdown(alone, "hugo") == f"  - {IMG}\n  - two\n"


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("<p>a <!-- note --> <em>b</em></p>", "a <!-- note --> *b*\n"),
        ("<p>a</p>\n<!-- between -->\n<p>b</p>", "a\n\n<!-- between -->\n\nb\n"),
        ("<p>a</p>\n<!-- two\n\nlines -->\n<p>b</p>", "a\n\n<!-- two\n\nlines -->\n\nb\n"),
        ("<p>a</p><!--nextpage--><p>b</p>", "a\n\n<!--nextpage-->\n\nb\n"),
        ("<p>a</p><!--more--><p>b<!--more Read on--></p>", "a\n\nb\n"),
        ("<!--[if IE]><p>old</p><![endif]--><p>b</p>", "<!--[if IE]><p>old</p><![endif]-->\n\nb\n"),
        # At a paragraph's start, followed by text: a line of its own, or "*b*" is raw.
        ("<p><!-- ad start -->a <em>b</em></p>", "<!-- ad start -->\na *b*\n"),
        (
            "<blockquote><p><!-- c -->a <em>b</em></p></blockquote>",
            "> <!-- c -->\n> a *b*\n",
        ),
        # After a line break: before the break, so the paragraph stays one.
        ("<p>a<br />\n<!-- c -->b <em>c</em></p>", "a<!-- c -->  \nb *c*\n"),
        # Between list items html2text would end the list: the list is kept as HTML.
        ("<ol><li>a</li><!-- c --><li>b</li></ol>", "<ol><li>a</li><!-- c --><li>b</li></ol>\n"),
    ],
)
def test_comments_are_kept(source: str, markdown: str) -> None:
    assert to_markdown(source, "hugo") == markdown


BLOCKS = (
    "<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:image {"id":12,"sizeSlug":"large"} -->\n'
    '<figure class="wp-block-image size-large"><img src="a.jpg" alt="" class="wp-image-12"/>'
    "</figure>\n<!-- /wp:image -->\n\n"
    '<!-- wp:latest-posts {"postsToShow":5} /-->\n\n'
    "<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>x</li>\n<!-- /wp:list-item --></ul>\n"
    "<!-- /wp:list -->\n\n"
    '<!-- wp:jetpack/map {"zoom":3} /-->'
)


def test_block_delimiters_are_dropped_and_dynamic_blocks_kept() -> None:
    assert to_markdown(BLOCKS, "hugo") == (
        'One\n\n<img src="a.jpg" alt="" class="wp-image-12"/>\n\n'
        '<!-- wp:latest-posts {"postsToShow":5} /-->\n\n  - x\n\n'
        '<!-- wp:jetpack/map {"zoom":3} /-->\n'
    )


def test_block_delimiters_are_counted() -> None:
    found: Counter[str] = Counter()
    htmlcomments.count(BLOCKS, found)
    counts = dict(found)
    assert counts == {htmlcomments.DROPPED: 8, htmlcomments.KEPT_DYNAMIC: 2}
    htmlcomments.count("<p>wp: no blocks <!-- wp -->here</p>", found)
    assert dict(found) == counts
    htmlcomments.count("<p>a<!--more Read on--> b<!--noteaser--></p>", found)
    assert found[htmlcomments.MORE_DROPPED] == 2


def test_block_delimiters_are_in_the_run_report(tmp_path: Path) -> None:
    source = tmp_path / "blocks.xml"
    source.write_bytes(wxr(item(1, body=BLOCKS), item(2, body="<p>classic <!-- c --></p>")))
    report = site(source, tmp_path / "site")
    assert report.counts[htmlcomments.DROPPED] == 8
    assert report.counts[htmlcomments.KEPT_DYNAMIC] == 2


def test_more_marker_still_splits_the_summary(tmp_path: Path) -> None:
    # Only the first marker splits (as in WordPress); one left in the body would be
    # Hugo's summary divider, taking the place of the summary: dropped, counted.
    body = "<p>Teaser <!-- kept --></p>\n<!--more-->\n<p>Rest<!--more--></p><!--noteaser-->"
    source = tmp_path / "more.xml"
    source.write_bytes(wxr(item(1, body=body)))
    report = site(source, tmp_path / "site")
    (path,) = (tmp_path / "site/content/posts").rglob("*.md")
    text = path.read_text("utf-8")
    assert "summary: Teaser <!-- kept -->\n" in text
    assert text.endswith("\nTeaser <!-- kept -->\n\nRest\n")
    assert report.counts[htmlcomments.MORE_DROPPED] == 1  # noteaser: the transform's


# -- the sentinels' plane ----------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["\U0010ff01", "&#x10FF01;", "&#X10ff01;", "&#1113857;", "&#x10FF01", "&#x010FF01;"]
)
def test_sentinel_plane_text_survives(written: str) -> None:
    source = f"<p>a {written} b *c* 5 * 3</p>"
    assert to_markdown(source, "hugo") == "a \U0010ff01 b \\*c\\* 5 * 3\n"


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("<p>a &#x10FFFE; b &#1114111; c</p>", "a \U0010fffe b \U0010ffff c\n"),
        ('<p><img alt="&#x10FFFF;" src="a.png"></p>', "![\U0010ffff](a.png)\n"),
        (
            "<pre>a &#xFFFE; b &#x10FFFF; c &#xFDD0;</pre>",
            "```\na \ufffe b \U0010ffff c \ufdd0\n```\n",
        ),
        ("<p><code>a &#xFFFF; b</code></p>", "`a \uffff b`\n"),
    ],
)
def test_references_to_noncharacters_are_kept(source: str, markdown: str) -> None:
    """html.unescape gives nothing for them; a browser shows the character, and so does
    html2text in the text it converts."""
    assert to_markdown(source, "hugo") == markdown


def test_sentinel_plane_text_keeps_the_rest_of_the_post() -> None:
    # It used to send the whole post to html2text's blunt escaping, which dropped the
    # embed and the language, and escaped "5 * 3".
    source = (
        '<p lang="fr">oui \U0010ff10</p><iframe src="https://v.example/1"></iframe>'
        '<p>5 * 3 <img alt="&#x10FF80;" src="a.png"> <a href="/x&#1113984;">l</a></p>'
    )
    assert to_markdown(source, "hugo") == (
        '<p lang="fr">oui \U0010ff10</p>\n\n<iframe src="https://v.example/1"></iframe>\n\n'
        "5 * 3 ![\U0010ff80](a.png) [l](/x\U0010ff80)\n"
    )


_PLANE = st.characters(min_codepoint=0x10FF00, max_codepoint=0x10FFFF)
_TEXT = st.lists(
    st.one_of(
        _PLANE,
        st.sampled_from(list("ab *_`~#<>&[]{}!$=\\:-+1.\n")),
        _PLANE.map(lambda c: f"&#x{ord(c):X};"),
    ),
    max_size=30,
).map("".join)


@given(_TEXT)
def test_sentinel_plane_characters_come_out_in_order(text: str) -> None:
    # The references are read here by hand: html.unescape drops U+10FFFE and U+10FFFF.
    read = re.sub(r"&#x([0-9A-F]+);", lambda m: chr(int(m[1], 16)), text)
    expected = [c for c in read if ord(c) >= 0x10FF00]
    out = to_markdown(f"<p>{text.replace('<', '&lt;')}</p>", "hugo")
    assert [c for c in out if ord(c) >= 0x10FF00] == expected
    assert "WXRRAW" not in out


# -- real builds -------------------------------------------------------------------------

BUILD_BODY = (
    f"<p>Left {IMG} text</p>\n"
    f"<p>{IMG}<br />\nPhoto by <em>me</em></p>\n"
    f"<ul><li>{IMG}<ul><li>nested <em>one</em></li></ul></li><li>next</li></ul>\n"
    '<p>Read <a href="https://x.example/" rel="nofollow sponsored" target="_blank">'
    "the <em>best</em> one</a>.</p>\n"
    "<p><!-- ad start -->Start <strong>strong</strong></p>\n"
    "<p>a <!-- inline note --> b</p>\n"
    "<!-- wp:paragraph -->\n<p>Block</p>\n<!-- /wp:paragraph -->\n"
    "<!-- wp:latest-posts /-->\n"
    "<p>plane \U0010ff01 and &#x10FF02; *typed*</p>"
)


def check_page(page: str) -> None:
    assert 'class="alignleft size-medium wp-image-12"' in page and 'width="300"' in page
    assert "Photo by <em>me</em>" in page  # not swallowed by the image's HTML block
    assert re.search(r"<ul>\s*<li>nested <em>one</em></li>\s*</ul>", page)  # nor a list
    assert 'rel="nofollow sponsored" target="_blank">the <em>best</em> one</a>' in page
    assert "<!-- ad start -->" in page and "Start <strong>strong</strong>" in page
    assert "a <!-- inline note --> b" in page
    assert "<!-- wp:latest-posts /-->" in page and "wp:paragraph" not in page
    assert "plane \U0010ff01 and \U0010ff02 *typed*" in html.unescape(page)


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_renders_kept_markup(tmp_path: Path) -> None:
    source = tmp_path / "kept.xml"
    source.write_bytes(wxr(item(1, body=BUILD_BODY)))
    site(source, tmp_path / "site")
    public = tmp_path / "public"
    done = subprocess.run(
        ["hugo", "--quiet", "-s", str(tmp_path / "site"), "-d", str(public)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    check_page((public / "2024/06/hello-1/index.html").read_text("utf-8"))


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
def test_jekyll_renders_kept_markup(tmp_path: Path) -> None:
    source = tmp_path / "kept.xml"
    source.write_bytes(wxr(item(1, body=BUILD_BODY)))
    site(source, tmp_path / "site", flavor="jekyll")
    public = tmp_path / "_site"
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(tmp_path / "site"), "-d", str(public)],
        capture_output=True,
        text=True,
        env={**os.environ, "JEKYLL_ENV": "production", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    check_page((public / "2024/06/hello-1/index.html").read_text("utf-8"))


def test_the_text_of_a_link_kept_as_html_links_nowhere() -> None:
    # goldmark's linkify and remark-gfm's autolinks do not know that text between raw
    # <a> tags is a link's: a <wbr> parts an address typed there where they see one.
    source = (
        '<p><a href="/new/" target="_blank">http://old.example/p.html</a> '
        '<a href="/n" class="c">www.old.example <em>me@old.example</em></a> '
        '<a href="/c" rel="x" title="http://t.example/"><code>http://c.example/</code></a></p>'
    )
    assert to_markdown(source, "hugo") == (
        '<a href="/new/" target="_blank">http:<wbr>//old.example/p.html</a> '
        '<a href="/n" class="c">www<wbr>.old.example *me<wbr>@old.example*</a> '
        '<a href="/c" rel="x" title="http://t.example/">`http://c.example/`</a>\n'
    )


def test_addresses_typed_as_text_are_not_read_as_raw_markdown() -> None:
    # GFM's autolinks read "http://e.org/a/-\\_b" with its escape; "\\:" stops them
    # (remark then links the text as shown). Kept inline HTML gets a <wbr> instead.
    assert to_markdown("<p>see http://e.org/a/-_b_-.jpg or www.x_y.org</p>", "astro") == (
        "see http\\://e.org/a/-\\_b\\_-.jpg or www\\.x_y.org\n"
    )
    assert to_markdown('<p><code>x <a href="/l">https://e.org/</a></code></p>', "hugo") == (
        '<code>x <a href="/l">https:<wbr>//e.org/</a></code>\n'
    )


def test_raw_tags_have_their_values_quoted() -> None:
    # micromark (Astro) ended an unquoted value at "/" and showed the tag as text.
    assert to_markdown("<p><code>x <img src=../a.gif alt=pic> y</code></p>", "astro") == (
        '<code>x <img src="../a.gif" alt="pic"> y</code>\n'
    )


def test_html_written_again_keeps_its_addresses() -> None:
    # For Jekyll, kept HTML with an implied end tag is written back by libxml2, which
    # percent-encodes a URL's trailing space ("%20": another address); a browser
    # strips the spaces around a URL, so they go first.
    source = '<table><tr><td><a href=" /a b ">t</a><td><img src="/i.png\n" alt="i"></table>'
    kept = to_markdown(source, "jekyll")
    assert 'href="/a%20b"' in kept and 'src="/i.png"' in kept, kept


# -- fast paths against the plain way ----------------------------------------------------

_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "text *a* ",
        "\n",
        "  ",
        "<em>e</em>",
        "<!-- note -->",
        "<!-- two\n\nlines -->",
        "<!-- wp:paragraph -->",
        "<!-- /wp:paragraph -->",
        '<!-- wp:image {"id":1} -->',
        '<!-- wp:latest-posts {"n":1} /-->',
        "<!--more-->",
    ]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_comments_only_scan_is_the_full_scan(source: str) -> None:
    # A document with nothing raw but comments skips the walk over its tags.
    fast, plain = rawhtml._Scanner(source, "hugo"), rawhtml._Scanner(source, "hugo")
    assert fast.comments_only() == plain.run()
    assert fast.raws == plain.raws


_NAMES = st.sampled_from(["src", "alt", "href", "title", "class", "width", "rel", "SRC", "Title"])
_VALUES = st.sampled_from(['"a b"', "'x'", "v", '""', '"a>b"'])


@given(
    st.sampled_from(["img", "a", "IMG"]),
    st.lists(st.tuples(_NAMES, _VALUES), max_size=4),
    st.sampled_from([">", "/>", " />", "\n>"]),
)
def test_image_or_link_prefilter_agrees_with_the_rule(
    name: str, attrs: list[tuple[str, str]], end: str
) -> None:
    text = "".join(f" {k}={v}" for k, v in attrs)
    allowed = attributes.IMAGE_MARKDOWN if name.lower() == "img" else attributes.LINK_MARKDOWN
    found = attributes.IMAGE_OR_LINK.search(f"<{name}{text}{end}") is not None
    assert found == attributes.beyond_markdown(text, allowed)


_NUMBERS = st.one_of(
    st.sampled_from([0, 1, 0xB, 0x80, 0x81, 0xD800, 0xFDD0, 0xFFFE, 0x10FFFE, 0x10FFFF, 0x110000]),
    st.integers(min_value=0, max_value=0x10FFFF),
)
_PIECES_WITH_REFERENCES = st.lists(
    st.one_of(
        st.sampled_from(["a", "b", " ", ".", "&amp;", "&copy;", "&", "&#;", "&#x;"]),
        _NUMBERS.map(lambda n: f"&#{n};"),
        _NUMBERS.map(lambda n: f"&#x{n:x};"),
        _NUMBERS.map(lambda n: f"&#X{n:X};"),
    ),
    max_size=12,
)


@given(_PIECES_WITH_REFERENCES)
def test_references_read_as_html_unescape_but_none_lost(pieces: list[str]) -> None:
    expected = ""
    for piece in pieces:
        read = html.unescape(piece)
        if read == "" and piece.startswith("&#"):  # dropped: the character instead
            digits = piece[2:-1]
            read = chr(int(digits[1:], 16) if digits[:1] in "xX" else int(digits))
        expected += read
    assert charrefs.unescape("".join(pieces)) == expected


_DROPPED_SAMPLE = [*sorted(charrefs._DROPPED)[::7], 0xFFFF, 0x10FFFE, 0x10FFFF]


@pytest.mark.parametrize("number", _DROPPED_SAMPLE, ids=hex)
def test_a_reference_unescape_drops_survives_in_an_attribute(number: int) -> None:
    """``alt="&#xFFFF;"``: html.parser reads attribute values with ``html.unescape``,
    which drops it; the character is written, as in text, and as if it were raw."""
    char = chr(number)
    for ref in (f"&#x{number:X};", f"&#{number};"):
        source = f'<p><img alt="a{ref}b" src="/i.png"> <a href="/p" title="t{ref}">l{ref}</a></p>'
        markdown = to_markdown(source, "hugo")
        assert markdown.count(char) == 3, markdown
        assert markdown == to_markdown(source.replace(ref, char), "hugo")


def test_references_outside_tags_are_left_to_the_converter() -> None:
    """Text and comments are not rewritten (html2text keeps text's references already)."""
    source = "<!-- &#xFFFF; --><p>x &#1; &amp;#xFFFF;</p>"
    assert charrefs.in_tags(source) == source
    tag = '<a title="&amp;#xFFFF; &#xFFFF;">'
    assert charrefs.in_tags(tag) == '<a title="&amp;#xFFFF; \uffff">'
