"""A run holds a lock file in its staging folder while it lasts (``runlock``): a later
run removes a killed run's folder because its lock is free, on any system (Windows has
no harmless way to ask whether a process id is alive), and keeps one whose lock is held,
whatever its name says."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import SAMPLE, site, tree
from test_markdown_staging import _dead_pid, _no_leftovers
from test_staging_failures import DRIVER, _export

from wxr_tools.writers.markdown import runlock, staging
from wxr_tools.writers.markdown.output import MARKER


def _as_on_windows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No asking whether a process id is alive (``staging._ended``): the pids asked."""
    asked: list[str] = []

    def cannot_tell(pid: str) -> bool:
        asked.append(pid)
        return False

    monkeypatch.setattr(staging, "_ended", cannot_tell)
    return asked


def test_a_lock_is_held_while_it_lasts(tmp_path: Path) -> None:
    lock = str(tmp_path / runlock.NAME)
    assert runlock.over(lock) is None  # no file: nobody can tell
    fd, locked = runlock.hold(lock)
    assert locked and runlock.over(lock) is False
    assert Path(lock).read_bytes() == f"{os.getpid()}\n".encode()
    runlock.release(fd, locked)
    assert runlock.over(lock) is True
    os.unlink(lock)
    Path(lock).write_bytes(b"")  # made, not yet locked by its run: nobody can tell
    assert runlock.over(lock) is None


def test_a_forked_process_keeps_the_lock_of_a_run_killed(tmp_path: Path) -> None:
    """A worker that may still write keeps its run's folder its own."""
    lock = str(tmp_path / runlock.NAME)
    fd, _ = runlock.hold(lock)
    ready, go = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the worker
        os.read(ready, 1)
        os._exit(0)
    os.close(fd)  # the run is killed: its descriptor goes, unlocked
    assert runlock.over(lock) is False
    os.write(go, b"x")
    os.waitpid(child, 0)
    assert runlock.over(lock) is True
    os.close(ready)
    os.close(go)


def test_a_run_holds_its_lock_until_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    states: list[bool | None] = []
    publish = staging.publish

    def spy(folder: str, root: str, last: str) -> None:
        states.append(runlock.over(os.path.join(folder, runlock.NAME)))
        publish(folder, root, last)

    monkeypatch.setattr(staging, "publish", spy)
    site(SAMPLE, tmp_path / "site", flavor="hugo")
    assert states == [False]
    assert runlock.NAME not in tree(tmp_path / "site") and not staging._held
    _no_leftovers(tmp_path / "site")


def _rendering_run(export: Path, root: Path) -> subprocess.Popen[bytes]:
    """A run (in a session of its own, with two render workers) converting ``export``
    into ``root``, once its render pass has written a page into its staging folder."""
    run = subprocess.Popen(
        [sys.executable, "-c", DRIVER, "pool", str(export), str(root)],
        env={**os.environ, "WXR_WORKERS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any(root.glob(f"{staging.PREFIX}*/content/posts/*/index.*md")):
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    return run


def test_a_killed_runs_folder_is_removed_by_its_free_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed (every process of it) in the middle of its render pass: the next
    run, without asking whether a process is alive, removes its folder, and writes the
    same site as into a directory that never had one."""
    export = _export(tmp_path)
    root = tmp_path / "site"
    run = _rendering_run(export, root)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    (left,) = os.listdir(root)
    deadline = time.monotonic() + 10
    while runlock.over(str(root / left / runlock.NAME)) is False:  # its workers, dying
        assert time.monotonic() < deadline
        time.sleep(0.01)
    asked = _as_on_windows(monkeypatch)
    monkeypatch.setenv("WXR_WORKERS", "0")
    site(export, root, flavor="hugo")
    assert asked == [] and left not in os.listdir(root)
    site(export, tmp_path / "alone", flavor="hugo")
    assert tree(root) == tree(tmp_path / "alone")


def test_a_held_lock_keeps_a_folder_whatever_its_name(tmp_path: Path) -> None:
    """Its process id is gone (reused, or the folder's name is another host's): the
    lock is still held, so its run is still going."""
    root = tmp_path / "site"
    other = root / f"{staging.PREFIX}{_dead_pid()}-x1y2"
    other.mkdir(parents=True)
    fd, locked = runlock.hold(str(other / runlock.NAME))
    (other / "a.md").write_bytes(b"theirs")
    site(SAMPLE, root, flavor="hugo")
    assert (other / "a.md").read_bytes() == b"theirs" and "a.md" not in os.listdir(root)
    assert (root / MARKER).is_file()
    runlock.release(fd, locked)
    site(SAMPLE, root, flavor="hugo")  # over now: removed
    assert not other.exists()


def test_a_free_lock_ends_a_folder_whose_pid_is_alive(tmp_path: Path) -> None:
    """The process id in its name is some other process now."""
    root = tmp_path / "site"
    other = root / f"{staging.PREFIX}{os.getppid()}-x1y2"
    other.mkdir(parents=True)
    runlock.release(*runlock.hold(str(other / runlock.NAME)))
    (other / "a.md").write_bytes(b"half")
    site(SAMPLE, root, flavor="hugo")
    assert not other.exists()


@pytest.mark.parametrize("lock", [None, b"", b"123\n"])
def test_without_pids_only_a_free_lock_ends_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lock: bytes | None
) -> None:
    """As on Windows: a folder with no lock file (an older version's), or an empty one
    (its run had not locked it yet), is kept and ignored; one whose lock is free goes."""
    asked = _as_on_windows(monkeypatch)
    root = tmp_path / "site"
    pid = _dead_pid()
    left = root / f"{staging.PREFIX}{pid}-x1y2"
    left.mkdir(parents=True)
    (left / "a.md").write_bytes(b"half")
    if lock is not None:
        (left / runlock.NAME).write_bytes(lock)
    site(SAMPLE, root, flavor="hugo")
    assert left.exists() == (lock != b"123\n")
    assert asked == ([] if lock == b"123\n" else [str(pid)])
    assert "a.md" not in os.listdir(root) and (root / MARKER).is_file()


def test_a_failed_run_releases_its_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wxr_tools.writers import markdown

    def fail(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(markdown, "drop_later_aliases", fail)
    with pytest.raises(RuntimeError):
        site(SAMPLE, tmp_path / "site", flavor="hugo")
    assert not (tmp_path / "site").exists() and not staging._held


def test_a_lock_that_cannot_be_made_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: str) -> tuple[int, bool]:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(runlock, "hold", refused)
    with pytest.raises(PermissionError):
        site(SAMPLE, tmp_path / "site", flavor="hugo")
    assert not (tmp_path / "site").exists()


def test_a_lock_file_that_cannot_be_removed_does_not_fail_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows, another run testing the lock holds the file open a moment: the site
    is published all the same, and the folder left (its lock free) goes with a later run."""
    unlink = os.unlink

    def busy(path: str, **kwargs: Any) -> None:
        if os.path.basename(path) == runlock.NAME:
            raise PermissionError(13, "The process cannot access the file", path)
        unlink(path, **kwargs)

    monkeypatch.setattr(os, "unlink", busy)
    root = tmp_path / "site"
    site(SAMPLE, root, flavor="hugo")
    monkeypatch.undo()
    (left,) = [name for name in os.listdir(root) if name.startswith(staging.PREFIX)]
    assert os.listdir(root / left) == [runlock.NAME] and (root / MARKER).is_file()
    # As a later run (another process) sees it:
    later = root / f"{staging.PREFIX}{_dead_pid()}-{left.rpartition('-')[2]}"
    os.rename(root / left, later)
    _as_on_windows(monkeypatch)
    names = staging.entries(str(root))
    assert not later.exists() and sorted(names) == sorted(os.listdir(root))


def test_a_runs_workers_end_when_it_is_killed_alone(tmp_path: Path) -> None:
    """Only the run's main process is killed (the kernel's out-of-memory killer): its
    render workers, which it could not stop, end of themselves (they would wait for
    work forever, holding its lock), and its folder's lock becomes free."""
    export = _export(tmp_path)
    root = tmp_path / "site"
    run = _rendering_run(export, root)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    (left,) = os.listdir(root)
    deadline = time.monotonic() + 20
    while True:
        try:
            os.killpg(run.pid, 0)
        except ProcessLookupError:
            break  # every worker has ended
        if time.monotonic() > deadline:
            os.killpg(run.pid, signal.SIGKILL)
            pytest.fail("the workers outlived their run")
        time.sleep(0.05)
    assert runlock.over(str(root / left / runlock.NAME)) is True
