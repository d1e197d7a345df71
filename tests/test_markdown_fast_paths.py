"""The Markdown writer's shortcuts give exactly what the long way gives.

Each shortcut skips work whose result is known in advance: html2text for plain text,
html2text's escaping where it would change nothing, PyYAML's representer for front
matter, a slow search for a fast one. Each is checked here against the long way, on
generated inputs, and on an example that shows the shortcut is taken.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from unittest import mock

import html2text
import pytest
import yaml
from html2text.utils import escape_md_section
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_helpers import converted, front_matter_data

from wxr_tools.writers.markdown import (
    attributes,
    converter,
    elementends,
    emphasis,
    frontmatter,
    html,
    htmlcomments,
    marks,
    privateplane,
    rawhtml,
    rawneeds,
    sentinels,
    simplegrammar,
)
from wxr_tools.writers.markdown.elementends import ATTRIBUTES


def joined(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens), max_size=30).map("".join)


# Words, and what html2text or our escaping treat specially: numbers and list markers
# at line starts, white space of every kind, Markdown characters, entities.
_TEXT_TOKENS = [
    "word", "Été", "9", "12", ".", " ", "  ", "\t", "\n", "\n\n", "-", "--", "+", ":",
    ": ", "!", "|", "(", ")", "'", '"', "?", "/", "%", "1. ", "- ", "+ ", "\xa0", "\u3000",
    "\x0b", "\x0c", "\x1f", "\x85", "\u2028", "=", "==", "*", "_", "#", "[", "]", "{{<",
    "&", "&amp;", "<", ">", "\\", "$", "~", "`",
]  # fmt: skip
_TAGS = [
    "<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<br>", "<ul><li>", "</li></ul>",
    "<ol><li>", "<blockquote>", "</blockquote>", "<h2>", "</h2>", '<a href="https://x.example/">',
    "</a>", "<pre>", "</pre>", "<code>", "</code>",
]  # fmt: skip


# What plain text may hold, and the white space, markers and punctuation at its edges.
_PLAIN_TOKENS = [
    "word", "Été", "9", "12", ".", " ", "\t", "\n", "-", "+", ":", ": ", "!", "|", "(", "'",
    "1. ", "- ", "+ ", "\xa0", "\u3000", "\x0b", "\x0c", "\x1f", "\x85", "\u2028", "=",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PLAIN_TOKENS), max_size=8).map("".join))
@example("word\xa0")
@example("a\n- b")
@example(": a")
def test_plain_text_shortcut_is_what_html2text_gives(text: str) -> None:
    plain = html.plain_markdown(text)
    if plain is not None:
        for flavor in ("hugo", "jekyll"):
            assert plain == html.convert(text, flavor)


def test_plain_text_takes_the_shortcut() -> None:
    text = "It's been a while!\nWe need to (really) go: 3 km.  Now or later? 1.5 -- 2 "
    assert html.plain_markdown(text) == html.convert(text, "hugo")
    assert html.plain_markdown(text) == text.replace("\n", " ").replace("  ", " ").strip() + "\n"
    assert html.plain_markdown("- a list?") is None


@given(joined(_TEXT_TOKENS + _TAGS))
def test_skipped_escapes_change_nothing(source: str) -> None:
    fast = converter.Converter().handle(source)
    assert fast == converter.Converter(skip_idle_escapes=False).handle(source)


# Where html2text treats white space between tags specially: <pre>, <style>, <abbr>,
# emphasis (stripped after it), links (the text may be the URL), hidden <head>.
_BLANK_TOKENS = [
    " ", "  ", "\t", "\n", "\n\n", "\r", "\x0c", "\x0b", "\xa0", "word", "9", "- ", "*",
    "<pre>", "</pre>", "<style>", "</style>", "<abbr title=\"t\">", "</abbr>", "<i>", "</i>",
    "<head>", "</head>", "<body>", "<a href=\"https://x.example/\">", "https://x.example/",
    "<a name=\"n\">", "<table><tr><td>", "</td><td>", "</td></tr></table>", "<img src=\"i.png\">",
    "<li>", "<dd>", "<hr>", "<br>", "<h3>", "</h3>", "&nbsp;", "&amp;",
]  # fmt: skip


@given(joined(_BLANK_TOKENS + _TAGS))
@example("<p>a</p>\n\n<p><em>b</em> \n<strong>c</strong></p>")
def test_skipped_blank_text_changes_nothing(source: str) -> None:
    assert converted(source) == converted(source, skip_blank_text=False)


@given(joined(_BLANK_TOKENS + _TEXT_TOKENS + _TAGS))
@example('<p> a \n\t b\xa0\u3000c </p>\n<abbr title="t"> x  y </abbr>')
def test_collapsed_space_is_what_html2text_makes(source: str) -> None:
    assert converted(source) == converted(source, collapse_fast=False)


@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200bxé\U0001f600")))
def test_space_collapse_is_the_regular_expression(data: str) -> None:
    assert converter.collapse_space(data) == re.sub(r"\s+", " ", data)


class _CountingLines(converter.Converter):
    updatepos = html2text.HTML2Text.updatepos  # HTMLParser's own


# What HTMLParser moves over with a position update: declarations, comments,
# processing instructions, broken tags, character references.
_MARKUP_TOKENS = [
    "<!DOCTYPE html>", "<!-- a\n-->", "<?php x ?>", "<![CDATA[x]]>", "</ p>", "<p", "< p>",
    "&#8217;", "&#x2014;", "&eacute;", "&unknown;", "&", "<br/>", "\r\n",
]  # fmt: skip


@given(joined(_MARKUP_TOKENS + _BLANK_TOKENS + _TAGS))
def test_uncounted_lines_change_nothing(source: str) -> None:
    def counted() -> str:
        try:
            result: str = _CountingLines().handle(source)
        except Exception as error:  # the same failure is the same result
            return f"{type(error).__name__}: {error}"
        return result

    assert converted(source) == counted()


@given(joined(_TEXT_TOKENS))
def test_escape_check_never_misses(data: str) -> None:
    # html2text may strip the text or put a space before it before escaping.
    if not converter.html2text_would_escape(data):
        for variant in (data, data.strip(), " " + data, data.rstrip(" \t\n\r\f")):
            assert escape_md_section(variant) == variant
    assert converter.html2text_would_escape("a\n  12. b") and converter.html2text_would_escape(
        "a \\ b"
    )


_FORWARD_ATTRIBUTE = re.compile(r"\s(?:lang|xml:lang|hreflang|dir|id|name)\s*=", re.IGNORECASE)


# Names and their Unicode case partners ("İ", "ı", "ſ", the Kelvin sign).
_ATTRIBUTE_TOKENS = [
    "lang", "LaNg", "xml:lang", "hreflang", "dir", "id", "ID", "name", "=", " ", "\t", "\n",
    "x", "İ", "ı", "ſ", "\u212a", "<p ", ">",
]  # fmt: skip


@given(joined(_ATTRIBUTE_TOKENS))
def test_reversed_attribute_search_finds_what_the_forward_one_does(text: str) -> None:
    found = rawneeds._NEEDS_ATTRIBUTE_REVERSED.search(text[::-1]) is not None
    assert found == (_FORWARD_ATTRIBUTE.search(text) is not None)


_KEEPS_RAW = re.compile(r"(?:^|\s)(?:lang|xml:lang|hreflang|dir|id)\s*=", re.IGNORECASE)
_ANCHOR_NAME = re.compile(r"(?:^|\s)name\s*=", re.IGNORECASE)


@given(joined(_ATTRIBUTE_TOKENS), st.sampled_from(["a", "img", "p"]))
@example("lang=x", "p")
@example("name =x", "a")
def test_attributes_keeping_a_tag_raw_are_found_backwards(text: str, name: str) -> None:
    forward = _KEEPS_RAW.search(text) is not None
    forward = forward or (name == "a" and _ANCHOR_NAME.search(text) is not None)
    assert attributes.keeps_raw(name, text) == forward


_SHAPE_TOKENS = ["<", "</", ">", "em", "EM", "i", "I", "strong", "StRoNg", "b", "B", "x", " "]
_SHAPE_TOKENS += ["\n", "\xa0", "&", ";", "İ", "ı", "ſ", "\u212a", "ſtrong", 'class="a"', "/"]
_SHAPE_TOKENS += ["<em>", "</em>", '<b class="x">', "</STRONG >", "<ı>", "</ſtrong>"]


@settings(max_examples=400)
@given(joined(_SHAPE_TOKENS))
@example("a <\u0131>b")
@example("a <\u017ftrong class=x> b")
@example(";</\u0130 >")
@example("a\xa0</em>")
@example("<b>&amp;")
@example("&amp;</b>")
def test_emphasis_shapes_found_as_the_case_blind_pattern_finds_them(text: str) -> None:
    case_blind = re.compile(emphasis._SHAPE_CASE_BLIND, re.IGNORECASE)
    for start in range(len(text) + 1):
        expected = case_blind.search(text[start:]) is not None
        assert emphasis._needs_work(text[start:]) == expected


def test_emphasis_shapes_know_every_letter_a_case_blind_search_takes() -> None:
    # Beside the ASCII letters' two cases, only ``_FOLDED``'s.
    every_character = "".join(map(chr, range(0x110000)))
    folded = set()
    for letter in "emstrongib":
        taken = set(re.findall(letter, every_character, re.IGNORECASE))
        folded |= taken - {letter, letter.upper()}
    assert folded == set(emphasis._FOLDED)


def _made_otherwise(text: str) -> list[str]:
    """``text`` made as the conversion makes its strings: read, cut, joined, replaced."""
    wide = text + "\U0001f600"
    made = [text, wide[: len(text)], "".join([text[:1], text[1:]]), text.encode().decode()]
    made += [text.replace("a", "b"), f"<p>{text}</p>", wide.replace("\U0001f600", "")]
    return [*made, (text * 3)[len(text) :], text[::-1], text.upper()]


@given(st.text(max_size=30))
@example("\U0010ff00")
@example("a\U0010ffff")
@example("&#x10FF01; &#1114881")
@example("é\U0001f600")
@example("\uffff")
def test_the_sentinels_plane_is_found_as_the_pattern_finds_it(text: str) -> None:
    for made in _made_otherwise(text):
        assert privateplane.present(made) == (privateplane.PLANE.search(made) is not None)
        # Never missed; and (the test is worth its while) no other string is taken.
        assert privateplane._astral(made) == any(ord(c) > 0xFFFF for c in made), repr(made)


_ALTERNATION_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_ATTRIBUTE_TEXT = ["<a", "<p", "<img", "</a", "<P", " ", "title=", '"', "'", ">", "x", "/", "\n"]
_ATTRIBUTE_TEXT += ["<!--", "-->", "="]


@settings(max_examples=300)
@given(joined(_ATTRIBUTE_TEXT))
@example('<a title="x>y" href=\'a"b\'>')
def test_attributes_read_in_runs_are_what_the_alternation_reads(text: str) -> None:
    for pattern in (rawhtml._TAG, elementends._tag_pattern("a"), elementends._tag_pattern("p")):
        assert ATTRIBUTES in pattern.pattern
        alternation = pattern.pattern.replace(ATTRIBUTES, _ALTERNATION_ATTRIBUTES)
        before = re.compile(alternation, pattern.flags)
        for start in range(len(text) + 1):
            found, expected = pattern.match(text, start), before.match(text, start)
            assert (found and (found.span(), found.groups())) == (
                expected and (expected.span(), expected.groups())
            )


_EVERY_TAG = re.compile(
    r"((?!))|<!--.*?-->|<([A-Za-z][A-Za-z0-9:-]*)(" + ATTRIBUTES + ")>", re.DOTALL
)
"""``rawhtml``'s scan without the start tags it skips, each comment read by ``comment``
(the first group never matches)."""
_EVERY_COMMENT = re.compile(r"((?!))|<!--.*?-->", re.DOTALL)
_SCANNED_TOKENS = [
    *(f"<{name}>" for name in rawhtml.PLAIN_TAGS), "<P>", "<EM>", "<Br>", "<p >", "<br/>",
    "</p>", "</em>", "</li>", '<p class="x">', '<p lang="de">', '<a href="/x" rel="y">', "</a>",
    "<pre>", "</pre>", "<code>", "</code>", "<ul>", "</ul>", '<span lang="de">', "</span>",
    '<blockquote id="q">', "</blockquote>", "<!-- x -->", "<!-- wp:p -->", "<hr>", "a *b*",
    "\n", '<img src="/i.png" width="1">', "<iframe>", "</iframe>", "<!--more-->", "-->",
    '<!-- wp:image {"id":1} -->', '<!-- wp:x {"a":"<b>"} -->', "<!-- wp:p /-->", "<!--",
]  # fmt: skip


@settings(max_examples=300)
@given(joined(_SCANNED_TOKENS))
def test_what_the_scan_skips_is_what_it_would_leave_or_drop(source: str) -> None:
    for flavor in ("hugo", "jekyll"):
        skipping = rawhtml.protect(source, flavor)
        with (
            mock.patch.object(rawhtml, "_TAG", _EVERY_TAG),
            mock.patch.object(rawhtml, "_COMMENTS", _EVERY_COMMENT),
        ):
            visiting = rawhtml.protect(source, flavor)
        assert (skipping.text, skipping.raws) == (visiting.text, visiting.raws)


# Emphasis marks beside what CommonMark's flanking rules tell apart: letters, digits,
# white space (Unicode's too), ASCII and other punctuation, symbols, line breaks, and a
# sentinel (standing for "." below) and a token's letter, read through ``char_at``.
_MARK_TOKENS = [
    marks.EM, marks.STRONG, "a", "é", "中", "1", " ", "\xa0", "\n", "\n\n", "\n> ", ".", ",",
    "?", "*", "_", "(", ")", "«", "»", "“", "…", "$", "€", "\U0010ff0c", "WXRRAW0X",
]  # fmt: skip


def _mark_char_at(text: str, i: int, first: bool) -> str:
    c = text[i]
    return "." if c == "\U0010ff0c" else ("<" if first else ">") if c == "X" else c


# Pairs of marks in text, as html2text writes them (nested), with what may stand
# before and after each mark (the sentinel, a token's letter, a line break too).
# Most read as written (the shortcut's cases), some not.
_OPEN_BEFORE = st.sampled_from([" ", " ", " ", "\n", "(", "«", ".", "a", "$", "€"])
_OPEN_AFTER = st.sampled_from(["a", "a", "a", "1", "«", "(", "“", "X", " ", "$"])
_CLOSE_BEFORE = st.sampled_from(["a", "a", "a", "1", ".", "»", ")", "…", "\U0010ff0c", "X", " "])
_CLOSE_AFTER = st.sampled_from([" ", " ", " ", "\n", ",", ".", ")", "a", "$", "€"])
_WORDS = st.lists(st.sampled_from(["a", "é", "1", "a.", "(a)", "«a»", "WXRRAW0X"]), max_size=3)


def _paired(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    kinds = st.sampled_from((marks.EM, marks.STRONG))
    return st.builds(
        lambda kind, *parts: parts[0] + kind + parts[1] + parts[2] + parts[3] + kind + parts[4],
        kinds, _OPEN_BEFORE, _OPEN_AFTER, inner, _CLOSE_BEFORE, _CLOSE_AFTER,
    )  # fmt: skip


_IN_TEXT = _WORDS.map(" ".join)
_MARKED = st.lists(st.sampled_from(_MARK_TOKENS), max_size=16).map("".join) | st.lists(
    _IN_TEXT | _paired(_IN_TEXT) | _paired(_paired(_IN_TEXT)), max_size=4
).map(" ".join)
"""Marks anywhere, or in pairs (nested, as html2text writes them)."""


@settings(max_examples=500)
@given(_MARKED)
@example(f"a {marks.EM}b.{marks.EM} c {marks.STRONG}«d»{marks.STRONG} e")
@example(f"{marks.EM}({marks.STRONG}a{marks.STRONG}){marks.EM} {marks.EM} a{marks.EM}")
@example(f"a €{marks.EM}b{marks.EM} c")  # a symbol: punctuation to the 0.31 spec only
def test_marks_read_as_written_are_what_the_full_reading_gives(text: str) -> None:
    for tokens in (False, True):
        settled = marks.settle(text, _mark_char_at, tokens)
        with mock.patch.object(marks, "_plain", lambda text, char_at, tokens: False):
            assert settled == marks.settle(text, _mark_char_at, tokens)


@settings(max_examples=300)
@given(_MARKED)
@example(f"{marks.STRONG}{marks.EM}{marks.EM}{marks.STRONG}")
def test_marks_found_by_scans_are_the_regular_expression_s(text: str) -> None:
    by_class = re.compile(f"[{marks.EM}{marks.STRONG}]").finditer(text)
    assert list(marks._marks(text)) == [(m.start(), m.group()) for m in by_class]


def test_marks_after_punctuation_are_read_as_written() -> None:
    text = f"a {marks.EM}b.{marks.EM} c {marks.STRONG}«d»{marks.STRONG} e"
    assert marks._plain(text, _mark_char_at, True)


# Text a YAML reader would take for something else, or that needs quoting.
_YAML_WORDS = [
    "yes", "No", "null", "~", "", "123", "-1", "0x1F", "1.5e3", ".inf", "2010-03-15",
    "2010-03-15 09:12:00+01:00", "<<", "=", "#x", ": x", "a: b", "- a", "@a", "'q'", '"q"',
    "a\nb", "a\n", " lead", "trail ", "\x85", "\u2028", "\ufeff", "é", "!tag", "&a", "*a",
    "%", "`",
]  # fmt: skip
_YAML_TEXT = st.one_of(st.sampled_from(_YAML_WORDS), st.text(max_size=12))
_YAML_DATA = front_matter_data(_YAML_TEXT)


def dumped(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=frontmatter._Dumper, **frontmatter._DUMP_OPTIONS)


@given(_YAML_DATA)
def test_front_matter_events_are_what_pyyaml_writes(data: dict[str, Any]) -> None:
    assert frontmatter._emit(data) == dumped(data)


def test_front_matter_of_other_types_goes_through_pyyaml() -> None:
    data = {"ratio": 1.5, "title": "yes", "when": datetime(2010, 3, 15, 9, 12)}
    assert frontmatter._emit(data) is None
    assert frontmatter.render(data, "yaml") == "---\n" + dumped(data) + "---\n"


def test_code_points_beside_the_sentinels_come_through() -> None:
    # In the sentinels' search range but not sentinels: cut out before html2text
    # (``privateplane``) like the sentinels themselves, and put back as the character.
    assert html.convert("<p>a &#x10FF10; b *c*</p>", "hugo") == "a \U0010ff10 b \\*c\\*\n"


@pytest.mark.parametrize(
    "broken",
    [
        "<table><tr><td><table><tr><td>x",  # html2text's table padding raises
        "<table><tr><th>a</th></tr><tr><td><table><tr><td>x</td></tr></table></td></tr>",
    ],
)
def test_markup_html2text_cannot_convert_is_kept_as_html(broken: str) -> None:
    """A post html2text fails on (or empties) stays as HTML: nothing lost, the run goes on."""
    assert html.to_markdown(f"<p>Before</p>{broken}", "hugo") == f"<p>Before</p>{broken}\n"
    assert html.to_markdown(broken + "{{< x >}}", "hugo").endswith("&#123;{< x >}}\n")


# -- sentinels found by scans for each ------------------------------------------------

_PLANE_RANGE = re.compile("[\U0010ff00-\U0010ffff]")
_RESOLVE_PIECES = [
    *" \t\n>*-+.)#_x1[]!&{$~|`\\<:",
    *("12", "www.a", "http://a", "&amp;", "\u2019", "\U0001f600"),
    *(sentinels.to_sentinels(c, in_link=False) for c in (*"\\*_`~#<>&[]{!$|", "www.a", "x://y")),
    *(sentinels.to_sentinels(c, in_link=True) for c in ("[", "]")),
    *(sentinels.mark_leading(marker) for marker in ("-", "+", "1.", "2)")),
    marks.EM,  # in the plane, not ``resolve``'s: left as it is
]


def resolved_by_substitution(text: str) -> str:
    """``sentinels.resolve`` as it was: each character of the plane substituted in turn."""
    lines = sentinels._Lines(text)

    def decide(m: re.Match[str]) -> str:
        if m.group() not in sentinels._FROM_SENTINEL:
            return m.group()
        return sentinels._decided(text, m.start(), lines)

    return _PLANE_RANGE.sub(decide, text)


@given(joined(_RESOLVE_PIECES))
@example("a " + sentinels.to_sentinels("*", in_link=False) + " b\n" + marks.EM)
def test_resolve_finds_each_sentinel_a_substitution_finds(text: str) -> None:
    expected = resolved_by_substitution(text)
    assert sentinels.resolve(text) == expected
    # Told the sentinels it may hold (``simplemd.Written``), it looks for those alone.
    held = sentinels.among([text])
    assert all(s in text for s in held)
    assert sentinels.resolve(text, held) == expected


# -- block editor comments cut by str.replace ------------------------------------------

_COMMENT_PIECES = [
    "<!-- wp:paragraph -->",
    "<!-- /wp:paragraph -->",
    '<!-- wp:heading {"level":3} -->',
    "<!-- /wp:image -->",
    "<!-- kept -->",
    *("<!--", "-->", "<!", "--", "<", "!", "-", ">", " wp:paragraph ", "\n", "<p>", "x"),
]


def _first_look_by_substitution(source: str) -> str | None:
    """``simplegrammar.first_look``'s comments as it cut them: one substitution."""
    if "<!--" in source:
        source = htmlcomments.DROPPED_PLAINLY.sub("", source)
        if "<!--" in source:
            return None
    return source


@given(joined(_COMMENT_PIECES))
@example("<!<!-- wp:paragraph -->-- wp:x -->")
@example("<!-- wp:x <!-- wp:paragraph -->-->")
def test_first_look_cuts_the_comments_a_substitution_cuts(source: str) -> None:
    expected = _first_look_by_substitution(source)
    got = simplegrammar._without_comments(source) if "<!--" in source else source
    assert got == expected


# -- nesting too deep: too few tags is never too deep ----------------------------------


def _nested_too_deep_by_reading(source: str) -> bool:
    depth = 0
    for m in html._NESTING_TAG.finditer(source):
        weight = 1 if m.group(2).lower() == "blockquote" else 2
        depth = max(0, depth - weight) if m.group(1) else depth + weight
        if depth >= html._MAX_NESTING - 1:
            return True
    return False


@given(
    st.lists(st.sampled_from(["<ul>", "<OL>", "<blockquote>", "</ul>", "<p>", "x"]), max_size=60)
)
@example(["<ul>"] * 49 + ["<blockquote>"])
@example(["<ul>"] * 48 + ["<blockquote>"] * 2)
def test_nested_too_deep_counts_the_tags_first(tags: list[str]) -> None:
    source = "".join(tags)
    assert html.nested_too_deep(source) == _nested_too_deep_by_reading(source)
