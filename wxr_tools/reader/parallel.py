"""Reading an export on every core: ``map_parts(export, work)``.

``work`` is a function of an export that consumes its items and returns a result
(picklable: it comes back from another process): the counts of ``wxr info``, the
lines of the JSON dump. ``map_parts`` runs it on each part of the file (see
``segments``) in worker processes forked for the run (``forkpool``) and yields the
results in file order; the caller combines them.
What reading the parts adds to the export (diagnostics, authors derived from
items, elements after the last item) is added to ``export``, as a sequential read
would have, so the caller cannot tell the difference, and the results are the
same whatever the number of cores.

Where a file cannot be cut (standard input, gzip, ``--recover``, an encoding that
is not ASCII-compatible, a small file, one core, no ``os.fork``), ``work(export)``
runs once, here; or part after part, here, when ``map_parts`` is given ``here``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from wxr_tools.diagnostics import Diagnostic, InputError
from wxr_tools.digits import is_number
from wxr_tools.model import Author, Extra, Term
from wxr_tools.reader import Export
from wxr_tools.reader.segments import Header, Segment, header_of, open_segment, plan

if TYPE_CHECKING:
    from wxr_tools.reader.itemspool import ItemSpool

R = TypeVar("R")

PART_SIZE = 4 << 20
"""Bytes a part at most: large enough that starting one costs nothing, small enough
that the results waiting to be used (a part's JSON lines) stay a few megabytes."""
SMALLEST_PART = 256 << 10
"""Smaller files are cut in smaller parts (four a worker), down to this."""
MINIMUM = 4 << 20
"""Smaller files are read here: starting the processes would cost more than it saves."""
WINDOW = 2
"""Parts in flight per worker."""
CONVERSION_PART = 1 << 20
"""Bytes a part of a conversion's main pass at most (the Markdown writer's
``workers.PART_SIZE``): the index pass reads runs of these parts (``segments.Cuts``)."""


@dataclass(slots=True)
class Outcome(Generic[R]):
    """What reading one part gave: ``work``'s result, or the error that stopped it."""

    value: R | None = None
    items: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    authors: list[Author] = field(default_factory=list)
    """Authors the part added: derived from its items (WXR 1.0), or after the last item."""
    terms: list[Term] = field(default_factory=list)
    extra: tuple[Extra, ...] = ()
    error: InputError | None = None


def workers(spare: int = 0) -> int:
    """Worker processes: one per core but ``spare`` (``WXR_WORKERS`` overrides; 0: none)."""
    env = os.environ.get("WXR_WORKERS", "").strip()
    if is_number(env):
        return int(env)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max((cores or 1) - spare, 0)


def read_part(
    path: str,
    header: Header,
    segment: Segment,
    work: Callable[[Export], R],
    light: bool = False,
    digests: bool = False,
    spool: ItemSpool | None = None,
) -> Outcome[R]:
    """Run ``work`` on one part (read ``light``ly or not, with ``digests`` or not, its
    items from ``spool`` or not: see ``Export``); an input error is returned."""
    try:
        part = open_segment(path, header, segment, light=light, digests=digests, spool=spool)
    except InputError as e:
        return Outcome(error=e)
    with part:
        value, error = None, None
        try:
            value = work(part)
        except InputError as e:
            error = e  # what was read before the error still counts, as it would here
        return Outcome(
            value=value,
            items=part.items_read - segment.items_before,
            diagnostics=part.diagnostics[part.header_diagnostics :],
            authors=part.authors[len(header.authors) :],
            terms=part.terms[len(header.terms) :],
            extra=part.site.extra[len(header.site.extra) :],
            error=error,
        )


def will_cut(export: Export, n_workers: int | None = None, minimum: int | None = None) -> bool:
    """Whether ``map_parts`` reads ``export`` in parts, with these arguments."""
    n = workers() if n_workers is None else n_workers
    return (
        n >= 1 and hasattr(os, "fork") and can_cut(export, MINIMUM if minimum is None else minimum)
    )


def can_cut(export: Export, size: int) -> bool:
    """Whether ``export`` is a plain file, read strictly and not yet, big enough to cut."""
    path = export.path
    if export.recover or export.started or not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        if f.read(2) == b"\x1f\x8b":
            return False  # gzip: no offsets to seek to
    return os.path.getsize(path) >= size


def map_parts(
    export: Export,
    work: Callable[[Export], R],
    *,
    n_workers: int | None = None,
    part_size: int | None = None,
    minimum: int | None = None,
    progress: Callable[[int], None] | None = None,
    spool: ItemSpool | None = None,
    here: int | None = None,
) -> Iterator[R]:
    """``work`` of each part of ``export``, in order (see the module docstring).

    ``progress`` is called with the bytes read so far as each part comes back.
    ``spool``: where a conversion's index pass (this read) keeps the items; its parts
    are then runs of the parts its main pass reads, cut once for both (``segments.Cuts``).
    ``here``: a file of this size or more that is not read by workers (there are none,
    or it is smaller than ``minimum``) is still read in parts, one after the other in
    this process: each later part is parsed in one piece (``reader.window``), without
    the events a whole file is read by.
    Raises ``InputError`` as reading the whole file sequentially would.
    """
    n = workers() if n_workers is None else n_workers
    if not will_cut(export, n, minimum):
        n = 0 if here is not None and can_cut(export, here) else -1
    header = header_of(export) if n >= 0 else None
    if header is None:
        yield work(export)
        return
    size = os.path.getsize(export.path)
    if part_size is None:
        share = size // (4 * n) if n else 0
        part_size = min(PART_SIZE, max(share, SMALLEST_PART)) if n else CONVERSION_PART
    export.hand_over()  # its header is read: the parts do the rest
    failed: Segment | None = None
    job = partial(_run, export.path, header, work, export.light, export.digests, export.spool)
    with _pool(n, job) as pool:
        # The last part each worker has in hand is cut smaller (``plan``).
        segments = _segments(export, part_size, n, spool)
        done = pool.map_in_order(segments, WINDOW * n) if pool else _here(segments, job)
        for segment, outcome in done:
            if outcome.error is not None:
                failed = segment
                break
            _absorb(export, outcome)
            if progress is not None:
                progress(segment.end if segment.end is not None else size)
            yield cast(R, outcome.value)
    if failed is not None:
        # Every part before this one was read cleanly, so this part starts at a real
        # item: go on from there, here and to the end, as a sequential read would.
        rest = replace(failed, end=None, end_line=None, items_before=export.items_read)
        light, digests, spool = export.light, export.digests, export.spool
        outcome = read_part(export.path, header, rest, work, light, digests, spool)
        _absorb(export, outcome)
        if outcome.error is not None:
            raise outcome.error
        if progress is not None:
            progress(size)
        yield cast(R, outcome.value)


def _pool(n: int, job: Callable[[Segment], Outcome[R]]) -> Any:
    """The workers' pool, or (no workers) a context of None: the parts are read here."""
    if not n:
        return nullcontext()
    # Imported here: a small file, read in this process, does not pay for it.
    from wxr_tools.reader.forkpool import ForkPool

    return ForkPool(n, job)


def _here(
    segments: Iterator[Segment], job: Callable[[Segment], Outcome[R]]
) -> Iterator[tuple[Segment, Outcome[R]]]:
    return ((segment, job(segment)) for segment in segments)


def _segments(export: Export, part_size: int, n: int, spool: ItemSpool | None) -> Iterator[Segment]:
    """The parts ``map_parts`` reads: ``plan``'s, or its runs (``spool``: a conversion's
    index pass), or those the index pass cut for this read (its main pass)."""
    path, tail = export.path, n * part_size
    if spool is not None and part_size >= CONVERSION_PART:
        # Else runs of the main pass's parts would be larger than the index pass's own
        # parts: it cuts those itself, and the main pass does too.
        return spool.cuts(path, CONVERSION_PART, n * CONVERSION_PART).runs(part_size, tail)
    if export.spool is not None:
        # Read from the spool, a part must start at an item: one at a false cut, whose
        # batches failed to load, would be parsed from there (``ItemSpool.at_items``).
        kept = export.spool.kept(path, part_size, tail)
        parts = iter(kept) if kept is not None else plan(path, part_size, tail=tail)
        return export.spool.at_items(path, parts)
    return plan(path, part_size, tail=tail)


def _absorb(export: Export, outcome: Outcome[R]) -> None:
    export.items_read += outcome.items
    export.diagnostics.extend(outcome.diagnostics)
    derived = {a.login for a in export.authors if a.derived}
    for author in outcome.authors:
        # Each part derives authors from its own items: keep the first of each login.
        if author.derived and author.login in derived:
            continue
        export.authors.append(author)
        if author.derived:
            derived.add(author.login)
    export.terms.extend(outcome.terms)
    if outcome.extra:
        export.site = replace(export.site, extra=export.site.extra + outcome.extra)


def _run(
    path: str,
    header: Header,
    work: Callable[[Export], R],
    light: bool,
    digests: bool,
    spool: ItemSpool | None,
    segment: Segment,
) -> Outcome[R]:
    # In a worker: everything but the segment was there when the pool forked it.
    return read_part(path, header, segment, work, light, digests, spool)
