"""Shared by the ``wxr validate`` tests: the rule fixtures, and running the command.

Fixtures live in ``fixtures/validate``: ``<CODE>.xml`` is a small hand-written export
that triggers exactly that code (a ``<!-- flags: recover -->`` comment asks for
``--recover``), and ``clean.xml`` triggers nothing at all.

Test modules import this as ``from validate_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on ``sys.path``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wxr_tools.cli import main
from wxr_tools.validate.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "validate"
CLEAN = FIXTURES / "clean.xml"
VALIDATE_CODES = {c for rule in RULES for c in rule.codes}
ORIGINAL_READER_CODES = {f"WXR{n}" for n in range(100, 111)}
"""The reader's codes, documented before validate existed (WXR107 included)."""


def fixture(code: str) -> Path:
    return FIXTURES / f"{code}.xml"


def fixture_files(code: str) -> list[Path]:
    """The fixture of ``code``, and the later files of its export when it is several
    (``WXR114.001.xml``...: validated as one, ``--one-export``)."""
    return [fixture(code), *sorted(FIXTURES.glob(f"{code}.[0-9][0-9][0-9].xml"))]


def needs_recover(path: Path) -> bool:
    return b"<!-- flags: recover -->" in path.read_bytes()[:300]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err
