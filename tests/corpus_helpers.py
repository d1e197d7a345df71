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
from collections.abc import Callable
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


def items_that_differ(name: str, survives: Callable[[str], bool]) -> set[int | None]:
    """The ids of the items of a corpus file whose HTML (after the default transforms)
    does not ``survive``; an item whose HTML libxml2 cannot parse is not looked at."""
    from lxml import etree
    from lxml import html as lxml_html

    differ = set()
    for item_id, source in transformed_sources(name):
        if not source.strip():
            continue
        try:
            lxml_html.fragment_fromstring(source, create_parent="div")
        except (etree.ParserError, ValueError):
            continue
        if not survives(source):
            differ.add(item_id)
    return differ


@cache
def transformed_sources(name: str) -> list[tuple[int | None, str]]:
    """(id, HTML after the default transforms) of each item of a corpus file, read
    strictly, else with ``--recover``; skips the test when the reader refuses both."""
    from wxr_tools.diagnostics import InputError
    from wxr_tools.pipeline import Options, open_items
    from wxr_tools.report import RunReport
    from wxr_tools.transforms import html_of

    path = corpus_path(name)
    for recover in (False, True):
        try:
            opened = open_items(str(path), Options(recover=recover), RunReport())
            with opened.export:
                return [(item.id, html_of(item)) for item in opened.items]
        except InputError:
            continue
    pytest.skip(f"{name}: the reader refuses it even with --recover")
