"""Writing files safely: atomically (all or nothing), and only inside the output directory."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def atomic_file(path: str) -> Iterator[TextIO]:
    """Standard output for ``-``, else a temporary file renamed over ``path`` on success.

    A ``path`` that is there and not a file nor a folder (``/dev/null``, a named pipe, a
    terminal) is written to as it is: renamed over, it would be replaced by a file (run
    as root, ``-o /dev/null`` left a plain file there, and every program writing to
    ``/dev/null`` then failed)."""
    if path == "-":
        yield sys.stdout
        return
    if _special(path):
        with open(path, "w", encoding="utf-8", newline="") as out:
            yield out
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".wxr-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _special(path: str) -> bool:
    """Whether ``path`` is there and neither a file nor a folder (a device, a pipe...)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
"""Windows device names: a file called ``nul.md`` cannot be created or checked out there."""


def is_unsafe(relative: str, forbidden: str = "\\\x00") -> bool:
    """Whether a relative POSIX path could land outside the directory it is joined to.

    Absolute paths, empty, ``.`` or ``..`` segments, the ``forbidden`` characters,
    Windows device names and names over 255 bytes are all refused.
    """
    if not relative or relative.startswith("/") or any(c in relative for c in forbidden):
        return True
    # One loop, not a generator per rule: every file written is checked, twice.
    for part in relative.split("/"):  # not PurePosixPath: it would quietly drop "." and "//"
        if part in ("", ".", "..") or part.partition(".")[0].lower() in RESERVED_NAMES:
            return True
        if len(part) > 63 and len(part.encode("utf-8")) > 255:  # 4 bytes a character at most
            return True
    return False


def place_file(source: str, target: str, *, move: bool) -> None:
    """Put ``source``'s bytes at ``target``: renamed when ``move``, else copied beside the
    target and renamed over it, so that a reader (or a crash) never sees half a file."""
    directory, name = os.path.split(target)
    os.makedirs(directory, exist_ok=True)
    if move:
        os.replace(source, target)
        return
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.wxr-tmp")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        _blame_target(e, target)
        raise


_TARGET_ERRORS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG) if code
)
"""Errors of a copy that only writing causes: a full disk or quota, a file too large."""


def _blame_target(error: BaseException, target: str) -> None:
    """Name ``target`` in a copy's ``error`` that writing caused. ``shutil`` names the
    source first (``filename``) whatever failed, and the command's one-line message
    (``wxr: FILE: reason``) then blamed the upload being copied for a full disk; the
    temporary copy it names second is gone."""
    if isinstance(error, OSError) and error.errno in _TARGET_ERRORS:
        error.filename, error.filename2 = target, None


def name_in(error: BaseException, path: str) -> None:
    """Name ``path`` in ``error`` when it is an ``OSError`` that names no file: a write
    to a full disk (``os.write``, a file object's) raises one, and the command's
    one-line message (``wxr: FILE: reason``) would not say which file failed."""
    if isinstance(error, OSError) and error.filename is None:
        error.filename = path
