"""How the Markdown writer's files reach the disk: compared only when something could
be there, written whole, and the records the workers send pickled flat."""

from __future__ import annotations

import os
import pickle
import pickletools
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import SAMPLE, site, tree

from wxr_tools.model import Item
from wxr_tools.writers.files import is_unsafe
from wxr_tools.writers.markdown import output
from wxr_tools.writers.markdown.document import Rendered
from wxr_tools.writers.markdown.paths import place
from wxr_tools.writers.markdown.workers import Record


def reads_of_written_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Items' files ``output.put`` opens to compare with (the site skeleton's are
    compared anyway: the user may have edited them)."""
    reads: list[str] = []

    def spy(file: str, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "rb" and (file.endswith(".md") or "/comments/" in file):
            reads.append(file)
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(output, "open", spy, raising=False)
    return reads


def test_a_fresh_output_is_not_compared_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Jekyll puts every post in one directory: without knowing the output was empty,
    # each post would first be looked for there.
    reads = reads_of_written_files(monkeypatch)
    report = site(SAMPLE, tmp_path / "new", flavor="jekyll")
    assert reads == []
    assert report.counts["files created"] > 10
    (tmp_path / "empty").mkdir()
    site(SAMPLE, tmp_path / "empty", flavor="jekyll")
    assert reads == []
    assert tree(tmp_path / "empty") == tree(tmp_path / "new")


def test_an_output_with_files_is_compared_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out, flavor="jekyll")
    (out / ".wxr-tools.json").unlink()  # someone else's files, the same bytes
    reads = reads_of_written_files(monkeypatch)
    report = site(SAMPLE, out, flavor="jekyll", force=True)
    assert len(reads) > 10
    assert report.counts["files created"] == 0
    assert report.counts["files unchanged"] > 10


def test_a_file_written_in_pieces_is_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.write`` may write less than asked (a signal, a full disk on the way)."""
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    data = "ça va\n".encode() * 50
    assert output.put(str(tmp_path), "a/b/c.md", data, dry_run=False) == "create"
    monkeypatch.undo()
    assert (tmp_path / "a" / "b" / "c.md").read_bytes() == data
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["c.md"]


@pytest.mark.parametrize("root", ["/", "/out", "/a b/ç"])
@pytest.mark.parametrize(
    "path", ["a", "content/posts/x/index.md", "a//b", "a/b/", "a\\b/c", ".wxr-tools.json"]
)
def test_a_target_is_the_joined_segments(root: str, path: str) -> None:
    """The shortcut in ``target`` gives what joining the segments gives."""
    if is_unsafe(path):
        return
    assert output.target(root, path) == os.path.join(root, *path.split("/"))


@pytest.mark.parametrize("root", ["/", "/out", "/out/", "/a b/ç"])
@pytest.mark.parametrize(
    "path",
    ["a", "content/posts/x/index.md", "data/comments/1.yaml", "a.b/c..d", ".wxr-tools.json", "é/ü"],
)
def test_a_target_is_cut_as_os_path_split_cuts_it(root: str, path: str) -> None:
    """The shortcut ``put`` takes to the file's directory and name gives what
    ``os.path.split`` gives."""
    file = output.target(root, path)
    assert output._located(root, path) == (file, *os.path.split(file))


def test_temporary_names_hold_the_id_of_the_process_writing(tmp_path: Path) -> None:
    """The id is asked once a process: a forked worker asks again (two processes that
    wrote one path at once must never share a temporary file)."""
    assert output._pid() == os.getpid()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child reports through the pipe)
        os.write(write, str(int(output._pid() == os.getpid())).encode())
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 1) == b"1"


def test_a_record_pickles_flat_and_back() -> None:
    item = Item(id=7, type="post", title="Hello", slug="hello", state="published")
    candidate = place(item, "hugo", "en", "hello")
    record = Record(
        item=item,
        slugged=("hello", "slug"),
        comments=2,
        candidate=candidate,
        rendered=Rendered(b"---\ntitle: Hello\n---\n", b"- id: 1\n", 2),
        position=5,
        findings=3,
    )
    data = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
    assert pickle.loads(data) == record
    # No object rebuilt from a state (BUILD): that is the slow way, through
    # ``dataclasses.fields``, for each record.
    assert "BUILD" not in {op.name for op, _, _ in pickletools.genops(data)}
