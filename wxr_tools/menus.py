"""WordPress's navigation menus as data every writer reads the same way.

A menu is a ``nav_menu`` term; its entries are items of type ``nav_menu_item`` that
carry it, ordered by ``menu_order`` and nested through ``_menu_item_menu_item_parent``.
An entry links to a post or page (``post_type``), a term (``taxonomy``), a post type's
archive, or any address (``custom``: the links transform rewrote it as a link in a post,
into the menu item's ``url``). Where each goes is the writer's business (its addresses,
what it writes); this module says what the entries are (``entry_of``), which are left
out whatever the writer (``settle``: not in a menu, not shown, a repeated id), how they
nest (``nest``: an entry under one left out takes its place), which menu is the
main one (``main_slug``) and which stands for it in each language (``menu_lang``,
``lang_mains``). The Markdown writer makes each generator's menus of them
(``writers/markdown/menus.py``), the Ghost writer Ghost's navigation (``ghostnav.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import unquote

from wxr_tools.digits import id_of
from wxr_tools.model import Item, Term
from wxr_tools.phpvalues import unserialize

MENU_ITEM = "nav_menu_item"
MAIN_WORDS = ("primary", "menu-1", "main", "header", "navigation", "top")
"""What WordPress looks for in a menu location's name to carry a theme's main menu
over to a new theme (``wp_map_nav_menu_locations``), in its order."""
LEFT_OUT = "menu entry left out"
REPEATED = "its id repeats an earlier entry's"

T = TypeVar("T")


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
        parent=id_of(meta.get("_menu_item_menu_item_parent", "")),
        kind=meta.get("_menu_item_type", "").strip(),
        object=meta.get("_menu_item_object", "").strip(),
        object_id=id_of(meta.get("_menu_item_object_id", "")),
        title=item.title.strip(),
        url=item.url or meta.get("_menu_item_url", "").strip(),
        target=meta.get("_menu_item_target", "").strip(),
        classes=_classes(meta.get("_menu_item_classes", "")),
        rel=meta.get("_menu_item_xfn", "").strip(),
        attr_title=item.excerpt.strip(),
    )


def _classes(value: str) -> tuple[str, ...]:
    """CSS classes, stored as a serialized array (``a:1:{i:0;s:0:"";}``: none)."""
    found = unserialize(value)
    names = found.values() if isinstance(found, dict) else value.split()
    return tuple(c for n in names if isinstance(n, str) for c in n.split())


def channel_menus(terms: Iterable[Term]) -> dict[str, str]:
    """The channel's menus' names by slug (decoded: ``我的菜单``, not ``%e6%88%91…``), in
    its order (the order the menus were made)."""
    return {unquote(t.slug): t.name or unquote(t.slug) for t in terms if t.taxonomy == "nav_menu"}


def menu_names(channel: dict[str, str], entries: Iterable[Entry]) -> dict[str, str]:
    """``channel``'s menus, then those only the entries name (some exports list none)."""
    names = dict(channel)
    for entry in entries:
        if entry.menu:
            names.setdefault(entry.menu, entry.menu_name)
    return names


def settle(
    entries: Iterable[Entry], link: Callable[[Entry], tuple[T | None, str]]
) -> Iterator[tuple[Entry, T | None, str]]:
    """Each entry with where it goes (``link``: the writer's answer, or None and why),
    or None and why whatever the writer: in no menu, not shown, or an id that an
    earlier entry kept has (WordPress's importer makes such an entry once)."""
    kept: set[int] = set()
    for entry in entries:
        found: T | None = None
        if not entry.menu:
            why = "in no menu"
        elif not entry.shown:
            why = "not published: WordPress did not show it"
        else:
            found, why = link(entry)
        if entry.id is not None and entry.id in kept:
            found, why = None, REPEATED
        if found is not None and entry.id is not None:
            kept.add(entry.id)
        yield entry, found, why


def by_menu(kept: Iterable[Entry], names: dict[str, str]) -> dict[str, list[Entry]]:
    """Each menu's entries in menu order, by slug: the channel's menus first, in its
    order, then those only the entries name; a menu with no entry kept is not there."""
    menus: dict[str, list[Entry]] = {slug: [] for slug in names}
    for entry in sorted(kept, key=lambda e: e.order):  # stable: ties in export order
        menus.setdefault(entry.menu, []).append(entry)
    return {slug: entries for slug, entries in menus.items() if entries}


@dataclass(slots=True)
class Branch:
    """An entry and the entries under it, in menu order."""

    entry: Entry
    children: list[Branch] = field(default_factory=list)


def nest(kept: list[Entry], parents: dict[int, int]) -> list[Branch]:
    """One menu's top entries (``kept``: its entries in menu order), the others under
    them. ``parents``: every entry's parent, left out or not (an entry under one left
    out goes where that one would have been; one a cycle of parents keeps from the top
    goes there, after the others)."""
    ids = {entry.id for entry in kept}
    children: dict[int | None, list[Entry]] = {}
    for entry in kept:
        children.setdefault(_home(entry, ids, parents), []).append(entry)
    entries = {entry.id: entry for entry in kept}
    top: list[Branch] = []
    done: set[int | None] = set()
    for entry in [*children.get(0, []), *kept]:
        if entry.id not in done:
            top.append(_nest(entry.id, entries, children, done))
    return top


def _home(entry: Entry, ids: set[int | None], parents: dict[int, int]) -> int:
    """The entry's parent among those kept: its own, or the nearest kept above it."""
    parent, seen = entry.parent, {entry.id}
    while parent and parent not in ids and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent, 0)
    return 0 if parent in seen else parent


def _nest(
    key: int | None,
    entries: dict[int | None, Entry],
    children: dict[int | None, list[Entry]],
    done: set[int | None],
) -> Branch:
    done.add(key)
    below = [
        _nest(child.id, entries, children, done)
        for child in children.get(key, [])
        if child.id not in done
    ]
    # Entries without an id cannot be told apart as parents: none gets children.
    return Branch(entries[key], below if key is not None else [])


def flatten(branches: Iterable[Branch]) -> Iterator[tuple[Entry, int]]:
    """Every entry with its depth (0 at the top), each right after its parent."""
    for branch in branches:
        yield from _flatten(branch, 0)


def _flatten(branch: Branch, depth: int) -> Iterator[tuple[Entry, int]]:
    yield branch.entry, depth
    for child in branch.children:
        yield from _flatten(child, depth + 1)


def main_slug(menus: Collection[str], names: dict[str, str]) -> str:
    """The menu a site's header shows: one named like a main menu (``MAIN_WORDS``, in
    WordPress's order; one slugged ``main`` first, as the Markdown menus are written
    under that name), else the first."""
    if "main" in menus:
        return "main"
    return named_like(menus, names, MAIN_WORDS) or next(iter(menus))


def named_like(menus: Collection[str], names: dict[str, str], words: Iterable[str]) -> str | None:
    """The first menu whose slug, or a word of its slug or name, is one of ``words``
    (tried in their order); None when none is."""
    for word in words:
        for slug in menus:
            found = {slug, *_WORDS.split(f"{slug} {names.get(slug, '')}".lower())}
            if word in found:
                return slug
    return None


_WORDS = re.compile(r"[^a-z0-9]+")

SURE = 2 / 3
"""The share of a menu's entries with a language that must be in one language for the
menu to be that language's."""


def menu_lang(langs: Iterable[str | None]) -> str | None:
    """The language of a menu whose entries' targets are in ``langs`` (None: not known,
    as a custom link's): the one at least ``SURE`` of those known are in, else None."""
    counts = Counter(lang for lang in langs if lang)
    for lang, n in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        return lang if n >= SURE * counts.total() else None
    return None


def lang_mains(main: str, langs: dict[str, str | None], names: dict[str, str]) -> dict[str, str]:
    """The menu each other language's pages show for the main one, by language (Polylang
    makes a menu per language and puts them in the theme's places in its own settings,
    which the export lacks). Only when the main menu has a language (``langs``: each
    menu's, ``menu_lang``); among another language's menus, the first whose name is the
    main's but for language codes ("Main FR", "Main EN"), else the first named like a
    main menu (``MAIN_WORDS``), else its only menu when the main is its language's only
    one. A language with none of these shows the main menu."""
    own = langs.get(main)
    if own is None:
        return {}
    codes = {part for lang in langs.values() if lang for part in (lang, *lang.split("-"))}
    base = _bare(names.get(main) or main, codes)
    others: dict[str, list[str]] = {}
    for slug, lang in langs.items():
        if lang is not None and lang != own:
            others.setdefault(lang, []).append(slug)
    alone = [slug for slug, lang in langs.items() if lang == own] == [main]
    found: dict[str, str] = {}
    for lang in sorted(others):
        slugs = others[lang]
        pick = next((s for s in slugs if _bare(names.get(s) or s, codes) == base), None)
        pick = pick or named_like(slugs, names, MAIN_WORDS)
        if pick is None and alone and len(slugs) == 1:
            pick = slugs[0]
        if pick is not None:
            found[lang] = pick
    return found


def _bare(name: str, codes: set[str]) -> tuple[str, ...]:
    """A menu's name's words but language codes: "Main (FR)" → ("main",)."""
    return tuple(word for word in re.findall(r"\w+", name.casefold()) if word not in codes)
