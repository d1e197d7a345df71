"""``wxr validate``: check exports before a migration; exit 1 on findings (for CI)."""

from __future__ import annotations

import argparse
import os
import re
import sys

from wxr_tools.diagnostics import UsageError

FORMAT_NAMES = ("text", "json", "github", "junit", "sarif")
"""``validate.formats.FORMATS``'s names, and ``FAIL_ON`` ``validate.FAIL_ON``: spelled
out here so that building the parser does not import the checks (see ``commands``);
a test keeps them equal."""
FAIL_ON = ("error", "warning", "never")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate",
        help="check exports for problems before a migration (a linter for CI)",
        description="Check WordPress exports; `wxr rules` lists the rules, "
        "`wxr explain CODE` documents one. Exit code 0: nothing at or above --fail-on; "
        "1: findings at or above it; 2: usage or I/O error.",
    )
    parser.add_argument(
        "exports", nargs="+", metavar="EXPORT", help="a path, a .xml.gz path, or - for stdin"
    )
    parser.add_argument(
        "--one-export",
        action=argparse.BooleanOptionalAction,
        help="the files are one export cut in several (wp export's .000.xml, .001.xml...), "
        "in order: check them as one, references between them resolved, an item a file "
        "repeats checked once (default: validate.one_export in wxr.toml, else no)",
    )
    parser.add_argument("--format", choices=FORMAT_NAMES, default="text", help="output format")
    parser.add_argument(
        "--fail-on", choices=FAIL_ON, help="lowest severity that fails the run (default error)"
    )
    parser.add_argument(
        "--select", action="append", metavar="CODES", help="only these codes or prefixes (WXR2)"
    )
    parser.add_argument("--ignore", action="append", metavar="CODES", help="leave these out")
    parser.add_argument("--baseline", metavar="FILE", help="accept the findings recorded in FILE")
    parser.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings in FILE"
    )
    parser.add_argument(
        "--recover",
        action="store_true",
        help="repair malformed XML where possible and go on, reporting each repair",
    )
    parser.add_argument("--config", metavar="FILE", help="wxr.toml to read (default ./wxr.toml)")
    parser.set_defaults(run=run)


def _codes(values: list[str] | None) -> list[str] | None:
    """``--select A,B --select C`` as [A, B, C]; None when the option was not given."""
    if values is None:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


def run(args: argparse.Namespace) -> int:
    from wxr_tools.validate import baseline as baselines
    from wxr_tools.validate import make_options, read_config, validate
    from wxr_tools.validate.formats import FORMATS

    if args.exports.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    config = read_config(args.config)
    # Told only when nothing says whether the files are one export: a --no-one-export or
    # a wxr.toml that says so is a choice already made.
    if args.one_export is None and "one_export" not in config and looks_split(args.exports):
        print(
            "wxr: these look like the files of one export cut by wp export: "
            "--one-export checks them as one (references between the files resolve, "
            "the menu items each file repeats are not duplicates)",
            file=sys.stderr,
        )
    accepted = baselines.load(args.baseline) if args.baseline else None
    options = make_options(
        config,
        select=_codes(args.select),
        ignore=_codes(args.ignore),
        fail_on=args.fail_on,
        recover=args.recover,
        baseline=None if args.write_baseline else accepted,
        one_export=args.one_export,
    )
    report = validate(args.exports, options)
    if args.write_baseline:
        count = baselines.write(args.write_baseline, report.findings)
        report.suppress(baselines.counts(report.findings))
        print(f"wxr: recorded {count} findings in {args.write_baseline}", file=sys.stderr)
    for result in report.files:
        if result.error is not None:
            print(f"wxr: {result.path}: {result.error}", file=sys.stderr)
    FORMATS[args.format](report, sys.stdout)
    return report.exit_code()


_SPLIT_NAME = re.compile(r"(.+)\.(\d{3})\.xml(?:\.gz)?", re.I)
"""wp export's names: ``site.wordpress.2024-01-01.000.xml``, ``.001.xml``..."""


def looks_split(paths: list[str]) -> bool:
    """Whether ``paths`` are named as the files of one export that ``wp export`` cut:
    the same name but the number, from 000 on, in order.

    Only a hint is given: names do not change what is checked. Two exports of one site
    (on two days, say) are two exports, whose findings must not hide each other's.
    """
    names = [_SPLIT_NAME.fullmatch(os.path.basename(p)) for p in paths]
    if len(paths) < 2 or any(m is None for m in names):
        return False
    stems = {(os.path.dirname(p), m.group(1)) for p, m in zip(paths, names, strict=True) if m}
    numbers = [int(m.group(2)) for m in names if m]
    return len(stems) == 1 and numbers == list(range(len(paths)))
