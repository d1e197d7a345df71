"""Tables kept in memory beside their SQLite copy, handed to forked workers for free.

The index's entries and the site map's keys live in the run's scratch database
(``scratch``) so that memory does not grow with the export; but a lookup there costs
a query (15-25 thousand instructions, a link that misses the memos pays two), and a
small export's tables fit in a few MB of dicts that answer it for a few hundred. So
the index and the site map keep a copy in dicts too, while the export is small
(``index.HELD_BYTES``, ``sitetables.HELD_BYTES``): past the bound they drop it and
ask the database only (their rows are written then: until then the database has them
only in the copies other processes read, as a blob of the dicts).

The workers that transform an export in parts are forked (``reader.forkpool``) once
the tables are built: they have the dicts already, in pages they share with this
process. Their job comes to them pickled, though (``parts``), and pickling the dicts
would send them whole to each worker. A ``Held`` pickles as a name instead: a process
forked from the one that made it finds it by that name (it inherited it); any other
process finds nothing and gets None, and asks the database, which answers the same
(tests compare every answer of both forms).
"""

from __future__ import annotations

import itertools
import os
import weakref
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_named: weakref.WeakValueDictionary[tuple[int, int], Held[object]] = weakref.WeakValueDictionary()
"""Every live ``Held`` of this process and of the process it was forked from, by name:
a weak mapping, so that it holds nothing its owner (an index, a site map) dropped."""
_numbers = itertools.count(1)


class Held(Generic[T]):
    """``value``, which pickles as a name that only this process and its forks know."""

    __slots__ = ("__weakref__", "name", "value")

    def __init__(self, value: T) -> None:
        self.value = value
        # The pid too: a forked process numbers its own from where its parent was.
        self.name = (os.getpid(), next(_numbers))
        _named[self.name] = self  # type: ignore[assignment]  # any Held

    def __reduce__(self) -> tuple[object, tuple[tuple[int, int]]]:
        return (_found, (self.name,))


def _found(name: tuple[int, int]) -> Held[object] | None:
    """The ``Held`` of that name, when this process is (a fork of) the one that made it."""
    return _named.get(name)


def shared_state(
    state: dict[str, Any], shared: str | None, added_under: str | None
) -> dict[str, Any]:
    """``state`` (a holder's ``__dict__``) as it goes to another process: without its
    ``_held`` when rows came after the copy other processes read was made (``shared``,
    the database's copy now; ``added_under``, the copy when rows were last added). They
    read that copy as it was shared, not what this process holds now."""
    state = state.copy()
    if shared == added_under:
        state["_held"] = None
    return state
