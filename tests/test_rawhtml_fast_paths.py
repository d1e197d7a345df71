"""``rawhtml``'s shortcuts find exactly what the patterns they replace find."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools.writers.markdown import rawhtml

# Names the pattern looks for and others, in any case, with their Unicode case
# partners ("K" is the Kelvin sign, "ſ" a long s: the pattern matches "kbd", "s"),
# and what may follow a name (a word character continues it).
_NAME_TOKENS = [
    "<", "pre", "PRE", "Code", "iframe", "s", "S", "ſ", "small", "kbd", "\u212abd", "ul",
    "figcaption", "p", "a", "img", "div", "x", "_", "1", "é", " ", ">", "/", "\n", "İ", "ı",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_NAME_TOKENS), max_size=20).map("".join))
@example("<\u212abd>")
@example("<ſ>")
@example("<Pre>")
@example("<pre_x>")
def test_the_words_after_each_tag_start_need_the_scan_as_the_pattern_says(source: str) -> None:
    assert rawhtml._needs_element(source) == (rawhtml._NEEDS_ELEMENT.search(source) is not None)
