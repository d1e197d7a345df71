"""Scratch tables on disk: cross-item state that must not grow in memory with the export.

The index, the site map, the markdown writer's path registry and the redirect map all
keep something per item. In dicts that costs a few KB an item (300 MB at 100k posts);
here it lives in a SQLite database in a temporary file, with a small page cache, so
memory stays flat at any size and the operating system's file cache does the rest.

The data is rebuilt on every run, so nothing in it needs to survive a crash: no
journal, no syncing, and one transaction that is never committed (a commit would only
write pages out early). The database is SQLite's anonymous one (an empty file name):
SQLite deletes its file as soon as it has opened it, so nothing is left behind even
when the process is killed; its directory is ``$SQLITE_TMPDIR``, else ``$TMPDIR``, else
``/var/tmp`` or ``/tmp`` (``full_folders``). ``close``, ``with`` or collecting the object free it.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from wxr_tools.digits import is_number

CACHE_KIB = 4096
"""SQLite's page cache, per database: lookups that miss it read the OS's file cache."""
HELD_BYTES = 20 << 20
"""Memory the markdown writer's tables of one database (the paths, URLs and comments keys
handed out, the pages and aliases, the items placed for the menus, the files written)
may take together while they keep their rows in memory only (``Budget``). Each counts
its strings' ``getsizeof`` and a fixed cost a row for the rest: more than the objects
take (a string two tables hold is counted twice). A generated 10,000-post export to Hugo
counts 18.6 MB (``sys.getsizeof`` over the objects, each once: 14.7 MB), and the main
process's peak RSS went from 65 to 73 MB; 15,000 posts spill past the bound, 73 to 82
MB; 30,000, 75 to 79 MB (the index's and site map's dicts are at their bounds there)."""


class Budget:
    """Bytes that tables of one database may keep in memory instead, together.

    A table holds its rows in memory only (no statement, no query: a dict or a set
    answers) until the budget is spent; then it inserts them all into its table, which
    answers from then on, and each of the others does the same at its next row: memory
    stays flat at any size, and a small export never touches the database.
    """

    __slots__ = ("left",)

    def __init__(self, total: int) -> None:
        self.left = total

    def spend(self, size: int) -> bool:
        """Take ``size`` bytes; whether the budget is spent (the caller's rows go to disk)."""
        self.left -= size
        return self.left < 0


K = TypeVar("K")
R = TypeVar("R", bound=tuple[Any, ...])


def hold_row(rows: dict[K, R | list[R]], key: K, row: R) -> None:
    """Add ``row`` under ``key`` of a table held in memory (``Budget``) whose keys may
    repeat: a key's row alone (most keys), a list from its second row on (a list for
    each key would cost as much again)."""
    found = rows.get(key)
    if found is None:
        rows[key] = row
    elif isinstance(found, list):
        found.append(row)
    else:
        rows[key] = [found, row]


def held_rows(rows: dict[K, R | list[R]], key: K) -> list[R]:
    """The rows ``hold_row`` added under ``key``, in the order added."""
    found = rows.get(key)
    return [] if found is None else found if isinstance(found, list) else [found]


class Scratch:
    """A SQLite database in an anonymous temporary file (see the module docstring)."""

    def __init__(self, cache_kib: int = CACHE_KIB) -> None:
        # Any thread may be the one that collects this object and closes the file.
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self.db = db
        self._close = weakref.finalize(self, _close, db, os.getpid())
        db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        db.execute("PRAGMA temp_store = FILE")
        db.execute("BEGIN")
        self._names = itertools.count(1)
        self.held = Budget(HELD_BYTES)
        """What the writer's tables of this database may keep in memory (``Budget``)."""
        self.shared: str | None = None
        """The read-only copy ``share`` made for worker processes, if any."""
        self._shared_dir: weakref.finalize[Any, Any] | None = None
        self._folder = ""
        self._copies = 0
        self._shared_version = (0, 0)
        self._before_share: list[weakref.WeakMethod[Callable[[], None]]] = []
        _instances.add(self)

    def share(self) -> str:
        """A read-only copy of the database as it is now, for worker processes.

        An anonymous database has no name another process could open, and a forked
        connection must not be used (SQLite's rule), so the tables go to a named file
        that workers open read-only, without locks (``immutable``): the copy never
        changes. Pickling this object then gives a handle to the latest copy. A database
        changed since its last copy is copied again (the ``--lang`` pass shares the index,
        then the transforms in parts share its tables too); the copies, older ones
        included (their workers may still read them), are deleted with the database.
        Returns the copy's path.
        """
        for flush in self._before_share:
            write = flush()
            if write is not None:  # its owner is gone: nothing to write
                write()
        version = self._version()
        if self.shared is not None and version == self._shared_version:
            return self.shared
        if self._shared_dir is None:
            directory = run_folder()
            self._shared_dir = weakref.finalize(self, shutil.rmtree, directory, True)
            self._folder = directory
        self._copies += 1
        path = os.path.join(self._folder, f"shared-{self._copies}.db")
        self.db.execute("COMMIT")  # a backup copies committed pages only
        try:
            copy = sqlite3.connect(path)
            try:
                # The copy is of this run only (a crash leaves nothing to recover in it):
                # no rollback journal, no syncing. SQLite's defaults wrote a journal and
                # waited for the disk five times (fdatasync) while the workers, which
                # start once the copy is made, waited too.
                copy.execute("PRAGMA journal_mode = OFF")
                copy.execute("PRAGMA synchronous = OFF")
                self.db.backup(copy)
            finally:
                copy.close()
        finally:
            self.db.execute("BEGIN")
        self.shared = path
        self._shared_version = version
        return path

    def before_share(self, flush: Callable[[], None]) -> None:
        """Call ``flush`` (a bound method: held weakly, so that it keeps its owner alive
        no longer) before each copy ``share`` makes: a table that keeps its rows in
        memory only while this process alone reads them writes them then."""
        self._before_share.append(weakref.WeakMethod(flush))

    def _version(self) -> tuple[int, int]:
        """Changes to the rows and to the tables: what the last copy may lack."""
        schema = self.db.execute("PRAGMA schema_version").fetchone()[0]
        return self.db.total_changes, int(schema)

    def __reduce__(self) -> tuple[Any, ...]:
        if self.shared is None:
            raise TypeError("a scratch database is sent to another process only once shared")
        return (attach, (self.shared,))

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
        if self._shared_dir is not None:
            self._shared_dir()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


_instances: weakref.WeakSet[Scratch] = weakref.WeakSet()


def attach(path: str) -> Scratch:
    """The shared copy at ``path`` (see ``Scratch.share``), read-only, in this process."""
    scratch = Scratch.__new__(Scratch)
    db = sqlite3.connect(
        f"file:{path}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
    )
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    scratch.db = db
    scratch._close = weakref.finalize(scratch, _close, db, os.getpid())
    scratch._names = itertools.count(1)
    scratch.held = Budget(0)  # read-only: nothing is added to its tables
    scratch.shared = None  # a copy is not shared again: it cannot be written
    scratch._shared_dir = None
    scratch._folder = ""
    scratch._copies = 0
    scratch._shared_version = (0, 0)
    scratch._before_share = []
    return scratch


SHARED_PREFIX = "wxr-scratch-"
"""Shared copies (and spooled standard input: ``reader.spool``) live in
``$TMPDIR/wxr-scratch-<pid of the run>-<random>``."""


def run_folder() -> str:
    """A new folder in the temporary directory for files of this run that other processes
    open by name; its owner deletes it. Named so that ``sweep_shared`` deletes it once this
    process is gone; what killed runs left is deleted first."""
    sweep_shared(tempfile.gettempdir())
    return tempfile.mkdtemp(prefix=f"{SHARED_PREFIX}{os.getpid()}-")


def sweep_shared(directory: str) -> list[str]:
    """Delete the shared copies that runs killed before their end left in ``directory``.

    A run deletes its copy when it ends, even on an error or Ctrl-C, but a killed
    process (``kill -9``, out of memory) cannot: the next run that shares a database
    deletes what such runs left, known by the process id in the name being gone. A
    folder of a live process, of another user, or named otherwise is left alone.
    Returns the folders deleted.
    """
    swept: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return swept
    for name in names:
        pid_text = name[len(SHARED_PREFIX) :].split("-", 1)[0]
        if not name.startswith(SHARED_PREFIX) or not is_number(pid_text):
            continue
        path = os.path.join(directory, name)
        try:
            if os.stat(path).st_uid != _UID or _alive(int(pid_text)):
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        swept.append(path)
    return swept


_UID = os.getuid() if hasattr(os, "getuid") else 0  # Windows has no owners to compare


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or no such number: not ours to judge
    return True


def open_databases() -> int:
    """How many scratch databases are open in this process (tests check none is leaked)."""
    return sum(1 for scratch in list(_instances) if not scratch.closed)


INT_LOWEST, INT_HIGHEST = -(2**63), 2**63 - 1
"""SQLite's integers: an id beyond them is stored as text (``id_key``)."""


def id_key(item_id: int | None) -> int | str | None:
    """An id as SQLite stores it: an int, or text past SQLite's 64-bit integers
    (an export may say anything; a dict took any int)."""
    if item_id is None or INT_LOWEST <= item_id <= INT_HIGHEST:
        return item_id
    return str(item_id)


def _close(db: sqlite3.Connection, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked worker (a pool's): the file is its parent's
        db.close()


def full_folders(error: BaseException) -> list[str] | None:
    """The folders whose disk ``error`` says is full, when it is SQLite's full disk in a
    scratch database (the anonymous one, or a shared copy in ``run_folder``); else None.

    SQLite names no file in it, and the command's message would otherwise be an internal
    error: the user needs to know which folder to make room in, or to point TMPDIR at.
    """
    if not isinstance(error, sqlite3.Error):
        return None
    # A worker's error, pickled back to this process, keeps its code too.
    if getattr(error, "sqlite_errorcode", None) != sqlite3.SQLITE_FULL:
        return None
    # Where SQLite puts its anonymous files (its own order), then Python's, for the copies.
    candidates = [os.environ.get("SQLITE_TMPDIR"), os.environ.get("TMPDIR")]
    candidates += ["/var/tmp", "/usr/tmp", "/tmp"]
    sqlite_folder = next((c for c in candidates if c and os.path.isdir(c)), ".")
    folders = [sqlite_folder, tempfile.gettempdir()]
    return sorted({os.path.abspath(f) for f in folders})
