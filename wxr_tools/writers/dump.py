"""The lossless model dump: ``--to jsonl`` (one item a line) and ``--to json``.

Both stream: items are written as they are read, never held. ``jsonl`` starts
with the header line ``{"wxr_tools_model": 1, "site", "authors", "terms"}``;
``json`` is one object with the same keys plus ``items``. The header holds the
authors the export declares; a WXR 1.0 export declares none, and then each
item's ``author`` (its ``dc:creator``) is all there is to know about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

import orjson

from wxr_tools.jsonmodel import JsonObject, header_to_json, item_to_json
from wxr_tools.model import Item
from wxr_tools.writers import WriteJob
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
