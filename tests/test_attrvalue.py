"""Attribute values read as a browser reads them (``wxr_tools.attrvalue``)."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.attrvalue import decode, literal_ampersands


@pytest.mark.parametrize(
    ("value", "read"),
    [
        # The HTML standard: a reference without ";" in an attribute stays as written
        # when "=" or a letter or digit follows; anywhere else it is decoded.
        ("?a=1&section=2", "?a=1&section=2"),
        ("?a&copy=2", "?a&copy=2"),
        ("?a&region=us&notify=1", "?a&region=us&notify=1"),
        ("&copy2010", "&copy2010"),
        ("&copy 2010", "© 2010"),
        ("&copy", "©"),
        ("&amp=1", "&amp=1"),
        ("&amp", "&"),
        # With ";" a name is decoded when it is one, else kept whole.
        ("&notin;", "∉"),
        ("&notit;", "&notit;"),
        ("&copy;x", "©x"),
        ("&amp;section=2", "&section=2"),
        ("&nosuch;", "&nosuch;"),
        # Numeric references are always decoded.
        ("&#39;", "'"),
        ("&#39x", "'x"),
        ("&#x41;", "A"),
        ("C&C", "C&C"),
        ("no reference", "no reference"),
    ],
)
def test_decode(value: str, read: str) -> None:
    assert decode(value) == read


_PIECES = st.sampled_from(
    ["&", "&amp", "&amp;", "&copy", "&copy;", "&sect", "&notin;", "&not", "&#39", "&#x41;"]
)
_TEXT = st.lists(
    st.one_of(_PIECES, st.sampled_from(["=", "ion", "x", "1", " ", ";", "?a=", "é"])), max_size=8
).map("".join)


@given(_TEXT)
def test_html_unescape_reads_the_literal_ampersands_as_decode_does(value: str) -> None:
    # What ``html.parser`` (which reads attributes with ``html.unescape``) is given.
    assert html.unescape(literal_ampersands(value)) == decode(value)


@given(_TEXT)
def test_decode_differs_from_html_unescape_only_by_keeping(value: str) -> None:
    decoded, unescaped = decode(value), html.unescape(value)
    assert decoded == unescaped or len(decoded) > len(unescaped)
