"""ftfy's judge of mojibake (``ftfy.badness.is_bad``), without importing all of ftfy.

Importing the ``ftfy`` package imports all of it: its character tables, its fixers
and wcwidth (terminal display widths), about four times what its ``badness`` module
costs on its own (some 300 M instructions against 75 M, more than a small export's
whole conversion). Judging a text needs only that module, which imports nothing but
``re`` and ``warnings``; most texts that reach the judge are judged fine, so the rest of
ftfy is imported only to repair one (``fix_encoding``, imported where it is called).

The module is loaded from ftfy's own file under a private name, so it is ftfy's code
and ftfy's answer; where ftfy is laid out otherwise, the package is imported as usual.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from typing import cast

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
    return cast(Callable[[str], bool], judge) if callable(judge) else None


def _from_package() -> Callable[[str], bool]:
    from ftfy.badness import is_bad as judge

    return judge
