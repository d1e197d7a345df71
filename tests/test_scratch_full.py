"""A full disk under the run's scratch database is said as such, naming the folder: SQLite's
error names no file, and it was reported as an internal error."""

from __future__ import annotations

import pickle
import re
import sqlite3
import tempfile
from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools import cli, scratch
from wxr_tools.exitcodes import TOOL_ERROR

MESSAGE = re.compile(
    r"wxr: (?P<where>.+): No space left on device "
    r"\(the run's scratch files; TMPDIR names another\)\n"
)


def _full_error() -> sqlite3.Error:
    """SQLite's own full-disk error: a database allowed one page more than it holds."""
    db = sqlite3.connect("")
    db.execute("CREATE TABLE t (x)")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(sqlite3.Error) as caught:
        db.executemany("INSERT INTO t VALUES (?)", ((b"x" * 4000,) for _ in range(10)))
    return caught.value


def test_a_full_database_names_the_temporary_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SQLITE_TMPDIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # Python's choice, asked again
    error = _full_error()
    assert error.sqlite_errorcode == sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    assert scratch.full_folders(error) == [str(tmp_path)]
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp_path / "sqlite"))
    (tmp_path / "sqlite").mkdir()
    assert scratch.full_folders(error) == sorted([str(tmp_path), str(tmp_path / "sqlite")])


def test_a_workers_copy_of_the_error_is_known_too() -> None:
    """A worker's error comes back pickled: it keeps SQLite's code."""
    copy = pickle.loads(pickle.dumps(_full_error()))
    assert scratch.full_folders(copy) == scratch.full_folders(_full_error()) is not None


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("no such table: t"),
        sqlite3.OperationalError("database or disk is full"),  # not SQLite's: no code
        OSError(28, "No space left on device"),
        RuntimeError("database or disk is full"),
    ],
)
def test_other_errors_are_not_a_full_scratch_disk(error: Exception) -> None:
    assert scratch.full_folders(error) is None


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_conversion_whose_scratch_disk_fills_says_so_and_leaves_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    workers: str,
) -> None:
    posts = [
        item(i, title=f"Post {i}", body="<p>" + "words " * 200 + "</p>") for i in range(1, 400)
    ]
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(*posts))
    monkeypatch.setenv("WXR_WORKERS", workers)
    made = scratch.Scratch.__init__

    def small(self: scratch.Scratch, *args: int) -> None:
        made(self, *args)  # the disk under it holds a few pages more than it starts with
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages + 8}")

    monkeypatch.setattr(scratch.Scratch, "__init__", small)
    root = tmp_path / "site"
    argv = ["convert", str(export), "--to", "markdown", "--flavor", "hugo", "-o", str(root)]
    assert cli.main(argv) == TOOL_ERROR
    message = MESSAGE.fullmatch(capsys.readouterr().err)
    assert message is not None
    assert message["where"].split(" and ") == scratch.full_folders(_full_error())
    assert not root.exists()
