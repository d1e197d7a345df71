"""ftfy's judge of mojibake (``ftfy.badness.is_bad``), without importing all of ftfy.

Importing the ``ftfy`` package imports all of it: its character tables, its fixers
and wcwidth (terminal display widths), about four times what its ``badness`` module
costs on its own (some 300 M instructions against 75 M, more than a small export's
whole conversion). Judging a text needs only that module, which imports nothing but
``re`` and ``warnings``; most texts that reach the judge are judged fine, so the rest of
ftfy is imported only to repair one (``fix_encoding``, imported where it is called).

The module is loaded from ftfy's own file under a private name, so it is ftfy's code
and ftfy's answer; where ftfy is laid out otherwise, the package is imported as usual.

The judge is ftfy's one regular expression (``BADNESS_RE``), searched at every
character: some 2,800 instructions a character, for French text that reaches it (an
accent followed by "»" or "…") mostly spent on ASCII letters that cannot start a
match. ftfy's own expression is therefore tried only where a match can start (see
``_windowed``), with the same answer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from collections.abc import Callable
from typing import cast

PROVEN_BADNESS_SHA256 = "8ce47eb9c01f5fa2d38e650fe047474bde5537beba5971b722ca6b4079df6fd3"
"""SHA-256 of the ``badness.py`` (ftfy 6.3.1's) whose ``BADNESS_RE`` was read for
``_windowed``'s rule: every match starts at most two characters before a non-ASCII
one. Another file (a later ftfy) is judged by its ``is_bad``, on whole texts, until its
expression is checked again (tests/test_mojibake_windows.py checks it mechanically)."""

_CLUSTER = re.compile(r"[^\x00-\x7f](?:[\x00-\x7f]{0,2}[^\x00-\x7f])*")
"""Non-ASCII characters, with the ASCII ones between them when two or fewer ("déjà"
is one): the starts that need trying, found in one scan, in as few pieces as that."""
_DENSE = 8
"""A text with more than one non-ASCII character in this many (counted by the bytes
UTF-8 adds for them: at least one each) is searched whole: Greek, Cyrillic, Japanese,
where nearly every start needs trying anyway and the calls would cost more."""
_FEW_STARTS = 8
"""Up to this many starts in a row are each tried by a call of their own (a call costs
about two thirds of a start's try); more by one search, which also tries a few starts
past the last one: they cost less than the calls then."""
_LONGEST_MATCH = 7
"""The longest match of ftfy 6.3.1's expression (``ГўВЂВ.[A-Za-z ]``): a search that
ends this many characters minus one after its last start sees those starts' matches
whole."""

_judge: Callable[[str], bool] | None = None
"""``is_bad``, once loaded (the same function in every process: a cache, not state)."""


def is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``: whether the text looks like it holds mojibake."""
    judge = _judge if _judge is not None else load()
    return judge(text)


def load() -> Callable[[str], bool]:
    """Load the judge now (before forking worker processes that may judge text: a
    module loaded in the parent is inherited, one loaded in each worker is paid once
    per worker)."""
    global _judge
    if _judge is None:
        _judge = _badness_alone() or _from_package()
    return _judge


def _badness_alone() -> Callable[[str], bool] | None:
    """``is_bad`` of ftfy's badness module loaded on its own, or None if there is none."""
    package = importlib.util.find_spec("ftfy")
    if package is None or not package.submodule_search_locations:
        return None
    path = os.path.join(package.submodule_search_locations[0], "badness.py")
    spec = importlib.util.spec_from_file_location("wxr_tools._ftfy_badness", path)
    if spec is None or spec.loader is None or not os.path.isfile(path):
        return None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:  # a later ftfy whose badness module imports its package's own
        return None
    judge = getattr(module, "is_bad", None)
    if not callable(judge):
        return None
    pattern = getattr(module, "BADNESS_RE", None)
    if isinstance(pattern, re.Pattern) and _digest(path) == PROVEN_BADNESS_SHA256:
        return _windowed(pattern)
    return cast(Callable[[str], bool], judge)


def _digest(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def _windowed(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """``bool(pattern.search(text))`` (ftfy 6.3.1's ``is_bad``), trying only the starts
    where a match can begin.

    Each of the expression's alternatives has, at its start or one or two characters
    later, a character class of non-ASCII characters only (``[a-z]\\s?[ÃÂ][ ]`` the
    furthest); so every match starts at most two characters before a non-ASCII one,
    and no other start needs trying. ``match(text, start)`` is what the search tries at
    each start: ``^`` (only in ``^[ÃÂ][ ]``) still means the text's real beginning, and
    the match still sees the whole text after the start; the expression has no
    look-behind and no ``\\b``, which could look before it. ASCII stretches (most of a
    French text) are skipped at the speed of one regular-expression scan (``_CLUSTER``).
    Trying more starts than needed (the ASCII inside a cluster, or past its end) is
    harmless: any match found is one the whole search finds too.
    """
    match, search = pattern.match, pattern.search

    def is_bad(text: str) -> bool:
        if (len(text.encode("utf-8", "surrogatepass")) - len(text)) * _DENSE > len(text):
            return search(text) is not None
        for cluster in _CLUSTER.finditer(text):
            # Clusters are three ASCII characters apart at least: no start tried twice.
            first, end = cluster.span()
            starts = range(max(first - 2, 0), end)
            if len(starts) <= _FEW_STARTS:
                for start in starts:
                    if match(text, start):
                        return True
            elif search(text, starts.start, end + _LONGEST_MATCH - 1):
                return True
        return False

    return is_bad


def _from_package() -> Callable[[str], bool]:
    from ftfy.badness import is_bad as judge

    return judge
