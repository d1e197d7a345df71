"""``wxr validate``: every rule on its fixture, its documentation, and its messages.

Fixtures live in ``fixtures/validate`` (see ``validate_helpers``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from validate_helpers import (
    CLEAN,
    FIXTURES,
    ORIGINAL_READER_CODES,
    VALIDATE_CODES,
    fixture,
    fixture_files,
    needs_recover,
)
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.diagnostics import CODES
from wxr_tools.validate import RULE_CODES, Options, validate
from wxr_tools.validate.rules import READER_CODES

# -- every rule: fixture, documentation, emitter -----------------------------------------------


@pytest.mark.parametrize("code", RULE_CODES)
def test_rule_triggers_on_its_fixture_and_nothing_else(code: str) -> None:
    path = fixture(code)
    assert path.is_file(), f"{code} has no fixture: write fixtures/validate/{code}.xml"
    files = [str(p) for p in fixture_files(code)]
    options = Options(recover=needs_recover(path), one_export=len(files) > 1)
    report = validate(files, options)
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
    fixtures = {p.name.split(".")[0] for p in FIXTURES.glob("WXR*.xml")}
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
