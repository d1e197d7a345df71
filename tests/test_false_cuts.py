"""A post quoting an export holds "</item>", a line break and "<item>" in its CDATA, where
``segments.plan`` cuts too: a part starting there is not at an item. Parsed, the part
before it fails, and the reading goes on from that part's start (``reader.parallel``).
But a conversion's main pass reads its parts from the index pass's spool, which parses
nothing: had a part starting at such a false cut failed to load its spool, it would have
been parsed from the false cut, and the run would have failed. The main pass's parts
therefore start only on lines the index pass saw an item start on
(``ItemSpool.at_items``).
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from test_itemspool import convert
from test_reader_parallel import sequential, write
from wxr_builder import item, wxr

from wxr_tools.index import build_index
from wxr_tools.reader import parallel
from wxr_tools.reader.itemspool import ItemSpool
from wxr_tools.reader.segments import plan

QUOTED = "before\n</item>\n\t<item>\n" * 12 + "after"


def tempting(tmp_path: Path) -> Path:
    """Posts quoting an export every third item: cuts inside their CDATA."""
    items = [item(i, body=QUOTED if i % 3 == 0 else "short\n" * 30) for i in range(1, 40)]
    return write(tmp_path, wxr(*items), "tempting.xml")


def failing_at(lines: set[int]) -> Any:
    """``ItemSpool._load`` failing for the parts that start on one of ``lines``."""
    load = ItemSpool._load

    def loading(spool: ItemSpool, regions: Any, first: int, end: int | None) -> Iterator[Any]:
        if first in lines:
            raise OSError(errno.EIO, "Input/output error")
        yield from load(spool, regions, first, end)

    return loading


@pytest.mark.parametrize("size", [700, 1100, 2600])
def test_a_part_is_never_read_from_a_false_cut(
    size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tempting(tmp_path)
    starts = {i.line for i in sequential(path)["items"]}
    cuts = list(plan(str(path), size, 2 * size))
    false = {part.line for part in cuts if part.line not in starts}
    assert false  # the export tempts the plan
    alone = convert(path, tmp_path / "alone", monkeypatch, spool=True)
    assert "error" not in alone
    # Every part whose first line is not an item's fails to load its items: parsed
    # from its start, it would fail. None starts there, so none does.
    monkeypatch.setattr(parallel, "CONVERSION_PART", size)
    monkeypatch.setattr(ItemSpool, "_load", failing_at(false))
    got = convert(path, tmp_path / "parts", monkeypatch, spool=True, workers=2, part_size=size)
    assert got == alone


def test_the_main_passs_parts_merge_those_of_false_cuts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tempting(tmp_path)
    starts = {i.line for i in sequential(path)["items"]}
    cuts = list(plan(str(path), 700, 1400))
    assert any(part.line not in starts for part in cuts[1:])
    spool = ItemSpool(str(path))
    monkeypatch.setenv("WXR_WORKERS", "0")
    build_index(str(path), spool=spool).close()
    merged = list(spool.at_items(str(path), iter(cuts)))
    spool.close()
    # The first part starts at the file's start (its header), the others at items.
    assert [p.line for p in merged] == [1] + [p.line for p in cuts[1:] if p.line in starts]
    assert len(merged) < len(cuts)
    # The same bytes, in the same parts' order: each merged part runs to the next one.
    assert merged[0].start == 0 and merged[-1].end is None
    for before, after in pairwise(merged):
        assert before.end == after.start and before.end_line == after.line


def test_parts_are_kept_as_they_are_where_the_spool_does_not_serve(tmp_path: Path) -> None:
    path = tempting(tmp_path)
    cuts = list(plan(str(path), 900))
    with ItemSpool(str(path)) as spool:  # nothing spooled: the parts are parsed
        assert list(spool.at_items(str(path), iter(cuts))) == cuts
        assert list(spool.at_items("another.xml", iter(cuts))) == cuts
