"""``-o`` naming something that is not a file (``/dev/null``, a named pipe) is written to
as it is (``writers.files.atomic_file``): a temporary file renamed over it would have
replaced it with a plain file. Run as root, ``-o /dev/null`` did: every program that
wrote to ``/dev/null`` afterwards failed (``apt-get`` among them)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from markdown_helpers import SAMPLE

from wxr_tools.cli import main
from wxr_tools.writers.files import atomic_file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_stays_a_pipe_and_gets_the_output(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    with atomic_file(str(pipe)) as out:
        out.write("written\n")
    reader.join(10)
    assert got == [b"written\n"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left


def test_a_conversion_to_dev_null_leaves_it_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert main(["convert", str(SAMPLE), "--to", "jsonl", "-o", os.devnull]) == 0
    assert main(["convert", str(SAMPLE), "--to", "wxr", "-o", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not [p for p in os.listdir(os.path.dirname(os.devnull)) if p.startswith(".wxr-")]


def test_a_plain_file_is_still_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_file(str(target)) as out:
        out.write("half")
        raise RuntimeError("stopped")
    assert target.read_text(encoding="utf-8") == "old"  # all or nothing
    with atomic_file(str(target)) as out:
        out.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
