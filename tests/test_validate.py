"""``wxr validate``: every rule on its fixture, the formats, exit codes, baseline, config.

Fixtures live in ``fixtures/validate``: ``<CODE>.xml`` is a small hand-written export
that triggers exactly that code (a ``<!-- flags: recover -->`` comment asks for
``--recover``), and ``clean.xml`` triggers nothing at all.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.diagnostics import CODES, Severity
from wxr_tools.validate import RULE_CODES, Options, validate
from wxr_tools.validate.baseline import fingerprint
from wxr_tools.validate.rules import READER_CODES, RULES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "validate"
CLEAN = FIXTURES / "clean.xml"
VALIDATE_CODES = {c for rule in RULES for c in rule.codes}
ORIGINAL_READER_CODES = {f"WXR{n}" for n in range(100, 111)}
"""The reader's codes, documented before validate existed (WXR107 included)."""


def fixture(code: str) -> Path:
    return FIXTURES / f"{code}.xml"


def needs_recover(path: Path) -> bool:
    return b"<!-- flags: recover -->" in path.read_bytes()[:300]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- every rule: fixture, documentation, emitter -----------------------------------------------


@pytest.mark.parametrize("code", RULE_CODES)
def test_rule_triggers_on_its_fixture_and_nothing_else(code: str) -> None:
    path = fixture(code)
    assert path.is_file(), f"{code} has no fixture: write fixtures/validate/{code}.xml"
    report = validate([str(path)], Options(recover=needs_recover(path)))
    assert set(report.summary()) == {code}, [d.format() for d in report.findings]


@pytest.mark.parametrize("recover", [False, True])
def test_clean_fixture_has_no_finding_at_all(recover: bool) -> None:
    report = validate([str(CLEAN)], Options(recover=recover))
    assert report.findings == []
    assert report.files[0].items == 7
    assert report.exit_code() == 0


@pytest.mark.parametrize(
    ("post_id", "codes"),
    [
        (10, {"WXR209", "WXR305"}),  # the attachment: featured image and media lose it
        (11, {"WXR205", "WXR304"}),  # the attachment's parent; links, by path and old slug
        (13, {"WXR205", "WXR304"}),  # the parent page; the link to it
        (14, {"WXR304"}),  # linked with ?page_id=14 and by its path
    ],
)
def test_clean_fixture_is_quiet_for_the_right_reasons(
    tmp_path: Path, post_id: int, codes: set[str]
) -> None:
    # Bytes, not read_text: universal newlines would turn the fixture's CR LF into LF,
    # which is exactly the damage WXR308 reports.
    text = CLEAN.read_bytes().decode("utf-8")
    items = re.findall(r"\t<item>.*?</item>\n", text, re.S)
    (gone,) = [i for i in items if f"<wp:post_id>{post_id}</wp:post_id>" in i]
    path = tmp_path / "clean-minus-one.xml"
    path.write_bytes(text.replace(gone, "").encode("utf-8"))
    assert set(validate([str(path)]).summary()) == codes


@pytest.mark.parametrize("code", RULE_CODES)
def test_every_code_is_documented(code: str) -> None:
    doc = CODES[code]
    assert doc.title and doc.explanation.strip()
    assert not doc.title.endswith(".")
    if code not in ORIGINAL_READER_CODES:  # validate's codes: what, why, how to fix
        assert "Why it matters:" in doc.explanation
        assert "How to fix:" in doc.explanation


def test_every_code_has_an_emitter_and_a_fixture() -> None:
    assert set(RULE_CODES) == VALIDATE_CODES | READER_CODES
    assert VALIDATE_CODES.isdisjoint(READER_CODES)
    fixtures = {p.stem for p in FIXTURES.glob("WXR*.xml")}
    assert fixtures == set(RULE_CODES)


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for code in RULE_CODES:
        assert re.search(
            rf"^{code}  {CODES[code].severity!s:<7}  {re.escape(CODES[code].title)}$", out, re.M
        )


def test_explain_prints_the_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "wxr204"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WXR204 (warning): comment replies to a later comment")
    assert "Why it matters:" in out and "How to fix:" in out
    assert main(["explain", "WXR999"]) == 2
    assert "unknown code" in capsys.readouterr().err


# -- messages ----------------------------------------------------------------------------------


def test_messages_name_the_thing_on_one_line() -> None:
    paths = [str(fixture(c)) for c in RULE_CODES if not needs_recover(fixture(c))]
    report = validate(paths)
    for d in report.findings:
        assert "\n" not in d.message and not d.message.endswith("."), d.message
    messages = {d.code: d.message for d in report.findings}
    assert messages["WXR203"] == "comment 2 on post 1 replies to missing comment 9"
    assert messages["WXR205"] == "attachment 5 has missing parent 4"
    assert messages["WXR308"].endswith("(CR LF line endings: the counts are right with LF)")


def test_secrets_are_never_printed() -> None:
    report = validate([str(fixture("WXR400")), str(fixture("WXR401"))])
    text = "\n".join(d.format() for d in report.findings)
    assert "AKIA…" in text and "AKIAIOSFODNN7EXAMPLE" not in text
    assert "correct horse" not in text and "masked" in text


def test_control_and_bidi_characters_are_escaped(tmp_path: Path) -> None:
    body = '<a href="https://example.org/evil\u202eod">x</a>'
    path = tmp_path / "bidi.xml"
    path.write_bytes(wxr(item(1, body=body)))
    (d,) = validate([str(path)], Options(select=("WXR304",))).findings
    assert "\u202e" not in d.message and "\\u202e" in d.message


# -- streaming: items before a fatal error, stdin, gzip ----------------------------------------


def test_malformed_export_is_a_finding_and_earlier_items_are_checked(tmp_path: Path) -> None:
    data = wxr(item(1, title=""), item(2)).replace(b"<wp:post_id>2</wp:post_id>", b"<wp:post_id>2")
    path = tmp_path / "broken.xml"
    path.write_bytes(data)
    report = validate([str(path)])
    codes = [d.code for d in report.findings]
    assert codes == ["WXR307", "WXR101"]
    broken = report.findings[1]
    assert broken.line is not None and broken.line > report.findings[0].line  # type: ignore[operator]
    assert broken.column is not None
    assert report.files[0].complete is False
    assert report.exit_code() == 1


def test_reads_standard_input_and_gzip(tmp_path: Path) -> None:
    data = fixture("WXR203").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "wxr_tools", "validate", "-", "--format", "json"],
        input=gzip.compress(data),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # a warning does not fail by default
    result = json.loads(done.stdout)
    assert result["summary"] == {"WXR203": 1}
    assert result["findings"][0]["path"] == "<stdin>"
    gz = tmp_path / "export.xml.gz"
    gz.write_bytes(gzip.compress(data))
    assert validate([str(gz)]).summary() == {"WXR203": 1}


def test_standard_input_only_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "-", "-")[0] == 2


# -- exit codes --------------------------------------------------------------------------------


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(CLEAN))[0] == 0
    assert run(capsys, str(fixture("WXR200")))[0] == 1  # an error
    assert run(capsys, str(fixture("WXR203")))[0] == 0  # a warning
    assert run(capsys, str(fixture("WXR203")), "--fail-on", "warning")[0] == 1
    assert run(capsys, str(fixture("WXR402")), "--fail-on", "warning")[0] == 0  # info
    assert run(capsys, str(fixture("WXR200")), "--fail-on", "never")[0] == 0
    assert run(capsys, str(fixture("WXR101")))[0] == 1  # malformed: a finding


def test_io_error_exits_2_after_checking_the_other_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "/nonexistent/export.xml", str(fixture("WXR203")))
    assert code == 2
    assert "wxr: /nonexistent/export.xml: No such file or directory" in err
    assert "WXR203" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(CLEAN), "--select", "WXR999")[0] == 2
    assert run(capsys, str(CLEAN), "--format", "xml")[0] == 2
    assert run(capsys, str(CLEAN), "--baseline", "/nonexistent/baseline.json")[0] == 2


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
    assert set(data) == {"findings", "summary"}
    assert data["summary"] == {"WXR200": 1, "WXR203": 1}
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


# -- baseline ----------------------------------------------------------------------------------


def test_baseline_accepts_recorded_findings_and_fails_new_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export = tmp_path / "site.xml"
    export.write_bytes(fixture("WXR200").read_bytes())
    baseline = tmp_path / "baseline.json"
    code, out, err = run(capsys, str(export), "--write-baseline", str(baseline))
    assert code == 0 and "recorded 1 findings" in err
    assert "1 more accepted by the baseline" in out
    recorded = json.loads(baseline.read_text())
    assert recorded["wxr_tools_baseline"] == 1
    assert recorded["findings"][0]["code"] == "WXR200"
    assert run(capsys, str(export), "--baseline", str(baseline))[0] == 0
    # Edits elsewhere move the finding down: it is still the same finding.
    text = export.read_text().replace("<channel>", "<channel>\n\n\n  <!-- moved -->\n", 1)
    export.write_text(text)
    assert run(capsys, str(export), "--baseline", str(baseline))[0] == 0
    # A new problem is not in the baseline.
    text = text.replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>7</wp:post_id>", 1)
    text = text.replace("</channel>", fixture_item_with_id(7) + "</channel>")
    export.write_text(text)
    code, out, _ = run(capsys, str(export), "--baseline", str(baseline), "--format", "json")
    assert code == 1
    assert [f["message"] for f in json.loads(out)["findings"]] == [
        "post 7 ('third') reuses the id of an earlier item"
    ]


def fixture_item_with_id(post_id: int) -> str:
    return (
        f"<item><title>Third</title><wp:post_id>{post_id}</wp:post_id>"
        "<wp:post_name>third</wp:post_name><wp:status>draft</wp:status>"
        "<wp:post_type>post</wp:post_type></item>\n"
    )


def test_fingerprint_ignores_positions() -> None:
    from wxr_tools.diagnostics import Diagnostic

    a = Diagnostic(code="WXR109", message="recovered: tag mismatch line 12", path="x.xml", line=3)
    b = Diagnostic(code="WXR109", message="recovered: tag mismatch line 40", path="./x.xml", line=9)
    c = Diagnostic(code="WXR109", message="recovered: tag mismatch line 12", path="y.xml", line=3)
    assert fingerprint(a) == fingerprint(b) != fingerprint(c)


def test_bad_baseline_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text('{"findings": []}')
    code, _, err = run(capsys, str(CLEAN), "--baseline", str(bad))
    assert code == 2 and "not a wxr_tools baseline" in err


# -- select, ignore, wxr.toml ------------------------------------------------------------------


def test_select_and_ignore(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(fixture(c)) for c in ("WXR200", "WXR203", "WXR307", "WXR402")]
    assert set(validate(paths, Options(select=("WXR2",))).summary()) == {"WXR200", "WXR203"}
    assert set(validate(paths, Options(ignore=("WXR2", "wxr402"))).summary()) == {"WXR307"}
    out = run(
        capsys,
        *paths,
        "--select",
        "WXR200,WXR307",
        "--select",
        "WXR402",
        "--ignore",
        "WXR307",
        "--format",
        "json",
    )[1]
    assert json.loads(out)["summary"] == {"WXR200": 1, "WXR402": 1}


def test_wxr_toml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text(
        "[transforms]\npipeline = []\n\n"  # other sections are not validate's business
        '[validate]\nignore = ["WXR402"]\nfail_on = "warning"\n'
        'severity = { WXR200 = "info", WXR307 = "error" }\n'
    )
    paths = [str(fixture(c)) for c in ("WXR200", "WXR402")]
    out = run(capsys, *paths, "--config", str(config), "--format", "json")[1]
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "WXR200" and finding["severity"] == "info"
    assert run(capsys, *paths, "--config", str(config))[0] == 0  # info is below warning
    assert run(capsys, str(fixture("WXR307")), "--config", str(config))[0] == 1
    # ./wxr.toml is read without --config; the command line wins over it.
    monkeypatch.chdir(tmp_path)
    assert run(capsys, str(fixture("WXR203")))[0] == 1  # fail_on = "warning"
    assert run(capsys, str(fixture("WXR203")), "--fail-on", "error")[0] == 0
    out = run(capsys, str(fixture("WXR402")), "--ignore", "WXR2", "--format", "json")[1]
    assert json.loads(out)["summary"] == {"WXR402": 1}  # --ignore replaced the file's list


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[validate]\nselct = []\n", "unknown key 'validate.selct'"),
        ('[validate]\nfail_on = "sometimes"\n', "fail_on must be one of"),
        ('[validate]\nselect = ["WXR999"]\n', "unknown rule code 'WXR999'"),
        ('[validate]\nseverity = { WXR200 = "fatal" }\n', "must be error, warning or info"),
        ("[validate\n", "wxr.toml"),
    ],
)
def test_bad_wxr_toml_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, error: str
) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text(text)
    code, _, err = run(capsys, str(CLEAN), "--config", str(config))
    assert code == 2 and error in err, err


def test_library_api_is_streaming_and_reports_levels() -> None:
    report = validate([str(fixture("WXR200"))], Options(severity={"WXR200": Severity.WARNING}))
    (finding,) = report.findings
    assert finding.level == Severity.WARNING and report.exit_code() == 0
    assert os.path.samefile(finding.path, fixture("WXR200"))


# -- the helpers behind the rules --------------------------------------------------------------


def test_id_set_bitmap_and_overflow() -> None:
    from wxr_tools.validate.tables import IdSet

    ids = IdSet()
    assert ids.add(5) and ids.add(1 << 40) and ids.add(-3)
    assert not ids.add(5) and not ids.add(1 << 40)
    assert 5 in ids and (1 << 40) in ids and -3 in ids and 6 not in ids and "5" not in ids
    assert len(ids) == 3


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://example.org/2023/05/hello/", ("2023/05/hello", "hello")),
        ("http://www.example.org/2023/05/hello", ("2023/05/hello", "hello")),
        ("/2023/05/hello/2/#comments", ("2023/05/hello/2", "hello")),
        ("https://example.org/caf%C3%A9/", ("café", "café")),
        ("https://example.org/index.php/about/", ("about", "about")),
        ("https://example.org/?p=12", 12),
        ("https://example.org/?page_id=7&amp;lang=fr", 7),
        ("/?attachment_id=9", 9),
        ("https://example.org/", None),
        ("https://example.org/?s=cats", None),
        ("https://example.org/category/news/", None),
        ("https://example.org/2023/05/", None),
        ("https://example.org/files/report.pdf", None),
        ("https://example.org/hello/feed/", None),
    ],
)
def test_link_keys(url: str, key: object) -> None:
    from wxr_tools.validate.urls import link_key, split_url

    split = split_url(url)
    assert split is not None
    assert link_key(split[1]) == key


def test_media_keys_ignore_size_variants() -> None:
    from wxr_tools.validate.urls import media_key

    base = media_key("2023/05/Chat.jpg")
    for variant in (
        "2023/05/chat-300x200.jpg",
        "2023/05/chat-scaled.jpg",
        "2023/05/chat-e1524312345678-1024x768.jpg",
        "2023/05/chat-150x150@2x.jpg",
        "2023/05/chat.thumbnail.jpg",
        "2023/05/chat.jpg?w=640",
    ):
        assert media_key(variant) == base, variant
    assert media_key("2023/05/chat-2.jpg") != base


def test_scan_urls_finds_links_not_prose() -> None:
    from wxr_tools.validate.urls import scan_urls

    text = (
        '<a href="https://example.org/a/">a</a> <img src="/wp-content/uploads/b.jpg"> '
        'boot with root=/dev/sda1, <code>value="/x"</code> ftp://example.org/c '
        'style="background: url(&quot;//cdn.example.org/d.png&quot;)"'
    )
    assert [u[:2] for u in scan_urls(text)] == [
        ("example.org", "/a/"),
        ("cdn.example.org", "/d.png"),
        (None, "/wp-content/uploads/b.jpg"),
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('a:1:{s:4:"text";s:3:"abc";}', None),
        ('a:1:{s:4:"text";s:3:"é!";}', None),  # counts are UTF-8 bytes
        ('a:1:{s:4:"text";s:3:"a\r\nb";}', "CR LF line endings: the counts are right with LF"),
        ('a:1:{s:4:"text";s:4:"a\nb";}', "LF line endings: the counts are right with CR LF"),
        ('a:1:{s:4:"text";s:9:"abc";}', "the string at byte 16 announces 9 bytes but holds 3"),
        ('a:1:{s:4:"text";s:9:"abc', None),  # not serialized: no closing ; or }
        ("plain text;", None),
    ],
)
def test_serialized_problems(value: str, problem: str | None) -> None:
    from wxr_tools.validate.content import serialized_problem

    assert serialized_problem(value) == problem


def test_secrets_show_only_the_public_prefix() -> None:
    from wxr_tools.validate.privacy import find_secret

    # Built at run time so that no key-like literal sits in the repository.
    stripe = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    github = "gh" + "p_" + "a" * 36
    slack = "xo" + "xb-" + "1234567890-abcdef"
    pem = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIE..."
    assert find_secret(f"key: {stripe}") == "Stripe live key (sk_live_…, 32 characters)"
    assert find_secret(github) == "GitHub token (ghp_…, 40 characters)"
    assert find_secret(slack) == "Slack token (xoxb-…, 22 characters)"
    assert find_secret(pem) == "private key (-----BEGIN RSA PRIVATE KEY-----)"
    assert find_secret("sk_test_abc, ghp_short, the AKIA prefix alone") is None


@pytest.mark.parametrize(
    ("text", "problem", "unknown"),
    [
        ("[:fr]Bonjour[:en]Hello[:]", None, []),
        ("[:fr]Bonjour[:][:en]Hello[:]", None, []),
        ("[:fr]Bonjour[:en]Hello", None, []),  # qTranslate accepts an open last block
        ("[:fr]Bonjour[:][:]", "[:] closes no block", []),
        ("{:fr}Bonjour{:xx}Hello{:}", None, ["xx"]),
        ("<!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:-->", None, []),
        ("<!--:fr-->Bonjour", "<!--:fr--> is not closed", []),
        ("[lang_fr]Bonjour[/lang_en]", "[/lang_en] closes no [lang_en]", []),
        ("copy = items[:] and items[:ix]", None, []),  # Python, not markers
    ],
)
def test_language_markers(text: str, problem: str | None, unknown: list[str]) -> None:
    from wxr_tools.validate.content import check_markers

    assert check_markers(text) == (problem, unknown)


@pytest.mark.parametrize(
    "text",
    ["café\u00a0!", "voilà…", "« À bientôt »", "Ærø, Ångström, Øresund", "São Paulo", "Straße"],
)
def test_mojibake_is_not_found_in_correct_text(text: str) -> None:
    from wxr_tools.validate.content import find_mojibake

    assert find_mojibake(text) is None


def test_mojibake_is_found_and_repaired_in_the_message() -> None:
    from wxr_tools.validate.content import find_mojibake

    assert find_mojibake("Hereâ€™s why") == ("Hereâ€™s why", "Here’s why")
    assert find_mojibake("Ð\u009fÑ\u0080Ð¸Ð²ÐµÑ\u0082") == ("Ð\x9fÑ\x80Ð¸Ð²ÐµÑ\x82", "Привет")


def test_shortcode_heuristics(tmp_path: Path) -> None:
    body = (
        '[gallery ids="1"] [toc] [sic] [1] [Update: fixed] [http://example.org] '
        '[tweet url="https://x.example/1"] [box]text[/box] [box]more[/box] '
        '<pre>[quote]in code[/quote]</pre> [plasma-bus]: <a href="/x">x</a>'
    )
    path = tmp_path / "sc.xml"
    path.write_bytes(wxr(item(1, body=body)))
    report = validate([str(path)], Options(select=("WXR306",)))
    assert sorted(d.message for d in report.findings) == [
        "post 1 uses shortcode [box] (2 times), which has no known conversion",
        "post 1 uses shortcode [tweet], which has no known conversion",
    ]
