"""Addresses typed in comments made links, by WordPress's rules (``clickable``)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from wxr_tools.transforms.clickable import _ADDRESS_CHAR, _WEB_CHAR, clickable, may_hold_address


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{url}" rel="nofollow">{text or url}</a>'


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("see http://a.org/x.", f"see {_link('http://a.org/x')}."),
        ("https://a.org/?q=1&amp;r=2, then", f"{_link('https://a.org/?q=1&amp;r=2')}, then"),
        ("x http://a.org/c?d,e,f. g", f"x {_link('http://a.org/c?d,e,f')}. g"),
        # A closing parenthesis is the address's only when it closes one of its own.
        ("(see http://a.org/A_(b))", f"(see {_link('http://a.org/A_(b)')})"),
        ("(see http://a.org/x)", f"(see {_link('http://a.org/x')})"),
        ("http://a.org/été!", f"{_link('http://a.org/été')}!"),
        ("www.a.org, ftp.b.org.", f"{_link('http://www.a.org', 'www.a.org')}, "
         f"{_link('http://ftp.b.org', 'ftp.b.org')}."),
        ("write to me.x+y@mail.a.org now", 'write to <a href="mailto:me.x+y@mail.a.org">'
         "me.x+y@mail.a.org</a> now"),
        ("line\nhttp://a.org\nnext", f"line\n{_link('http://a.org')}\nnext"),
        ("www.b.org&amp;", _link("http://www.b.org&amp;", "www.b.org&amp;")),
        ("http://a.org/<b>bold</b>", f"{_link('http://a.org/')}<b>bold</b>"),
    ],
)  # fmt: skip
def test_clickable(typed: str, shown: str) -> None:
    assert clickable(typed) == shown


@pytest.mark.parametrize(
    "typed",
    [
        '<a href="http://a.org">http://b.org</a> x',
        '<img src="http://a.org/i.png" alt="www.a.org">',
        "<code>http://a.org</code> <pre>www.a.org</pre>",
        "mailto: @someone, 3 @ 4, a.b",
        "nothing to see",
        "<code></a>http://a.org/x</code>",  # a stray end tag of another kind: still code
    ],
)
def test_left_alone(typed: str) -> None:
    # Links, attributes, code, and what is no address.
    assert clickable(typed) == typed


_TEXT = st.lists(
    st.sampled_from(
        ["http://a.org/x", "www.b.org", "me@c.org", " ", ".", ",", ")", "(", "<em>", "</em>",
         "<code>", "</code>", '<a href="/l">', "</a>", "word", "é", "\n", "&amp;"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@given(_TEXT)
def test_only_links_are_added(typed: str) -> None:
    shown = clickable(typed)
    # The same text, and no link made inside a link or code.
    assert lxml_html.fragment_fromstring(f"<div>{typed}</div>").text_content() == (
        lxml_html.fragment_fromstring(f"<div>{shown}</div>").text_content()
    )
    before = lxml_html.fragment_fromstring(f"<div>{typed}</div>")
    after = lxml_html.fragment_fromstring(f"<div>{shown}</div>")
    for inside in ("//a//a", "//code//a"):
        assert len(after.xpath(inside)) == len(before.xpath(inside))


@pytest.mark.parametrize(
    ("written", "readable", "flags"),
    [
        (_ADDRESS_CHAR, r"[A-Za-z0-9_\u0080-\U0010ffff#%~/@\[\]*(+=&$-]", 0),
        (_WEB_CHAR, r"[A-Za-z0-9_\u0080-\U0010ffff#$%&~/.\-;:=,?@\[\]+]", re.IGNORECASE),
    ],
)
def test_address_classes_as_written(written: str, readable: str, flags: int) -> None:
    # The classes are written as the ASCII characters they leave out (they compile
    # faster): the same characters as the readable ones, case-blind too. Tried: every
    # character below U+0800, those that fold to ASCII letters (dotted and dotless i,
    # long s, Kelvin sign), the last of the first plane, the first and last past it.
    ours, theirs = re.compile(written, flags), re.compile(readable, flags)
    for code in [*range(0x800), 0x130, 0x131, 0x17F, 0x212A, 0xFFFF, 0x10000, 0x10FFFF]:
        char = chr(code)
        assert (ours.fullmatch(char) is None) == (theirs.fullmatch(char) is None), hex(code)


def _lowered_gate(html: str) -> bool:
    # The test as it was written first: the whole comment lowered.
    lower = html.lower()
    return "://" in html or "www." in lower or "ftp." in lower or "@" in html


_GATE_PIECES = st.sampled_from(
    [
        *("www", "WwW", "ftp", "FTP", "fTp", ".", "..", "w", "W", "ww.", "p", "://", "@", "İ", "K"),
        "." * 65,  # past the dots looked at one by one: the lowered text's own test
    ]
)


@given(
    st.lists(
        st.one_of(_GATE_PIECES, st.text(alphabet="wWfFtTpP. éİıKſ\n", max_size=6)),
        max_size=40,
    )
)
def test_may_hold_address_as_the_lowered_text(pieces: list[str]) -> None:
    # The look without lowering says yes exactly where the lowered text holds a start,
    # whatever the case and the characters around (many dots included).
    html = "".join(pieces)
    assert may_hold_address(html) == _lowered_gate(html)


def test_only_these_characters_lower_to_the_gates_letters() -> None:
    # What may_hold_address relies on: no other character's lower case holds one of
    # the letters of "www." or "ftp.", so a match is four characters of the text; and
    # the case-blind pattern takes for each letter the characters that lower to it.
    found = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000
        and chr(code) not in "wWfFtTpP."
        and any(letter in chr(code).lower() for letter in "wftp.")
    ]
    assert found == []
    for letter in "wftp":
        blind = re.compile(f"(?i:{letter})")
        taken = [chr(code) for code in range(0x110000) if blind.fullmatch(chr(code))]
        assert taken == [letter.upper(), letter]
