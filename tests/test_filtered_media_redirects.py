"""Attachments' redirects under ``--type``, ``--status``, ``--since`` and ``--until``.

An attachment gets no page: its old addresses (its attachment page, ``?attachment_id=``,
its file's URL) redirect to its file's new address. The filters leave attachments out
of the written items, but not the media library: the file is still on the new site, so
each filtered run's map must hold every attachment's rules of the unfiltered run, as
they are, and no rule to an item the filters leave out. ``--lang`` is another matter (a
language's site has only its files): ``test_lang_followers``.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

import pytest
from markdown_helpers import SAMPLE

from wxr_tools.model import Item
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import Export, parallel
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteOptions
from wxr_tools.writers.markdown import workers

MEDIA = {
    "markdown": "media: no page",
    "ghost": "attachment (ghost imports media files, not media posts)",
}
"""Each writer's reason for an attachment it gets (one no filter leaves out)."""

Rule = tuple[str, str, str]
"""(from, to, item id) as ``redirects.csv`` has them."""

FILTERS = {
    "type post": Filters(types=frozenset({"post"})),
    "type page": Filters(types=frozenset({"page"})),
    "status publish": Filters(statuses=frozenset({"publish"})),
    "since 2010": Filters(since=datetime(2010, 1, 1)),
    "until 2012": Filters(until=datetime(2012, 12, 31)),
}


def _items() -> dict[str, Item]:
    with Export(str(SAMPLE)) as export:
        return {str(item.id): item for item in export}


def _run(tmp_path: Path, to: str, filters: Filters | None) -> tuple[set[Rule], RunReport]:
    out = tmp_path / ("site" if to == "markdown" else "ghost/import.json")
    options = WriteOptions(redirects="csv")
    report = convert(str(SAMPLE), to, str(out), Options(progress=False), options, filters)
    where = out if to == "markdown" else out.parent
    with open(where / "redirects.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["from", "to", "item_id"]
    return {(a, b, c) for a, b, c in rows[1:]}, report


@pytest.fixture(scope="module")
def items() -> dict[str, Item]:
    found = _items()
    assert sum(1 for i in found.values() if i.type == "attachment") == 3  # the sample's
    return found


@pytest.mark.parametrize("to", ["markdown", "ghost"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_filtered_maps_keep_attachments_rules(
    tmp_path: Path, items: dict[str, Item], to: str, name: str
) -> None:
    filters = FILTERS[name]
    everything, _ = _run(tmp_path / "all", to, None)
    filtered, report = _run(tmp_path / "filtered", to, filters)
    media = {r for r in everything if r[2] and items[r[2]].type == "attachment"}
    # Every attachment has its page, ?attachment_id= and file rules in the full map.
    assert {r[2] for r in media} == {i for i, item in items.items() if item.type == "attachment"}
    assert len(media) == 9
    assert media <= filtered
    for source, target, item_id in filtered - media:
        if not item_id:
            continue  # an archive's: not an item's
        # An item's rule is the full run's, and its item is one the filters keep.
        assert (source, target, item_id) in everything
        assert filters.reason_to_skip(items[item_id]) is None, (source, target)
    # The kept rules of the written items are all there.
    for rule in everything - media:
        if rule[2] and filters.reason_to_skip(items[rule[2]]) is None:
            assert rule in filtered
    # An attachment the filters leave out is counted once, as theirs; the others as media.
    kept = sum(
        1 for i in items.values() if i.type == "attachment" and not filters.reason_to_skip(i)
    )
    assert report.items_excluded[MEDIA[to]] == kept
    written = sum(report.items_written.values())
    assert report.items_read == written + sum(report.items_excluded.values())


def test_workers_give_the_same_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read and filtered in worker processes (the file cut in small parts), the map is
    the one process's, byte for byte, attachments' rules included."""
    maps = []
    for n in (0, 2):
        monkeypatch.setenv("WXR_WORKERS", str(n))
        monkeypatch.setattr(parallel, "MINIMUM", 0)
        monkeypatch.setattr(workers, "PART_SIZE", 2048)
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        out = tmp_path / str(n)
        options = WriteOptions(redirects="csv")
        convert(
            str(SAMPLE),
            "markdown",
            str(out),
            Options(progress=False),
            options,
            FILTERS["type post"],
        )
        maps.append((out / "redirects.csv").read_bytes())
        monkeypatch.undo()
    assert maps[0] == maps[1]
    assert maps[0].count(b"attachment_id=") == 3
