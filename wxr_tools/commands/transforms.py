"""``wxr transforms``: every transform, one line each, in default pipeline order."""

from __future__ import annotations

import argparse

from wxr_tools.commands.convert import add_config
from wxr_tools.config import load_config
from wxr_tools.transforms import TRANSFORMS, describe


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("transforms", help="list the transforms")
    add_config(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pipeline = list(load_config(args.config).section("transforms")["pipeline"])
    names = pipeline + [n for n in TRANSFORMS if n not in pipeline]
    width = max(map(len, names), default=0)
    for name in names:
        mark = "*" if name in pipeline else " "
        # The descriptions are docstrings' first lines: ``code`` reads `code` on a terminal.
        print(f"{mark} {name:<{width}} {describe(name).replace('``', '`')}")
    print("\n* in the default pipeline (wxr.toml [transforms] pipeline)")
    return 0
