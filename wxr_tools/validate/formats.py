"""The output formats of ``wxr validate``: one function each, in ``FORMATS``.

* ``text``: ``path:line:col: CODE severity message``, then a summary by code.
* ``json``: ``{"findings": [...], "summary": {code: count}, "items": {"checked": n,
  "repeated": n}}``, the contract for scripts (``repeated``: a split export's repeats).
* ``github``: workflow commands (``::error file=…,line=…,title=CODE::message``), which
  GitHub Actions shows as annotations on the files.
* ``junit``: one test case per rule and export, failing when the rule has findings at
  or above ``--fail-on``, for CI dashboards that read JUnit XML.
* ``sarif``: SARIF 2.1.0, for code-scanning UIs (GitHub code scanning, VS Code).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TextIO

from wxr_tools import __version__
from wxr_tools.diagnostics import Diagnostic, Severity, code_of, codes
from wxr_tools.validate import Report
from wxr_tools.validate.baseline import fingerprint

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _levels(findings: list[Diagnostic]) -> str:
    by_level = {s: sum(1 for d in findings if d.level == s) for s in Severity}
    parts = [f"{n} {level}" for level, n in sorted(by_level.items(), reverse=True) if n]
    return ", ".join(parts)


def write_text(report: Report, out: TextIO) -> None:
    findings = report.findings
    for d in findings:
        out.write(d.format() + "\n")
    if findings:
        out.write("\n")
        by_code = defaultdict(list)
        for d in findings:
            by_code[d.code].append(d)
        for code, group in sorted(by_code.items()):
            level = str(group[0].level)
            out.write(f"{code} {level:<7} {len(group):>6}  {code_of(code).title}\n")
    files = _plural(len(report.files), "file")
    counts = report.items()
    items = _plural(counts["checked"], "item")
    total = _plural(len(findings), "finding")
    levels = f" ({_levels(findings)})" if findings else ""
    line = f"{total}{levels} in {files}, {items} checked"
    if counts["repeated"]:
        repeated = _plural(counts["repeated"], "item")
        line += f"; {repeated} repeated from an earlier file not checked again"
    suppressed = sum(f.suppressed for f in report.files)
    if suppressed:
        line += f"; {suppressed} more accepted by the baseline"
    stopped = [f.path for f in report.files if not f.complete]
    if stopped:
        line += f"; reading stopped early in {', '.join(stopped)}"
    out.write(line + "\n")


def write_json(report: Report, out: TextIO) -> None:
    data = {
        "findings": [d.to_json() for d in report.findings],
        "summary": report.summary(),
        "items": report.items(),
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(report: Report, out: TextIO) -> None:
    for d in report.findings:
        props = []
        if d.path and d.path != "<stdin>":
            props.append(f"file={_escape_property(d.path)}")
        if d.line is not None:
            props.append(f"line={d.line}")
            if d.column is not None:
                props.append(f"col={d.column}")
        props.append(f"title={_escape_property(d.code)}")
        item = f" [item {d.item_id}]" if d.item_id is not None else ""
        message = _escape_data(f"{d.message}{item}")
        out.write(f"::{_GITHUB_LEVEL[d.level]} {','.join(props)}::{message}\n")


def write_junit(report: Report, out: TextIO) -> None:
    # Imported here: only this format writes XML, and the import is some 3% of
    # validating a small export in any other format.
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="wxr validate")
    total = failed = 0
    for result in report.files:
        by_code: dict[str, list[Diagnostic]] = defaultdict(list)
        for d in result.findings:
            by_code[d.code].append(d)
        suite = ET.SubElement(root, "testsuite", name=result.path)
        failures = 0
        for code in report.codes:
            case = ET.SubElement(
                suite, "testcase", classname="wxr.validate", name=f"{code} {codes()[code].title}"
            )
            group = by_code.get(code, [])
            if not group:
                continue
            text = "\n".join(d.format() for d in group)
            if any(report.failing(d) for d in group):
                failures += 1
                failure = ET.SubElement(
                    case, "failure", type=code, message=_plural(len(group), "finding")
                )
                failure.text = text
            else:  # below --fail-on: listed, not failed
                ET.SubElement(case, "system-out").text = text
        errors = 0
        if result.error is not None:
            errors = 1
            case = ET.SubElement(suite, "testcase", classname="wxr.validate", name="read")
            ET.SubElement(case, "error", message=result.error)
        cases = len(report.codes) + errors
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        total += cases
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


_WORDS = re.compile(r"[A-Za-z0-9]+")
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return urllib.parse.quote(path.replace("\\", "/")) if path != "<stdin>" else "stdin"


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF 2.1.0 log as a dict (``write_sarif`` prints it)."""
    index = {code: i for i, code in enumerate(report.codes)}
    rules = [
        {
            "id": code,
            "name": "".join(w.capitalize() for w in _WORDS.findall(codes()[code].title)),
            "shortDescription": {"text": codes()[code].title},
            "fullDescription": {"text": codes()[code].explanation},
            "help": {"text": codes()[code].explanation},
            "defaultConfiguration": {"level": _SARIF_LEVEL[codes()[code].severity]},
        }
        for code in report.codes
    ]
    results = []
    for d in report.findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(d.path)}}
        if d.line is not None:
            region = {"startLine": max(d.line, 1)}
            if d.column is not None:
                region["startColumn"] = max(d.column, 1)
            location["region"] = region
        result: dict[str, Any] = {
            "ruleId": d.code,
            "level": _SARIF_LEVEL[d.level],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"wxrFinding/v1": fingerprint(d)},
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.item_id is not None:
            result["properties"] = {"itemId": d.item_id}
        results.append(result)
    driver = {
        "name": "wxr_tools",
        "version": __version__,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def write_sarif(report: Report, out: TextIO) -> None:
    json.dump(sarif_log(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


FORMATS: dict[str, Callable[[Report, TextIO], None]] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
    "junit": write_junit,
    "sarif": write_sarif,
}
