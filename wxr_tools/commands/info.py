"""``wxr info``: what an export holds (of one file, or of the files of one export)."""

from __future__ import annotations

import argparse
import json

from wxr_tools.commands import add_source
from wxr_tools.commands.convert import add_config
from wxr_tools.config import load_config
from wxr_tools.diagnostics import InputError
from wxr_tools.exitcodes import exit_code
from wxr_tools.reader.chain import Chain, open_export


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "info",
        help="what an export holds: site, counts, diagnostics",
        description="Count what an export holds. Several files are counted as one export "
        "of one site: an item a file repeats from an earlier one is counted once (and "
        "the repeats apart).",
    )
    add_source(parser, several=True)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_config(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here, not with the module: every command imports this module to build
    # the parser, and the summary (with the transforms it uses) is only this command's.
    from wxr_tools.summary import (
        Summary,
        summarize,
        summarize_files,
        summary_to_json,
        summary_to_text,
    )

    config = load_config(args.config)
    with open_export(args.export, recover=args.recover) as export:
        try:
            if isinstance(export, Chain):
                summary = summarize_files(export, config)
            else:
                summary = summarize(export, config)
        except InputError as e:
            summary = Summary(items=e.items_read, error=e.diagnostic)
        data = summary_to_json(export, summary)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(summary_to_text(data))
        return exit_code(
            [*export.diagnostics, *summary.diagnostics], failed=summary.error is not None
        )
