"""Where the shared WXR corpus lives, and what its ``counts.json`` says.

The corpus is read in place from ``$WXR_CORPUS`` (a relative value is taken from
the repository root; the default is ``../shared/wxr-corpus``). Nothing from it is
ever copied into this repository. Tests that need it call ``corpus_path``, which
skips them, with the reason shown, when the corpus is absent.

Test modules import this as ``from corpus_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on
``sys.path``.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = "../shared/wxr-corpus"
SUFFIXES = (".xml", ".wxr")


def _locate() -> tuple[Path, Path | None]:
    configured = ROOT / os.environ.get("WXR_CORPUS", DEFAULT)
    path = configured.resolve()
    return path, (path if path.is_dir() else None)


_WHERE, CORPUS = _locate()
"""``CORPUS`` is the corpus directory, or None when it is missing."""


def skip_reason() -> str:
    return f"WXR corpus not found at {_WHERE}; set WXR_CORPUS"


def corpus_files() -> list[str]:
    """Every export in fixtures/ and blogs/, as ``fixtures/x.xml``; [] without a corpus."""
    if CORPUS is None:
        return []
    names = []
    for folder in ("fixtures", "blogs"):
        directory = CORPUS / folder
        if directory.is_dir():
            names += [
                f"{folder}/{p.name}"
                for p in directory.iterdir()
                if p.is_file() and p.name.endswith(SUFFIXES)
            ]
    return sorted(names)


@cache
def counts() -> dict[str, dict[str, Any]]:
    """``counts.json`` keyed by its ``file`` field; {} without a corpus."""
    if CORPUS is None or not (CORPUS / "counts.json").is_file():
        return {}
    rows = json.loads((CORPUS / "counts.json").read_text(encoding="utf-8"))
    return {row["file"]: row for row in rows}


def corpus_path(name: str) -> Path:
    """The path of a corpus file (``fixtures/x.xml``); skips the test without a corpus."""
    if CORPUS is None:
        pytest.skip(skip_reason())
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"{name} is missing from the WXR corpus at {CORPUS}")
    return path


def file_params(names: list[str]) -> list[Any]:
    """``names`` as parameters with readable ids, or one skipped placeholder when empty."""
    if not names:
        return [pytest.param("<no corpus>", marks=pytest.mark.skip(reason=skip_reason()))]
    return [pytest.param(name, id=name) for name in names]
