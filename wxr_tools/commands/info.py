"""``wxr info``: what an export holds."""

from __future__ import annotations

import argparse
import json

from wxr_tools.commands import add_source
from wxr_tools.commands.convert import add_config
from wxr_tools.config import load_config
from wxr_tools.diagnostics import InputError
from wxr_tools.exitcodes import exit_code
from wxr_tools.reader import read
from wxr_tools.summary import Summary, summarize, summary_to_json, summary_to_text


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("info", help="what an export holds: site, counts, diagnostics")
    add_source(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_config(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with read(args.export, recover=args.recover) as export:
        try:
            summary = summarize(export, load_config(args.config))
        except InputError as e:
            summary = Summary(items=e.items_read, error=e.diagnostic)
        data = summary_to_json(export, summary)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(summary_to_text(data))
        return exit_code(export.diagnostics, failed=summary.error is not None)
