"""``wxr rules``: every rule of ``wxr validate``, with its default severity and title."""

from __future__ import annotations

import argparse

from wxr_tools.diagnostics import codes


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("rules", help="list the rules of `wxr validate`")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from wxr_tools.validate import RULE_CODES  # here: see ``commands``

    table = codes()
    for code in RULE_CODES:
        c = table[code]
        print(f"{c.code}  {c.severity!s:<7}  {c.title}")
    print("\n`wxr explain CODE` prints what a rule checks, why it matters and how to fix it.")
    return 0
