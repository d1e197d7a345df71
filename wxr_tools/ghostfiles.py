"""The names Ghost stores uploaded files under, so that no link depends on its renaming.

Ghost's storage adapter (``ghost-storage-base``'s ``StorageBase``, which its local
storage and its importer use) keeps a file's folder but not always its name: every
character of the name before its extension that is not an ASCII letter, a digit, ``_``,
``@`` or ``.`` becomes ``-``, once per UTF-16 code unit (``QQ截图1.png`` →
``QQ--1.png``, ``bière.jpg`` → ``bi-re.jpg``, an emoji gives ``--``); the extension
(from the last dot, as Node's ``path.extname``: none for ``.htaccess``) is kept as it
is, case included, unless it is all digits (``notes.2``), when the whole name is
sanitized and counts as having none. A name the folder has already gets ``-1``,
``-2``… before its extension (after the name when it has none). The importer points the
links inside the posts it imports to the new name, but not our redirect map's targets,
nor links the importer does not rewrite; and two names that sanitize to the same one in
one import are numbered by a race (both are looked up before either is saved), so the
posts' links may name the wrong one.

So the Ghost writer names each file as Ghost would store it, in the zip, in every URL
(posts, feature images, redirects) and in the folder of files to copy by hand: Ghost
then keeps the names as they are. A name Ghost keeps is never changed (the same bytes
as before); a renamed one that another file of its folder has (or has but for case: a
case-insensitive disk would have Ghost number it) is numbered as Ghost would:
``bi-re-1.jpg``. ``GhostFiles`` decides those from the index, in export order (the
attachments' files), wherever it is asked (the links transform, a worker, the writer),
so every copy gives the same answer.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from wxr_tools.urlparts import VARIANT

if TYPE_CHECKING:
    from wxr_tools.index import Entry, Index
    from wxr_tools.scratch import Scratch

_REPLACED = re.compile(r"[^A-Za-z0-9_@.]")
"""What Ghost replaces in a name: all but JavaScript's ``\\w`` (ASCII only, without the
``u`` flag), ``@`` and ``.``."""
_NUMERIC_EXTENSION = re.compile(r"\.[0-9]+")


def extension(name: str) -> str:
    """Node's ``path.extname`` of a file name: from its last dot, "" when it has none or
    only a leading one (``.htaccess``), "" for ``..``."""
    dot = name.rfind(".")
    if dot <= 0 or name == "..":
        return ""
    return name[dot:]


def _split(name: str) -> tuple[str, str]:
    """(what Ghost sanitizes, what it keeps) of a name: its stem and extension, or the
    whole name and "" when the extension is all digits (Ghost's "not an extension")."""
    ext = extension(name)
    if not ext or _NUMERIC_EXTENSION.fullmatch(ext):
        return name, ""
    return name[: -len(ext)], ext


def _sanitized(stem: str) -> str:
    # JavaScript replaces UTF-16 code units: a character past U+FFFF is two of them.
    return _REPLACED.sub(lambda m: "-" * (1 if ord(m.group()) < 0x10000 else 2), stem)


def stored_name(name: str) -> str:
    """A file name (no folder) as Ghost's storage stores it, before numbering."""
    stem, ext = _split(name)
    return _sanitized(stem) + ext


def stored_path(path: str) -> str:
    """A path under uploads with its file name as Ghost stores it, before numbering."""
    folder, name = posixpath.split(path)
    return posixpath.join(folder, stored_name(name))


def numbered_name(name: str, n: int) -> str:
    """``name`` (a stored name) with Ghost's ``-n`` before its extension."""
    stem, ext = _split(name)
    return f"{stem}-{n}{ext}"


def kept(path: str) -> bool:
    """Whether Ghost stores the file at ``path`` (under uploads) under its own name."""
    name = posixpath.basename(path)
    return stored_name(name) == name


class GhostFiles:
    """The path each file under uploads has once Ghost stored it (same folder).

    Learned in export order (``learn``, the attachments' files), then ``settle``: the
    names Ghost keeps are claimed first, so that none of them changes; then each name
    Ghost renames claims its stored name, or the first ``-n`` free in its folder.
    A file not learned (a resized copy linked, without ``[links] media_originals``) is
    named after its original's new name (``bi-re-1-300x200.jpg``), numbered past the
    names claimed; nothing is claimed for it, so every process gives the same answer.
    Kept in a scratch database, as the site map's tables are.
    """

    def __init__(self, scratch: Scratch) -> None:
        self._scratch = scratch  # its database lives as long as it does
        self._db = scratch.db
        taken = scratch.table("ghost_file_names", "key TEXT PRIMARY KEY", rowid=False)
        renamed = scratch.table("ghost_files", "path TEXT UNIQUE, name TEXT, n INTEGER")
        self._waiting = scratch.table("ghost_files_waiting", "path TEXT UNIQUE")
        self._take = f"INSERT OR IGNORE INTO {taken} VALUES (?)"
        self._taken = f"SELECT 1 FROM {taken} WHERE key = ?"
        self._set = f"INSERT OR IGNORE INTO {renamed} (path, name, n) VALUES (?, ?, ?)"
        self._get = f"SELECT name, n FROM {renamed} WHERE path = ?"
        self._wait = f"INSERT OR IGNORE INTO {self._waiting} VALUES (?)"
        self._numbered = f"SELECT path FROM {renamed} WHERE n > 0 ORDER BY rowid"

    @classmethod
    def of(cls, index: Index, file_of: Callable[[Entry], str]) -> GhostFiles:
        """The names of the files of every attachment of ``index`` (one pass over it);
        ``file_of``: an attachment's path under uploads (the site map's)."""
        files = cls(index.scratch)
        for entry in index.entries():
            if entry.type == "attachment":
                files.learn(file_of(entry))
        files.settle()
        return files

    def learn(self, path: str) -> None:
        if not path:
            return
        if kept(path):
            self._db.execute(self._take, (path.lower(),))
        else:
            self._db.execute(self._wait, (path,))

    def settle(self) -> None:
        """Name the files learned that Ghost renames (export order)."""
        waiting = self._db.execute(f"SELECT path FROM {self._waiting} ORDER BY rowid")
        for (path,) in waiting.fetchall():
            folder, name = posixpath.split(path)
            found, n = self._free(folder, stored_name(name))
            self._db.execute(self._take, (posixpath.join(folder, found).lower(),))
            self._db.execute(self._set, (path, found, n))
        self._db.execute(f"DELETE FROM {self._waiting}")

    def _free(self, folder: str, name: str) -> tuple[str, int]:
        """``name``, or its first ``-n`` that no file claimed has in ``folder``."""
        found, n = name, 0
        while self._db.execute(self._taken, (posixpath.join(folder, found).lower(),)).fetchone():
            n += 1
            found = numbered_name(name, n)
        return found, n

    def path(self, path: str, original: str = "") -> str:
        """Where Ghost stores the file at ``path`` under uploads (``2012/03/QQ--1.png``);
        ``original``: for a resized copy, its original's path."""
        if kept(path):
            return path
        row = self._db.execute(self._get, (path,)).fetchone()
        folder, name = posixpath.split(path)
        if row is not None:
            return posixpath.join(folder, str(row[0]))
        return posixpath.join(folder, self._variant(folder, name, original))

    def _variant(self, folder: str, name: str, original: str) -> str:
        """A file not learned: a resized copy of ``original`` is named after the name its
        original got (``bi-re-1-300x200.jpg``), anything else as Ghost would store it;
        numbered past the names claimed in either case."""
        base_folder, base = posixpath.split(original)
        found = VARIANT.search(name)
        ours = found is not None and name[: found.start()] == _split(base)[0]
        if original and found and ours and base_folder == folder:
            new_stem = _split(posixpath.basename(self.path(original)))[0]
            return self._free(folder, new_stem + name[found.start() :])[0]
        return self._free(folder, stored_name(name))[0]

    def numbered(self) -> list[tuple[str, str]]:
        """(path, stored name) of each file learned whose stored name another file had,
        in export order."""
        rows = self._db.execute(self._numbered).fetchall()
        return [(str(p), self.path(str(p))) for (p,) in rows]
