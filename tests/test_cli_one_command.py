"""The command line built for the one command the arguments name (``cli.wanted``) parses
as the whole parser does: same help, same values, same errors."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

from wxr_tools.cli import build_parser, wanted
from wxr_tools.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent

ARGVS = [
    ["convert", "x.xml", "--to", "markdown", "-o", "out"],
    ["convert", "a.xml", "b.xml", "--to", "ghost", "-o", "g.zip", "--download", "--strict"],
    ["convert", "x.xml", "--to", "markdown", "-o", "o", "--flavor", "jekyll", "--lang", "fr"],
    ["convert", "x.xml", "--to", "markdown", "-o", "o", "--since", "2020-01-01", "--no-progress"],
    ["convert", "x.xml", "--to", "nothing", "-o", "o"],
    ["convert", "x.xml", "--to", "markdown", "-o", "o", "--since", "yesterday"],
    ["convert", "x.xml", "--to", "markdown", "-o", "o", "--media-from", "u", "--download"],
    ["convert", "x.xml", "--to", "markdown", "-o", "o", "--flav", "hugo"],
    ["convert", "x.xml", "--to", "markdown", "-o", "o", "--unknown"],
    ["convert"],
    ["convert", "--help"],
    ["info", "x.xml", "--json"],
    ["info"],
    ["transforms"],
    ["config"],
    ["validate", "x.xml", "--format", "junit"],
    ["validate", "--help"],
    ["rules"],
    ["explain", "WXR414"],
    ["links", "x.xml", "--to", "markdown"],
    ["shortcodes", "x.xml"],
    ["media", "x.xml"],
    ["media", "--help"],
]


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = parser.parse_args(argv)
        except SystemExit as e:
            return ("exit", e.code), out.getvalue(), err.getvalue()
    values = {k: v for k, v in vars(args).items() if k != "run"}
    return (values, args.run.__module__), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a))
def test_one_command_parses_as_the_whole_parser(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the same width for both helps
    only = wanted(argv)
    assert only == argv[0]
    assert _parse(build_parser(only), argv) == _parse(build_parser(), argv)


@pytest.mark.parametrize("command", COMMANDS)
def test_one_command_help_as_in_the_whole_parser(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")

    def sub(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action.choices[command]
        raise AssertionError("no subcommands")

    alone, whole = sub(build_parser(command)), sub(build_parser())
    assert alone.prog == whole.prog
    assert alone.format_help() == whole.format_help()
    assert alone.format_usage() == whole.format_usage()


@pytest.mark.parametrize(
    "argv", [[], ["--help"], ["-h"], ["--version"], ["conv"], ["x.xml"], ["--to", "convert"]]
)
def test_anything_but_a_command_first_gets_the_whole_parser(argv: list[str]) -> None:
    assert wanted(argv) is None


def test_a_conversion_imports_no_other_command() -> None:
    script = (
        "import sys\nfrom wxr_tools.cli import build_parser, wanted\n"
        "build_parser(wanted(['convert', 'x.xml', '--to', 'markdown', '-o', 'o']))\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert "wxr_tools.commands.convert" in loaded
    assert not loaded & {f"wxr_tools.commands.{c}" for c in COMMANDS if c != "convert"}
