"""``wxr validate --format``: text, JSON, GitHub annotations, JUnit XML and SARIF."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from validate_helpers import fixture, run

from wxr_tools.validate import RULE_CODES

# -- formats -----------------------------------------------------------------------------------

BOTH = (str(fixture("WXR203")), str(fixture("WXR200")))


def test_text_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *BOTH)
    assert code == 1
    lines = out.splitlines()
    assert re.fullmatch(
        rf"{re.escape(BOTH[0])}:\d+: WXR203 warning comment 2 on post 1 replies to missing "
        r"comment 9 \[item 1\]",
        lines[0],
    )
    assert lines[1].startswith(f"{BOTH[1]}:") and " WXR200 error " in lines[1]
    assert lines[2] == ""
    assert re.fullmatch(r"WXR200 error +1  duplicate item id", lines[3])
    assert lines[-1] == "2 findings (1 error, 1 warning) in 2 files, 3 items checked"


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, *BOTH, "--format", "json")[1]
    data = json.loads(out)
    assert set(data) == {"findings", "summary", "items"}
    assert data["summary"] == {"WXR200": 1, "WXR203": 1}
    assert data["items"] == {"checked": 3, "repeated": 0}
    keys = {"code", "severity", "path", "line", "column", "item_id", "message"}
    assert all(set(f) == keys for f in data["findings"])
    assert data["findings"][1]["severity"] == "error"


def test_github_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, *BOTH, "--format", "github")[1]
    first, second = out.splitlines()
    assert re.fullmatch(
        rf"::warning file={re.escape(BOTH[0])},line=\d+,title=WXR203::comment 2 on post 1 "
        r"replies to missing comment 9 \[item 1\]",
        first,
    )
    assert second.startswith("::error file=")
    # Properties escape ',' and ':', data escapes '%' and newlines.
    odd = tmp_path / "a,b:c.xml"
    odd.write_bytes(fixture("WXR402").read_bytes())
    out = run(capsys, str(odd), "--format", "github")[1]
    assert out.startswith(f"::notice file={tmp_path}/a%2Cb%3Ac.xml,title=WXR402::")


def test_junit_format(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, *BOTH, "--format", "junit", "--fail-on", "error")[1]
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == list(BOTH)
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name", "").split()[0] for c in cases] == list(RULE_CODES)
    by_name = {c.get("name", "").split()[0]: c for c in suites[1].findall("testcase")}
    failure = by_name["WXR200"].find("failure")
    assert failure is not None and failure.get("type") == "WXR200"
    assert "reuses the id" in (failure.text or "")
    # A warning below --fail-on is listed, not failed.
    warned = {c.get("name", "").split()[0]: c for c in suites[0].findall("testcase")}["WXR203"]
    assert warned.find("failure") is None and warned.find("system-out") is not None
    assert root.get("failures") == "1"
    assert root.get("tests") == str(2 * len(RULE_CODES))


# What SARIF 2.1.0 requires of what we write (sarif-schema-2.1.0.json, trimmed to the
# properties we use, with their required keys and types).
SARIF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string"},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {"$ref": "#/$defs/message"},
                                                "fullDescription": {"$ref": "#/$defs/message"},
                                                "help": {"$ref": "#/$defs/message"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {"$ref": "#/$defs/level"}
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"$ref": "#/$defs/level"},
                                "message": {"$ref": "#/$defs/message"},
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "properties": {"uri": {"type": "string"}},
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "message": {
            "type": "object",
            "required": ["text"],
            "properties": {"text": {"type": "string"}},
        },
        "level": {"enum": ["none", "note", "warning", "error"]},
    },
}


def test_sarif_format(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(fixture(c)) for c in ("WXR203", "WXR200", "WXR402", "WXR101")]
    out = run(capsys, *paths, "--format", "sarif")[1]
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SCHEMA)
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULE_CODES)
    levels = {r["ruleId"]: r["level"] for r in run_["results"]}
    assert levels == {"WXR203": "warning", "WXR200": "error", "WXR402": "note", "WXR101": "error"}
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    export_level = next(r for r in run_["results"] if r["ruleId"] == "WXR402")
    assert "region" not in export_level["locations"][0]["physicalLocation"]


def test_the_command_line_lists_every_format_and_fail_on_level() -> None:
    # The command spells the choices out (building the parser imports no checks).
    from wxr_tools import validate
    from wxr_tools.commands import validate as command
    from wxr_tools.validate.formats import FORMATS

    assert tuple(FORMATS) == command.FORMAT_NAMES
    assert command.FAIL_ON == validate.FAIL_ON
