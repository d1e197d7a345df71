"""The index: small per-item facts from a cheap first pass, for cross-item work.

Transforms that need to know about other items (a gallery's attachments, the target
of an internal link, a page's parent) ask the index, never the items themselves:
the pass keeps a few scalars per item, not bodies or comments, and keeps them on disk
(``wxr_tools.scratch``): memory grows neither with the number of items nor with their
size. While they are few they are kept in dicts instead (``indexheld``), and the
entries most recently asked for are kept in memory too.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from functools import partial
from itertools import count, islice
from types import TracebackType
from typing import TYPE_CHECKING, Any

from wxr_tools.forkheld import BlobCopy, Held, shared_state
from wxr_tools.indexheld import HELD_ENTRY as HELD_ENTRY
from wxr_tools.indexheld import HeldRows
from wxr_tools.indexrows import QTRANSLATE as QTRANSLATE
from wxr_tools.indexrows import Entry as Entry
from wxr_tools.indexrows import Row as Row
from wxr_tools.indexrows import load_entry, row_of
from wxr_tools.indexrows import rows_of as rows_of
from wxr_tools.lru import LRU
from wxr_tools.reader import Export, read
from wxr_tools.reader.parallel import MINIMUM, map_parts
from wxr_tools.repeats import Copy, Repeats
from wxr_tools.scratch import Scratch, id_key

if TYPE_CHECKING:
    from wxr_tools.reader.itemspool import ItemSpool, Region

INDEX_MINIMUM = 16 << 20
"""Smaller files are indexed in one piece, in one process: the index pass reads them
lightly (7 MB in 0.1 s), and reading a 7 MB file in parts on two cores took as long
and 40-65 ms more CPU (the processes forked, the header read by each). A conversion
reads them in the background (``indexpass.IndexPass``)."""
INDEX_HERE = MINIMUM
"""Files of this size or more not indexed by workers are indexed in parts all the same,
one after the other in one process: each later part is parsed in one piece, not event
by event (``reader.window``): 0.75% of a 1,000-post conversion's instructions."""
HELD_BYTES = 15 << 20
"""Memory the entries kept in dicts instead of the database (``forkheld``, ``indexheld``)
may take: their dumped data and ``HELD_ENTRY`` bytes each (``indexheld.HELD_COLUMNS``
more for the few with a WPML group, an attachment's parent or a ``lang_query``).
Generated exports' entries took 506 bytes each (``tracemalloc``, 10,000 and 50,000
posts), 525 by this count: 15 MB is
some 29,000 entries. With the site map's keys (``sitetables.HELD_BYTES``) at most 27 MB,
well inside the 100 MB a run may take (a run of 10,000 posts took 57 MB without them).
Past it the rows are written to the database, which alone answers."""
BATCH = 1000
"""Entries inserted per statement by the index pass."""
CACHE = 1024
"""Entries kept in memory: link targets recur (menus, parents, the same images)."""
GROUP_MAXIMUM = 256
"""Entries of one WPML group read back: a group holds one item per language (WPML has
about 65); an export that gives thousands of items one group costs no more than this."""


class Index:
    """Items by id, in a scratch database; the first item wins when an export repeats an id.

    ``scratch`` is the run's database, when several tables share one; without it the
    index opens its own. ``close`` (or ``with``) deletes it.
    """

    def __init__(self, entries: Iterable[Entry] = (), scratch: Scratch | None = None) -> None:
        self.scratch = scratch if scratch is not None else Scratch()
        self._owns_scratch = scratch is None
        # seq keeps the export's order (entries() gives it back); id is the lookup key,
        # typeless so that an id too large for SQLite's integers can be stored as text.
        # wpml is the entry's WPML group, NULL for most: the partial index holds only
        # the items that have one, so an export without WPML pays nothing for it. So is
        # attached, an attachment's parent (a plain [gallery] shows the post's images),
        # and lang_query, set for an entry that shows a plugin answering ?lang= (a few).
        self._table = self.scratch.table(
            "entries",
            "seq INTEGER PRIMARY KEY, id NOT NULL UNIQUE, wpml TEXT, attached,"
            " lang_query INTEGER, data BLOB NOT NULL",
        )
        for column in ("wpml", "attached", "lang_query"):
            self.scratch.db.execute(
                f"CREATE INDEX {self._table}_{column} ON {self._table} ({column})"
                f" WHERE {column} IS NOT NULL"
            )
        # A row holds "" and 0 for none (``Row``): NULLIF stores them as NULL.
        self._insert = (
            f"INSERT OR IGNORE INTO {self._table} (id, wpml, attached, lang_query, data)"
            " VALUES (?, NULLIF(?, ''), NULLIF(?, 0), NULLIF(?, 0), ?)"
        )
        self._select = f"SELECT data FROM {self._table} WHERE id = ?"
        self._group = (
            f"SELECT data FROM {self._table} WHERE wpml = ? ORDER BY seq LIMIT {GROUP_MAXIMUM}"
        )
        self._attached = f"SELECT data FROM {self._table} WHERE attached = ? ORDER BY seq"
        self._cache: LRU[int, Entry] = LRU(CACHE)
        self._held: Held[HeldRows] | None = Held(HeldRows())
        """The rows, until they take more than ``HELD_BYTES`` (None: the database answers,
        as it does in a process that did not inherit them nor read them from the shared
        copy's blob)."""
        self._written = False
        """The table has the rows (``_write``): ``add_rows`` inserts each new one."""
        self._copy = BlobCopy("entries_blob")
        """The rows as the copy for other processes has them (``_before_share``)."""
        self.scratch.before_share(self._before_share)
        self._added_under: str | None = None
        """The database's shared copy (``Scratch.shared``) when rows were last added."""
        self._count = 0
        self.duplicates = 0
        self.repeats: Repeats | None = None
        """Which file each item comes from, when the export is several files."""
        self.add_all(entries)

    def add(self, entry: Entry) -> None:
        self.add_all((entry,))

    def add_all(self, entries: Iterable[Entry]) -> None:
        """Add entries in export order, a batch per statement."""
        self.add_rows(rows_of(entries))

    def add_rows(self, rows: Iterable[Row]) -> None:
        """Add entries as ``rows_of`` stores them (made in another process, maybe)."""
        stream = iter(rows)
        while batch := list(islice(stream, BATCH)):
            held = self._held
            if held is None or self._written:
                added = self._insert_rows(batch)
                if held is not None:
                    held.value.add(batch)
            else:
                added = held.value.add(batch)
            if held is not None:
                self._copy.stale = True
            self._added_under = self.scratch.shared
            self._count += added
            self.duplicates += len(batch) - added
            if held is not None and held.value.bytes > HELD_BYTES:
                self._drop()

    def _insert_rows(self, batch: list[Row]) -> int:
        """Insert ``batch`` into the table; how many rows were new."""
        db = self.scratch.db
        before = db.total_changes
        # The data as a bytearray: the same blob, bound at once (bytes are not: ``Row``).
        ids, groups, parents, queries, data = zip(*batch, strict=True)
        blobs = map(bytearray, data)
        db.executemany(self._insert, zip(ids, groups, parents, queries, blobs, strict=True))
        return db.total_changes - before

    def _write(self) -> None:
        """Write the held rows to the table, in order: from now on ``add_rows`` inserts
        each new row too. ``HeldRows`` kept what INSERT OR IGNORE would have: the table
        gets the rows, and numbers (``seq``), it would have had."""
        held = self._held
        if held is not None and not self._written:
            self._written = True
            for start in range(0, len(rows := held.value.rows()), BATCH):
                self._insert_rows(rows[start : start + BATCH])

    def _drop(self) -> None:
        """Write the rows, and answer from the database from now on."""
        self._write()
        self._held = None

    def _before_share(self) -> None:
        """Before the database is copied for other processes (``Scratch.share``): a
        process not forked from this one finds no dicts (``forkheld``) and reads the
        copy. While the table lacks the rows it gets them as a blob in parts
        (``BlobCopy``, ``HeldRows.dump``: at most ``HELD_BYTES`` again in that process's
        memory, the bound of this one's rows), and answers from them as this one does."""
        held = self._held
        self._copy.write(self.scratch, None if held is None or self._written else held.value.dump)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self._held is None and self._copy.in_copy:
            # A process that did not inherit the rows: the shared copy's blob.
            self._held = Held(HeldRows.load(self._copy.read(self.scratch)))
            # Its database is the read-only copy: rows added insert there too, and fail
            # as they did when the rows were in it (nothing adds to such a copy).
            self._written = True

    def __getstate__(self) -> dict[str, Any]:
        return shared_state(self.__dict__, self.scratch.shared, self._added_under)

    def get(self, item_id: int) -> Entry | None:
        entry = self._cache.get(item_id, None)
        if entry is not None:
            return entry
        held = self._held
        if held is not None:
            # The id key as the database stores it: the same ids find the same rows.
            data = held.value.data.get(id_key(item_id))
        else:
            row = self.scratch.db.execute(self._select, (id_key(item_id),)).fetchone()
            data = None if row is None else row[0]
        if data is None:
            return None  # not cached: a later add() may still bring it
        entry = load_entry(data)
        self._cache.put(item_id, entry)
        return entry

    def wpml_group(self, key: str) -> list[Entry]:
        """The entries of WPML group ``key`` (``Entry.wpml_group``), in export order; at
        most ``GROUP_MAXIMUM`` of them."""
        if not key:
            return []
        held = self._held
        if held is not None:
            return [load_entry(data) for data in held.value.group(key)[:GROUP_MAXIMUM]]
        return [load_entry(data) for (data,) in self.scratch.db.execute(self._group, (key,))]

    def lang_queries(self) -> bool:
        """Whether an entry shows a language plugin that answered ``?lang=``
        (``Entry.lang_query``): the partial index answers without a scan."""
        held = self._held
        if held is not None:
            return held.value.queries
        query = f"SELECT 1 FROM {self._table} WHERE lang_query IS NOT NULL LIMIT 1"
        return self.scratch.db.execute(query).fetchone() is not None

    def qtranslated(self) -> bool:
        """Whether an entry had qTranslate's tags (``Entry.lang_query``): the partial
        index answers this one too (``= 2`` implies ``IS NOT NULL``)."""
        held = self._held
        if held is not None:
            return held.value.qtranslated
        query = f"SELECT 1 FROM {self._table} WHERE lang_query = {QTRANSLATE} LIMIT 1"
        return self.scratch.db.execute(query).fetchone() is not None

    def attached_to(self, parent: int) -> list[Entry]:
        """The attachments whose parent is ``parent``, in export order: the images a
        ``[gallery]`` without ids shows (``wxr_tools.gallery``)."""
        held = self._held
        if held is not None:
            return [load_entry(data) for data in held.value.attached(id_key(parent))]
        db = self.scratch.db
        return [load_entry(data) for (data,) in db.execute(self._attached, (id_key(parent),))]

    def entries(self) -> Iterator[Entry]:
        """Every entry, in the order the export gave them (first of each id)."""
        held = self._held
        if held is not None:
            yield from map(load_entry, list(held.value.values()))
            return
        cursor = self.scratch.db.execute(f"SELECT data FROM {self._table} ORDER BY seq")
        for (data,) in cursor:
            yield load_entry(data)

    def entries_after(self, seq: int) -> Iterator[tuple[int, Entry]]:
        """(seq, entry) of the entries added after the one numbered ``seq`` (0: all), in
        the order ``entries`` gives them: a reader of an index still being filled goes
        on from the last it got."""
        held = self._held
        if held is not None:
            # The dict holds the table's rows in its order (``HeldRows.add``), and SQLite
            # numbers each one past the last from 1 (none is deleted): its number is its
            # place; every number is past one below 1.
            start = max(seq, 0)
            found = islice(held.value.values(), start, None)
            yield from zip(count(start + 1), map(load_entry, found))
            return
        query = f"SELECT seq, data FROM {self._table} WHERE seq > ? ORDER BY seq"
        for number, data in self.scratch.db.execute(query, (seq,)):
            yield number, load_entry(data)

    def attachment_url(self, item_id: int) -> str | None:
        entry = self.get(item_id)
        if entry is None or entry.type != "attachment":
            return None
        return entry.attachment_url or entry.guid or None

    def max_id(self) -> int:
        """The largest id (0 for none): a new item numbered past it collides with none.
        Ids past SQLite's integers (kept as text) are left out: nothing counts up to them."""
        held = self._held
        if held is not None:
            return held.value.max_id()
        row = self.scratch.db.execute(
            f"SELECT MAX(id) FROM {self._table} WHERE typeof(id) = 'integer'"
        ).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else 0

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        """Delete the index's database (when it opened its own; else its owner does)."""
        if self._owns_scratch:
            self.scratch.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def build_index(
    source: str | Sequence[str],
    *,
    recover: bool = False,
    scratch: Scratch | None = None,
    each: Callable[[Index], None] | None = None,
    spool: ItemSpool | None = None,
) -> Index:
    """Read ``source`` once, lightly (no comments, little meta), and index its items;
    with ``spool``, read them fully and keep them there for the main pass.

    ``source``: a path, or the paths of the files of one export (``reader.chain``):
    they are indexed one after the other, and ``Index.repeats`` tells which items a
    file repeats from an earlier one. Problems in the file are left to the main pass
    to report. ``scratch``: the run's database, when it has one; the index opens its
    own otherwise. ``each`` is called with the index after each part of it is added
    (``linktables.Learner``).
    """
    paths = source_paths(source)
    return index_of(paths, index_parts(paths, recover, spool), scratch, each, spool)


def index_of(
    paths: Sequence[str],
    parts: Iterable[IndexedPart],
    scratch: Scratch | None,
    each: Callable[[Index], None] | None = None,
    spool: ItemSpool | None = None,
) -> Index:
    """The index of ``paths`` made of ``parts`` as they come (``build_index``, or an
    ``IndexPass``'s parts); ``each`` is called after each part is added, ``spool`` told
    where each part's items were spooled. The index is closed if reading a part raises."""
    index = empty_index(paths, scratch)
    try:
        for part in parts:
            add_part(index, part)
            if spool is not None:
                spool.add(part[0], part[3])
            if each is not None:
                each(index)
    except BaseException:
        index.close()
        raise
    return index


def source_paths(source: str | Sequence[str]) -> tuple[str, ...]:
    return (source,) if isinstance(source, str) else tuple(source)


def empty_index(paths: Sequence[str], scratch: Scratch | None) -> Index:
    index = Index(scratch=scratch)
    if len(paths) > 1:
        index.repeats = Repeats(index.scratch, paths)
    return index


IndexedPart = tuple[int, list[Row], list[Copy] | None, "Region | None"]
"""What the index pass read of a part of a file: the file's number, the part's rows,
with several files the copies ``Repeats`` compares, and where its items were spooled
(``reader.itemspool``; None: they were not)."""


def add_part(index: Index, part: IndexedPart) -> None:
    file, rows, copies, _ = part
    index.add_rows(rows)
    if index.repeats is not None and copies is not None:
        index.repeats.add(file, copies)


def index_parts(
    paths: Sequence[str], recover: bool, spool: ItemSpool | None = None
) -> Generator[IndexedPart, None, None]:
    """The parts of the index pass of ``paths``, in order; with ``spool``, the items are
    read fully and kept there (``itemspool``), and a file read in parts is cut as the
    main pass cuts it (``parallel.map_parts``)."""
    # A generator (``close``): ``IndexPass`` stops one, and its workers, that it started.
    several = len(paths) > 1
    folder = spool.folder if spool is not None else None
    if several:
        from wxr_tools.indexfiles import file_per_worker, index_files

        if file_per_worker(paths):
            yield from index_files(paths, recover, folder)
            return
    for file, path in enumerate(paths):
        with read(path, recover=recover, light=spool is None) as export:
            export.digests = several
            # A large file is read in parts on every core; the rows come back in order.
            if several:
                copied = partial(index_copies, spool=folder, file=file)
                parts = map_parts(export, copied, minimum=INDEX_MINIMUM, spool=spool)
                for rows, copies, region in parts:
                    yield file, rows, copies, region
            else:
                work = partial(index_rows, spool=folder)
                read_in = map_parts(
                    export, work, minimum=INDEX_MINIMUM, spool=spool, here=INDEX_HERE
                )
                for rows, region in read_in:
                    yield file, rows, None, region


def index_rows(export: Export, spool: str | None = None) -> tuple[list[Row], Region | None]:
    """The index rows of the items of ``export`` (a whole file or a part of one); with
    ``spool`` (a folder), the items are kept there too: where (None: they were not)."""
    from wxr_tools.entries import entry_of  # it imports this module (Entry)

    if spool is None:
        entries = (entry_of(item, split=True) for item in export)
        return list(rows_of(e for e in entries if e is not None)), None
    from wxr_tools.reader.itemspool import SpoolWriter

    writer = SpoolWriter(export, spool)
    entries = (entry_of(item, split=True) for item in writer)
    rows = list(rows_of(e for e in entries if e is not None))
    return rows, writer.region


def index_copies(
    export: Export, spool: str | None = None, file: int = 0
) -> tuple[list[Row], list[Copy], Region | None]:
    """``index_rows``, and the copies of ``Repeats`` (``export``, file number ``file`` of
    several, read with digests)."""
    from wxr_tools.entries import entry_of

    rows: list[Row] = []
    copies: list[Copy] = []
    writer = None
    if spool is not None:
        from wxr_tools.reader.itemspool import SpoolWriter

        writer = SpoolWriter(export, spool, file)
    for item in export if writer is None else writer:
        entry = entry_of(item, split=True)
        if entry is None:
            continue
        row = row_of(entry)
        rows.append(row)
        key = row[0]
        assert key is not None  # an entry has an id
        copies.append((key, item.line, export.digest))
    return rows, copies, writer.region if writer is not None else None
