"""Rendering and writing items in worker processes, in order, with bounded memory.

``document.render`` is a pure function of (item, placement, settings) and
``output.put`` keeps no state, so an item can be rendered and written anywhere; this
module only decides where. Up to ``THRESHOLD`` items are handled in this process (a
pool costs more than it saves on a small export). Past that, chunks of items go to a
process pool while this process goes on reading and transforming the export, and
the results come back in submission order: the files, the report and the
``--dry-run`` listing are the same, whatever the number of workers and whichever
process rendered which chunk.

Rendering costs about three times what reading and transforming does, so a pool
alone leaves this process waiting on its workers most of the time. Instead, when
the workers already have ``WINDOW`` chunks each queued, this process renders the
next chunk itself: the share it takes settles wherever the processes finish
together, on any number of cores. At most ``WINDOW`` chunks per worker are in
flight and at most ``AHEAD`` chunks are held in all, so memory stays flat on any
export (``Executor.map`` would submit the whole stream at once).
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, fields
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from wxr_tools.model import Item
from wxr_tools.reader.parallel import workers as reading_workers
from wxr_tools.writers.markdown.comments import DATA_FILE
from wxr_tools.writers.markdown.document import Rendered, Settings, render
from wxr_tools.writers.markdown.output import put
from wxr_tools.writers.markdown.paths import Placement

if TYPE_CHECKING:
    from concurrent.futures import Future

THRESHOLD = 200
CHUNK = 16
WINDOW = 4
"""Chunks in flight per worker."""
AHEAD = 4
"""Chunks held (queued or done, not yet handed back) per ``WINDOW``."""

T = TypeVar("T")
Task = tuple[T, Item, Placement]


@dataclass(frozen=True, slots=True)
class Target:
    """Where and how files are written."""

    root: str
    dry_run: bool = False
    fresh: bool = False
    """``root`` held nothing when the run began: no file there to compare with."""


# Not ``frozen`` (as ``Placement``): one is made for each item written, and a frozen
# dataclass sets each field through ``object.__setattr__``. Never changed once made;
# ``unsafe_hash`` keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Produced:
    """What writing one item did: (path, create|update|unchanged) for each file (never
    changed once made)."""

    files: tuple[tuple[str, str], ...]
    comments_written: int
    held: tuple[tuple[str, bytes], ...] = ()
    """Updates not written yet (``compare_aliased``): (path, bytes), for the writer to
    write at the end of the run."""
    comments_moved: tuple[str, ...] = ()
    """``Rendered.comments_moved``: for the run report."""

    def __reduce__(self) -> tuple[type[Produced], tuple[Any, ...]]:
        # Flat, as ``Placement``: one comes back from a worker for each item.
        return Produced, _produced_values(self)


_produced_values = attrgetter(*(f.name for f in fields(Produced)))


def produce(item: Item, placement: Placement, settings: Settings, target: Target) -> Produced:
    """Render one item and write its files (or, in a dry run, say what would change)."""
    return put_rendered(render(item, placement, settings), placement, settings, target)


def put_rendered(
    rendered: Rendered, placement: Placement, settings: Settings, target: Target
) -> Produced:
    """Write one item's rendered files (or, in a dry run, say what would change)."""
    document = (placement.path, rendered.document)
    files = [document]
    done: tuple[tuple[str, str], ...] = ()
    held: tuple[tuple[str, bytes], ...] = ()
    compared = compare_aliased(rendered.document, placement.path, target)
    if compared == "update":
        held, files = (document,), []
    elif compared == "unchanged":
        done, files = ((placement.path, compared),), []
    if rendered.comments is not None:
        path = DATA_FILE[settings.flavor].format(key=placement.comments_key)
        files.append((path, rendered.comments))
    done += tuple(
        (path, put(target.root, path, data, dry_run=target.dry_run, fresh=target.fresh))
        for path, data in files
    )
    return Produced(done, rendered.comments_written, held, rendered.comments_moved)


ALIAS_KEYS = (b"\naliases:", b"\naliases =", b"\nredirect_from:")
"""How a document's front matter (YAML or TOML) starts its list of aliases."""


def compare_aliased(document: bytes, path: str, target: Target) -> str | None:
    """For a document with aliases, in an output that was not empty: ``create``,
    ``update`` or ``unchanged`` (nothing written); None for any other document.

    An update is held: written at the end of the run, once every page is placed. A
    page placed later may take an alias out of it (``Aliases.later_pages``); on a
    re-run the file on disk has it out already, and writing the document with the
    alias, then without, would give the same bytes a new modification time. Most
    documents have no aliases (a body that happens to hold the words only waits for
    nothing), and a fresh output has nothing to update.
    """
    if target.fresh or not any(key in document for key in ALIAS_KEYS):
        return None
    return put(target.root, path, document, dry_run=True)


_job: tuple[Settings, Target] | None = None


def _init(settings: Settings, target: Target, parent: int) -> None:
    """A worker's start (``parent``: the process that starts the pool)."""
    global _job
    _job = (settings, target)
    # Ctrl-C reaches every process of the terminal's group: a worker waiting for work
    # would die of it with a traceback on standard error. This process stops the pool
    # instead (``_pooled``): the chunk a worker has in hand is finished, then it exits.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import threading

    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


ORPHAN_CHECK = 0.5
"""Seconds between a worker's looks at whether the process that started it is gone."""


def _end_with(parent: int) -> None:
    """End this worker once ``parent`` is gone (killed, it could not stop the pool): it
    would wait for work forever, keeping the run's staging folder locked (``runlock``)."""
    import time

    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK)
    os._exit(1)


def _produce_chunk(chunk: list[tuple[Item, Placement]]) -> list[Produced]:
    assert _job is not None
    settings, target = _job
    return [produce(item, placement, settings, target) for item, placement in chunk]


def workers() -> int:
    """Worker processes: one per core but this one (``WXR_WORKERS`` overrides; 0: none).

    This process renders too whenever the workers are busy, so one worker beside it
    keeps two cores busy; more workers than cores only make the processes take turns.
    """
    return reading_workers(spare=1)


def produce_all(
    tasks: Iterable[Task[T]], settings: Settings, target: Target, n_workers: int | None = None
) -> Generator[tuple[T, Produced], None, None]:
    """``(tag, produce(item, placement, settings, target))`` for each task, in task order.

    ``tag`` is whatever the caller needs to account for the result; it stays here.
    Closing it early (the caller failed) stops the workers, and returns once they are gone.
    """
    n = workers() if n_workers is None else n_workers
    stream = iter(tasks)
    head = list(islice(stream, THRESHOLD + 1))
    if n == 0 or len(head) <= THRESHOLD:
        for tag, item, placement in head:
            yield tag, produce(item, placement, settings, target)
        for tag, item, placement in stream:
            yield tag, produce(item, placement, settings, target)
        return
    yield from _pooled(head, stream, settings, target, n)


def _chunks(head: list[Task[T]], stream: Iterator[Task[T]]) -> Iterator[list[Task[T]]]:
    for start in range(0, len(head), CHUNK):
        yield head[start : start + CHUNK]
    head.clear()
    while chunk := list(islice(stream, CHUNK)):
        yield chunk


def _pooled(
    head: list[Task[T]], stream: Iterator[Task[T]], settings: Settings, target: Target, n: int
) -> Generator[tuple[T, Produced], None, None]:
    # Each entry is a chunk's tags and its results: a future when a worker has the
    # chunk, the list itself when this process rendered it.
    # Imported here: a run whose items are rendered by the parts' workers
    # (``workers.write_parts``), or that has few items, never starts this pool, and
    # importing it (multiprocessing, logging, threading) was a tenth of the imports.
    from concurrent.futures import ProcessPoolExecutor

    pending: deque[tuple[list[T], Future[list[Produced]] | list[Produced]]] = deque()
    window = WINDOW * n
    pool = ProcessPoolExecutor(
        max_workers=n, initializer=_init, initargs=(settings, target, os.getpid())
    )
    try:
        for chunk in _chunks(head, stream):
            while pending and _ready(pending[0][1]):
                yield from _collect(pending.popleft())
            tags = [tag for tag, _, _ in chunk]
            work = [(item, placement) for _, item, placement in chunk]
            if _queued(pending) < window:
                pending.append((tags, pool.submit(_produce_chunk, work)))
            else:
                # The workers have enough to do: this chunk is rendered here, rather
                # than waiting for them with a core idle.
                done = [produce(item, placement, settings, target) for item, placement in work]
                pending.append((tags, done))
            while len(pending) > AHEAD * window:
                yield from _collect(pending.popleft())
        while pending:
            yield from _collect(pending.popleft())
    finally:
        # However this ends (a failure, here or in the caller, who closes this generator):
        # the chunks no worker started are dropped, those being written are finished,
        # and the workers are gone before the caller goes on, to discard a staging
        # folder they write in, say. A run that ends well has none left to drop.
        pool.shutdown(wait=True, cancel_futures=True)


def _ready(results: Future[list[Produced]] | list[Produced]) -> bool:
    return isinstance(results, list) or results.done()


def _queued(pending: deque[tuple[list[T], Future[list[Produced]] | list[Produced]]]) -> int:
    """Chunks the workers hold (queued or being rendered)."""
    return sum(1 for _, results in pending if not _ready(results))


def _collect(
    done: tuple[list[T], Future[list[Produced]] | list[Produced]],
) -> Iterator[tuple[T, Produced]]:
    tags, results = done
    produced = results if isinstance(results, list) else results.result()
    yield from zip(tags, produced, strict=True)
