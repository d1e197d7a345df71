"""The files of one export (``wp export``'s split files) read as one by ``wxr info``,
``links``, ``shortcodes``, ``media`` and ``validate --one-export``: what the whole
export gives, the repeats counted once, a repeat that differs told (WXR114), each
finding in its own file; and the index pass reads such files one a worker.

The files are cut as ``test_convert_several_files`` cuts them (wp-cli's way).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import SAMPLE
from test_convert_several_files import item_lines, menu_items, write_split

from wxr_tools import index as index_module
from wxr_tools import indexfiles
from wxr_tools.cli import main
from wxr_tools.diagnostics import InputError
from wxr_tools.exitcodes import TOOL_ERROR
from wxr_tools.index import build_index
from wxr_tools.reader import parallel, read
from wxr_tools.validate import Options, validate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import make_export


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def edit_menu_item(path: Path) -> None:
    """Give the first menu item of ``path`` another title: a repeat that differs."""
    text = path.read_text(encoding="utf-8")
    title = re.search(r"<item>\s*<title><!\[CDATA\[([^\]]*)\]\]>", text)
    assert title is not None and "nav_menu_item" in text[title.end() : text.index("</item>")]
    path.write_text(text.replace(title.group(0), title.group(0) + " (edited)", 1), "utf-8")


# -- info ----------------------------------------------------------------------------------


def without_paths(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data, items=dict(data["items"]))
    for key in ("path", "paths"):
        data.pop(key, None)
    data["items"].pop("repeated", None)
    data["diagnostics"] = [{k: v for k, v in d.items() if k != "path"} for d in data["diagnostics"]]
    return data


@pytest.mark.parametrize(("n", "include_once"), [(2, False), (3, False), (3, True)])
def test_info_of_the_files_is_info_of_the_whole_export(
    n: int, include_once: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole, files = write_split(SAMPLE, tmp_path, n, include_once)
    code, one = run_json(capsys, "info", str(whole))
    assert code == 0
    code, many = run_json(capsys, "info", *map(str, files))
    assert code == 0
    assert without_paths(many) == without_paths(one)
    assert many["paths"] == [str(f) for f in files]
    repeats = 0 if include_once else (n - 1) * menu_items(files[0])
    assert many["items"]["repeated"] == repeats
    assert "repeated" not in one["items"]
    capsys.readouterr()
    assert main(["info", *map(str, files)]) == 0
    text = capsys.readouterr().out
    assert f"items       {one['items']['total']}" in text
    assert (f"+{repeats} repeated" in text) == bool(repeats)


def test_info_reads_each_file_in_parts_on_two_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "export.xml"
    with source.open("w", encoding="utf-8") as out:
        make_export.write_export(out, 40)
    whole, files = write_split(source, tmp_path, 2)
    monkeypatch.setenv("WXR_WORKERS", "0")
    one = run_json(capsys, "info", str(whole))[1]
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(parallel, "SMALLEST_PART", 2048)
    with read(str(files[0])) as export:
        assert parallel.will_cut(export)
    code, many = run_json(capsys, "info", *map(str, files))
    assert code == 0
    assert without_paths(many) == without_paths(one)
    assert many["items"]["repeated"] == menu_items(files[0])


def test_info_tells_a_repeat_that_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    edit_menu_item(files[1])
    code, many = run_json(capsys, "info", *map(str, files))
    assert code == 0  # a warning
    told = [d for d in many["diagnostics"] if d["code"] == "WXR114"]
    assert len(told) == 1
    assert (told[0]["path"], told[0]["line"]) == item_lines(files[1:])[told[0]["item_id"]]
    assert str(files[0]) in told[0]["message"]


def test_info_refuses_files_of_two_sites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    other = tmp_path / "other.xml"
    other.write_text(
        files[1]
        .read_text(encoding="utf-8")
        .replace("<wp:base_site_url>https://ctts.example.org", "<wp:base_site_url>https://x.test"),
        encoding="utf-8",
    )
    assert main(["info", str(files[0]), str(other)]) == TOOL_ERROR
    assert "one site" in capsys.readouterr().err


# -- links, shortcodes, media ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["links", "shortcodes", "media"])
@pytest.mark.parametrize("include_once", [False, True])
def test_reports_of_the_files_are_those_of_the_whole_export(
    command: str, include_once: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole, files = write_split(SAMPLE, tmp_path, 3, include_once)
    one = run_json(capsys, command, str(whole))
    many = run_json(capsys, command, *map(str, files))
    assert many == one


def test_links_between_the_files_resolve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each file alone has links and media its items cannot resolve: their targets are
    in the other files, and resolve when the files are read together."""
    _, files = write_split(SAMPLE, tmp_path, 3)
    alone = [run_json(capsys, "links", str(f))[1]["internal"]["unresolved"] for f in files]
    assert sum(alone) > 0
    assert run_json(capsys, "links", *map(str, files))[1]["internal"]["unresolved"] == 0
    media = [run_json(capsys, "media", str(f))[1]["summary"] for f in files]
    assert sum(m["unresolved_ids"] + m["urls_by_kind"].get("missing", 0) for m in media) > 0
    together = run_json(capsys, "media", *map(str, files))[1]["summary"]
    assert together["unresolved_ids"] == 0 and "missing" not in together["urls_by_kind"]


def test_shortcodes_tell_a_repeat_that_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    edit_menu_item(files[1])
    code, data = run_json(capsys, "shortcodes", *map(str, files))
    assert code == 0
    assert [d["code"] for d in data["diagnostics"]] == ["WXR114"]
    assert data["diagnostics"][0]["path"] == str(files[1])


# -- validate --one-export -------------------------------------------------------------------


def where(paths: list[Path], whole: Path, findings: list[Any]) -> Counter[tuple[Any, ...]]:
    """The findings of the whole export, placed in the files: an item's in its first
    copy's file and line, the export's own (no item) in the first file."""
    lines = item_lines(paths)
    return Counter(
        (d.code, d.item_id, *(lines[d.item_id] if d.item_id else (str(paths[0]), d.line)))
        for d in findings
        if d.path == str(whole)
    )


@pytest.mark.parametrize(("n", "include_once"), [(2, False), (3, False), (3, True)])
def test_validate_one_export_finds_what_the_whole_export_has(
    n: int, include_once: bool, tmp_path: Path
) -> None:
    whole, files = write_split(SAMPLE, tmp_path, n, include_once)
    # A real finding, resolved after the last file, named in its own: a missing parent.
    page = re.compile(r"<item>(?:(?!</item>).)*?<wp:post_type><!\[CDATA\[page\]\]>", re.S)
    for path in (whole, files[0]):
        text = path.read_text(encoding="utf-8")
        found = page.search(text)
        assert found is not None
        parent = re.sub(r"<wp:post_parent>\d+<", "<wp:post_parent>99999<", found.group(0))
        path.write_text(text.replace(found.group(0), parent, 1), encoding="utf-8")
    one = validate([str(whole)])
    alone = validate([*map(str, files)])
    many = validate([*map(str, files)], Options(one_export=True))
    assert [f.path for f in many.files] == [str(f) for f in files]
    got = Counter((d.code, d.item_id, d.path, d.line) for d in many.findings)
    assert got == where(files, whole, one.findings)
    assert "WXR205" in many.summary() and "WXR200" not in many.summary()
    # Each file on its own: its references to the other files are (false) findings.
    assert sum(alone.summary().values()) > sum(many.summary().values())
    assert sum(f.items for f in many.files) == sum(f.items for f in alone.files)


def test_validate_one_export_tells_a_repeat_that_differs(tmp_path: Path) -> None:
    _, files = write_split(SAMPLE, tmp_path, 3)
    edit_menu_item(files[2])
    report = validate([*map(str, files)], Options(one_export=True))
    told = [d for d in report.findings if d.code == "WXR114"]
    assert len(told) == 1 and told[0].item_id is not None
    assert (told[0].path, told[0].line) == item_lines(files[2:])[told[0].item_id]
    path, line = item_lines(files[:1])[told[0].item_id]
    assert f"{path} line {line}" in told[0].message
    assert told in ([d for d in f.findings if d.code == "WXR114"] for f in report.files)
    assert not [d for d in report.findings if d.code == "WXR200"]


def test_validate_one_export_keeps_a_duplicate_within_a_file(tmp_path: Path) -> None:
    _, files = write_split(SAMPLE, tmp_path, 2)
    text = files[1].read_text(encoding="utf-8")
    menu = re.search(r"[ \t]*<item>(?:(?!</item>).)*?nav_menu_item\]\].*?</item>\n", text, re.S)
    assert menu is not None
    files[1].write_text(text.replace(menu.group(0), menu.group(0) * 2, 1), encoding="utf-8")
    report = validate([*map(str, files)], Options(one_export=True))
    assert [(d.code, d.path) for d in report.findings if d.code in ("WXR200", "WXR114")] == [
        ("WXR200", str(files[1]))
    ]


def test_validate_cli_one_export_and_its_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole, files = write_split(SAMPLE, tmp_path, 3)
    names = [*map(str, files)]
    capsys.readouterr()
    main(["validate", "--format", "json", *names])
    out, err = capsys.readouterr()
    assert "--one-export" in err
    apart = json.loads(out)["summary"]
    assert main(["validate", "--one-export", "--format", "json", *names]) == 0
    out, err = capsys.readouterr()
    assert "--one-export" not in err
    assert json.loads(out)["summary"] == {"WXR402": 1} != apart
    # Not named as wp export names its files: no hint.
    main(["validate", str(whole), str(SAMPLE)])
    assert "--one-export" not in capsys.readouterr().err
    other = tmp_path / "other.xml"
    other.write_text(
        files[1]
        .read_text(encoding="utf-8")
        .replace("<wp:base_site_url>https://ctts.example.org", "<wp:base_site_url>https://x.test"),
        encoding="utf-8",
    )
    assert main(["validate", "--one-export", names[0], str(other)]) == TOOL_ERROR
    assert "one site" in capsys.readouterr().err
    assert main(["validate", "--one-export", names[0], "-"]) == TOOL_ERROR


# -- the index pass, one file a worker ----------------------------------------------------------


def test_small_files_are_indexed_one_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "export.xml"
    with source.open("w", encoding="utf-8") as out:
        make_export.write_export(out, 40)
    _, files = write_split(source, tmp_path, 4)
    names = [*map(str, files)]
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", max(f.stat().st_size for f in files) + 1)
    assert indexfiles.file_per_worker(names)
    with build_index(names) as parallel_index:
        assert parallel_index.repeats is not None
        got = (list(parallel_index.entries()), parallel_index.duplicates)
        firsts = [parallel_index.repeats.first_copy(e.id) for e in parallel_index.entries()]
    monkeypatch.setattr(indexfiles, "file_per_worker", lambda paths: False)
    with build_index(names) as one_by_one:
        assert one_by_one.repeats is not None
        assert got == (list(one_by_one.entries()), one_by_one.duplicates)
        assert firsts == [one_by_one.repeats.first_copy(e.id) for e in one_by_one.entries()]


def test_an_error_in_the_files_indexed_one_a_worker_is_the_first_file_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, files = write_split(SAMPLE, tmp_path, 3)
    for path in files[1:]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("</item>", "</itm>", 1), encoding="utf-8")
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", max(f.stat().st_size for f in files) + 1)
    names = [*map(str, files)]
    assert indexfiles.file_per_worker(names)
    with pytest.raises(InputError) as raised:
        build_index(names)
    assert raised.value.diagnostic.path == str(files[1])
