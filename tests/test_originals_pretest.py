"""``originals._may_hold_note`` gives what its first formulation gave: ``piece in``
the folded bytes and ``any()`` over the look-alike letters (now ``bytes.find`` and plain
loops), and never says no to a text where the plain search finds a note."""

from __future__ import annotations

import pytest
from corpus_helpers import corpus_files, file_params, transformed_sources
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.originals import _ASCII_LOOKALIKES, _NOTE_PIECES, _may_hold_note, _search_note


def _reference(text: str) -> bool:
    """The test as first written: ``in`` on the bytes, ``any`` over a generator."""
    folded = text.encode("utf-8", "surrogatepass").lower()
    if any(piece in folded for piece in _NOTE_PIECES):
        return True
    return not text.isascii() and any(letter in text for letter in _ASCII_LOOKALIKES)


_PIECES = st.sampled_from(
    [
        *("first", "FiRsT", "firſt", "fİrst", "orıgin", "ORIGIN", "initial", "Initial", "abord"),
        *("ABORD", "demment", "DEMMENT", "previously", "PREVIOUSLY", "İ", "ı", "ſ", "K", "é"),
        *("€", "\U0001f600", "\ud800", "fir", "st", "x", " ", "<p>", "\n"),
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, max_size=10))
def test_pretest_is_the_first_formulation(parts: list[str]) -> None:
    text = "".join(parts)
    assert _may_hold_note(text) == _reference(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_pretest_is_the_first_formulation_on_any_text(text: str) -> None:
    assert _may_hold_note(text) == _reference(text)


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_pretest_on_the_corpus(name: str) -> None:
    """Real texts: the same answer, and a yes wherever the plain search finds a note."""
    for item_id, source in transformed_sources(name):
        may = _may_hold_note(source)
        assert may == _reference(source), item_id
        assert may or _search_note(source) is None, item_id
