"""``wxr config``: print every configuration key with its default, documented."""

from __future__ import annotations

import argparse

from wxr_tools.config import DEFAULTS_TEXT


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("config", help="print the default wxr.toml, every key documented")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(DEFAULTS_TEXT, end="")
    return 0
