"""The judge of mojibake loaded alone gives ftfy's own answer (``wxr_tools.mojibake``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from ftfy.badness import is_bad as ftfy_is_bad
from hypothesis import given
from hypothesis import strategies as st

from wxr_tools import mojibake

# Latin-1 and Windows-1252's characters (what mojibake is made of), and a few others.
_MOJIBAKE_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x20, 0x180)] + list("ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™×©Ø§à¸ªæ—¥ ")
)

SAMPLES = [
    "",
    "plain ASCII",
    "déjà vu, naïve café",
    "la «sécurité»… Aujourd'hui",
    "dÃ©jÃ  vu",
    "Ã©tÃ©",
    "â€œquotedâ€\x9d",
    "×©×œ×•×",
    "æ—¥æœ¬èªž",
    "Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©",
    "Ã\xa0 la",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_answer_as_ftfy(text: str) -> None:
    assert mojibake.is_bad(text) == ftfy_is_bad(text)


def test_samples_hold_both_answers() -> None:
    answers = {ftfy_is_bad(text) for text in SAMPLES}
    assert answers == {True, False}


@given(st.text(_MOJIBAKE_ALPHABET, max_size=40))
def test_same_answer_on_generated_text(text: str) -> None:
    assert mojibake.is_bad(text) == ftfy_is_bad(text)


def test_loaded_from_ftfy_alone() -> None:
    # ftfy's proven badness module: its expression tried where a match can start.
    judge = mojibake.load()
    assert judge.__qualname__ == "_windowed.<locals>.is_bad"
    assert judge is not ftfy_is_bad


def test_another_badness_module_is_judged_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A badness.py that is not the one read for the start rule: its own is_bad.
    monkeypatch.setattr(mojibake, "_judge", None)
    monkeypatch.setattr(mojibake, "PROVEN_BADNESS_SHA256", "0" * 64)
    judge = mojibake.load()
    assert judge.__module__ == "wxr_tools._ftfy_badness"
    assert judge("dÃ©jÃ  vu")
    assert not judge("déjà vu")


def test_package_import_when_ftfy_is_laid_out_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mojibake, "_judge", None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert mojibake.load() is ftfy_is_bad
    assert mojibake.is_bad("dÃ©jÃ  vu")


def test_package_import_when_badness_needs_its_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A later ftfy whose badness module imports from its own package cannot be loaded
    # alone: the package is imported as usual, no ImportError reaches the run.
    package = tmp_path / "ftfy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "badness.py").write_text("from . import chardata\n")
    spec = importlib.util.spec_from_file_location(
        "ftfy", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    monkeypatch.setattr(mojibake, "_judge", None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    assert mojibake.load() is ftfy_is_bad
