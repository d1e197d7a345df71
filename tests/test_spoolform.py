"""The spool's pickling of items (``reader.spoolform``) gives back what pickling them as
everywhere gives back: equal records, every value of the same type, every date with its
fold and time zone, every text exactly (a BOM at its start, lone surrogates); for the
items of every export of the corpus, and for made-up records of every kind of value."""

from __future__ import annotations

import io
import pickle
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools.diagnostics import Diagnostic, InputError
from wxr_tools.model import Comment, Item, Meta, TermRef, evolve
from wxr_tools.reader import read, spoolform

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"


def spooled(batch: Any) -> Any:
    out = io.BytesIO()
    spoolform.dump(batch, out)
    return pickle.loads(out.getvalue())


def shape(value: Any) -> Any:
    """``value`` with every value's type, a date's fold and time zone: what ``==`` does
    not compare (a text and bytes of it differ anyway; a date's fold does not)."""
    if isinstance(value, list | tuple):
        return type(value), [shape(v) for v in value]
    names = getattr(type(value), "__slots__", None)
    if names and type(value).__module__ == "wxr_tools.model":
        return type(value), [shape(getattr(value, name)) for name in names]
    if isinstance(value, datetime):
        return type(value), value, value.fold, value.tzinfo
    return type(value), value


def assert_same(batch: Any) -> None:
    old = pickle.loads(pickle.dumps(batch, 5))
    new = spooled(batch)
    assert new == old == batch
    assert shape(new) == shape(old)


def items_of(path: Path) -> list[Item]:
    """The items of ``path``; of a file not well-formed, those ``--recover`` reads."""
    try:
        with read(str(path)) as export:
            return list(export)
    except InputError:
        with read(str(path), recover=True) as export:
            return list(export)


def test_the_sample() -> None:
    items = items_of(SAMPLE)
    found = [(0, Diagnostic(code="WXR110", message="x", line=3))]
    assert_same((items, list(range(len(items))), found))


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_items(name: str) -> None:
    items = items_of(corpus_path(name))
    for start in range(0, len(items), 32):
        assert_same((items[start : start + 32], [], []))


def test_dates_and_texts_are_written_their_way() -> None:
    """What the module is for: no ``datetime`` pickled as pickle writes it, and long
    texts that are not ASCII in UTF-16 (a planted UTF-8 would fail it)."""
    text = "Café à l’heure " * 10
    date = datetime(2003, 1, 12, 19, 2, 31)
    comment = Comment(id=1, parent=0, date=date, date_gmt=date, content=text)
    item = Item(id=2, date=date, date_gmt=date, modified=date, content=text, excerpt=text)
    item = evolve(item, comments=(comment,))
    out = io.BytesIO()
    spoolform.dump(([item], [], []), out)
    data = out.getvalue()
    assert b"datetime" not in data
    assert text.encode() not in data
    assert text.encode("utf-16") in data
    assert_same(([item], [], []))


_NAIVE = st.datetimes(min_value=datetime(1, 1, 1), allow_imaginary=True)
_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5))])


class Later(datetime):
    """A subclass of ``datetime``: pickled as such."""


_DATES = st.one_of(
    st.none(),
    _NAIVE,
    _NAIVE.map(lambda d: d.replace(fold=1)),
    st.datetimes(timezones=_ZONES),
    _NAIVE.map(lambda d: Later(d.year, d.month, d.day, d.hour, d.minute, d.second)),
)
_TEXTS = st.one_of(
    st.text(),
    st.text(min_size=60, max_size=200),
    st.text(st.characters(min_codepoint=0x80, max_codepoint=0x10FFFF), min_size=60),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=64),
    st.text(st.characters(max_codepoint=0xFF), min_size=60).map(lambda t: "\ufeff" + t),
    st.binary(max_size=80),  # a value of a type no field holds: written as everywhere
)
_SHORT = st.text(max_size=10)


@st.composite
def comments(draw: st.DrawFn) -> Comment:
    meta = draw(st.lists(st.builds(Meta, key=_SHORT, value=_SHORT), max_size=2))
    return Comment(
        id=draw(st.one_of(st.none(), st.integers())),
        parent=0,
        author=draw(_TEXTS),
        date=draw(_DATES),
        date_gmt=draw(_DATES),
        content=draw(_TEXTS),
        meta=tuple(meta),
    )


@st.composite
def items(draw: st.DrawFn) -> Item:
    ref = TermRef(taxonomy="category", slug=draw(_SHORT), name=draw(_SHORT))
    return Item(
        id=draw(st.one_of(st.none(), st.integers())),
        title=draw(_TEXTS),
        date=draw(_DATES),
        date_gmt=draw(_DATES),
        modified=draw(_DATES),
        modified_gmt=draw(_DATES),
        pub_date=draw(_TEXTS),
        content=draw(_TEXTS),
        excerpt=draw(_TEXTS),
        terms=(ref, ref),
        comments=tuple(draw(st.lists(comments(), max_size=3))),
        summaries=draw(st.one_of(st.none(), st.dictionaries(_SHORT, _TEXTS, max_size=2))),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(items(), max_size=4))
@example([Item(id=1, content="\ud83d\ude00" * 40 + "é")])  # a pair UTF-16 would join
@example([Item(id=1, content="\ufeff" + "é" * 70)])  # a BOM UTF-16 would eat
@example([Item(id=1, date=datetime(2020, 1, 1, fold=1))])
def test_any_records(batch: list[Item]) -> None:
    assert_same((batch, list(range(len(batch))), []))


def assert_one_pickler_is_new_ones(batches: list[Any]) -> None:
    """``Dumper`` (one pickler, its memo cleared after each batch) writes each batch as
    the same bytes as a new pickler would, so each loads alone."""
    out = io.BytesIO()
    dumper = spoolform.Dumper(out)
    for batch in batches:
        start = out.tell()
        dumper.dump(batch)
        fresh = io.BytesIO()
        spoolform._Pickler(fresh, 5).dump(batch)
        assert out.getvalue()[start:] == fresh.getvalue()
        assert pickle.loads(out.getvalue()[start:]) == batch


def test_one_pickler_for_the_sample() -> None:
    items = items_of(SAMPLE)
    found = [(0, Diagnostic(code="WXR110", message="x", line=3))]
    half = len(items) // 2
    assert_one_pickler_is_new_ones([(items[:half], [1], found), (items[half:], [2], found)])


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_one_pickler_for_corpus_items(name: str) -> None:
    items = items_of(corpus_path(name))
    batches = [(items[s : s + 32], [s], []) for s in range(0, len(items), 32)]
    assert_one_pickler_is_new_ones(batches)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(items(), max_size=3), max_size=4))
def test_one_pickler_for_any_records(batches: list[list[Item]]) -> None:
    assert_one_pickler_is_new_ones([(batch, [], []) for batch in batches])
