"""``wxr media``: every media reference of an export, mapped to its attachment.

Prints the attachments (file, type, sizes in their metadata, what refers to each), the
URLs the items point to files with (content, excerpts, comments, meta; ``srcset``,
resized variants, links to full-size files), gallery ids and featured images, files on
other hosts by host, and what no attachment holds. ``--json`` prints all of it as one
object (``wxr_tools.media.inventory.Inventory.to_json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wxr_tools.commands import add_source
from wxr_tools.commands.convert import add_config
from wxr_tools.config import load_config
from wxr_tools.exitcodes import exit_code

_SHOWN = 50
"""Rows per list in the text form (all of them in --json)."""
_LISTED = frozenset(("WXR502", "WXR506"))
"""Diagnostics the text form lists itself (not printed twice on standard error)."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "media",
        help="media inventory: attachments, file URLs and their attachment, other hosts",
        description="List every media reference of an export and the attachment it points "
        "to. Several files are read as one export of one site: a reference resolves to an "
        "attachment of any of them, and an item a file repeats is read once.",
    )
    add_source(parser, several=True)
    add_config(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in counts.items()) or "none"


def _more(rows: list[Any], lines: list[str]) -> None:
    if len(rows) > _SHOWN:
        lines.append(f"  … {len(rows) - _SHOWN:,} more (see --json)")


def to_text(data: dict[str, Any]) -> str:
    s = data["summary"]
    kinds = s["urls_by_kind"]
    lines = [
        f"items: {s['items']:,}, {s['items_with_media']:,} with media",
        f"attachments: {s['attachments']:,} ({_pairs(s['attachments_by_type'])}), "
        f"{s['attachments_referenced']:,} referenced, "
        f"{s['sizes_in_metadata']:,} sizes in their metadata",
        f"references: {s['references']:,} ({_pairs(s['references_by_source'])})",
        f"  by field: {_pairs(s['references_by_field'])}",
        f"unique URLs: {s['unique_urls']:,} ({_pairs(kinds)}), "
        f"{s['resized_variants']:,} resized variants mapped to their original",
    ]
    atts = data["attachments"]
    if atts:
        lines.append("attachments:")
    for a in atts[:_SHOWN]:
        n = a["references"]
        uses = [f"{n} reference{'' if n == 1 else 's'}"]
        if a["featured_by"]:
            uses.append("featured by " + ", ".join(map(str, a["featured_by"])))
        if a["galleries"]:
            uses.append("in galleries of " + ", ".join(map(str, a["galleries"])))
        lines.append(f"  {a['id']}: {a['file'] or a['url']} ({'; '.join(uses)})")
    _more(atts, lines)
    variants = [u for u in data["urls"] if u["variant"]]
    if variants:
        lines.append("resized variants:")
    for u in variants[:_SHOWN]:
        lines.append(f"  {u['path']} -> {u['original']} (attachment {u['attachment']})")
    _more(variants, lines)
    hosts = data["hosts"]
    lines.append(f"files on other hosts: {_pairs(hosts)}")
    missing = [u for u in data["urls"] if u["kind"] == "missing"]
    if missing:
        lines.append("files no attachment holds:")
    for u in missing[:_SHOWN]:
        items = ", ".join(map(str, u["items"][:5]))
        lines.append(f"  {u['url']} (items {items})")
    _more(missing, lines)
    unresolved = data["unresolved_ids"]
    if unresolved:
        lines.append("ids that are no attachment of the export:")
    for r in unresolved[:_SHOWN]:
        lines.append(f"  item {r['item']}: {r['source']} {r['id']}")
    _more(unresolved, lines)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from wxr_tools.media.inventory import build_inventory  # here: see ``commands``

    config = load_config(args.config)
    inventory = build_inventory(args.export, config=config, recover=args.recover)
    data = inventory.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for d in inventory.diagnostics:
            if d.code not in _LISTED:
                print(d.format(), file=sys.stderr)
        print(to_text(data))
    return exit_code(inventory.diagnostics)
