"""Posts of odd shapes (thousands of nested or unclosed elements, long texts) convert
with work in proportion to their size, and nothing is lost or raised.

Each test counts what the code reads (characters copied out of the post, pieces of
output looked at again, tags scanned) or checks the result: none measures time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import Any, SupportsIndex

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import comment, site
from wxr_builder import item, wxr

from wxr_tools import commentmarkup, unclosedcomments
from wxr_tools.config import Config
from wxr_tools.model import Comment, Item, Site
from wxr_tools.transforms import Context, pipeline_names, run_pipeline
from wxr_tools.transforms.unclosedcomments import SHOWN
from wxr_tools.unclosedcomments import ESCAPED, OPENER
from wxr_tools.writers.markdown import elementends, rawhtml, sentinels
from wxr_tools.writers.markdown.converter import new_converter
from wxr_tools.writers.markdown.html import to_markdown

DEEP = 2000


class CountingText(str):
    """A post that counts the characters copied out of it and searched back in it."""

    read = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        piece = super().__getitem__(key)
        CountingText.read += len(piece)
        return piece

    def rfind(self, sub: str, start: SupportsIndex | None = None, end: Any = None) -> int:
        found = super().rfind(sub, start, end)
        stop = len(self) if end is None else int(end)
        CountingText.read += stop - max(found, 0 if start is None else int(start))
        return found


def _read_by_protect(source: str) -> int:
    CountingText.read = 0
    rawhtml.protect(CountingText(source), "hugo")
    return CountingText.read


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("<ul><li>" * DEEP + "x" + "</li></ul>" * DEEP, id="nested lists"),
        pytest.param('<div id="a">' * DEEP + "x" + "</div>" * DEEP, id="nested anchors"),
        pytest.param("<table><tr><th>x</th></tr></table>\n" * DEEP, id="many tables"),
        pytest.param(
            '<a href="/x" rel="n">' + "see www.example.org " * DEEP + "</a>", id="long link"
        ),
    ],
)
def test_the_scan_for_raw_html_reads_the_post_a_few_times(source: str) -> None:
    # Each nested list's content was copied out to be searched (and each table's text
    # before it, each address's text back to the link's start): the post's length
    # squared, for thousands of them.
    assert _read_by_protect(source) < 10 * len(source)


def test_the_lists_inside_a_list_kept_as_markdown_are_not_read_again() -> None:
    # Found once to hold nothing kept raw, what is inside a list holds nothing either.
    inside = "<ul><li>a</li></ul>" * 50
    source = "<ul><li>" + inside + "</li></ul>"
    assert _read_by_protect(source) < 2 * len(source)
    assert rawhtml.protect(source, "hugo").raws == {}


class CountingTags:
    """``_tag_pattern`` wrapped: counts the tags its scans read."""

    read = 0

    def __init__(self, name: str) -> None:
        self.pattern = ORIGINAL_TAG_PATTERN(name)

    def finditer(self, source: str, start: int = 0) -> Any:
        for m in self.pattern.finditer(source, start):
            CountingTags.read += 1
            yield m


ORIGINAL_TAG_PATTERN = elementends._tag_pattern


@pytest.mark.parametrize(
    ("source", "tags"),
    [
        pytest.param("<ul>" * DEEP + "x" + "</ul>" * DEEP, 2 * DEEP, id="nested lists"),
        pytest.param("<code>x " * DEEP, DEEP, id="code left open"),
        pytest.param('<a href="/x" rel="n">x ' * DEEP, DEEP, id="kept links left open"),
    ],
)
def test_each_tag_is_read_twice_at_most_to_find_where_elements_end(
    monkeypatch: pytest.MonkeyPatch, source: str, tags: int
) -> None:
    # Depth was counted from each start tag to its end (or the post's, for one never
    # closed): the tags read were the square of their number. Now the first element of
    # a name is read up to its end, then one scan of the rest answers the others.
    monkeypatch.setattr(elementends, "_tag_pattern", CountingTags)
    CountingTags.read = 0
    rawhtml.protect(source, "hugo")
    assert 0 < CountingTags.read <= 2 * tags


_PIECES = st.sampled_from(
    [
        *("<ul>", "</ul>", "<UL class='a'>", "<ul/>", "</ul >", '<ul title="<ul>">'),
        *("<ul title='</ul>'>", "<script>", "</script>", "<li>", ">", "<", "x", "'", '"'),
    ]
)


@given(st.lists(_PIECES, max_size=14).map("".join))
def test_ends_found_from_one_scan_are_those_found_from_each_start(source: str) -> None:
    ends = elementends.ElementEnds(source)
    for name in ("ul", "script"):
        for start in range(len(source) + 1):
            assert ends.find(name, start) == elementends.find_end(source, name, start)


def test_the_scan_answers_a_start_in_the_middle_of_a_tag_it_read() -> None:
    # From after '<ul title="', the quoted value's "<ul>" is a tag; the scan from the
    # start read one tag up to '">'.
    source = '<ul title="<ul>">a</ul></ul>'
    ends = elementends.ElementEnds(source)
    for start, end in ((0, (23, 28)), (11, (23, 28)), (17, (18, 23))):
        assert ends.find("ul", start) == elementends.find_end(source, "ul", start) == end


class CountingPieces(list[str]):
    """html2text's output pieces, counting those read back through a slice."""

    read = 0

    def __getitem__(self, key: Any) -> Any:
        got = super().__getitem__(key)
        if isinstance(key, slice):
            CountingPieces.read += len(got)
        return got


def test_each_nested_quote_does_not_read_again_what_the_inner_ones_wrote() -> None:
    # Whether a quote held anything was read in all it wrote, inner quotes' too.
    converter = new_converter()
    converter.outtextlist = CountingPieces()
    CountingPieces.read = 0
    markdown = converter.handle("<blockquote>" * DEEP + "x" + "</blockquote>" * DEEP)
    assert markdown.strip() == "> " * (DEEP - 1) + "> x"
    assert CountingPieces.read < 10 * DEEP


def test_empty_quotes_inside_a_quote_still_go() -> None:
    converter = new_converter()
    markdown = converter.handle(
        "<blockquote><blockquote> </blockquote><p>a</p><blockquote></blockquote></blockquote>"
    )
    assert markdown.strip() == "> a"


def test_a_kept_link_inside_a_kept_link_parts_its_addresses_once() -> None:
    # The inner link read its text again: a second <wbr> at each address.
    source = '<p><a href="/a" rel="x"><a href="/b" rel="y">see www.example.org</a></a></p>'
    assert to_markdown(source, "hugo").count("<wbr>") == 1


def test_html_nested_deeper_than_libxml2_reads_is_kept_whole() -> None:
    # A <pre> left open made libxml2 close the post's elements, and 300 nested <div>s
    # are deeper than it reads: it dropped everything inside them.
    source = "<div>" * 300 + "<p>hello</p>" + "</div>" * 300 + "<pre>x"
    markdown = to_markdown(source, "hugo")
    assert "hello" in markdown
    assert markdown.count("<div>") == 300


def test_lists_nested_too_deep_for_markdown_are_kept_as_html() -> None:
    # Written as Markdown, each of ten thousand nested lists indents all that follows
    # (two hundred million spaces), and markdown-it drops what is 100 levels deep.
    depth = 10_000
    source = "<ul><li>" * depth + "x" + "</li></ul>" * depth
    markdown = to_markdown(source, "hugo")
    assert markdown == source + "\n"


def test_lists_nested_as_deep_as_markdown_reads_stay_markdown() -> None:
    source = "<ul><li>" * 40 + "x" + "</li></ul>" * 40
    markdown = to_markdown(source, "hugo")
    assert "<ul>" not in markdown
    assert markdown.rstrip().endswith(" " * 78 + "- x")


def test_quotes_nested_too_deep_are_kept_as_html() -> None:
    source = "<blockquote>" * 99 + "x" + "</blockquote>" * 99
    assert to_markdown(source, "hugo") == source + "\n"
    shallower = "<blockquote>" * 98 + "x" + "</blockquote>" * 98
    assert to_markdown(shallower, "hugo").strip() == "> " * 97 + "> x"


def test_a_post_of_deep_lists_converts_with_its_text(tmp_path: Path) -> None:
    body = "<p>before</p>" + "<ul><li>" * 5000 + "deep" + "</li></ul>" * 5000
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, body=body)))
    report = site(export, tmp_path / "site")
    assert sum(report.items_written.values()) == 1
    page = tmp_path / "site" / "content" / "posts" / "hello-1" / "index.fr.md"
    text = page.read_text(encoding="utf-8")
    assert "before" in text
    assert "deep" in text
    assert len(text) < 2 * len(body)


def _read_by_resolve(text: str) -> int:
    CountingText.read = 0
    sentinels.resolve(CountingText(text))
    return CountingText.read


@pytest.mark.parametrize("char", ["#", ">", "*"])
def test_a_long_line_of_markdown_characters_is_read_once(char: str) -> None:
    # Each sentinel searched back to its line's start and read all before it.
    text = sentinels.to_sentinels(f"a {char} " * DEEP + "\nend", in_link=False)
    assert _read_by_resolve(text) < 10 * len(text)


_LINE_PIECES = st.sampled_from(
    [
        *" \t\n>*-+.)#_x1",
        *("12", "1234567890", "\u0661", "www.a"),
        *(sentinels.to_sentinels(c, in_link=False) for c in (">", "*", "#", "www.a")),
        *(sentinels.mark_leading(marker) for marker in ("-", "+", "1.", "2)")),
    ]
)


@given(st.lists(_LINE_PIECES, max_size=16).map("".join))
def test_the_lead_read_once_per_line_is_the_lead_read_for_each_position(text: str) -> None:
    lines = sentinels._Lines(text)
    for i in range(len(text)):
        start = text.rfind("\n", 0, i) + 1
        lead = text[start:i].translate(sentinels._PLAIN)
        assert lines.at_lead(i) == (sentinels._LINE_LEAD.fullmatch(lead) is not None)


# -- HTML comments never closed -------------------------------------------------------

_OPENERS = st.sampled_from(
    ["<!--", "-->", "--!>", "<!-->", "<!--->", "<!--!>", "-", ">", "<", "!", "x", "\n"]
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _browser_end(text: str, start: int) -> tuple[int, bool] | None:
    """Where the comment opened at ``start`` ends for the HTML standard's tokenizer (the
    index after its ``>``, and whether it ended with ``--!>``), or None at the end of the
    text. Its comment states, one character at a time; the "less-than sign" states
    (``<!--`` inside a comment) lead to the states a ``-`` leads to, so are left out."""
    state = "start"
    for at in range(start + 4, len(text)):
        c = text[at]
        if state in ("start", "start dash") and c == ">":
            return at + 1, False  # "<!-->", "<!--->": empty
        if state == "start":
            state = "start dash" if c == "-" else "comment"
        elif state in ("start dash", "comment", "end dash"):
            state = {"comment": "end dash"}.get(state, "end") if c == "-" else "comment"
        elif state == "end":
            if c == ">":
                return at + 1, False
            state = {"!": "end bang", "-": "end"}.get(c, "comment")
        elif c == ">":  # end bang
            return at + 1, True
        else:
            state = "end dash" if c == "-" else "comment"
    return None


def _as_the_standard_reads(text: str) -> tuple[str, int]:
    """``escaped``'s answer from the tokenizer: an opener it ends nowhere escaped (and the
    text after it read again), a ``--!>`` that ends a comment written ``-->``."""
    out, at, count = "", 0, 0
    while (start := text.find(OPENER, at)) != -1:
        out += text[at:start]
        found = _browser_end(text, start)
        if found is None:
            out, at, count = out + ESCAPED, start + len(OPENER), count + 1
            continue
        end, bang = found
        out += text[start : end - 4] + "-->" if bang else text[start:end]
        at = end
    return out + text[at:], count


@given(st.lists(_OPENERS, max_size=14).map("".join))
def test_comments_end_where_the_html_standard_ends_them(text: str) -> None:
    assert unclosedcomments.escaped(text) == _as_the_standard_reads(text)


@given(st.lists(_OPENERS, max_size=12).map("".join))
def test_each_opener_left_is_one_a_search_finds_closed(text: str) -> None:
    out, count = unclosedcomments.escaped(text)
    assert out.count(ESCAPED) - text.count(ESCAPED) == count
    for m in re.finditer("(?=<!--)", out):
        # Closed for ``<!--.*?-->``, or "<!-->"/"<!--->", which the standard closes.
        assert _COMMENT.match(out, m.start()) or out.startswith(("<!-->", "<!--->"), m.start())


def _search_cost(html: str) -> int:
    """The characters ``<!--.*?-->`` reads from each ``<!--`` of ``html``: to its end."""
    ends = [m.end() for m in re.finditer("-->", html)]
    cost = 0
    for m in re.finditer("<!--", html):
        at = bisect_left(ends, m.start() + 7)  # a "-->" starting 4 after the opener
        cost += (ends[at] if at < len(ends) else len(html)) - m.start()
    return cost


def _pipeline(item: Item) -> tuple[Item, Context]:
    ctx = Context(site=Site())
    (out,) = run_pipeline([item], pipeline_names(Config()), ctx)
    return out, ctx


def test_openers_never_closed_are_escaped_once_for_every_later_stage() -> None:
    # Each "<!--" was searched to the end of the text, by each stage: the square of
    # the text's length.
    text = "<p>Seen <!-- a note --></p>\n" + "<!-- draft\n" * DEEP
    comments = (Comment(id=7, parent=0, content=text, approved="1"),)
    out, ctx = _pipeline(Item(id=1, type="post", content=text, excerpt=text, comments=comments))
    for html in (out.content_html, out.excerpt_html, out.comments[0].content_html):
        assert html is not None
        assert "<!-- a note -->" in html
        assert html.count("&lt;!-- draft") == DEEP
        assert _search_cost(html) < 2 * len(html)
    assert out.content == text  # the WXR writer's text stays as stored
    assert ctx.report.counts[SHOWN] == 3 * DEEP
    messages = [d.message for d in ctx.report.diagnostics if d.code == "WXR511"]
    assert any(m.startswith(f"comment 7 ×{DEEP}") for m in messages)
    assert any(m.startswith(f"content ×{DEEP}, excerpt ×{DEEP}") for m in messages)


def test_comments_ended_by_a_bang_are_hidden_and_read_once() -> None:
    # "--!>" ends a comment for a browser; read as unclosed, each was escaped (shown),
    # and left as it was, each was searched to the end of the text by ``<!--.*?-->``.
    text = "<p>Seen</p>\n" + "<!-- draft --!>\n" * DEEP
    out, ctx = _pipeline(Item(id=1, type="post", content=text))
    assert out.content_html is not None
    assert out.content_html.count("<!-- draft -->") == DEEP
    assert _search_cost(out.content_html) < 2 * len(out.content_html)
    assert not ctx.report.diagnostics
    # Kept as the author's comments, which the Markdown hides as the old site did.
    assert to_markdown(out.content_html, "hugo").count("<!-- draft -->") == DEEP


def test_a_terms_description_shows_openers_never_closed_once(tmp_path: Path) -> None:
    # Term pages convert the description themselves: autop and the Markdown writer
    # searched from each "<!--" to the end of it.
    description = "Seen <!-- a note -->\n\n" + "<!-- draft <em>x</em>\n" * DEEP
    channel = (
        "\t<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>news"
        "</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>"
        f"<![CDATA[News]]></wp:cat_name><wp:category_description><![CDATA[{description}]]>"
        "</wp:category_description></wp:category>\n"
    )
    terms = '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=terms), channel=channel))
    report = site(export, tmp_path / "site", flavor="hugo")
    (page,) = (tmp_path / "site/content/categories/news").glob("_index*.md")
    body = page.read_text("utf-8").split("---\n", 2)[2]
    assert body.count("&lt;!-- draft *x*") == DEEP
    assert "<!-- a note -->" in body
    assert report.counts[SHOWN] == DEEP
    (message,) = [d.message for d in report.diagnostics if d.code == "WXR511"]
    assert message.startswith(f"category 'News' description ×{DEEP}")


def test_the_text_after_an_opener_never_closed_is_converted_as_the_rest() -> None:
    # html.parser took the "<!--" and what followed for text, some tags too: "<em>"
    # came out as "&lt;em>", its end as "*".
    page, _ = _pipeline(Item(id=1, type="post", content="a\n\n<!-- draft\n\nb <em>c</em>"))
    assert page.content_html is not None
    assert to_markdown(page.content_html, "hugo") == "a\n\n&lt;!-- draft\n\nb *c*\n"


def test_comments_and_code_that_close_or_show_the_opener_are_untouched() -> None:
    text = "[code]<!-- x[/code]\n\n<p>a <!-- b --> c <!--> d</p>"
    out, ctx = _pipeline(Item(id=1, type="post", content=text))
    assert out.content_html is not None
    assert "&lt;!-- x" in out.content_html  # the code block's, escaped by ``code``
    assert "<!-- b --> c <!--> d" in out.content_html
    assert not ctx.report.diagnostics


def test_the_sanitizer_reads_what_follows_an_opener_never_closed() -> None:
    # Kept inside what nh3 took for a comment, the script ran once the comment was
    # shown as text.
    text = "Hi <!-- <script>x()</script> <b>y</b>"
    comment = Comment(id=7, parent=0, content=text, approved="1")
    out, ctx = _pipeline(Item(id=1, type="post", content="Post", comments=(comment,)))
    assert out.comments[0].content == "Hi &lt;!--  <b>y</b>"
    assert {d.code for d in ctx.report.diagnostics} == {"WXR510", "WXR511"}


# -- comments nested deeper than a browser builds -------------------------------------


def test_a_comment_nested_too_deep_is_shown_as_text_without_nh3(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # nh3's parser took seconds on tens of thousands of nested <div>s.
    calls: list[str] = []
    real = commentmarkup.nh3.clean
    monkeypatch.setattr(commentmarkup.nh3, "clean", lambda html, **k: calls.append(html) or "")
    text = "<div>" * DEEP + "deep <b>words</b>" + "</div>" * DEEP
    cleaned = commentmarkup.clean(text, commentmarkup.VISITOR)
    assert calls == []
    assert cleaned.html == text.replace("<", "&lt;")
    assert cleaned.depth == DEEP + 1
    monkeypatch.setattr(commentmarkup.nh3, "clean", real)
    shallow = "<b>" * 511 + "x" + "</b>" * 511
    assert commentmarkup.clean(shallow, commentmarkup.TRUSTED).html == shallow


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<p>a" * 600 + "<li>b<br>" * 600, 0),
        ("<!-- <div><div> -->" * 600 + "<div><DIV>x</div>", 2),
        ("<div>" * 3 + "</span></div>" * 5 + "<i>", 3),
        ("<b>" * 600 + "<!-- <b>" * 600, 600),
    ],
)
def test_depth_counts_what_a_browser_nests(html: str, depth: int) -> None:
    assert commentmarkup.depth(html) == depth


def test_a_comment_nested_too_deep_is_written_with_its_words(tmp_path: Path) -> None:
    text = "<div>" * 5000 + "deep words" + "</div>" * 5000
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=comment(9, text=text))))
    report = site(export, tmp_path / "site")
    (message,) = [d for d in report.diagnostics if d.code == "WXR512"]
    assert message.message.startswith("comment 9: elements nested 5000 deep")
    assert (message.line, message.item_id) == (15, 1)
    data = (tmp_path / "site" / "data" / "comments" / "1.yaml").read_text("utf-8")
    assert "deep words" in data
    assert "<div>" not in data
