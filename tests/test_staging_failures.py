"""A staged run that fails while its workers render (``staging``, ``parallel``,
``workers``): the workers are stopped and waited for before the staging folder is
discarded, so nothing is written into it afterwards and nothing is left behind."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import site
from wxr_builder import item, wxr

from wxr_tools import cli
from wxr_tools.exitcodes import TOOL_ERROR
from wxr_tools.reader import parallel as reading
from wxr_tools.writers.markdown import parallel, staging, workers
from wxr_tools.writers.markdown.output import Output

ITEMS = 400
"""More than ``parallel.THRESHOLD``: the items go to the workers."""


def _export(tmp_path: Path) -> Path:
    export = tmp_path / "many.xml"
    posts = (item(n, title=f"Post {n}", body=f"<p>Body {n}</p>" * 20) for n in range(1, ITEMS))
    export.write_bytes(wxr(*posts))
    return export


def _gone(pid: int) -> bool:
    """Whether the child ``pid`` has ended and been waited for (a zombie is not gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _slow(render: Callable[..., Any]) -> Callable[..., Any]:
    """``render``, a little slower: the workers are still busy when this process fails."""

    def slow(*args: Any) -> Any:
        os.sched_yield()
        for _ in range(20_000):
            pass
        return render(*args)

    return slow


@pytest.mark.parametrize("way", ["pool", "parts"])
@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
@pytest.mark.parametrize("existed", [False, True])
def test_the_workers_are_gone_before_the_folder_is_discarded(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    way: str,
    error: BaseException,
    existed: bool,
) -> None:
    """This process fails on the first item it accounts for, while workers render the
    next ones: when the staging folder is discarded, every worker has ended; afterwards
    nothing is left in the directory, and no process lingers."""
    export = _export(tmp_path)
    monkeypatch.setenv("WXR_WORKERS", "2")
    if way == "parts":  # read, transformed and rendered by the parts' workers
        monkeypatch.setattr(reading, "MINIMUM", 0)
        monkeypatch.setattr(workers, "PART_SIZE", 4096)
        monkeypatch.setattr(workers, "render", _slow(workers.render))
    else:  # rendered and written by ``parallel``'s pool
        monkeypatch.setattr(parallel, "render", _slow(parallel.render))
    children: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    busy: list[bool] = []

    def fail(self: Output, path: str, status: str) -> None:
        busy.append(not all(_gone(pid) for pid in children))
        raise error

    monkeypatch.setattr(Output, "record", fail)
    at_discard: list[list[int]] = []
    discard = staging.discard

    def spy(folder: str, root: str, made_root: bool) -> None:
        at_discard.append([pid for pid in children if not _gone(pid)])
        discard(folder, root, made_root)

    monkeypatch.setattr(staging, "discard", spy)
    root = tmp_path / "site"
    if existed:
        root.mkdir()
    with pytest.raises(type(error)) as raised:
        site(export, root, flavor="hugo")
    assert raised.value is error
    assert busy == [True]  # the workers were at work when this process failed
    assert at_discard == [[]]  # and all gone when the folder was discarded
    assert (os.listdir(root) == []) if existed else not root.exists()
    assert children and all(_gone(pid) for pid in children)


DRIVER = """
import os, sys
from wxr_tools import cli
from wxr_tools import cli
from wxr_tools.exitcodes import TOOL_ERROR
from wxr_tools.reader import parallel as reading
from wxr_tools.writers.markdown import parallel, workers
way, export, out = sys.argv[1:]
def slow(render):
    def slowed(*args):
        for _ in range(200_000):
            pass
        return render(*args)
    return slowed
if way == "parts":
    reading.MINIMUM = 0
    workers.PART_SIZE = 4096
    workers.render = slow(workers.render)
else:
    parallel.render = slow(parallel.render)
sys.exit(cli.main(["convert", export, "--to", "markdown", "--flavor", "hugo", "-o", out]))
"""


@pytest.mark.parametrize("way", ["pool", "parts"])
def test_ctrl_c_while_rendering_leaves_nothing(tmp_path: Path, way: str) -> None:
    """Ctrl-C reaches every process of the group (the workers too) in the middle of the
    render pass: the run ends with 130 and nothing on standard error (no worker's
    traceback), nothing is left in the directory, and no process of the group lingers."""
    export = _export(tmp_path)
    root = tmp_path / "site"
    run = subprocess.Popen(
        [sys.executable, "-c", DRIVER, way, str(export), str(root)],
        env={**os.environ, "WXR_WORKERS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a group of its own, as a terminal's command
    )
    deadline = time.monotonic() + 60
    while not any(root.glob(f"{staging.PREFIX}*/content/posts/*/index.*md")):
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130 and err == b""
    assert not root.exists()
    deadline = time.monotonic() + 10
    while True:  # the group's last processes may take a moment to be reaped
        try:
            os.killpg(run.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a worker lingers"
        time.sleep(0.01)


@pytest.mark.parametrize("way", ["here", "pool", "parts"])
@pytest.mark.parametrize("existed", [False, True])
def test_a_full_disk_leaves_nothing_but_a_message_naming_the_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    way: str,
    existed: bool,
) -> None:
    """The disk fills up as one item's page is written (in this process or a worker):
    one line names that page where it was to go (not in the staging folder, gone), and
    nothing is left."""
    export = _export(tmp_path)
    monkeypatch.setenv("WXR_WORKERS", "0" if way == "here" else "2")
    if way == "parts":
        monkeypatch.setattr(reading, "MINIMUM", 0)
        monkeypatch.setattr(workers, "PART_SIZE", 4096)
    root = tmp_path / "site"
    inside = f"{root}{os.sep}"  # not the index pass's files, which hold the titles too
    write = os.write

    def full(fd: int, data: Any) -> int:
        if b"Post 300" in bytes(data) and os.readlink(f"/proc/self/fd/{fd}").startswith(inside):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write(fd, data)

    monkeypatch.setattr(os, "write", full)  # the workers are forked with it
    if existed:
        root.mkdir()
    argv = ["convert", str(export), "--to", "markdown", "--flavor", "hugo", "-o", str(root)]
    assert cli.main(argv) == TOOL_ERROR
    page = re.escape(f"{root}{os.sep}content{os.sep}posts{os.sep}")
    message = rf"wxr: {page}[^/]+-300{re.escape(os.sep)}index\.fr\.md: No space left on device\n"
    assert re.fullmatch(message, capsys.readouterr().err)
    assert (os.listdir(root) == []) if existed else not root.exists()
