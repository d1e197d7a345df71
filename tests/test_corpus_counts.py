"""``wxr info --json`` against the corpus's own counts (``counts.json``, made with plain lxml).

Every corpus file falls in exactly one group, decided by ``counts.json``:

* well-formed with a valid ``wp:wxr_version``: strict ``info`` counts equal counts.json;
* well-formed but rejected by the version gate (EXPECTATIONS R1: the version is
  missing or does not match ``^\\d+\\.\\d+$``): strict mode fails with WXR104, and
  ``--recover`` gives the counts;
* not well-formed (``strict`` false): strict mode fails with WXR101 at the line lxml
  names, and ``--recover`` gives the same items by type and status as lxml's recover.

How counts.json spells things, and how that maps onto ``wxr info``:

* a missing post_type/status is ``None`` in ``type_status``; the model gives "";
* a comment with an empty ``wp:comment_type`` counts as ``(empty)``, but a comment
  WITHOUT the element (or without ``wp:comment_approved``) is left out of
  ``comment_types`` (``comment_approved``) altogether, while the model reads a missing
  element as "": such comments are the difference between ``comments`` and the sum;
* ``wp_author`` counts ``<wp:author>`` only; the reader also takes the non-standard
  ``<wp:wp_author>`` as a declared author (EXPECTATIONS R5), counted here from the bytes;
* terms: ``wp_category`` and ``wp_tag`` are the ``category``/``post_tag`` elements,
  ``term_taxonomies`` is ``wp:term`` by ``wp:term_taxonomy`` (so ``wp_term`` is its sum);
  a ``wp:term`` in taxonomy ``category`` adds to the ``category`` count.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, counts, file_params, skip_reason

import wxr_tools
from wxr_tools.cli import main

VERSION = re.compile(r"^\d+\.\d+$")
STRICT_ERROR_LINE = re.compile(r", line (\d+), column \d+")
UNDECLARED_ATOM = re.compile(r"Namespace prefix atom on \w+ is not defined")
"""lxml's error for WordPress.com's exports: the reader declares the prefix (WXR112)."""
# ``path:line[:column]: CODE severity message``, as the CLI prints an InputError.
CLI_ERROR = re.compile(r"(?::(\d+))?(?::\d+)?: (WXR\d{3}) error ")
WP_AUTHOR_BLOCK = re.compile(rb"<(?:[\w.-]+:)?wp_author[\s>]")


def _row(name: str) -> dict[str, Any]:
    row = counts().get(name)
    if row is None:
        pytest.fail(f"{name} has no row in counts.json")
    return row


def _atom_only(row: dict[str, Any]) -> bool:
    """Whether lxml's strict error is WordPress.com's undeclared ``atom:``, on an RSS root."""
    return row["root"] == "rss" and bool(UNDECLARED_ATOM.match(row.get("strict_error") or ""))


def _group(name: str) -> str:
    row = counts().get(name)
    if row is None:
        return "unlisted"
    if not row["strict"] and not _atom_only(row):
        return "malformed"
    version = (row.get("wxr_version") or "").strip()
    return "valid" if VERSION.match(version) else "version-gated"


ALL = corpus_files()
VALID = [n for n in ALL if _group(n) == "valid"]
GATED = [n for n in ALL if _group(n) == "version-gated"]
MALFORMED = [n for n in ALL if _group(n) == "malformed"]


def run_info(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["info", str(path), "--json", *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def info_json(out: str) -> dict[str, Any]:
    assert out.strip(), "wxr info --json printed nothing"
    data: dict[str, Any] = json.loads(out)
    return data


def cli_failure(out: str, err: str) -> tuple[str, int | None]:
    """The code and line of the error that stopped a strict run, from JSON or stderr."""
    if out.strip():
        errors = [d for d in info_json(out)["diagnostics"] if d["severity"] == "error"]
        assert errors, f"exit code 1 but no error diagnostic in {out}"
        return errors[-1]["code"], errors[-1]["line"]
    match = CLI_ERROR.search(err)
    assert match, f"no diagnostic line on stderr: {err!r}"
    return match.group(2), int(match.group(1)) if match.group(1) else None


def api_failure(path: Path) -> wxr_tools.InputError:
    """Read the file strictly, to the end, and return the InputError it raises."""
    # read() raises for an error before the first item, the iteration for one after it
    with pytest.raises(wxr_tools.InputError) as raised, wxr_tools.read(str(path)) as export:
        for _ in export:
            pass
    return raised.value


MISSING = ("", "None", "null")  # how "", a missing element, and JSON null are spelled


def _missing_as_none(key: str) -> str:
    return "/".join("None" if part in MISSING else part for part in key.split("/"))


def _with_missing(expected: dict[str, int], total: int, empty: str) -> dict[str, int]:
    """counts.json leaves out comments without the element; the model reads them as ""."""
    result = Counter(expected)
    missing = total - sum(expected.values())
    assert missing >= 0
    if missing:
        result[empty] += missing
    return dict(result)


def expected_terms(row: dict[str, Any]) -> dict[str, int]:
    terms = Counter(row.get("term_taxonomies") or {})
    terms["category"] += row.get("wp_category") or 0
    terms["post_tag"] += row.get("wp_tag") or 0
    return {k: v for k, v in terms.items() if v}


def assert_type_status(info: dict[str, Any], row: dict[str, Any]) -> None:
    items = info["items"]
    got = {_missing_as_none(k): v for k, v in items["by_type_status"].items()}
    assert got == {_missing_as_none(k): v for k, v in row["type_status"].items()}
    assert items["total"] == row["items"]
    for ours, theirs in (("by_type", "post_types"), ("by_status", "statuses")):
        got = {_missing_as_none(k): v for k, v in items[ours].items()}
        assert got == {_missing_as_none(k): v for k, v in row[theirs].items()}


def assert_counts(info: dict[str, Any], row: dict[str, Any], path: Path) -> None:
    assert_type_status(info, row)
    comments = info["comments"]
    assert comments["total"] == row["comments"]
    assert comments["threaded"] == row["comments_with_parent"]
    by_type = {k or "(empty)": v for k, v in comments["by_type"].items()}
    assert by_type == _with_missing(row["comment_types"], row["comments"], "(empty)")
    assert comments["by_approved"] == _with_missing(row["comment_approved"], row["comments"], "")
    wp_author_blocks = len(WP_AUTHOR_BLOCK.findall(path.read_bytes()))
    assert info["authors"] == row["wp_author"] + wp_author_blocks
    assert info["terms"] == expected_terms(row)
    assert sum((row.get("term_taxonomies") or {}).values()) == row["wp_term"]
    assert (info["wxr_version"] or None) == row["wxr_version"]


def test_every_corpus_file_has_counts() -> None:
    if not ALL:
        pytest.skip(skip_reason())
    assert [n for n in ALL if n not in counts()] == []
    assert len(ALL) == len(VALID) + len(GATED) + len(MALFORMED)


@pytest.mark.parametrize("name", file_params(VALID))
def test_strict_info_matches_counts(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_path(name)
    code, out, err = run_info(capsys, path)
    info = info_json(out)
    assert [d for d in info["diagnostics"] if d["severity"] == "error"] == []
    assert code == 0, err
    assert_counts(info, _row(name), path)
    declared = "WXR112" in {d["code"] for d in info["diagnostics"]}
    assert declared == _atom_only(_row(name))


@pytest.mark.parametrize("name", file_params(GATED))
def test_version_gate_rejects_in_strict_mode(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_path(name)
    code, out, err = run_info(capsys, path)
    assert code == 1
    assert cli_failure(out, err)[0] == "WXR104"
    error = api_failure(path)
    assert error.diagnostic.code == "WXR104"
    assert error.items_read == 0


@pytest.mark.parametrize("name", file_params(GATED))
def test_version_gate_recover_matches_counts(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_path(name)
    code, out, _ = run_info(capsys, path, "--recover")
    info = info_json(out)
    assert code == 1  # WXR104 stays an error; the counts are still all there
    assert "WXR104" in {d["code"] for d in info["diagnostics"]}
    assert_counts(info, _row(name), path)


@pytest.mark.parametrize("name", file_params(MALFORMED))
def test_malformed_strict_stops_where_lxml_does(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_path(name)
    row = _row(name)
    code, out, err = run_info(capsys, path)
    assert code == 1
    error = api_failure(path)
    if row["root"] != "rss":
        # A bare <item> document: the reader refuses the root element (WXR100) when it
        # starts, before libxml2 reaches the undeclared prefix that lxml reports.
        assert cli_failure(out, err)[0] == "WXR100"
        assert error.diagnostic.code == "WXR100"
        return
    match = STRICT_ERROR_LINE.search(row["strict_error"])
    assert match, row["strict_error"]
    line = int(match.group(1))
    assert cli_failure(out, err) == ("WXR101", line)
    assert (error.diagnostic.code, error.diagnostic.line) == ("WXR101", line)
    assert error.items_read <= row["items"]


@pytest.mark.parametrize("name", file_params(MALFORMED))
def test_malformed_recover_matches_counts(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_path(name)
    code, out, err = run_info(capsys, path, "--recover")
    assert code in (0, 1), err
    assert_type_status(info_json(out), _row(name))


@pytest.mark.parametrize("mode", [(), ("--recover",)], ids=["strict", "recover"])
@pytest.mark.parametrize("name", file_params(ALL))
def test_no_traceback(name: str, mode: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_path(name)
    code, out, err = run_info(capsys, path, *mode)
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert "internal error" not in err
    if out.strip():
        info_json(out)  # one JSON object, nothing else
