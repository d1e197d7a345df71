"""Standard input kept in a temporary file, for a run that has to read the export twice.

A conversion with ``--lang`` reads the export before the transforms, twice: the index
pass, then the pass that learns which items each attachment and menu entry serves
(``wxr_tools.followers``). Standard input can be read once, so such a run copies it here
first, a chunk at a time (memory stays flat), and reads the copy as it reads a file
given by name: the same passes, so the same output. The items are read from the copy
as ``<stdin>``, so findings name standard input as before. The copy is deleted when the
run ends (``close``); one that a killed run left is deleted by the next run
(``scratch.sweep_shared``).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import weakref
from dataclasses import replace
from typing import BinaryIO

from wxr_tools.diagnostics import InputError
from wxr_tools.scratch import run_folder

CHUNK = 1 << 20
"""Bytes copied at a time."""
STDIN = "<stdin>"
"""How the reader names standard input (``stream.open_source``)."""


class Spool:
    """A copy of ``stream`` (standard input's bytes, as they come: gzip stays gzip) at
    ``path``, until ``close``."""

    def __init__(self, stream: BinaryIO | None = None) -> None:
        source = stream if stream is not None else sys.stdin.buffer
        folder = run_folder()
        self._delete = weakref.finalize(self, shutil.rmtree, folder, True)
        self.path = os.path.join(folder, "stdin.xml")
        try:
            with open(self.path, "xb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
        except BaseException:
            self.close()
            raise

    def open(self) -> BinaryIO:
        """The copy, for the reader, named as standard input (``STDIN``): the reader
        names the findings' file after its source's name."""
        raw = io.FileIO(self.path, "rb")
        raw.name = STDIN
        return io.BufferedReader(raw)

    def renamed(self, error: InputError) -> InputError:
        """``error`` as reading standard input gives it: a pass that read the copy
        names the copy."""
        found = error.diagnostic
        if found.path != self.path:
            return error
        return InputError(replace(found, path=STDIN), error.items_read)

    def close(self) -> None:
        """Delete the copy (again: nothing happens)."""
        self._delete()
