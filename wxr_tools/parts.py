"""The transform pipeline on every core: each part of the file read and transformed
in a worker process, and handed, still in the worker, to the writer's own function.

A conversion is read, transforms, then rendering: all of it per item, apart from the
tables that say what other items are (the index, the links transform's site map).
Those are built here first, then copied once to a read-only database the workers
open (``Scratch.share``); each worker reads its parts of the file (``map_parts``),
runs the pipeline on their items, and gives them to ``consume``, a writer's function
that turns a part's items into what the writer's process needs (rendered files).
The results come back in file order, each with the report of its part, so the
writer accounts for them as if it had read the items one by one.

Why the result is the same as a sequential run: the transforms see nothing but
their item, the index and the shared tables (which do not change), and a worker
keeps per process only memos (the languages transform's tables). What the transforms
count and report comes back with each part, and each finding with the position in
the part of the item that caused it, so the writer can keep the sequential order.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, TypeVar

from wxr_tools.config import Config
from wxr_tools.index import Index
from wxr_tools.model import Item, Site, Term
from wxr_tools.reader import Export, read
from wxr_tools.reader.chain import Chain
from wxr_tools.reader.forkpool import once_per_process
from wxr_tools.reader.parallel import map_parts
from wxr_tools.reader.segments import Header, Segment, header_of, open_segment
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch
from wxr_tools.transforms import Context, run_pipeline
from wxr_tools.writers import Filters

R = TypeVar("R")

Consume = Callable[[Iterator[Item], RunReport], R]
"""A writer's function of a part's transformed items (and the part's report, where
the transforms count what they leave out): module-level, or a partial of one, so
that it can be sent to the workers."""


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to transform a part: everything picklable."""

    path: str
    """The file (the first one, when the export is several: see ``Transformed``)."""
    config: Config
    names: tuple[str, ...]
    index: Index
    state: dict[str, Any]
    """Tables the transforms would build on first use, built once before the workers
    start: their database is the shared, read-only copy."""
    keep: Callable[[Item, RunReport], Item | None] | None = None
    """The writer's filter (``--lang``, ``--type``...), run after the transforms: the
    item as the writer gets it, or None (``filtering.keep``)."""
    filters: Filters | None = None
    """The filters ``keep`` applies, which the transforms are told (``Context.filters``)."""
    site: Site | None = None
    terms: tuple[Term, ...] | None = None
    """The site and the channel terms of the whole export, when it is several files (a
    part knows its own file's)."""


@dataclass(slots=True)
class Part(Generic[R]):
    """What a worker gives back for one part."""

    value: R
    report: RunReport = field(default_factory=RunReport)
    """What the transforms counted and found on the part."""
    segment: Segment | None = None
    """The bytes of the file it was read from (``Transformed.again`` reads them again)."""
    file: int = 0
    """Which file of the export the part is of (several files: ``reader.chain``)."""


class Transformed:
    """The transformed items of an export, for a writer that renders them in workers.

    An export of several files (a ``Chain``) is read file after file, each in parts
    as a file on its own would be; the parts' items are told their file.
    """

    def __init__(
        self,
        export: Export | Chain,
        job: Job,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.export = export
        self.job = job
        self.progress = progress
        """Called with the bytes of the file read so far, as parts come back."""
        self._headers: list[Header | None] = []

    def map(self, consume: Consume[R], part_size: int) -> Generator[Part[R], None, None]:
        """``consume``'s result on each part's transformed items, in file order."""
        # Pickled once here, not once per part: the workers unpickle it once each.
        blob = pickle.dumps((self.job, consume), pickle.HIGHEST_PROTOCOL)
        chain, exports = None, []
        if isinstance(self.export, Chain):
            chain, exports = self.export, self.export.exports
            chain.hand_over()
        else:
            exports = [self.export]
        done = 0
        for file, export in enumerate(exports):
            if chain is not None:
                chain.file = file
            # The header the parts are read with, kept for ``again``: reading the parts
            # adds to the export's own (authors derived from items, late terms).
            self._headers.append(header_of(export))
            progress = self.progress
            if progress is not None and chain is not None:
                progress = partial(_shifted, progress, done)
            work = partial(_work, blob, file)
            yield from map_parts(export, work, part_size=part_size, progress=progress)
            if chain is not None:
                chain.done(export)
                done += os.path.getsize(export.path)

    @contextmanager
    def again(self, part: Part[Any]) -> Iterator[Iterator[Item]]:
        """The transformed items of ``part`` (those ``consume`` was given), read and
        transformed again in this process: the rare item that has to be handled here
        is not sent back whole with every other one. What the reading and the
        transforms report is the part's report already: it is dropped."""
        path = self.export.paths[part.file] if isinstance(self.export, Chain) else self.job.path
        header = self._headers[part.file]
        # The items ``consume`` was given, from the index pass's spool if they came from it.
        exports = self.export.exports if isinstance(self.export, Chain) else [self.export]
        spool = exports[part.file].spool
        if part.segment is None:  # the whole file, read in this process: it was not cut
            export = read(path)
            export.spool = spool
        else:
            assert header is not None  # read in parts, so with a header
            export = open_segment(path, header, part.segment, spool=spool)
        with export, Scratch() as scratch:
            state = dict(self.job.state)
            yield _transformed(self.job, part.file, export, state, scratch, RunReport())


def _shifted(progress: Callable[[int], None], before: int, done: int) -> None:
    """Bytes read of a file, as bytes read of the export's files (``before`` it)."""
    progress(before + done)


def share_tables(ctx: Context, names: Sequence[str], scratch: Scratch) -> dict[str, Any]:
    """Build the tables ``names`` need once, and share the run's database read-only.

    Only the links transform's site map is worth it (it reads every index entry), and
    what ``--lang`` learned of the followers before; the languages transform's tables
    are cheap, and writable per process (its splits). The text transform's judge of
    mojibake (ftfy) is imported here, once for all the workers.
    """
    state: dict[str, Any] = {}
    if "links" in names:
        from wxr_tools.transforms import linktables

        state[linktables.NAME] = linktables.tables(ctx)
    if "text" in names:
        # ftfy's judge of mojibake, which the text transform loads on the first suspect
        # text, is loaded here before the workers are forked, not once in each of them.
        from wxr_tools import mojibake

        mojibake.load()
    if "followers" in ctx.state:
        # With --lang: the links transform asks where a link's attachment page goes, and
        # whether a menu entry is written (its tables in the run's database, shared).
        state["followers"] = ctx.state["followers"]
    scratch.share()
    return state


def _worker(
    loaded: tuple[Job, Consume[Any]],
) -> tuple[Job, Consume[Any], dict[str, Any], Scratch]:
    job, consume = loaded
    # This process's own tables (the languages transform's splits) go here.
    return job, consume, dict(job.state), Scratch()


def _work(blob: bytes, file: int, part: Export) -> Part[Any]:
    job, consume, state, scratch = once_per_process(blob, _worker)
    report = RunReport()
    items = _transformed(job, file, part, state, scratch, report)
    return Part(consume(items, report), report, part.segment, file)


def _transformed(
    job: Job, file: int, part: Export, state: dict[str, Any], scratch: Scratch, report: RunReport
) -> Iterator[Item]:
    """The items of ``part`` (of file number ``file``), transformed and filtered as
    ``job`` says."""
    ctx = Context(
        site=part.site if job.site is None else job.site,
        config=job.config,
        index=job.index,
        report=report,
        path=part.path,
        terms=part.terms if job.terms is None else job.terms,
        state=state,
        scratch=scratch,
        filters=job.filters,
        names=job.names,
    )
    repeats = job.index.repeats
    items: Iterable[Item] = part
    if repeats is not None:
        items = repeats.skip(part, file, report)
    items = run_pipeline(items, job.names, ctx)
    if job.keep is not None:
        keep = job.keep
        items = (kept for item in items if (kept := keep(item, report)) is not None)
    return items
