"""``wxr convert``: write an export in another format, through the transform pipeline."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from wxr_tools.commands import add_source
from wxr_tools.diagnostics import UsageError
from wxr_tools.exitcodes import exit_code
from wxr_tools.formats import FLAVORS, REDIRECT_FORMATS, WRITERS

if TYPE_CHECKING:
    from wxr_tools.indexpass import IndexPass
    from wxr_tools.report import RunReport


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "convert",
        help="convert an export to another format",
        description="Convert an export. The default transform pipeline runs unless --raw. "
        "Several files are converted as one export of one site: the items a file repeats "
        "from an earlier one are written once (counted as excluded).",
    )
    add_source(parser, several=True)
    parser.add_argument("--to", required=True, choices=list(WRITERS), help="output format")
    parser.add_argument(
        "-o", "--output", required=True, help="output file or directory, or - for stdout"
    )
    parser.add_argument(
        "--raw", action="store_true", help="the lossless model dump: no transforms at all"
    )
    parser.add_argument(
        "-t",
        "--transform",
        action="append",
        default=[],
        metavar="NAME",
        help="add a transform to the pipeline (see `wxr transforms`)",
    )
    parser.add_argument(
        "--no-transform",
        action="append",
        default=[],
        metavar="NAME",
        help="remove a transform from the pipeline",
    )
    add_config(parser)
    site = parser.add_argument_group("site writers (--to markdown)")
    site.add_argument("--flavor", choices=FLAVORS, default="hugo", help="static site generator")
    site.add_argument(
        "--front-matter", choices=("yaml", "toml"), default="yaml", help="front matter format"
    )
    site.add_argument(
        "--comments",
        choices=("data", "inline", "none"),
        default="data",
        help="comments as data files (default), appended to posts, or not at all",
    )
    site.add_argument(
        "--redirects",
        choices=REDIRECT_FORMATS,
        help="also write a redirect map from old URLs (--to markdown or ghost; "
        "ghost: Ghost's redirects.yaml, beside the import file)",
    )
    site.add_argument("--dry-run", action="store_true", help="list what would be written")
    media = site.add_mutually_exclusive_group()
    media.add_argument(
        "--media-from",
        "--from-dir",
        dest="media_from",
        metavar="UPLOADS",
        help="copy media files from a local copy of wp-content/uploads into the site "
        "(--to ghost: into the import zip, -o NAME.zip)",
    )
    media.add_argument(
        "--download",
        action="store_true",
        help="download media files from the old site into the site, or into Ghost's "
        "import zip with --to ghost -o NAME.zip ([media] in wxr.toml)",
    )
    site.add_argument(
        "--strict-media",
        "--strict",
        dest="strict_media",
        action="store_true",
        help="a media file missing or failed is an error (exit 1); the run still completes",
    )
    site.add_argument(
        "--force", action="store_true", help="write into a non-empty directory we did not write"
    )
    site.add_argument(
        "--refresh-skeleton",
        action="store_true",
        help="replace the site's configuration and layouts kept from before (edited, or "
        "an older version's) with this version's; a copy of each goes to .wxr-tools-orig/",
    )
    filters = parser.add_argument_group("filters")
    filters.add_argument(
        "--lang", action="append", default=[], help="only items in this language (repeatable)"
    )
    filters.add_argument(
        "--type", action="append", default=[], help="only items of this type (repeatable)"
    )
    filters.add_argument(
        "--status",
        action="append",
        default=[],
        help="only items with this WordPress status (repeatable)",
    )
    filters.add_argument("--since", type=_date, help="only items dated on or after YYYY-MM-DD")
    filters.add_argument("--until", type=_date, help="only items dated on or before YYYY-MM-DD")
    parser.add_argument("--report", metavar="FILE", help="also write the run report as JSON")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: when standard error is a terminal)",
    )
    parser.set_defaults(run=run)


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="PATH", help="configuration file (default: ./wxr.toml if present)"
    )


def _date(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    if args.front_matter == "toml" and args.flavor != "hugo":
        raise UsageError("--front-matter toml is for --flavor hugo only")
    if args.redirects == "ghost" and args.to != "ghost":
        raise UsageError("--redirects ghost is Ghost's redirects.yaml: for --to ghost")
    if args.strict_media and not (args.download or args.media_from):
        raise UsageError("--strict-media goes with --media-from or --download")
    started = _early_pass(args)
    try:
        report = _convert(args, started)
    finally:
        if started is not None:
            started.discard()  # ``convert`` closed it, unless it raised before taking it
    print_report(report, args.report)
    return exit_code(report.diagnostics)


def _early_pass(args: argparse.Namespace) -> IndexPass | None:
    """The index pass ``pipeline.convert`` starts, started before the pipeline, the
    writers and the configuration are imported and loaded: they are while its workers
    read. Started after them, the main process ran alone 68 M instructions longer before
    it forked the pass's first process (389.6 M, now 321.6 M), the other cores idle.

    Only where ``convert`` starts it first thing, so that nothing else changes: one file
    (several are checked first: ``reader.chain``), not standard input nor a pipe (copied
    to a file first), transformed (a raw dump has no index), without media options
    (checked before anything is read: ``media.options``)."""
    from wxr_tools.indexpass import can_index, start_pass

    sources = tuple(args.export)
    if len(sources) != 1 or args.raw or args.download or args.media_from:
        return None
    return start_pass(sources, args.recover) if can_index(sources) else None


def _convert(args: argparse.Namespace, started: IndexPass | None) -> RunReport:
    # Here, not at the top: see ``commands``.
    from wxr_tools.config import load_config
    from wxr_tools.pipeline import Options, convert
    from wxr_tools.writers import Filters, WriteOptions

    if args.to == "markdown" and args.output != "-":
        # Refused now, while the index pass has barely begun, not once it is over.
        from wxr_tools.writers.markdown.marker import check_ours

        check_ours(args.output, args.force)
    options = Options(
        config=load_config(args.config),
        add=args.transform,
        remove=args.no_transform,
        raw=args.raw,
        recover=args.recover,
        progress=args.progress,
    )
    write_options = WriteOptions(
        flavor=args.flavor,
        front_matter=args.front_matter,
        comments=args.comments,
        redirects=args.redirects,
        dry_run=args.dry_run,
        force=args.force,
        refresh_skeleton=args.refresh_skeleton,
        media_from=args.media_from,
        download=args.download,
        strict_media=args.strict_media,
    )
    filters = Filters(
        langs=frozenset(args.lang),
        types=frozenset(args.type),
        statuses=frozenset(args.status),
        since=args.since,
        until=args.until.replace(hour=23, minute=59, second=59) if args.until else None,
    )
    return convert(
        args.export, args.to, args.output, options, write_options, filters, started=started
    )


LINES_A_WRITE = 1000
"""Findings printed together: a 10,000-post export can have hundreds, and a ``print``
each was a write (two, with an unbuffered standard error) after the work was done."""


def print_report(report: RunReport, path: str | None) -> None:
    found = report.diagnostics
    for start in range(0, len(found), LINES_A_WRITE):
        # What a ``print`` of each line writes, in one piece.
        sys.stderr.write("".join(f"{d.format()}\n" for d in found[start : start + LINES_A_WRITE]))
    print(report.to_text(), file=sys.stderr)
    if path:
        import json

        from wxr_tools.writers.files import atomic_file

        with atomic_file(path) as out:
            json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
            out.write("\n")
