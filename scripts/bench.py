"""Measure wxr_tools against a bare lxml pass over the same generated exports.

For each size (posts), the script generates an export with make_export.py (cached
in bench-output/), then runs each task in a fresh process and reports seconds, CPU
seconds (user and system, of the process and every process it waited for, interpreter
start included: steadier than seconds on a shared machine, and what the cores cost),
MB/s, items/s, the process's peak RSS and its largest worker process's (tasks that use
every core start workers). The figure that matters is the ratio to the bare pass:
lxml's ``iterparse`` reading every field of every item and nothing else, which no WXR
reader in Python can beat.

    python scripts/bench.py [--sizes 1000,10000,100000] [--tasks bare,info,jsonl]

Peer converters can be run on the same file beside ``markdown``: ``--tasks
bare,markdown,wxr2md,pelican,wordpress-export-to-markdown``. They are never installed
here; a peer that is not found prints a "not installed" row. They are looked up on
``$WXR_BENCH_PEERS`` (directories, ``os.pathsep``-separated) then ``$PATH``, e.g. after
``python3 -m venv /tmp/peers && /tmp/peers/bin/pip install wxr2md pelican lxml``
(pelican-import also needs lxml and ``pandoc``) and ``npm install --prefix /tmp/peers-npm
wordpress-export-to-markdown``:
``WXR_BENCH_PEERS=/tmp/peers/bin:/tmp/peers-npm/node_modules/.bin``.

The tasks take turns (``--repeat`` rounds, each running every task once), and each
task's fastest run goes in the table. The host's speed drifts over a benchmark, so the
markdown task's speed against a peer is not the ratio of two fastest runs, which may
come from different moments, but the median of the ratios within each round, printed
under the table.

Output is a Markdown table, ready for the README and closing notes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "bench-output"
sys.path.insert(0, str(HERE))


def bare_pass(path: str) -> int:
    """The baseline: stream every item, touch every field's text, free the element."""
    from lxml import etree

    count = 0
    for _, el in etree.iterparse(path, events=("end",), tag="item", huge_tree=True):
        for child in el.iter():
            _ = child.text
            _ = child.attrib
        count += 1
        el.clear()
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return count


def run_info(path: str) -> int:
    from wxr_tools import read
    from wxr_tools.summary import summarize

    with read(path) as export:
        return summarize(export).items


def run_validate(path: str) -> int:
    from wxr_tools.validate import validate

    return validate([path]).files[0].items


def run_pipeline(path: str) -> int:
    """Read + index pass + the default transforms, writing nothing: minus ``info``, the
    transform cost."""
    from wxr_tools.pipeline import Options, open_items
    from wxr_tools.report import RunReport

    report = RunReport()
    opened = open_items(path, Options(), report)
    with opened.export:
        for _ in opened.items:
            pass
    return report.items_read


def run_jsonl(path: str) -> int:
    """``wxr convert --raw --to jsonl``, into /dev/null."""
    from wxr_tools.writers.dump import dump_raw

    return dump_raw(path, "jsonl", os.devnull).items_read


def run_markdown(path: str) -> int:
    """``wxr convert --to markdown --flavor hugo`` with comments and the default transforms,
    into a fresh directory (a re-run into the same one would find every file unchanged)."""
    import tempfile

    from wxr_tools.pipeline import Options, convert
    from wxr_tools.writers import WriteOptions

    out = tempfile.mkdtemp(prefix="markdown-", dir=runs_dir())
    options = Options(progress=False)
    report = convert(path, "markdown", out, options, WriteOptions(flavor="hugo"))
    return report.items_read


RUNS_ENV = "WXR_BENCH_RUNS"


def runs_dir() -> str:
    """Where a run writes its output: a folder kept until the whole benchmark is over.

    Not removed after each run: on a file system without a journal (ext4 in no-journal
    mode), for 60 to 300 s after files are deleted, every file or folder created pays a
    kernel scan past the recently freed inodes (``recently_deleted`` in ext4's inode
    allocator). Removing each run's 25k files made the next run (ours or a peer's) pay
    up to a millisecond per file created, in system time that was not its own.
    """
    path = os.environ.get(RUNS_ENV) or str(OUT)
    os.makedirs(path, exist_ok=True)
    return path


TASKS: dict[str, Callable[[str], int]] = {
    "bare": bare_pass,
    "info": run_info,
    "jsonl": run_jsonl,
    "pipeline": run_pipeline,
    "validate": run_validate,
    "markdown": run_markdown,
}


PEERS_ENV = "WXR_BENCH_PEERS"


def peer_which(name: str) -> str | None:
    """``name`` on ``$WXR_BENCH_PEERS`` first, then on ``$PATH``."""
    dirs = [d for d in os.environ.get(PEERS_ENV, "").split(os.pathsep) if d]
    return shutil.which(name, path=os.pathsep.join([*dirs, os.environ.get("PATH", "")]))


def python_with(module: str) -> str | None:
    """A Python (peer directories first, then this one) that can import ``module``."""
    for python in (peer_which("python3"), sys.executable):
        if python:
            check = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
            if check.returncode == 0:
                return python
    return None


def peer_wxr2md(path: str, out: str) -> list[str] | None:
    """wxr2md (pip) has no console script in 0.3.0: ``python -m wxr2md``."""
    exe = peer_which("wxr2md")
    python = None if exe else python_with("wxr2md")
    cmd = [exe] if exe else [python, "-m", "wxr2md"] if python else None
    return [*cmd, path, "--output", out] if cmd else None


def peer_pelican(path: str, out: str) -> list[str] | None:
    """``pelican-import`` converts each post's HTML by running pandoc."""
    exe = peer_which("pelican-import")
    if not exe or not shutil.which("pandoc"):
        return None
    return [exe, "--wpfile", "-m", "markdown", "-o", out, path]


def peer_wetm(path: str, out: str) -> list[str] | None:
    """wordpress-export-to-markdown (npm), no wizard, no image downloads."""
    exe = peer_which("wordpress-export-to-markdown")
    if not exe:
        return None
    flags = ["--wizard=false", "--save-attached-images=false", "--save-scraped-images=false"]
    return [exe, *flags, "--input", path, "--output", out]


PEERS: dict[str, Callable[[str, str], list[str] | None]] = {
    "wxr2md": peer_wxr2md,
    "pelican": peer_pelican,
    "wordpress-export-to-markdown": peer_wetm,
}


def count_items(path: str) -> int:
    """``<item>`` start tags, by a byte count (the generated exports hold no other)."""
    count, tail = 0, b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            data = tail + chunk
            count += data.count(b"<item>")
            tail = data[-5:]
    return count


def peer_child(task: str, path: str) -> None:
    """Run one peer as a grandchild; its peak RSS is this process's RUSAGE_CHILDREN."""
    out = tempfile.mkdtemp(prefix=f"{task}-", dir=runs_dir())
    cmd = PEERS[task](path, out)
    assert cmd is not None
    start = time.perf_counter()
    subprocess.run(cmd, cwd=out, stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    items = count_items(path)
    print(json.dumps({"seconds": seconds, "items": items, "rss_mb": peak_kib / 1024}))


def run_once(task: str, path: Path) -> dict[str, float]:
    """Run one task once in a child process (so that peak RSS is the task's own)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, __file__, "--child", task, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run: dict[str, float] = json.loads(done.stdout)
    # CPU time of the run and every process it waited for (workers, peers): on a
    # shared machine it varies less than the wall time, and says what cores cost.
    run["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return run


def best_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest run, the one least disturbed by the rest of the machine (its peak
    RSS the largest of all)."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["rss_mb"] = max(r["rss_mb"] for r in runs)
    best["worker_rss_mb"] = max(r.get("worker_rss_mb", 0) for r in runs)
    return best


def paired_ratios(rounds: list[dict[str, dict[str, float]]], peer: str) -> list[float]:
    """``peer``'s seconds over ``markdown``'s, in each round that ran both.

    A round runs every task once, one after the other, so the two of a pair saw the
    machine in much the same state; the host's speed drifts by up to a fifth over a
    benchmark, and the best of each task's runs may come from different moments.
    """
    return [
        r[peer]["seconds"] / r["markdown"]["seconds"]
        for r in rounds
        if {peer, "markdown"} <= r.keys()
    ]


def child(task: str, path: str) -> None:
    if task in PEERS:
        peer_child(task, path)
        return
    start = time.perf_counter()
    items = TASKS[task](path)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Worker processes (reading in parts, rendering pages) have their own peak.
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = {"seconds": seconds, "items": items, "rss_mb": peak_kib / 1024}
    print(json.dumps(result | {"worker_rss_mb": worker_kib / 1024}))


def export_for(posts: int) -> Path:
    from make_export import write_export

    OUT.mkdir(exist_ok=True)
    path = OUT / f"export-{posts}.xml"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            write_export(out, posts)
        tmp.rename(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="posts per export")
    parser.add_argument("--tasks", default=",".join(TASKS), help="tasks to run")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds: runs per task (fastest kept)"
    )
    parser.add_argument(
        "--runs-dir",
        metavar="DIR",
        help="where the runs write their outputs (default bench-output/): a tmpfs such as "
        "/dev/shm measures the tools without the disk's file creation",
    )
    parser.add_argument("--child", nargs=2, metavar=("TASK", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    tasks = args.tasks.split(",")
    compile_package()
    OUT.mkdir(exist_ok=True)
    if args.runs_dir:
        os.makedirs(args.runs_dir, exist_ok=True)
    parent = args.runs_dir or str(OUT)
    settle(parent)
    runs = tempfile.mkdtemp(prefix="runs-", dir=parent)
    os.environ[RUNS_ENV] = runs  # the children's outputs, removed when all are measured
    try:
        return table(tasks, args.sizes, args.repeat)
    finally:
        shutil.rmtree(runs, ignore_errors=True)
        Path(parent, REMOVED).write_text(f"{time.time()}\n", encoding="utf-8")


REMOVED = ".runs-removed-at"
"""In a runs folder's parent: when the last benchmark removed its runs (``settle``)."""
SETTLE = 600.0
"""Seconds after a mass deletion that creating files may still pay for it (``runs_dir``):
the kernel's 300 s were not always enough here (a run started 300 s after the last
removal measured 1.46x for 2.00x eleven minutes after; one at 345 s, 1.85x)."""


def settle(parent: str, sleep: Callable[[float], None] = time.sleep) -> float:
    """Wait until ``SETTLE`` seconds have passed since a benchmark removed its runs from
    ``parent``; return the seconds waited.

    A benchmark started right after another measured every task several times slower
    in system time (1.44x for 1.92x on the same code), ours most (15k files on two
    cores): the first one's removal of some 100,000 files was still charged to each file
    created (``runs_dir``). Waiting is cheaper than a wrong figure.
    """
    try:
        removed = float(Path(parent, REMOVED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0.0
    if file_system(parent) in IN_MEMORY:
        return 0.0  # nothing to scan past: a tmpfs frees a file's memory at once
    wait = removed + SETTLE - time.time()
    if wait <= 0:
        return 0.0
    wait = min(wait, SETTLE)  # a clock set back does not make it wait longer
    print(
        f"waiting {wait:.0f} s: the last benchmark removed its runs from {parent} "
        f"less than {SETTLE:.0f} s ago (see runs_dir)",
        file=sys.stderr,
    )
    sleep(wait)
    return wait


IN_MEMORY = frozenset({"tmpfs", "ramfs"})


def file_system(path: str, mounts: str = "/proc/mounts") -> str | None:
    """The type of the file system ``path`` is on (Linux's ``mounts``), or None."""
    try:
        with open(mounts, encoding="utf-8") as f:
            table = [line.split()[1:3] for line in f if len(line.split()) > 2]
    except OSError:
        return None
    real = os.path.realpath(path)
    best: tuple[int, str | None] = (-1, None)
    for point, kind in table:
        point = point.replace("\\040", " ")  # mounts escapes spaces
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best[0]:
            best = (len(point), kind)
    return best[1]


def compile_package() -> None:
    """Compile wxr_tools's modules to bytecode first, as installing a wheel does: with
    PYTHONDONTWRITEBYTECODE set (as on some machines) and an editable install, every run
    would otherwise compile the modules whose cached bytecode is stale or missing, which
    took 30 to 100 ms per run here, and was no part of converting."""
    import compileall

    import wxr_tools

    compileall.compile_dir(str(Path(wxr_tools.__file__).parent), quiet=1)


def table(tasks: list[str], sizes: str, repeat: int) -> int:
    """Run every task on every size; print the table, a size at a time.

    The tasks take turns (``repeat`` rounds of one run each), so that each is measured
    across the same stretch of time; the markdown task's speed against each peer's is
    the median of the rounds' ratios (``paired_ratios``), printed under the table.
    """
    columns = "posts | MB | task | s | CPU s | MB/s | items/s | peak RSS MB | worker RSS MB"
    print(f"| {columns} | vs bare |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    notes: list[str] = []
    for posts in (int(s) for s in sizes.split(",")):
        path = export_for(posts)
        mb = path.stat().st_size / 1e6
        missing = [t for t in tasks if t in PEERS and PEERS[t](str(path), str(OUT)) is None]
        failed: set[str] = set()
        rounds: list[dict[str, dict[str, float]]] = []
        for _ in range(repeat):
            done: dict[str, dict[str, float]] = {}
            for task in tasks:
                if task in missing or task in failed:
                    continue
                try:
                    done[task] = run_once(task, path)
                except subprocess.CalledProcessError as e:
                    if task not in PEERS:
                        raise
                    print(e.stderr, file=sys.stderr)
                    failed.add(task)
            rounds.append(done)
        bare_rate = None
        for task in tasks:
            runs = [r[task] for r in rounds if task in r]
            if task in missing or task in failed or not runs:
                why = "not installed" if task in missing else "failed"
                print(f"| {posts} | {mb:.0f} | {task} | - | - | - | - | - | - | {why} |")
                continue
            r = best_of(runs)
            rate = mb / r["seconds"]
            if task == "bare":
                bare_rate = rate
            ratio = f"{rate / bare_rate:.0%}" if bare_rate else "-"
            print(
                f"| {posts} | {mb:.0f} | {task} | {r['seconds']:.2f} | {r['cpu']:.1f} | {rate:.1f} "
                f"| {r['items'] / r['seconds']:.0f} | {r['rss_mb']:.0f} "
                f"| {r['worker_rss_mb']:.0f} | {ratio} |".replace("| 0 |", "| - |"),
                flush=True,
            )
        for peer in (t for t in tasks if t in PEERS):
            ratios = paired_ratios(rounds, peer)
            if ratios:
                each = ", ".join(f"{x:.2f}" for x in ratios)
                notes.append(
                    f"{posts} posts: markdown at {statistics.median(ratios):.2f}x {peer}'s "
                    f"speed (median of {len(ratios)} paired rounds: {each})"
                )
    if notes:
        print()
        print("\n".join(f"- {note}" for note in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
