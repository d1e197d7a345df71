"""A fresh output written out of sight, then published at once.

When the output directory held nothing as the run began (``Output.fresh``), the whole
site is written into a hidden folder inside it (``.wxr-staging-<pid>-<random>``), each
file in place: nobody reads that folder, so a file need not go through a temporary
name and a rename to never be seen half written (on ext4 the rename cost as much system
time as writing the file). When the run ends, the folder's few top-level entries
(``content``, ``data``, the configuration...) are renamed into the output directory,
the marker last; a run that fails or is interrupted removes the folder, and nothing of
it is ever visible. The media files copied in (``--media-from``) are staged too (the
pages then go through temporary names, as into a directory that was not empty: a
media file may be there first); not those ``--download`` fetches: a run that fails
keeps them, and their manifest, not to fetch them again.

A folder left by a run that was killed is no part of the output: it is ignored when
telling a fresh or foreign directory, never published, and removed once its run is
known to be over: the run holds a lock file in its folder while it lasts (``runlock``),
which the system releases when the run's processes end, on any system; a folder
without one (made by an older version) is its process's as long as it runs (POSIX
only: elsewhere such a folder is only ignored).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

from wxr_tools.writers.markdown import runlock

PREFIX = ".wxr-staging-"

_held: dict[str, tuple[int, bool]] = {}
"""The lock file of each staging folder this process's runs write in (``runlock.hold``)."""


def entries(root: str, tidy: bool = True) -> list[str]:
    """The names in the directory ``root`` but staging folders; those whose run is over
    are removed on the way (``tidy``: not in a dry run, which changes nothing). Only a
    folder is one (a file or a link of that name is someone's, as any other)."""
    names = []
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if not name.startswith(PREFIX) or os.path.islink(path) or not os.path.isdir(path):
            names.append(name)
        elif tidy and _gone(path, name):
            shutil.rmtree(path, ignore_errors=True)
    return names


def _gone(path: str, name: str) -> bool:
    """Whether the run that made the staging folder ``path`` (named ``name``) is over.

    Its lock file says so (``runlock``). Without one that tells, its process must have
    ended, which is only asked where asking is harmless (``os.kill`` with signal 0 on
    POSIX; on Windows it would end the process): elsewhere such a leftover is only
    ignored. A folder of this process is kept (a run still going, in a thread), and so
    is one whose run may still go on: two runs into one directory must not destroy
    each other's work.
    """
    pid, _, _ = name[len(PREFIX) :].partition("-")
    if pid == str(os.getpid()):
        return False
    over = runlock.over(os.path.join(path, runlock.NAME))
    if over is not None:
        return over
    return _ended(pid)


def _ended(pid: str) -> bool:
    """Whether the process ``pid`` (from a folder's name) has ended, where that can be
    asked harmlessly; False where it cannot."""
    if os.name != "posix" or not pid.isdigit() or int(pid) in (0, os.getpid()):
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process: alive
        return False
    return False


def make(root: str) -> str:
    """A new staging folder in ``root`` (made if missing), with nothing in it but its
    lock file, held until ``publish`` or ``discard``. If it cannot be made, nothing
    of it is left (nor ``root``, if made here)."""
    made = not os.path.isdir(root)
    os.makedirs(root, exist_ok=True)
    folder = ""
    try:
        folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root)
        _held[folder] = runlock.hold(os.path.join(folder, runlock.NAME))
    except BaseException:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        if made:
            with contextlib.suppress(OSError):
                os.rmdir(root)
        raise
    return folder


def _release(folder: str) -> None:
    """Release the lock of ``folder`` (if this process holds it) and remove its file:
    the folder is over. Another run may remove it meanwhile, or (Windows) hold the file
    open a moment to test it, so that it cannot be removed: left, with its lock free,
    for a later run to remove."""
    held = _held.pop(folder, None)
    if held is not None:
        runlock.release(*held)
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(folder, runlock.NAME))


def publish(staging: str, root: str, last: str) -> None:
    """Move everything in ``staging`` to the same place in ``root``, ``last`` (the
    marker, which says the directory is a whole site of ours) after the rest; the
    lock file stays, held until everything else is moved, then goes."""
    names = sorted(os.listdir(staging), key=lambda name: name == last)
    for name in names:
        if name != runlock.NAME:
            _move(os.path.join(staging, name), os.path.join(root, name))
    _release(staging)
    with contextlib.suppress(OSError):  # everything is published: see ``_release``
        os.rmdir(staging)


def _move(source: str, destination: str) -> None:
    """Rename ``source`` to ``destination``; a directory that something else made there
    meanwhile gets the files one by one, each replacing its namesake, as writing them
    there directly would have."""
    try:
        os.replace(source, destination)
    except OSError:
        both = os.path.isdir(destination) and not os.path.islink(destination)
        if not (both and os.path.isdir(source) and not os.path.islink(source)):
            raise
        for name in os.listdir(source):
            _move(os.path.join(source, name), os.path.join(destination, name))
        os.rmdir(source)


def discard(staging: str, root: str, made_root: bool) -> None:
    """Remove the staging folder of a run that did not finish, and ``root`` too when
    the run made it and it is empty: the run leaves nothing behind."""
    _release(staging)
    shutil.rmtree(staging, ignore_errors=True)
    if made_root:
        with contextlib.suppress(OSError):  # something else is there now: not ours
            os.rmdir(root)


def rename_in(error: BaseException, staging: str, root: str) -> None:
    """Name a file of the discarded folder ``staging`` that ``error`` names where it was
    to go in ``root``: the folder is gone, and its name says nothing to the user."""
    if not isinstance(error, OSError):
        return
    inside = staging + os.sep
    for attribute in ("filename", "filename2"):
        name = getattr(error, attribute)
        if isinstance(name, str) and name.startswith(inside):
            setattr(error, attribute, os.path.join(root, name[len(inside) :]))
