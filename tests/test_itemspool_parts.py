"""A later part of a file read from the index pass's spool (``reader.itemspool``) parses
none of its bytes: its header is the file's, known, and its items come from the spool,
so ``Export`` starts no parser for it. When the spool fails midway, the part is parsed
from its start past the items the spool gave: each item of the part once, in order,
with what parsing it reports, as a part parsed without the spool gives them.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_itemspool import generated
from test_reader_parallel import sequential, write
from wxr_builder import item, wxr

from wxr_tools.index import build_index
from wxr_tools.reader import read
from wxr_tools.reader.itemspool import ItemSpool
from wxr_tools.reader.segments import Header, Segment, header_of, open_segment, plan
from wxr_tools.reader.stream import ByteSource


def wxr10(tmp_path: Path) -> Path:
    """A WXR 1.0 export (no author blocks: each item's creator is an author), with
    items that report a diagnostic, and posts quoting an export (tempting cuts)."""
    wp10 = "http://wordpress.org/export/1.0/"
    quoted = "before\n</item>\n\t<item>\n" * 5 + "after"
    items = [
        item(i, body=quoted if i % 7 == 0 else "short").replace("admin", f"author{i % 5}")
        for i in range(1, 90)
    ]
    for i in (3, 17, 18, 30, 64):
        items[i] = items[i].replace("<wp:post_id>", "<wp:post_id>x")
    return write(tmp_path, wxr(*items, version="1.0", wp=wp10))


def exports(tmp_path: Path) -> list[Path]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    return [generated(tmp_path / "a", 70, 4), wxr10(tmp_path / "b")]


def spool_of(path: Path, monkeypatch: pytest.MonkeyPatch) -> ItemSpool:
    monkeypatch.setenv("WXR_WORKERS", "0")
    spool = ItemSpool(str(path))
    build_index(str(path), spool=spool).close()
    assert spool.serves(0, whole=False)
    return spool


def header_and_parts(path: Path, size: int) -> tuple[Header, list[Segment]]:
    with read(str(path)) as export:
        header = header_of(export)
    assert header is not None
    parts = list(plan(str(path), size))
    assert len(parts) > 5
    return header, parts


def read_part(
    path: Path, header: Header, segment: Segment, spool: ItemSpool | None
) -> dict[str, Any]:
    with open_segment(str(path), header, segment, spool=spool) as part:
        items = list(part)
        return {
            "items": items,
            "items_read": part.items_read,
            "diagnostics": part.diagnostics,
            "authors": part.authors,
        }


@pytest.mark.parametrize("size", [900, 2500, 7000])
def test_a_later_part_from_the_spool_reads_no_byte_of_its_file(
    size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in exports(tmp_path):
        header, parts = header_and_parts(path, size)
        with spool_of(path, monkeypatch) as spool:
            got = read_part(path, header, parts[0], spool)  # the first parses its header
            items = got["items"]
            with monkeypatch.context() as patch:

                def no_reading(self: ByteSource, size: int = -1) -> bytes:
                    raise AssertionError("a part the spool serves read its file")

                patch.setattr(ByteSource, "read", no_reading)
                for segment in parts[1:]:
                    part = read_part(path, header, segment, spool)
                    assert part["items_read"] == len(part["items"])
                    items.extend(part["items"])
        # Each item once, in file order, whatever the cuts (some are inside CDATA).
        assert items == sequential(path)["items"]


def failing_after(batches: int) -> Any:
    """``ItemSpool._load`` that fails after giving ``batches`` batches."""
    load = ItemSpool._load

    def failing(spool: ItemSpool, regions: Any, first: int, end: int | None) -> Iterator[Any]:
        loaded = load(spool, regions, first, end)
        for _ in range(batches):
            batch = next(loaded, None)
            if batch is None:
                return
            yield batch
        raise OSError(errno.EIO, "Input/output error")

    return failing


@pytest.mark.parametrize("batches", [0, 1, 2])
def test_a_later_part_whose_spool_fails_is_parsed_past_what_it_gave(
    batches: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts of about 3 to 10 items, and batches of 32: the spool fails before the part's
    first item, after some of its items, or after all of them."""
    for path in exports(tmp_path):
        header, parts = header_and_parts(path, 2500)
        # A part cut inside a CDATA section fails when parsed (``segments``): left out.
        starts = {i.line for i in sequential(path)["items"]}
        real = [segment for segment in parts if segment.line in starts]
        assert len(real) > 5
        parsed = [read_part(path, header, segment, None) for segment in real]
        with spool_of(path, monkeypatch) as spool, monkeypatch.context() as patch:
            patch.setattr(ItemSpool, "_load", failing_after(batches))
            for segment, expected in zip(real, parsed, strict=True):
                assert read_part(path, header, segment, spool) == expected
