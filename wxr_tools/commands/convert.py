"""``wxr convert``: write an export in another format, through the transform pipeline."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from wxr_tools.commands import add_source
from wxr_tools.config import load_config
from wxr_tools.exitcodes import exit_code
from wxr_tools.pipeline import DUMP_WRITERS, Options, convert_dump
from wxr_tools.report import RunReport


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "convert",
        help="convert an export to another format",
        description="Convert an export. The default transform pipeline runs unless --raw.",
    )
    add_source(parser)
    parser.add_argument("--to", required=True, choices=sorted(DUMP_WRITERS), help="output format")
    parser.add_argument(
        "-o", "--output", required=True, help="output file, or - for standard output"
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


def run(args: argparse.Namespace) -> int:
    options = Options(
        config=load_config(args.config),
        add=args.transform,
        remove=args.no_transform,
        raw=args.raw,
        recover=args.recover,
        progress=args.progress,
    )
    with atomic_output(args.output) as out:
        _, report = convert_dump(args.export, args.to, out, options)
    print_report(report, args.report)
    return exit_code(report.diagnostics)


def print_report(report: RunReport, path: str | None) -> None:
    for d in report.diagnostics:
        print(d.format(), file=sys.stderr)
    print(report.to_text(), file=sys.stderr)
    if path:
        with atomic_output(path) as out:
            json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
            out.write("\n")


@contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    """Standard output, or a file written atomically: all of it or nothing."""
    if path == "-":
        yield sys.stdout
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".wxr-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
