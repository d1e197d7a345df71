"""``wxr convert --to markdown`` refuses a foreign output directory before it converts
anything (``marker.check_ours``): at once, not after the index pass has read the whole
export; the pass it started is stopped and nothing is left behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from wxr_tools import pipeline
from wxr_tools.cli import main
from wxr_tools.indexpass import IndexPass
from wxr_tools.scratch import SHARED_PREFIX
from wxr_tools.writers.markdown.marker import MARKER

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "fixtures" / "ctts-sample.xml")


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[IndexPass]:
    """The index passes started; ``pipeline.convert`` records that it was called."""
    monkeypatch.setenv("WXR_WORKERS", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # TMPDIR read again
    passes: list[IndexPass] = []
    init = IndexPass.__init__

    def spy(self: IndexPass, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        passes.append(self)

    monkeypatch.setattr(IndexPass, "__init__", spy)
    return passes


def _convert_called(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    convert = pipeline.convert

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[2])
        return convert(*args, **kwargs)

    monkeypatch.setattr(pipeline, "convert", spy)
    return calls


def test_a_foreign_directory_is_refused_before_converting(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    started: list[IndexPass],
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n")
    calls = _convert_called(monkeypatch)
    assert main(["convert", SAMPLE, "--to", "markdown", "-o", str(site)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"wxr: {site}: directory is not empty and was not written by wxr_tools "
        f"(no {MARKER}); use another directory, or --force to write into it\n"
    )
    assert calls == []  # refused before the conversion began
    assert len(started) == 1 and started[0].pid is None  # the early pass stopped
    assert [n for n in os.listdir(tmp_path) if n.startswith(SHARED_PREFIX)] == []
    assert sorted(os.listdir(site)) == ["notes.txt"]
    assert (site / "notes.txt").read_text() == "mine\n"


def test_a_file_in_place_of_the_directory_is_refused_first(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    started: list[IndexPass],
) -> None:
    site = tmp_path / "site"
    site.write_text("a file\n")
    calls = _convert_called(monkeypatch)
    assert main(["convert", SAMPLE, "--to", "markdown", "-o", str(site)]) == 2
    assert capsys.readouterr().err == f"wxr: {site}: exists and is not a directory\n"
    assert calls == [] and started[0].pid is None


@pytest.mark.parametrize("case", ["force", "ours", "empty", "leftover"])
def test_directories_it_may_write_into_are_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[IndexPass], case: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    argv = ["convert", SAMPLE, "--to", "markdown", "-o", str(site)]
    if case == "force":
        (site / "notes.txt").write_text("mine\n")
        argv.append("--force")
    elif case == "ours":
        assert main(argv) == 0
    elif case == "leftover":
        # A killed run's staging folder (pid 0 never names a run): no part of the output.
        (site / ".wxr-staging-0-x").mkdir()
    calls = _convert_called(monkeypatch)
    assert main(argv) == 0
    assert calls == [str(site)]
    assert (site / MARKER).is_file()
