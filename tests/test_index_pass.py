"""The index pass read in the background (``IndexPass``) gives ``build_index``'s index,
and its errors; one that is not joined leaves no process behind."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from markdown_helpers import SAMPLE

from wxr_tools import index as index_module
from wxr_tools.diagnostics import InputError
from wxr_tools.index import build_index
from wxr_tools.indexpass import IndexPass
from wxr_tools.scratch import Scratch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import make_export


@pytest.fixture(autouse=True)
def _workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WXR_WORKERS", "2")


def _export(tmp_path: Path) -> Path:
    buf = io.StringIO()
    make_export.write_export(buf, 30, 3)
    # One id twice: the first one wins, and the duplicate is counted.
    data = buf.getvalue().replace("<wp:post_id>12</wp:post_id>", "<wp:post_id>3</wp:post_id>")
    path = tmp_path / "export.xml"
    path.write_text(data, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["sample", "generated"])
def test_read_in_the_background_as_build_index(tmp_path: Path, name: str) -> None:
    path = str(SAMPLE if name == "sample" else _export(tmp_path))
    with build_index(path) as index:
        expected = (list(index.entries()), len(index), index.duplicates)
    started = IndexPass(path)
    assert started.pid is not None  # forked
    with Scratch() as scratch:
        index = started.join(scratch)
        assert (list(index.entries()), len(index), index.duplicates) == expected
    assert started.pid is None


@pytest.mark.parametrize("where", ["background", "in parts"])
def test_the_pass_error_is_raised_by_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    if where == "in parts":  # the first part fails: raised by join, not by IndexPass
        monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    path = tmp_path / "broken.xml"
    text = _export(tmp_path).read_text(encoding="utf-8")
    path.write_text(text.replace("</item>", "</itm>", 5), encoding="utf-8")
    with pytest.raises(InputError) as here:
        build_index(str(path))
    started = IndexPass(str(path))
    assert (started.pid is not None) == (where == "background")
    with pytest.raises(InputError) as there:
        started.join()
    assert str(there.value) == str(here.value)
    assert there.value.diagnostic == here.value.diagnostic


def _children() -> set[int]:
    """This process's living children (Linux's /proc). A set, not "any child?": an
    earlier test may leave one of its own running (multiprocessing's resource tracker,
    started by a spawn pool, lives as long as the test session). A child ended and not
    reaped is listed still: the pass must reap its workers."""
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children", encoding="ascii") as listed:
            found.update(int(pid) for pid in listed.read().split())
    return found


@pytest.mark.parametrize("joined", [True, False])
def test_a_pass_in_parts_starts_its_workers_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, joined: bool
) -> None:
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    if not os.path.exists(f"/proc/self/task/{os.getpid()}/children"):
        pytest.skip("needs /proc/self/task/*/children (Linux) to list the workers")
    path = str(_export(tmp_path))
    before = _children()
    started = IndexPass(path)
    assert started.pid is None and _children() - before  # its parts' workers
    if joined:
        with started.join() as index, build_index(path) as expected:
            assert list(index.entries()) == list(expected.entries())
            assert (len(index), index.duplicates) == (len(expected), expected.duplicates)
    else:
        started.close()
    assert _children() == before
    started.close()  # again: nothing happens


def test_a_pass_not_joined_is_stopped(tmp_path: Path) -> None:
    started = IndexPass(str(_export(tmp_path)))
    pid = started.pid
    assert pid is not None
    started.close()
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(pid, 0)
    started.close()  # again: nothing happens


@pytest.mark.parametrize("why", ["no workers", "read in parts"])
def test_read_here_when(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str) -> None:
    if why == "no workers":
        monkeypatch.setenv("WXR_WORKERS", "0")
    else:
        monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    path = str(_export(tmp_path))
    started = IndexPass(path)
    assert started.pid is None
    with started.join() as index, build_index(path) as expected:
        assert list(index.entries()) == list(expected.entries())


def test_a_fork_that_fails_leaves_nothing_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(_export(tmp_path))

    def no_fork() -> int:
        raise BlockingIOError("no more processes")

    monkeypatch.setattr(os, "fork", no_fork)
    before = sorted(os.listdir("/proc/self/fd"))
    with pytest.raises(BlockingIOError):
        IndexPass(path)
    assert sorted(os.listdir("/proc/self/fd")) == before
