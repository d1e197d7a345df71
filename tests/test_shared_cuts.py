"""A conversion cuts its export once (``segments.Cuts``): the index pass reads runs of
the parts its main pass reads, and the main pass takes those parts again instead of
cutting the file a second time.

The runs cover the file once, in order, each made of whole parts (the lines the others
start on in ``Segment.inner``), and are cut at the sizes ``plan`` would use; the parts
kept are ``plan``'s own; the main pass reads them without cutting the file again, gives
what a sequential read gives, and loads only batches of its own items from the spool.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest
from spool_helpers import no_parsing, read_state
from test_itemspool import convert, generated, spooled
from test_reader_parallel import sequential, write
from test_segments_plan import export_bytes
from wxr_builder import item, wxr

from wxr_tools import index as index_module
from wxr_tools import reader
from wxr_tools.index import build_index
from wxr_tools.reader import parallel, read
from wxr_tools.reader.itemspool import ItemSpool
from wxr_tools.reader.segments import Cuts, Segment, plan

SIZES = [(700, 700), (700, 3000), (1500, 4000), (300, 9000)]
"""(the main pass's parts, the index pass's), in bytes."""


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize(("fine", "coarse"), SIZES)
def test_runs_are_whole_parts_cut_at_plans_sizes(
    tmp_path: Path, seed: int, fine: int, coarse: int
) -> None:
    path = str(write(tmp_path, export_bytes(seed)))
    end = Path(path).stat().st_size
    cuts = Cuts(path, fine, 2 * fine)
    runs = list(cuts.runs(coarse, 2 * coarse))
    assert cuts.whole
    assert cuts.made == list(plan(path, fine, 2 * fine))
    parts = iter(cuts.made)
    start, line = 0, 1
    for run in runs:
        assert (run.start, run.line) == (start, line)
        members = [next(parts)]
        while members[-1].end != run.end:
            members.append(next(parts))
        assert run.inner == tuple(part.line for part in members[1:])
        assert run.end_line == members[-1].end_line
        if run.end is not None:
            # It ends at the first part's end that is the wanted size past its start.
            want = coarse if end - run.start > 2 * coarse else coarse // 4
            assert run.end - run.start >= want
            assert len(members) == 1 or members[-2].end - run.start < want  # type: ignore[operator]
            start, line = run.end, run.end_line  # type: ignore[assignment]
    assert runs[-1].end is None and next(parts, None) is None


def test_a_plan_not_read_to_its_end_is_not_kept(tmp_path: Path) -> None:
    path = str(generated(tmp_path, 40))
    spool = ItemSpool(path)
    cuts = spool.cuts(path, 900, 1800)
    runs = cuts.runs(3000, 6000)
    next(runs)
    runs.close()
    assert not cuts.whole and spool.kept(path, 900, 1800) is None
    assert list(cuts.runs(3000, 6000))
    assert spool.kept(path, 900, 1800) == list(plan(path, 900, 1800))
    assert spool.kept(path, 900, 900) is None  # another plan: not made
    spool.close()


def read_twice(
    path: Path, monkeypatch: pytest.MonkeyPatch, fine: int, coarse: int
) -> dict[str, Any]:
    """What the main pass reads in parts of ``fine`` bytes, after an index pass in parts
    of ``coarse`` bytes, the main pass cutting nothing and parsing no item."""
    with ItemSpool(str(path)) as spool, monkeypatch.context() as patch:
        patch.setenv("WXR_WORKERS", "2")
        patch.setattr(index_module, "INDEX_MINIMUM", 0)
        patch.setattr(parallel, "SMALLEST_PART", coarse)
        patch.setattr(parallel, "PART_SIZE", coarse)
        patch.setattr(parallel, "CONVERSION_PART", fine)
        build_index(str(path), spool=spool).close()
        kept = spool.kept(str(path), fine, 2 * fine)
        assert kept == list(plan(str(path), fine, 2 * fine))
        assert len(kept) > 3
        # Each batch of the spool holds the items of one part of the main pass.
        for region in spool.regions[0]:
            for low, high, _, _ in region.table:
                (part,) = [p for p in kept if high >= p.line and _before_end(low, p)]
                assert _before_end(high, part) and low >= part.line
        patch.setattr(parallel, "plan", _no_cutting)
        patch.setattr(reader, "read_item", no_parsing)
        export = read(str(path))
        export.spool = spool
        with export:
            parts = parallel.map_parts(export, _items_of, n_workers=2, part_size=fine, minimum=0)
            items = [item for part in parts for item in part]
            return read_state(export, items)


def _before_end(line: int, part: Segment) -> bool:
    return part.end_line is None or line < part.end_line


def _no_cutting(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the main pass cut the file again")


def _items_of(export: reader.Export) -> list[Any]:
    return list(export)


@pytest.mark.parametrize(("fine", "coarse"), [(1100, 4000), (2500, 2500), (900, 7000)])
def test_the_main_pass_reads_the_index_passs_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fine: int, coarse: int
) -> None:
    path = generated(tmp_path, 70, 4)
    got = read_twice(path, monkeypatch, fine, coarse)
    assert got == sequential(path)
    assert len(got["items"]) > 70


def test_runs_smaller_than_the_main_passs_parts_are_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index pass in parts smaller than the main pass's cuts as before, and the main
    pass cuts the file itself, still reading what a sequential read gives."""
    path = generated(tmp_path, 60)
    monkeypatch.setattr(parallel, "CONVERSION_PART", 5000)
    got = spooled(path, monkeypatch, 1500, 5000)
    assert got.pop("used") and got == sequential(path)


def test_a_conversion_cuts_once_and_writes_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Index pass in runs of the main pass's parts, the main pass taking those: the
    files, report and messages of a conversion without the spool, or in one process;
    a file broken in a part fails as it does read whole."""
    items = [item(i, body="x\n" * 40) for i in range(1, 60)]
    items[41] = items[41].replace("<wp:post_id>", "<wp:post_id>&broken;")
    broken = write(tmp_path, wxr(*items), "broken.xml")
    for path in (generated(tmp_path, 50, 7), broken):
        plans: list[Any] = []
        count = partial(_counted, plans, parallel.plan)
        alone = convert(path, tmp_path / "a", monkeypatch, spool=True)
        for n, spool in ((2, True), (2, False)):
            monkeypatch.setattr(parallel, "CONVERSION_PART", 1100)
            monkeypatch.setattr(parallel, "plan", count)
            out = tmp_path / f"{n}-{spool}"
            got = convert(path, out, monkeypatch, spool=spool, workers=n, part_size=1100)
            assert got == alone
        if path != broken:
            # Only the run without the spool cut the file in ``map_parts``, in each pass.
            assert plans == [(3000, 6000), (1100, 2200)]
        else:
            assert "error" in alone


def _counted(plans: list[Any], plan: Any, path: str, size: int, tail: int = 0) -> Any:
    plans.append((size, tail))
    return plan(path, size, tail)
