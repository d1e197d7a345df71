"""The index's rows in memory, while they are few: every question the index asks of its
table, answered from dicts (``Index._held``).

The index's table answers by its id (``UNIQUE``) and by three columns that are empty for
most entries (partial indexes): an insert kept them all up to date, some 20 thousand
instructions an entry, while the dicts answered ``get`` and nobody asked the table. So
the rows stay here until the dicts are dropped or another process needs them
(``Index._write``, ``Index._before_share``): ``data`` is the table's id and data columns,
in its order (the first row of each id, as INSERT OR IGNORE keeps it), ``columns`` the
other three of the few rows that have one.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator, ValuesView
from itertools import islice

from wxr_tools.indexrows import QTRANSLATE, Row

Key = int | str | None
"""An id key (``scratch.id_key``)."""
Columns = tuple[str, Key, int]
"""A row's WPML group, attachment's parent and ``Entry.lang_query`` ("" or 0: none, the
table's NULL)."""
DUMP_ROWS = 1000
"""Rows marshalled together by ``dump``."""

HELD_ENTRY = 130
"""An entry's memory besides its data's bytes: the bytes object's header (33), its id
(28) and its slot in the dict (about 70)."""
HELD_COLUMNS = 140
"""An entry's memory in ``columns`` too, for the few that have a column: its tuple (64)
and its slot in the dict (about 70)."""


class HeldRows:
    """The index's rows (``data``, ``columns``) and what its queries ask of them."""

    __slots__ = ("_groups", "_parents", "bytes", "columns", "data", "qtranslated", "queries")

    def __init__(self) -> None:
        self.data: dict[Key, bytes] = {}
        """Each id key's data, as the table's rows have them: the first row of each id, in
        the order added (the table's ``seq``)."""
        self.columns: dict[Key, Columns] = {}
        """The columns of the rows of ``data`` that have one, in the same order."""
        self.bytes = 0
        """What ``data`` and ``columns`` take (``HELD_ENTRY``, ``HELD_COLUMNS``)."""
        self.queries = False
        """A row has a ``lang_query`` (``Index.lang_queries``)."""
        self.qtranslated = False
        """A row's ``lang_query`` is ``QTRANSLATE`` (``Index.qtranslated``)."""
        self._groups: dict[str, list[Key]] | None = None
        """The ids of each WPML group, in order: made when first asked (``group``)."""
        self._parents: dict[Key, list[Key]] | None = None
        """The ids of each parent's attachments, in order: made when first asked."""

    def add(self, batch: Iterable[Row]) -> int:
        """Add rows as INSERT OR IGNORE would insert them: an id's first row stays (a row
        breaks no other constraint: ``row_of`` gives every one an id and data). Returns
        how many were new."""
        data = self.data
        added = size = 0
        for row in batch:
            key = row[0]
            if key not in data:
                found = data[key] = row[4]
                added += 1
                size += len(found)
                if row[1] or row[2] or row[3]:  # the columns NULLIF leaves
                    self._add_columns(key, row[1:4])
                    size += HELD_COLUMNS
        self.bytes += size + added * HELD_ENTRY
        return added

    def _add_columns(self, key: Key, columns: Columns) -> None:
        self.columns[key] = columns
        group, parent, query = columns
        if query:
            self.queries = True
            if query == QTRANSLATE:
                self.qtranslated = True
        if group and self._groups is not None:
            self._groups.setdefault(group, []).append(key)
        if parent and self._parents is not None:
            self._parents.setdefault(parent, []).append(key)

    def rows(self) -> list[Row]:
        """The rows, in order, as ``Index._insert`` takes them."""
        columns, empty = self.columns, ("", 0, 0)
        return [(key, *columns.get(key, empty), data) for key, data in self.data.items()]

    def group(self, key: str) -> list[bytes]:
        """The data of the rows whose WPML group is ``key`` (not ""), in order."""
        if self._groups is None:
            self._groups = {}
            for found, (group, _, _) in self.columns.items():
                if group:
                    self._groups.setdefault(group, []).append(found)
        data = self.data
        return [data[found] for found in self._groups.get(key, ())]

    def attached(self, parent: Key) -> list[bytes]:
        """The data of the rows whose attachment's parent is ``parent``, in order."""
        if self._parents is None:
            self._parents = {}
            for found, (_, attached, _) in self.columns.items():
                if attached:
                    self._parents.setdefault(attached, []).append(found)
        data = self.data
        return [data[found] for found in self._parents.get(parent, ())]

    def max_id(self) -> int:
        """The largest id kept as an integer (0 for none), as ``MAX(id)`` over them."""
        return max((key for key in self.data if type(key) is int), default=0)

    def values(self) -> ValuesView[bytes]:
        return self.data.values()

    def dump(self) -> Iterator[bytes]:
        """The rows marshalled, in parts of ``DUMP_ROWS``, for ``load``: one blob of them
        all took its size twice more in memory at once (the bytes, SQLite's copy), 8 MB
        more peak memory for 10,000 posts, kept by the workers forked after it too."""
        yield marshal.dumps((self.columns, self.bytes))
        items = iter(self.data.items())
        while part := dict(islice(items, DUMP_ROWS)):
            yield marshal.dumps(part)

    @classmethod
    def load(cls, parts: Iterable[bytes]) -> HeldRows:
        """The rows ``dump`` gave the parts of, in its order."""
        held = cls()
        parts = iter(parts)
        columns, held.bytes = marshal.loads(next(parts))
        for part in parts:
            held.data.update(marshal.loads(part))
        for key, found in columns.items():
            held._add_columns(key, found)
        return held
