"""Standard input (or a pipe) kept in a temporary file, so that it is read as a file is.

A conversion reads the export before the transforms: the index pass, and with
``--lang`` the pass that learns which items each attachment and menu entry serves
(``wxr_tools.followers``); a large file is read in parts on every core. Standard input,
or a pipe given as a path (``<(zcat export.xml.gz)``), can be read once, so a run copies
it here first, a chunk at a time (memory stays flat;
disk holds the export's size for the run), and reads the copy as a file given by name:
the same passes, so the same output. Findings name ``<stdin>`` (or the pipe's path),
not the copy (``named``). WordPress's importer needs every id known before new ones are given (the
WXR writer numbers a split post's copies past them): no choice made while streaming is
sure not to collide. The copy is deleted when the run ends (``close``); one that a
killed run left is deleted by the next run (``scratch.sweep_shared``).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
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


def piped(sources: tuple[str, ...]) -> str | None:
    """The one source that can be read only once: ``-`` (standard input) or a pipe given
    as a path (``<(zcat export.xml.gz)``, ``/dev/fd/N``); None for files."""
    if len(sources) != 1:
        return None
    source = sources[0]
    if source == "-":
        return source
    try:
        return source if stat.S_ISFIFO(os.stat(source).st_mode) else None
    except OSError:
        return None  # the reader says what is wrong with it


class Spool:
    """A copy of ``source`` (standard input or a pipe, its bytes as they come: gzip stays
    gzip) at ``path``, until ``close``; findings name ``source``, not the copy."""

    def __init__(self, stream: BinaryIO | None = None, source: str = "-") -> None:
        self.name = STDIN if source == "-" else source
        folder = run_folder()
        self._delete = weakref.finalize(self, shutil.rmtree, folder, True)
        self.path = os.path.join(folder, "stdin.xml")
        try:
            with contextlib.ExitStack() as stack:
                if stream is None:
                    stream = (
                        sys.stdin.buffer
                        if source == "-"
                        else stack.enter_context(open(source, "rb"))
                    )
                with open(self.path, "xb") as copy:
                    shutil.copyfileobj(stream, copy, CHUNK)
        except BaseException:
            self.close()
            raise

    def open(self) -> BinaryIO:
        """The copy, for the reader, named as its source (``STDIN`` for standard input):
        the reader names the findings' file after its source's name."""
        raw = io.FileIO(self.path, "rb")
        raw.name = self.name
        return io.BufferedReader(raw)

    def named(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` as reading standard input gives it: a pass that read the copy
        names the copy, in its path or its message."""
        path = self.path
        if diagnostic.path != path and path not in diagnostic.message:
            return diagnostic
        where = self.name if diagnostic.path == path else diagnostic.path
        message = diagnostic.message.replace(path, self.name)
        return replace(diagnostic, path=where, message=message)

    def renamed(self, error: InputError) -> InputError:
        """``error`` as reading standard input gives it (``named``)."""
        found = self.named(error.diagnostic)
        return error if found is error.diagnostic else InputError(found, error.items_read)

    def close(self) -> None:
        """Delete the copy (again: nothing happens)."""
        self._delete()
