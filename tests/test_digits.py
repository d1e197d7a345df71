"""Numbers in an export are ASCII digits, as WordPress reads them: "²" is no id.

``str.isdigit`` holds for "²" and "①" too, and ``int`` refuses them: a featured image,
a menu target, a link's ``?p=`` or ``/archives/N`` holding one stopped a run with a
traceback. Other scripts' digits ("٣") are not numbers to PHP's ``absint`` either.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from wxr_builder import item, meta, wxr

from wxr_tools.cli import main
from wxr_tools.digits import id_list, id_parts, is_number
from wxr_tools.gallery import convert_gallery
from wxr_tools.media.references import scan
from wxr_tools.model import Item
from wxr_tools.shortcodes import find_shortcodes

ODD = ("²", "①", "٣", "1²", "¹2")
BIG = "9" * 19  # past PHP's and SQLite's largest integer (19 digits, 9223…)


@pytest.mark.parametrize("text", ODD)
def test_only_ascii_digits_are_numbers(text: str) -> None:
    assert text.isdigit() and not is_number(text)


@pytest.mark.parametrize("text", ["0", "12", "0042"])
def test_ascii_digits_are_numbers(text: str) -> None:
    assert is_number(text)


def _export(tmp_path: Path) -> Path:
    """A post whose every number-shaped place holds "²" (and its kin), beside a post
    with the ordinary forms, so the run has something to resolve."""
    links = "".join(
        f'<a href="https://example.org/?p={odd}">p</a> '
        f'<a href="https://example.org/archives/{odd}">a</a> '
        f'<a href="https://example.org/?cat={odd}">c</a> '
        f'<a href="https://example.org/?m={odd}">m</a> '
        f'<a href="https://example.org/page/{odd}/">g</a> '
        for odd in (*ODD, BIG)
    )
    links += f'[gallery ids="{BIG},²"] <a href="https://example.org/?attachment_id={BIG}">x</a>'
    links += f'<a href="https://example.org/?author={BIG}">y</a>'

    odd_meta = meta("_thumbnail_id", "²") + meta("_product_image_gallery", f"²,①,{BIG}")
    big_meta = meta("_thumbnail_id", BIG)
    menu_meta = (
        meta("_menu_item_type", "post_type")
        + meta("_menu_item_object", "post")
        + meta("_menu_item_object_id", "²")
        + meta("_menu_item_menu_item_parent", "①")
    )
    path = tmp_path / "digits.xml"
    path.write_bytes(
        wxr(
            item(1, body=f"<p>{links}</p>", more=odd_meta),
            item(2, body='<p><a href="https://example.org/?p=1">one</a></p>'),
            item(3, title="Home", post_type="nav_menu_item", more=menu_meta),
            item(4, title="Big", more=big_meta + f"<wp:post_parent>{BIG}</wp:post_parent>"),
            item(int(BIG), title="Bigger"),
        )
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "markdown", "--flavor", "hugo"],
        ["--to", "markdown", "--flavor", "jekyll"],
        ["--to", "ghost"],
        ["--to", "wxr"],
    ],
)
def test_odd_digits_convert_without_a_traceback(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    export = _export(tmp_path)
    out = tmp_path / ("out.json" if args[1] == "ghost" else "out")
    report = tmp_path / "report.json"
    code = main(["convert", str(export), *args, "-o", str(out), "--report", str(report)])
    assert code == 0, capsys.readouterr().err
    items = json.loads(report.read_text())["items"]
    assert items["read"] == items["written"] + items["excluded"] == 5
    assert "Traceback" not in capsys.readouterr().err


def test_odd_digits_validate_as_no_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(_export(tmp_path)), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    messages = [d["message"] for d in found["findings"] if d["code"] == "WXR209"]
    assert any("'²'" in m and "not an id" in m for m in messages)


@pytest.mark.parametrize(
    ("ids", "parts"),
    [
        ("1,2", ["1", "2"]),
        ("1 2", ["1", "2"]),
        (" 1,\n\t2 ,, 3 ", ["1", "2", "3"]),
        ("1,x 2²", ["1", "x", "2²"]),
        (" , ", []),
    ],
)
def test_id_lists_are_cut_at_commas_and_blank_space(ids: str, parts: list[str]) -> None:
    # WordPress's wp_parse_id_list: "1 2" is two ids, not one invalid id.
    assert id_parts(ids) == parts
    assert id_list(ids) == [int(p) for p in parts if is_number(p)]


@pytest.mark.parametrize("ids", ["10 11", "10,11", "10, x 11", f"10\n{BIG} ² 11,"])
def test_a_gallery_shows_the_ids_the_media_scan_finds(ids: str) -> None:
    # The gallery's conversion and the media scan read one list the same way: each
    # image the gallery shows is a file the media commands fetch, and no other.
    text = f'[gallery ids="{ids}"]'
    [gallery] = find_shortcodes(text, ["gallery"])
    html = convert_gallery(gallery, lambda n: f"/wp-content/uploads/{n}.jpg")
    assert html is not None
    shown = [int(n) for n in re.findall(r'data-id="(\d+)"', html)]
    found = [f.attachment_id for f in scan(Item(id=1, content=text), "https://example.org")]
    assert shown == found == [10, 11]
    invalid = len(id_parts(ids)) - 2
    assert html.count("<!-- gallery: invalid attachment id -->") == invalid
