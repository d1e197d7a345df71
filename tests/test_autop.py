"""Tests for wxr_tools.transforms.autop: WordPress's vectors, our fixtures, properties."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from wxr_tools.transforms import autop as autop_module
from wxr_tools.transforms import autoptags
from wxr_tools.transforms.autop import DEFAULT_SHORTCODES, autop, has_blocks

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "transforms" / "autop.txt"
# The characters PHP's trim() strips; the vectors' "trim" modes are defined by it.
PHP_TRIM = " \t\n\r\0\x0b"


def corpus_dir() -> Path:
    """``$WXR_CORPUS``, a relative value being taken from the repository root."""
    return ROOT / os.environ.get("WXR_CORPUS", "../shared/wxr-corpus")


def read_cases(path: Path) -> list[tuple[int, str, str, str]]:
    """Read a block-format fixture file into ``(line, title, input, expected)`` tuples.

    A case is a title line followed by three lines holding only ``.``: input
    lines sit between the first two, expected lines between the last two.
    Lines keep their newline; anything outside a case is commentary.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dots = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == "."]
    if len(dots) % 3:
        raise ValueError(f"{path}: {len(dots)} '.' lines, not a multiple of 3")
    cases = []
    for first, middle, last in zip(dots[::3], dots[1::3], dots[2::3], strict=True):
        title = lines[first - 1].strip() if first else ""
        if not title:
            raise ValueError(f"{path}:{first + 1}: case without a title line")
        source = "".join(lines[first + 1 : middle])
        expected = "".join(lines[middle + 1 : last])
        cases.append((first, title, source, expected))
    return cases


def _vector_params() -> list[Any]:
    path = corpus_dir() / "wpautop-vectors.json"
    if not path.is_file():
        reason = f"wpautop vectors not found at {path} (set WXR_CORPUS)"
        return [pytest.param(None, id="vectors-missing", marks=pytest.mark.skip(reason=reason))]
    data = json.loads(path.read_text(encoding="utf-8"))
    vectors = [*data["tests"], *data["derived"]]
    return [pytest.param(v, id=v["id"]) for v in vectors]


def _comparable(text: str, mode: str) -> str:
    """Bring output or expectation to the form the vector's ``compare`` mode defines."""
    if mode == "exact":
        return text
    if mode == "trim":
        return text.strip(PHP_TRIM)
    if mode == "trim_ignore_eol":
        return text.replace("\r\n", "\n").strip(PHP_TRIM)
    raise ValueError(f"unknown compare mode {mode!r}")


@pytest.mark.parametrize("vector", _vector_params())
def test_wordpress_vector(vector: dict[str, Any]) -> None:
    # WordPress's tests call wpautop() alone, without shortcode_unautop() or our
    # comment unwrapping, so the vectors are checked with both switched off.
    out = autop(vector["input"], shortcodes=frozenset(), unwrap_comments=False)
    mode = vector["compare"]
    assert _comparable(out, mode) == _comparable(vector["expected"], mode)


def _case_id(case: tuple[int, str, str, str]) -> str:
    return f"L{case[0] + 1}-" + re.sub(r"[^A-Za-z0-9]+", "-", case[1]).strip("-")[:60]


FIXTURE_CASES = read_cases(FIXTURES)


def test_fixture_file_has_enough_cases() -> None:
    assert len(FIXTURE_CASES) >= 15


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=_case_id)
def test_fixture_case(case: tuple[int, str, str, str]) -> None:
    _, _, source, expected = case
    assert autop(source) == expected


def test_read_cases_keeps_empty_sections(tmp_path: Path) -> None:
    path = tmp_path / "cases.txt"
    path.write_text("intro text\n\nempty\n.\n.\n.\n\none\n.\na\n.\n<p>a</p>\n.\n", "utf-8")
    assert read_cases(path) == [(3, "empty", "", ""), (8, "one", "a\n", "<p>a</p>\n")]


def test_empty_and_blank_input_give_empty_output() -> None:
    assert autop("") == ""
    assert autop(" \t\r\n ") == ""


# Text with no newline, no "<" except in known inline tags, and no "[" (so no
# shortcode) is a single paragraph, and formatting that paragraph again is a no-op.
_PLAIN = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="<["),
    min_size=1,
    max_size=12,
)
_INLINE = st.sampled_from(
    [
        "<em>x</em>",
        '<a href="https://e.org/">lien</a>',
        '<img src="a.jpg" alt="" />',
        "<strong>été</strong>",
        "&nbsp;",
        "\xa0",
        "\t",
    ]
)


@given(st.lists(st.one_of(_PLAIN, _INLINE), min_size=1, max_size=8))
def test_one_line_without_blocks_is_one_paragraph(parts: list[str]) -> None:
    text = " ".join(parts)
    assume(text.strip(PHP_TRIM))
    out = autop(text)
    assert out == f"<p>{text}</p>\n"
    assert autop(out) == out


def test_crlf_is_normalised_but_kept_inside_pre() -> None:
    text = "Line one\r\nLine two\r\n\r\nPara two\r\n<pre>a\r\nb</pre>"
    assert autop(text) == "<p>Line one<br />\nLine two</p>\n<p>Para two</p>\n<pre>a\r\nb</pre>\n"


def test_br_false_makes_paragraphs_only() -> None:
    assert autop("a\nb\n\nc", br=False) == "<p>a\nb</p>\n<p>c</p>\n"


def test_non_breaking_space_is_not_whitespace() -> None:
    # PHP's \s is ASCII-only: WordPress keeps a NBSP before a newline.
    assert autop("x\xa0\ny") == "<p>x\xa0<br />\ny</p>\n"


def test_has_blocks() -> None:
    assert has_blocks("<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->")
    assert not has_blocks("<!--more-->\n<p>Hi</p>")


def test_defaults_unwrap_lone_shortcodes_and_comments() -> None:
    assert "gallery" in DEFAULT_SHORTCODES
    assert autop('[gallery ids="1,2"]\n\nText') == '[gallery ids="1,2"]\n<p>Text</p>\n'
    blocks = "<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->"
    assert autop(blocks) == blocks + "\n"


def test_shortcode_names_are_configurable_and_matched_whole() -> None:
    text = "[contact-form]\n\n[video-list]"
    assert autop(text) == "<p>[contact-form]</p>\n<p>[video-list]</p>\n"
    assert autop(text, shortcodes=frozenset({"contact-form"})) == (
        "[contact-form]\n<p>[video-list]</p>\n"
    )


def test_lone_shortcode_with_nbsp_padding_is_unwrapped() -> None:
    assert autop("&nbsp;[embed]https://e.org/v[/embed]\xa0") == "[embed]https://e.org/v[/embed]\n"


def test_comment_only_paragraph_with_several_comments() -> None:
    assert autop("<!-- a -->\n<!-- b -->") == "<!-- a -->\n<!-- b -->\n"
    assert autop("<!-- a -->", unwrap_comments=False) == "<p><!-- a --></p>\n"


@given(st.text(alphabet="ab é.\n\t\r\u00a0&", max_size=60))
def test_plain_text_fast_path_matches_the_full_rules(text: str) -> None:
    from wxr_tools.transforms import autop as module

    assume(text.strip(" \t\n\r\0\x0b"))
    for br in (True, False):
        assert module._plain_autop(text, br) == module._full_autop(text, br)


@given(st.lists(st.sampled_from(["<br />", "<br", " ", "\n", "\t", "\r", "\x0b", "\xa0", "x"])))
def test_line_break_pattern_is_wordpress_s(parts: list[str]) -> None:
    text = "".join(parts)
    expected = autop_module.WORDPRESS_LINE_BREAK.sub("<br />\n", text)
    assert autop_module._line_breaks(text) == expected


# Every ASCII white space character (\s without re.UNICODE), a non-breaking space,
# a NUL (which PHP's trim() strips) and letters.
@given(st.text(alphabet="ab \t\n\r\x0b\x0c\x00\xa0", max_size=40))
def test_plain_text_fast_path_matches_the_full_rules_on_every_space(text: str) -> None:
    assume(text.strip(PHP_TRIM))
    for br in (True, False):
        assert autop_module._plain_autop(text, br) == autop_module._full_autop(text, br)


# Lines and blank lines of white space, NUL, letters, brackets.
@given(st.text(alphabet="ab[] \n\n\t\x0b\x0c\x00\xa0\u2003\r", max_size=30))
def test_paragraphs_shortcut_is_the_plain_rules(text: str) -> None:
    """``_wpautop`` answers lines parted by blank lines at once: what the plain path gives."""
    for br in (True, False):
        plain = autop_module._plain_autop(text, br) if text.strip(PHP_TRIM) else ""
        assert autop_module._wpautop(text, br) == plain


def test_paragraphs_shortcut_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, br: bool) -> str:
        raise AssertionError("the plain path ran")

    monkeypatch.setattr(autop_module, "_plain_autop", refuse)
    assert autop("Great post, thanks!") == "<p>Great post, thanks!</p>\n"
    assert autop("Great post.\n\nThanks!") == "<p>Great post.</p>\n<p>Thanks!</p>\n"
    assert autop(" [gallery] ") == "[gallery]\n"  # shortcode_unautop still runs after it


@given(st.lists(st.sampled_from(["\n", "</p>", "<p>", "x", " ", "\n\n"]), max_size=8))
def test_final_newline_rule_is_wordpress_s(parts: list[str]) -> None:
    text = "".join(parts)
    expected = autop_module.FINAL_NEWLINE_IN_P.sub("</p>", text)
    assert autop_module._drop_final_newline_in_p(text) == expected


@given(st.lists(st.sampled_from(["<", ">", "<!--", "-->", "<![CDATA[", "]]>", "\n", "a", " "])))
def test_tags_without_newlines_need_no_protection(parts: list[str]) -> None:
    # _full_autop skips the per-tag rewrite when no token it finds holds a newline.
    text = "".join(parts)
    tokens = autop_module._HTML_TOKEN.findall(text)
    rewritten = autop_module._HTML_TOKEN.sub(autop_module._protect_tag_newlines, text)
    assert (rewritten != text) == ("\n" in "".join(tokens))
    assert autop_module._has_tag_newline(text) == ("\n" in "".join(tokens))


@example(["<!-- a > b", "\n", "-->"])
@example(["<![CDATA[ > ", "\n", "]]>"])
@given(st.lists(st.sampled_from(["<", ">", "<a ", "<!", "<!--", "<!-- > ", "-->", "\n", "a"])))
def test_tag_newline_search_is_the_tokens(parts: list[str]) -> None:
    """Text without "<!" is looked at by one search, not by listing its tokens."""
    text = "".join(parts)
    tokens = autop_module._HTML_TOKEN.findall(text)
    assert autop_module._has_tag_newline(text) == ("\n" in "".join(tokens))


_MARKUP_PIECES = st.sampled_from(
    [
        *("<br>", "<br />", "<br/>", "<BR>", "<b", "r>", "<script>", "</script>", "<style>"),
        *("</style>", "<svg>", "</svg>", "<scrip", "<p>", "</p>", "<div>", "<hr>", "\n", " ", "x"),
    ]
)


@given(st.lists(_MARKUP_PIECES, max_size=16))
def test_rules_skipped_without_their_literal_are_the_plain_rules(parts: list[str]) -> None:
    """Double <br> and script/style/svg rules run only on text holding their start."""
    text = "".join(parts)
    marked = autoptags._DOUBLE_BR.sub("\n\n", text)
    marked = autoptags._BLOCK_OPEN.sub(lambda m: "\n\n" + m[1], marked)
    marked = autoptags._BLOCK_CLOSE.sub(lambda m: m[1] + "\n\n", marked)
    marked = autoptags._HR.sub(lambda m: m[1] + "\n\n", marked)
    assert autoptags.mark_block_boundaries(text, True) == marked
    kept = autop_module._RAW_NEWLINES.sub(
        lambda m: m[0].replace("\n", "<WPPreserveNewline />"), text
    )
    kept = kept.replace("<br>", "<br />").replace("<br/>", "<br />")
    broken = autop_module._line_breaks(kept).replace("<WPPreserveNewline />", "\n")
    assert autop_module._add_line_breaks(text) == broken


_WRAP_PIECES = ["\n", "\n\n", "\n\n\n", "\n \n", " ", "\t", "\x0b", "\x0c", "\xa0", "x", "<p>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WRAP_PIECES), max_size=16))
def test_paragraph_wrap_without_long_newline_runs_is_the_plain_wrap(parts: list[str]) -> None:
    """WordPress makes runs of newlines two before the split: the split alone gives the
    same chunks (the wrap, and ``_broken_paragraphs``, skip that step)."""
    text = "".join(parts)
    plain = autop_module._NEWLINE_RUN.sub("\n\n", text)
    chunks = (c.strip("\n") for c in autop_module._PARAGRAPH_SPLIT.split(plain) if c)
    assert autop_module._wrap_paragraphs(text) == "".join(f"<p>{c}</p>\n" for c in chunks)


# Inline tags, block tags (by their names' starts too: "<param", "<track"), the
# blockquote rule's upper case, <br> forms, <pre>, comments, white space and text.
_TAG_PIECES = st.sampled_from(
    [
        *("<a href=x>", "</a>", "<em>", "</em>", "<img src=x />", "<br>", "<br />", "<br/>"),
        *("<p>", "</p>", "<p class=x>", "<div>", "</div>", "<li>", "<param>", "<track>"),
        *("<BLOCKQUOTE>", "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<hr />"),
        *("<!--more-->", "<!-- a\nb -->", "<a\nhref=x>", "<", ">", "/p>", "p>", "</"),
        *("<option>", "</object>", "<source>", "<figcaption>", "<script>", "</script>"),
        *(" ", "\n", "\n\n", "\r\n", "\t", "\xa0", "\x0c", "x", "[gallery]"),
        *("\x0b", "<svg>", "</svg>", "<WPPreserveNewline />", "<br\n/>", "<BR>"),
    ]
)


@given(st.lists(_TAG_PIECES, max_size=16).map("".join), st.booleans())
def test_rules_without_block_tags_are_the_full_rules(text: str, br: bool) -> None:
    """Where no block tag is found, the rules about them have nothing to act on."""
    assume(text.strip(PHP_TRIM))
    assert autop_module._full_autop(text, br) == autop_module._rules(text, br, True)


_EMBEDDED_PIECES = st.sampled_from(
    [
        *("<option>", "</option>", "<object>", "</object>", "<param>", "<embed>", "<source>"),
        *("<track>", "[video]", "[/video]", "<audio>", "</audio>", "<figcaption>", "</figcaption>"),
        *("<optio", "</objec", "<", " ", "\n", "x"),
    ]
)


@given(st.lists(_EMBEDDED_PIECES, max_size=12).map("".join))
def test_embedded_whitespace_rules_looked_for_at_once(text: str) -> None:
    """One search for the rules' triggers: what running each rule on its own gives."""
    m = autoptags
    plain = text
    if "<option" in text:
        plain = m._OPTION_AFTER.sub("</option>", m._OPTION_BEFORE.sub("<option", plain))
    if "</object>" in text:
        plain = m._OBJECT_CLOSE.sub("</object>", m._OBJECT_OPEN.sub(m._GROUP_1, plain))
        plain = m._PARAM_EMBED.sub(m._GROUP_1, plain)
    if "<source" in text or "<track" in text:
        plain = m._MEDIA_CLOSE.sub(m._GROUP_1, m._MEDIA_OPEN.sub(m._GROUP_1, plain))
        plain = m._SOURCE_TRACK.sub(m._GROUP_1, plain)
    if "<figcaption" in text:
        plain = m._FIGCAPTION_CLOSE.sub("</figcaption>", m._FIGCAPTION_OPEN.sub(m._GROUP_1, plain))
    assert m.collapse_embedded_whitespace(text) == plain


# No block tag: inline tags, <br> forms, what the line break rule keeps (script, svg,
# its own placeholder), comments, white space of every kind (blank paragraphs first,
# between and last) and text.
_INLINE_PIECES = st.sampled_from(
    [
        *("<a href=x>", "</a>", "<em>", "<br>", "<br />", "<br/>", "<br", "<!--more-->"),
        *("<a\nhref=x>", "<script>", "</script>", "<svg>", "<WPPreserveNewline />", "x", "é"),
        *(" ", "\n", "\n\n", "\n\n\n", "\n \n", "\t", "\x0b", "\x0c", "\xa0", "\r\n"),
    ]
)


@given(st.lists(_INLINE_PIECES, max_size=16).map("".join))
def test_paragraphs_one_at_a_time_are_the_rules_through_the_text(text: str) -> None:
    """``_broken_paragraphs``: the wrap, the empty paragraphs' rule, the line breaks and
    the rules about <br /> beside a paragraph's tags, as each runs on the whole text."""
    m = autop_module
    assume(autoptags.BLOCK_TAG.search(text) is None)
    assume(m._RAW_START.search(text) is None and m._KEPT_NEWLINE not in text)
    text = text.replace("\r", "")
    expected = m._add_line_breaks(autoptags.EMPTY_P.sub("", m._wrap_paragraphs(text)))
    expected = m._BR_BEFORE_P.sub(m._GROUP_1, m._BR_AFTER_P.sub(m._GROUP_1, expected))
    assert m._broken_paragraphs(text) == expected
    if autoptags.RULE_TAG.search(text) is None:
        assert m._broken_paragraphs(text, tags=False) == expected


# Pieces that hold no rule's tag on their own (two may still make one: "</" "p>"), so that
# few generated texts are thrown away (too many fail hypothesis's health check).
_PIECES_WITHOUT_RULE_TAGS = _TAG_PIECES.filter(
    lambda piece: autoptags.RULE_TAG.search(piece) is None
)


@given(st.lists(_PIECES_WITHOUT_RULE_TAGS, min_size=1, max_size=16).map("".join), st.booleans())
def test_text_without_the_rules_tags_skips_their_rules(text: str, br: bool) -> None:
    """Where ``RULE_TAG`` finds nothing, none of the rules for blocks, embedded white
    space, script/style/svg and <br> has anything to act on."""
    assume(text.strip(PHP_TRIM) and autoptags.RULE_TAG.search(text) is None)
    assert autop_module._rules(text, br, False, tags=False) == autop_module._rules(text, br, True)


# Pieces that ``_MARKED`` finds nothing in (inline tags, white space of every kind,
# text), and one of what it looks for put among them (or none): every <br> form,
# comments and CDATA (with a ">" before a newline, which only their tokens see), tags
# holding a newline or a carriage return or left open, the kept-newline placeholder,
# block tags.
_UNMARKED_PIECES = st.sampled_from(
    [
        *("<a href=x>", "</a>", "<em>", "<img src=x />", ">", "x", "é", "[gallery]"),
        *(" ", "\n", "\n\n", "\n\n\n", "\n \n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\xa0"),
    ]
)
_MARKED_PIECES = [
    *("<br>", "<br />", "<br/>", "<br", "<BR>", "<!--more-->", "<!-- > \n -->", "<!"),
    *("<![CDATA[ > \n ]]>", "<a\nhref=x>", "<a\rhref=x>", "<a", "<", "<WPPreserveNewline />"),
    *("<p>", "</p>", "<div>", "<li>", "<script>", "</script>", "<svg>", "<option>", "<hr />"),
]


@st.composite
def _texts_maybe_marked(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(_UNMARKED_PIECES, min_size=1, max_size=12))
    marked = draw(st.none() | st.sampled_from(_MARKED_PIECES))
    if marked is not None:
        pieces.insert(draw(st.integers(0, len(pieces))), marked)
    return "".join(pieces)


@settings(max_examples=600, deadline=None)
@given(_texts_maybe_marked(), st.booleans())
def test_text_without_marked_tags_is_the_rules(text: str, br: bool) -> None:
    """Where ``_MARKED`` finds nothing, the rules' steps for what it looks for do nothing;
    where it finds something, the rules run as they did (``RULE_TAG`` searched from it)."""
    assume(text.strip(PHP_TRIM) and "<" in text)
    m = autop_module
    if autoptags.RULE_TAG.search(text) is None:
        expected = m._rules(text, br, False, tags=False)
    else:
        expected = m._rules(text, br, autoptags.BLOCK_TAG.search(text) is not None)
    assert m._full_autop(text, br) == expected
    if m._MARKED.search(text) is None:
        assert m._inline_autop(text, br) == expected


def test_inline_text_takes_the_inline_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("the rules ran")

    monkeypatch.setattr(autop_module, "_rules", refuse)
    text = 'One <a href="x">link</a>.\n\nTwo <em>words</em>.'
    assert autop(text) == '<p>One <a href="x">link</a>.</p>\n<p>Two <em>words</em>.</p>\n'
