"""A lock file a run holds while it lasts: another run can tell whether it is over, on
any system (``staging`` tells a killed run's folder so; on Windows, where asking
whether a process id is alive is no harmless question, it is the only way).

The run creates the file, locks it (``flock`` on POSIX, ``msvcrt.locking`` on
Windows: either lock is released by the system when the process ends, however it
ends, even killed) and only then writes its process id in it. Another run that can
lock the file and finds it not empty knows its maker is gone; an empty one may be a
file whose maker has not locked it yet, so it tells nothing. Nor does a file system
without locks: there the file stays empty.

A lock of ``flock`` belongs to the open file, which processes forked by the run share:
while a worker that may still write lives on, the run is not over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys

NAME = ".wxr-staging-lock"
"""The lock file's name, in the folder it guards."""

_BINARY = getattr(os, "O_BINARY", 0)

if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> bool:
        """Lock the file's first byte; False when another holds it."""
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EDEADLOCK):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)  # the locked byte: writing moved the position
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        """Lock the file; False when another open file holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def hold(path: str) -> tuple[int, bool]:
    """Create the lock file ``path`` and lock it: its descriptor, for ``release``, and
    whether it is locked (not on a file system without locks)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _BINARY, 0o644)
    try:
        locked = _lock(fd)  # a new file: nobody else holds it
    except OSError:
        locked = False
    if not locked:
        return fd, False  # left empty: nobody can tell, as without the file
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
    except BaseException:
        release(fd, locked)
        raise
    return fd, locked


def release(fd: int, locked: bool) -> None:
    """Unlock and close the lock file ``hold`` made (to be removed after: on Windows an
    open file cannot be)."""
    try:
        if locked:
            with contextlib.suppress(OSError):  # closing unlocks it all the same
                _unlock(fd)
    finally:
        os.close(fd)


def over(path: str) -> bool | None:
    """Whether the run that made the lock file ``path`` is over: True when this process
    can lock it and it is not empty, False when another holds it, None when nobody can
    tell (no such file, an empty one, a file system without locks)."""
    try:
        fd = os.open(path, os.O_RDONLY | _BINARY)
    except OSError:
        return None
    try:
        if not _lock(fd):
            return False
        written = os.fstat(fd).st_size > 0
        _unlock(fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    return True if written else None
