"""Where a Markdown conversion's CPU time goes, stage by stage, in one process.

    python scripts/stages.py EXPORT [--flavor hugo]

Runs ``wxr convert EXPORT --to markdown`` with no worker processes (the stages are
the same in the workers, and one process is one clock) and prints, for each stage,
its CPU seconds (``time.process_time``), its share of the run and its calls. Each
stage is a function of the pipeline wrapped for the run: each transform, the index
pass, placing items, rendering (and within it the Markdown, the front matter and the
comments), writing files. What no stage holds (reading the items, the loop around
them, starting up) is the rest.

A profiler (cProfile, py-spy) weighs small functions by its own cost per call, and
said a function cost several times what removing it saved; these clocks cost a few
microseconds a call, in stages that take hundreds. ``bench.py`` says how fast; this
says where to look.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

STAGES = (
    ("wxr_tools.index", "build_index", "index pass (reading every item, kept for the main pass)"),
    ("wxr_tools.writers.markdown.allocation", "Paths.allocate", "placing items (paths, aliases)"),
    ("wxr_tools.writers.markdown.parallel", "render", "rendering (all of it)"),
    ("wxr_tools.writers.markdown.document", "to_markdown", "  HTML to Markdown"),
    (
        "wxr_tools.writers.markdown.document",
        "front_matter",
        "  front matter data (and its summaries' Markdown)",
    ),
    ("wxr_tools.writers.markdown.document", "render_fm", "  front matter YAML"),
    ("wxr_tools.writers.markdown.comments", "records", "  comment records"),
    ("wxr_tools.writers.markdown.comments", "data_file", "  comment data files"),
    ("wxr_tools.writers.markdown.parallel", "put", "writing files"),
)
"""(module, attribute in it, label). A name another module imported is wrapped where
it is called from (``document.to_markdown``, not ``html.to_markdown``)."""


def _clocked(
    label: str, function: Callable[..., Any], spent: defaultdict[str, float], calls: Counter[str]
) -> Callable[..., Any]:
    clock = time.process_time

    def clocked(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += clock() - start
            calls[label] += 1

    return clocked


def measure(export: str, flavor: str = "hugo") -> tuple[float, list[tuple[str, float, int]]]:
    """The run's CPU seconds and each stage's (label, CPU seconds, calls), in order."""
    import importlib

    os.environ["WXR_WORKERS"] = "0"
    import wxr_tools.transforms as transforms

    spent: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()
    labels = []
    for module_name, attribute, label in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _clocked(label, getattr(owner, name), spent, calls))
        labels.append(label)
    real_get = transforms.get_transform

    def get_transform(name: str) -> Any:
        label = f"transform {name}"
        if label not in labels:
            labels.append(label)
        return _clocked(label, real_get(name), spent, calls)

    transforms.get_transform = get_transform
    from wxr_tools.cli import main

    with tempfile.TemporaryDirectory(prefix="wxr-stages-") as out:
        start = time.process_time()
        with contextlib.redirect_stderr(io.StringIO()):
            code = main(["convert", export, "--to", "markdown", "--flavor", flavor, "-o", out])
        total = time.process_time() - start
    if code not in (0, 1):  # 1: warnings found, the files are written
        raise SystemExit(f"wxr convert ended with exit code {code}")
    transforms.get_transform = real_get
    return total, [(label, spent[label], calls[label]) for label in labels]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export")
    parser.add_argument("--flavor", default="hugo")
    args = parser.parse_args(argv)
    total, stages = measure(args.export, args.flavor)
    print("| stage | CPU s | share | calls |")
    print("|---|---:|---:|---:|")
    counted = 0.0
    for label, seconds, n in stages:
        if not label.startswith(" "):
            counted += seconds
        print(f"| {label} | {seconds:.2f} | {seconds / total:.1%} | {n} |")
    rest = total - counted
    print(f"| the rest (reading items, the loop, start-up) | {rest:.2f} | {rest / total:.1%} | |")
    print(f"| total | {total:.2f} | 100% | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
