"""python-slugify's ``slugify``, told once which transliteration library it uses.

Left to choose (``backend="auto"``), python-slugify tries to import Unidecode for every
text that is not ASCII, and falls back to text-unidecode; where Unidecode is not
installed that failed import searches ``sys.path`` each time: about 90 µs a call, 16
times the slugging itself, which a blog whose slugs are Cyrillic, Greek or CJK pays for
every item. The same choice made once, here, gives the same slugs.
"""

from __future__ import annotations

import re
from importlib import import_module
from importlib.util import find_spec
from typing import Literal

from slugify import slugify as _slugify

BACKEND: Literal["unidecode", "text-unidecode"] = (
    "unidecode" if find_spec("unidecode") is not None else "text-unidecode"
)
"""What ``backend="auto"`` picks: Unidecode when installed, text-unidecode otherwise."""


def slugify(
    text: str, *, max_length: int = 0, regex_pattern: re.Pattern[str] | str | None = None
) -> str:
    """``slugify.slugify`` with its defaults and the backend chosen once."""
    return _slugify(text, max_length=max_length, regex_pattern=regex_pattern, backend=BACKEND)


def load_backend() -> None:
    """Import the transliteration library now: python-slugify imports it on the first text
    that is not ASCII (the same module, ``BACKEND``'s, from then on). text-unidecode builds
    its table as it is imported (28 M instructions): the Markdown writer loads it in the
    process that forks the render workers (``writers.markdown.workers``), once, not in
    each worker."""
    import_module(BACKEND.replace("-", "_"))
