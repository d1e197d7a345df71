"""``wxr shortcodes``: every shortcode an export uses, counted, unknown ones flagged."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from wxr_tools.commands import add_source
from wxr_tools.commands.convert import add_config
from wxr_tools.config import load_config
from wxr_tools.exitcodes import exit_code
from wxr_tools.model import Item
from wxr_tools.reader.chain import Chain, open_export
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch

FIRST_ITEMS = 5
"""``inventory.FIRST_ITEMS``, for the help text: spelled out so that building the parser
does not import the shortcode scanner (see ``commands``); a test keeps them equal."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "shortcodes",
        help="inventory of the shortcodes an export uses, unknown ones flagged",
        description=(
            "Count every shortcode name in the items' content and excerpts, with the ids "
            f"of the first {FIRST_ITEMS} items using it. Names with neither a built-in "
            "conversion nor a [shortcodes.map] entry in wxr.toml are flagged UNKNOWN. "
            "Language markers ([fr], [en]) and bracketed text that is no shortcode "
            "(numbers, capitalized words, Markdown link text) are listed apart. Several "
            "files are read as one export of one site: an item a file repeats from an "
            "earlier one is counted once."
        ),
    )
    add_source(parser, several=True)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_config(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from wxr_tools.inventory import shortcode_inventory

    config = load_config(args.config)
    section = config.section("shortcodes")
    codes = config.section("languages").get("codes", [])
    with open_export(args.export, recover=args.recover) as export, ExitStack() as stack:
        report = RunReport()
        items: Iterable[Item] = once(export, report, stack) if isinstance(export, Chain) else export
        inventory = shortcode_inventory(items, section["map"], codes)
        diagnostics = [*export.diagnostics, *report.diagnostics]
        data = inventory.to_json() | {"unknown_policy": section["unknown"]}
        for d in diagnostics:
            print(d.format(), file=sys.stderr)
        if args.json:
            data["diagnostics"] = [d.to_json() for d in diagnostics]
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(to_text(data))
        return exit_code(diagnostics)


def once(chain: Chain, report: RunReport, stack: ExitStack) -> Iterator[Item]:
    """The items of the files of ``chain``, each once: the index pass over the files
    tells which a file repeats from an earlier one (``wxr_tools.repeats``)."""
    from wxr_tools.index import build_index
    from wxr_tools.repeats import items_once

    scratch = stack.enter_context(Scratch())
    index = build_index(chain.paths, recover=chain.recover, scratch=scratch)
    assert index.repeats is not None  # several files
    return items_once(chain, index.repeats, report)


def _rows(usages: list[dict[str, Any]], column: str | None) -> list[str]:
    width = max((len(u["name"]) for u in usages), default=0) + 2
    lines = []
    for u in usages:
        ids = ", ".join("?" if i is None else str(i) for i in u["items"])
        more = ", ..." if u["count"] > len(u["items"]) and len(u["items"]) == FIRST_ITEMS else ""
        what = f"{u[column] or 'UNKNOWN':<20}" if column else ""
        lines.append(f"  {u['name']:<{width}}{u['count']:>6}  {what}items {ids}{more}")
    return lines


def _summary(usages: list[dict[str, Any]], shown: int = 5) -> list[str]:
    """One line per reason: how many, and the most frequent names."""
    by_why: dict[str, list[dict[str, Any]]] = {}
    for u in usages:
        by_why.setdefault(u["why"], []).append(u)
    lines = []
    for why, group in sorted(by_why.items(), key=lambda kv: -sum(u["count"] for u in kv[1])):
        names = ", ".join(f"[{u['name']}]" for u in group[:shown])
        more = f" and {len(group) - shown} more" if len(group) > shown else ""
        total = sum(u["count"] for u in group)
        lines.append(f"  {why}: {total:,} ({names}{more})")
    return lines


def to_text(data: dict[str, Any]) -> str:
    lines = [f"{data['items']:,} items, {data['items_with_shortcodes']:,} with shortcodes"]
    if data["shortcodes"]:
        lines += ["", "shortcodes (name, count, conversion, first items):"]
        lines += _rows(data["shortcodes"], "conversion")
    if data["unknown"]:
        policy = {"keep": "left as typed", "drop": "removed", "comment": "made HTML comments"}
        lines += [
            "",
            f"{len(data['unknown'])} unknown: {', '.join(data['unknown'])}",
            f"  {policy[data['unknown_policy']]} ([shortcodes] unknown = "
            f'"{data["unknown_policy"]}"); map them in wxr.toml [shortcodes.map]',
        ]
    if data["language_markers"]:
        lines += ["", "language markers (not shortcodes, never converted):"]
        lines += _rows(data["language_markers"], None)
    if data["not_shortcodes"]:
        lines += ["", "not shortcodes, left as typed (--json lists them all):"]
        lines += _summary(data["not_shortcodes"])
    return "\n".join(lines)
