"""The index pass in the background: ``build_index`` in a forked process, while the
conversion goes on."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, Any

from wxr_tools import index as indexing  # INDEX_MINIMUM read when used: tests set it
from wxr_tools.index import (
    Index,
    IndexedPart,
    build_index,
    index_of,
    index_parts,
    source_paths,
)
from wxr_tools.reader.parallel import workers
from wxr_tools.scratch import Scratch

if TYPE_CHECKING:
    from wxr_tools.reader.itemspool import ItemSpool


class IndexPass:
    """The index pass of a file (``build_index``), started in a forked process, so that
    it reads while this one goes on: a conversion imports its writer and transforms
    meanwhile (a fifth of a 1,000-post run, on one core). ``join`` fills an index with
    what it read; ``close`` stops a pass that was not joined.

    Only a file indexed in one piece (below ``INDEX_MINIMUM``) is read in the
    background: a larger one is read in parts on every core, by workers this process
    starts at once and keeps fed (``index_parts``): it waits here for the first part,
    and ``join`` takes the others, as ``build_index`` does. So the workers read while
    this process imports (the imports, before, kept the other core idle), and no
    process in between passes the rows on. Where there is no ``os.fork`` or no worker
    processes are wanted (``WXR_WORKERS=0``), ``join`` reads the file, as
    ``build_index`` does.

    The rows go to an unnamed temporary file, and only their size down a pipe: a pipe
    holds 64 KB, and a pass that sent the rows themselves would wait for this process,
    still importing, to read them.
    """

    def __init__(
        self, source: str | Sequence[str], *, recover: bool = False, spool: ItemSpool | None = None
    ) -> None:
        """``source``: a path, or the paths of the files of one export (see ``build_index``);
        several files are read in the background when together they are small. ``spool``:
        where the items are kept for the main pass (``build_index``); ``join`` tells it."""
        self.paths = source_paths(source)
        self.recover = recover
        self.spool = spool
        self.pid: int | None = None
        """The forked process reading the file, until it is joined or closed."""
        self._rows: IO[bytes] | None = None
        self._sizes = -1
        self._parts: Generator[IndexedPart, None, None] | None = None
        """A large file's parts, read by workers started here."""
        self._first: list[IndexedPart] = []
        self._error: Exception | None = None
        """What reading the first part raised: ``join`` raises it, as ``build_index``."""
        size = sum(os.path.getsize(path) for path in self.paths)
        if not hasattr(os, "fork") or workers() == 0:
            return
        if size >= indexing.INDEX_MINIMUM:
            self._parts = index_parts(self.paths, recover, spool)
            try:
                # Forks the workers and hands them a window of parts: they go on with
                # those while this process goes on.
                self._first.extend(islice(self._parts, 1))
            except Exception as e:
                self._error = e
            return
        self._rows = tempfile.TemporaryFile()  # noqa: SIM115 (closed by join or close)
        self._sizes, sizes_w = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # written once, not again by the child
            if stream is not None:
                stream.flush()
        try:
            pid = os.fork()
        except BaseException:
            os.close(sizes_w)
            self.close()
            raise
        if pid == 0:
            os.close(self._sizes)
            _pass_to(self._rows.fileno(), sizes_w, self.paths, recover, spool)  # never returns
        os.close(sizes_w)
        self.pid = pid

    def join(
        self, scratch: Scratch | None = None, each: Callable[[Index], None] | None = None
    ) -> Index:
        """The index (in ``scratch``, and told ``each`` part, as ``build_index``); what
        reading the file raised in the pass is raised here."""
        if self._parts is not None or self._error is not None:
            return self._join_parts(scratch, each)
        if self._rows is None:
            paths, recover, spool = self.paths, self.recover, self.spool
            return build_index(paths, recover=recover, scratch=scratch, each=each, spool=spool)
        try:
            return index_of(self.paths, self._parts_sent(), scratch, each, self.spool)
        finally:
            self.close()

    def _join_parts(self, scratch: Scratch | None, each: Callable[[Index], None] | None) -> Index:
        """``join`` of a large file, whose parts' workers were started with the pass."""
        error, self._error = self._error, None
        if error is not None:
            raise error
        assert self._parts is not None
        try:
            parts = chain(self._first, self._parts)
            return index_of(self.paths, parts, scratch, each, self.spool)
        finally:
            self.close()

    def _parts_sent(self) -> Iterator[IndexedPart]:
        """The parts the forked pass sent, until its end; what it raised is raised."""
        for kind, value in self._messages():
            if kind == "error":
                raise value
            if kind == "end":
                assert self.pid is not None
                os.waitpid(self.pid, 0)  # it exits after its last message
                self.pid = None
                return
            yield value
        raise RuntimeError(f"index process {self.pid} ended unexpectedly")

    def _messages(self) -> Iterator[tuple[str, Any]]:
        """What the pass sent, as it sends it, until its end (or the pipe's)."""
        assert self._rows is not None
        offset = 0
        with open(self._sizes, "rb", closefd=False) as sizes:
            while len(head := sizes.read(_LENGTH)) == _LENGTH:
                size = int.from_bytes(head, "little")
                yield pickle.loads(os.pread(self._rows.fileno(), size, offset))
                offset += size

    def discard(self) -> None:
        """``close``, and delete the items it kept (``spool``): a run that ended, however
        it ended (again: nothing happens)."""
        self.close()  # first: its processes may still be writing to the spool
        if self.spool is not None:
            self.spool.close()

    def close(self) -> None:
        """Stop the pass if it is still running (an error came first), and forget it."""
        if self._parts is not None:
            parts, self._parts = self._parts, None
            self._first = []
            parts.close()  # its workers, with it
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        if self._rows is not None:
            self._rows.close()
            os.close(self._sizes)
            self._rows = None


_LENGTH = 8
"""Bytes of each size an index pass sends down its pipe."""


def can_index(sources: Sequence[str]) -> bool:
    """An index needs a second pass, so real files (not standard input)."""
    return all(s != "-" and os.path.isfile(s) for s in sources)


def start_pass(sources: Sequence[str], recover: bool) -> IndexPass:
    """The index pass of a conversion of ``sources``, with where it keeps the items for
    the main pass (``IndexPass.spool``) when the temporary folder has room for them
    (``itemspool.wanted``)."""
    from wxr_tools.reader.itemspool import ItemSpool, wanted

    kept = ItemSpool(sources) if wanted(sources) else None
    try:
        return IndexPass(sources, recover=recover, spool=kept)
    except BaseException:
        if kept is not None:
            kept.close()
        raise


def _pass_to(
    rows: int, sizes: int, paths: Sequence[str], recover: bool, spool: ItemSpool | None
) -> None:
    """The forked process of an ``IndexPass``: each part's rows, then ("end", None), or
    the error that stopped it; then it exits at once (nothing of its parent's runs)."""

    def send(kind: str, value: Any) -> None:
        data = memoryview(pickle.dumps((kind, value), pickle.HIGHEST_PROTOCOL))
        done = 0
        while done < len(data):
            done += os.write(rows, data[done:])
        os.write(sizes, len(data).to_bytes(_LENGTH, "little"))  # atomic: under PIPE_BUF

    code = 0
    try:
        try:
            for part in index_parts(paths, recover, spool):
                send("rows", part)
            send("end", None)
        except Exception as e:
            try:
                send("error", e)
            except Exception:  # an exception that cannot be pickled: its description
                send("error", RuntimeError(f"{type(e).__name__}: {e}"))
    except BaseException:
        code = 1  # interrupted, or the parent is gone: it sees no end
    finally:
        os._exit(code)
