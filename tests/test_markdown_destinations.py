"""Links and images whose URL or title Markdown would misread (``destinations``).

Each converted link is read back by markdown-it-py (CommonMark, as Hugo's goldmark,
Eleventy's markdown-it and Astro's remark read it) and, where Ruby has it, by kramdown
(Jekyll's): both must give the link the HTML gave, to the byte once percent-decoded.
"""

from __future__ import annotations

import shutil
import subprocess
from urllib.parse import unquote

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from wxr_tools.writers.markdown.destinations import destination, title
from wxr_tools.writers.markdown.html import to_markdown

COMMONMARK = MarkdownIt("commonmark", {"html": True})


def links_of(rendered: str) -> list[tuple[str, str | None, str]]:
    """(href, title, text) of each link in ``rendered`` HTML, href percent-decoded."""
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    return [(unquote(a.get("href")), a.get("title"), a.text_content()) for a in root.iter("a")]


def requested(href: str) -> str:
    """What a browser requests for ``href``: URL parsing strips spaces and control
    characters from its ends and drops tabs and line breaks."""
    edges = "".join(map(chr, range(0x21)))
    return href.strip(edges).replace("\t", "").replace("\n", "").replace("\r", "")


def attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("https://example.org/a/b?c=1&d=2#e", "https://example.org/a/b?c=1&d=2#e"),
        ("/a b", "/a%20b"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_%28bar%29"),
        ("/x?a[]=1", "/x?a%5B%5D=1"),
        ("/x\\y", "/x%5Cy"),
        ("<https://example.org>", "%3Chttps://example.org%3E"),
        ("  /x \n", "/x"),
        ("/a\tb\nc", "/abc"),  # URL parsing drops tabs and line breaks
        ("/a%20b", "/a%20b"),
        ("/?q=&amp;&b=1", "/?q=&amp;amp;&b=1"),
        ("", "<>"),
        (" ", "<>"),
        ("mailto:me (at) example.org", "mailto:me%20%28at%29%20example.org"),
    ],
)
def test_destination(url: str, written: str) -> None:
    assert destination(url) == written


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("plain title", "plain title"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("a (b) [c]", "a &#40;b&#41; &#91;c&#93;"),
        ("back\\slash", "back&#92;slash"),
        ("Tom & Jerry", "Tom & Jerry"),
        ("&amp; is a reference", "&amp;amp; is a reference"),
        ("two\nlines", "two&#10;lines"),
    ],
)
def test_title(text: str, written: str) -> None:
    assert title(text) == written


def test_link_with_spaces_and_quotes_stays_a_link() -> None:
    source = '<p>See <a href="/a b" title="the &quot;best&quot; one">this</a>.</p>'
    markdown = to_markdown(source, "hugo")
    assert markdown == 'See [this](/a%20b "the &quot;best&quot; one").\n'
    assert links_of(COMMONMARK.render(markdown)) == [("/a b", 'the "best" one', "this")]


def test_image_source_with_spaces_and_parentheses() -> None:
    markdown = to_markdown('<img src="/up/a photo (1).jpg" alt="A">', "hugo")
    assert markdown == "![A](/up/a%20photo%20%281%29.jpg)\n"
    root = lxml_html.fragment_fromstring(COMMONMARK.render(markdown), create_parent="div")
    assert [unquote(img.get("src")) for img in root.iter("img")] == ["/up/a photo (1).jpg"]


def test_link_whose_text_is_its_spaced_url_is_no_autolink() -> None:
    # "<https://x.org/a b>" is no autolink in CommonMark: written as a plain link.
    markdown = to_markdown('<a href="https://x.org/a b">https://x.org/a b</a>', "hugo")
    assert links_of(COMMONMARK.render(markdown)) == [
        ("https://x.org/a b", None, "https://x.org/a b")
    ]


_URL_CHARS = st.sampled_from([*"ab/:?=&#%.-_~ ()[]<>\\\"'*`!{}|\t\néü", "%20", "&amp;"])
_TITLE_CHARS = st.sampled_from([*"ab ()[]\\\"'*_`<>&!#;\néü", "&amp;", "&quot;", "&#40;"])


@given(
    st.lists(_URL_CHARS, max_size=20).map("".join),
    st.lists(_TITLE_CHARS, max_size=20).map("".join),
)
@example('/a b(c"d', 'x "y" (z) \\ [w]')
@example("/x\\y", "a\\*b")
@example("a:::", "")
def test_commonmark_reads_the_link_the_html_gave(url: str, text: str) -> None:
    source = f'<p><a href="{attribute(url)}" title="{attribute(text)}">link</a></p>'
    original = lxml_html.fragment_fromstring(source).find(".//a")  # as a browser reads it
    assert original is not None
    href = original.get("href") or ""
    expected_href = unquote(requested(href))
    # markdown-it-py's own link normalizing (mdurl) drops a colon of "a:::": where it
    # changes the address itself, it cannot judge ours.
    assume(unquote(COMMONMARK.normalizeLink(requested(href))) == expected_href)
    expected_title = original.get("title") if (original.get("title") or "").strip() else None
    (found,) = links_of(COMMONMARK.render(to_markdown(source, "hugo")))
    assert found == (expected_href, expected_title, "link")


def kramdown(markdown: str) -> str:
    done = subprocess.run(
        ["ruby", "-rkramdown", "-e", "puts Kramdown::Document.new($stdin.read).to_html"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _has_kramdown() -> bool:
    if shutil.which("ruby") is None:
        return False
    return subprocess.run(["ruby", "-rkramdown", "-e", ""], capture_output=True).returncode == 0


TRICKY = [
    ("https://en.wikipedia.org/wiki/Foo_(bar)", "Foo (bar)"),
    ("/x?a[]=1&b=2", 'say "hi"'),
    ("/a b/c d.html", "back\\slash [and] (parens)"),
    ("mailto:me (at) example.org", "Tom & Jerry &amp; co"),
    ("/p\\q", "a\nb"),
]


@pytest.mark.skipif(not _has_kramdown(), reason="kramdown (Jekyll's Markdown) is not installed")
def test_kramdown_reads_the_links_commonmark_reads() -> None:
    source = "".join(
        f'<p><a href="{attribute(url)}" title="{attribute(text)}">l{n}</a></p>'
        for n, (url, text) in enumerate(TRICKY)
    )
    markdown = to_markdown(source, "jekyll")
    expected = [(unquote(requested(url)), text, f"l{n}") for n, (url, text) in enumerate(TRICKY)]
    assert links_of(COMMONMARK.render(markdown)) == expected
    assert links_of(kramdown(markdown)) == expected


ALTS = [
    "a*b* and _c_",
    "cells | like | these",
    "[1] (note) \\ `code`",
    "Tom &amp; Jerry",
    "x ~~y~~ <z>",
]


def alts_of(rendered: str) -> list[str | None]:
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    return [img.get("alt") for img in root.iter("img")]


def test_image_alt_text_is_read_back() -> None:
    images = [f'<img src="/i{n}.png" alt="{attribute(alt)}">' for n, alt in enumerate(ALTS)]
    source = "".join(f"<p>{image}</p>" for image in images)
    expected = [lxml_html.fragment_fromstring(image).get("alt") for image in images]
    assert alts_of(COMMONMARK.render(to_markdown(source, "hugo"))) == expected
    if _has_kramdown():
        assert alts_of(kramdown(to_markdown(source, "jekyll"))) == expected
