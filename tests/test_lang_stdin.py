"""``--lang`` on standard input converts as on the file: ``wxr convert - --lang en``.

The filter judges attachments and menu entries by the items they serve, which a pass
before the transforms learns (``wxr_tools.followers``): with standard input the export
is copied to a temporary file first (``reader.spool``), read twice from there, and the
copy deleted when the run ends. Findings still name ``<stdin>``.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import tree
from test_lang_followers import EN_ITEMS, MENUS, export, menu_names

from wxr_tools import read
from wxr_tools.diagnostics import InputError
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader.spool import STDIN, Spool
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteOptions

EN = Filters(langs=frozenset({"en"}))


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory the copy goes to: empty again after each run."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def run(
    source: str, to: str, out: Path, monkeypatch: pytest.MonkeyPatch, stdin: bytes = b"", **w: Any
) -> RunReport:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    listing = io.StringIO()
    monkeypatch.setattr(sys, "stdout", listing)  # the Markdown writer lists its files there
    options = Options(progress=False)
    return convert(source, to, str(out), options, WriteOptions(**w), EN)


def test_hugo_site_from_stdin_is_the_one_from_the_file(
    tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = export(tmp_path)
    data = source.read_bytes()
    from_file = run(str(source), "markdown", tmp_path / "file", monkeypatch, flavor="hugo")
    piped = run("-", "markdown", tmp_path / "stdin", monkeypatch, data, flavor="hugo")
    assert tree(tmp_path / "stdin") == tree(tmp_path / "file")
    assert menu_names(tmp_path / "stdin") == {"menus.main": MENUS["en"]}
    assert piped.to_json() == from_file.to_json()
    assert "WXR503" not in {d.code for d in piped.diagnostics}  # links resolved too
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("packed", [False, True])
def test_wxr_from_stdin_is_the_one_from_the_file(
    packed: bool, tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = export(tmp_path)
    data = source.read_bytes()
    from_file = run(str(source), "wxr", tmp_path / "file.xml", monkeypatch)
    stdin = gzip.compress(data) if packed else data
    piped = run("-", "wxr", tmp_path / "stdin.xml", monkeypatch, stdin)
    assert (tmp_path / "stdin.xml").read_bytes() == (tmp_path / "file.xml").read_bytes()
    with read(str(tmp_path / "stdin.xml")) as written:
        assert {i.id for i in written} == EN_ITEMS
    assert piped.to_json() == from_file.to_json()
    assert [d.message for d in piped.diagnostics] == [d.message for d in from_file.diagnostics]
    # The writer's name the output; none names the copy read.
    assert {d.path for d in piped.diagnostics} == {str(tmp_path / "stdin.xml")}
    assert list(temp.iterdir()) == []


def test_broken_stdin_is_named_and_its_copy_deleted(
    tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(tmp_path).read_bytes().replace(b"</wp:post_id>", b"</wp:post_idx>", 3)
    with pytest.raises(InputError) as raised:
        run("-", "wxr", tmp_path / "out.xml", monkeypatch, data)
    assert raised.value.diagnostic.path == STDIN
    assert raised.value.diagnostic.code == "WXR101"
    assert not (tmp_path / "out.xml").exists()
    assert list(temp.iterdir()) == []


def test_spool_copies_by_chunks_and_reads_as_stdin(
    tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(tmp_path).read_bytes()
    monkeypatch.setattr("wxr_tools.reader.spool.CHUNK", 100)
    reads: list[int] = []

    class Counted(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(-1 if size is None else size)
            return super().read(size)

    spool = Spool(Counted(data))
    assert Path(spool.path).read_bytes() == data
    assert reads and max(reads) == 100  # never the whole input at once
    with read(spool.open()) as copy:
        assert copy.path == STDIN
        assert len(list(copy)) == 17
    spool.close()
    spool.close()
    assert list(temp.iterdir()) == []


def test_a_pipe_given_as_a_path_is_read_as_the_file(
    tmp_path: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `wxr convert <(zcat export.xml.gz)`: copied as standard input is (README), so the
    # output is the file's, and findings name the pipe, not the copy.
    source = export(tmp_path)
    data = source.read_bytes()
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    piped = run(str(fifo), "wxr", tmp_path / "piped.xml", monkeypatch)
    writer.join()
    whole = run(str(source), "wxr", tmp_path / "whole.xml", monkeypatch)
    assert "WXR503" not in {d.code for d in piped.diagnostics}
    assert (tmp_path / "piped.xml").read_bytes() == (tmp_path / "whole.xml").read_bytes()
    names = {str(source): str(fifo), str(tmp_path / "whole.xml"): str(tmp_path / "piped.xml")}
    assert [d.path for d in piped.diagnostics] == [
        names.get(d.path, d.path) for d in whole.diagnostics
    ]
    writer = threading.Thread(target=fifo.write_bytes, args=(data[: len(data) // 2],))
    writer.start()
    with pytest.raises(InputError) as raised:
        run(str(fifo), "wxr", tmp_path / "broken.xml", monkeypatch)
    writer.join()
    assert raised.value.diagnostic.path == str(fifo)
    assert list(temp.iterdir()) == []
