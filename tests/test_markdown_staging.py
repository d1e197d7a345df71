"""A fresh output is written in a staging folder and published at the end (``staging``):
the same files as writing in place, nothing visible before the end, nothing left
behind by a run that fails, and a killed run's folder never mistaken for the output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_helpers import SAMPLE, site, tree
from wxr_builder import item, wxr

from wxr_tools.diagnostics import UsageError
from wxr_tools.report import RunReport
from wxr_tools.writers import markdown
from wxr_tools.writers.markdown import output, staging
from wxr_tools.writers.markdown.output import MARKER

FLAVORS = ("hugo", "jekyll", "eleventy", "astro")


def _dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.Popen([sys.executable, "-c", ""])
    done.wait()
    return done.pid


def _accounts(report: RunReport) -> tuple[dict[str, Any], list[str]]:
    return report.to_json(), [d.message for d in report.diagnostics]


def _no_leftovers(root: Path) -> None:
    names = [p.name for p in root.rglob("*")]
    assert not [n for n in names if n.startswith(staging.PREFIX) or n.endswith(".wxr-tmp")]


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_staged_site_is_the_site_written_in_place(tmp_path: Path, flavor: str) -> None:
    """The same files, bytes and report as the way taken into a directory that is not
    fresh (each file through a temporary file, compared first): there, a foreign
    file makes the output not fresh, and ``--force`` writes in place."""
    fresh = site(SAMPLE, tmp_path / "fresh", flavor=flavor, redirects="nginx")
    (tmp_path / "forced").mkdir()
    (tmp_path / "forced" / "theirs.txt").write_bytes(b"not ours\n")
    forced = site(SAMPLE, tmp_path / "forced", flavor=flavor, redirects="nginx", force=True)
    written = tree(tmp_path / "forced")
    assert written.pop("theirs.txt") == b"not ours\n"
    assert tree(tmp_path / "fresh") == written
    assert _accounts(fresh) == _accounts(forced)
    _no_leftovers(tmp_path / "fresh")


def test_nothing_is_visible_before_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    publish = staging.publish

    def spy(folder: str, root: str, last: str) -> None:
        seen.append(sorted(os.listdir(root)))
        assert MARKER in os.listdir(folder)  # marker written, in the folder
        publish(folder, root, last)

    monkeypatch.setattr(staging, "publish", spy)
    site(SAMPLE, tmp_path / "site", flavor="hugo")
    assert len(seen) == 1 and len(seen[0]) == 1 and seen[0][0].startswith(staging.PREFIX)
    assert (tmp_path / "site" / MARKER).is_file()
    _no_leftovers(tmp_path / "site")


def test_the_marker_is_published_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moved: list[str] = []
    replace = os.replace
    root = tmp_path / "site"

    def spy(source: str, destination: str) -> None:
        if os.path.dirname(destination) == str(root):  # out of the staging folder
            moved.append(os.path.basename(destination))
        replace(source, destination)

    monkeypatch.setattr(os, "replace", spy)
    site(SAMPLE, root, flavor="jekyll")
    assert moved[-1] == MARKER and sorted(moved) == sorted(os.listdir(root))


def test_a_rerun_and_a_dry_run_are_not_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    make = staging.make
    monkeypatch.setattr(staging, "make", lambda root: made.append(root) or make(root))
    root = tmp_path / "site"
    site(SAMPLE, root, flavor="hugo", dry_run=True)
    assert not root.exists() and made == []
    site(SAMPLE, root, flavor="hugo")
    assert made == [str(root)]
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    site(SAMPLE, root, flavor="hugo")
    assert made == [str(root)]  # not fresh: written in place, unchanged files untouched
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
@pytest.mark.parametrize("existed", [False, True])
def test_a_failed_run_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, existed: bool
) -> None:
    root = tmp_path / "site"
    if existed:
        root.mkdir()
    staged: list[list[str]] = []

    def fail(*args: Any) -> None:  # once every item is written
        (folder,) = os.listdir(root)
        staged.append([p.name for p in (root / folder).rglob("*.md")])
        raise error

    monkeypatch.setattr(markdown, "drop_later_aliases", fail)
    with pytest.raises(type(error)) as raised:
        site(SAMPLE, root, flavor="hugo")
    assert raised.value is error
    assert staged and len(staged[0]) > 5
    assert (os.listdir(root) == []) if existed else not root.exists()


def test_a_killed_runs_folder_is_removed_not_published(tmp_path: Path) -> None:
    root = tmp_path / "site"
    left = root / f"{staging.PREFIX}{_dead_pid()}-x1y2"
    (left / "content").mkdir(parents=True)
    (left / "content" / "half.md").write_bytes(b"---\ntitle: half")
    site(SAMPLE, root, flavor="hugo")  # not refused: the directory is fresh
    assert not left.exists()
    assert "content/half.md" not in tree(root)
    alone = tmp_path / "alone"
    site(SAMPLE, alone, flavor="hugo")
    assert tree(root) == tree(alone)


def test_a_dry_run_leaves_a_killed_runs_folder(tmp_path: Path) -> None:
    """A dry run changes nothing, but sees the directory as the run would."""
    root = tmp_path / "site"
    left = root / f"{staging.PREFIX}{_dead_pid()}-x1y2"
    left.mkdir(parents=True)
    (left / "a.md").write_bytes(b"half")
    report = site(SAMPLE, root, flavor="hugo", dry_run=True)
    assert (left / "a.md").read_bytes() == b"half" and os.listdir(root) == [left.name]
    assert report.counts["files created"] > 5


def test_a_running_processs_folder_is_ignored(tmp_path: Path) -> None:
    """Another run may still be writing in it: kept, and still not the output's."""
    root = tmp_path / "site"
    other = root / f"{staging.PREFIX}{os.getppid()}-x1y2"
    other.mkdir(parents=True)
    (other / "a.md").write_bytes(b"theirs")
    report = site(SAMPLE, root, flavor="hugo")
    assert (other / "a.md").read_bytes() == b"theirs"
    assert "a.md" not in os.listdir(root)
    assert report.counts["files created"] > 5
    assert sorted(staging.entries(str(root))) == sorted(set(os.listdir(root)) - {other.name})


def test_a_leftover_with_a_foreign_file_is_still_foreign(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / f"{staging.PREFIX}{_dead_pid()}-x1y2").mkdir(parents=True)
    (root / "index.html").write_bytes(b"theirs")
    with pytest.raises(UsageError, match="not written by wxr_tools"):
        site(SAMPLE, root, flavor="hugo")


@pytest.mark.parametrize("kind", ["file", "link"])
def test_a_file_named_as_a_staging_folder_is_foreign(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "site"
    root.mkdir()
    name = root / f"{staging.PREFIX}{_dead_pid()}-x1y2"
    if kind == "file":
        name.write_bytes(b"theirs")
    else:
        (tmp_path / "elsewhere").mkdir()
        name.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UsageError, match="not written by wxr_tools"):
        site(SAMPLE, root, flavor="hugo")
    assert os.listdir(root) == [name.name] and (tmp_path / "elsewhere").exists() == (kind == "link")


def test_workers_write_in_the_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More items than ``parallel.THRESHOLD``: rendered and written by a worker too."""
    export = tmp_path / "many.xml"
    export.write_bytes(wxr(*(item(n, title=f"Post {n}") for n in range(1, 260))))
    trees = []
    for n in ("0", "1"):
        monkeypatch.setenv("WXR_WORKERS", n)
        site(export, tmp_path / f"site-{n}", flavor="hugo")
        _no_leftovers(tmp_path / f"site-{n}")
        trees.append(tree(tmp_path / f"site-{n}"))
    assert trees[0] == trees[1] and len(trees[0]) > 259


def test_publishing_into_a_folder_made_meanwhile_merges(tmp_path: Path) -> None:
    folder = tmp_path / "root" / ".wxr-staging-1-a"
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "content" / "posts" / "a.md").write_bytes(b"new a")
    (folder / "content" / "b.md").write_bytes(b"new b")
    (folder / MARKER).write_bytes(b"{}")
    (tmp_path / "root" / "content" / "posts").mkdir(parents=True)
    (tmp_path / "root" / "content" / "posts" / "a.md").write_bytes(b"old a")
    (tmp_path / "root" / "content" / "c.md").write_bytes(b"someone's c")
    staging.publish(str(folder), str(tmp_path / "root"), MARKER)
    assert tree(tmp_path / "root") == {
        MARKER: b"{}",
        "content/b.md": b"new b",
        "content/c.md": b"someone's c",
        "content/posts/a.md": b"new a",
    }


@settings(max_examples=40, deadline=None)
@given(
    data=st.binary(max_size=3000),
    path=st.sampled_from(["a.md", "content/posts/x/index.md", "data/comments/1.yaml"]),
    twice=st.booleans(),
)
def test_a_file_written_in_place_is_the_file_written_through_a_rename(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, path: str, twice: bool
) -> None:
    """``put(fresh=True)`` (in place) leaves what ``put`` through a temporary file does,
    and says the same; a path written twice is replaced as anywhere else."""
    found = []
    for fresh in (True, False):
        root = tmp_path_factory.mktemp("put")
        statuses = [output.put(str(root), path, data, dry_run=False, fresh=fresh)]
        if twice:
            statuses.append(output.put(str(root), path, data[::-1], dry_run=False, fresh=fresh))
        found.append((tree(root), statuses[0], os.stat(root / path).st_mode))
    assert found[0] == found[1]
    assert found[0][0] == {path: data[::-1] if twice else data}


def test_a_file_in_place_is_never_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError, match="No space"):
        output.put(str(tmp_path), "a/b.md", b"data", dry_run=False, fresh=True)
    assert os.listdir(tmp_path / "a") == []


def test_a_removed_staging_folder_is_not_made_again(tmp_path: Path) -> None:
    """A worker still writing when the failed run removed the folder."""
    folder = tmp_path / "site" / ".wxr-staging-1-a"
    with pytest.raises(FileNotFoundError):
        output.put(str(folder), "content/posts/x/index.md", b"x", dry_run=False, fresh=True)
    assert not (tmp_path / "site").exists()
