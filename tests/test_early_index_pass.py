"""``wxr convert`` starts the index pass before it imports the pipeline, the writers and
the configuration (``commands.convert._early_pass``): the same files, the same errors,
nothing left behind."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wxr_tools import pipeline
from wxr_tools.cli import main
from wxr_tools.indexpass import IndexPass
from wxr_tools.scratch import SHARED_PREFIX
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.marker import MARKER

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "fixtures" / "ctts-sample.xml")

AT_FORK = """
import os, sys
seen = []
def before():
    if not seen:
        seen.append(sorted(sys.modules))
os.register_at_fork(before=before)
from wxr_tools.cli import main
code = main(sys.argv[1:])
print(" ".join(seen[0]) if seen else "no fork")
sys.exit(code)
"""


def _modules_at_first_fork(*argv: str) -> set[str]:
    """The modules the command had imported when it forked its first process."""
    env = {**os.environ, "WXR_WORKERS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", AT_FORK, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_the_index_pass_forks_before_the_pipeline_is_imported(tmp_path: Path) -> None:
    out = str(tmp_path / "site")
    loaded = _modules_at_first_fork("convert", SAMPLE, "--to", "markdown", "-o", out)
    assert "wxr_tools.indexpass" in loaded
    for heavy in ("wxr_tools.pipeline", "wxr_tools.writers", "wxr_tools.transforms"):
        assert heavy not in loaded


def test_the_start_up_loads_what_the_index_pass_needs_only(tmp_path: Path) -> None:
    # hashlib (and OpenSSL with it) digests the items of split exports only: 10 M
    # instructions before the first fork, with the other cores idle.
    out = str(tmp_path / "site")
    loaded = _modules_at_first_fork("convert", SAMPLE, "--to", "markdown", "-o", out)
    assert "wxr_tools.reader" in loaded
    assert "hashlib" not in loaded


def test_the_site_is_the_one_a_late_pass_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "1")
    monkeypatch.chdir(tmp_path)
    early, late = tmp_path / "early", tmp_path / "late"
    assert main(["convert", SAMPLE, "--to", "markdown", "-o", str(early)]) == 0
    # ``convert`` without a pass given starts its own, after the imports, as before.
    options = pipeline.Options(progress=False)
    pipeline.convert(SAMPLE, "markdown", str(late), options, WriteOptions())
    compared = filecmp.dircmp(early, late)
    assert not compared.diff_files and not compared.left_only and not compared.right_only
    for sub in compared.subdirs.values():
        assert not sub.diff_files and not sub.left_only and not sub.right_only


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[IndexPass]:
    started: list[IndexPass] = []
    init = IndexPass.__init__

    def spy(self: IndexPass, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(IndexPass, "__init__", spy)
    return started


def _left(tmp: Path) -> list[str]:
    return [name for name in os.listdir(tmp) if name.startswith(SHARED_PREFIX)]


@pytest.mark.parametrize("workers", ["0", "1"])
def test_a_bad_configuration_stops_the_early_pass_and_leaves_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    workers: str,
) -> None:
    monkeypatch.setenv("WXR_WORKERS", workers)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # TMPDIR read again
    started = _passes(monkeypatch)
    config = tmp_path / "bad.toml"
    config.write_text("[links\n")
    argv = ["convert", SAMPLE, "--to", "markdown", "-o", str(tmp_path / "o"), "--config"]
    assert main([*argv, str(config)]) == 2
    assert capsys.readouterr().err.startswith(f"wxr: {config}: ")
    assert len(started) == 1  # started early, before the configuration was read
    assert started[0].pid is None and started[0].spool is not None
    assert _left(tmp_path) == []  # its spool's folder deleted
    assert not (tmp_path / "o").exists()


def test_an_interruption_stops_the_early_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    started = _passes(monkeypatch)

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "convert", interrupted)
    assert main(["convert", SAMPLE, "--to", "markdown", "-o", str(tmp_path / "o")]) == 130
    assert len(started) == 1
    assert started[0].pid is None  # its process killed and waited for
    assert _left(tmp_path) == []


@pytest.mark.parametrize(
    "extra",
    [["--raw"], ["--media-from", "uploads"], ["--download"]],
)
def test_no_early_pass_where_convert_starts_none_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "1")
    started = _passes(monkeypatch)
    seen: list[Any] = []

    def spy(*args: Any, started: IndexPass | None = None, **kwargs: Any) -> Any:
        seen.append(started)
        raise KeyboardInterrupt  # what convert would do is not the question here

    monkeypatch.setattr(pipeline, "convert", spy)
    argv = ["convert", SAMPLE, "--to", "markdown", "-o", str(tmp_path / "o"), *extra]
    assert main(argv) == 130
    assert seen == [None] and started == []


def test_no_early_pass_for_several_files_or_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "1")
    seen: list[Any] = []

    def spy(*args: Any, started: IndexPass | None = None, **kwargs: Any) -> Any:
        seen.append(started)
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "convert", spy)
    out = str(tmp_path / "o")
    assert main(["convert", SAMPLE, SAMPLE, "--to", "markdown", "-o", out]) == 130
    assert main(["convert", "-", "--to", "markdown", "-o", out]) == 130
    assert seen == [None, None]


# A foreign output directory is refused before anything is converted
# (``marker.check_ours``): at once, not after the index pass has read the whole export.


def _early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[IndexPass]:
    monkeypatch.setenv("WXR_WORKERS", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # TMPDIR read again
    return _passes(monkeypatch)


def _convert_called(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    convert = pipeline.convert

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[2])
        return convert(*args, **kwargs)

    monkeypatch.setattr(pipeline, "convert", spy)
    return calls


@pytest.mark.parametrize("foreign", ["directory", "file"])
def test_a_foreign_output_is_refused_before_converting(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    foreign: str,
) -> None:
    started = _early(tmp_path, monkeypatch)
    site = tmp_path / "site"
    if foreign == "directory":
        site.mkdir()
        (site / "notes.txt").write_text("mine\n")
        why = (
            "directory is not empty and was not written by wxr_tools "
            f"(no {MARKER}); use another directory, or --force to write into it"
        )
    else:
        site.write_text("a file\n")
        why = "exists and is not a directory"
    calls = _convert_called(monkeypatch)
    assert main(["convert", SAMPLE, "--to", "markdown", "-o", str(site)]) == 2
    assert capsys.readouterr().err == f"wxr: {site}: {why}\n"
    assert calls == []  # refused before the conversion began
    assert len(started) == 1 and started[0].pid is None  # the early pass stopped
    assert _left(tmp_path) == []
    if foreign == "directory":
        assert sorted(os.listdir(site)) == ["notes.txt"]
        assert (site / "notes.txt").read_text() == "mine\n"
    else:
        assert site.read_text() == "a file\n"


@pytest.mark.parametrize("case", ["force", "ours", "empty", "leftover"])
def test_directories_it_may_write_into_are_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    _early(tmp_path, monkeypatch)
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
