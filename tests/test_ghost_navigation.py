"""``--to ghost``: the export's menus as Ghost's ``navigation`` and ``secondary_navigation``
settings (``wxr_tools.writers.ghostnav``).

The export is the Markdown menus' (``menu_helpers.menu_items``: a nested main menu with
an entry of every kind, a draft page's entry, an unpublished entry) with more in its
footer menu (a tag, a page whose slug Ghost changes, a category no written post has,
the posts' archive, a heading without an address and the entry under it) and a third
menu. The channel lists the footer first: the main menu is found by its name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from menu_helpers import menu_entry, menu_items
from test_ghost_writer import balanced, check, run
from wxr_builder import item, wxr

from wxr_tools.model import Item, Meta, TermRef
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers.ghostnav import FLATTENED, REPLACES, VALUE_LIMIT

TERM = (
    "\t<wp:term><wp:term_id>{id}</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    "<wp:term_slug>{slug}</wp:term_slug><wp:term_name><![CDATA[{name}]]></wp:term_name>"
    "</wp:term>\n"
)
CHANNEL = (
    "\t<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name>"
    "</wp:category>\n"
    "\t<wp:category><wp:term_id>8</wp:term_id><wp:category_nicename>empty</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Empty]]></wp:cat_name>"
    "</wp:category>\n"
    "\t<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>tips</wp:tag_slug>"
    "<wp:tag_name><![CDATA[Tips &amp; Tricks]]></wp:tag_name></wp:tag>\n"
    + TERM.format(id=40, slug="footer", name="Footer")
    + TERM.format(id=41, slug="main-menu", name="Main menu")
    + TERM.format(id=42, slug="social", name="Social")
)
TIPS = '\t\t<category domain="post_tag" nicename="tips"><![CDATA[Tips &amp; Tricks]]></category>\n'

MAIN = [
    {"label": "Menu about", "url": "/hello-102/"},  # untitled: its page's title
    {"label": "Internal", "url": "/hello-104/"},  # under "Menu about": after it
    {"label": "A post", "url": "/hello-101/"},  # under "Internal"
    {"label": "News", "url": "/tag/news/"},
    {"label": "Elsewhere", "url": "https://elsewhere.example/x?a=1&b=2"},
    # Its parent links to a draft, left out: it takes its place.
    {"label": "Under the draft", "url": "/hello-104/"},
]
FOOTER = [
    {"label": "Legal", "url": "https://elsewhere.example/legal"},
    {"label": "Tips & Tricks", "url": "/tag/tips/"},  # as WordPress shows the name
    {"label": "Ghost page", "url": "/ghost-post/"},  # Ghost's slug for "ghost"
    {"label": "Posts", "url": "/"},
    {"label": "Child", "url": "https://elsewhere.example/child"},  # its heading left out
]


def export(tmp_path: Path) -> Path:
    items = menu_items(100, (7, "news", "News"), "https://example.org")
    items += [
        item(140, title="Tipped", more=TIPS),
        item(141, title="Ghost page", post_type="page").replace(
            "<![CDATA[hello-141]]>", "<![CDATA[ghost]]>"
        ),
        menu_entry(122, "footer", 2, "taxonomy", obj="post_tag", obj_id=9),
        menu_entry(123, "footer", 3, "post_type", obj="page", obj_id=141),
        menu_entry(124, "footer", 4, "taxonomy", obj="category", obj_id=8),
        menu_entry(125, "footer", 5, "post_type_archive", obj="post"),
        menu_entry(126, "footer", 6, "custom", url="#", title="More"),
        menu_entry(
            127,
            "footer",
            7,
            "custom",
            url="https://elsewhere.example/child",
            title="Child",
            parent=126,
        ),
        menu_entry(151, "social", 1, "custom", url="https://social.example/me", title="Me"),
    ]
    path = tmp_path / "menus.xml"
    path.write_bytes(wxr(*items, channel=CHANNEL))
    return path


def navigation(data: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The settings rows' values, read back, by key."""
    return {row["key"]: json.loads(row["value"]) for row in data.get("settings", [])}


def test_the_main_and_footer_menus_are_ghosts_navigation(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    report = convert(str(export(tmp_path)), "ghost", str(out), Options())
    data = check(out)
    assert [row["key"] for row in data["settings"]] == ["navigation", "secondary_navigation"]
    assert navigation(data) == {"navigation": MAIN, "secondary_navigation": FOOTER}
    # Every address of the site's own is a published post's or page's, or a tag's.
    published = {f"/{p['slug']}/" for p in data["posts"] if p["status"] == "published"}
    tags = {f"/tag/{t['slug']}/" for t in data["tags"]}
    for entry in [*MAIN, *FOOTER]:
        url = entry["url"]
        assert url.startswith("https://") or url in published | tags | {"/"}, url
    drafts = {f"/{p['slug']}/" for p in data["posts"] if p["status"] == "draft"}
    assert drafts == {"/hello-103/"}  # the draft page is in the file, not in the menu
    assert report.items_written["nav_menu_item"] == len(MAIN) + len(FOOTER)
    assert report.items_excluded == {
        "menu entry left out (its target is a draft (its page would not answer visitors))": 1,
        "menu entry left out (not published: WordPress did not show it)": 1,
        "menu entry left out (the category is no tag of the import (no post written has it))": 1,
        "menu entry left out (no address (#, a submenu's heading: "
        "ghost's navigation is one level))": 1,
        "menu entry left out (in a third menu: ghost has a navigation and a secondary one)": 1,
    }
    assert report.counts[FLATTENED] == 2  # "Internal" and "A post"
    assert report.counts[REPLACES] == 2
    assert balanced(report)


def test_the_samples_menu_entry_is_its_navigation(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"
    out = tmp_path / "ghost.json"
    report = convert(str(sample), "ghost", str(out), Options())
    data = check(out)
    assert navigation(data) == {"navigation": [{"label": "À propos", "url": "/a-propos/"}]}
    assert "/a-propos/" in {f"/{p['slug']}/" for p in data["posts"]}
    assert report.items_written["nav_menu_item"] == 1 and report.counts[REPLACES] == 1


def entry(item_id: int, menu: str, order: int, **meta: str) -> Item:
    """A ``nav_menu_item`` as the reader gives it: ``meta``, its ``_menu_item_*``."""
    return Item(
        id=item_id,
        type="nav_menu_item",
        status="publish",
        title=meta.pop("title", ""),
        menu_order=order,
        terms=(TermRef(taxonomy="nav_menu", slug=menu, name=menu.title()),),
        meta=tuple(Meta(key=f"_menu_item_{k}", value=v) for k, v in meta.items()),
    )


def test_without_a_menu_entry_to_write_the_navigation_is_left_alone(tmp_path: Path) -> None:
    items = [
        Item(id=1, type="post", status="publish", title="Alone"),
        entry(2, "main", 1, type="post_type", object="post", object_id="99"),  # not there
    ]
    data, report = run(items, tmp_path)
    assert "settings" not in data
    assert report.items_excluded == {
        "menu entry left out (its target is not in the import (not a written post or page))": 1
    }
    assert not report.counts[REPLACES]
    assert balanced(report)


def test_a_navigation_past_ghosts_limit_loses_its_last_entries(tmp_path: Path) -> None:
    long = "x" * 1000
    items = [
        entry(n, "main", n, type="custom", url=f"https://elsewhere.example/{n}", title=long)
        for n in range(1, 101)
    ]
    data, report = run(items, tmp_path)
    written = navigation(data)["navigation"]
    assert 50 < len(written) < 100
    assert written[-1]["url"] == f"https://elsewhere.example/{len(written)}"  # in order
    assert len(data["settings"][0]["value"].encode("utf-8")) <= VALUE_LIMIT
    left = report.items_excluded[
        "menu entry left out (past the 65,535 characters of ghost's setting)"
    ]
    assert left == 100 - len(written)
    assert balanced(report)
