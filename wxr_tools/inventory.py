"""Shortcode inventory: every shortcode name an export uses, counted, for ``wxr shortcodes``.

A pure function over items: it scans each item's content and excerpt with the
shortcode parser (any name, as WordPress would if every plugin were active), nested
shortcodes included except inside code (``sourcecode``, ``php``…, WP-Syntax's
``<pre lang>``), whose bodies are literal. Each name gets its count, the ids of the
first items using it, and what will be done with it: a built-in conversion of the
``shortcodes`` transform, a ``[shortcodes.map]`` entry, a code block (made by the
``code`` transform), or nothing (unknown: the ``[shortcodes] unknown`` policy
applies). Language markers (``[fr]``, ``[en]``) look like shortcodes but are not, and
neither are footnote numbers (``[1]``), capitalized words (``[Name]``), Markdown
link text (``[here][1]``) and names in a ``<pre>`` or ``<code>`` (``arr[i]``): the
transform never touches them as unknown shortcodes, and the inventory lists them
apart, by the same rule (``not_a_shortcode``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from wxr_tools.codeblocks import code_spans, is_code
from wxr_tools.model import Item
from wxr_tools.shortcodehtml import CONVERTERS
from wxr_tools.shortcodes import Shortcode, find_shortcodes
from wxr_tools.transforms.code import without_lang_blocks
from wxr_tools.transforms.shortcodes import not_a_shortcode

FIRST_ITEMS = 5
"""How many item ids each name lists."""
_MAX_DEPTH = 32


@dataclass(slots=True)
class Usage:
    """One name: how often it occurs, where first, and what converts it."""

    name: str
    count: int = 0
    items: list[int | None] = field(default_factory=list)
    """Ids of the first ``FIRST_ITEMS`` items using it, in export order."""
    kind: str | None = None
    """Shortcodes: ``built-in``, ``map: drop`` (keep, comment, template), None when
    unknown. Not shortcodes: why (``number``, ``capitalized word``, ...)."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count, "items": self.items}


@dataclass(slots=True)
class Inventory:
    """Every name found, in three groups: shortcodes, language markers, not shortcodes."""

    items: int = 0
    """Items scanned."""
    items_with_shortcodes: int = 0
    shortcodes: dict[str, Usage] = field(default_factory=dict)
    language_markers: dict[str, Usage] = field(default_factory=dict)
    not_shortcodes: dict[tuple[str, str], Usage] = field(default_factory=dict)
    """By (why, name): footnote numbers, capitalized words, Markdown link text."""

    @property
    def unknown(self) -> list[str]:
        return [u.name for u in ranked(self.shortcodes) if u.kind is None]

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "items_with_shortcodes": self.items_with_shortcodes,
            "shortcodes": [
                u.to_json() | {"conversion": u.kind, "unknown": u.kind is None}
                for u in ranked(self.shortcodes)
            ],
            "unknown": self.unknown,
            "language_markers": [u.to_json() for u in ranked(self.language_markers)],
            "not_shortcodes": [u.to_json() | {"why": u.kind} for u in ranked(self.not_shortcodes)],
        }


def ranked(usages: Mapping[Any, Usage]) -> list[Usage]:
    """Most used first, then by name."""
    return sorted(usages.values(), key=lambda u: (-u.count, u.name))


def conversion_of(name: str, mapping: Mapping[str, str]) -> str | None:
    """What the shortcodes transform does with ``name`` (None: the unknown policy), or
    the ``code`` transform before it, for a code plugin's shortcode."""
    if is_code(name):
        return "code block"
    if name in mapping:
        action = mapping[name]
        return f"map: {action if action in ('keep', 'drop', 'comment') else 'template'}"
    if name in CONVERTERS:
        return "built-in"
    return None


def _walk(
    text: str, depth: int = 0, in_code: bool = False
) -> Iterator[tuple[Shortcode, str, bool]]:
    """Every shortcode of ``text`` with the character after it and whether it is in a
    ``<pre>`` or ``<code>`` element, nested ones after their parent."""
    spans: list[tuple[int, int]] | None = None
    for sc in find_shortcodes(text):
        if spans is None:
            spans = code_spans(text)
        code = in_code or any(start <= sc.start < end for start, end in spans)
        yield sc, text[sc.end : sc.end + 1], code
        if sc.body and not is_code(sc.name) and depth < _MAX_DEPTH and "[" in sc.body:
            yield from _walk(sc.body, depth + 1, code)


def shortcode_inventory(
    items: Iterable[Item],
    mapping: Mapping[str, str] | None = None,
    codes: Iterable[str] = (),
    first: int = FIRST_ITEMS,
) -> Inventory:
    """Count the shortcodes of ``items`` (content and excerpt), classified for ``mapping``
    (``[shortcodes.map]``); ``codes`` are extra language codes (``[languages] codes``)."""
    mapping = mapping or {}
    codes = frozenset(codes)
    inventory = Inventory()
    for item in items:
        inventory.items += 1
        found = False
        for text in (item.content, item.excerpt):
            if "[" not in text:
                continue
            text = without_lang_blocks(text)
            for sc, following, in_code in _walk(text):
                usage, is_shortcode = _usage(inventory, sc, following, mapping, codes, in_code)
                usage.count += 1
                if len(usage.items) < first and item.id not in usage.items:
                    usage.items.append(item.id)
                found = found or is_shortcode
        inventory.items_with_shortcodes += found
    return inventory


def _usage(
    inventory: Inventory,
    sc: Shortcode,
    following: str,
    mapping: Mapping[str, str],
    codes: Iterable[str],
    in_code: bool = False,
) -> tuple[Usage, bool]:
    """The usage record ``sc`` counts in, and whether it is a shortcode."""
    name = sc.name
    conversion = conversion_of(name, mapping)
    why = None if conversion is not None else not_a_shortcode(sc, following, codes, in_code)
    if why is None:
        if name not in inventory.shortcodes:
            inventory.shortcodes[name] = Usage(name, kind=conversion)
        return inventory.shortcodes[name], True
    if why == "language marker":
        usage = inventory.language_markers.setdefault(name, Usage(name, kind=why))
    else:
        usage = inventory.not_shortcodes.setdefault((why, name), Usage(name, kind=why))
    return usage, False
