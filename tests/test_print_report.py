"""``wxr convert`` prints its findings in a few writes: the same text as a ``print`` each."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from wxr_tools.commands import convert
from wxr_tools.diagnostics import Diagnostic, Severity
from wxr_tools.report import RunReport


def _finding(n: int) -> Diagnostic:
    # Every shape ``format`` has: with or without a path, line, column, item, severity;
    # a message with non-ASCII text.
    return Diagnostic(
        code=("WXR414", "WXR101", "WXR416")[n % 3],
        message=f"finding {n}: « été » {'x' * (n % 7)}",
        severity=Severity.WARNING if n % 5 == 0 else None,
        path="" if n % 4 == 0 else f"site-{n % 3}.xml",
        line=None if n % 2 else n,
        column=n % 11 if n % 3 == 0 else None,
        item_id=n if n % 2 == 0 else None,
    )


def _printed_one_by_one(report: RunReport) -> str:
    """What ``print_report`` printed before: a ``print`` per finding, then the summary."""
    out = io.StringIO()
    for d in report.diagnostics:
        print(d.format(), file=out)
    print(report.to_text(), file=out)
    return out.getvalue()


@pytest.mark.parametrize("n", [0, 1, 2, 999, 1000, 1001, 2500])
def test_the_findings_are_printed_as_a_print_each_printed_them(
    n: int, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = RunReport(items_read=n, diagnostics=[_finding(i) for i in range(n)])
    report.counts["files created"] = n
    convert.print_report(report, str(tmp_path / "report.json"))
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err == _printed_one_by_one(report)
    assert printed.err.count("\n") >= n + 1
    saved = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(report.to_json()))
