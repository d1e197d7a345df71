"""``wxr validate`` runs: streaming input, exit codes, the baseline, and configuration."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from validate_helpers import CLEAN, fixture, run
from wxr_builder import item, wxr

from wxr_tools.diagnostics import Severity
from wxr_tools.validate import Options, validate
from wxr_tools.validate.baseline import fingerprint

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
