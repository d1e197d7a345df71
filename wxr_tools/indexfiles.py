"""The index pass of several files of one export, one file a worker (``build_index``).

wp export cuts a site into files of 15 MB, under ``index.INDEX_MINIMUM``: each would be
indexed in one piece, one after the other, on one core. Each goes to a worker instead,
whole, and the rows come back in file order, as ``build_index`` adds them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from wxr_tools import index
from wxr_tools.diagnostics import InputError
from wxr_tools.index import IndexedPart, Row, index_copies
from wxr_tools.reader import read
from wxr_tools.reader.parallel import workers
from wxr_tools.repeats import Copy

if TYPE_CHECKING:
    from wxr_tools.reader.itemspool import Region


def file_per_worker(paths: Sequence[str]) -> bool:
    """Whether the files of one export are indexed one a worker: files each too small to
    be cut (wp export's are 15 MB), together large enough to be worth the processes."""
    if workers() < 2 or not hasattr(os, "fork") or not all(os.path.isfile(p) for p in paths):
        return False
    sizes = [os.path.getsize(p) for p in paths]
    return max(sizes) < index.INDEX_MINIMUM <= sum(sizes)


def index_files(
    paths: Sequence[str], recover: bool, spool: str | None = None
) -> Iterator[IndexedPart]:
    """The index pass of each file in a worker, the results in file order; with ``spool``
    (a folder), the items read fully and kept there (``index_parts``)."""
    from wxr_tools.reader.forkpool import ForkPool

    n = min(workers(), len(paths))
    with ForkPool(n, partial(_index_file, tuple(paths), recover, spool)) as pool:
        # One file in flight a worker: a file's rows wait here until their turn.
        files = pool.map_in_order(iter(range(len(paths))), n)
        for file, (rows, copies, region, error) in files:
            if error is not None:
                raise error  # in file order, as reading them one after the other would
            yield file, rows, copies, region


def _index_file(
    paths: Sequence[str], recover: bool, spool: str | None, file: int
) -> tuple[list[Row], list[Copy], Region | None, InputError | None]:
    """In a worker: the rows and copies of file number ``file`` (and where its items were
    spooled), or what stopped it."""
    try:
        with read(paths[file], recover=recover, light=spool is None) as export:
            export.digests = True
            return (*index_copies(export, spool, file), None)
    except InputError as e:
        return [], [], None, e
