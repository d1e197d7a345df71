"""Peak memory of a command and all its processes, as the operating system counts it.

``bench.py`` reports each process's own peak RSS; a command that reads on every core
runs several processes, and forked workers share most pages with their parent, so
adding their RSS overstates what the machine gives them. This samples, every 50 ms,
the summed PSS (proportional set size: shared pages split between their sharers) and
RSS of the command's process tree (Linux ``/proc`` only) and prints the peaks:

    python scripts/memtree.py wxr convert export.xml --raw --to jsonl -o out.jsonl
"""

from __future__ import annotations

import subprocess
import sys
import time


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = f.read().split()
    except OSError:
        return pids
    for child in children:
        pids += tree(int(child))
    return pids


def memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB; zeros once it has exited."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 0 if argv else 2
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    except OSError as e:  # no such command, not executable
        print(f"memtree: cannot run {argv[0]}: {e.strerror}", file=sys.stderr)
        return 2
    peak_pss = peak_rss = peak_processes = 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        sizes = [memory_kib(pid) for pid in pids]
        peak_pss = max(peak_pss, sum(pss for pss, _ in sizes))
        peak_rss = max(peak_rss, sum(rss for _, rss in sizes))
        peak_processes = max(peak_processes, len(pids))
        time.sleep(0.05)
    print(
        f"{time.perf_counter() - start:.1f} s, exit {proc.returncode}: peak summed PSS "
        f"{peak_pss / 1024:.0f} MB, summed RSS {peak_rss / 1024:.0f} MB, "
        f"{peak_processes} processes"
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
