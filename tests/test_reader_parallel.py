"""Reading a file in parts on several processes gives exactly what one sequential read
gives: the same items (lines included), diagnostics, authors, terms and errors.

Parts are made tiny here (a few hundred bytes) so that every file is cut many
times, including where a cut is tempting but wrong (inside a CDATA section).
"""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from wxr_builder import WP12, item, wxr

from wxr_tools import read
from wxr_tools.diagnostics import InputError
from wxr_tools.model import Item
from wxr_tools.reader import Export
from wxr_tools.reader.parallel import map_parts
from wxr_tools.reader.segments import CUT, plan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_export  # noqa: E402


def items_of(export: Export) -> list[Item]:
    """The ``work`` of these tests: every item (module level, so workers can run it)."""
    return list(export)


def sequential(path: Path, recover: bool = False) -> dict[str, Any]:
    try:
        export = read(str(path), recover=recover)
    except InputError as e:  # in the header: there are no parts to read
        return {"header_error": e.diagnostic}
    with export:
        try:
            items = list(export)
            error = None
        except InputError as e:
            items, error = [], (e.diagnostic, e.items_read)
        return _state(export, items, error)


def in_parts(path: Path, part_size: int = 300, workers: int = 2) -> dict[str, Any]:
    try:
        export = read(str(path))
    except InputError as e:
        return {"header_error": e.diagnostic}
    with export:
        items: list[Item] = []
        error = None
        try:
            parts = map_parts(export, items_of, n_workers=workers, part_size=part_size, minimum=0)
            for part in parts:
                items.extend(part)
        except InputError as e:
            items, error = [], (e.diagnostic, e.items_read)
        return _state(export, items, error)


def _state(export: Export, items: list[Item], error: Any) -> dict[str, Any]:
    return {
        "items": items,
        "error": error,
        "items_read": export.items_read if error is None else None,
        "diagnostics": export.diagnostics,
        "authors": export.authors,
        "terms": export.terms,
        "site": export.site,
    }


def assert_same(path: Path, part_size: int = 300) -> dict[str, Any]:
    expected = sequential(path)
    got = in_parts(path, part_size)
    assert got == expected
    return got


def write(tmp_path: Path, data: bytes, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_generated_export_is_cut_and_read_identically(tmp_path: Path) -> None:
    buf = io.StringIO()
    make_export.write_export(buf, 40, 3)
    path = write(tmp_path, buf.getvalue().encode("utf-8"))
    assert len(list(plan(str(path), 2000))) > 10
    got = assert_same(path, part_size=2000)
    assert len(got["items"]) > 40
    assert any(i.comments for i in got["items"])


def test_lines_past_65535_are_the_lines_of_the_file(tmp_path: Path) -> None:
    """libxml2 counts an element's line in 16 bits; the reader corrects what it says."""
    body = "line\n" * 3000
    data = wxr(*(item(i, body=body) for i in range(1, 40)))
    path = write(tmp_path, data)
    starts = [n for n, text in enumerate(data.split(b"\n"), 1) if text == b"\t<item>"]
    assert starts[-1] > 100_000
    assert [i.line for i in sequential(path)["items"]] == starts
    assert [i.line for i in in_parts(path, part_size=50_000)["items"]] == starts


def test_the_sample_export_in_parts() -> None:
    assert_same(ROOT / "fixtures" / "ctts-sample.xml")


def test_plan_cuts_only_between_items(tmp_path: Path) -> None:
    path = write(tmp_path, wxr(*(item(i) for i in range(1, 20))))
    data = path.read_bytes()
    segments = list(plan(str(path), 200))
    assert segments[0].start == 0 and segments[-1].end is None
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
        assert data[after.start :].startswith(b"<item>")
        assert after.line == data.count(b"\n", 0, after.start) + 1


def test_plan_cuts_the_tail_smaller(tmp_path: Path) -> None:
    buf = io.StringIO()
    make_export.write_export(buf, 60, 3)
    path = write(tmp_path, buf.getvalue().encode("utf-8"))
    data, size, tail = path.read_bytes(), 30000, 120000
    segments = list(plan(str(path), size, tail=tail))
    assert segments[0].start == 0 and segments[-1].end is None
    lengths = []
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
        assert data[after.start :].startswith(b"<item>")
        assert after.line == data.count(b"\n", 0, after.start) + 1
        assert before.end is not None
        lengths.append((len(data) - before.start <= tail, before.end - before.start))
    # A part is cut at the first item past its size (a long item makes it longer): a
    # quarter of it in the tail.
    short = [length for in_tail, length in lengths if in_tail]
    assert len(short) >= 3 and sum(short) < size * len(short)
    assert all(length >= size for in_tail, length in lengths if not in_tail)
    assert len(segments) > len(list(plan(str(path), size)))
    assert_same(path, part_size=size)


def test_a_cut_inside_cdata_is_undone(tmp_path: Path) -> None:
    """A post quoting an export holds "</item> <item>" in its CDATA: a tempting cut."""
    quoted = "before\n</item>\n\t<item>\n" * 20 + "after"
    items = [item(i, body=quoted if i % 3 == 0 else "short") for i in range(1, 15)]
    path = write(tmp_path, wxr(*items))
    data = path.read_bytes()
    assert len(CUT.findall(data)) == 13 + 4 * 20
    starts = [data[s.start :][:8] for s in plan(str(path), 100)]
    assert b"<item>\nb" in starts  # the plan does cut inside the CDATA
    got = assert_same(path, part_size=100)
    assert [i.id for i in got["items"]] == list(range(1, 15))


def test_an_error_is_the_sequential_error(tmp_path: Path) -> None:
    items = [item(i) for i in range(1, 30)]
    items[20] = items[20].replace("<wp:post_id>", "<wp:post_id>&broken;")
    path = write(tmp_path, wxr(*items))
    got = assert_same(path)
    diagnostic, read_before = got["error"]
    assert diagnostic.code == "WXR101" and diagnostic.line is not None
    assert read_before == 20


def test_a_cut_off_file_fails_as_it_does_sequentially(tmp_path: Path) -> None:
    data = wxr(*(item(i) for i in range(1, 30)))
    path = write(tmp_path, data[: len(data) * 2 // 3])
    assert assert_same(path)["error"] is not None


def test_item_diagnostics_keep_their_lines(tmp_path: Path) -> None:
    items = [item(i) for i in range(1, 30)]
    items[25] = items[25].replace("<wp:post_id>26<", "<wp:post_id>x26<")
    path = write(tmp_path, wxr(*items))
    got = assert_same(path)
    (found,) = [d for d in got["diagnostics"] if d.code == "WXR110"]
    assert path.read_bytes().splitlines()[found.line - 1].strip().startswith(b"<wp:post_id>x26")


def test_wxr_10_authors_derived_from_items(tmp_path: Path) -> None:
    wp10 = "http://wordpress.org/export/1.0/"
    items = [item(i).replace("admin", f"author{i % 4}") for i in range(1, 30)]
    path = write(tmp_path, wxr(*items, version="1.0", wp=wp10))
    got = assert_same(path)
    assert [a.login for a in got["authors"]] == [f"author{i % 4}" for i in range(1, 5)]


def test_channel_elements_after_the_last_item(tmp_path: Path) -> None:
    late = "\t<wp:author><wp:author_login>late</wp:author_login></wp:author>\n\t<foo>x</foo>\n"
    data = wxr(*(item(i) for i in range(1, 20))).replace(
        b"</channel>", late.encode() + b"</channel>"
    )
    got = assert_same(write(tmp_path, data))
    assert [d.code for d in got["diagnostics"]].count("WXR106") == 2


def test_latin1_and_crlf_files(tmp_path: Path) -> None:
    text = wxr(*(item(i, title="Café déjà") for i in range(1, 20))).decode("utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("\n", "\r\n")
    got = assert_same(write(tmp_path, text.encode("latin-1")))
    assert got["items"][0].title == "Café déjà"


def test_prefixes_declared_on_the_channel(tmp_path: Path) -> None:
    data = wxr(*(item(i) for i in range(1, 20)))
    data = data.replace(b'xmlns:wp="' + WP12.encode() + b'"', b"")
    data = data.replace(b"<channel>", b'<channel xmlns:wp="' + WP12.encode() + b'">')
    got = assert_same(write(tmp_path, data))
    assert len(got["items"]) == 19


def test_small_or_gzip_files_are_read_here(tmp_path: Path) -> None:
    import gzip

    data = wxr(*(item(i) for i in range(1, 5)))
    path = write(tmp_path, gzip.compress(data), "export.xml.gz")
    with read(str(path)) as export:
        parts = list(map_parts(export, items_of, n_workers=2, part_size=100, minimum=0))
    assert len(parts) == 1 and len(parts[0]) == 4
    with read(str(write(tmp_path, data))) as export:
        parts = list(map_parts(export, items_of, n_workers=2, part_size=100))
    assert len(parts) == 1  # under the default minimum size


def test_info_is_the_same_on_any_number_of_workers(tmp_path: Path) -> None:
    buf = io.StringIO()
    make_export.write_export(buf, 30, 5)
    path = write(tmp_path, buf.getvalue().encode("utf-8"))
    script = (
        "import sys, wxr_tools.reader.parallel as p; p.MINIMUM = 0; p.PART_SIZE = 5000; "
        "from wxr_tools.cli import main; sys.exit(main(['info', '--json', sys.argv[1]]))"
    )

    def info(workers: str) -> str:
        env = {"WXR_WORKERS": workers, "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert info("2") == info("0")


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_files_read_in_parts(name: str) -> None:
    assert_same(corpus_path(name), part_size=2000)


def test_the_index_pass_in_parts_is_the_sequential_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wxr_tools import index as index_module
    from wxr_tools.index import build_index
    from wxr_tools.reader import parallel

    buf = io.StringIO()
    make_export.write_export(buf, 40, 7)
    data = buf.getvalue().replace("<wp:post_id>12</wp:post_id>", "<wp:post_id>3</wp:post_id>")
    path = write(tmp_path, data.encode("utf-8"))  # one id twice: the first one wins
    monkeypatch.setenv("WXR_WORKERS", "0")
    with build_index(str(path)) as index:
        expected = (list(index.entries()), index.duplicates)
    assert expected[1] == 1
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    monkeypatch.setattr(parallel, "SMALLEST_PART", 1000)
    monkeypatch.setattr(parallel, "PART_SIZE", 3000)
    assert len(list(plan(str(path), 3000))) > 10
    with build_index(str(path)) as index:
        assert (list(index.entries()), index.duplicates) == expected
