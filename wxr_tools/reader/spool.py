"""Standard input kept in a temporary file, so that it is read as a file is.

A conversion reads the export before the transforms: the index pass, and with
``--lang`` the pass that learns which items each attachment and menu entry serves
(``wxr_tools.followers``); a large file is read in parts on every core. Standard input
can be read once, so a run copies it here first, a chunk at a time (memory stays flat;
disk holds the export's size for the run), and reads the copy as a file given by name:
the same passes, so the same output. Findings name ``<stdin>``, not the copy
(``named``). WordPress's importer needs every id known before new ones are given (the
WXR writer numbers a split post's copies past them): no choice made while streaming is
sure not to collide. The copy is deleted when the run ends (``close``); one that a
killed run left is deleted by the next run (``scratch.sweep_shared``).
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import weakref
from dataclasses import replace
from typing import BinaryIO

from wxr_tools.diagnostics import Diagnostic, InputError
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

    def named(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` as reading standard input gives it: a pass that read the copy
        names the copy, in its path or its message."""
        path = self.path
        if diagnostic.path != path and path not in diagnostic.message:
            return diagnostic
        where = STDIN if diagnostic.path == path else diagnostic.path
        return replace(diagnostic, path=where, message=diagnostic.message.replace(path, STDIN))

    def renamed(self, error: InputError) -> InputError:
        """``error`` as reading standard input gives it (``named``)."""
        found = self.named(error.diagnostic)
        return error if found is error.diagnostic else InputError(found, error.items_read)

    def close(self) -> None:
        """Delete the copy (again: nothing happens)."""
        self._delete()
