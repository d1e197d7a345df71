"""The [gallery] shortcode shows what WordPress's gallery_shortcode shows: each image
once, in the order WordPress gives them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_helpers import site
from media_helpers import attachment
from wxr_builder import item, meta, wxr

from wxr_tools.gallery import convert_gallery
from wxr_tools.index import Index, build_index
from wxr_tools.model import Item, Site
from wxr_tools.shortcodes import find_shortcodes
from wxr_tools.transforms import Context, shortcodes


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


# --- orders that need the attachments: the index of an export ----------------------

UPLOADS = "https://example.org/wp-content/uploads/2024/01/"


def image(
    ident: int,
    parent: int,
    *,
    menu_order: int = 0,
    title: str = "Image",
    name: str = "",
    date: str = "2024-01-01 10:00:00",
    modified: str = "2024-01-01 10:00:00",
    file: str = "",
) -> str:
    """An attachment as WordPress exports it; a later element wins over ``item``'s own."""
    file = file or f"{ident}.jpg"
    return item(
        ident,
        title=title,
        post_type="attachment",
        status="inherit",
        more=(
            f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n"
            f"\t\t<wp:menu_order>{menu_order}</wp:menu_order>\n"
            f"\t\t<wp:post_name><![CDATA[{name or f'image-{ident}'}]]></wp:post_name>\n"
            f"\t\t<wp:post_date><![CDATA[{date}]]></wp:post_date>\n"
            f"\t\t<wp:post_modified><![CDATA[{modified}]]></wp:post_modified>\n"
            f"\t\t<wp:attachment_url>{UPLOADS}{file}</wp:attachment_url>\n"
            + meta("_wp_attached_file", f"2024/01/{file}")
        ),
    )


# Post 1's images: 11, 12, 13 (and a PDF, 14); post 2's: 15, 16; 17 is attached to none.
ATTACHMENTS = (
    image(11, 1, menu_order=2, title="beta", name="zeta", date="2024-01-02 10:00:00",
          modified="2024-03-01 10:00:00"),
    image(12, 1, menu_order=1, title="Alpha", name="eta", date="2024-01-03 10:00:00",
          modified="2024-04-01 10:00:00"),
    image(13, 1, menu_order=1, title="gamma", name="theta", date="2024-01-01 10:00:00",
          modified="2024-02-01 10:00:00"),
    image(14, 1, menu_order=0, file="notes.pdf"),
    image(15, 2, menu_order=5),
    image(16, 2, menu_order=0),
    image(17, 0, menu_order=0),
)  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    path = tmp_path_factory.mktemp("gallery") / "export.xml"
    path.write_bytes(wxr(item(1), item(2), item(3), *ATTACHMENTS))
    with build_index(str(path)) as built:
        yield built


def shown_in_post(index: Index, text: str, post: int = 1) -> list[int] | None:
    """The attachment ids the gallery of ``text`` in post ``post`` shows, as the
    shortcodes transform converts it with the export's index (None: kept as written)."""
    html = shortcodes.convert(text, Context(site=Site(), index=index), Item(id=post))
    return None if html == text else [int(n) for n in re.findall(r'data-id="(\d+)"', html)]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # include alone: menu_order, then ID (17 is 0, 12 and 13 are 1, 11 is 2).
        ('[gallery include="11,13,12,17"]', [17, 12, 13, 11]),
        # A gallery of the post's images: the same order; the PDF is no image.
        ("[gallery]", [12, 13, 11]),
        # order="DESC" turns every key: menu_order, then ID, both descending.
        ('[gallery order="DESC"]', [11, 13, 12]),
        ('[gallery include="17,12,11,13" order="desc"]', [11, 13, 12, 17]),
        ('[gallery ids="13,11,12" orderby="title"]', [12, 11, 13]),  # Alpha, beta, gamma
        ('[gallery ids="11,12,13" orderby="post_title" order="DESC"]', [13, 11, 12]),
        ('[gallery ids="11,12,13" orderby="date"]', [13, 11, 12]),
        ('[gallery ids="11,12,13" orderby="post_date" order="DESC"]', [12, 11, 13]),
        ('[gallery ids="11,12,13" orderby="modified"]', [13, 11, 12]),
        ('[gallery ids="11,12,13" orderby="name"]', [12, 13, 11]),  # eta, theta, zeta
        ('[gallery ids="11,12,13" orderby="menu_order"]', [12, 13, 11]),  # ties by id
        # "id" is no key of WP_Query: with none it knows, it sorts by date.
        ('[gallery ids="12,11,13" orderby="id"]', [13, 11, 12]),
        # exclude narrows the post's images (and only them).
        ('[gallery exclude="13"]', [12, 11]),
        ('[gallery exclude="13,12" orderby="ID" order="DESC"]', [11]),
        # id="2": post 2's images, wherever the gallery is.
        ('[gallery id="2"]', [16, 15]),
        ('[gallery id="2" orderby="ID"]', [15, 16]),
    ],
)
def test_gallery_order_from_the_attachments(index: Index, text: str, ids: list[int]) -> None:
    assert shown_in_post(index, text) == ids


@pytest.mark.parametrize(
    "text",
    [
        "[gallery]",  # post 3 has no image attached: WordPress's may not be in the export
        '[gallery id="0"]',  # the images attached to no post: not guessed at
        '[gallery id="x"]',
    ],
)
def test_gallery_of_no_known_images_is_kept(index: Index, text: str) -> None:
    assert shown_in_post(index, text, post=3) is None


def test_a_random_order_is_a_fixed_one_counted(index: Index, tmp_path: Path) -> None:
    """orderby="rand": the list's order (the ids' for the post's images), the same bytes
    from run to run, and the run report counts such galleries."""
    assert shown_in_post(index, '[gallery orderby="rand"]') == [11, 12, 13]
    assert shown_in_post(index, '[gallery orderby="RAND(7)" order="DESC"]') == [11, 12, 13]
    assert shown_in_post(index, '[gallery include="13,11" orderby="rand"]') == [13, 11]
    source = tmp_path / "rand.xml"
    body = '[gallery orderby="rand"] [gallery ids="16,15" orderby="rand"] [gallery]'
    source.write_bytes(wxr(item(1, body=body), *reversed(ATTACHMENTS)))  # not in id order
    outputs = []
    for run in ("a", "b"):
        report = site(source, tmp_path / run)
        assert report.counts["galleries in a random order shown in a fixed one"] == 2
        out = tmp_path / run
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*.md")})
    assert outputs[0] == outputs[1]
    [post] = [t.decode() for t in outputs[0].values() if b"data-id" in t]
    assert re.findall(r'data-id="(\d+)"', post) == ["11", "12", "13", "16", "15", "12", "13", "11"]
