"""The pool ``map_parts`` reads parts in: results in order, errors raised here."""

from __future__ import annotations

import os
import signal
import time

import pytest

from wxr_tools.reader.forkpool import ForkPool


def _square_late(n: int) -> int:
    time.sleep(0.001 * (n % 3))  # later tasks may finish first: the order must hold
    return n * n


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def _die_on_two(n: int) -> int:
    if n == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def _children() -> int:
    # Children of this process not reaped yet (zombies included); other tests' pools
    # may have left some of their own, hence the counts before and after.
    pid = os.getpid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            count += int(fields[1]) == pid
    return count


def test_results_come_back_in_order() -> None:
    before = _children()
    with ForkPool(3, _square_late) as pool:
        got = list(pool.map_in_order(iter(range(20)), window=4))
    assert got == [(n, n * n) for n in range(20)]
    assert _children() == before


def test_an_exception_in_a_worker_is_raised_here() -> None:
    before = _children()
    with pytest.raises(ValueError, match="three") as info, ForkPool(2, _fail_on_three) as pool:
        list(pool.map_in_order(iter(range(10)), window=4))
    assert any("in worker process" in note for note in info.value.__notes__)
    assert _children() == before


def test_a_worker_that_dies_is_an_error_not_a_short_result() -> None:
    before = _children()
    with pytest.raises(RuntimeError, match="ended unexpectedly"), ForkPool(2, _die_on_two) as pool:
        list(pool.map_in_order(iter(range(10)), window=4))
    assert _children() == before


def test_stopping_early_ends_the_workers() -> None:
    before = _children()
    with ForkPool(2, _square_late) as pool:
        for task, _ in pool.map_in_order(iter(range(100)), window=4):
            if task == 5:
                break
    assert _children() == before
