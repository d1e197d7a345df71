"""``htmlscan`` gives html2text exactly the handler calls the stock HTMLParser gives.

A recording parser is fed the same text twice, once by the stock tokenizer alone and
once as ``Converter`` feeds it (``scan`` first, the stock tokenizer for the rest);
the calls must be the same, in the same order, with the same arguments.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import CORPUS, corpus_files, skip_reason
from hypothesis import example, given
from hypothesis import strategies as st

from wxr_tools import read
from wxr_tools.writers.markdown import converter
from wxr_tools.writers.markdown.htmlscan import ScanningParser, scan
from wxr_tools.writers.markdown.rawhtml import protect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import make_export


class Recorder(HTMLParser):
    """Every handler call, as (handler, arguments)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # as html2text sets it
        self.calls: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.calls.append(("start", tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.calls.append(("startend", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.calls.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.calls.append(("data", data))

    def handle_charref(self, name: str) -> None:
        self.calls.append(("charref", name))

    def handle_entityref(self, name: str) -> None:
        self.calls.append(("entityref", name))

    def handle_comment(self, data: str) -> None:
        self.calls.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.calls.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.calls.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.calls.append(("unknown_decl", data))


class ScanningRecorder(ScanningParser, Recorder):
    """The recorder with ``Converter``'s tokenizing."""


def calls(parser: Recorder, text: str) -> list[tuple[Any, ...]]:
    # As html2text's ``handle`` feeds it: the text, nothing, then the end. The stock
    # parser fails on some markup ("<![1"): the failure is part of the outcome.
    try:
        parser.feed(text)
        parser.feed("")
        parser.close()
    except AssertionError as error:
        parser.calls.append(("failed", str(error)))
    return parser.calls


def assert_same_calls(text: str) -> None:
    assert calls(ScanningRecorder(), text) == calls(Recorder(), text)


# Post markup, and pieces that make odd markup when joined: tags cut in two, unclosed
# references, comments and declarations of every kind, content modes, upper case,
# attributes without values or repeated, white space inside tags, a "<" or "&" last.
_PIECES = [
    "word", "Été", " ", "\n", "\t", "\r", "\xa0", "\x0c", "\x0b", "\u3000", "=", '"', "'",
    "/", ";", "#", "x", "-", "--", "!", "?", "[", "]", "<", ">", "</", "&", "&#", "&amp",
    "&amp;", "&AMP;", "&nbsp;", "&lrm;", "&notanentity;", "&a-b;", "&#65;", "&#x41;",
    "&#X41;", "&#x110000;", "&#0;", "&#65", "&#x;", "&#12a;", "<p>", "</p>", "<P>", "</P>",
    "<p/>", "<p >", "</p >", "</ p>", "<br>", "<br/>", "<br />", "<hr/ >", "<em>", "</em>",
    "<strong>", "</strong>", "<a href=x/>", "<a href=x />", '<a href="https://x.example/?a=1&amp;b=2">',
    "<a href='x' title=\"t &lt; u\">", "<a href=x>", "<a href=x\xa0y>", "<a href>", "<a b c=d b=e>",
    "<A HREF=X>", "</a>", "</A>", "<a href=\"x\"title='y'>", "<a\nhref=\"x\"\n>", "<a href = 'x'>",
    "<a href==x>", '<img src="i.png" alt="">', "<img src=i.png alt>", "<img src='i.png'/>",
    "<div class=\"a b\" data-x=1>", "</div>", "<li>", "</li>", "<ul>", "</ul>", "<blockquote>",
    "<pre>", "</pre>", "<code>", "</code>", "<span lang=fr>", "<p\xa0x>", "<p\x0bx>", "<1>",
    "< p>", "<>", "</>", "</1>", "<!-->", "<!--->", "<!---->", "<!-- more -->", "<!--more-->",
    "<!-- wp:paragraph {\"a\":\"b-c\"} -->", "<!-- a -- b -->", "<!-- a --!>", "<!-- a > b -->",
    "<!-- <p> -->", "<!--", "-->", "--!>", "<![CDATA[x]]>", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    "<!doctype>", "<!x>", "<?php echo 1; ?>", "<?", "<script>", "</script>", "<script>a<b</script>",
    "<style>p{}</style>", "<STYLE>", "</Style>", "<textarea>", "</textarea>", "<title>",
    "<svg>", "</svg>", "<math>", "<plaintext>", "<xmp>", "<iframe src=x>", "</iframe>",
    "<noscript>", "<custom-tag>", "<o:p>", "</o:p>",
]  # fmt: skip

_CHARACTERS = "<>&;#xX/!-=\"' aAbpP19\n\t\xa0[]?"


@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
@example("<a href=x/>")
@example("text &amp")
@example("text <")
@example("text &")
@example("<p>a</p><!-->b")
@example("<![CDATA[a<b]]>c")
@example("<p>a<script>x</p></script><p>b</p>")
@example("<p>a</p><![1")
def test_scan_gives_the_stock_parsers_calls(text: str) -> None:
    assert_same_calls(text)


@given(st.text(alphabet=_CHARACTERS, max_size=60))
def test_scan_gives_the_stock_parsers_calls_on_any_characters(text: str) -> None:
    assert_same_calls(text)


def test_scan_reads_plain_post_markup_whole() -> None:
    post = (
        '<!-- wp:paragraph --><p>A <a href="https://x.example/a?b=1&amp;c=2" target=_blank>'
        "link</a>, <em>emphasis</em> &amp; <strong>more</strong>&#8230;<br />\n"
        '<img src="i.png" alt="An image" width=300></p><!-- /wp:paragraph -->'
    )
    parser = Recorder()
    assert scan(parser, post) == len(post)
    assert ("start", "a", [("href", "https://x.example/a?b=1&c=2"), ("target", "_blank")]) in (
        parser.calls
    )
    assert ("startend", "br", []) in parser.calls
    assert_same_calls(post)


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("<p>a</p><script>x</script>", 8),
        ("a<b", 1),
        ("a &amp b", 2),
        ("<p>a</p><!-- a -- b -->", 8),
        ("<p>a</p><a href=x/>", 8),
    ],
)
def test_scan_stops_where_it_is_not_sure(text: str, stop: int) -> None:
    assert scan(Recorder(), text) == stop
    assert_same_calls(text)


@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_converter_output_is_the_same_without_scan(text: str) -> None:
    def converted(scan_fast: bool) -> str:
        try:
            return converter.Converter(scan_fast=scan_fast).handle(text)
        except (IndexError, KeyError, ValueError, AssertionError) as error:
            return f"failed: {error!r}"

    assert converted(True) == converted(False)


@pytest.mark.skipif(CORPUS is None, reason=skip_reason())
@pytest.mark.parametrize("name", corpus_files())
def test_scan_on_the_corpus(name: str) -> None:
    assert CORPUS is not None
    with read(str(CORPUS / name), recover=True) as export:
        for item in export:
            for text in (item.content, item.excerpt, *(c.content for c in item.comments)):
                if text:
                    assert_same_calls(text)
                    assert_same_calls(protect(text, "hugo").text)


def test_scan_on_a_generated_export(tmp_path: Path) -> None:
    """The bench's generator (``scripts/make_export.py``): WordPress's own markup at scale."""
    source = tmp_path / "export.xml"
    with source.open("w", encoding="utf-8") as out:
        make_export.write_export(out, 300, 3)
    with read(str(source)) as export:
        for item in export:
            for text in (item.content, item.excerpt, *(c.content for c in item.comments)):
                if text:
                    assert_same_calls(protect(text, "hugo").text)
