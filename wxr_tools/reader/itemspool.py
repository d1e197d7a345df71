"""The items of an export as the index pass read them, kept on disk for the main pass,
so that a conversion parses its export once.

A conversion reads its export twice: the index pass (``wxr_tools.index``), before the
transforms, then the main pass, item by item. The index pass's light read costs 80% of
a full one: libxml2 parses every byte either way, the light read only builds less. So
when a conversion has both passes, the index pass reads the items fully and pickles
them here, with what reading each one reported, in batches (``SpoolWriter``, pickled
with dates and long texts written their own way: ``spoolform``); the main
pass, in this process or in parts on every core, loads them instead of parsing the file
again (``Export`` asks ``ItemSpool.batches``). The batches stream: memory holds one.

Which items a read of the main pass takes: those whose lines are in its range, the
whole file's or a part's (``Segment.line`` to ``Segment.end_line``). A part starts at the
start of a line (``segments.CUT``: a line break before its ``<item>``), so its items are
those on its lines, and the ranges of the parts cover the file's lines once: whatever
the parts, each item is given once, in file order. libxml2 counts the line feeds, as
``segments.plan`` does, so an item's line is the same whichever read gives it, the
index pass's (whole, or in its own parts) or the main pass's (tests/test_itemspool.py).
A conversion's index pass in parts reads runs of its main pass's parts, cut once for
both (``segments.Cuts``), and ends a batch where each of those starts: a part of the
main pass then loads only batches of its own items (tests/test_shared_cuts.py).

All or nothing: a file's items come all from the spool or all from parsing, as before
(a part parsed after one from the spool could start at a cut inside a CDATA section,
which only a parsed part before it would have shown: ``segments``). The spool is used
only when every read of the index pass wrote its items and the reads together are the
whole file. What a read adds after the last item (channel elements
there, ``--recover``'s repairs) depends on the read: it is taken from the spool only by
a read of the whole file from a read of the whole file (``--recover`` always reads so);
reads in parts then parse. A write that fails (a full disk) leaves the file to be
parsed, and an export is not spooled when the temporary folder has not twice its size
free (``wanted``); a read that fails goes on parsing past the items the spool gave
(``Export``), from the start of its part: the main pass's parts start at items
(``ItemSpool.at_items``).
An export of several files (``reader.chain``) keeps each file's items on their own.
``--lang``'s pass over the items each attachment and menu entry serves
(``wxr_tools.followers``), between the index pass and the main pass, reads them from
here too, by the same rule; where the spool does not serve it, it parses lightly.

The spool is a folder of the run (``scratch.run_folder``): ``close`` deletes it, as the
end of the run, an error or Ctrl-C does; a killed run's is deleted by the next run.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import sys
import tempfile
import weakref
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.model import Author, Extra, Item, Term
from wxr_tools.reader import spoolform

if TYPE_CHECKING:
    from lxml import etree

    from wxr_tools.reader import Export
    from wxr_tools.reader.segments import Cuts, Segment

BATCH = 32
"""Items pickled together. A part of the main pass unpickles the whole batch at either
end of its lines, other parts' items too, unless the index pass cut the file as it does
(``Segment.inner``: a batch then ends where a part of the main pass does; else a 1 MB
part holds about 150 of the generated export's items: a fifth more than its own).
Smaller batches cost more than that saves:
each batch names the record classes and their makers again, and pickle
imports the module of each name it writes or reads (some 200,000 instructions a batch;
with 8, the 1,000-post conversion in one process took 25 M instructions more)."""

Batch = tuple[list[Item], list[int], list[tuple[int, Diagnostic]]]
"""Items, the bytes the index pass had read after each (for progress bars), and what
reading them reported: (position in the batch, diagnostic)."""
Entry = tuple[int, int, int, int]
"""Where a batch is: the first and last line of its items, its offset and size."""
Late = tuple[list[Diagnostic], list[Author], list[Term], tuple[Extra, ...]]
"""What a read adds after its last item: diagnostics (channel elements after the items,
``--recover``'s repairs), authors and terms read there, the channel's other elements."""


@dataclass(frozen=True, slots=True)
class Region:
    """What one read of the index pass spooled: the items of a file's bytes ``start``
    to ``end`` (None: its end), in the file ``path``."""

    path: str
    start: int
    end: int | None
    table: tuple[Entry, ...]
    late: Late | None
    """What the read added after its last item, if anything: it depends on the read (the
    part's header, its lines), so only a read of the whole file takes it from a spool of
    the whole file; other reads parse."""
    starts: array[int]
    """The lines its items start on, in order (``ItemSpool.at_items``)."""


class ItemSpool:
    """The spooled items of the export at ``sources`` (its files, each on its own): the
    index pass writes them (``SpoolWriter``, in whatever process reads), and hands each
    read's ``Region`` here (``add``); the main pass reads them (``batches``). ``close``
    deletes them."""

    def __init__(self, sources: str | Sequence[str]) -> None:
        from wxr_tools.scratch import run_folder  # sqlite3 with it: only a conversion's

        self.sources = (sources,) if isinstance(sources, str) else tuple(sources)
        self.folder = run_folder()
        self._delete = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self.regions: list[list[Region]] = [[] for _ in self.sources]
        """Each file's, in file order."""
        self.broken: set[int] = set()
        """The files a read of the index pass did not spool the items of."""
        self._cuts: dict[tuple[str, int, int], Cuts] = {}

    def add(self, file: int, region: Region | None) -> None:
        """The next read of the index pass of file number ``file``, in file order (None:
        it spooled nothing)."""
        if region is None:
            self.broken.add(file)
        else:
            self.regions[file].append(region)

    def cuts(self, path: str, size: int, tail: int) -> Cuts:
        """The plan of the parts of ``path`` the main pass reads (``segments.plan``: parts
        of ``size`` bytes, smaller in the last ``tail``), for the index pass to make as it
        reads runs of them (``Cuts.runs``)."""
        from wxr_tools.reader.segments import Cuts

        key = (path, size, tail)
        if key not in self._cuts:
            self._cuts[key] = Cuts(path, size, tail)
        return self._cuts[key]

    def kept(self, path: str, size: int, tail: int) -> list[Segment] | None:
        """The parts ``segments.plan(path, size, tail)`` gives, as the index pass cut them
        (``cuts``); None when it did not make them all."""
        cuts = self._cuts.get((path, size, tail))
        return cuts.made if cuts is not None and cuts.whole else None

    def at_items(self, path: str, parts: Iterator[Segment]) -> Iterator[Segment]:
        """``parts`` of the file ``path`` for the main pass, each run into the next where
        the next does not start on a line an item starts on, when the spool serves them.

        A cut inside a CDATA section (a post quoting an export) looks like any other to
        ``segments.plan``. Parsed, the part before it ends inside that section and fails,
        and the reading goes on from that part's start (``reader.parallel``). Read from
        the spool, nothing fails there: then a part starting at that cut whose batches
        failed to load would be parsed from the cut, and fail. The index pass saw where
        every item starts: a part of the main pass starts at one of them, or not at all.
        """
        file = self.sources.index(path) if path in self.sources else -1
        if file < 0 or not self.serves(file, whole=False):
            yield from parts  # parsed: a false cut fails the part before it, as it should
            return
        regions = self.regions[file]
        held = next(parts, None)
        for part in parts:
            if held is not None and not _starts_on(regions, part.line):
                held = replace(held, end=part.end, end_line=part.end_line)
                continue
            if held is not None:
                yield held
            held = part
        if held is not None:
            yield held

    def complete(self, file: int) -> bool:
        """Whether the regions of file number ``file`` are the whole file, in order, each
        item's line after the one before it."""
        regions = self.regions[file]
        if file in self.broken or not regions or regions[0].start != 0:
            return False
        end: int | None = 0
        line = 0
        for region in regions:
            if region.start != end or (region.late is not None and region.end is not None):
                return False
            end = region.end
            for first, last, _, _ in region.table:
                if first < line:
                    return False
                line = last
        return end is None

    def batches(self, export: Export) -> Iterator[Batch] | None:
        """The batches of the items ``export`` reads (the whole file, or its ``segment``),
        or None when they are to be parsed (see the module docstring). The first and the
        last batch may hold items of other parts: ``Export`` leaves them out by line."""
        if export.light or export.digests or export.path not in self.sources:
            return None
        file = self.sources.index(export.path)
        segment = export.segment
        if not self.serves(file, whole=segment is None):
            return None
        first, end = 1, None
        if segment is not None:
            if segment.end is not None and segment.end_line is None:
                return None  # a part whose end line is unknown
            first, end = segment.line, segment.end_line
        return self._load(self.regions[file], first, end)

    def serves(self, file: int, *, whole: bool) -> bool:
        """Whether the spool gives the items of file number ``file`` to a read of the whole
        file (``whole``) or of its parts: they are complete, and what follows the last
        item is from a read like it, if anything (``Region.late``)."""
        if not self.complete(file):
            return False
        return self.late(file) is None or (whole and len(self.regions[file]) == 1)

    def late(self, file: int) -> Late | None:
        """What the index pass's read of the end of file number ``file`` added after its
        last item."""
        regions = self.regions[file]
        return regions[-1].late if regions else None

    def _load(self, regions: list[Region], first: int, end: int | None) -> Iterator[Batch]:
        for region in regions:
            wanted = [
                (offset, size)
                for low, high, offset, size in region.table
                if high >= first and (end is None or low < end)
            ]
            if not wanted:
                continue
            with open(region.path, "rb") as f:
                for offset, size in wanted:
                    f.seek(offset)
                    data = f.read(size)
                    if len(data) != size:
                        raise EOFError(f"{region.path}: cut short")
                    batch: Batch = pickle.loads(data)
                    yield batch

    def close(self) -> None:
        """Delete the spooled items (again: nothing happens)."""
        self._delete()

    def __enter__(self) -> ItemSpool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _starts_on(regions: list[Region], line: int) -> bool:
    """Whether an item of ``regions`` (complete, in file order) starts on ``line``."""
    for region in regions:
        starts = region.starts
        if starts and starts[-1] >= line:
            at = bisect_left(starts, line)
            return at < len(starts) and starts[at] == line
    return False


ROOM = 2
"""The free space wanted in the temporary folder, in sizes of the export: its spool takes
0.8 to 0.95 of them (long texts not ASCII are kept in UTF-16: ``spoolform``); the rest is
left to the run's other files (and to everyone else's)."""


def wanted(sources: Sequence[str]) -> bool:
    """Whether a conversion of ``sources`` keeps the items the index pass reads: unless
    ``WXR_NO_SPOOL=1`` (to compare), or the temporary folder has not the room for them
    (writing would fail midway, or fill a disk others need: the items are parsed again)."""
    if os.environ.get("WXR_NO_SPOOL") == "1":
        return False
    try:
        size = sum(os.path.getsize(source) for source in sources)
        return shutil.disk_usage(tempfile.gettempdir()).free >= ROOM * size
    except OSError:
        return False


def add_late(export: Export) -> None:
    """What the index pass's read added after the last item of ``export``'s file (``Region.late``),
    added to ``export`` as reading the items again adds it."""
    assert export.spool is not None
    spool = export.spool
    late = spool.late(spool.sources.index(export.path))
    if late is not None:
        diagnostics, authors, terms, extra = late
        export.diagnostics.extend(diagnostics)
        export.authors.extend(authors)
        export.terms.extend(terms)
        if extra:
            export.site = replace(export.site, extra=export.site.extra + extra)


def skip_items(context: etree.iterparse, count: int) -> None:
    """Skip the next ``count`` items of ``context``, unread: the spool gave them."""
    if count <= 0:
        return
    for event, el in context:
        if event == "end":
            parent = el.getparent()
            el.clear()
            if parent is not None:
                parent.remove(el)
            count -= 1
            if count == 0:
                return


UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError)
"""What a spool that cannot be read raises: the items are parsed instead."""


class SpoolWriter:
    """The items of ``export`` (read fully) as they come, pickled in ``folder`` on the
    way; ``region`` says where once they are all read (None: nothing to use)."""

    def __init__(self, export: Export, folder: str, file: int = 0) -> None:
        """``file``: the number of the export's file among those of the run's export."""
        self.export = export
        segment = export.segment
        self._start = segment.start if segment is not None else 0
        self._end = segment.end if segment is not None else None
        self._inner = segment.inner if segment is not None else ()
        self.path = os.path.join(folder, f"{file}-{self._start}.items")
        self.region: Region | None = None
        self._file: BinaryIO | None = None
        self._dumper: spoolform.Dumper | None = None
        self._table: list[Entry] = []
        self._starts = array("q")

    def __iter__(self) -> Iterator[Item]:
        export = self.export
        diagnostics = export.diagnostics
        seen = len(diagnostics)
        authors, terms, extra = len(export.authors), len(export.terms), len(export.site.extra)
        items: list[Item] = []
        read: list[int] = []
        found: list[tuple[int, Diagnostic]] = []
        line = 0
        # Where the main pass's parts in this run start (``Segment.inner``): a batch ends
        # before the first item of each, so that a part of the main pass loads no batch
        # holding another part's items (a fifth more items unpickled, with 1 MB parts).
        inner = iter(self._inner)
        cut = next(inner, sys.maxsize)
        with contextlib.suppress(OSError):  # not spooled: the main pass parses
            self._file = open(self.path, "wb")  # noqa: SIM115 - closed below
            self._dumper = spoolform.Dumper(self._file)
        try:
            for item in export:
                at = item.line
                if at is not None and at >= cut:
                    if items:  # before this item's diagnostics: they go with it
                        self._write((items, read, found))
                        items, read, found = [], [], []
                    while at >= cut:
                        cut = next(inner, sys.maxsize)
                if len(diagnostics) != seen:
                    found.extend((len(items), d) for d in diagnostics[seen:])
                    seen = len(diagnostics)
                if self._file is not None:
                    if item.line is None or item.line < line:
                        self._stop()  # no order to take a part's items by
                    else:
                        line = item.line
                        items.append(item)
                        self._starts.append(line)
                        read.append(self._start + export.bytes_read)
                        if len(items) == BATCH:
                            self._write((items, read, found))
                            items, read, found = [], [], []
                yield item
            if items:
                self._write((items, read, found))
            if self._file is not None and self._finish():
                late: Late = (
                    diagnostics[seen:],
                    [a for a in export.authors[authors:] if not a.derived],  # derived: again
                    export.terms[terms:],
                    export.site.extra[extra:],
                )
                table = tuple(self._table)
                found_late = late if any(late) else None
                self.region = Region(
                    self.path, self._start, self._end, table, found_late, self._starts
                )
        finally:
            if self.region is None:
                self._stop()

    def _write(self, batch: Batch) -> None:
        """Write ``batch`` and note where (a write that fails stops the spooling)."""
        if self._file is None or self._dumper is None:
            return
        try:
            offset = self._file.tell()
            self._dumper.dump(batch)
            size = self._file.tell() - offset
        except OSError:
            self._stop()
            return
        first, last = batch[0][0].line, batch[0][-1].line
        assert first is not None and last is not None  # checked as they came
        self._table.append((first, last, offset, size))

    def _finish(self) -> bool:
        """Close the file; False when what it holds could not all be written."""
        assert self._file is not None
        try:
            self._file.close()
        except OSError:
            return False
        return True

    def _stop(self) -> None:
        """No spool from this read: its file closed and deleted."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None
            self._dumper = None
        with contextlib.suppress(OSError):
            os.remove(self.path)
