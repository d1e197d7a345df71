"""A code's table parsed on its own (``diagnostics.code_of``) is the whole file's."""

from __future__ import annotations

import pytest

from wxr_tools import diagnostics


@pytest.fixture
def unparsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The module as a new process has it: nothing parsed yet."""
    monkeypatch.setattr(diagnostics, "_codes", None)
    monkeypatch.setattr(diagnostics, "_tables", None)
    monkeypatch.setattr(diagnostics, "_parsed", {})


def test_every_code_as_the_whole_table_has_it(unparsed: None) -> None:
    one_by_one = {name: diagnostics.code_of(name) for name in diagnostics._tables_of_file()}
    assert diagnostics._codes is None  # nothing parsed the whole file so far
    whole = diagnostics.codes()
    assert one_by_one == whole
    assert list(one_by_one) == list(whole)


def test_unknown_code_is_a_key_error(unparsed: None) -> None:
    with pytest.raises(KeyError):
        diagnostics.code_of("WXR999")
    with pytest.raises(KeyError):
        diagnostics.codes()["WXR999"]


def test_finding_level_without_parsing_the_whole_file(unparsed: None) -> None:
    finding = diagnostics.Diagnostic(code="WXR414", message="no usable slug")
    assert finding.level == diagnostics.Severity.INFO
    assert diagnostics._codes is None
    assert finding.level == diagnostics.codes()["WXR414"].severity
