"""The export's navigation menus, as each generator's menus, and in the skeleton's header.

The export (``menu_helpers.menu_items``) has a nested main menu with an entry of every
kind and a footer menu. Each flavor's menus file must hold both, every entry at its
target's new URL, and the entries with no page here left out and counted; Hugo and
Jekyll build the site and its header shows the main menu, nested, every link of the
site's own to a page that was built (Eleventy and Astro: ``test_markdown_site_node_builds``).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import site, site_build
from menu_helpers import check_header_links, header_attributes, header_menu, menu_items
from wxr_builder import wxr

from wxr_tools.writers.markdown.menus import FILES, main_slug

CHANNEL = (
    "\t<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name>"
    "</wp:category>\n"
    "\t<wp:term><wp:term_id>40</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    "<wp:term_slug>footer</wp:term_slug><wp:term_name><![CDATA[Footer]]></wp:term_name>"
    "</wp:term>\n"
    "\t<wp:term><wp:term_id>41</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    "<wp:term_slug>main-menu</wp:term_slug><wp:term_name><![CDATA[Main menu]]></wp:term_name>"
    "</wp:term>\n"
)

MAIN = [
    {
        "name": "Menu about",  # untitled: its page's title
        "url": "/hello-102/",
        "weight": 1,
        "id": 111,
        "classes": ["home"],
        "children": [
            {
                "name": "Internal",  # an old address of the site: the post's new one
                "url": "/2023/05/hello-104/",
                "weight": 2,
                "id": 112,
                "children": [
                    {"name": "A post", "url": "/2023/05/hello-101/", "weight": 3, "id": 113}
                ],
            }
        ],
    },
    {"name": "News", "url": "/categories/news/", "weight": 4, "id": 114},
    {
        "name": "Elsewhere",
        "url": "https://elsewhere.example/x?a=1&b=2",
        "weight": 5,
        "id": 115,
        "target": "_blank",
        "rel": "nofollow",
    },
    # Its parent links to a draft, left out: it takes its place.
    {"name": "Under the draft", "url": "/2023/05/hello-104/", "weight": 6, "id": 117},
]
FOOTER = [{"name": "Legal", "url": "https://elsewhere.example/legal", "weight": 1, "id": 121}]


def menu_export(tmp_path: Path) -> Path:
    path = tmp_path / "menus.xml"
    path.write_bytes(
        wxr(*menu_items(100, (7, "news", "News"), "https://example.org"), channel=CHANNEL)
    )
    return path


def menus_file(out: Path, flavor: str) -> dict[str, Any]:
    text = (out / FILES[flavor]).read_text("utf-8")
    return tomllib.loads(text) if flavor == "hugo" else json.loads(text)


@pytest.mark.parametrize("flavor", ["jekyll", "eleventy", "astro"])
def test_menus_data_nests_every_entry_at_its_new_url(flavor: str, tmp_path: Path) -> None:
    site(menu_export(tmp_path), tmp_path / "site", flavor=flavor)
    data = menus_file(tmp_path / "site", flavor)
    # The main menu (named so) under "main", the others under their slugs.
    assert data == {
        "footer": {"slug": "footer", "name": "Footer", "entries": FOOTER},
        "main": {"slug": "main-menu", "name": "Main menu", "entries": MAIN},
    }


def _flat(entries: list[dict[str, Any]], parent: str | None = None) -> list[dict[str, Any]]:
    """The nested entries as Hugo's flat ones, each naming its parent's identifier."""
    out = []
    for entry in entries:
        hugo = {"identifier": f"wp-{entry['id']}", "name": entry["name"], "url": entry["url"]}
        hugo["weight"] = entry["weight"]
        if parent:
            hugo["parent"] = parent
        params = {k: entry[k] for k in ("target", "classes", "rel") if k in entry}
        if params:
            hugo["params"] = params
        out += [hugo, *_flat(entry.get("children", []), hugo["identifier"])]
    return out


def test_hugo_menus_are_its_own(tmp_path: Path) -> None:
    site(menu_export(tmp_path), tmp_path / "site")
    assert menus_file(tmp_path / "site", "hugo") == {"main": _flat(MAIN), "footer": _flat(FOOTER)}


def test_entries_are_counted_written_or_left_out(tmp_path: Path) -> None:
    report = site(menu_export(tmp_path), tmp_path / "site", flavor="jekyll").to_json()
    items = report["items"]
    assert items["read"] == items["written"] + items["excluded"]
    assert items["written_by"]["nav_menu_item"] == 7
    assert report["counts"]["menu entries written"] == 7
    assert items["excluded_by"]["menu entry left out (its target is a draft)"] == 1
    unsaved = "menu entry left out (not published: WordPress did not show it)"
    assert items["excluded_by"][unsaved] == 1
    assert not any("nav_menu_item" in why for why in items["excluded_by"])


def test_menus_are_written_again_on_every_run(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(menu_export(tmp_path), out, flavor="eleventy")
    path = out / FILES["eleventy"]
    path.write_text("{}", encoding="utf-8")
    site(menu_export(tmp_path), out, flavor="eleventy")
    assert json.loads(path.read_text("utf-8"))["main"]["entries"] == MAIN


def test_an_export_without_menus_gets_no_menus_file(tmp_path: Path) -> None:
    source = tmp_path / "plain.xml"
    source.write_bytes(wxr(*menu_items(100, (7, "news", "News"), "https://example.org")[:4]))
    for flavor in FILES:
        site(source, tmp_path / flavor, flavor=flavor)
        assert not (tmp_path / flavor / FILES[flavor]).exists()


@pytest.mark.parametrize(
    ("slugs", "main"),
    [
        ({"footer": "Footer", "social": "Social"}, "footer"),  # none named so: the first
        ({"footer": "Footer", "top-bar": "Top"}, "top-bar"),
        ({"footer": "Footer", "menu-1": "Menu 1", "header": "Header"}, "menu-1"),
        ({"header-links": "Header", "primary": "Primary"}, "primary"),  # WordPress's order
        ({"primary": "Primary", "main": "Main"}, "main"),  # written under "main" anyway
        ({"x": "Navigation principale"}, "x"),
        ({"desktop": "Desktop", "y": "Main Menu"}, "y"),  # a word, not a part of one
    ],
)
def test_the_main_menu_is_one_named_so_else_the_first(slugs: dict[str, str], main: str) -> None:
    menus: dict[str, list[dict[str, Any]]] = {slug: [{}] for slug in slugs}
    assert main_slug(menus, slugs) == main


@pytest.mark.parametrize(
    "flavor",
    [
        pytest.param(
            name,
            marks=pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed"),
        )
        for name in ("hugo", "jekyll")
    ],
)
def test_the_header_shows_the_main_menu_nested(flavor: str, tmp_path: Path) -> None:
    out, public = tmp_path / "site", tmp_path / "public"
    site(menu_export(tmp_path), out, flavor=flavor)
    site_build(flavor, out, public)
    for url in ("/", "/2023/05/hello-101/", "/categories/news/"):  # every layout's header
        menu = header_menu(public, url)
        assert menu == [
            (1, "Menu about", "/hello-102/"),
            (2, "Internal", "/2023/05/hello-104/"),
            (3, "A post", "/2023/05/hello-101/"),
            (1, "News", "/categories/news/"),
            (1, "Elsewhere", "https://elsewhere.example/x?a=1&b=2"),
            (1, "Under the draft", "/2023/05/hello-104/"),
        ]
        check_header_links(public, menu)
    assert '<li class="menu-item home">' in (public / "index.html").read_text("utf-8")
    attributes = header_attributes(public)
    assert attributes["Elsewhere"]["target"] == "_blank"
    assert attributes["Elsewhere"]["rel"] == "nofollow"


def test_an_entry_whose_id_repeats_is_left_out_and_counted(tmp_path: Path) -> None:
    items = menu_items(100, (7, "news", "News"), "https://example.org")
    source = tmp_path / "twice.xml"
    source.write_bytes(wxr(*items, items[-1].replace("Legal", "Legal again"), channel=CHANNEL))
    report = site(source, tmp_path / "site", flavor="astro").to_json()["items"]
    assert report["excluded_by"]["menu entry left out (its id repeats an earlier entry's)"] == 1
    assert report["read"] == report["written"] + report["excluded"]
    assert menus_file(tmp_path / "site", "astro")["footer"]["entries"] == FOOTER
