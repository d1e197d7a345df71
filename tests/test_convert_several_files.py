"""An export in several files (``wp export``'s split files, or a splitter's) converts
as the whole export does: the same Markdown files and redirect map, the same Ghost
import, the same WXR items; the items a file repeats from an earlier one (wp-cli's
menu items) are written once and counted; a repeat that differs is told (WXR114);
files of two sites, or standard input among files, are refused.

The files are cut from one export the way wp-cli cuts a site: each file has the whole
header (site, authors, terms) and the menu items, then its share of the other items;
with ``--include_once`` the authors, terms and menu items are in the first file only.
The whole export compared with is made of the same pieces, in the same order.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import SAMPLE, tree

from wxr_tools import parts
from wxr_tools.cli import main
from wxr_tools.exitcodes import TOOL_ERROR
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import parallel, read
from wxr_tools.repeats import REASON
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown import workers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_export  # noqa: E402

HEADER_BLOCK = re.compile(r"[ \t]*<wp:(author|category|tag|term)>.*?</wp:\1>\n", re.S)
ITEM = re.compile(r"[ \t]*<item>.*?</item>\n", re.S)


def split_export(text: str, n: int, include_once: bool = False) -> tuple[str, list[str]]:
    """The whole export and its ``n`` files, cut as wp-cli cuts one."""
    start = text.rindex("\n", 0, text.index("<item>")) + 1
    end = text.rindex("</item>") + len("</item>\n")
    head, foot = text[:start], text[end:]
    items = ITEM.findall(text, start, end)
    assert "".join(items) == text[start:end]
    menu = [i for i in items if "nav_menu_item]]" in i]
    rest = [i for i in items if "nav_menu_item]]" not in i]
    assert menu and len(rest) >= n
    size = -(-len(rest) // n)
    bare = HEADER_BLOCK.sub("", head)
    files = []
    for k in range(n):
        once = include_once and k > 0
        chunk = ([] if once else menu) + rest[k * size : (k + 1) * size]
        files.append((bare if once else head) + "".join(chunk) + foot)
    return head + "".join(menu + rest) + foot, files


def write_split(
    source: Path, tmp_path: Path, n: int, include_once: bool = False
) -> tuple[Path, list[Path]]:
    whole, files = split_export(source.read_text(encoding="utf-8"), n, include_once)
    whole_path = tmp_path / "whole.xml"
    whole_path.write_text(whole, encoding="utf-8")
    paths = []
    for k, text in enumerate(files):
        path = tmp_path / f"site.wordpress.2024-01-01.{k:03d}.xml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return whole_path, paths


def run(sources: list[Path], to: str, out: Path, **options: Any) -> RunReport:
    names = [str(s) for s in sources]
    return convert(
        names[0] if len(names) == 1 else names,
        to,
        str(out),
        Options(progress=False),
        WriteOptions(**options),
    )


def output_of(out: Path) -> dict[str, bytes]:
    return tree(out) if out.is_dir() else {out.name: out.read_bytes()}


def menu_items(path: Path) -> int:
    with read(str(path)) as export:
        return sum(1 for item in export if item.type == "nav_menu_item")


def assert_adds_up(report: RunReport) -> None:
    data = report.to_json()
    assert data["items"]["read"] == data["items"]["written"] + data["items"]["excluded"]
    comments = data["comments"]
    assert comments["read"] == comments["written"] + comments["excluded"]


def item_lines(paths: list[Path]) -> dict[int, tuple[str, int | None]]:
    """Each item id's first file and line there."""
    found: dict[int, tuple[str, int | None]] = {}
    for path in paths:
        with read(str(path)) as export:
            for item in export:
                if item.id is not None:
                    found.setdefault(item.id, (str(path), item.line))
    return found


CASES = [
    ("markdown", {"flavor": "hugo", "redirects": "csv"}),
    ("markdown", {"flavor": "jekyll", "redirects": "csv"}),
    ("ghost", {"redirects": "ghost"}),
    ("wxr", {}),
]


@pytest.mark.parametrize(("n", "include_once"), [(2, False), (3, False), (3, True)])
@pytest.mark.parametrize(("to", "options"), CASES)
def test_files_convert_as_the_whole_export(
    to: str, options: dict[str, Any], n: int, include_once: bool, tmp_path: Path
) -> None:
    whole, files = write_split(SAMPLE, tmp_path, n, include_once)
    name = "out" if to == "markdown" else f"out.{'json' if to == 'ghost' else 'xml'}"
    one = run([whole], to, tmp_path / "one" / name, **options)
    many = run(files, to, tmp_path / "many" / name, **options)
    assert output_of(tmp_path / "many") == output_of(tmp_path / "one")
    if to == "markdown":
        assert b"/?p=" in (tmp_path / "many" / name / "redirects.csv").read_bytes()
    # Every menu item but the first file's copies is a repeat, counted as excluded.
    repeats = 0 if include_once else (n - 1) * menu_items(files[0])
    assert many.items_excluded[REASON] == repeats
    assert many.items_read == one.items_read + repeats
    assert many.items_written == one.items_written
    assert_adds_up(many)
    # The findings are the same, each naming the file and the line of its item (or
    # the output, as they did).
    lines = item_lines(files)
    expected = Counter(
        (d.code, d.item_id, *(lines[d.item_id] if d.item_id else (str(files[0]), d.line)))
        if d.path == str(whole)
        else (
            d.code,
            d.item_id,
            d.path.replace(str(tmp_path / "one"), str(tmp_path / "many")),
            d.line,
        )
        for d in one.diagnostics
    )
    got = Counter((d.code, d.item_id, d.path, d.line) for d in many.diagnostics)
    assert got == expected
    assert not [d for d in many.diagnostics if d.code == "WXR114"]


def test_a_differing_repeat_is_told_and_the_first_copy_written(tmp_path: Path) -> None:
    whole, files = write_split(SAMPLE, tmp_path, 2)
    text = files[1].read_text(encoding="utf-8")
    title = re.search(r"<item>\s*<title><!\[CDATA\[([^\]]*)\]\]>", text)
    assert title is not None and "nav_menu_item" in text[title.end() : text.index("</item>")]
    files[1].write_text(text.replace(title.group(0), title.group(0) + " (edited)", 1), "utf-8")
    run([whole], "markdown", tmp_path / "one" / "out", redirects="csv")
    many = run(files, "markdown", tmp_path / "many" / "out", redirects="csv")
    assert output_of(tmp_path / "many") == output_of(tmp_path / "one")
    told = [d for d in many.diagnostics if d.code == "WXR114"]
    assert len(told) == 1
    first, second = item_lines(files[:1]), item_lines(files[1:])
    assert told[0].item_id is not None
    assert (told[0].path, told[0].line) == second[told[0].item_id]
    path, line = first[told[0].item_id]
    assert f"{path} line {line}" in told[0].message
    assert many.items_excluded[REASON] == menu_items(files[0])
    assert_adds_up(many)


def test_one_file_is_read_as_before(tmp_path: Path) -> None:
    """A list of one file is the file: no repeats table, the same bytes."""
    run([SAMPLE], "wxr", tmp_path / "a.xml")
    convert(str(SAMPLE), "wxr", str(tmp_path / "b.xml"), Options(progress=False))
    assert (tmp_path / "a.xml").read_bytes() == (tmp_path / "b.xml").read_bytes()


def test_files_of_another_site_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    text = files[1].read_text(encoding="utf-8")
    other = text.replace(
        "<wp:base_site_url>https://ctts.example.org", "<wp:base_site_url>https://other.example"
    )
    assert other != text
    files[1].write_text(other, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["convert", *map(str, files), "--to", "markdown", "-o", str(out)])
    assert code == TOOL_ERROR
    error = capsys.readouterr().err.strip()
    assert "\n" not in error
    assert str(files[0]) in error and str(files[1]) in error
    assert "other.example" in error
    assert not out.exists()


def test_standard_input_among_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    out = tmp_path / "out"
    code = main(["convert", str(files[0]), "-", "--to", "markdown", "-o", str(out)])
    assert code == TOOL_ERROR
    assert "standard input" in capsys.readouterr().err
    assert not out.exists()


def test_cli_converts_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole, files = write_split(SAMPLE, tmp_path, 3)
    report = tmp_path / "report.json"
    args = ["--to", "markdown", "--flavor", "jekyll", "--redirects", "csv", "--no-progress"]
    one = [str(whole), *args, "-o", str(tmp_path / "one"), "--report", str(report)]
    assert main(["convert", *one]) == 0
    read = json.loads(report.read_text())["items"]["read"]
    assert json.loads(report.read_text())["files_read"] == 1
    assert f"\nread {read} items: " in capsys.readouterr().err  # one file: as before
    many = [*map(str, files), *args, "-o", str(tmp_path / "many"), "--report", str(report)]
    assert main(["convert", *many]) == 0
    assert tree(tmp_path / "many") == tree(tmp_path / "one")
    repeats = 2 * menu_items(files[0])
    err = capsys.readouterr().err
    assert f"\nread {read + repeats} items from 3 files: " in err
    assert f"{repeats} {REASON}" in err
    data = json.loads(report.read_text())
    assert data["files_read"] == 3 and data["items"]["read"] == read + repeats
    assert data["items"]["excluded_by"][REASON] == repeats


@pytest.mark.parametrize("include_once", [False, True])
def test_large_files_are_still_read_in_parts(
    include_once: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "export.xml"
    with source.open("w", encoding="utf-8") as out:
        make_export.write_export(out, 40)
    whole, files = write_split(source, tmp_path, 2, include_once)
    monkeypatch.setenv("WXR_WORKERS", "0")
    one = run([whole], "markdown", tmp_path / "one", redirects="csv")
    # Every file cut in parts of 2 KB, read and rendered on two cores.
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(workers, "PART_SIZE", 2048)
    cut: Counter[str] = Counter()
    map_parts = parts.map_parts

    def counted(export: Any, work: Any, **kwargs: Any) -> Any:
        for part in map_parts(export, work, **kwargs):
            cut[export.path] += 1
            yield part

    monkeypatch.setattr(parts, "map_parts", counted)
    many = run(files, "markdown", tmp_path / "many", redirects="csv")
    assert set(cut) == set(map(str, files)) and min(cut.values()) > 2
    assert tree(tmp_path / "many") == tree(tmp_path / "one")
    repeats = 0 if include_once else menu_items(files[0])
    assert many.items_excluded[REASON] == repeats
    assert many.items_written == one.items_written
    assert_adds_up(many)


def test_media_from_a_local_copy_covers_every_file(tmp_path: Path) -> None:
    whole, files = write_split(SAMPLE, tmp_path, 3)
    uploads = tmp_path / "uploads" / "2008" / "11"
    uploads.mkdir(parents=True)
    (uploads / "going-solo-lyon-scene.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a whole jpeg")
    media = str(tmp_path / "uploads")
    one = run([whole], "markdown", tmp_path / "one", media_from=media)
    many = run(files, "markdown", tmp_path / "many", media_from=media)
    assert tree(tmp_path / "many") == tree(tmp_path / "one")
    assert any(name.endswith("going-solo-lyon-scene.jpg") for name in tree(tmp_path / "many"))
    assert [d.code for d in many.diagnostics] == [d.code for d in one.diagnostics]
    assert_adds_up(many)
