"""Scratch tables on disk: cross-item state that must not grow in memory with the export.

The index, the site map, the markdown writer's path registry and the redirect map all
keep something per item. In dicts that costs a few KB an item (300 MB at 100k posts);
here it lives in a SQLite database in a temporary file, with a small page cache, so
memory stays flat at any size and the operating system's file cache does the rest.

The data is rebuilt on every run, so nothing in it needs to survive a crash: no
journal, no syncing, and one transaction that is never committed (a commit would only
write pages out early). The file is deleted by ``close``, by ``with``, and otherwise
when the object is collected or the interpreter exits, even after an error.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
import weakref
from types import TracebackType

CACHE_KIB = 4096
"""SQLite's page cache, per database: lookups that miss it read the OS's file cache."""


class Scratch:
    """A SQLite database in a temporary file, deleted when closed."""

    def __init__(self, cache_kib: int = CACHE_KIB) -> None:
        self.folder = tempfile.mkdtemp(prefix="wxr-tools-")
        self.path = os.path.join(self.folder, "scratch.sqlite")
        try:
            # Any thread may be the one that collects this object and closes the file.
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.db = db
        self._close = weakref.finalize(self, _remove, db, self.folder, os.getpid())
        db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        db.execute("PRAGMA temp_store = FILE")
        db.execute("BEGIN")
        self._names = itertools.count(1)

    def table(self, stem: str, columns: str, *, rowid: bool = True) -> str:
        """Create a table of a name no other user of this database has; return the name.

        ``rowid=False`` for tables keyed by their primary key only (smaller, one lookup).
        """
        name = f"{stem}_{next(self._names)}"
        self.db.execute(f"CREATE TABLE {name} ({columns}){'' if rowid else ' WITHOUT ROWID'}")
        return name

    @property
    def closed(self) -> bool:
        return not self._close.alive

    def close(self) -> None:
        """Close the database and delete its file (again: nothing happens)."""
        self._close()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def id_key(item_id: int | None) -> int | str | None:
    """An id as SQLite stores it: an int, or text past SQLite's 64-bit integers
    (an export may say anything; a dict took any int)."""
    if item_id is None or -(2**63) <= item_id < 2**63:
        return item_id
    return str(item_id)


def _remove(db: sqlite3.Connection, folder: str, owner: int) -> None:
    if os.getpid() != owner:
        return  # a forked worker (the markdown writer's pool): the file is its parent's
    try:
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
