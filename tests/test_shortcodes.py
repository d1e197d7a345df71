"""Tests for wxr_tools.shortcodes: parser, replacement, converters, templates, more tag."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.shortcodehtml import CONVERTERS, render_template
from wxr_tools.shortcodes import (
    Shortcode,
    find_shortcodes,
    parse_attributes,
    replace_shortcodes,
    split_more,
)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "transforms" / "shortcodes.txt"
URLS = {
    10: "https://example.org/wp-content/uploads/a.jpg",
    11: "https://example.org/wp-content/uploads/b.jpg",
}


def resolve(attachment_id: int) -> str | None:
    return URLS.get(attachment_id)


def convert(sc: Shortcode) -> str | None:
    converter = CONVERTERS.get(sc.name)
    return None if converter is None else converter(sc, resolve)


def one(text: str, names: list[str] | None = None) -> Shortcode:
    found = list(find_shortcodes(text, names))
    assert len(found) == 1, found
    return found[0]


# --- attributes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "named", "positional"),
    [
        ("a=\"1\" b='2' c=3", {"a": "1", "b": "2", "c": "3"}, ()),
        ('Width="300" ALIGN=left', {"width": "300", "align": "left"}, ()),
        ('k = "v w"  k2= x', {"k": "v w", "k2": "x"}, ()),
        ("https://example.com/x?y=1", {}, ("https://example.com/x?y=1",)),
        ("\"quoted one\" 'single two' bare", {}, ("quoted one", "single two", "bare")),
        ('one a="1" two', {"a": "1"}, ("one", "two")),
        ('a="b"c', {}, ('a="b"c',)),  # a value must be followed by whitespace
        ("a=\"\" b=''", {"a": "", "b": ""}, ()),
        ('a="1" a="2"', {"a": "2"}, ()),  # the last one wins, like a PHP array
        ('a="x]y" data-id=5', {"a": "x]y", "data-id": "5"}, ()),
        ("a=1\u00a0b=2\u200bc=3", {"a": "1", "b": "2", "c": "3"}, ()),
        ("=https://youtu.be/abc", {}, ("=https://youtu.be/abc",)),
        ("", {}, ()),
        ("   ", {}, ()),
    ],
)
def test_parse_attributes(text: str, named: dict[str, str], positional: tuple[str, ...]) -> None:
    assert parse_attributes(text) == (named, positional)


# --- parser ------------------------------------------------------------------------


def test_self_closing_forms() -> None:
    sc = one('[gallery ids="1,2" /]')
    assert (sc.name, sc.attrs, sc.body) == ("gallery", {"ids": "1,2"}, None)
    sc = one("[foo a=b/]")
    assert (sc.attrs, sc.body) == ({"a": "b"}, None)
    assert one("[foo]").body is None
    # An explicit "/]" is self-closing even when a closing tag follows.
    found = list(find_shortcodes("[foo /]x[/foo]"))
    assert [(s.raw, s.body) for s in found] == [("[foo /]", None)]


def test_enclosing_and_offsets() -> None:
    text = 'Before [caption id="c1"]<img src="a"> text[/caption] after'
    sc = one(text)
    assert sc.body == '<img src="a"> text'
    assert sc.raw == '[caption id="c1"]<img src="a"> text[/caption]'
    assert text[sc.start : sc.end] == sc.raw
    assert sc.start == 7 and sc.end == len(text) - len(" after")
    assert one("[a][/a]").body == ""


def test_positional_attributes() -> None:
    assert one("[youtube https://www.youtube.com/watch?v=x]").positional == (
        "https://www.youtube.com/watch?v=x",
    )
    sc = one("[youtube=https://www.youtube.com/watch?v=x]")
    assert (sc.name, sc.positional) == ("youtube", ("=https://www.youtube.com/watch?v=x",))
    assert one("[embed]https://example.com/[/embed]").body == "https://example.com/"


def test_several_top_level_in_order_and_nested_not_yielded() -> None:
    text = "[a x=1] [b]in [c] side[/b] [d/]"
    assert [s.name for s in find_shortcodes(text)] == ["a", "b", "d"]
    assert next(s for s in find_shortcodes(text) if s.name == "b").body == "in [c] side"


def test_first_closing_tag_wins_and_no_self_nesting() -> None:
    found = list(find_shortcodes("[a][a]x[/a][/a]"))
    assert [(s.raw, s.body) for s in found] == [("[a][a]x[/a]", "[a]x")]
    # [b]'s closing tag lies outside [a]'s body, so inside [a] it is self-closing.
    out = replace_shortcodes("[a][b][/a][/b]", lambda s: f"<{s.name}:{s.body}>")
    assert out == "<a:<b:None>>[/b]"


def test_unclosed_then_closed() -> None:
    found = list(find_shortcodes("[fr] text [fr]bonjour[/fr]"))
    assert [(s.start, s.body) for s in found] == [(0, " text [fr]bonjour")]


@pytest.mark.parametrize(
    "text",
    [
        "[café]",  # a name is not followed by a word character
        "[/foo]",
        "[ foo]",
        "[]",
        "[foo",
        "[foo [bar",  # no "[" inside a tag: the outer one is not a tag
        "[[foo]]",
        "[[foo]x[/foo]]",
    ],
)
def test_not_shortcodes(text: str) -> None:
    assert [s.name for s in find_shortcodes(text)] == []


def test_name_ends_at_a_non_word_character() -> None:
    # As in WordPress, "[foo.bar]" is "foo" with a positional ".bar".
    sc = one("[foo.bar]")
    assert (sc.name, sc.positional) == ("foo", (".bar",))


def test_bracket_inside_attributes_is_not_swallowed() -> None:
    assert [s.raw for s in find_shortcodes("[1 see [caption]x[/caption]")] == [
        "[caption]x[/caption]"
    ]


def test_names_filter() -> None:
    text = "[fr]Salut[/fr] [caption]x[/caption] [foo-bar] [foo]"
    assert [s.name for s in find_shortcodes(text, ["caption"])] == ["caption"]
    assert [s.raw for s in find_shortcodes(text, {"foo"})] == ["[foo]"]
    assert [s.raw for s in find_shortcodes(text, {"foo", "foo-bar"})] == ["[foo-bar]", "[foo]"]
    assert list(find_shortcodes(text, [])) == []
    # Registered names may use characters outside [A-Za-z0-9_-].
    assert one("[my.tag a=1]", ["my.tag"]).attrs == {"a": "1"}
    assert [s.name for s in find_shortcodes(text)] == ["fr", "caption", "foo-bar", "foo"]


def test_multiline_tag_and_case_sensitive_names() -> None:
    sc = one('[caption\n  id="x"\n  width="10"]body[/caption]')
    assert sc.attrs == {"id": "x", "width": "10"}
    # Closing tags must match the opening name exactly.
    assert one("[Foo]x[/foo]").body is None


def test_escaped_double_brackets() -> None:
    assert replace_shortcodes("a [[gallery]] b", convert) == "a [gallery] b"
    assert replace_shortcodes("[[code]<x>[/code]]", convert) == "[code]<x>[/code]"
    assert replace_shortcodes("[[x]] [[y a=1]]", lambda s: "!") == "[x] [y a=1]"
    # Only one extra "[": it stays literal and the shortcode is still processed.
    assert replace_shortcodes("[[x]", lambda s: "!") == "[!"
    assert replace_shortcodes("[x]]", lambda s: "!") == "!]"
    sc = one("[[x]")
    assert (sc.start, sc.raw) == (1, "[x]")
    # Unregistered names are not escapes: nothing changes.
    assert replace_shortcodes("[[x]]", lambda s: "!", names=["y"]) == "[[x]]"


# --- replacement ---------------------------------------------------------------------


def test_handler_receives_processed_body() -> None:
    seen: list[str | None] = []

    def handler(sc: Shortcode) -> str:
        seen.append(sc.body)
        return f"<{sc.name}>{sc.body or ''}</{sc.name}>"

    out = replace_shortcodes("[a]1 [b]2 [[c]][/b] 3[/a]", handler)
    assert out == "<a>1 <b>2 [c]</b> 3</a>"
    assert seen == ["2 [c]", "1 <b>2 [c]</b> 3"]


def test_handler_none_keeps_tags_but_converts_inside() -> None:
    assert replace_shortcodes("[x a=1]t[/x] [y]", lambda s: None) == "[x a=1]t[/x] [y]"
    out = replace_shortcodes("[x][vimeo 1][/x]", convert)
    assert out.startswith("[x]<iframe") and out.endswith("[/x]")


def test_code_bodies_are_raw() -> None:
    bodies: list[str | None] = []

    def handler(sc: Shortcode) -> str | None:
        bodies.append(sc.body)
        return "" if sc.name in ("code", "sourcecode") else None

    replace_shortcodes("[code][b]x[/b] [[y]][/code][sourcecode][b/][/sourcecode]", handler)
    assert bodies == ["[b]x[/b] [[y]]", "[b/]"]


def test_replace_with_names() -> None:
    out = replace_shortcodes("[fr]a[/fr] [vimeo 5]", convert, names=CONVERTERS)
    assert out == (
        '[fr]a[/fr] <iframe src="https://player.vimeo.com/video/5" frameborder="0"'
        " allowfullscreen></iframe>"
    )


def test_deep_nesting_does_not_recurse_forever() -> None:
    depth = 3000
    text = "".join(f"[n{i}]" for i in range(depth)) + "".join(
        f"[/n{i}]" for i in reversed(range(depth))
    )
    assert replace_shortcodes(text, lambda s: None) == text
    assert replace_shortcodes(text, lambda s: "") == ""


_BRACKETY = st.text(alphabet="[]/=\"' abxy1-\n", max_size=60)


@given(_BRACKETY)
def test_offsets_and_raw_property(text: str) -> None:
    last_end = 0
    for sc in find_shortcodes(text):
        assert text[sc.start : sc.end] == sc.raw
        assert sc.start >= last_end
        last_end = sc.end


@given(_BRACKETY)
def test_identity_handler_property(text: str) -> None:
    # Without "[[" escapes, keeping every shortcode reproduces the text byte for byte.
    if "[[" not in text:
        assert replace_shortcodes(text, lambda s: None) == text


# --- converters ----------------------------------------------------------------------


def _load_cases(path: Path) -> list[tuple[str, str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[tuple[str, str, str]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"line {i + 2}: expected '.' after the title {title!r}"
        i += 2
        parts: list[str] = []
        for _ in range(2):
            j = lines.index(".", i)
            parts.append("\n".join(lines[i:j]))
            i = j + 1
        cases.append((title, parts[0], parts[1]))
    return cases


CASES = _load_cases(FIXTURE)


def test_fixture_has_enough_cases() -> None:
    assert len(CASES) >= 15
    assert len({title for title, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fixture_case(title: str, source: str, expected: str) -> None:
    assert replace_shortcodes(source, convert) == expected


@pytest.mark.parametrize(
    ("text", "src"),
    [
        ("[youtube https://youtu.be/dQw4w9WgXcQ]", "https://www.youtube.com/embed/dQw4w9WgXcQ"),
        ("[youtube dQw4w9WgXcQ]", "https://www.youtube.com/embed/dQw4w9WgXcQ"),
        (
            "[youtube www.youtube.com/shorts/dQw4w9WgXcQ]",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
        ),
        ("[youtube]https://m.youtube.com/watch?v=dQw4w9WgXcQ[/youtube]", "embed/dQw4w9WgXcQ"),
        ("[vimeo https://player.vimeo.com/video/123]", "https://player.vimeo.com/video/123"),
        ("[vimeo id=77]", "https://player.vimeo.com/video/77"),
        ("[embed]https://youtu.be/dQw4w9WgXcQ?t=3[/embed]", "embed/dQw4w9WgXcQ"),
    ],
)
def test_video_embeds(text: str, src: str) -> None:
    out = replace_shortcodes(text, convert)
    assert out.startswith("<iframe src=") and src in out


@pytest.mark.parametrize(
    "text",
    [
        "[youtube https://example.com/watch?v=dQw4w9WgXcQ]",
        "[vimeo https://vimeo.com/about]",
        "[embed]javascript:alert(1)[/embed]",
        "[embed][/embed]",
        "[audio src='javascript:alert(1)']",
        "[audio src='&#106;avascript:alert(1)']",
        "[video]",
        # Words in brackets in a post's text (Markdown's [text][1]), not a file: a
        # player of the file "of" would be a link to nothing where the words were.
        "[video of Hans Rosling at TED Conference 2006]",
        "[video link]",
        "[audio version]",
        "[gallery]",
        "[code lang=x]",
        "[caption caption=x]",
    ],
)
def test_unconvertible_shortcodes_stay(text: str) -> None:
    assert replace_shortcodes(text, convert) == text


def test_converter_details() -> None:
    out = replace_shortcodes('[caption]<img src="a"> [/caption]', convert)
    assert out == '<img src="a">'  # no caption text: WordPress drops the figure too
    out = replace_shortcodes("[gallery ids='10,x']", convert)
    assert "<!-- gallery: invalid attachment id -->" in out
    out = replace_shortcodes("[audio]/wp-content/uploads/a.mp3[/audio]", convert)
    assert out == '<audio controls src="/wp-content/uploads/a.mp3"></audio>'
    # A first positional that reads as an address or a file is the file (WordPress.com).
    for text, src in (
        ("[audio https://example.org/a.mp3]", "https://example.org/a.mp3"),
        ("[video clip.MP4]", "clip.MP4"),
        ("[video /files/talk]", "/files/talk"),
    ):
        assert f' src="{src}"' in replace_shortcodes(text, convert), text
    out = replace_shortcodes('[code language="c++ <x>"]a&b[/code]', convert)
    assert out == '<pre><code class="language-c++x">a&amp;b</code></pre>'
    assert replace_shortcodes("[wp_caption caption=c]<img>[/wp_caption]", convert).startswith(
        '<figure class="wp-caption alignnone"><img><figcaption'
    )
    assert set(CONVERTERS) >= {"caption", "gallery", "embed", "audio", "video", "youtube"}
    assert set(CONVERTERS) >= {"vimeo", "code", "sourcecode"}


# --- render_template -------------------------------------------------------------------


def test_render_template() -> None:
    sc = one('[btn URL="https://x/?a=1&b=2" label=\'Say "hi"\' first second]<b>Go</b>[/btn]')
    out = render_template('<a href="{url}" title="{label}">{body}</a> {0}|{1}|{2}|{nope}', sc)
    assert out == (
        '<a href="https://x/?a=1&amp;b=2" title="Say &quot;hi&quot;"><b>Go</b></a> first|second||'
    )
    assert render_template("{{body}} {Label} {body}", sc) == "{body} Say &quot;hi&quot; <b>Go</b>"
    assert render_template("<{body}>", one("[x]")) == "<>"
    # Entities already in the value are not encoded twice.
    assert render_template("{t}", one("[x t=a&amp;b<c]")) == "a&amp;b&lt;c"


# --- split_more ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a</p>\n<!--more-->\n<p>b</p>", ("<p>a</p>\n", "\n<p>b</p>")),
        ("a<!--more Keep reading-->b", ("a", "b")),
        ("a<!--more-->b<!--more-->c", ("a", "b<!--more-->c")),
        ("no marker", ("no marker", None)),
        ("", ("", None)),
        ("a<!--more--><!--noteaser-->b", ("a", "b")),
        ("a<!--noteaser-->b", ("ab", None)),
        ("a<!--more", ("a<!--more", None)),
    ],
)
def test_split_more(html: str, expected: tuple[str, str | None]) -> None:
    assert split_more(html) == expected


# --- performance guard (not timed: it must simply finish) ------------------------------


def _hostile_inputs() -> list[str]:
    rng = random.Random(20240501)
    size = 1_000_000
    # The 1 MB inputs: "[" everywhere, mixed with random text and tag fragments.
    mixed = "".join(rng.choice("[[[[]]/=\"' ab1-\n") for _ in range(size))
    pieces = ["[", "[a", "[a]", "[/a]", "[[", "]]", "text", " ", 'x="', "'", "[caption]"]
    words = "".join(rng.choice(pieces) for _ in range(size // 3))
    # Shapes that make naive parsers quadratic; 250 kB is plenty to show it (a
    # quadratic pass would need ~10^10 steps) while keeping the test quick.
    small = 250_000
    return [
        mixed,
        words,
        "[" * size,
        "[a " * (small // 3),
        "[a]" * (small // 3),
        "[a]" * (small // 3) + "[/a]",
        '[a b="' * (small // 6),
        "[" + "a" * small + "é]",
        "[a " + 'x="y"z ' * (small // 8) + "]",
        "<!--more" * (small // 8),
    ]


def test_linear_on_hostile_inputs() -> None:
    for text in _hostile_inputs():
        # Not kept in a list: many live objects would mostly measure the garbage collector.
        assert all(sc.end <= len(text) for sc in find_shortcodes(text))
        assert len(replace_shortcodes(text, convert)) > 0
        split_more(text)
        if "[[" not in text:
            assert replace_shortcodes(text, lambda sc: None, names=["a"]) == text
