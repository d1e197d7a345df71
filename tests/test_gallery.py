"""The [gallery] shortcode shows what WordPress's gallery_shortcode shows: each image
once, in the order WordPress gives them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_helpers import site
from media_helpers import attachment
from wxr_builder import item, wxr

from wxr_tools.shortcodes import convert_gallery, find_shortcodes


def shown(text: str) -> list[int]:
    """The attachment ids the gallery of ``text`` shows, in order."""
    [gallery] = find_shortcodes(text, ["gallery"])
    html = convert_gallery(gallery, lambda n: f"/wp-content/uploads/{n}.jpg")
    assert html is not None
    return [int(n) for n in re.findall(r'data-id="(\d+)"', html)]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # wp_parse_id_list keeps each id once, at its first place (array_unique).
        ('[gallery ids="3,1,3,2,1"]', [3, 1, 2]),
        ('[gallery ids="7 07,8"]', [7, 8]),  # absint: "07" is 7
        ('[gallery include="5,4,5"]', [5, 4]),
        # ids are shown in their order (orderby=post__in), where order has no effect.
        ('[gallery ids="30,10,20" order="DESC"]', [30, 10, 20]),
        # orderby="ID" sorts by id, ascending unless order says otherwise.
        ('[gallery ids="30,10,20,10" orderby="ID"]', [10, 20, 30]),
        ('[gallery ids="30,10,20" orderby="ID" order="asc"]', [10, 20, 30]),
        ('[gallery ids="30,10,20" orderby="ID" order="DESC"]', [30, 20, 10]),
        ('[gallery ids="30,10,20" orderby="ID" order=""]', [30, 20, 10]),  # parse_order
        ('[gallery include="30,10" orderby="ID"]', [10, 30]),
        # "id" is no orderby key of WP_Query (its keys are case-sensitive): not sorted here.
        ('[gallery ids="30,10,20" orderby="id"]', [30, 10, 20]),
        # A random order would change on each run: the list's order is kept.
        ('[gallery ids="30,10,20" orderby="rand"]', [30, 10, 20]),
        # With ids, exclude is ignored (WordPress only uses it without include).
        ('[gallery ids="30,10" exclude="10"]', [30, 10]),
    ],
)
def test_gallery_order_and_repeats(text: str, ids: list[int]) -> None:
    assert shown(text) == ids


def test_invalid_ids_are_noted_once_each_and_after_sorted_ones() -> None:
    [gallery] = find_shortcodes('[gallery ids="x,2,x,1,y" orderby="ID"]', ["gallery"])
    html = convert_gallery(gallery, lambda n: f"/{n}.jpg")
    assert html is not None
    assert re.findall(r'data-id="(\d+)"|(<!--[^>]*-->)', html) == [
        ("1", ""),
        ("2", ""),
        ("", "<!-- gallery: invalid attachment id -->"),
        ("", "<!-- gallery: invalid attachment id -->"),
    ]


def test_a_repeated_image_is_shown_once_in_the_written_post(tmp_path: Path) -> None:
    uploads = "https://example.org/wp-content/uploads/2024/06/"
    export = tmp_path / "export.xml"
    export.write_bytes(
        wxr(
            item(1, body='[gallery ids="11,12,11" link="file"]'),
            attachment(11, uploads + "a.jpg", "2024/06/a.jpg"),
            attachment(12, uploads + "b.jpg", "2024/06/b.jpg"),
        )
    )
    site(export, tmp_path / "out")
    [post] = [p.read_text() for p in (tmp_path / "out").rglob("*.md") if "data-id" in p.read_text()]
    assert re.findall(r'data-id="(\d+)"', post) == ["11", "12"]
    assert post.count("a.jpg") == 2  # the link and the image, once
