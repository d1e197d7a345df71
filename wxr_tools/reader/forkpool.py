"""A small pool of forked worker processes that hands results back in task order.

``parallel.map_parts`` used ``concurrent.futures.ProcessPoolExecutor``. On a small
export its fixed cost was a tenth of the whole run: importing it (multiprocessing,
queues, threading), its management and queue-feeding threads, and the shutdown that
joins them, some 25 ms against a few for ``os.fork`` and two pipes a worker. This
pool is only what ``map_parts`` needs:

* Workers are forked when the pool is made, so ``run`` and whatever it uses are
  inherited, never pickled; only tasks and results cross the pipes (pickled).
* Each worker answers its own tasks in the order it got them. The main process reads
  whichever worker is ready (``select``), so a worker never waits on a full pipe
  while an earlier task elsewhere is still running, and keeps the results until
  their turn: at most ``window`` tasks are handed out and not yet handed back.
* An exception in ``run`` is sent back and raised here, with the worker's traceback
  as a note. A worker that dies (killed, out of memory) raises ``RuntimeError``.

It needs ``os.fork``: ``parallel`` reads in this process where there is none.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

_LENGTH = 8
"""Bytes of the length that precedes each result on its pipe."""


_once: dict[tuple[int, bytes], Any] = {}
"""``once_per_process``'s one entry (the pid is in the key: a forked worker must not use
its parent's)."""


def once_per_process(blob: bytes, make: Callable[[Any], T]) -> T:
    """``make(pickle.loads(blob))``, made once in each process for a given ``blob``: a
    job the caller pickled once for all its parts is unpickled (and what it needs built)
    once per worker, not once per part."""
    key = (os.getpid(), blob)
    if key not in _once:
        _once.clear()
        _once[key] = make(pickle.loads(blob))
    return cast(T, _once[key])


class _Worker:
    """One forked process: its pid, the pipe its tasks go down and its results come up."""

    __slots__ = ("pid", "queued", "results", "tasks")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks
        self.results = results
        self.queued: deque[int] = deque()
        """Sequence numbers of the tasks it has not answered yet, oldest first."""


class ForkPool(Generic[T, R]):
    """``n`` forked processes running ``run(task)``; use it as a context manager."""

    def __init__(self, n: int, run: Callable[[T], R]) -> None:
        self._workers: list[_Worker] = []
        # As multiprocessing does: what this process has buffered is written once,
        # here, not again by a worker that inherited the buffer.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        try:
            for _ in range(n):
                self._workers.append(self._fork(run))
        except BaseException:
            self.close()
            raise

    def _fork(self, run: Callable[[T], R]) -> _Worker:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        # What this process holds now is never garbage to a worker: frozen, the
        # worker's collections do not scan it again and again (nor write to its pages,
        # which fork shares until they are written).
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the worker: it never returns from here
            os.close(task_w)
            os.close(result_r)
            for other in self._workers:  # their ends too, or their EOF would never come
                os.close(other.tasks)
                os.close(other.results)
            _serve(task_r, result_w, run)
        os.close(task_r)
        os.close(result_w)
        return _Worker(pid, task_w, result_r)

    def map_in_order(self, tasks: Iterator[T], window: int) -> Iterator[tuple[T, R]]:
        """``(task, run(task))`` for each task, in order, at most ``window`` in flight."""
        pending: deque[tuple[int, T]] = deque()
        done: dict[int, R] = {}
        numbers = iter(range(sys.maxsize))
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                number = next(numbers)
                pending.append((number, task))
                self._send(number, task)
            if not pending:
                return
            number, task = pending[0]
            while number not in done:
                self._receive(done)
            pending.popleft()
            yield task, done.pop(number)

    def _send(self, number: int, task: T) -> None:
        # The least busy worker; the first of them, so that a short run uses few.
        worker = min(self._workers, key=lambda w: len(w.queued))
        worker.queued.append(number)
        data = pickle.dumps(task, pickle.HIGHEST_PROTOCOL)
        # A task is a few hundred bytes and a worker holds a handful: the pipe's
        # buffer takes them all, so this write does not wait for the worker.
        try:
            os.write(worker.tasks, data)
        except BrokenPipeError:
            # Not a BrokenPipeError to the caller: the command line takes that for a
            # reader of its output that left, and would exit quietly.
            raise _ended(worker) from None

    def _receive(self, done: dict[int, R]) -> None:
        """Wait for any busy worker's next result and keep it in ``done``."""
        busy = {w.results: w for w in self._workers if w.queued}
        ready, _, _ = select.select(list(busy), [], [])
        worker = busy[ready[0]]
        try:
            size = int.from_bytes(_read_exactly(worker.results, _LENGTH), "little")
            ok, value, trace = pickle.loads(_read_exactly(worker.results, size))
        except EOFError:
            raise _ended(worker) from None
        number = worker.queued.popleft()
        if not ok:
            value.add_note(f"in worker process {worker.pid}:\n{trace}")
            raise value
        done[number] = value

    def close(self) -> None:
        """End the workers: idle ones see their task pipe close; busy ones are killed
        (their results would be thrown away: the reading stopped early)."""
        for worker in self._workers:
            if worker.queued:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGKILL)
            os.close(worker.tasks)
            os.close(worker.results)
        for worker in self._workers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(worker.pid, 0)
        self._workers = []

    def __enter__(self) -> ForkPool[T, R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _ended(worker: _Worker) -> RuntimeError:
    return RuntimeError(f"worker process {worker.pid} ended unexpectedly")


def _read_exactly(fd: int, size: int) -> bytearray:
    data = bytearray(size)
    view = memoryview(data)
    got = 0
    while got < size:
        n = os.readv(fd, [view[got:]])
        if n == 0:
            raise EOFError
        got += n
    return data


def _serve(tasks: int, results: int, run: Callable[[Any], Any]) -> None:
    """A worker's life: answer each task until the pipe closes, then exit at once."""
    code = 0
    try:
        with open(tasks, "rb") as source, open(results, "wb") as sink:
            while True:
                try:
                    task = pickle.load(source)
                except EOFError:
                    break
                sink.write(_answer(run, task))
                sink.flush()
    except BaseException:
        code = 1  # the main process is gone or stopping: nobody to tell
    finally:
        # Never return into the main process's code, nor run its exit handlers or
        # flush the buffers it left behind: they are the main process's to flush.
        os._exit(code)


def _answer(run: Callable[[Any], Any], task: Any) -> bytes:
    """The length-prefixed pickle of ``(ok, value or exception, traceback text)``."""
    try:
        message = pickle.dumps((True, run(task), ""), pickle.HIGHEST_PROTOCOL)
    except BaseException as e:
        import traceback

        trace = "".join(traceback.format_exception(e))
        try:
            message = pickle.dumps((False, e, trace), pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled: its description
            error = RuntimeError(f"{type(e).__name__}: {e}")
            message = pickle.dumps((False, error, trace), pickle.HIGHEST_PROTOCOL)
    return len(message).to_bytes(_LENGTH, "little") + message
