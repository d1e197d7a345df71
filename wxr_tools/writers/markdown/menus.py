"""The site's navigation menus: WordPress's ``nav_menu_item`` entries as each generator's menus.

What the entries are, which are left out whatever the writer, how they nest and which
menu is the main one: ``wxr_tools.menus``, which the Ghost writer reads too. Here, an
entry links to its post's or page's new URL, where this run placed it; a term's page
(``termpages``); a post type's archive; or a custom link's address (rewritten by the
links transform when it was internal). An entry whose target has no page here (a draft,
a private page, a missing id, a term with no page) is left out and counted with the
reason; entries under it take its place.

The menus are written on every run, as data the generator reads (``FILES``): Hugo's
own menus (``site.Menus``, which themes read) in ``config/_default/menus.toml``, which
Hugo merges with the root ``hugo.toml``; a JSON file for the others. The main menu is
under ``main``, the others under their slugs; which one is main is not in the export
(it is the theme's setting, ``theme_mods``), so ``main_slug`` guesses as WordPress does
when a theme changes (the names it looks for, in its order), else takes the first.
A bilingual site's other languages may each have a menu standing for the main one
(``lang_mains``, from the languages of the entries' targets): Hugo gets that language's
menus file, the JSON names it in the main menu's ``langs``.

Where each item went is learned as it is placed (``placed``): the parent process places
every item in order, whether workers rendered it or not. A row per item, in memory while
the run's tables are small, then in a scratch table (``scratch.Budget``): memory stays
flat.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from sys import getsizeof
from typing import TYPE_CHECKING, Any

import tomli_w

from wxr_tools.menus import (
    LEFT_OUT,
    MENU_ITEM,
    Branch,
    Entry,
    by_menu,
    channel_menus,
    lang_mains,
    main_slug,
    menu_lang,
    menu_names,
    nest,
    settle,
)
from wxr_tools.model import Item, Term
from wxr_tools.report import RunReport
from wxr_tools.scratch import held_rows, hold_row, id_key
from wxr_tools.writers.markdown.paths import Placement, section_of

if TYPE_CHECKING:  # workers import this module: these only for the types
    from wxr_tools.index import Index
    from wxr_tools.scratch import Scratch
    from wxr_tools.writers.markdown.output import Output

FILES = {
    "hugo": "config/_default/menus.toml",
    "jekyll": "_data/menus.json",
    "eleventy": "_data/menus.json",
    "astro": "src/data/menus.json",
}
_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Link:
    """Where an entry goes on the new site, and the text WordPress showed for it."""

    url: str
    title: str
    lang: str | None = None
    """Its target's language, when it has one (a post's or page's)."""


class Menus:
    """The entries seen, where the items were placed, and the menus made of them."""

    def __init__(self, scratch: Scratch, terms: Iterable[Term], default_lang: str) -> None:
        self.default_lang = default_lang
        self.names = channel_menus(terms)
        """The channel's menus' names, by slug, in its order."""
        self.entries: list[Entry] = []
        self._db = scratch.db
        self._placed = scratch.table(
            "placed", "id, url TEXT NOT NULL, title TEXT NOT NULL, published, lang TEXT"
        )
        self._new: list[tuple[Any, ...]] = []
        self._indexed = False
        self._held: dict[int | str, _Placed | list[_Placed]] | None = {}
        """The rows by id key while they are few (``scratch.Budget``): a row, or rows in
        the order placed when an id has several. None: the table has them all."""
        self._budget = scratch.held

    def see(self, entry: Entry) -> None:
        self.entries.append(entry)

    def placed(self, item: Item, placement: Placement) -> None:
        """Where ``item`` went: a row for later (the rows are inserted in batches)."""
        if item.id is None:
            return
        published = item.state == "published"
        key = id_key(item.id)
        assert key is not None  # an id, as ``item.id`` is
        held = self._held
        if held is None:
            self._new.append((key, placement.url, item.title, published, placement.lang))
            if len(self._new) >= _BATCH:
                self._flush()
            return
        row = (placement.url, item.title, published, placement.lang)
        hold_row(held, key, row)
        if self._budget.spend(getsizeof(row[0]) + getsizeof(row[1]) + HELD_ROW):
            self._spill()

    def _spill(self) -> None:
        """Past the bound: the rows held go to the table, in the order placed (the
        rowid order ``item_link`` reads), and it holds every row from now on."""
        held, self._held = self._held, None
        if held:
            # Grouped by id: only the order of an id's rows is ever asked (``item_link``).
            self._new = [(key, *row) for key in held for row in held_rows(held, key)]
            self._flush()

    def _flush(self) -> None:
        if self._new:
            self._db.executemany(f"INSERT INTO {self._placed} VALUES (?, ?, ?, ?, ?)", self._new)
            self._new = []

    def item_link(self, item_id: int) -> tuple[Link | None, bool]:
        """The page of the item ``item_id`` (its default language's copy, when split),
        and whether it was placed at all (a draft is placed, but has no page)."""
        if self._held is not None:
            key = id_key(item_id)
            assert key is not None  # an int's key: an int, or its text
            return _link(self.default_lang, held_rows(self._held, key))
        self._flush()
        if not self._indexed:  # asked only when there are menus: indexed then, once
            self._db.execute(f"CREATE INDEX {self._placed}_id ON {self._placed} (id)")
            self._indexed = True
        query = f"SELECT url, title, published, lang FROM {self._placed} WHERE id = ?"
        rows = self._db.execute(query + " ORDER BY rowid", (id_key(item_id),)).fetchall()
        return _link(self.default_lang, rows)

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
        found = settle(self.entries, lambda entry: self._link(entry, flavor, terms, index))
        for entry, link, why in found:
            if link is None:
                report.exclude_item(f"{LEFT_OUT} ({why})")
                continue
            links[entry.id] = link
            kept.append(entry)
            report.items_written[MENU_ITEM] += 1
            report.counts["menu entries written"] += 1
        parents = {entry.id: entry.parent for entry in self.entries if entry.id is not None}
        names = menu_names(self.names, self.entries)
        menus = trees(kept, links, parents, names)
        if not menus:
            return
        main = main_slug(menus, names)
        targets: dict[str, list[str | None]] = {}
        for entry in kept:
            targets.setdefault(entry.menu, []).append(links[entry.id].lang)
        langs = {slug: menu_lang(targets.get(slug, [])) for slug in menus}
        mains = lang_mains(main, langs, names)
        files = render(flavor, menus, names, main, mains)
        if flavor == "hugo":
            # A language's menus file replaces menus.toml for its pages: one an earlier
            # run wrote, for a language this run has no menu of its own for, gets the
            # shared menus again rather than keeping a menu the export no longer has.
            for path in output.previous_under(posixpath.dirname(FILES[flavor])):
                if _HUGO_LANG_FILE.fullmatch(path):
                    files.setdefault(path, files[FILES[flavor]])
        for path, text in files.items():
            output.write(path, text.encode("utf-8"))
        report.counts["menus written"] += len(menus)

    def _link(
        self,
        entry: Entry,
        flavor: str,
        terms: dict[tuple[str, int], tuple[str, str]],
        index: Index | None,
    ) -> tuple[Link | None, str]:
        """Where ``entry`` (in a menu, shown) goes, or None and why it is left out."""
        if entry.kind == "post_type":
            link, placed = self.item_link(entry.object_id)
            if link is not None:
                return Link(link.url, entry.title or link.title, link.lang), ""
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


HELD_ROW = 150
"""A placed item's row's memory besides its URL and title (``scratch.Budget``): its
tuple (72), its id key (28), its slot in the dict (about 50)."""
_Placed = tuple[str, str, bool, str | None]
"""A placed item's row: its URL, title, whether it is published, its language."""


def _link(default_lang: str, rows: Sequence[Sequence[Any]]) -> tuple[Link | None, bool]:
    """``Menus.item_link`` of an item's rows (url, title, published, lang), in the
    order placed."""
    pages = [row for row in rows if row[2]]
    if not pages:
        return None, bool(rows)
    mine = [row for row in pages if row[3] in (None, default_lang)]
    url, title, _, _ = (mine or pages)[0]
    # A post split into copies of several languages is no one language's.
    langs = {row[3] for row in pages}
    return Link(url, title, langs.pop() if len(langs) == 1 else None), True


Node = dict[str, Any]
"""An entry as written: name, url, weight (its place in the menu), id (the WordPress
item's), target, classes, rel and title when set, children when it has some."""


def trees(
    entries: list[Entry],
    links: dict[int | None, Link],
    parents: dict[int, int],
    names: dict[str, str],
) -> dict[str, list[Node]]:
    """Each menu's top entries, children nested, by slug (``by_menu``'s order);
    ``parents``: every entry's parent, left out or not (``nest``)."""
    menus: dict[str, list[Node]] = {}
    for slug, kept in by_menu(entries, names).items():
        # The weight is the entry's place in its menu, nesting aside.
        weights = {entry.id: weight for weight, entry in enumerate(kept, start=1)}
        menus[slug] = [_tree(branch, links, weights) for branch in nest(kept, parents)]
    return menus


def _tree(branch: Branch, links: dict[int | None, Link], weights: dict[int | None, int]) -> Node:
    entry = branch.entry
    node = _node(entry, links[entry.id], weights[entry.id])
    if branch.children:
        node["children"] = [_tree(child, links, weights) for child in branch.children]
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


_HUGO_LANG_FILE = re.compile(r"config/_default/menus\.[^./]+\.toml")
"""A language's menus file (``render``): Hugo reads it instead of ``menus.toml``."""
_HUGO_HEADER = """\
# The export's menus (site.Menus), written by wxr_tools on every run. Hugo merges
# them with hugo.toml's; a menu of the same name there is replaced by this one.
"""


def render(
    flavor: str,
    menus: dict[str, list[Node]],
    names: dict[str, str],
    main: str,
    mains: dict[str, str],
) -> dict[str, str]:
    """The menus files by path: the main menu under ``main``, the others under their
    slugs; ``mains``: the menu that stands for the main one in a language's pages, by
    language (``lang_mains``). Hugo reads a language's menus from their own file, which
    replaces the shared one for that language's pages (all of them, not menu by menu):
    each such file holds every menu, that language's main one under ``main``. The JSON
    names them in the main menu's ``langs``, the header picking by the page's language."""
    keyed = {("main" if slug == main else slug): nodes for slug, nodes in menus.items()}
    if flavor == "hugo":
        files = {FILES[flavor]: _hugo_menus(keyed)}
        for lang, slug in mains.items():
            swapped = {"main": menus[slug]}
            if main != "main":  # the main menu under its slug there, when that is free
                swapped[main] = menus[main]
            swapped.update((key, nodes) for key, nodes in keyed.items() if key != "main")
            files[FILES[flavor].replace(".toml", f".{lang}.toml")] = _hugo_menus(swapped)
        return files
    data: dict[str, dict[str, Any]] = {
        key: {"slug": slug, "name": names.get(slug) or slug, "entries": menus[slug]}
        for key, slug in zip(keyed, menus, strict=True)
    }
    if mains:
        data["main"]["langs"] = mains
    return {FILES[flavor]: json.dumps(data, ensure_ascii=False, indent=2) + "\n"}


def _hugo_menus(keyed: dict[str, list[Node]]) -> str:
    # Hugo's menus are flat, each entry naming its parent's identifier.
    flat: dict[str, list[Node]] = {}
    for key, nodes in keyed.items():
        flat[key] = [entry for node in nodes for entry in _hugo_entries(node, None)]
    return _HUGO_HEADER + tomli_w.dumps(flat)


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
