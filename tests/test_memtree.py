"""scripts/memtree.py: peaks of a command's processes; a bad command line is one message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import memtree  # noqa: E402


def test_a_command_that_does_not_exist_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert memtree.main(["no-such-command-here"]) == 2
    err = capsys.readouterr().err
    assert err == "memtree: cannot run no-such-command-here: No such file or directory\n"


@pytest.mark.parametrize(("argv", "code"), [([], 2), (["--help"], 0), (["-h"], 0)])
def test_usage(argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert memtree.main(argv) == code
    assert "Peak memory of a command" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")
def test_peaks_of_a_command_and_its_exit(capsys: pytest.CaptureFixture[str]) -> None:
    # A child that holds 40 MB for a while, and exits 3: both show.
    code = "import time; b = bytearray(40 << 20); b[::4096] = b'x' * len(b[::4096]); "
    code += "time.sleep(0.5); raise SystemExit(3)"
    assert memtree.main([sys.executable, "-c", code]) == 3
    out = capsys.readouterr().out
    assert "exit 3" in out
    rss = int(out.split("summed RSS ")[1].split(" MB")[0])
    assert rss >= 40
