"""Printing findings' shortcuts give what the long ways gave.

* ``diagnostics.tables_in`` finds the headers with a pattern that has a literal start
  and keeps those at a line's start: the same tables as the pattern anchored with
  ``^`` (MULTILINE), which tried every character;
* ``Diagnostic.format`` writes a severity from a table: the same text as formatting
  the member (``f"{level}"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from wxr_tools import diagnostics
from wxr_tools.diagnostics import Diagnostic, Severity

_ANCHORED = re.compile(r"^\[(WXR[0-9]+)\]$", re.MULTILINE)


def _old_tables(text: str) -> dict[str, str]:
    starts = [(m.group(1), m.start()) for m in _ANCHORED.finditer(text)]
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {code: text[start:end] for (code, start), end in zip(starts, ends, strict=True)}


PIECES = st.sampled_from(
    ["[WXR101]", "[WXR", "WXR", "[", "]", "\n", "\r\n", "1", "٣", "x = 1", " ", "[WXR2]x", "\n["]
)
TEXTS = st.lists(PIECES | st.text(max_size=3), max_size=30).map("".join)


def _outcome(split: Callable[[str], dict[str, str]], text: str) -> object:
    """The tables, in order, or the error (a text without a header has none: ``zip``)."""
    try:
        return list(split(text).items())
    except ValueError as e:
        return type(e), str(e)


@given(TEXTS)
def test_tables_are_the_anchored_patterns(text: str) -> None:
    assert _outcome(diagnostics.tables_in, text) == _outcome(_old_tables, text)


def test_tables_of_codes_toml() -> None:
    text = diagnostics.package_text("codes.toml")
    assert diagnostics.tables_in(text) == _old_tables(text)
    assert len(diagnostics.tables_in(text)) == len(diagnostics.codes())


def _old_format(d: Diagnostic) -> str:
    where = d.path or "<input>"
    if d.line is not None:
        where += f":{d.line}"
        if d.column is not None:
            where += f":{d.column}"
    item = f" [item {d.item_id}]" if d.item_id is not None else ""
    return f"{where}: {d.code} {d.level} {d.message}{item}"


def test_format_writes_each_severity_as_formatting_it() -> None:
    for severity in (*Severity, None):
        for code in ("WXR416", "WXR101", "WXR414"):
            for line, column, item in ((None, None, None), (3, None, 7), (3, 9, None)):
                finding = Diagnostic(
                    code=code,
                    message="m",
                    severity=severity,
                    path="a.xml",
                    line=line,
                    column=column,
                    item_id=item,
                )
                assert finding.format() == _old_format(finding)
    for severity in Severity:
        assert diagnostics._LEVEL_NAMES[severity] == f"{severity}" == str(severity)
