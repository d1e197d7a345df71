"""The site's navigation menus: WordPress's ``nav_menu_item`` entries as each generator's menus.

A menu is a ``nav_menu`` term; its entries are items of type ``nav_menu_item`` that
carry it, ordered by ``menu_order`` and nested through ``_menu_item_menu_item_parent``.
An entry links to a post or page (``post_type``: the item's new URL, where this run
placed it), a term (``taxonomy``: its page, ``termpages``), a post type's archive, or
any address (``custom``: the links transform rewrote it as a link in a post, into the
menu item's ``url``). An entry whose target has no page here (a draft, a private page,
a missing id, a term with no page) is left out and counted with the reason; entries
under it take its place.

The menus are written on every run, as data the generator reads (``FILES``): Hugo's
own menus (``site.Menus``, which themes read) in ``config/_default/menus.toml``, which
Hugo merges with the root ``hugo.toml``; a JSON file for the others. The main menu is
under ``main``, the others under their slugs; which one is main is not in the export
(it is the theme's setting, ``theme_mods``), so ``main_slug`` guesses as WordPress does
when a theme changes (the names it looks for, in its order), else takes the first.

Where each item went is learned as it is placed, in a scratch table (``placed``):
the parent process places every item in order, whether workers rendered it or not,
so this costs one row per item and no memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import tomli_w

from wxr_tools.model import Item, Term
from wxr_tools.phpvalues import unserialize
from wxr_tools.report import RunReport
from wxr_tools.scratch import id_key
from wxr_tools.writers.markdown.paths import Placement, section_of

if TYPE_CHECKING:  # workers import this module: these only for the types
    from wxr_tools.index import Index
    from wxr_tools.scratch import Scratch
    from wxr_tools.writers.markdown.output import Output

MENU_ITEM = "nav_menu_item"
FILES = {
    "hugo": "config/_default/menus.toml",
    "jekyll": "_data/menus.json",
    "eleventy": "_data/menus.json",
    "astro": "src/data/menus.json",
}
MAIN_WORDS = ("primary", "menu-1", "main", "header", "navigation", "top")
"""What WordPress looks for in a menu location's name to carry a theme's main menu
over to a new theme (``wp_map_nav_menu_locations``), in its order."""
LEFT_OUT = "menu entry left out"
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Entry:
    """One menu entry, as much of its item as the menus need (sent from workers)."""

    id: int | None
    line: int | None
    menu: str
    """The slug of its ``nav_menu`` term; empty when it carries none."""
    menu_name: str
    order: int
    shown: bool
    """Whether WordPress showed it: published (the status policy's ``published``)."""
    parent: int
    kind: str
    """``_menu_item_type``: ``post_type``, ``taxonomy``, ``post_type_archive``, ``custom``."""
    object: str
    """``_menu_item_object``: the post type or taxonomy linked (``page``, ``category``)."""
    object_id: int
    title: str
    url: str
    """A custom link's address, rewritten by the links transform when it was internal."""
    target: str = ""
    classes: tuple[str, ...] = ()
    rel: str = ""
    """``_menu_item_xfn``: the link's ``rel``."""
    attr_title: str = ""
    """The link's ``title`` attribute (the item's excerpt)."""


def entry_of(item: Item, state: str) -> Entry:
    """The menu entry ``item`` (a ``nav_menu_item``) is; ``state``: the status policy's."""
    meta = {m.key: m.value for m in item.meta if m.key.startswith("_menu_item_")}
    menu = next((t for t in item.terms if t.taxonomy == "nav_menu"), None)
    return Entry(
        id=item.id,
        line=item.line,
        menu=unquote(menu.slug) if menu is not None else "",
        menu_name=(menu.name or unquote(menu.slug)) if menu is not None else "",
        order=item.menu_order,
        shown=state == "published",
        parent=_int(meta.get("_menu_item_menu_item_parent", "")),
        kind=meta.get("_menu_item_type", "").strip(),
        object=meta.get("_menu_item_object", "").strip(),
        object_id=_int(meta.get("_menu_item_object_id", "")),
        title=item.title.strip(),
        url=item.url or meta.get("_menu_item_url", "").strip(),
        target=meta.get("_menu_item_target", "").strip(),
        classes=_classes(meta.get("_menu_item_classes", "")),
        rel=meta.get("_menu_item_xfn", "").strip(),
        attr_title=item.excerpt.strip(),
    )


def _int(value: str) -> int:
    value = value.strip()
    return int(value) if value.isdigit() else 0


def _classes(value: str) -> tuple[str, ...]:
    """CSS classes, stored as a serialized array (``a:1:{i:0;s:0:"";}``: none)."""
    found = unserialize(value)
    names = found.values() if isinstance(found, dict) else value.split()
    return tuple(c for n in names if isinstance(n, str) for c in n.split())


@dataclass(frozen=True, slots=True)
class Link:
    """Where an entry goes on the new site, and the text WordPress showed for it."""

    url: str
    title: str


class Menus:
    """The entries seen, where the items were placed, and the menus made of them."""

    def __init__(self, scratch: Scratch, terms: Iterable[Term], default_lang: str) -> None:
        self.default_lang = default_lang
        self.names = {
            unquote(t.slug): t.name or unquote(t.slug) for t in terms if t.taxonomy == "nav_menu"
        }
        """The channel's menus, by slug (decoded: ``我的菜单``, not ``%e6%88%91…``), in its
        order (the order the menus were made)."""
        self.entries: list[Entry] = []
        self._db = scratch.db
        self._placed = scratch.table(
            "placed", "id, url TEXT NOT NULL, title TEXT NOT NULL, published, lang TEXT"
        )
        self._new: list[tuple[Any, ...]] = []
        self._indexed = False

    def see(self, entry: Entry) -> None:
        self.entries.append(entry)

    def placed(self, item: Item, placement: Placement) -> None:
        """Where ``item`` went: a row for later (the rows are inserted in batches)."""
        if item.id is None:
            return
        published = item.state == "published"
        self._new.append((id_key(item.id), placement.url, item.title, published, placement.lang))
        if len(self._new) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._new:
            self._db.executemany(f"INSERT INTO {self._placed} VALUES (?, ?, ?, ?, ?)", self._new)
            self._new = []

    def item_link(self, item_id: int) -> tuple[Link | None, bool]:
        """The page of the item ``item_id`` (its default language's copy, when split),
        and whether it was placed at all (a draft is placed, but has no page)."""
        self._flush()
        if not self._indexed:  # asked only when there are menus: indexed then, once
            self._db.execute(f"CREATE INDEX {self._placed}_id ON {self._placed} (id)")
            self._indexed = True
        query = f"SELECT url, title, published, lang FROM {self._placed} WHERE id = ?"
        rows = self._db.execute(query + " ORDER BY rowid", (id_key(item_id),)).fetchall()
        pages = [row for row in rows if row[2]]
        if not pages:
            return None, bool(rows)
        mine = [row for row in pages if row[3] in (None, self.default_lang)]
        url, title, _, _ = (mine or pages)[0]
        return Link(url, title), True

    def write(
        self,
        output: Output,
        flavor: str,
        terms: dict[tuple[str, int], tuple[str, str]],
        index: Index | None,
        report: RunReport,
    ) -> None:
        """Resolve every entry, count it, and write the flavor's menus file (none
        without entries)."""
        links: dict[int | None, Link] = {}
        kept: list[Entry] = []
        for entry in self.entries:
            link, why = self._link(entry, flavor, terms, index)
            if entry.id in links and entry.id is not None:  # as WordPress's importer: once
                link, why = None, "its id repeats an earlier entry's"
            if link is None:
                report.exclude_item(f"{LEFT_OUT} ({why})")
                continue
            links[entry.id] = link
            kept.append(entry)
            report.items_written[MENU_ITEM] += 1
            report.counts["menu entries written"] += 1
        parents = {entry.id: entry.parent for entry in self.entries if entry.id is not None}
        names = dict(self.names)
        for entry in self.entries:  # a menu the channel does not list (some exports)
            if entry.menu:
                names.setdefault(entry.menu, entry.menu_name)
        menus = trees(kept, links, parents, names)
        if not menus:
            return
        main = main_slug(menus, names)
        output.write(FILES[flavor], render(flavor, menus, names, main).encode("utf-8"))
        report.counts["menus written"] += len(menus)

    def _link(
        self,
        entry: Entry,
        flavor: str,
        terms: dict[tuple[str, int], tuple[str, str]],
        index: Index | None,
    ) -> tuple[Link | None, str]:
        """Where ``entry`` goes, or None and why it is left out."""
        if not entry.menu:
            return None, "in no menu"
        if not entry.shown:
            return None, "not published: WordPress did not show it"
        if entry.kind == "post_type":
            link, placed = self.item_link(entry.object_id)
            if link is not None:
                return Link(link.url, entry.title or link.title), ""
            if placed:
                return None, "its target is a draft"
            found = index.get(entry.object_id) if index is not None else None
            if found is None:
                return None, "its target is not in the export"
            return None, f"its target is not written ({found.status or 'no status'})"
        if entry.kind == "taxonomy":
            page = terms.get((entry.object, entry.object_id))
            if page is None:
                return None, f"the {entry.object or 'term'} has no page"
            return Link(page[0], entry.title or page[1]), ""
        if entry.kind == "post_type_archive":
            if entry.object == "post":  # the home page lists the posts
                return Link("/", entry.title or "Posts"), ""
            if flavor == "hugo":  # Hugo makes a list page for each section
                return Link(f"/{section_of(entry.object)}/", entry.title or entry.object), ""
            return None, f"no archive page for {entry.object or 'the type'}"
        if entry.kind == "custom":
            # "#" (or nothing) is how WordPress users make a heading for a submenu.
            return Link(entry.url or "#", entry.title or entry.url), ""
        return None, f"unknown kind {entry.kind!r}"


Node = dict[str, Any]
"""An entry as written: name, url, weight (its place in the menu), id (the WordPress
item's), target, classes, rel and title when set, children when it has some."""


def trees(
    entries: list[Entry],
    links: dict[int | None, Link],
    parents: dict[int, int],
    names: dict[str, str],
) -> dict[str, list[Node]]:
    """Each menu's top entries, children nested, by slug: the channel's menus first, in
    its order, then those only the entries name. ``parents``: every entry's parent, left
    out or not (an entry under one left out goes where that one would have been)."""
    by_menu: dict[str, list[Entry]] = {slug: [] for slug in names}
    for entry in sorted(entries, key=lambda e: e.order):  # stable: ties in export order
        by_menu.setdefault(entry.menu, []).append(entry)
    menus: dict[str, list[Node]] = {}
    for slug, kept in by_menu.items():
        if not kept:
            continue
        ids = {entry.id for entry in kept}
        children: dict[int | None, list[Entry]] = {}
        for entry in kept:
            children.setdefault(_home(entry, ids, parents), []).append(entry)
        nodes: dict[int | None, Node] = {}
        for weight, entry in enumerate(kept, start=1):
            nodes[entry.id] = _node(entry, links[entry.id], weight)
        top: list[Node] = []
        done: set[int | None] = set()
        # From the top down; an entry a cycle of parents kept from the top goes there.
        for entry in [*children.get(0, []), *kept]:
            if entry.id not in done:
                top.append(_nest(entry.id, nodes, children, done))
        menus[slug] = top
    return menus


def _home(entry: Entry, ids: set[int | None], parents: dict[int, int]) -> int:
    """The entry's parent among those kept: its own, or the nearest kept above it."""
    parent, seen = entry.parent, {entry.id}
    while parent and parent not in ids and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent, 0)
    return 0 if parent in seen else parent


def _nest(
    key: int | None,
    nodes: dict[int | None, Node],
    children: dict[int | None, list[Entry]],
    done: set[int | None],
) -> Node:
    done.add(key)
    node = nodes[key]
    below = [_nest(c.id, nodes, children, done) for c in children.get(key, []) if c.id not in done]
    if below and key is not None:
        node["children"] = below
    return node


def _node(entry: Entry, link: Link, weight: int) -> Node:
    node: Node = {"name": link.title or link.url, "url": link.url, "weight": weight}
    if entry.id is not None:
        node["id"] = entry.id
    for key, value in (
        ("target", entry.target),
        ("classes", list(entry.classes)),
        ("rel", entry.rel),
        ("title", entry.attr_title),
    ):
        if value:
            node[key] = value
    return node


def main_slug(menus: dict[str, list[Node]], names: dict[str, str]) -> str:
    """The menu the skeleton's header shows: one named like a main menu (``MAIN_WORDS``,
    in WordPress's order; one slugged ``main`` first, as it is written under that
    name), else the first."""
    if "main" in menus:
        return "main"
    for word in MAIN_WORDS:
        for slug in menus:
            words = {slug, *_WORDS.split(f"{slug} {names.get(slug, '')}".lower())}
            if word in words:
                return slug
    return next(iter(menus))


_WORDS = re.compile(r"[^a-z0-9]+")


_HUGO_HEADER = """\
# The export's menus (site.Menus), written by wxr_tools on every run. Hugo merges
# them with hugo.toml's; a menu of the same name there is replaced by this one.
"""


def render(flavor: str, menus: dict[str, list[Node]], names: dict[str, str], main: str) -> str:
    """The menus file: the main menu under ``main``, the others under their slugs."""
    keyed = {("main" if slug == main else slug): nodes for slug, nodes in menus.items()}
    if flavor == "hugo":
        # Hugo's menus are flat, each entry naming its parent's identifier.
        flat: dict[str, list[Node]] = {}
        for key, nodes in keyed.items():
            flat[key] = [entry for node in nodes for entry in _hugo_entries(node, None)]
        return _HUGO_HEADER + tomli_w.dumps(flat)
    data = {
        key: {"slug": slug, "name": names.get(slug) or slug, "entries": menus[slug]}
        for key, slug in zip(keyed, menus, strict=True)
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _hugo_entries(node: Node, parent: str | None) -> list[Node]:
    identifier = f"wp-{node['id']}" if "id" in node else f"entry-{node['weight']}"
    entry: Node = {"identifier": identifier, "name": node["name"], "url": node["url"]}
    entry["weight"] = node["weight"]
    if parent is not None:
        entry["parent"] = parent
    if "title" in node:  # Hugo's own: the link's title attribute
        entry["title"] = node["title"]
    params = {k: node[k] for k in ("target", "classes", "rel") if k in node}
    if params:
        entry["params"] = params
    out = [entry]
    for child in node.get("children", []):
        out += _hugo_entries(child, identifier)
    return out
