"""Standard input kept in a temporary file, for a conversion that must read it twice.

Standard input is read once, so a conversion from it has no index (WXR503): most
writers make do, but ``--to wxr`` cannot. It numbers the copies of a post split by
language past every id of the export, and on standard input a later item could hold
the id it gave: WordPress's importer keeps the first item of an id and skips the
other, so a post would be lost. The writer also changes references to items the
filters leave out, which it can only know ahead with an index. So that conversion
copies standard input to a file first and reads that, as it reads any file: the same
input gives the same bytes, piped or named. It costs the export's size on disk, for
the run only.

The file is in ``$TMPDIR/wxr-scratch-<pid>-<random>/``, the folder the scratch
database's shared copies use: deleted when the run ends, even on an error or Ctrl-C;
a run killed before that (SIGKILL) leaves it to the next run that spools or shares,
which deletes it (``scratch.sweep_shared``). Findings name ``<stdin>``, not the file.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from wxr_tools.diagnostics import Diagnostic, InputError
from wxr_tools.scratch import SHARED_PREFIX, sweep_shared

NAME = "<stdin>"
"""What findings call standard input (as the reader does when it reads it itself)."""
_CHUNK = 1 << 20


@contextmanager
def stdin_file() -> Iterator[str]:
    """The path of a temporary copy of standard input (gzip stays gzip: the reader
    knows it by its bytes); an ``InputError`` raised inside names ``<stdin>``."""
    directory = tempfile.gettempdir()
    sweep_shared(directory)
    folder = tempfile.mkdtemp(prefix=f"{SHARED_PREFIX}{os.getpid()}-", dir=directory)
    path = os.path.join(folder, "stdin.xml")
    try:
        with open(path, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out, _CHUNK)
        try:
            yield path
        except InputError as error:
            raise InputError(named(error.diagnostic, path), error.items_read) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def named(diagnostic: Diagnostic, path: str) -> Diagnostic:
    """``diagnostic`` with the temporary file ``path`` called ``<stdin>``."""
    if diagnostic.path != path and path not in diagnostic.message:
        return diagnostic
    where = NAME if diagnostic.path == path else diagnostic.path
    return replace(diagnostic, path=where, message=diagnostic.message.replace(path, NAME))
