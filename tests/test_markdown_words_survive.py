"""Every word a reader saw on the WordPress page is a word the Markdown site shows.

Each item's HTML (after the default transforms) is converted to Markdown, read back by
markdown-it-py (CommonMark, as Hugo's goldmark, Eleventy's markdown-it and Astro's
remark read it) and rendered; the visible words of both pages, as a browser would lay
them out (block elements and line breaks separate words), must be the same words in
the same order. This is what found stray ``**``, words run together, links printed as
text, list markers that swallowed a dash, text hidden after a stray ``</script>``.

Over the corpus, the items that still differ are listed below with the reason; the
test fails when one more differs, and when a listed one no longer does (remove it).
"""

from __future__ import annotations

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
_BLOCKS = {
    *("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"),
    *("table", "tr", "td", "th", "br", "hr", "dd", "dt", "dl", "figure", "figcaption"),
    *("thead", "tbody", "section", "article", "center", "address"),
}


def visible_words(fragment: str) -> list[str]:
    """The words a browser shows for ``fragment``, percent-escapes decoded (markdown-it
    decodes the text of an autolink it shows)."""
    if not fragment.strip():
        return []
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for hidden in root.xpath("//script|//style|//comment()"):
        hidden.drop_tree()  # its tail is text the browser shows
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    words = str(root.text_content()).split()
    return " ".join(unquote(word) for word in words).split()


def survives(source: str, flavor: str = "hugo") -> bool:
    return visible_words(source) == visible_words(COMMONMARK.render(to_markdown(source, flavor)))


# -- generated posts ----------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["word", "Été", "中文", "x1", ".", ",", ":", "：", "/", "(", ")", "[", "]", "-", "+", "*",
     "_", "#", "&amp;", "C&C", "&lt;b&gt;", "1)", "1.", "\\", "`", "~"]
)  # fmt: skip
_SPACE = st.sampled_from(["", " ", "\n", "\xa0", "&nbsp;", "<br />", " <br />\n"])


def _inline(depth: int, in_link: bool = False) -> st.SearchStrategy[str]:
    piece = st.tuples(_SPACE, _WORDS, _SPACE).map("".join)
    if depth == 0:
        return piece

    def inner(linked: bool) -> st.SearchStrategy[str]:
        return st.lists(_inline(depth - 1, linked), max_size=3).map("".join)

    choices = [
        piece,
        inner(in_link).map(lambda t: f"<em>{t}</em>"),
        inner(in_link).map(lambda t: f"<strong>{t}</strong>"),
        inner(in_link).map(lambda t: f"<b>{t}</b>"),
    ]
    if not in_link:  # HTML has no link inside a link
        choices.append(inner(True).map(lambda t: f'<a href="/a b">{t}</a>'))
    return st.one_of(*choices)


_POSTS = st.lists(st.lists(_inline(2), max_size=5).map("".join), min_size=1, max_size=3).map(
    lambda paragraphs: "".join(f"<p>{p}</p>\n" for p in paragraphs)
)


@settings(max_examples=300, deadline=None)
@given(_POSTS)
@example("<p>the hassle of<strong><em> pointers and dereferencing </em></strong>mixed in</p>")
@example("<p><strong>Issue Type: XSS<br />\n</strong>Original</p>")
@example("<p><em>Note</em><em>: This bug</em> <strong>know</strong><strong>. Groucho</strong></p>")
@example("<p>in two ways:<br />1) It will</p><p>started:<br />- <a href='/x'>Designing</a></p>")
@example("<p>special <strong>Scripts/</strong>directory, <em><a href='/f'>5 arbres</a></em>Et</p>")
@example("<p>Corpse C&C Fixed, appending &debug here</p><p>a<br />-<br />b</p>")
@example("<p>[<em>Processor</em> -&gt; x] 古人云：<em>选择</em>就要</p><p>a <strong></strong>b</p>")
@example("<p>a</script>b</p><p>dans <head>. C est</head></p><p>c</p>")
@example("<p><em>a b</p><p>c d</em></p><p>see the <a href='/x'>post.</p><p>next</p>")
@example("<p><code>x *a* y<br />b</code> and <u>a_b *c*</u></p>")
def test_generated_posts_keep_their_words(source: str) -> None:
    assert survives(source), to_markdown(source, "hugo")


# -- the corpus -----------------------------------------------------------------------------

KNOWN: dict[str, dict[int, str]] = {
    "blogs/bhardin__spotthevuln__wordpress.xml": {
        1241: "code holding a </pre>: WP-Syntax's block ended there too, and the rest is "
        "HTML, whose '?>' the browser hides and the Markdown shows",
    },
    "blogs/dmacvicar__dmacvicar.github.io.old.old__wordpress.xml": {
        1780: "a list left open holds a paragraph and a second list: indented as code",
    },
    "fixtures/WordPress__wordpress-importer__e2e-wxr-base-url-rewriting.xml": {
        10: "an address alone on its line (a link, as WordPress's autoembed made it) to a "
        "punycode host: markdown-it shows the <url> decoded (🚀-science.com), Hugo does not",
    },
}


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_words_survive(name: str) -> None:
    assert items_that_differ(name, survives) == set(KNOWN.get(name, {})), Path(name).name
