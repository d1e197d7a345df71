"""The judge tries ftfy's expression only where a match can start: the same answers.

``mojibake._windowed`` relies on a rule read in ftfy's ``BADNESS_RE``: every
alternative has a class of non-ASCII characters only at most two characters after its
start. The rule is checked here on the installed expression's parse (the file it was
read in is the one ``PROVEN_BADNESS_SHA256`` names), and the answers are compared with
ftfy's own search on texts made of the expression's own characters between ASCII.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ftfy
import ftfy.badness
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools import mojibake

BADNESS_RE: re.Pattern[str] = ftfy.badness.BADNESS_RE
_ASCII = [chr(c) for c in range(128)]


def _takes_ascii(element: tuple[Any, Any]) -> bool:
    """Whether one parsed element (a class, a literal, any character) matches an ASCII
    character, tried on all 128 with the expression's flags."""
    single = sre_parse.SubPattern(sre_parse.State(), [element])
    code = re._compiler.compile(single, BADNESS_RE.flags)  # type: ignore[attr-defined]
    return any(code.fullmatch(c) for c in _ASCII)


_ONE_CHARACTER = (
    sre_constants.LITERAL,
    sre_constants.NOT_LITERAL,
    sre_constants.IN,
    sre_constants.ANY,
)


def _furthest_non_ascii_class(branch: Any) -> int:
    """How many characters may come before the alternative's first non-ASCII-only class."""
    furthest = 0
    for op, av in branch:
        if op is sre_constants.AT:  # ^: no character
            continue
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            _, high, (element, *rest) = av
            assert not rest and _takes_ascii(element)  # \s? only: ASCII allowed
            furthest += high
            continue
        # One character each: anything else (a group, a nested choice) is not read here.
        assert op in _ONE_CHARACTER, f"not read by this check: {op}"
        if not _takes_ascii((op, av)):
            return furthest
        furthest += 1
    raise AssertionError(f"an alternative with no non-ASCII-only class: {branch}")


PROVEN = (
    hashlib.sha256(Path(ftfy.badness.__file__).read_bytes()).hexdigest()
    == mojibake.PROVEN_BADNESS_SHA256
)
proven_only = pytest.mark.skipif(
    not PROVEN,
    reason=(
        f"ftfy {ftfy.__version__}'s badness.py is not the one PROVEN_BADNESS_SHA256 names "
        "(6.3.1's): the judge is ftfy's own is_bad on whole texts; to have the windowed "
        "judge again, read its BADNESS_RE, run these checks on it and update the digest"
    ),
)
pytestmark = proven_only


@pytest.mark.parametrize("digest", [mojibake.PROVEN_BADNESS_SHA256, "0" * 64])
def test_the_judge_is_windowed_only_for_the_proven_module(
    digest: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = mojibake.PROVEN_BADNESS_SHA256  # the installed file's (PROVEN)
    monkeypatch.setattr(mojibake, "PROVEN_BADNESS_SHA256", digest)
    judge = mojibake._badness_alone()
    assert judge is not None
    windowed = judge.__qualname__ == "_windowed.<locals>.is_bad"
    assert windowed == (digest == installed)


def test_every_match_starts_at_most_two_characters_before_a_non_ascii_one() -> None:
    (op, (_, branches)), *rest = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert op is sre_constants.BRANCH and not rest
    furthest = [_furthest_non_ascii_class(branch) for branch in branches]
    assert max(furthest) == 2  # [a-z]\s?[ÃÂ][ ]
    # Nothing looks before a start: no look-behind, no \b or \B.
    assert "(?<" not in BADNESS_RE.pattern and "\\b" not in BADNESS_RE.pattern.lower()


def test_no_match_is_longer_than_the_search_window_allows() -> None:
    # A search that stops _LONGEST_MATCH - 1 after its last start sees its matches
    # whole; nothing looks past a match's end (no look-ahead, no $ or \Z).
    _, longest = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()
    assert longest == mojibake._LONGEST_MATCH
    for end in ("(?=", "(?!", "$", "\\Z"):
        assert end not in BADNESS_RE.pattern


def _classes_characters() -> list[str]:
    """Every character the expression names, ranges included (the letters of mojibake)."""
    found: set[str] = set()
    for char in BADNESS_RE.pattern:
        if ord(char) > 127:
            found.add(char)
    for low, high in re.findall(r"(.)-(.)", BADNESS_RE.pattern):
        if ord(low) > 127 and ord(high) - ord(low) < 400:
            found.update(chr(c) for c in range(ord(low), ord(high) + 1))
    return sorted(found)


# Three kinds of character drawn alike often: ASCII that alternatives start with or
# end on, the characters that mojibake alternatives are made of, and any character the
# expression names, so that matches (and near misses) sit among ASCII words.
_CHARACTER = st.one_of(
    st.sampled_from(list("az Z.,?!\t\n1#")),
    st.sampled_from(list("ÃÂØÙÐÎ×à√≈‚ВГРСўЂβ€ΒΓΞΟāŒœ°\xa0€™«»…é")),
    st.sampled_from(_classes_characters()),
)
_WORD = st.text(st.sampled_from(_ASCII), max_size=8)
# Matches of the expression itself (Hypothesis writes them from its parse), each one
# of its alternatives, which pieces before and after may undo or leave alone.
_MATCH = st.from_regex(BADNESS_RE, fullmatch=True)


def _ftfy(text: str) -> bool:
    return bool(BADNESS_RE.search(text))


def _padded(text: str) -> list[str]:
    """The text, then with plain ASCII after it and before it, enough that the judge
    takes it a cluster at a time rather than searching it whole (``_DENSE``)."""
    added = len(text.encode("utf-8", "surrogatepass")) - len(text)
    padding = ("plain words, " * (added * mojibake._DENSE // 13 + 1))[: added * mojibake._DENSE]
    variants = [text, text + padding, padding + text]
    for sparse in variants[1:]:
        sparse_added = len(sparse.encode("utf-8", "surrogatepass")) - len(sparse)
        assert sparse_added * mojibake._DENSE <= len(sparse)
    return variants


@settings(max_examples=1500)
@given(
    st.lists(st.one_of(st.text(_CHARACTER, max_size=6), _WORD, _MATCH), max_size=12).map("".join)
)
@example("1Ã ")  # ^[ÃÂ][ ] only at the text's beginning
@example("ab Ã ")  # [a-z]\s?[ÃÂ][ ], the latest non-ASCII class
@example("a\tÂ ")
@example("xÐ”A")  # [a-zA-Z] then a Greek or Cyrillic letter
@example("ГўВЂВ™ a")  # the longest match
def test_same_answer_as_the_whole_search(text: str) -> None:
    for variant in _padded(text):
        assert mojibake.load()(variant) == _ftfy(variant), variant


@given(st.text(max_size=60))
def test_same_answer_on_any_text(text: str) -> None:
    for variant in _padded(text):
        assert mojibake.load()(variant) == _ftfy(variant), variant


@settings(max_examples=500)
@given(st.lists(st.one_of(st.text(_CHARACTER, min_size=6, max_size=14), _MATCH), max_size=3))
@example(["ЖЖЖЖЖЖЖЖЖЖ", "ГўВЂВ™ a"])  # the longest match, after a long run
@example(["ЖЖЖЖЖЖЖЖЖЖЖ.é\x9c"])
def test_same_answer_with_long_runs_among_ascii(pieces: list[str]) -> None:
    # Runs past _FEW_STARTS: one search each.
    for variant in _padded(" ".join(pieces)):
        assert mojibake.load()(variant) == _ftfy(variant), variant


def test_windowed_judge_tries_fewer_starts() -> None:
    # A long ASCII stretch around one bad pair: found, and ASCII alone is fine.
    padding = "plain words " * 500
    assert mojibake.load()(padding + "dÃ©jÃ " + padding)
    assert not mojibake.load()(padding + "déjà" + padding)
