"""``Converter``'s shortcuts through html2text's handlers give what html2text gives.

Paragraphs and emphasis skip ``handle_tag``, most text skips html2text's ``o``; each
is compared with the long way on generated markup that reaches the state they test
(links, table cells, blockquotes, lists, <pre>, <abbr>, hidden parts, breaks), and
shown to be taken.
"""

from __future__ import annotations

import re
from typing import Any

import html2text
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_helpers import converted

from wxr_tools.writers.markdown import converter, marks, sentinels

_TOKENS = [
    "word", "Été", " ", "  ", "\n", "\n\n", "\t", "\xa0", "- ", "1. ", "> ", "*", "#", "&amp;",
    "&nbsp;", "&#8217;", "<p>", "</p>", "<P class=x>", "<p/>", "<div>", "</div>", "<br>",
    "<br/>", "<hr>", "<em>", "</em>", "<strong>", "</strong>", "<a href=\"https://x.example/\">",
    "https://x.example/", "</a>", "<a name=n>", "<img src=\"i.png\" alt=\"i\">", "<ul>", "</ul>",
    "<ol>", "</ol>", "<li>", "</li>", "<blockquote>", "</blockquote>", "<pre>", "</pre>",
    "<code>", "</code>", "<h2>", "</h2>", "<table>", "<tr>", "<td>", "</td>", "</tr>",
    "</table>", "<abbr title=\"t\">", "</abbr>", "<head>", "</head>", "<style>", "</style>",
    "<body>", "<dl>", "<dt>", "</dt>", "<dd>", "</dd>", "<q>", "</q>", "<sup>", "</sup>",
    "<del>", "</del>", "<!-- c -->", "<script>x</script>", "<i>", "</i>", "<b>", "</b>", "<u>",
    "</u>", "<EM>", "</EM>", ".", ",", "(", "a*", "**", "\u3000", "\x85", "\\", "+ ", "_", "[",
]  # fmt: skip

_FAST = ("paragraph_fast", "emphasis_fast", "link_fast", "output_fast", "text_fast")


@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
@example("<a href='x'><p>a</p></a><table><tr><td><p>b</p></td></tr></table>")
@example("<blockquote><p>a</p><p>b<br>c</p></blockquote><ul><li><p>d</p></li></ul>")
@example("<abbr title='t'><p>a</p></abbr><pre>b\n c</pre><head><p>d</p></head>")
@example("a<em>b</em>, <i>c</i>d**<strong>e</strong><b> f </b><a href='x'><em>g</em></a>")
@example("<p>a</p> <em>b</em>\n<p> c  d\te </p><p>\xa0f\n- g</p>&#8217; 1. h&nbsp;<br> i")
@pytest.mark.parametrize("option", _FAST)
def test_shortcut_changes_nothing(option: str, source: str) -> None:
    assert converted(source) == converted(source, **{option: False})


@given(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join))
def test_shortcuts_together_change_nothing(source: str) -> None:
    assert converted(source) == converted(source, **dict.fromkeys(_FAST, False))


def test_shortcuts_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, Any]] = []
    handle_tag = html2text.HTML2Text.handle_tag
    o = html2text.HTML2Text.o

    def recording_handle_tag(self: Any, tag: str, attrs: Any, start: bool) -> None:
        seen.append(("tag", tag))
        handle_tag(self, tag, attrs, start)

    def recording_o(self: Any, data: str, puredata: bool = False, force: Any = False) -> None:
        seen.append(("o", data))
        o(self, data, puredata, force)

    monkeypatch.setattr(html2text.HTML2Text, "handle_tag", recording_handle_tag)
    monkeypatch.setattr(html2text.HTML2Text, "o", recording_o)
    source = "<p>One <em>two</em></p>\n<p><a href='/x'>three</a></p>"
    expected = f"One {marks.EM}two{marks.EM}\n\n[three](/x)\n"  # marks: settled later
    assert converter.Converter().handle(source) == expected
    assert ("tag", "p") not in seen
    assert ("tag", "em") not in seen
    assert ("tag", "a") not in seen
    assert [data for kind, data in seen if kind == "o"] == [""]  # the document's end
    seen.clear()
    assert converted(source, **dict.fromkeys(_FAST, False)) == expected
    assert ("tag", "p") in seen
    assert ("tag", "em") in seen
    assert ("tag", "a") in seen
    assert ("o", "three") in seen


def test_text_shortcut_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    text = converter.Converter._text

    def recording_text(self: Any, data: str, entity_char: bool) -> bool:
        seen.append(data)
        return text(self, data, entity_char)

    monkeypatch.setattr(converter.Converter, "_text", recording_text)
    source = "<p> One  two* <em>three</em> four <a href='/x'>five</a></p>"
    fast = converter.Converter().handle(source)
    # The text right after a fresh emphasis, and a link's text, too.
    assert seen == [" One  two* ", "three", " four ", "five"]
    seen.clear()
    assert converted(source, text_fast=False) == fast
    assert seen == []
    settled = marks.settle(fast, lambda text, i, first: text[i])
    assert sentinels.resolve(settled) == "One two\\* *three* four [five](/x)\n"


def test_text_shortcut_knows_every_white_space() -> None:
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()} - {" "}
    assert set(converter._OTHER_SPACE) == spaces
    assert all(re.fullmatch(r"\s", c) for c in spaces)
    assert all(converter.TEXT_AS_IS.match(c) for c in spaces)


def test_a_copied_converter_is_a_new_one() -> None:
    """``new_converter`` copies one converter rather than setting up html2text each time:
    the copy holds what a new one holds, and nothing of another copy's conversion."""
    fresh = vars(converter.Converter())
    first = converter.new_converter()
    copy = vars(first)
    assert copy.keys() == fresh.keys()
    for name, value in fresh.items():
        if callable(value) and hasattr(value, "__self__"):  # out: bound to the copy
            assert copy[name].__self__ is first and copy[name].__func__ is value.__func__
        elif type(value) in (list, dict, set):
            assert copy[name] == value and copy[name] is not converter._TEMPLATE[name]
        else:
            assert copy[name] == value
    nested = (
        "<ul><li>a<ul><li>b</li></ul></li></ul><p><a href='/x'>x</a> <abbr title='t'>T</abbr></p>"
    )
    one = first.handle(nested)
    # A second copy, after the first filled its lists and stacks, converts as new.
    assert converter.new_converter().handle(nested) == one == converter.Converter().handle(nested)
