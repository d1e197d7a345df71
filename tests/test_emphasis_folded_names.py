"""Mark names spelled with a letter a case-blind pattern folds ("<ſtrong>", "<ı>", "<İ>"):
no reader of HTML takes them for marks, and converting them raised ``KeyError``
(``emphasis._unnested``), an internal error for the whole run."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from test_markdown_fast_paths import _SHAPE_TOKENS, joined

from wxr_tools.writers.markdown import emphasis
from wxr_tools.writers.markdown.html import to_markdown

FLAVORS = ("hugo", "jekyll", "eleventy", "astro")


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    "html",
    [
        "<p>a <\u017ftrong> x</\u017ftrong></p>",
        "<p>a <\u0131> x</\u0131> <\u0130>y </\u0130></p>",
        "<p><strong>a <\u017ftrong><strong> x</strong></\u017ftrong></strong></p>",
    ],
)
def test_a_folded_name_is_no_mark(html: str, flavor: str) -> None:
    markdown = to_markdown(html, flavor)
    assert "x" in markdown and "**x" not in markdown and "_x" not in markdown


def test_nesting_counts_only_the_marks_a_reader_sees() -> None:
    text = "<strong>a <\u017ftrong>b</\u017ftrong> <strong>c</strong></strong>"
    assert emphasis._unnested(text) == "<strong>a <\u017ftrong>b</\u017ftrong> c</strong>"


@settings(max_examples=300)
@given(joined(_SHAPE_TOKENS))
@example("a <\u017ftrong> x</\u017ftrong>")
def test_any_shape_of_marks_converts(text: str) -> None:
    for flavor in FLAVORS:
        assert isinstance(to_markdown(f"<p>{text}</p>", flavor), str)
