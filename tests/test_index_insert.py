"""The index inserts its rows as it did when it bound None and bytes, and numbers them
from its dict as the database does.

``indexrows.row_of`` holds "" and 0 where there is no WPML group, no attachment's parent and
no ``?lang=`` plugin, which ``Index._insert`` turns into NULL (``NULLIF``), and
``Index.add_rows`` binds each row's data as a bytearray: sqlite3 binds those at once,
where it offers None and bytes to its adapters first. Each test inserts the same
entries the old way too (``old_row`` and ``OLD_INSERT``, written out here), into a
table of the same form in the same database, and compares every stored value with
its SQLite type, the counts, and what the index's queries answer.

While its dicts hold every row (``Index._held``, ``indexheld``) the table gets none: the
dicts answer every query (``entries_after`` numbers the entries by their place), and the
rows are written when the dicts are dropped. The tests compare every answer of the dicts
with the database's, after each part added, and the rows written with the old inserts'.

Its dates are marshalled as pickle's state of each
(an aware one as ISO text): they read back as the ISO text did (``old_dump``).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools import index as index_module
from wxr_tools.entries import entry_of
from wxr_tools.index import CACHE, QTRANSLATE, Entry, Index
from wxr_tools.indexrows import dump_entry, load_entry, rows_of
from wxr_tools.lru import LRU
from wxr_tools.reader import read
from wxr_tools.scratch import id_key

OLD_INSERT = (
    "INSERT OR IGNORE INTO {table} (id, wpml, attached, lang_query, data) VALUES (?, ?, ?, ?, ?)"
)
"""The statement the index used, binding None for none and the data as bytes."""

COLUMNS = (
    "seq, id, typeof(id), wpml, typeof(wpml), attached, typeof(attached),"
    " lang_query, typeof(lang_query), data, typeof(data)"
)


def old_row(entry: Entry) -> tuple[Any, ...]:
    """The row the index made of ``entry`` before (``indexrows.row_of``, then)."""
    attached = entry.parent if entry.type == "attachment" and entry.parent else None
    lang_query = entry.lang_query or None
    return (
        id_key(entry.id),
        entry.wpml_group or None,
        id_key(attached),
        lang_query,
        dump_entry(entry),
    )


def assert_inserted_alike(entries: list[Entry], batch: int = index_module.BATCH) -> None:
    """``entries`` added to an index, and inserted the old way beside it: the same rows."""
    index = Index()
    try:
        table = index._table
        db = index.scratch.db
        old = f"old_{table}"
        db.execute(
            f"CREATE TABLE {old} (seq INTEGER PRIMARY KEY, id NOT NULL UNIQUE, wpml TEXT,"
            " attached, lang_query INTEGER, data BLOB NOT NULL)"
        )
        before = db.total_changes
        rows = [old_row(e) for e in entries]
        for start in range(0, len(rows), batch):
            db.executemany(OLD_INSERT.format(table=old), rows[start : start + batch])
        old_added = db.total_changes - before
        index.add_all(entries)
        assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,)  # held only
        held = index_answers(index, entries)
        index._drop()
        assert index_answers(index, entries) == held
        new = db.execute(f"SELECT {COLUMNS} FROM {table} ORDER BY seq").fetchall()
        was = db.execute(f"SELECT {COLUMNS} FROM {old} ORDER BY seq").fetchall()
        assert new == was
        assert len(index) == old_added
        assert index.duplicates == len(entries) - old_added
        _assert_answers_alike(index, old, entries)
    finally:
        index.close()


def _assert_answers_alike(index: Index, old: str, entries: Iterable[Entry]) -> None:
    """What the index's queries on the columns made NULL answer, on both tables."""
    db = index.scratch.db
    table = index._table

    def both(query: str, *args: Any) -> None:
        new = db.execute(query.format(table=table), args).fetchall()
        was = db.execute(query.format(table=old), args).fetchall()
        assert new == was

    for column in ("wpml", "attached", "lang_query"):
        both(f"SELECT seq FROM {{table}} WHERE {column} IS NOT NULL ORDER BY seq")
        both(f"SELECT seq FROM {{table}} WHERE {column} IS NULL ORDER BY seq")
    both(f"SELECT seq FROM {{table}} WHERE lang_query = {QTRANSLATE} ORDER BY seq")
    for entry in entries:
        both("SELECT seq FROM {table} WHERE wpml = ? ORDER BY seq", entry.wpml_group)
        both("SELECT seq FROM {table} WHERE attached = ? ORDER BY seq", id_key(entry.parent))
        both("SELECT data FROM {table} WHERE id = ?", id_key(entry.id))


def index_answers(index: Index, entries: Iterable[Entry]) -> list[Any]:
    """Every question the index answers, about ``entries``' ids, groups and parents."""
    entries = list(entries)
    ids = [e.id for e in entries] + [e.parent for e in entries] + [0, -1, 2**63]
    index._cache = LRU(CACHE)  # every entry read from the form being asked
    seqs = sorted({-1, 0, 1, len(entries) // 2, len(entries), len(entries) + 1})
    return [
        [index.get(i) for i in ids],
        [index.wpml_group(e.wpml_group) for e in entries],
        [index.attached_to(i) for i in ids],
        [index.lang_queries(), index.qtranslated(), index.max_id(), len(index)],
        [index.duplicates, list(index.entries())],
        [list(index.entries_after(seq)) for seq in seqs],
    ]


def test_rows_hold_no_none_nor_bytes_to_bind() -> None:
    """The rows as made: what sqlite3 binds without its adapters (exact types)."""
    entry = Entry(7, "attachment", "inherit", "s", "", "", 0, None, "", "", None, ())
    (row,) = rows_of([entry])
    assert [type(v) for v in row[:4]] == [int, str, int, int]


IDS = st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from([0, 1, 2, 2**63, -1])
DATES = st.none() | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1))


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    kind = draw(st.sampled_from(["post", "page", "attachment", "nav_menu_item"]))
    return Entry(
        id=draw(IDS),
        type=kind,
        status=draw(st.sampled_from(["publish", "inherit", "draft"])),
        slug=draw(st.text(max_size=6)),
        link=draw(st.text(max_size=6)),
        guid=draw(st.text(max_size=6)),
        parent=draw(IDS),
        date=draw(DATES),
        attachment_url=draw(st.text(max_size=4)),
        attached_file=draw(st.text(max_size=4)),
        thumbnail_id=draw(st.none() | IDS),
        terms=(),
        title=draw(st.text(max_size=6)),
        lang_meta=draw(st.sampled_from(["", "fr"])),
        wpml_group=draw(st.sampled_from(["", "0", "g1", "g2", " ", "NULL"]) | st.text(max_size=3)),
        lang_query=draw(st.sampled_from([0, 1, QTRANSLATE])),
        menu_order=draw(st.integers(min_value=-2, max_value=2)),
        modified=draw(DATES) if kind == "attachment" else None,
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(entries(), max_size=30), st.sampled_from([1, 3, 1000]))
def test_inserted_as_before(found: list[Entry], batch: int) -> None:
    """Ids past SQLite's integers (kept as text), repeated ids, negative parents, WPML
    groups that look like "" or 0, every ``lang_query``, batches of any size."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "BATCH", batch)
        assert_inserted_alike(found, batch)


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_inserted_as_before(name: str) -> None:
    """Every entry of each corpus export, as the index pass makes them."""
    with read(str(corpus_path(name)), recover=True) as export:
        found = [e for e in (entry_of(item, split=True) for item in export) if e is not None]
    assert_inserted_alike(found)


def rows_index() -> Index:
    """An index whose rows go to the database from the first on (its dicts dropped): the
    reference of the dicts' answers."""
    index = Index()
    index._drop()
    return index


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(entries(), max_size=8), max_size=5),
    st.lists(st.integers(min_value=-2, max_value=45), min_size=1, max_size=4),
    st.sampled_from([index_module.HELD_BYTES, 2000]),
)
def test_entries_after_from_the_dict(parts: list[list[Entry]], seqs: list[int], bound: int) -> None:
    """While its dict holds every row, the index numbers the entries from it: the same
    (seq, entry) pairs as the database's, after each part added (repeated ids, ids kept
    as text, numbers past the end, below 0), and once the dict is dropped (``bound``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "HELD_BYTES", bound)
        index, reference, added = Index(), rows_index(), []
        try:
            for part in parts:
                index.add_all(part)
                reference.add_all(part)
                added += part
                for seq in seqs:
                    assert list(index.entries_after(seq)) == list(reference.entries_after(seq))
                assert index_answers(index, added) == index_answers(reference, added)
        finally:
            index.close()
            reference.close()


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_entries_after(name: str) -> None:
    """Every corpus export's entries, added in parts of 7 as the index pass adds its
    parts, each read on from the last seq got, as the site map learns them."""
    with read(str(corpus_path(name)), recover=True) as export:
        found = [e for e in (entry_of(item, split=True) for item in export) if e is not None]
    index, reference = Index(), rows_index()
    try:
        last = 0
        for start in range(0, len(found), 7):
            index.add_all(found[start : start + 7])
            reference.add_all(found[start : start + 7])
            assert index._held is not None
            got = list(index.entries_after(last))
            assert got == list(reference.entries_after(last))
            last = got[-1][0] if got else last
        assert [e for _, e in index.entries_after(0)] == list(index.entries())
        assert index_answers(index, found) == index_answers(reference, found)
    finally:
        index.close()
        reference.close()


def old_dump(entry: Entry) -> bytes:
    """How the index marshalled an entry before: both dates as ISO text."""
    date, modified = entry.date, entry.modified
    values = (
        *entry[:7],
        None if date is None else date.isoformat(),
        *entry[8:-1],
        None if modified is None else modified.isoformat(),
    )
    return marshal.dumps(values)


ANY_DATES = st.none() | st.datetimes(
    timezones=st.none() | st.just(UTC) | st.just(timezone(timedelta(hours=-5, minutes=-30)))
)


@settings(max_examples=500, deadline=None)
@given(entries(), ANY_DATES, ANY_DATES, st.sampled_from([0, 1]))
def test_dates_read_back_as_from_iso_text(
    entry: Entry, date: datetime | None, modified: datetime | None, fold: int
) -> None:
    """A plain date goes as pickle's state of it, an aware one as ISO text: each entry
    reads back as the ISO form read back (time zones, microseconds, years 1 to 9999),
    its dates of the same types and zones, and a plain date's ``fold`` kept."""
    if date is not None:
        date = date.replace(fold=fold)
    entry = entry._replace(date=date, modified=modified)
    assert Entry._fields[7] == "date"
    new, old = load_entry(dump_entry(entry)), load_entry(old_dump(entry))
    assert new == old == entry
    for got, was, made in ((new.date, old.date, date), (new.modified, old.modified, modified)):
        assert type(got) is type(was)
        if got is not None and was is not None and made is not None:
            assert got.tzinfo == was.tzinfo and got.utcoffset() == was.utcoffset()
            assert got.fold == (made.fold if made.tzinfo is None else 0)
    stored = marshal.loads(dump_entry(entry))[7]
    assert type(stored) is (type(None) if date is None else bytes if date.tzinfo is None else str)
