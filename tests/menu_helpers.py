"""A menu of every kind of entry, and what a built site's header must show of it.

``menu_items`` gives the items of an export with two menus: a nested main menu whose
entries link to a page (untitled: the page's title shows), a post, a category, an
internal and an external custom link, a draft page (left out: its child takes its
place) and a draft entry (never shown); a footer menu of one entry. ``header_menu``
reads the main menu back from a built page's header.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_helpers import dated, page_file
from wxr_builder import item

CATEGORY = '\t\t<category domain="category" nicename="{slug}"><![CDATA[{name}]]></category>\n'


def menu_entry(
    item_id: int,
    menu: str,
    order: int,
    kind: str,
    *,
    obj: str = "",
    obj_id: int = 0,
    parent: int = 0,
    url: str = "",
    title: str = "",
    status: str = "publish",
    **extra: str,
) -> str:
    """A ``nav_menu_item`` in ``menu``; ``extra``: more ``_menu_item_*`` meta (target...)."""
    meta = {
        "type": kind,
        "menu_item_parent": str(parent),
        "object_id": str(obj_id),
        "object": obj,
        "url": url,
        **extra,
    }
    more = (
        f'\t\t<category domain="nav_menu" nicename="{menu}"><![CDATA[{menu.title()}]]></category>\n'
    )
    more += "".join(
        f"\t\t<wp:postmeta><wp:meta_key><![CDATA[_menu_item_{key}]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>\n"
        for key, value in meta.items()
    )
    text = item(item_id, title=title, body="", post_type="nav_menu_item", status=status, more=more)
    return text.replace(
        "<wp:menu_order>0</wp:menu_order>", f"<wp:menu_order>{order}</wp:menu_order>"
    )


def menu_items(base: int, category: tuple[int, str, str], host: str) -> list[str]:
    """Pages, posts and menu entries with ids from ``base``; ``category``: (id, slug,
    name) of a category of the channel, which the post carries; ``host``: the site's."""
    cat_id, slug, name = category
    b = base
    # A month of their own: the other tests' month pages keep the posts they had.
    day = ("2023-05-04 10:00:00", "2023-05-04 08:00:00")
    return [
        dated(b + 1, *day, title="Menu post", more=CATEGORY.format(slug=slug, name=name)),
        item(b + 2, title="Menu about", post_type="page"),
        item(b + 3, title="Menu draft", post_type="page", status="draft"),
        dated(b + 4, *day, title="Menu linked"),
        # The main menu, nested three deep; an untitled entry shows its page's title.
        menu_entry(
            b + 11,
            "main-menu",
            1,
            "post_type",
            obj="page",
            obj_id=b + 2,
            classes='a:2:{i:0;s:4:"home";i:1;s:0:"";}',
        ),
        menu_entry(
            b + 12,
            "main-menu",
            2,
            "custom",
            url=f"{host}/?p={b + 4}",
            title="Internal",
            parent=b + 11,
        ),
        menu_entry(
            b + 13,
            "main-menu",
            3,
            "post_type",
            obj="post",
            obj_id=b + 1,
            title="A post",
            parent=b + 12,
        ),
        menu_entry(b + 14, "main-menu", 4, "taxonomy", obj="category", obj_id=cat_id),
        menu_entry(
            b + 15,
            "main-menu",
            5,
            "custom",
            url="https://elsewhere.example/x?a=1&b=2",
            title="Elsewhere",
            target="_blank",
            xfn="nofollow",
        ),
        menu_entry(
            b + 16, "main-menu", 6, "post_type", obj="page", obj_id=b + 3, title="Draft page"
        ),
        menu_entry(
            b + 17,
            "main-menu",
            7,
            "post_type",
            obj="post",
            obj_id=b + 4,
            title="Under the draft",
            parent=b + 16,
        ),
        menu_entry(
            b + 18,
            "main-menu",
            8,
            "custom",
            url="https://elsewhere.example/",
            title="Unsaved",
            status="draft",
        ),
        menu_entry(
            b + 21, "footer", 1, "custom", url="https://elsewhere.example/legal", title="Legal"
        ),
    ]


class _Nav(HTMLParser):
    """The first ``<nav class="menu">``: its links as (depth, text, href, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.inside = False
        self.done = False
        self.links: list[list[Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "nav" and found.get("class") == "menu" and not self.done:
            self.inside = True
        elif self.inside and tag == "ul":
            self.depth += 1
        elif self.inside and tag == "a":
            self.links.append([self.depth, "", found.get("href"), found])

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "ul":
            self.depth -= 1
        elif self.inside and tag == "nav":
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.inside and self.links and self.depth:
            self.links[-1][1] += data.strip()


def header_menu(public: Path, url: str = "/") -> list[tuple[int, str, str]]:
    """The main menu in the header of the built page at ``url``: (depth, text, href)."""
    nav = _Nav()
    nav.feed(page_file(public, url).read_text("utf-8"))
    return [(depth, unescape(text), str(href)) for depth, text, href, _ in nav.links]


def header_attributes(public: Path, url: str = "/") -> dict[str, dict[str, str | None]]:
    """Each header link's attributes, by its text."""
    nav = _Nav()
    nav.feed(page_file(public, url).read_text("utf-8"))
    return {unescape(text): attrs for _, text, _, attrs in nav.links}


def check_header_links(public: Path, menu: list[tuple[int, str, str]]) -> None:
    """Every link of the site's own goes to a page that was built."""
    for _, text, href in menu:
        if re.match(r"https?://", href):
            continue
        assert page_file(public, href.split("#")[0] or "/").is_file(), f"{text}: no page at {href}"
