"""The lossless model dump: ``--to jsonl`` (one item a line) and ``--to json``.

Both stream: items are written as they are read, never held. ``jsonl`` starts
with the header line ``{"wxr_tools_model": 1, "site", "authors", "terms"}``;
``json`` is one object with the same keys plus ``items``. The header holds the
authors the export declares; a WXR 1.0 export declares none, and then each
item's ``author`` (its ``dc:creator``) is all there is to know about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TextIO

import orjson

from wxr_tools.jsonmodel import JsonObject, header_to_json, item_to_json
from wxr_tools.model import Item
from wxr_tools.reader import Export, read
from wxr_tools.reader.parallel import map_parts, will_cut
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteJob
from wxr_tools.writers.files import atomic_file


def _dumps(obj: JsonObject) -> str:
    # orjson: the dump is most of the work of `convert --to jsonl`, and orjson
    # encodes about ten times faster than the standard library, to the same JSON.
    return orjson.dumps(obj).decode("utf-8")


def write_jsonl(header: JsonObject, items: Iterable[JsonObject], out: TextIO) -> int:
    """Write the header line, then one item a line; return the number of items."""
    out.write(_dumps(header) + "\n")
    count = 0
    for obj in items:
        out.write(_dumps(obj) + "\n")
        count += 1
    return count


def write_json(header: JsonObject, items: Iterable[JsonObject], out: TextIO) -> int:
    """Write one JSON object: the header's keys, then ``items``; return the item count."""
    head = _dumps(header)
    out.write(head[:-1] + ',"items":[')
    count = 0
    for obj in items:
        if count:
            out.write(",\n")
        else:
            out.write("\n")
        out.write(_dumps(obj))
        count += 1
    out.write("\n]}\n")
    return count


def items_as_json(items: Iterable[Item]) -> Iterable[JsonObject]:
    return (item_to_json(item) for item in items)


def write_jsonl_job(job: WriteJob) -> None:
    _write_job(job, write_jsonl)


def write_json_job(job: WriteJob) -> None:
    _write_job(job, write_json)


def _write_job(
    job: WriteJob, writer: Callable[[JsonObject, Iterable[JsonObject], TextIO], int]
) -> None:
    header = header_to_json(job.site, job.authors, job.terms)
    with atomic_file(job.output) as out:
        writer(header, items_as_json(_count(job)), out)


def _count(job: WriteJob) -> Iterable[Item]:
    for item in job.items:
        job.report.items_written[item.type] += 1
        job.report.comments_written += len(item.comments)
        yield item


# -- the raw dump on every core -------------------------------------------------------
# ``--raw --to json|jsonl`` is a pure function of each item, so each part of a large
# file is dumped in another process (``reader.parallel``) and the parts' bytes are
# written here in file order: the output is the same, byte for byte.


@dataclass(slots=True)
class DumpedPart:
    data: bytes
    report: RunReport = field(default_factory=RunReport)


def dump_part(export: Export, *, array: bool, filters: Filters | None) -> DumpedPart:
    """The dump of one part: JSON lines, or ``,\n``-led array members (``array``)."""
    out = bytearray()
    report = RunReport()
    separator = b",\n" if array else b""
    end = b"" if array else b"\n"
    for item in _counted(export, filters, report):
        out += separator + orjson.dumps(item_to_json(item)) + end
    return DumpedPart(bytes(out), report)


def dump_raw(
    source: str, to: str, output: str, *, recover: bool = False, filters: Filters | None = None
) -> RunReport:
    """``wxr convert --raw --to json|jsonl``: the lossless dump, on every core."""
    report = RunReport()
    array = to == "json"
    with read(source, recover=recover) as export, atomic_file(output) as out:
        header = header_to_json(export.site, export.authors, export.terms)
        if will_cut(export):
            _write_parts(export, header, out, array, filters, report)
        else:
            writer = write_json if array else write_jsonl
            writer(header, items_as_json(_counted(export, filters, report)), out)
    report.diagnostics = [d if d.path else replace(d, path=export.path) for d in export.diagnostics]
    return report


def _write_parts(
    export: Export,
    header: JsonObject,
    out: TextIO,
    array: bool,
    filters: Filters | None,
    report: RunReport,
) -> None:
    head = _dumps(header)
    out.write(head[:-1] + ',"items":[' if array else head + "\n")
    out.flush()
    first = True
    for part in map_parts(export, partial(dump_part, array=array, filters=filters)):
        report.add_counts(part.report)
        if part.data:
            # The array's first member has no comma before it.
            out.buffer.write(part.data[1:] if array and first else part.data)
            first = False
    out.buffer.flush()
    if array:
        out.write("\n]}\n")


def _counted(items: Iterable[Item], filters: Filters | None, report: RunReport) -> Iterable[Item]:
    for item in items:
        report.items_read += 1
        report.comments_read += len(item.comments)
        reason = filters.reason_to_skip(item) if filters is not None else None
        if reason is not None:
            report.exclude_item(reason, len(item.comments))
            continue
        report.items_written[item.type] += 1
        report.comments_written += len(item.comments)
        yield item
