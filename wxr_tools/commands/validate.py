"""``wxr validate``: check exports before a migration; exit 1 on findings (for CI)."""

from __future__ import annotations

import argparse
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
    accepted = baselines.load(args.baseline) if args.baseline else None
    options = make_options(
        config,
        select=_codes(args.select),
        ignore=_codes(args.ignore),
        fail_on=args.fail_on,
        recover=args.recover,
        baseline=None if args.write_baseline else accepted,
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
