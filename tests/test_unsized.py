"""``sitetables._unsized``, the test of a file key's end that spares most keys the
size-suffix expression, against that expression (``VARIANT.sub``): on keys built of
the suffixes' pieces and their near misses, and on every uploaded file's path and URL
of the corpus exports."""

from __future__ import annotations

import re

import pytest
from corpus_helpers import CORPUS, corpus_files, skip_reason
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.sitetables import _unsized
from wxr_tools.urlparts import VARIANT

_PIECES = st.sampled_from(
    [
        "-", "x", "X", "e", "-e", "1", "0", "9", "300", ".", ".jpg", "a", "/", "_", "\n",
        "-scaled", "-SCALED", "-rotated", "scaled", "-300x200", "-300X200", "-1x", "x2",
        "-e1234567890", "-e123456789", "-e12345678901234", "\u0661", "\u00e9", "\u00b2",
    ]
)  # fmt: skip


@settings(max_examples=3000)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_same_as_the_expression_on_pieces(key: str) -> None:
    assert _unsized(key) == VARIANT.sub("", key)


@settings(max_examples=1000)
@given(st.text(max_size=30))
def test_same_as_the_expression_on_any_text(key: str) -> None:
    assert _unsized(key) == VARIANT.sub("", key)


def test_the_suffixes_are_still_cut() -> None:
    # Would fail if the test of the end let a suffixed key through as it is.
    for key in ("a-300x200.jpg", "a-scaled.png", "a-rotated.gif", "a-e1234567890.jpg"):
        assert _unsized(key) == key.rpartition("-")[0] + "." + key.rpartition(".")[2]
    assert _unsized("a-1x2-scaled.jpg") == "a.jpg"
    assert _unsized("a-\u0661x\u0662.jpg") == "a.jpg"  # Arabic-Indic digits are \d too


_FILES = re.compile(rb"(?:https?:)?//[^\s<>\"'\]]+?\.\w{2,5}\b|\d{4}/\d{2}/[^\s<>\"'\]]+")


@pytest.mark.skipif(CORPUS is None, reason=skip_reason())
@pytest.mark.parametrize("name", corpus_files())
def test_same_as_the_expression_on_the_corpus(name: str) -> None:
    assert CORPUS is not None
    text = (CORPUS / name).read_bytes()
    keys = {m.decode("utf-8", "replace") for m in _FILES.findall(text)}
    for key in keys:
        for form in (key, key.lower()):
            assert _unsized(form) == VARIANT.sub("", form), form
