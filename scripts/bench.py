"""Measure wxr_tools against a bare lxml pass over the same generated exports.

For each size (posts), the script generates an export with make_export.py (cached
in bench-output/), then runs each task in a fresh process and reports seconds,
MB/s, items/s and the process's peak RSS. The figure that matters is the ratio
to the bare pass: lxml's ``iterparse`` reading every field of every item and
nothing else, which no WXR reader in Python can beat.

    python scripts/bench.py [--sizes 1000,10000,100000] [--tasks bare,info,jsonl]

Output is a Markdown table, ready for the README and closing notes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
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
    from wxr_tools import read
    from wxr_tools.jsonmodel import header_to_json
    from wxr_tools.writers.dump import items_as_json, write_jsonl

    with read(path) as export, open(os.devnull, "w", encoding="utf-8") as out:
        header = header_to_json(export.site, export.authors, export.terms)
        return write_jsonl(header, items_as_json(export), out)


def run_markdown(path: str) -> int:
    """``wxr convert --to markdown --flavor hugo`` with comments and the default transforms,
    into a fresh directory (a re-run into the same one would find every file unchanged)."""
    import shutil
    import tempfile

    from wxr_tools.pipeline import Options, convert
    from wxr_tools.writers import WriteOptions

    out = tempfile.mkdtemp(prefix="markdown-", dir=OUT)
    try:
        options = Options(progress=False)
        report = convert(path, "markdown", out, options, WriteOptions(flavor="hugo"))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return report.items_read


TASKS: dict[str, Callable[[str], int]] = {
    "bare": bare_pass,
    "info": run_info,
    "jsonl": run_jsonl,
    "pipeline": run_pipeline,
    "validate": run_validate,
    "markdown": run_markdown,
}


def measure(task: str, path: Path, repeat: int) -> dict[str, float]:
    """Run one task in child processes (so that peak RSS is the task's own); keep the
    fastest of ``repeat`` runs, the one least disturbed by the rest of the machine."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--child", task, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    best: dict[str, float] = min(runs, key=lambda r: r["seconds"])
    best["rss_mb"] = max(r["rss_mb"] for r in runs)
    return best


def child(task: str, path: str) -> None:
    start = time.perf_counter()
    items = TASKS[task](path)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "items": items, "rss_mb": peak_kib / 1024}))


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
    parser.add_argument("--repeat", type=int, default=3, help="runs per task (fastest kept)")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    tasks = args.tasks.split(",")
    print("| posts | MB | task | s | MB/s | items/s | peak RSS MB | vs bare |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for posts in (int(s) for s in args.sizes.split(",")):
        path = export_for(posts)
        mb = path.stat().st_size / 1e6
        bare_rate = None
        for task in tasks:
            r = measure(task, path, args.repeat)
            rate = mb / r["seconds"]
            if task == "bare":
                bare_rate = rate
            ratio = f"{rate / bare_rate:.0%}" if bare_rate else "-"
            print(
                f"| {posts} | {mb:.0f} | {task} | {r['seconds']:.2f} | {rate:.1f} "
                f"| {r['items'] / r['seconds']:.0f} | {r['rss_mb']:.0f} | {ratio} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
