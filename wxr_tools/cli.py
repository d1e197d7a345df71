"""The ``wxr`` command: a thin argparse layer over the library.

Exit codes, for every command: 0 success; 1 the input has errors; 2 usage, I/O
or internal error. Only ``main`` decides them. Bad input gets one line naming the
file, the line and the problem, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from wxr_tools import __version__
from wxr_tools.diagnostics import InputError, Severity, UsageError
from wxr_tools.jsonmodel import header_to_json
from wxr_tools.reader import Export, read
from wxr_tools.summary import Summary, summarize, summary_to_json, summary_to_text
from wxr_tools.writers.dump import items_as_json, write_json, write_jsonl

OK, INPUT_ERROR, TOOL_ERROR = 0, 1, 2


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("export", help="the WXR file: a path, a .xml.gz path, or - for stdin")
    parser.add_argument(
        "--recover",
        action="store_true",
        help="repair malformed XML where possible and go on, reporting each repair",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wxr", description="Read, check and convert WordPress exports (WXR)."
    )
    parser.add_argument("--version", action="version", version=f"wxr_tools {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    info = commands.add_parser("info", help="what an export holds: site, counts, diagnostics")
    _add_source(info)
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.set_defaults(run=run_info)

    convert = commands.add_parser("convert", help="convert an export to another format")
    _add_source(convert)
    convert.add_argument(
        "--to", required=True, choices=("json", "jsonl"), help="output format (json, jsonl)"
    )
    convert.add_argument(
        "-o", "--output", required=True, help="output file, or - for standard output"
    )
    convert.set_defaults(run=run_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 for --help
        return int(e.code or 0)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except InputError as e:
        print(e.diagnostic.format(), file=sys.stderr)
        return INPUT_ERROR
    except UsageError as e:
        print(f"wxr: {e}", file=sys.stderr)
        return TOOL_ERROR
    except OSError as e:
        name = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"wxr: {name}{e.strerror or e}", file=sys.stderr)
        return TOOL_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the tool failing, not the input: say so in one line
        print(f"wxr: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return TOOL_ERROR


def _exit_code(export: Export, failed: bool) -> int:
    errors = failed or any(d.level >= Severity.ERROR for d in export.diagnostics)
    return INPUT_ERROR if errors else OK


def run_info(args: argparse.Namespace) -> int:
    with read(args.export, recover=args.recover) as export:
        try:
            summary = summarize(export)
        except InputError as e:
            summary = Summary(items=e.items_read, error=e.diagnostic)
        data = summary_to_json(export, summary)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(summary_to_text(data))
        return _exit_code(export, summary.error is not None)


def run_convert(args: argparse.Namespace) -> int:
    with read(args.export, recover=args.recover) as export:
        header = header_to_json(export.site, export.authors, export.terms)
        writer = write_jsonl if args.to == "jsonl" else write_json
        with _output(args.output) as out:
            count = writer(header, items_as_json(export), out)
        for d in export.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"wrote {count} items to {args.output}", file=sys.stderr)
        return _exit_code(export, False)


@contextmanager
def _output(path: str) -> Iterator[TextIO]:
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


if __name__ == "__main__":
    sys.exit(main())
