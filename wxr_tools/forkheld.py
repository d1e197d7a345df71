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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from wxr_tools.scratch import Scratch

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


@dataclass
class BlobCopy:
    """How a holder's rows reach the database's copy for other processes while only its
    dicts have them (the index's entries, the site map's keys): before each copy
    (``Scratch.before_share``) they are written marshalled, in parts, to a table of
    their own, and a process that did not inherit the dicts reads them back from there.
    A thousandth of writing them as rows; rewritten only when rows came since
    (``stale``). Pickled with its holder: ``in_copy`` then tells whether the copy the
    other process reads has them as a blob."""

    name: str
    """The blob table's name (``Scratch.table``'s stem)."""
    table: str = ""
    stale: bool = True
    """Rows came since the blob was last written (the holder sets it)."""
    in_copy: bool = False
    """The latest copy has the rows as a blob, not in the holder's tables."""

    def write(self, scratch: Scratch, parts: Callable[[], Iterable[bytes]] | None) -> None:
        """Before a copy: the rows as ``parts()`` gives them, when it is given (None: the
        tables have the rows, or the dicts are gone)."""
        self.in_copy = parts is not None
        if parts is None or not self.stale:
            return
        db = scratch.db
        if not self.table:
            self.table = scratch.table(self.name, "part INTEGER PRIMARY KEY, data BLOB NOT NULL")
        db.execute(f"DELETE FROM {self.table}")
        db.executemany(f"INSERT INTO {self.table} (data) VALUES (?)", ((p,) for p in parts()))
        self.stale = False

    def read(self, scratch: Scratch) -> Iterator[bytes]:
        """The parts ``write`` wrote, in order (in a process that reads the copy)."""
        query = f"SELECT data FROM {self.table} ORDER BY part"
        return (data for (data,) in scratch.db.execute(query))
