"""``html.unescape`` that never stops on a long numeric character reference.

Python's ``html.unescape``, ``html.parser`` and html2text read the digits of ``&#N;``
with ``int()``, which refuses more than 4300 of them (fewer with a lower
``PYTHONINTMAXSTRDIGITS``): a post, title or attribute holding ``&#`` and 5000 digits
stopped the run with an internal error. However many its digits, a decimal reference
past U+10FFFF stands for U+FFFD (the HTML standard; ``html.unescape`` agrees), and one
with leading zeros for the number without them. ``shortened`` writes such references so,
before anything reads them; every other text is returned as it is.
"""

from __future__ import annotations

import html
import re

# Eight digits or more: past U+10FFFF (seven digits), or leading zeros. html.unescape's
# own pattern takes every digit and an optional ";", so this one does too.
_LONG = re.compile(r"&#([0-9]{8,})(;?)")
_REPLACEMENT = 0xFFFD


def _short(m: re.Match[str]) -> str:
    digits = m[1].lstrip("0") or "0"
    return f"&#{digits if len(digits) <= 7 else _REPLACEMENT}{m[2]}"


def shortened(text: str) -> str:
    """``text`` with each decimal reference of eight digits or more written in seven or
    fewer, meaning the same character."""
    # "&" first: a scan for one character is several times faster than for two.
    return _LONG.sub(_short, text) if "&" in text and "&#" in text else text


def unescape(text: str) -> str:
    """``html.unescape(text)``, reading a reference of any length."""
    return html.unescape(shortened(text))
