"""``wxr convert``: write an export in another format."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from wxr_tools.commands import add_source
from wxr_tools.exitcodes import exit_code
from wxr_tools.jsonmodel import header_to_json
from wxr_tools.reader import read
from wxr_tools.writers.dump import items_as_json, write_json, write_jsonl


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("convert", help="convert an export to another format")
    add_source(parser)
    parser.add_argument(
        "--to", required=True, choices=("json", "jsonl"), help="output format (json, jsonl)"
    )
    parser.add_argument(
        "-o", "--output", required=True, help="output file, or - for standard output"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with read(args.export, recover=args.recover) as export:
        header = header_to_json(export.site, export.authors, export.terms)
        writer = write_jsonl if args.to == "jsonl" else write_json
        with atomic_output(args.output) as out:
            count = writer(header, items_as_json(export), out)
        for d in export.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"wrote {count} items to {args.output}", file=sys.stderr)
        return exit_code(export.diagnostics)


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
