"""The output directory: atomic writes, no needless rewrites, dry runs, and a marker.

* Every file is written to a temporary file in its own directory, then renamed over
  the target: a reader (or a crash) never sees half a file. An output that held
  nothing is written in a hidden folder instead, published when the run ends
  (``staging``): there, nobody looks, and files are written in place.
* A file whose bytes would not change is not written at all, so its modification time
  stays and a re-run on unchanged input touches nothing (site generators and ``rsync``
  then see nothing to do).
* ``--dry-run`` prints what would be written (``create``, ``update`` or ``unchanged``
  and the path) on standard output and writes nothing.
* ``.wxr-tools.json`` lists every file wxr_tools wrote there. An existing directory that
  is not empty and has no marker belongs to someone else: it is refused unless
  ``--force``, so a mistyped ``-o`` never scribbles over a real site.
* The site skeleton (configuration, layouts) is the user's to edit: a skeleton file is
  written when missing, and kept otherwise, unless it is exactly what a run wrote (the
  marker keeps a digest of each, ``skeleton``): a file nobody edited gets this
  version's, which the pages this version writes may need (a layout's new filter).
  The others (edited, or from a version whose marker had no digests) are kept and named
  (``kept_message``); ``--refresh-skeleton`` replaces them too, a copy of each kept
  under ``.wxr-tools-orig/`` (outside every generator's input), never overwritten.

The lists of files (this run's, the previous run's) are tables in the run's scratch
database: a site of 100k posts has 200k files, and memory must stay flat. This run's is
a set while the run's tables are small (``scratch.Budget``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from sys import getsizeof
from typing import TextIO

from wxr_tools.diagnostics import UsageError
from wxr_tools.scratch import Scratch
from wxr_tools.writers.files import name_in
from wxr_tools.writers.markdown import staging
from wxr_tools.writers.markdown.marker import MARKER as MARKER
from wxr_tools.writers.markdown.marker import MARKER_VERSION as MARKER_VERSION
from wxr_tools.writers.markdown.marker import check_ours, marker_chunks, put_chunks
from wxr_tools.writers.markdown.marker import marker_text as marker_text
from wxr_tools.writers.markdown.paths import check_inside

HELD_PATH = 60
"""A path's memory besides its string (``scratch.Budget``): its slot in the set."""
BACKUPS = ".wxr-tools-orig"
"""Where ``--refresh-skeleton`` keeps the skeleton files it replaces (a dot folder:
Hugo, Jekyll, Eleventy and Astro read none at the site's root)."""


class Output:
    """Writes under one root directory; counts what it wrote, skipped and would write."""

    def __init__(
        self,
        root: str,
        *,
        dry_run: bool = False,
        force: bool = False,
        refresh_skeleton: bool = False,
        out: TextIO | None = None,
        scratch: Scratch | None = None,
    ) -> None:
        if root == "-" or not root:
            raise UsageError("--to markdown writes a directory: give one with -o DIR")
        self.root = os.path.abspath(root)
        self.home = self.root
        """The output directory (``root`` is a staging folder while the run writes in one)."""
        self.dry_run = dry_run
        self.out = out if out is not None else sys.stdout
        self.scratch = scratch if scratch is not None else Scratch()
        self._db = self.scratch.db
        self._written = self.scratch.table("written", "path TEXT PRIMARY KEY", rowid=False)
        """Every path this run wrote, or would write, or found unchanged."""
        self._unlisted: list[tuple[str]] = []
        """Paths not yet in ``_written``: inserted a thousand at a time, not one by one."""
        self._held_written: set[str] | None = set()
        """This run's paths while they are few (``scratch.Budget``), in memory only
        (nothing in ``_written``); None: the table has them all."""
        self._previous = self.scratch.table("previous", "path TEXT PRIMARY KEY", rowid=False)
        """The files the marker of the previous run lists."""
        self._held = self.scratch.table("held", "path TEXT NOT NULL, data BLOB NOT NULL")
        """Files whose writing waits for the end of the run (``hold``), in order."""
        check_ours(self.root, force)
        # A killed run's staging folder is no part of the output (``staging``).
        found = staging.entries(self.root, not dry_run) if os.path.isdir(self.root) else []
        self.fresh = not found
        """The directory held nothing when the run began: every file there is this run's."""
        self._published: str | None = None
        """While the run writes in a staging folder (``stage``): where it goes at the end."""
        self._made_root = False
        self._skeleton_before: dict[str, str] = {}
        """The digests of the skeleton files as the previous run left them."""
        self.skeleton: dict[str, str] = {}
        """This run's: each skeleton file that is still as a run wrote it."""
        self._add_previous(self._check_root() if found else [])
        self.created = self.updated = self.unchanged = 0
        self.skeleton_updated = 0
        """Skeleton files replaced by this version's: nobody had edited them."""
        self.refresh_skeleton = refresh_skeleton
        self.skeleton_kept: list[str] = []
        """Skeleton files kept that differ from this version's (edited, or older)."""
        self.skeleton_refreshed: list[str] = []
        """Such files replaced all the same (``--refresh-skeleton``), each backed up."""

    def _check_root(self) -> list[str]:
        """The files of the previous run, in a directory not empty."""
        marker = os.path.join(self.root, MARKER)
        if not os.path.isfile(marker):
            return []  # ``--force``: ``check_ours`` refused it otherwise
        try:
            with open(marker, encoding="utf-8") as f:
                data = json.load(f)
            files, skeleton = data.get("files", []), data.get("skeleton", {})
        except (OSError, ValueError, AttributeError):
            files, skeleton = [], {}
        if isinstance(skeleton, dict):
            self._skeleton_before = {
                k: v for k, v in skeleton.items() if isinstance(k, str) and isinstance(v, str)
            }
        return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []

    def stage(self) -> None:
        """Write in a staging folder from now on, published by ``finish`` (a fresh
        output only: nothing there to compare with, keep or back up)."""
        assert self.fresh and not self.dry_run and self._published is None
        self._made_root = not os.path.isdir(self.root)
        self._published, self.root = self.root, staging.make(self.root)

    def discard(self, error: BaseException | None = None) -> None:
        """The run failed or was interrupted (with ``error``): its staging folder goes,
        unpublished, and a file of it that ``error`` names is named where it was to go."""
        if self._published is not None:
            staging.discard(self.root, self._published, self._made_root)
            if error is not None:
                staging.rename_in(error, self.root, self._published)
            self.root, self._published = self._published, None

    def _add_previous(self, files: Iterable[str]) -> None:
        stream = iter(files)
        insert = f"INSERT OR IGNORE INTO {self._previous} VALUES (?)"
        while batch := [(f,) for f in islice(stream, 1000)]:
            self._db.executemany(insert, batch)

    def _add_written(self, path: str) -> None:
        held = self._held_written
        if held is not None:
            if path not in held:
                held.add(path)
                if self.scratch.held.spend(getsizeof(path) + HELD_PATH):
                    # Past the bound: every path to the table, which holds them from now on.
                    self._held_written = None
                    self._unlisted = [(held_path,) for held_path in held]
                    self._list_written()
            return
        self._unlisted.append((path,))
        if len(self._unlisted) >= 1000:
            self._list_written()

    def _list_written(self) -> None:
        """Insert the paths ``_add_written`` holds (before any query of ``_written``)."""
        if self._unlisted:
            insert = f"INSERT OR IGNORE INTO {self._written} VALUES (?)"
            self._db.executemany(insert, self._unlisted)
            self._unlisted = []

    def was_written(self, path: str) -> bool:
        """Whether this run wrote, would write, or found unchanged ``path``."""
        if self._held_written is not None:
            return path in self._held_written
        self._list_written()
        query = f"SELECT 1 FROM {self._written} WHERE path = ?"
        return self._db.execute(query, (path,)).fetchone() is not None

    def _was_previous(self, path: str) -> bool:
        query = f"SELECT 1 FROM {self._previous} WHERE path = ?"
        return self._db.execute(query, (path,)).fetchone() is not None

    def previous_under(self, folder: str) -> list[str]:
        """The files the previous run wrote in ``folder`` (not in its subfolders), sorted."""
        query = f"SELECT path FROM {self._previous} WHERE substr(path, 1, ?) = ? ORDER BY path"
        prefix = folder.rstrip("/") + "/"
        rows = self._db.execute(query, (len(prefix), prefix))
        return [path for (path,) in rows if "/" not in path[len(prefix) :]]

    def exists(self, path: str) -> bool:
        return os.path.isfile(target(self.root, path))

    def write(self, path: str, data: bytes, fresh: bool = False) -> str:
        """Write ``data`` at ``path`` unless it already holds exactly that; say what happened.

        ``fresh``: the directory held nothing when the run began (``put``)."""
        status = put(self.root, path, data, dry_run=self.dry_run, fresh=fresh)
        self.record(path, status)
        return status

    def record(self, path: str, status: str) -> None:
        """Account for a file written by ``put`` (here or in a worker process)."""
        self._add_written(path)
        if status == "unchanged":
            self.unchanged += 1
        elif status == "update":
            self.updated += 1
        else:
            self.created += 1
        if self.dry_run:
            print(f"{status:9} {path}", file=self.out)

    def hold(self, path: str, data: bytes) -> None:
        """Keep ``data`` for ``path`` until ``held`` hands it back (on disk, not in memory)."""
        self._db.execute(f"INSERT INTO {self._held} VALUES (?, ?)", (path, data))

    def held(self) -> Iterator[tuple[str, bytes]]:
        """The files ``hold`` kept, in the order they came, each once."""
        query = f"SELECT path, data FROM {self._held} ORDER BY rowid"
        for path, data in self._db.execute(query):
            yield path, bytes(data)
        self._db.execute(f"DELETE FROM {self._held}")

    def claim(self, path: str, status: str | None = None) -> None:
        """List a file placed by other means (media files) in the marker, uncounted.

        ``status`` is what a dry run prints for it (``create``, ``unchanged``).
        """
        self._add_written(check_inside(path))
        if self.dry_run and status is not None:
            print(f"{status:9} {path}", file=self.out)

    def write_if_absent(self, path: str, data: bytes) -> bool:
        """Write a file the user may edit (the site skeleton) when it is missing, or
        when it is still exactly as a run wrote it (then this version's replaces it);
        True when written. A file edited since is the user's: kept."""
        new = _digest(data)
        if not self.exists(path):
            self.write(path, data)
            self.skeleton[path] = new
            return True
        if self._was_previous(path):
            self._add_written(path)  # still ours
        with open(target(self.root, path), "rb") as f:
            now = _digest(f.read())
        if now == new:  # as this version writes it (a site from before digests too)
            self.skeleton[path] = new
            return False
        if now != self._skeleton_before.get(path):
            # Edited since a run wrote it, or from before digests: theirs, unless asked.
            if not self.refresh_skeleton:
                self.skeleton_kept.append(path)
                return False
            self._back_up(path)
            self.skeleton_refreshed.append(path)
        else:
            self.skeleton_updated += 1
        self.write(path, data)
        self.skeleton[path] = new
        return True

    def _back_up(self, path: str) -> None:
        """A copy of the skeleton file ``path`` under ``BACKUPS``; a copy there already
        (an earlier refresh) is kept, and this one numbered (``.2``...)."""
        with open(target(self.root, path), "rb") as f:
            data = f.read()
        backup, n = f"{BACKUPS}/{path}", 1
        while os.path.exists(target(self.root, backup)):
            with open(target(self.root, backup), "rb") as f:
                if f.read() == data:
                    return  # this very copy is kept already
            n += 1
            backup = f"{BACKUPS}/{path}.{n}"
        put(self.root, backup, data, dry_run=self.dry_run)
        if self.dry_run:
            print(f"{'backup':9} {backup}", file=self.out)

    def kept_message(self) -> str | None:
        """One line naming the skeleton files kept that differ from this version's."""
        if not self.skeleton_kept:
            return None
        return (
            f"skeleton files kept, not as this version writes them (edited, or from an "
            f"older wxr_tools; new pages may need what they lack): "
            f"{', '.join(self.skeleton_kept)}; --refresh-skeleton replaces them, "
            f"keeping a copy of each in {BACKUPS}/"
        )

    def stale(self) -> list[str]:
        """Files an earlier run wrote that this run did not: kept, and still listed."""
        held = self._held_written
        if held is not None:
            query = f"SELECT path FROM {self._previous} ORDER BY path"
            return [p for (p,) in self._db.execute(query) if p not in held and self.exists(p)]
        self._list_written()
        query = (
            f"SELECT path FROM {self._previous} WHERE path NOT IN "
            f"(SELECT path FROM {self._written}) ORDER BY path"
        )
        return [p for (p,) in self._db.execute(query) if self.exists(p)]

    def finish(self) -> None:
        """Write the marker: every file of this run, and those of earlier runs still there."""
        if self.dry_run:
            return
        for path in self.stale():
            self._add_written(path)
        self._list_written()
        # Sorted by SQLite: BINARY order on UTF-8 is code point order, as sorted() gives
        # (the paths held: a path SQLite takes is valid UTF-8, which has no surrogates).
        held = self._held_written
        query = f"SELECT path FROM {self._written} ORDER BY path"
        files = iter(sorted(held)) if held is not None else (p for (p,) in self._db.execute(query))
        # Streamed: a site of 100k posts lists 200k files (a 15 MB marker).
        chunks = marker_chunks(files, self.skeleton)
        put_chunks(target(self.root, MARKER), (text.encode("utf-8") for text in chunks))
        if self._published is not None:
            staging.publish(self.root, self._published, MARKER)
            self.root, self._published = self._published, None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def target(root: str, path: str) -> str:
    """The file system path of ``path`` (POSIX, relative) under ``root``, checked."""
    check_inside(path)
    if _SLASH_SEP and "//" not in path and path[:1] != "/" and root[-1:] != "/":
        # What the join below gives when no segment is empty and the root has no
        # trailing slash (``abspath``'s, but "/"): the segments joined by "/" again.
        return f"{root}/{path}"
    return os.path.join(root, *path.split("/"))


def _located(root: str, path: str) -> tuple[str, str, str]:
    """``target(root, path)``, its directory and its name (``os.path.split``)."""
    file = target(root, path)
    if _SLASH_SEP and "//" not in path and root[-1:] != "/":
        # A checked path has no empty segment, so the file's last "/" is the one
        # before its name, with none before it: where ``os.path.split`` cuts, once.
        directory, _, name = file.rpartition("/")
        return file, directory, name
    return (file, *os.path.split(file))


_SLASH_SEP = os.sep == "/"


def put(root: str, path: str, data: bytes, *, dry_run: bool, fresh: bool = False) -> str:
    """Write ``data`` at ``path`` under ``root`` unless it holds exactly that already.

    Returns ``create``, ``update`` or ``unchanged``. Keeps no state but a memo of the
    directories that exist, so worker processes call it too; two calls never write the
    same path (paths are distinct by design). ``fresh``: ``root`` is a staging folder
    (``Output.stage``), or a dry run's output that held nothing: no file is there to
    compare with, and nobody reads one half written.
    """
    file, directory, name = _located(root, path)
    if (
        not dry_run
        and directory not in _directories
        and _make_directory(directory, root if fresh else None)
    ):
        # A directory this call made holds no file: nothing to compare with (most
        # items have a directory of their own, so this saves a failed open each).
        status = "create"
    elif fresh:
        status = "create"
    else:
        try:
            with open(file, "rb") as f:
                if f.read() == data:
                    return "unchanged"
            status = "update"
        except FileNotFoundError:
            status = "create"
    if dry_run:
        return status
    if fresh:
        _create(file, data, directory, root)
    else:
        _replace(file, data, directory, name)
    return status


_process: list[int] = []
"""This process's id, once asked (a worker forked from this process asks again)."""


def _pid() -> int:
    """``os.getpid()``, a system call, asked once a process: the temporary files' names
    hold it, and a process writes thousands."""
    if not _process:
        _process.append(os.getpid())
    return _process[0]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_process.clear)


_directories: set[str] = set()
"""Directories known to exist in this process: each is made (or found) once, not once
per file (a ``mkdir`` costs as much as writing a small file)."""
_MAX_DIRECTORIES = 4096


def _make_directory(directory: str, floor: str | None = None) -> bool:
    """Make ``directory`` and its parents; whether this call made it (or a parent).

    ``floor``: a staging folder; if it is gone (the run failed, and the folder was
    removed while a worker still wrote), it is not made again."""
    if len(_directories) >= _MAX_DIRECTORIES:
        _directories.clear()  # a long-lived process writing many sites: start afresh
    try:
        os.mkdir(directory)
        made = True
    except FileExistsError:
        if not os.path.isdir(directory):
            raise
        made = False
    except FileNotFoundError:
        # Missing parents; another process may be making the same ones (exist_ok).
        # Either way the directory did not exist a moment ago.
        if floor is not None and not os.path.isdir(floor):
            raise
        os.makedirs(directory, exist_ok=True)
        made = True
    _directories.add(directory)
    return made


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
"""How a temporary file is opened: a new file, never one already there."""


def _replace(file: str, data: bytes, directory: str, name: str) -> None:
    """Write ``data`` at ``file`` (in ``directory``, named ``name``) through a temporary file."""
    # A temporary name of our own (hidden, per process) instead of mkstemp's random one:
    # O_EXCL still refuses to reuse a file, and this halves the cost of a write.
    tmp = f"{directory}{os.sep}.{name}.{_pid()}.wxr-tmp"
    try:
        fd = os.open(tmp, _NEW_FILE, 0o644)
    except FileNotFoundError:
        # The directory went away since it was made (an earlier run's, removed).
        _directories.discard(directory)
        os.makedirs(directory, exist_ok=True)
        fd = os.open(tmp, _NEW_FILE, 0o644)
    try:
        _write_all(fd, data)
        os.replace(tmp, file)
    except BaseException as e:
        os.unlink(tmp)
        name_in(e, file)
        raise


def _create(file: str, data: bytes, directory: str, root: str) -> None:
    """Write ``data`` at ``file`` (in ``directory``) in the staging folder ``root``: in
    place, nobody reads it before the run ends; a file there already (a path this run
    wrote before) is replaced as anywhere else."""
    try:
        fd = os.open(file, _NEW_FILE, 0o644)
    except FileExistsError:
        _replace(file, data, directory, os.path.basename(file))
        return
    except FileNotFoundError:
        _directories.discard(directory)
        _make_directory(directory, root)
        fd = os.open(file, _NEW_FILE, 0o644)
    try:
        _write_all(fd, data)
    except BaseException as e:
        os.unlink(file)  # never half a file, even unseen
        name_in(e, file)
        raise


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` to the new file ``fd``, and close it."""
    try:
        # os.write, not a file object: no buffer, and none of the fstat, ioctl
        # and lseek calls that opening one adds to each file.
        written = os.write(fd, data)  # all of it, nearly always
        if written < len(data):
            view = memoryview(data)[written:]
            while view:
                view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
