"""The items of a read that the index pass spooled (``itemspool``), given to the export
in its place: each after what reading it reported, as parsing gives them."""

from __future__ import annotations

import sys
from collections.abc import Generator
from typing import TYPE_CHECKING

from wxr_tools.model import Item

if TYPE_CHECKING:
    from wxr_tools.reader import Export


def from_spool(export: Export, declared_authors: bool) -> Generator[Item, None, int]:
    """The items of ``export`` that the index pass spooled; -1 once all are given, or how
    many were given before the spool failed to be read (0: it is not used)."""
    from wxr_tools.reader.itemspool import UNREADABLE, add_late

    assert export.spool is not None
    batches = export.spool.batches(export)
    if batches is None:
        return 0
    segment = export.segment
    first, stop, shift = 1, sys.maxsize, 0
    if segment is not None:
        first, shift = segment.line, segment.start
        stop = sys.maxsize if segment.end_line is None else segment.end_line
    given = 0
    while True:
        try:
            batch = next(batches, None)
        except UNREADABLE:
            export.spooled_read = None
            return given
        if batch is None:
            add_late(export)
            return -1
        items, read, found = batch
        for i, item in enumerate(items):
            # A batch at either end of a part may hold other parts' items.
            if not first <= (item.line or 0) < stop:
                continue
            if found:
                export.diagnostics.extend(d for at, d in found if at == i)
            export.items_read += 1
            if not declared_authors:
                export.derive_author(item.author)
            export.spooled_read = read[i] - shift
            given += 1
            yield item
