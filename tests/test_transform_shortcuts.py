"""Shortcuts the transforms take give what the plain way gives.

* ``text.repair`` skips ASCII texts without its regular expressions: no ASCII text
  holds a mojibake lead character, so the plain path would have returned it as is.
* The languages transform's ``Splits`` answers "not split" without a query while
  nothing was split in the run, and from the table once something was.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.scratch import Scratch
from wxr_tools.transforms.languagetables import Splits
from wxr_tools.transforms.text import _SUSPECT, repair


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_texts_have_no_lead(text: str) -> None:
    assert _SUSPECT.search(text) is None  # the plain path's first test would end it
    assert repair(text) is text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcÃÂ©\u00a0\u2019é€ ", max_size=30))
def test_repair_without_the_ascii_shortcut(text: str) -> None:
    """Non-ASCII texts still go the plain way (mojibake among them is repaired)."""
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    plain = text
    if text and _SUSPECT.search(text) and is_bad(text):
        plain = fix_encoding(text)
    assert repair(text) == plain


def test_mojibake_is_still_repaired() -> None:
    assert repair("CafÃ© crÃ¨me") == "Café crème"


def test_splits_ask_nothing_until_something_is_split() -> None:
    with Scratch() as scratch:
        splits = Splits(scratch)
        asked: list[str] = []
        scratch.db.set_trace_callback(asked.append)
        assert splits.get(7) == ()
        assert not [q for q in asked if q.startswith("SELECT")]
        splits.put(7, ("fr", "en"))
        assert splits.get(7) == ("fr", "en")
        assert splits.get(8) == ()
        assert [q for q in asked if q.startswith("SELECT")]
        scratch.db.set_trace_callback(None)
