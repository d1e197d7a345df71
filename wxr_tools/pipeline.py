"""The only place that composes: read -> (index) -> transforms -> writer, with progress.

``convert`` opens the export, builds the index when the input can be read twice,
runs the transform pipeline item by item and hands the stream to a writer, which
consumes it once. Everything it left out is counted in the returned RunReport.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from tqdm import tqdm

from wxr_tools.config import Config
from wxr_tools.diagnostics import Diagnostic
from wxr_tools.index import Index, build_index
from wxr_tools.jsonmodel import header_to_json
from wxr_tools.model import Item
from wxr_tools.reader import Export, read
from wxr_tools.report import RunReport
from wxr_tools.transforms import Context, pipeline_names, run_pipeline
from wxr_tools.writers.dump import items_as_json, write_json, write_jsonl

DUMP_WRITERS = {"json": write_json, "jsonl": write_jsonl}


@dataclass(slots=True)
class Options:
    config: Config = field(default_factory=Config)
    add: Sequence[str] = ()
    remove: Sequence[str] = ()
    raw: bool = False
    """The lossless dump: no index, no transforms."""
    recover: bool = False
    progress: bool | None = None
    """None: a progress bar when standard error is a terminal."""


def can_index(source: str) -> bool:
    """An index needs a second pass, so a real file (not standard input)."""
    return source != "-" and os.path.isfile(source)


def open_items(source: str, options: Options, report: RunReport) -> tuple[Export, Iterable[Item]]:
    """Open the export and the stream of transformed items (raw items with ``raw``)."""
    index: Index | None = None
    if not options.raw and can_index(source):
        index = build_index(source, recover=options.recover)
    export = read(source, recover=options.recover)
    items: Iterable[Item] = _progress(export, options.progress)
    if options.raw:
        return export, _count_raw(items, report)
    ctx = Context(site=export.site, config=options.config, index=index, report=report)
    ctx.path = export.path
    if index is None:
        report.add(
            Diagnostic(
                code="WXR503",
                message="standard input is read once: galleries and links are not resolved",
                path=export.path,
            )
        )
    names = pipeline_names(options.config, options.add, options.remove)
    return export, run_pipeline(items, names, ctx)


def convert_dump(source: str, to: str, out: TextIO, options: Options) -> tuple[Export, RunReport]:
    """Write the JSON or JSON Lines form of the (transformed) export to ``out``."""
    report = RunReport()
    export, items = open_items(source, options, report)
    with export:
        header = header_to_json(export.site, export.authors, export.terms)
        DUMP_WRITERS[to](header, items_as_json(_count_written(items, report)), out)
    report.diagnostics[:0] = export.diagnostics
    return export, report


def _count_raw(items: Iterable[Item], report: RunReport) -> Iterator[Item]:
    for item in items:
        report.items_read += 1
        report.comments_read += len(item.comments)
        yield item


def _count_written(items: Iterable[Item], report: RunReport) -> Iterator[Item]:
    for item in items:
        report.items_written[item.type] += 1
        report.comments_written += len(item.comments)
        yield item


def _progress(export: Export, enabled: bool | None) -> Iterator[Item]:
    """Items, with a bar counting input bytes (sqlite-utils' way: no extra pass)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    total = os.path.getsize(export.path) if os.path.isfile(export.path) else None
    if not enabled:
        yield from export
        return
    with tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, leave=False) as bar:
        done = 0
        for item in export:
            bar.update(export.bytes_read - done)
            done = export.bytes_read
            yield item
