"""Files named as Ghost's storage stores them (``wxr_tools.ghostfiles``).

Ghost replaces every character of a file name before its extension that is not an
ASCII letter, a digit, ``_``, ``@`` or ``.`` with ``-`` (per UTF-16 code unit) and
numbers a name its folder has (``-1``, ``-2``…). The expected names below are what the
storage adapter of Ghost 6.65 (ghost-storage-base 3.0.0) gave for the same names, run
under Node: the names are made up here, in the shapes of the corpus blogs' (Chinese
screenshots, French accents). Then ``--to ghost -o NAME.zip`` of a small export with
such names: the zip's files, the JSON's URLs and the redirect map must agree, and every
name must be one Ghost keeps as it is.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from media_helpers import attachment, jpeg_bytes, meta, png_bytes
from test_ghost_media import by_hand, convert_zip, named, opened
from wxr_builder import item, wxr

from wxr_tools.ghostfiles import GhostFiles, extension, kept, numbered_name, stored_name
from wxr_tools.scratch import Scratch

GHOST_GAVE = {
    "QQ截图20990101120000.png": "QQ--20990101120000.png",
    "Capture-d’écran-2099-01-01-à-10.00.00.png": "Capture-d--cran-2099-01-01---10.00.00.png",
    "bière-test.jpg": "bi-re-test.jpg",
    "未命名3.jpg": "---3.jpg",
    "图片1.png": "--1.png",
    "город.zip": "-----.zip",  # Ghost's own example (its comment says "----.zip": 5 letters)
    "Résumé (final).PDF": "R-sum---final-.PDF",  # the extension's case is kept
    "photo 1.jpeg": "photo-1.jpeg",
    "mañana.tar.gz": "ma-ana.tar.gz",  # only the last extension is kept as it is
    "x.jpé": "x.jpé",  # ... even when Ghost would not keep it in the name
    "🎉.gif": "--.gif",  # past U+FFFF: two UTF-16 code units, two dashes
    "\u017f\u212a\u0130.png": "---.png",  # no case folding to ASCII (no "u" flag)
    "\xa0\t%20+~.pdf": "---20--.pdf",
    "IMG_0001@2x.JPG": "IMG_0001@2x.JPG",
    ".htaccess": ".htaccess",  # a leading dot is no extension
    "plan.v2": "plan.v2",
    "notes.2": "notes.2",  # an all-digit "extension" is part of the name
    "..foo": "..foo",
    "a.": "a.",
}


@pytest.mark.parametrize(("name", "stored"), GHOST_GAVE.items())
def test_names_are_sanitized_as_ghost_does(name: str, stored: str) -> None:
    assert stored_name(name) == stored
    assert stored_name(stored) == stored  # what Ghost gives, it keeps
    assert kept(f"2099/01/{name}") == (name == stored)


def test_numbers_go_where_ghost_puts_them() -> None:
    # Ghost: "a-b.jpg" taken -> "a-b-1.jpg"; "x.123" (no extension) -> "x.123-1".
    assert numbered_name("a-b.jpg", 1) == "a-b-1.jpg"
    assert numbered_name("x.123", 2) == "x.123-2"
    assert numbered_name(".htaccess", 1) == ".htaccess-1"
    assert (extension("a.b.c"), extension(".x"), extension("..")) == (".c", "", "")


def names_of(*paths: str) -> tuple[GhostFiles, Scratch]:
    scratch = Scratch()
    files = GhostFiles(scratch)
    for path in paths:
        files.learn(path)
    files.settle()
    return files, scratch


def test_a_renamed_file_never_takes_another_files_name() -> None:
    paths = (
        "2099/01/a b.jpg",  # first in export order, but a name Ghost keeps wins
        "2099/01/a+b.jpg",
        "2099/01/a-b.jpg",
        "2099/01/A b.jpg",  # a-b.jpg but for case: a case-insensitive disk would clash
        "2099/02/a b.jpg",  # another folder: no clash
        "2099/01/é.png",
        "2099/01/è.png",
        "2099/01/ü-1.png",  # what è.png is numbered to, sanitized: numbered past it
        "2099/01/a-b-2.jpg",  # kept, so numbering skips it
    )
    files, _ = names_of(*paths)
    assert [files.path(p) for p in paths] == [
        "2099/01/a-b-1.jpg",
        "2099/01/a-b-3.jpg",
        "2099/01/a-b.jpg",
        "2099/01/A-b-4.jpg",
        "2099/02/a-b.jpg",
        "2099/01/-.png",
        "2099/01/--1.png",
        "2099/01/--1-1.png",
        "2099/01/a-b-2.jpg",
    ]
    assert files.numbered() == [
        ("2099/01/a b.jpg", "2099/01/a-b-1.jpg"),
        ("2099/01/a+b.jpg", "2099/01/a-b-3.jpg"),
        ("2099/01/A b.jpg", "2099/01/A-b-4.jpg"),
        ("2099/01/è.png", "2099/01/--1.png"),
        ("2099/01/ü-1.png", "2099/01/--1-1.png"),
    ]
    again, _ = names_of(*paths)  # the same answers in every process
    assert [again.path(p) for p in paths] == [files.path(p) for p in paths]
    # A path learned twice (two attachments of one file) is one file.
    twice, _ = names_of("2099/01/é.png", "2099/01/é.png")
    assert twice.path("2099/01/é.png") == "2099/01/-.png" and twice.numbered() == []


def test_a_size_is_named_after_its_original() -> None:
    files, _ = names_of("2099/01/é.png", "2099/01/è.png", "2099/01/--1-300x200.png")
    # è.png is --1.png: its size follows it, numbered past the file that has the name.
    assert files.path("2099/01/è-300x200.png", "2099/01/è.png") == "2099/01/--1-300x200-1.png"
    assert files.path("2099/01/é-150x150.png", "2099/01/é.png") == "2099/01/--150x150.png"
    assert files.path("2099/01/plain-150x150.png", "2099/01/plain.png") == (
        "2099/01/plain-150x150.png"
    )
    # Not a size of it: named as Ghost stores it, numbered past the names claimed.
    assert files.path("2099/01/è.png", "2099/01/other.png") == "2099/01/--1.png"
    assert files.path("2099/01/ö.png") == "2099/01/--2.png"


UP = "https://example.org/wp-content/uploads/"
FILES = {  # path under uploads: (attachment id, bytes)
    "2099/01/bière-test.jpg": (10, jpeg_bytes(b"biere")),
    "2099/01/bi re-test.jpg": (11, jpeg_bytes(b"bi re")),  # clashes once renamed
    "2099/01/bi-re-test-1.jpg": (12, jpeg_bytes(b"kept")),  # Ghost keeps it: it stays
    "2099/01/QQ截图20990101120000.png": (13, png_bytes((1, 2, 3))),  # a feature image
    "2099/01/notes été.zip": (14, b"PK\x05\x06" + bytes(18)),  # copied by hand
    "2099/01/plain.jpg": (15, jpeg_bytes(b"plain")),
}
STORED = {
    "2099/01/bière-test.jpg": "content/images/2099/01/bi-re-test.jpg",
    "2099/01/bi re-test.jpg": "content/images/2099/01/bi-re-test-2.jpg",
    "2099/01/bi-re-test-1.jpg": "content/images/2099/01/bi-re-test-1.jpg",
    "2099/01/QQ截图20990101120000.png": "content/images/2099/01/QQ--20990101120000.png",
    "2099/01/notes été.zip": "content/files/2099/01/notes--t-.zip",
    "2099/01/plain.jpg": "content/images/2099/01/plain.jpg",
}


def export(tmp_path: Path) -> tuple[Path, Path]:
    links = "".join(
        f'<p><a href="{UP}{path}"><img src="{UP}{path}"></a></p>' for path in FILES
    ).replace("bi re-test", "bi%20re-test")  # as WordPress writes a space in a URL
    items = [item(1, title="Files", body=links, more=meta("_thumbnail_id", "13"))]
    items += [attachment(n, f"{UP}{path}", path) for path, (n, _) in FILES.items()]
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(*items))
    uploads = tmp_path / "uploads"
    for path, (_, data) in FILES.items():
        (uploads / path).parent.mkdir(parents=True, exist_ok=True)
        (uploads / path).write_bytes(data)
    return source, uploads


def test_the_zip_the_json_and_the_redirects_name_each_file_as_ghost_stores_it(
    tmp_path: Path,
) -> None:
    source, uploads = export(tmp_path)
    out = tmp_path / "site" / "site.zip"
    report = convert_zip(source, out, media_from=str(uploads), redirects="csv")
    document, files = opened(out)
    hand = by_hand(out.parent)
    assert files == {STORED[p]: data for p, (_, data) in FILES.items() if p.endswith("g")}
    assert hand == {"content/files/2099/01/notes--t-.zip": FILES["2099/01/notes été.zip"][1]}
    assert all(kept(name) for name in [*files, *hand])  # Ghost renames none of them

    post = document["db"][0]["data"]["posts"][0]
    assert post["feature_image"].endswith("/content/images/2099/01/QQ--20990101120000.png")
    assert named(document) == {"/" + name for name in STORED.values()}
    with (out.parent / "redirects.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    targets = {re.sub(r"^https?://[^/]+", "", row["to"]) for row in rows}
    media_targets = {t for t in targets if t.startswith("/content/")}
    assert media_targets == {"/" + name for name in STORED.values()}
    by_old = {row["from"]: row["to"] for row in rows}
    assert by_old["/wp-content/uploads/2099/01/bi%20re-test.jpg"].endswith("bi-re-test-2.jpg")

    renamed = "media named as Ghost stores them (non-ASCII, spaces…)"
    assert report.counts[renamed] == 4
    assert report.counts["media numbered (their Ghost name was another file's)"] == 1
    numbered = [d for d in report.diagnostics if d.code == "WXR607"]
    assert [d.path for d in numbered] == ["2099/01/bi re-test.jpg"]
    assert "bi-re-test.jpg" in numbered[0].message and "bi-re-test-2.jpg" in numbered[0].message

    first = out.read_bytes()
    convert_zip(source, out, media_from=str(uploads), redirects="csv")
    assert out.read_bytes() == first  # the same names, the same bytes
