"""Items a file repeats from an earlier file of the same export (``reader.chain``).

``wp export`` writes the menu items into every file it cuts a site into, and files cut
by a splitter may overlap: such a copy is read, and left out (counted as excluded,
"repeated in an earlier file"); when it differs from the first copy, which is the one
written, a warning names both (WXR114).

What is a repeat is decided by the index pass, which reads every file before any item
is transformed: for each id, the file and line of its first copy and a digest of it
(``Export.digests``), and for each later copy in another file whether its digest
differs. Both are tables of the run's scratch database, so memory does not grow with
the export, and the workers that transform parts of a file read them (the shared,
read-only copy) as the main process does. A later copy is one in a *later file*: an id
twice in one file is that file's business (``wxr validate``'s WXR200), as it is today.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from wxr_tools.diagnostics import TYPE, Diagnostic, cut
from wxr_tools.model import Item
from wxr_tools.reader.chain import Chain
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch, id_key

REASON = "repeated in an earlier file"
"""Why a repeated item is left out, in the run report."""

Copy = tuple[int | str, int | None, bytes]
"""An item as the index pass saw it: its id key, its line, its digest."""


class Repeats:
    """The first copy of each id, over the files ``paths`` (the index pass fills it)."""

    def __init__(self, scratch: Scratch, paths: Sequence[str]) -> None:
        self.scratch = scratch
        self.paths = tuple(paths)
        self._first = scratch.table(
            "first_copies",
            "id PRIMARY KEY, file INTEGER NOT NULL, line INTEGER, digest BLOB",
            rowid=False,
        )
        self._differing = scratch.table(
            "differing_copies",
            "file INTEGER NOT NULL, id NOT NULL, line INTEGER NOT NULL, "
            "PRIMARY KEY (file, id, line)",
            rowid=False,
        )
        self._incoming = scratch.table("incoming_copies", "id NOT NULL, line INTEGER, digest BLOB")

    def add(self, file: int, copies: Iterable[Copy]) -> None:
        """The copies the index pass read in a part of file number ``file``, in order
        (the parts of one file, and the files, in order too)."""
        db = self.scratch.db
        db.executemany(f"INSERT INTO {self._incoming} VALUES (?, ?, ?)", copies)
        # Compared with the first copies of earlier files only: an id twice in this
        # file is not a repeat of an earlier file.
        db.execute(
            f"INSERT OR IGNORE INTO {self._differing} "
            f"SELECT ?, i.id, coalesce(i.line, 0) FROM {self._incoming} i "
            f"JOIN {self._first} f ON f.id = i.id WHERE f.file < ? AND f.digest IS NOT i.digest",
            (file, file),
        )
        db.execute(
            f"INSERT OR IGNORE INTO {self._first} "
            f"SELECT id, ?, line, digest FROM {self._incoming} ORDER BY rowid",
            (file,),
        )
        db.execute(f"DELETE FROM {self._incoming}")

    def first(self, item_id: int) -> tuple[int, int | None] | None:
        """The file number and the line of the first copy of ``item_id``."""
        row = self.scratch.db.execute(
            f"SELECT file, line FROM {self._first} WHERE id = ?", (id_key(item_id),)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def first_copy(self, item_id: int) -> tuple[int, int | None, bytes | None] | None:
        """The file number, the line and the digest of the first copy of ``item_id``."""
        row = self.scratch.db.execute(
            f"SELECT file, line, digest FROM {self._first} WHERE id = ?", (id_key(item_id),)
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def path_of(self, item_id: int | None) -> str | None:
        """The file the (written) item ``item_id`` comes from: its first copy's."""
        found = None if item_id is None else self.first(item_id)
        return None if found is None else self.paths[found[0]]

    def differs(self, file: int, item_id: int, line: int | None) -> bool:
        row = self.scratch.db.execute(
            f"SELECT 1 FROM {self._differing} WHERE file = ? AND id = ? AND line = ?",
            (file, id_key(item_id), line or 0),
        ).fetchone()
        return row is not None

    def where(self, first: tuple[int, int | None]) -> str:
        """How a message names the first copy: its file, and its line."""
        earlier, line = first
        return self.paths[earlier] + (f" line {line}" if line is not None else "")

    def skip(self, items: Iterable[Item], file: int, report: RunReport) -> Iterator[Item]:
        """``items`` of file number ``file`` but the repeats of an earlier file."""
        return (item for item in items if not self.left_out(item, file, report))

    def left_out(self, item: Item, file: int, report: RunReport) -> bool:
        """Whether ``item``, of file number ``file``, repeats an item of an earlier file:
        if so it is counted as read and excluded (and warned about when it differs)."""
        found = None if item.id is None else self.first(item.id)
        if found is None or found[0] >= file:
            return False
        assert item.id is not None  # found
        report.items_read += 1
        report.comments_read += len(item.comments)
        report.exclude_item(REASON, len(item.comments))
        if self.differs(file, item.id, item.line):
            report.add(self._warning(item, file, found))
        return True

    def _warning(self, item: Item, file: int, first: tuple[int, int | None]) -> Diagnostic:
        message = (
            f"{cut(item.type, TYPE) or 'item'} {item.id} was read from {self.where(first)} "
            "already, with a different content: this copy is left out, the first one is written"
        )
        return Diagnostic(
            code="WXR114", message=message, path=self.paths[file], line=item.line, item_id=item.id
        )


def items_once(chain: Chain, repeats: Repeats, report: RunReport) -> Iterator[Item]:
    """The items of the files of ``chain``, but those a file repeats from an earlier one
    (counted in ``report``, and told when they differ: ``Repeats.left_out``)."""
    return (item for item in chain if not repeats.left_out(item, chain.file, report))
