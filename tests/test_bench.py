"""scripts/bench.py: the tasks take turns, and the speed against a peer is a paired ratio.

Nothing here is timed against a limit (speed is the benchmark's own job): a fake peer
checks which runs are paired and what the table and its notes say.
"""

from __future__ import annotations

import io
import stat
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402


def test_paired_ratios_pair_the_runs_of_a_round() -> None:
    rounds = [
        {"markdown": {"seconds": 2.0}, "wxr2md": {"seconds": 3.0}},
        {"markdown": {"seconds": 4.0}, "wxr2md": {"seconds": 4.0}},
        {"markdown": {"seconds": 1.0}},  # the peer failed in this round: no pair
    ]
    assert bench.paired_ratios(rounds, "wxr2md") == [1.5, 1.0]
    # The best of each would give 3.0 / 1.0: runs from different moments.
    assert bench.paired_ratios(rounds, "pelican") == []


def test_best_of_keeps_the_fastest_run_and_the_largest_peak() -> None:
    runs = [
        {"seconds": 2.0, "cpu": 3.0, "rss_mb": 40.0, "worker_rss_mb": 41.0},
        {"seconds": 1.5, "cpu": 2.5, "rss_mb": 45.0},
    ]
    best = bench.best_of(runs)
    assert (best["seconds"], best["cpu"], best["rss_mb"], best["worker_rss_mb"]) == (
        1.5,
        2.5,
        45.0,
        41.0,
    )


def test_a_benchmark_with_a_peer_takes_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fake wxr2md that logs each run: the tasks must alternate, round by round.
    log = tmp_path / "order.log"
    peers = tmp_path / "peers"
    peers.mkdir()
    fake = peers / "wxr2md"
    fake.write_text(f'#!/bin/sh\necho wxr2md >> "{log}"\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    real_run_once = bench.run_once

    def logged(task: str, path: Path) -> dict[str, float]:
        if task != "wxr2md":
            with log.open("a", encoding="utf-8") as f:
                f.write(task + "\n")
        return real_run_once(task, path)

    monkeypatch.setattr(bench, "run_once", logged)
    monkeypatch.setattr(bench, "OUT", tmp_path / "out")
    monkeypatch.setenv(bench.PEERS_ENV, str(peers))
    monkeypatch.setenv("PATH", str(peers))  # no real peer (pelican) found by chance
    monkeypatch.setenv("WXR_WORKERS", "0")
    out = io.StringIO()
    with redirect_stdout(out):
        code = bench.main(["--sizes", "5", "--tasks", "markdown,wxr2md,pelican", "--repeat", "2"])
    assert code == 0
    assert log.read_text(encoding="utf-8").split() == ["markdown", "wxr2md"] * 2
    text = out.getvalue()
    rows = [line for line in text.splitlines() if line.startswith("| 5 |")]
    assert [row.split(" | ")[2] for row in rows] == ["markdown", "wxr2md", "pelican"]
    assert rows[2].endswith("| not installed |")
    note = next(line for line in text.splitlines() if line.startswith("- 5 posts:"))
    assert "x wxr2md's speed (median of 2 paired rounds: " in note
    assert (tmp_path / "out" / "export-5.xml").is_file()  # generated, then kept
    assert (tmp_path / "out" / bench.REMOVED).is_file()  # a benchmark run now would wait


def test_stages_account_for_a_conversion() -> None:
    # Run apart: the script wraps the pipeline's functions for the rest of its process.
    import subprocess

    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "stages.py"),
            str(ROOT / "fixtures" / "ctts-sample.xml"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {
        line.split(" | ")[0].strip("| "): line.split(" | ")[1:]
        for line in done.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| stage")
    }
    assert int(rows["transform links"][2].strip(" |")) > 0  # called once per item
    assert int(rows["rendering (all of it)"][2].strip(" |")) > 0
    assert int(rows["writing files"][2].strip(" |")) >= int(
        rows["rendering (all of it)"][2].strip(" |")
    )
    assert rows["total"][1].strip() == "100%"
    rest = float(rows["the rest (reading items, the loop, start-up)"][0])
    assert rest >= 0  # the stages counted do not overlap (nested ones are indented)


def test_the_runs_write_where_runs_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a disk whose file creation varies from run to run, a tmpfs measures the tools
    # alone: every run's output goes under --runs-dir, none under bench-output/.
    seen: list[str] = []
    real_run_once = bench.run_once

    def logged(task: str, path: Path) -> dict[str, float]:
        seen.append(bench.runs_dir())
        return real_run_once(task, path)

    monkeypatch.setattr(bench, "run_once", logged)
    monkeypatch.setattr(bench, "OUT", tmp_path / "out")
    monkeypatch.delenv(bench.RUNS_ENV, raising=False)
    monkeypatch.setenv("WXR_WORKERS", "0")
    runs = tmp_path / "fast"
    with redirect_stdout(io.StringIO()):
        code = bench.main(
            ["--sizes", "5", "--tasks", "markdown", "--repeat", "1", "--runs-dir", str(runs)]
        )
    assert code == 0
    assert seen and all(Path(d).parent == runs for d in seen)
    assert [p.name for p in runs.iterdir()] == [bench.REMOVED]  # removed once measured
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["export-5.xml"]


def test_a_benchmark_waits_after_the_last_ones_removal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files created soon after a mass deletion cost several times more on ext4 without a
    journal: a benchmark started right after another waits out the rest of ``SETTLE``."""
    waited: list[float] = []
    now = 1_000_000.0
    monkeypatch.setattr(bench.time, "time", lambda: now)
    monkeypatch.setattr(bench, "file_system", lambda path: "ext4")
    assert bench.settle(str(tmp_path), waited.append) == 0.0  # no benchmark before
    (tmp_path / bench.REMOVED).write_text(f"{now - 100}\n", encoding="utf-8")
    assert bench.settle(str(tmp_path), waited.append) == bench.SETTLE - 100
    assert waited == [bench.SETTLE - 100]
    assert f"waiting {bench.SETTLE - 100:.0f} s" in capsys.readouterr().err
    (tmp_path / bench.REMOVED).write_text(f"{now - bench.SETTLE - 1}\n", encoding="utf-8")
    assert bench.settle(str(tmp_path), waited.append) == 0.0
    (tmp_path / bench.REMOVED).write_text(f"{now + 10_000}\n", encoding="utf-8")  # clock set back
    assert bench.settle(str(tmp_path), waited.append) == bench.SETTLE
    (tmp_path / bench.REMOVED).write_text("not a time\n", encoding="utf-8")
    assert bench.settle(str(tmp_path), waited.append) == 0.0
    assert len(waited) == 2


def test_a_benchmark_on_a_tmpfs_does_not_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing files from memory leaves nothing for the next files to pay for."""
    (tmp_path / bench.REMOVED).write_text(f"{bench.time.time()}\n", encoding="utf-8")
    waited: list[float] = []
    monkeypatch.setattr(bench, "file_system", lambda path: "tmpfs")
    assert bench.settle(str(tmp_path), waited.append) == 0.0 and waited == []


def test_the_file_system_is_the_deepest_mount_holding_the_path(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\n"
        "tmpfs /nowhere/shm tmpfs rw 0 0\n"
        "tmpfs /nowhere/my\\040runs tmpfs rw 0 0\n"
        "short line\n",
        encoding="utf-8",
    )
    table = str(mounts)
    assert bench.file_system("/nowhere/shm/bench-runs", table) == "tmpfs"
    assert bench.file_system("/nowhere/shmx", table) == "ext4"  # a name that only starts alike
    assert bench.file_system("/nowhere/my runs/x", table) == "tmpfs"
    assert bench.file_system("/nowhere/work", table) == "ext4"
    assert bench.file_system("/work", str(tmp_path / "none")) is None
