"""The items the index pass keeps for the main pass (``reader.itemspool``) are the
items parsing gives: the same items (lines included), in the same order, each once,
with the same diagnostics, authors, terms, counts and errors, whether the index pass
and the main pass read the file whole or in parts, cut alike or not; a conversion
writes the same files and report with the spool as without it (``WXR_NO_SPOOL=1``),
also when writing or reading the spool fails; and the spool is deleted when the run
ends, whether it succeeded or not.

The main pass's reads here cannot parse an item (``no_parsing``): what they give came
from the spool, so that a spool that dropped or repeated an item fails the tests.
"""

from __future__ import annotations

import errno
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from spool_helpers import no_parsing, read_state
from test_markdown_parts import run
from test_reader_parallel import items_of, sequential, write
from wxr_builder import item, wxr

from wxr_tools import index as index_module
from wxr_tools import reader
from wxr_tools.diagnostics import InputError
from wxr_tools.index import build_index
from wxr_tools.model import Item
from wxr_tools.reader import itemspool, parallel, read
from wxr_tools.reader.itemspool import ItemSpool
from wxr_tools.scratch import SHARED_PREFIX

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
sys.path.insert(0, str(ROOT / "scripts"))

import make_export  # noqa: E402


def spooled(
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    index_part: int | None = None,
    main_part: int | None = None,
    recover: bool = False,
) -> dict[str, Any]:
    """What reading ``path`` gives (as ``sequential`` says it) when the index pass keeps
    the items, reading the file whole or in parts of ``index_part`` bytes, and the main
    read takes them from there, whole or in parts of ``main_part`` bytes. With
    ``used``: whether the spool served the main read (which then parses no item)."""
    with ItemSpool(str(path)) as spool, monkeypatch.context() as patch:
        patch.setenv("WXR_WORKERS", "0" if index_part is None else "2")
        if index_part is not None:
            patch.setattr(index_module, "INDEX_MINIMUM", 0)
            patch.setattr(parallel, "SMALLEST_PART", index_part)
            patch.setattr(parallel, "PART_SIZE", index_part)
        try:
            build_index(str(path), spool=spool, recover=recover).close()
        except InputError as e:
            # The main pass would not run: the index pass's error is the run's.
            try:
                read(str(path), recover=recover).close()
            except InputError as header:
                return {"header_error": header.diagnostic}
            return {"error": (e.diagnostic, e.items_read), "used": False}
        # What follows the last item is the whole file's: a read in parts parses.
        used = spool.serves(0, whole=main_part is None)
        if used:
            patch.setattr(reader, "read_item", no_parsing)
        export = read(str(path), recover=recover)
        export.spool = spool
        with export:
            if main_part is None:
                items = list(export)
            else:
                parts = map_parts(export, main_part)
                items = [item for part in parts for item in part]
            state = read_state(export, items)
    state["used"] = used
    return state


def map_parts(export: reader.Export, part_size: int) -> Iterator[list[Item]]:
    return parallel.map_parts(export, items_of, n_workers=2, part_size=part_size, minimum=0)


def assert_spooled(
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    index_part: int | None = None,
    main_part: int | None = None,
    used: bool = True,
) -> dict[str, Any]:
    expected = sequential(path)
    got = spooled(path, monkeypatch, index_part, main_part)
    if "header_error" in expected:
        assert got == expected
        return got
    if expected["error"] is not None:
        assert got["error"] == expected["error"]
        return got
    assert got.pop("used") == used
    assert got == expected
    return got


def generated(tmp_path: Path, posts: int = 60, seed: int = 5) -> Path:
    buf = io.StringIO()
    make_export.write_export(buf, posts, seed)
    return write(tmp_path, buf.getvalue().encode("utf-8"))


WAYS = [(None, None), (None, 2500), (4000, 1100), (1500, 5000), (3000, None)]
"""(index pass, main read): whole (None) or parts of so many bytes."""


@pytest.mark.parametrize(("index_part", "main_part"), WAYS)
def test_generated_export_from_the_spool(
    index_part: int | None, main_part: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = assert_spooled(generated(tmp_path), monkeypatch, index_part, main_part)
    assert len(got["items"]) > 60 and any(i.comments for i in got["items"])


@pytest.mark.parametrize(("index_part", "main_part"), WAYS)
def test_the_sample_from_the_spool(
    index_part: int | None, main_part: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_spooled(SAMPLE, monkeypatch, index_part, main_part)


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_files_from_the_spool(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = corpus_path(name)
    expected = sequential(path)
    late = any(d.code == "WXR106" for d in expected.get("diagnostics", []))
    for index_part, main_part in ((None, None), (None, 2000), (3000, 1100)):
        got = spooled(path, monkeypatch, index_part, main_part)
        if "header_error" in expected or expected["error"] is not None:
            assert got.get("error") == expected.get("error")
            assert got.get("header_error") == expected.get("header_error")
            continue
        # Channel elements after the last item: only a whole read takes them from there.
        assert got.pop("used") == (main_part is None or not late)
        assert got == expected


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_files_recovered_from_the_spool(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--recover`` reads a file whole, and reports its repairs after the last item."""
    path = corpus_path(name)
    expected = sequential(path, recover=True)
    got = spooled(path, monkeypatch, recover=True)
    if "header_error" in expected or expected["error"] is not None:
        assert got.get("error") == expected.get("error")
        assert got.get("header_error") == expected.get("header_error")
    else:
        assert got.pop("used") and got == expected


def test_items_on_the_lines_of_a_tempting_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post quoting an export holds "</item> <item>" in its CDATA: the main pass's
    parts start there too, and each item is still given once, in order."""
    quoted = "before\n</item>\n\t<item>\n" * 20 + "after"
    items = [item(i, body=quoted if i % 3 == 0 else "short") for i in range(1, 15)]
    path = write(tmp_path, wxr(*items))
    got = assert_spooled(path, monkeypatch, 700, 100)
    assert [i.id for i in got["items"]] == list(range(1, 15))


def test_lines_past_65535(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "line\n" * 3000
    path = write(tmp_path, wxr(*(item(i, body=body) for i in range(1, 40))))
    assert_spooled(path, monkeypatch, None, 50_000)
    assert_spooled(path, monkeypatch, 200_000, 30_000)


def test_item_diagnostics_and_derived_authors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wp10 = "http://wordpress.org/export/1.0/"
    items = [item(i).replace("admin", f"author{i % 4}") for i in range(1, 40)]
    for i in (3, 17, 18, 30):
        items[i] = items[i].replace("<wp:post_id>", "<wp:post_id>x")
    path = write(tmp_path, wxr(*items, version="1.0", wp=wp10))
    for index_part, main_part in WAYS:
        got = assert_spooled(path, monkeypatch, index_part, main_part)
        assert [d.code for d in got["diagnostics"]].count("WXR110") == 4


def test_latin1_and_crlf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = wxr(*(item(i, title="Café déjà") for i in range(1, 30))).decode("utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("\n", "\r\n")
    path = write(tmp_path, text.encode("latin-1"))
    assert_spooled(path, monkeypatch, 1500, 700)


def test_channel_elements_after_the_last_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read whole, they come from the spool of the whole file; in parts, parsed."""
    late = "\t<wp:author><wp:author_login>late</wp:author_login></wp:author>\n\t<foo>x</foo>\n"
    data = wxr(*(item(i) for i in range(1, 20)))
    path = write(tmp_path, data.replace(b"</channel>", late.encode() + b"</channel>"))
    got = assert_spooled(path, monkeypatch)
    assert [d.code for d in got["diagnostics"]].count("WXR106") == 2
    assert got["authors"][-1].login == "late" and got["site"].extra
    assert_spooled(path, monkeypatch, None, 700, used=False)
    assert_spooled(path, monkeypatch, 1500, 700, used=False)
    assert_spooled(path, monkeypatch, 1500, None, used=False)


def test_recover_mode_repairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [item(i, body="Tom & Jerry\x01 <b>x</b>" if i % 5 == 0 else "ok") for i in range(1, 30)]
    path = write(tmp_path, wxr(*items))
    expected = sequential(path, recover=True)
    assert [d.code for d in expected["diagnostics"]].count("WXR103") == 5
    got = spooled(path, monkeypatch, recover=True)
    assert got.pop("used") and got == expected


def test_a_broken_file_fails_as_without_the_spool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [item(i) for i in range(1, 30)]
    items[20] = items[20].replace("<wp:post_id>", "<wp:post_id>&broken;")
    broken = write(tmp_path, wxr(*items), "broken.xml")
    data = wxr(*(item(i) for i in range(1, 30)))
    cut = write(tmp_path, data[: len(data) * 2 // 3], "cut.xml")
    for path in (broken, cut):
        for index_part in (None, 1500):
            assert spooled(path, monkeypatch, index_part)["error"] == sequential(path)["error"]
        one = convert(path, tmp_path / "a", monkeypatch, spool=True)
        assert "error" in one
        assert one == convert(path, tmp_path / "b", monkeypatch, spool=False)
        assert convert(path, tmp_path / "c", monkeypatch, spool=True, workers=2) == one


def convert(
    source: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    spool: bool,
    workers: int = 0,
    **options: Any,
) -> dict[str, Any]:
    """``test_markdown_parts.run``: the files, report and diagnostics of a conversion
    with the spool or without it (``WXR_NO_SPOOL=1``); with workers, index parts of 3 KB."""
    monkeypatch.setenv("WXR_NO_SPOOL", "0" if spool else "1")
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    monkeypatch.setattr(parallel, "SMALLEST_PART", 3000)
    monkeypatch.setattr(parallel, "PART_SIZE", 3000)
    return run(source, out, monkeypatch, workers, **options)


@pytest.mark.parametrize("workers", [0, 2])
def test_a_conversion_is_the_same_without_the_spool(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for source in (SAMPLE, generated(tmp_path, 40, 3)):
        got = convert(source, tmp_path / "a", monkeypatch, spool=True, workers=workers)
        assert len(got["files"]) > 10
        without = convert(source, tmp_path / "b", monkeypatch, spool=False, workers=workers)
        assert got == without


class FullDisk:
    """A file written as a disk with ``room`` bytes left writes it: then it is full."""

    def __init__(self, path: str, room: int) -> None:
        self.file = open(path, "wb")  # noqa: SIM115 - closed by close
        self.room = room

    def write(self, data: bytes) -> int:
        if self.file.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.file.write(data)

    def tell(self) -> int:
        return self.file.tell()

    def close(self) -> None:
        self.file.close()


@pytest.mark.parametrize("room", [0, 1000, 100_000])
@pytest.mark.parametrize("workers", [0, 2])
def test_a_full_disk_leaves_the_items_to_be_parsed(
    room: int, workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index pass reads the whole 285 KB file (its two batches, of 85 and 78 KB: the
    first fits in 100,000 bytes), or in parts of 3 KB (a few fit in 1,000, all in
    100,000). Any part's failing leaves the file to be parsed."""
    source = generated(tmp_path, 40, 3)
    expected = convert(source, tmp_path / "a", monkeypatch, spool=False, workers=workers)
    written: list[ItemSpool] = []
    start = ItemSpool.__init__

    def noted(self: ItemSpool, source: str) -> None:
        start(self, source)
        written.append(self)

    monkeypatch.setattr(itemspool, "open", lambda path, mode: FullDisk(path, room), raising=False)
    monkeypatch.setattr(ItemSpool, "__init__", noted)
    got = convert(source, tmp_path / "b", monkeypatch, spool=True, workers=workers)
    assert got == expected
    assert [spool.complete(0) for spool in written] == [workers == 2 and room == 100_000]


@pytest.mark.parametrize("workers", [0, 2])
def test_a_spool_that_fails_to_read_is_parsed_past_what_it_gave(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = generated(tmp_path, 40, 3)
    expected = convert(source, tmp_path / "a", monkeypatch, spool=False, workers=workers)
    load = ItemSpool._load

    def failing(self: ItemSpool, regions: Any, first: int, end: int | None) -> Iterator[Any]:
        batches = load(self, regions, first, end)
        yield next(batches)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(ItemSpool, "_load", failing)
    got = convert(source, tmp_path / "b", monkeypatch, spool=True, workers=workers)
    assert got == expected


def test_bytes_read_advance_as_parsing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A progress bar counts the bytes read after each item (``pipeline._progress``)."""
    with read(str(SAMPLE)) as export:
        expected = [export.bytes_read for _ in export]
    with ItemSpool(str(SAMPLE)) as spool:
        monkeypatch.setenv("WXR_WORKERS", "0")
        build_index(str(SAMPLE), spool=spool).close()
        monkeypatch.setattr(reader, "read_item", no_parsing)
        with read(str(SAMPLE)) as export:
            export.spool = spool
            got = [export.bytes_read for _ in export]
    assert got == expected and got[-1] > got[0]


def spool_folders(directory: Path) -> list[str]:
    return [name for name in os.listdir(directory) if name.startswith(SHARED_PREFIX)]


@pytest.mark.parametrize("workers", [0, 2])
def test_the_spool_is_deleted_when_the_run_ends(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    made: list[str] = []
    start = ItemSpool.__init__

    def noted(self: ItemSpool, source: str) -> None:
        start(self, source)
        made.append(self.folder)

    monkeypatch.setattr(ItemSpool, "__init__", noted)
    source = generated(tmp_path, 20, 3)
    assert convert(source, tmp_path / "a", monkeypatch, spool=True, workers=workers)["files"]
    assert made and spool_folders(temporary) == []
    from wxr_tools import pipeline

    get_writer = pipeline.get_writer

    for stop in (RuntimeError("a writer's bug"), KeyboardInterrupt()):

        def failing(to: str, at: str, stop: BaseException = stop) -> Any:
            def failing_writer(*args: Any) -> Any:
                raise stop

            if at == "opening":
                raise stop  # the index pass was started: the items are being kept
            get_writer(to)  # the index pass was joined: the items were kept
            return failing_writer

        for at in ("opening", "writing"):
            monkeypatch.setattr(tempfile, "tempdir", str(temporary))
            monkeypatch.setattr(ItemSpool, "__init__", noted)
            monkeypatch.setattr(pipeline, "get_writer", lambda to, at=at: failing(to, at))
            with pytest.raises(type(stop)):
                convert(source, tmp_path / "b", monkeypatch, spool=True, workers=workers)
            assert spool_folders(temporary) == []
    assert len(made) == 5


def test_entries_of_the_full_read_are_the_light_read_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index pass that spools reads items fully: its entries are the light read's."""
    monkeypatch.setenv("WXR_WORKERS", "0")
    paths = [SAMPLE, generated(tmp_path)]
    paths += [corpus_path(name) for name in corpus_files() if name.startswith("blogs/")]
    for path in paths:
        try:
            with build_index(str(path)) as index:
                expected = list(index.entries())
        except InputError:
            continue  # not read strictly: not spooled
        with ItemSpool(str(path)) as spool, build_index(str(path), spool=spool) as index:
            assert list(index.entries()) == expected
            assert spool.complete(0)


@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize("index_minimum", [0, 400_000])
def test_several_files_each_from_its_spool(
    workers: int, index_minimum: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """wp-cli's split files: each file's items kept apart, indexed in parts (``0``) or one
    file a worker (files under 400,000 bytes, together over it)."""
    from test_convert_several_files import output_of, write_split
    from test_convert_several_files import run as run_files

    from wxr_tools.writers.markdown import workers as markdown_workers

    _, files = write_split(generated(tmp_path, 120, 4), tmp_path, 3)
    assert all(os.path.getsize(f) < 400_000 for f in files)
    # What follows the last item is each file's own (read whole: from its spool).
    late = b"\t<wp:author><wp:author_login>late</wp:author_login></wp:author>\n"
    files[1].write_bytes(files[1].read_bytes().replace(b"</channel>", late + b"</channel>"))
    made: list[ItemSpool] = []
    start = ItemSpool.__init__

    def noted(self: ItemSpool, sources: Any) -> None:
        start(self, sources)
        made.append(self)

    outputs = []
    for spool in ("1", "0"):
        monkeypatch.setenv("WXR_NO_SPOOL", spool)
        monkeypatch.setenv("WXR_WORKERS", str(workers))
        monkeypatch.setattr(index_module, "INDEX_MINIMUM", index_minimum)
        monkeypatch.setattr(parallel, "SMALLEST_PART", 20_000)
        monkeypatch.setattr(parallel, "PART_SIZE", 20_000)
        monkeypatch.setattr(parallel, "MINIMUM", 0)
        monkeypatch.setattr(markdown_workers, "PART_SIZE", 8000)
        monkeypatch.setattr(ItemSpool, "__init__", noted)
        out = tmp_path / f"out{spool}"
        report = run_files(files, "markdown", out, flavor="hugo", redirects="csv")
        outputs.append((output_of(out), report.to_json(), [d.format() for d in report.diagnostics]))
        monkeypatch.undo()
    assert outputs[0] == outputs[1]
    (spool,) = made
    # The second file's items come from the spool to a read of the whole file only.
    assert [spool.serves(file, whole=workers == 0) for file in range(3)] == [
        True,
        workers == 0,
        True,
    ]


def test_no_room_for_the_spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A temporary folder without twice the export's size free: parsed again, as before."""
    import shutil
    from types import SimpleNamespace

    source = generated(tmp_path, 40, 3)
    expected = convert(source, tmp_path / "a", monkeypatch, spool=False)
    made: list[ItemSpool] = []
    start = ItemSpool.__init__

    def noted(self: ItemSpool, sources: Any) -> None:
        start(self, sources)
        made.append(self)

    room = 2 * os.path.getsize(source) - 1
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(free=room))
    monkeypatch.setattr(ItemSpool, "__init__", noted)
    assert convert(source, tmp_path / "b", monkeypatch, spool=True) == expected
    assert made == []
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(free=room + 1))
    monkeypatch.setattr(ItemSpool, "__init__", noted)
    assert convert(source, tmp_path / "c", monkeypatch, spool=True) == expected
    assert len(made) == 1 and made[0].complete(0)
