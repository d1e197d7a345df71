"""The id of each language's copy of a post split by language, in ``--to wxr``.

The WXR writer writes each copy of a split post (qTranslate, Language Switcher) as its
own post: the first copy written keeps the post's id, each other one gets the next id
past every id of the export (``references.Copies``). A reference to a split post (a
page's parent, an attachment's post, a menu entry's target, a featured image) names
the copy in the referring item's language: the English copy of a child page goes under
the English copy of its parent, not under the French one the post's id is.

A reference can come before its target: WordPress writes by id, but an export edited by
hand, several files converted as one, or a page re-parented under a later one puts a
child before its parent. So the copies' ids are planned before any item is written,
from the index (which read every item first and knows which are split, in which
languages: ``Entry.split``): in the export's order, each split post's copies that the
status policy and the filters keep (``Kept.copies``), numbered as ``Copies`` numbers
them. ``Copies`` then gives each copy its planned id, so that a reference resolved
ahead names the id its copy is written with. What the index cannot foresee (a post
twice in one file, a copy left out by something else) gets an id past the plan's; a
reference ahead to a planned copy that never comes is reported at the end (WXR426),
as any reference ahead is. The plan is made on the first split post only: an export
without one pays nothing.

Both tables are in the run's scratch database: a qTranslate site splits every post.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wxr_tools.digits import id_of
from wxr_tools.model import Item
from wxr_tools.scratch import id_key

if TYPE_CHECKING:
    import sqlite3

    from wxr_tools.index import Index
    from wxr_tools.writers.references import Kept

SPLIT_GROUPS = ("qt:", "ls:")
"""The translation groups of a split post's copies: ``qt:<id>``, ``ls:<id>``."""


def split_post(item: Item) -> int:
    """The id of the split post ``item`` is a copy of; 0 when it is none."""
    group = item.translation_group
    if item.id is None or not item.lang or group is None or group[:3] not in SPLIT_GROUPS:
        return 0
    return id_of(group[3:])


class CopyIds:
    """The ids the copies of split posts are written with, or will be."""

    def __init__(self, kept: Kept) -> None:
        self.kept = kept
        self.index: Index | None = kept.index
        self._ids: dict[tuple[int, str], int] = {}
        """Without an index (a job built so): the ids written, as they come."""
        self._past_plan: int | None = None
        """The largest id the plan gives (the export's largest without a copy); None:
        no plan made yet."""
        self._db: sqlite3.Connection | None = None
        if self.index is not None:
            scratch = self.index.scratch
            self._db = scratch.db
            columns = "post, lang TEXT, id INTEGER, PRIMARY KEY (post, lang)"
            written = scratch.table("wxr_copy_ids", columns, rowid=False)
            self._plan = scratch.table("wxr_copy_plan", columns, rowid=False)
            self._add = f"INSERT OR IGNORE INTO {written} VALUES (?, ?, ?)"
            self._written = f"SELECT id FROM {written} WHERE post = ? AND lang = ?"
            self._came = f"SELECT 1 FROM {written} WHERE post = ? LIMIT 1"
            self._planned = f"SELECT id FROM {self._plan} WHERE post = ? AND lang = ?"

    def add(self, item: Item) -> None:
        """Note the id a copy was written with (the first of a post and language)."""
        post = split_post(item)
        if not post or item.id is None or item.lang is None:
            return
        if self._db is None:
            self._ids.setdefault((post, item.lang), item.id)
        else:
            self._db.execute(self._add, (id_key(post), item.lang, item.id))

    def get(self, post: int, lang: str | None) -> int:
        """The id of ``post``'s copy in ``lang``: as written, or, when the post has not
        come yet, as planned; ``post`` when it is not split or has no such copy."""
        if not post or not lang:
            return post
        if self._db is None:
            return self._ids.get((post, lang), post)
        key = id_key(post)
        row = self._db.execute(self._written, (key, lang)).fetchone()
        if row is not None:
            return int(row[0])
        assert self.index is not None
        entry = self.index.get(post)
        if entry is None or not entry.split or self._db.execute(self._came, (key,)).fetchone():
            return post  # not split, or its copies came and none is in this language
        planned = self._lookup(key, lang)
        return post if planned is None else planned

    def new_id(self, post: int, lang: str) -> int | None:
        """The id planned for ``post``'s copy in ``lang``, a copy after the first; None
        when the plan has none for it (or gave it already: the post came twice)."""
        if self._db is None:
            return None
        key = id_key(post)
        planned = self._lookup(key, lang)
        if planned is None or planned == post:
            return None
        if self._db.execute(self._written, (key, lang)).fetchone() is not None:
            return None
        return planned

    def past_plan(self) -> int:
        """The largest id planned (0 without an index): an id past it is nobody's."""
        if self._db is None:
            return 0
        self._make_plan()
        assert self._past_plan is not None
        return self._past_plan

    def _lookup(self, key: int | str | None, lang: str) -> int | None:
        self._make_plan()
        assert self._db is not None
        row = self._db.execute(self._planned, (key, lang)).fetchone()
        return None if row is None else int(row[0])

    def _make_plan(self) -> None:
        if self._past_plan is not None:
            return
        assert self.index is not None and self._db is not None
        last = [self.index.max_id()]
        insert = f"INSERT OR IGNORE INTO {self._plan} VALUES (?, ?, ?)"
        self._db.executemany(insert, self._planned_rows(last))
        self._past_plan = last[0]

    def _planned_rows(self, last: list[int]) -> Iterator[tuple[int | str | None, str, int]]:
        """(post, language, id) of every copy the writer will write, in the order it
        numbers them; ``last`` holds the largest id given so far."""
        assert self.index is not None
        for entry in self.index.entries():
            if not entry.split:
                continue
            for n, lang in enumerate(self.kept.copies(entry)):
                if n:
                    last[0] += 1
                yield id_key(entry.id), lang, entry.id if n == 0 else last[0]
