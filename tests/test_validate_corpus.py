"""``wxr validate`` over every export of the corpus, strict and with ``--recover``.

Each file must be validated without an internal error (exit code 0 or 1, never 2),
and its findings, counted by code, must equal the reviewed snapshot
``tests/snapshots/validate-corpus.json``::

    {"fixtures/x.xml": {"strict": {"WXR101": 1}, "recover": {"WXR109": 3}}, ...}

When a rule changes on purpose, regenerate the snapshot, then review the diff (spot
check new counts against the XML: every number in it was looked at once)::

    .venv/bin/python tests/test_validate_corpus.py > tests/snapshots/validate-corpus.json
    git diff tests/snapshots/validate-corpus.json
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from functools import cache
from pathlib import Path

import pytest
from corpus_helpers import CORPUS, corpus_files, corpus_path, file_params

from wxr_tools.cli import main

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "validate-corpus.json"
MODES = {"strict": (), "recover": ("--recover",)}


def summary(path: Path, *options: str) -> tuple[int, dict[str, int]]:
    """The exit code and the findings by code of ``wxr validate --format json``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(["validate", str(path), "--format", "json", *options])
    assert code in (0, 1), f"exit code {code}: {err.getvalue()}"
    counts: dict[str, int] = json.loads(out.getvalue())["summary"]
    return code, counts


@cache
def snapshot() -> dict[str, dict[str, dict[str, int]]]:
    data: dict[str, dict[str, dict[str, int]]] = json.loads(SNAPSHOT.read_text("utf-8"))
    return data


@pytest.mark.parametrize("name", file_params(corpus_files()))
@pytest.mark.parametrize("mode", list(MODES))
def test_validate_corpus_file(name: str, mode: str) -> None:
    path = corpus_path(name)
    _, counts = summary(path, *MODES[mode])
    expected = snapshot().get(name)
    if expected is None:
        pytest.fail(f"{name} is not in {SNAPSHOT.name}: regenerate it (see this module)")
    assert counts == expected[mode]


def test_snapshot_lists_only_corpus_files() -> None:
    if CORPUS is None:
        pytest.skip("no corpus")
    assert sorted(snapshot()) == corpus_files()


if __name__ == "__main__":  # regenerate: see the module docstring
    rows = {
        name: {mode: summary(corpus_path(name), *options)[1] for mode, options in MODES.items()}
        for name in corpus_files()
    }
    json.dump(rows, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
