"""php-toolkit's stream test, generalised: the result must not depend on chunking.

Every corpus file is read whole and as a ``Trickle`` (100 bytes per read), strictly
and in recover mode; records and diagnostics (with their columns) must be equal.
The §2 tests it comes from are in ``test_expect_php_toolkit.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from expect_helpers import Trickle, _read, plain

from wxr_tools import InputError

# -- §2 php-toolkit WXRReaderTest: the stream rule on every corpus file ------------------
# The stream test's rule ("the result must not depend on chunking"), on every corpus
# file and in both modes: records and diagnostics (with their columns) must be equal.


def _outcome(source: Any, recover: bool) -> tuple[Any, list[Any]]:
    """(records, diagnostics) of one read; an InputError counts as a record."""
    try:
        parsed = _read(source, recover)
    except InputError as e:
        d = e.diagnostic
        return ("InputError", d.code, d.line, d.column, e.items_read), []
    records = plain(parsed, drop=("diagnostics", "path"))
    return records, [(d.code, d.line, d.column, d.message) for d in parsed.diagnostics]


def _first_difference(streamed: Any, whole: Any, where: str = "") -> str:
    if isinstance(streamed, dict) and isinstance(whole, dict):
        for key in whole:
            if streamed.get(key) != whole[key]:
                return _first_difference(streamed.get(key), whole[key], f"{where}.{key}")
    if isinstance(streamed, list) and isinstance(whole, list) and len(streamed) == len(whole):
        for i, (a, b) in enumerate(zip(streamed, whole, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{i}]")
    return f"{where}: streamed {streamed!r:.300} != whole {whole!r:.300}"


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_result_does_not_depend_on_chunking(name: str) -> None:
    path = corpus_path(name)
    data = path.read_bytes()
    for recover in (False, True):
        mode = "recover" if recover else "strict"
        streamed, streamed_diagnostics = _outcome(Trickle(data), recover)
        whole, whole_diagnostics = _outcome(str(path), recover)
        assert streamed == whole, f"{mode}: " + _first_difference(streamed, whole)
        assert streamed_diagnostics == whole_diagnostics, f"{mode}: " + _first_difference(
            streamed_diagnostics, whole_diagnostics
        )
