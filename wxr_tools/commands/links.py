"""``wxr links``: what the links transform makes of an export's links, and its languages.

Runs the configured pipeline (with ``languages`` and ``links`` in it even if the
configuration left them out), configured for the target ``--to`` names (the Markdown
site by default) as ``wxr convert`` configures it (``targetconfig``), and prints:
internal links rewritten (by the form they were written in: ``site feed``, ``category
feed``… for the old feeds the new site's replace), internal links unresolved (item and
URL), links to archives and to the old feeds kept as written (a WXR's, a JSON's: no
feeds), media links rewritten, external domains by count, rewrite rules used, original
publications found, and items per language and per ``lang_source``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wxr_tools.commands import add_source
from wxr_tools.commands.convert import add_config
from wxr_tools.config import load_config
from wxr_tools.exitcodes import exit_code
from wxr_tools.repeats import REASON as REPEATED
from wxr_tools.report import RunReport
from wxr_tools.writers import FLAVORS, WRITERS

if TYPE_CHECKING:
    from wxr_tools.pipeline import Options, Source
    from wxr_tools.transforms.linkreport import LinkReport

_SHOWN = 50
"""Unresolved links and publications listed in the text form (all of them in --json)."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "links",
        help="link report: internal links rewritten and unresolved, domains, languages",
        description="Run the transform pipeline and report what the links transform made "
        "of the links. Several files are read as one export of one site: a link to an item "
        "of another file resolves, and an item a file repeats is read once.",
    )
    add_source(parser, several=True)
    add_config(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    target = parser.add_argument_group(
        "target (as `wxr convert`)",
        "Links are reported as a conversion to the target writes them: links to the old "
        "site's feeds (/feed/, /category/x/feed/, ?feed=rss2) go to the new site's feeds "
        "(Hugo's index.xml, the others' feed.xml, Ghost's rss/), none for a WXR or JSON; "
        "Ghost's addresses; archive pages for the Markdown site only. Feed links no target "
        "feed replaces are counted apart from other links kept as written.",
    )
    target.add_argument(
        "--to",
        choices=list(WRITERS),
        default="markdown",
        help="the conversion's output format (default: markdown)",
    )
    target.add_argument(
        "--flavor", choices=FLAVORS, default="hugo", help="static site generator (--to markdown)"
    )
    target.add_argument(
        "--comments",
        choices=("data", "inline", "none"),
        default="data",
        help="comments as --to markdown writes them: only data files make a comments feed",
    )
    parser.set_defaults(run=run)


def collect(source: Source, options: Options) -> tuple[LinkReport, RunReport]:
    """Run the pipeline over ``source`` (a path, or the files of one export) and return
    what the links transform saw."""
    # Here, not at the top: see ``commands``.
    from wxr_tools.pipeline import open_items, path_of
    from wxr_tools.transforms.linkreport import REPORT, LinkReport

    links = LinkReport()
    report = RunReport()
    opened = open_items(source, options, report, state={REPORT: links})
    try:
        with opened.export:
            for item in opened.items:
                links.langs[item.lang or "none"] += 1
                links.sources[item.lang_source or "none"] += 1
        # As ``convert``: every finding names its file (the item's, with several).
        report.diagnostics = [
            d if d.path else replace(d, path=path_of(d, opened)) for d in report.diagnostics
        ]
    finally:
        opened.close()
    report.diagnostics[:0] = opened.export.diagnostics
    return links, report


def to_json(links: LinkReport, report: RunReport, to: str = "markdown") -> dict[str, Any]:
    rewritten = sum(links.rewritten.values())
    unresolved = len(links.unresolved)
    return {
        "target": to,
        "internal": {
            "rewritten": rewritten,
            "by_form": dict(links.rewritten.most_common()),
            "unresolved": unresolved,
            "resolved_share": round(rewritten / (rewritten + unresolved), 4)
            if rewritten + unresolved
            else None,
            "archive_links_kept": links.site,
            "feed_links_kept": links.feeds,
        },
        "media": {
            "rewritten": links.media,
            "not_in_export": len(links.missing_files),
            "resolved_share": round(links.media / (links.media + len(links.missing_files)), 4)
            if links.media + len(links.missing_files)
            else None,
        },
        "missing_files": [{"item": i, "url": u, "why": w} for i, u, w in links.missing_files],
        "unresolved": [{"item": i, "url": u, "why": w} for i, u, w in links.unresolved],
        "external_domains": dict(links.external.most_common()),
        "rules": dict(links.rules.most_common()),
        "original_publications": [
            {"item": i, "title": t, "publication": p, "url": u} for i, t, p, u in links.originals
        ],
        "languages": dict(links.langs.most_common()),
        "lang_sources": dict(links.sources.most_common()),
        # An item a file repeats from an earlier one is read twice, counted once.
        "items": report.items_read - report.items_excluded[REPEATED],
    }


def to_text(data: dict[str, Any]) -> str:
    internal = data["internal"]
    forms = ", ".join(f"{n} {form}" for form, n in internal["by_form"].items())
    share = internal["resolved_share"]
    lines = [
        f"internal links: {internal['rewritten']} rewritten"
        + (f" ({forms})" if forms else "")
        + f", {internal['unresolved']} unresolved"
        + (f" ({share:.1%} resolved)" if share is not None else "")
        + f", {internal['archive_links_kept']} to archives kept as written",
        f"feed links: {internal['feed_links_kept']} to the old site's feeds kept as written "
        f"(--to {data['target']})",
        f"media links: {data['media']['rewritten']} rewritten, "
        f"{data['media']['not_in_export']} to files no attachment holds",
    ]
    if data["unresolved"]:
        lines.append("unresolved:")
        lines += [
            f"  item {u['item']}: {u['url']} ({u['why']})" for u in data["unresolved"][:_SHOWN]
        ]
        if len(data["unresolved"]) > _SHOWN:
            lines.append(f"  … {len(data['unresolved']) - _SHOWN} more (see --json)")
    domains = data["external_domains"]
    if domains:
        top = list(domains.items())[:20]
        lines.append(f"external domains ({len(domains)}): " + ", ".join(f"{d} {n}" for d, n in top))
    if data["rules"]:
        lines.append("rewrite rules: " + ", ".join(f"{r}: {n}" for r, n in data["rules"].items()))
    originals = data["original_publications"]
    lines.append(f"original publications: {len(originals)}")
    for o in originals[:_SHOWN]:
        lines.append(
            f"  item {o['item']} {o['title']!r}: {o['publication'] or '?'} {o['url'] or ''}"
        )
    for key, label in (("languages", "languages"), ("lang_sources", "language sources")):
        lines.append(f"{label}: " + ", ".join(f"{k} {n}" for k, n in data[key].items()))
    return "\n".join(line.rstrip() for line in lines)


def run(args: argparse.Namespace) -> int:
    from wxr_tools.pipeline import Options  # here: see ``commands``
    from wxr_tools.targetconfig import for_target

    config = load_config(args.config)
    configured = config.section("transforms")["pipeline"]
    config = for_target(config, args.to, args.flavor, args.comments)
    options = Options(
        config=config,
        add=tuple(n for n in ("languages", "links") if n not in configured),
        recover=args.recover,
        progress=False,
    )
    links, report = collect(args.export, options)
    data = to_json(links, report, args.to)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for d in report.diagnostics:
            if d.code not in ("WXR504", "WXR505", "WXR506"):  # listed above, not twice
                print(d.format(), file=sys.stderr)
        print(to_text(data))
    return exit_code(report.diagnostics)
