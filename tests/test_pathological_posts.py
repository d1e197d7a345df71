"""Posts of odd shapes (thousands of nested or unclosed elements, long texts) convert
with work in proportion to their size, and nothing is lost or raised.

Each test counts what the code reads (characters copied out of the post, pieces of
output looked at again, tags scanned) or checks the result: none measures time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, SupportsIndex

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import site
from wxr_builder import item, wxr

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
def test_each_tag_is_read_once_to_find_where_elements_end(
    monkeypatch: pytest.MonkeyPatch, source: str, tags: int
) -> None:
    # Depth was counted from each start tag to its end (or the post's, for one never
    # closed): the tags read were the square of their number.
    monkeypatch.setattr(elementends, "_tag_pattern", CountingTags)
    CountingTags.read = 0
    rawhtml.protect(source, "hugo")
    assert 0 < CountingTags.read <= tags


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
