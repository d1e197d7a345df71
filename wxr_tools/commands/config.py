"""``wxr config``: print every configuration key with its default, documented."""

from __future__ import annotations

import argparse

from wxr_tools import config


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("config", help="print the default wxr.toml, every key documented")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(config.DEFAULTS_TEXT, end="")
    return 0
