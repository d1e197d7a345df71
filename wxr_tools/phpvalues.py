"""PHP-serialized meta values, read with phpserialize, tolerant of wrong byte counts.

WordPress stores arrays in meta and term descriptions with PHP's ``serialize``:
``a:1:{s:2:"en";s:5:"Hello";}``. Each ``s:N:`` counts UTF-8 *bytes*, so an export
whose line endings were converted after the fact (CR LF to LF or back: git's
autocrlf, an editor, FTP in text mode) no longer unserializes: PHP then gives up on
the whole value. ``unserialize`` tries phpserialize as is, and when that fails
recomputes each string's length from where its closing ``";`` really is, then tries
again. Only string lengths are repaired; anything else broken gives None.
"""

from __future__ import annotations

import re
from typing import Any

import phpserialize

# The start of a string token; its length is the only number that damage changes. A
# length of more than 18 digits is none (int() refuses thousands): the value stays broken.
_STRING_START = re.compile(rb's:([0-9]{1,18}):"')
# What may follow a string's closing `";`: another token, the end of an array, or the end.
_NEXT_TOKEN = re.compile(rb"(?:[sidbaOC]:|N;|b:|\}|$)")


def looks_serialized(value: str) -> bool:
    """A cheap test: serialized arrays and strings start like this."""
    return len(value) > 3 and value[1] == ":" and value[0] in "asidbO"


def unserialize(value: str) -> Any | None:
    """The PHP value as Python (arrays are dicts, strings are str), or None if unreadable."""
    text = value.strip()
    if not looks_serialized(text):
        return None
    data = text.encode("utf-8")
    try:
        return _loads(data)
    except Exception:  # phpserialize raises ValueError, but IndexError etc. on garbage
        pass
    fixed = recount(data)
    if fixed is None or fixed == data:
        return None
    try:
        return _loads(fixed)
    except Exception:
        return None


def _loads(data: bytes) -> Any:
    return phpserialize.loads(data, decode_strings=True, object_hook=phpserialize.phpobject)


def recount(data: bytes) -> bytes | None:
    """``data`` with every ``s:N:`` length set to the string's real byte length.

    A string whose declared length lands on its closing ``";`` is kept. Otherwise
    the closing ``";`` followed by a plausible next token that lies nearest to the
    declared end is taken: line-ending damage shifts lengths by a few bytes, so the
    nearest candidate is the right one even when the text itself holds ``";``.
    """
    out: list[bytes] = []
    pos = 0
    while True:
        m = _STRING_START.search(data, pos)
        if m is None:
            out.append(data[pos:])
            return b"".join(out)
        start = m.end()
        declared = int(m.group(1))
        end = start + declared
        if data[end : end + 2] != b'";' or not _NEXT_TOKEN.match(data, end + 2):
            found = _nearest_end(data, start, end)
            if found is None:
                return None
            end = found
        out.append(data[pos : m.start()])
        out.append(b's:%d:"' % (end - start))
        out.append(data[start:end])
        out.append(b'";')
        pos = end + 2


def _nearest_end(data: bytes, start: int, declared_end: int) -> int | None:
    best: int | None = None
    at = data.find(b'";', start)
    while at != -1:
        if _NEXT_TOKEN.match(data, at + 2) and (
            best is None or abs(at - declared_end) < abs(best - declared_end)
        ):
            best = at
        if at > declared_end and best is not None:
            break  # candidates only get farther from here on
        at = data.find(b'";', at + 1)
    return best


def string_map(value: Any) -> dict[str, Any]:
    """A PHP array as a dict with str keys (int keys become their digits)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items()}
