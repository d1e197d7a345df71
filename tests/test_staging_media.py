"""A fresh output with media files copied in (``--media-from``) is staged too: the same
site as a run into a directory that is not fresh, nothing visible before the end,
nothing left by a run that fails; a run that downloads them is not (a failed run keeps
what it fetched)."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import tree
from media_convert_helpers import FILES, check_references, media_files, run, uploads_tree
from media_helpers import SAMPLE
from test_markdown_staging import _no_leftovers

from wxr_tools import cli
from wxr_tools.exitcodes import TOOL_ERROR
from wxr_tools.media.files import MANIFEST
from wxr_tools.media.inventory import MediaFile, build_inventory
from wxr_tools.media.store import copy_from_dir
from wxr_tools.report import RunReport
from wxr_tools.writers import markdown
from wxr_tools.writers.markdown import staging
from wxr_tools.writers.markdown.media import MediaPlan
from wxr_tools.writers.markdown.output import MARKER

FLAVORS = ("hugo", "jekyll", "eleventy", "astro")


def _uploads(tmp_path: Path) -> Path:
    return uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})


def _accounts(report: RunReport) -> tuple[dict[str, Any], list[str]]:
    return report.to_json(), [d.format() for d in report.diagnostics]


def _made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    make = staging.make

    def spy(root: str) -> str:
        made.append(root)
        return make(root)

    monkeypatch.setattr(staging, "make", spy)
    return made


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_staged_media_site_is_the_site_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flavor: str
) -> None:
    """The same files, bytes, report and diagnostics as a ``--force`` run into a
    directory that holds a foreign file (not fresh: written in place, not staged)."""
    uploads = _uploads(tmp_path)
    made = _made(monkeypatch)
    fresh_root, forced_root = tmp_path / "fresh", tmp_path / "forced"
    options = {"flavor": flavor, "media_from": str(uploads), "redirects": "nginx"}
    fresh = run(fresh_root, **options)
    assert made == [str(fresh_root)]
    forced_root.mkdir()
    (forced_root / "theirs.txt").write_bytes(b"not ours\n")
    forced = run(forced_root, force=True, **options)
    assert made == [str(fresh_root)]
    written = tree(forced_root)
    assert written.pop("theirs.txt") == b"not ours\n"
    assert tree(fresh_root) == written and media_files(fresh_root)
    assert MANIFEST in written and MARKER in written
    assert _accounts(fresh) == _accounts(forced)
    check_references(fresh_root, flavor)
    _no_leftovers(fresh_root)


def test_media_are_not_visible_before_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[list[str], dict[str, bytes]]] = []
    publish = staging.publish

    def spy(folder: str, root: str, last: str) -> None:
        seen.append((os.listdir(root), media_files(Path(folder))))
        publish(folder, root, last)

    monkeypatch.setattr(staging, "publish", spy)
    root = tmp_path / "site"
    run(root, flavor="hugo", media_from=str(_uploads(tmp_path)))
    [(names, media)] = seen
    assert len(names) == 1 and names[0].startswith(staging.PREFIX)
    assert media and media == media_files(root)


@pytest.mark.parametrize("existed", [False, True])
def test_a_failed_media_run_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    """Failing once the media files are copied and the pages written: not even the
    media files (which left the directory foreign to the next run, without a marker)."""
    root = tmp_path / "site"
    if existed:
        root.mkdir()
    copied: list[dict[str, bytes]] = []

    def fail(*args: Any) -> None:
        (folder,) = os.listdir(root)
        copied.append(media_files(root / folder))
        raise RuntimeError("boom")

    monkeypatch.setattr(markdown, "drop_later_aliases", fail)
    with pytest.raises(RuntimeError, match="boom"):
        run(root, flavor="hugo", media_from=str(_uploads(tmp_path)))
    assert copied and copied[0]
    assert (os.listdir(root) == []) if existed else not root.exists()


def test_a_download_run_is_not_staged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its files stay where they are fetched to, even when the run fails afterwards."""
    made = _made(monkeypatch)
    roots: list[str] = []
    monkeypatch.setattr(MediaPlan, "acquire", lambda plan, *args: roots.append(plan.root))
    root = tmp_path / "site"
    run(root, flavor="hugo", download=True)
    assert made == [] and roots == [str(root)]
    assert (root / MARKER).is_file()


def test_a_refused_destination_names_the_output_not_the_staging_folder(tmp_path: Path) -> None:
    """The one message of the copy that names the output directory (``safe_join``): the
    same whether the files go there or to a staging folder in it."""
    uploads = _uploads(tmp_path)
    files = build_inventory(str(SAMPLE)).files(variants=True)

    def outside(file: MediaFile) -> str:
        return f"static/../{file.path}" if file.path.endswith(".png") else f"static/{file.path}"

    out = tmp_path / "site"
    folder = tmp_path / "other" / f"{staging.PREFIX}1-abcd"
    direct = copy_from_dir(files, str(uploads), str(out), outside)
    staged = copy_from_dir(files, str(uploads), str(folder), outside, shown=str(out))
    messages = [d.message for d in direct.diagnostics]
    assert any(repr(str(out)) in m for m in messages)
    assert [d.message for d in staged.diagnostics] == messages
    assert tree(folder) == tree(out)


@pytest.mark.skipif(sys.platform != "linux", reason="shutil copies with os.sendfile on Linux")
@pytest.mark.parametrize("existed", [False, True])
def test_a_full_disk_during_a_copy_names_the_copy_not_the_upload(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    existed: bool,
) -> None:
    """The disk fills up as an image is copied: the one line names the image where it
    was to go in the output (shutil names the upload it reads first), and nothing is
    left."""
    uploads = _uploads(tmp_path)
    root = tmp_path / "site"
    inside = f"{root}{os.sep}"
    sendfile = os.sendfile

    def full(out: int, source: int, offset: int, count: int) -> int:
        if os.readlink(f"/proc/self/fd/{out}").startswith(inside) and os.readlink(
            f"/proc/self/fd/{source}"
        ).endswith(".png"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return sendfile(out, source, offset, count)

    monkeypatch.setattr(os, "sendfile", full)
    if existed:
        root.mkdir()
    argv = ["convert", str(SAMPLE), "--to", "markdown", "--flavor", "hugo"]
    assert cli.main([*argv, "--media-from", str(uploads), "-o", str(root)]) == TOOL_ERROR
    message = capsys.readouterr().err
    assert re.fullmatch(rf"wxr: {re.escape(inside)}[^\n]+\.png: No space left on device\n", message)
    assert staging.PREFIX not in message and str(uploads) not in message
    assert (os.listdir(root) == []) if existed else not root.exists()
