"""``wxr explain CODE``: what a code means, why it matters for a migration, how to fix it."""

from __future__ import annotations

import argparse
import textwrap

from wxr_tools.diagnostics import UsageError, codes


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("explain", help="document a diagnostic code (WXR204, ...)")
    parser.add_argument("code", help="a code, such as WXR204 (case does not matter)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    code = codes().get(args.code.strip().upper())
    if code is None:
        raise UsageError(f"unknown code {args.code!r} (`wxr rules` lists them)")
    print(f"{code.code} ({code.severity}): {code.title}\n")
    # The documentation is kept as one line a paragraph; wrap it for a terminal.
    paragraphs = code.explanation.split("\n\n")
    print("\n\n".join(textwrap.fill(p, width=88) for p in paragraphs))
    return 0
