"""``--to ghost``: the export's menus as Ghost's ``navigation`` and ``secondary_navigation``.

Ghost keeps its site's two menus as settings whose values are JSON strings of
``[{"label": ..., "url": ...}]`` (its default settings: ``navigation`` Home and About,
``secondary_navigation`` Sign up), and its JSON importer imports ``data.settings`` rows
(``{key, value}``) by editing the site's settings: importing the file replaces the
site's navigation, which the report says (``REPLACES``).

The main menu (``menus.main_slug``: as WordPress guesses it when a theme changes) is
``navigation``; another menu named like a footer or a secondary menu
(``SECONDARY_WORDS``) is ``secondary_navigation``; the entries of any other menu are
left out, counted. Ghost's navigation is one level: a submenu's entries follow their
parent, depth first, so every page the menu reached stays reachable in WordPress's
reading order; they are counted (``FLATTENED``). A submenu's heading with no address
(``#``, as WordPress users make them) would be a dead link in a flat list: left out,
counted, its entries stay.

An entry goes to its post or page when the file publishes it (a draft's page would
answer visitors with a 404): to the item's ``url``, where the links transform sent the
links to it (``/{slug}/``, the slug the writer gives it, ``GhostSlugs``'s; the user's
``[links.url_pattern]`` if set), else ``/{slug}/``. A term's entry goes to its tag's
page (``/tag/{slug}/``, the slug the writer gave the tag; the user's
``[links.archive_pattern]`` if set) when the file has that tag (one no written post
carries is not in the file); the posts' archive to the home page; a custom link to
its address (the links transform sent an internal one to its Ghost URL). Labels are
the entry's title, else its target's, as WordPress showed them: plain text, character
references read (WordPress stores ``&amp;`` in names; Ghost escapes labels itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson

from wxr_tools.archives import term_pattern
from wxr_tools.ghosturls import ITEM_PATTERN, TAG_PATTERN, tag_url
from wxr_tools.menus import (
    LEFT_OUT,
    MENU_ITEM,
    Entry,
    by_menu,
    channel_menus,
    flatten,
    main_slug,
    menu_names,
    named_like,
    nest,
    settle,
)
from wxr_tools.model import Item, Term
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch, id_key
from wxr_tools.urlparts import fill

NAVIGATION = "navigation"
SECONDARY = "secondary_navigation"
SECONDARY_WORDS = ("footer", "secondary")
"""What names a menu Ghost's secondary navigation (shown in its themes' footers)."""
REPLACES = "navigation settings written (importing replaces the Ghost site's navigation)"
FLATTENED = "menu entries moved up a level (ghost's navigation is one level)"
OTHER_MENU = "in a third menu: ghost has a navigation and a secondary one"
VALUE_LIMIT = 65535
"""Ghost's settings ``value`` column (``text``, its schema's maxlength): a longer value
fails the import."""
TOO_LONG = "past the 65,535 characters of ghost's setting"
PLACEHOLDERS = {
    "": "no address",
    "#": "no address (#, a submenu's heading: ghost's navigation is one level)",
    "#pll_switcher": "Polylang's language switcher (ghost has no languages)",
}
"""Custom links' addresses that go nowhere in Ghost, and why."""
_BATCH = 1000

NavItem = dict[str, str]


class GhostNavigation:
    """The menu entries seen, the posts and pages written, and the settings made of them."""

    def __init__(
        self,
        scratch: Scratch,
        terms: Iterable[Term],
        text: Callable[[str], str],
        patterns: dict[str, str],
    ) -> None:
        self.text = text
        self.patterns = patterns
        """``[links.archive_pattern]``: where the terms' tags are."""
        """A title as WordPress showed it, as plain text (the writer's ``plain_text``)."""
        self.entries: list[Entry] = []
        """Menu entries are few (a site's menus): kept in memory, as the Markdown's are."""
        self.channel = channel_menus(terms)
        self._terms = {
            (t.taxonomy, t.id): t for t in terms if t.id is not None and t.taxonomy != "nav_menu"
        }
        self._db = scratch.db
        self._targets = scratch.table(
            "ghost_nav_targets",
            "id PRIMARY KEY, url TEXT NOT NULL, title TEXT NOT NULL, published",
            rowid=False,
        )
        self._new: list[tuple[Any, ...]] = []

    def see(self, entry: Entry) -> None:
        self.entries.append(entry)

    def written(self, item: Item, slug: str, published: bool) -> None:
        """A post or page the file holds (``slug``: the one written): where a menu's
        entry for it goes. The first item of an id wins (a split post's main
        language, as ``GhostSlugs``)."""
        if item.id is None:
            return
        url = item.url or fill(ITEM_PATTERN, {"slug": slug})
        self._new.append((id_key(item.id), url, item.title, published))
        if len(self._new) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._new:
            self._db.executemany(
                f"INSERT OR IGNORE INTO {self._targets} VALUES (?, ?, ?, ?)", self._new
            )
            self._new = []

    def settings(
        self, term_tags: dict[tuple[str, str], str], report: RunReport
    ) -> list[dict[str, str]]:
        """The settings rows (none without a menu entry to write), every entry counted:
        written (an item written) or left out with the reason. ``term_tags``: the tag
        the writer made of each term (``GhostTables.term_tags``)."""
        self._flush()
        links: dict[int | None, NavItem] = {}
        kept: list[Entry] = []
        for entry, link, why in settle(self.entries, lambda e: self._link(e, term_tags)):
            if link is None:
                report.exclude_item(f"{LEFT_OUT} ({why})")
            else:
                links[entry.id] = link
                kept.append(entry)
        names = menu_names(self.channel, self.entries)
        menus = by_menu(kept, names)
        if not menus:
            return []
        parents = {entry.id: entry.parent for entry in self.entries if entry.id is not None}
        main = main_slug(menus, names)
        others = [slug for slug in menus if slug != main]
        secondary = named_like(others, names, SECONDARY_WORDS)
        rows: list[dict[str, str]] = []
        for key, slug in ((NAVIGATION, main), (SECONDARY, secondary)):
            if slug is None:
                continue
            flat = list(flatten(nest(menus[slug], parents)))
            value = _value([links[entry.id] for entry, _ in flat])
            while len(value.encode("utf-8")) > VALUE_LIMIT:  # the last entries go
                flat.pop()
                report.exclude_item(f"{LEFT_OUT} ({TOO_LONG})")
                value = _value([links[entry.id] for entry, _ in flat])
            for _, depth in flat:
                report.items_written[MENU_ITEM] += 1
                if depth:
                    report.counts[FLATTENED] += 1
            rows.append({"key": key, "value": value})
            report.counts[REPLACES] += 1
        for slug in others:
            if slug != secondary:
                for _ in menus[slug]:
                    report.exclude_item(f"{LEFT_OUT} ({OTHER_MENU})")
        return rows

    def _link(
        self, entry: Entry, term_tags: dict[tuple[str, str], str]
    ) -> tuple[NavItem | None, str]:
        """Where ``entry`` (in a menu, shown) goes in Ghost, or None and why it is left out."""
        label = self.text(entry.title)
        if entry.kind == "post_type":
            row = self._db.execute(
                f"SELECT url, title, published FROM {self._targets} WHERE id = ?",
                (id_key(entry.object_id),),
            ).fetchone()
            if row is None:
                return None, "its target is not in the import (not a written post or page)"
            url, title, published = row
            if not published:
                return None, "its target is a draft (its page would not answer visitors)"
            return _item(label or self.text(title), url), ""
        if entry.kind == "taxonomy":
            term = self._terms.get((entry.object, entry.object_id))
            if term is None:
                return None, f"the {entry.object or 'term'} is not in the export's term list"
            tag = term_tags.get((term.taxonomy, term.slug))
            if tag is None:
                return None, f"the {entry.object} is no tag of the import (no post written has it)"
            pattern = term_pattern(self.patterns, term.taxonomy) or TAG_PATTERN
            url = tag_url(pattern, tag, term.taxonomy)
            return _item(label or self.text(term.name) or tag, url), ""
        if entry.kind == "post_type_archive":
            if entry.object == "post":  # Ghost's home page lists the posts
                return _item(label or "Posts", "/"), ""
            return None, f"ghost has no archive page for {entry.object or 'the type'}"
        if entry.kind == "custom":
            if entry.url in PLACEHOLDERS:
                return None, PLACEHOLDERS[entry.url]
            return _item(label or entry.url, entry.url), ""
        return None, f"unknown kind {entry.kind!r}"


def _value(items: list[NavItem]) -> str:
    """A navigation setting's value: a JSON string, as Ghost stores it."""
    return orjson.dumps(items).decode("utf-8")


def _item(label: str, url: str) -> NavItem:
    return {"label": label, "url": url}
