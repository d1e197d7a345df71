"""A zip made entry by entry, for Ghost's import zip (``ghostzip``): ``ZipBuild``.

* Streamed: the JSON is written straight into the zip, its first entry, as it is made
  (``GhostZip.json_file``): never a copy of it on disk besides the zip, nor whole in
  memory. Its size is not known when its entry starts, so the entry is ZIP64 from the
  start (a 2 GiB JSON needs it; a small one's header carries its sizes in the ZIP64
  field, which every unzip reads).
* Atomic: the zip is made in a temporary file beside it (``.wxr-*.tmp``), renamed over
  ``NAME.zip`` once complete, removed after a failure.
* Deterministic: the JSON first, then the files by name, each with a fixed date
  (1980-01-01), mode and compression: the same input gives the same bytes.

Apart from ``ghostzip``, which decides what goes in the zip and under which names: this
module lays the bytes down (``ZipBuild.text`` for the JSON, ``ZipBuild.add`` for a file
from disk, each entry's fixed header by ``_info``) and knows nothing of Ghost.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from wxr_tools.writers.files import is_unsafe

EPOCH = (1980, 1, 1, 0, 0, 0)
"""Every entry's date: the earliest a zip can hold, so that re-runs give the same bytes."""
# Already compressed: deflating them again costs time and saves nothing.
_COMPRESSED = frozenset(
    (
        *(".jpg", ".jpeg", ".gif", ".png", ".webp", ".ico", ".svgz"),
        *(".mp4", ".webm", ".ogv", ".mp3", ".ogg", ".m4a"),
        *(".pdf", ".odp", ".ods", ".odt", ".pptx", ".xlsx"),
    )
)
UNSAFE = "\\\x00:"
"""Besides ``..`` and absolute names: what a zip name must not hold (Windows paths)."""


class ZipBuild:
    """A zip being made at ``output``: in a temporary file beside it, entry by entry,
    each streamed (never a whole file in memory); ``commit`` renames it over ``output``,
    ``discard`` removes it."""

    def __init__(self, output: str) -> None:
        self.output = output
        fd, self.tmp = tempfile.mkstemp(dir=os.path.dirname(output), prefix=".wxr-", suffix=".tmp")
        self._raw = os.fdopen(fd, "wb")
        self._archive = zipfile.ZipFile(self._raw, "w")

    @contextmanager
    def text(self, name: str) -> Iterator[TextIO]:
        """The entry ``name``, written as UTF-8 text as it is made. ZIP64 from the start:
        its size is not known until it is written."""
        with (
            self._archive.open(_info(name), "w", force_zip64=True) as entry,
            io.TextIOWrapper(entry, encoding="utf-8", newline="") as out,
        ):
            yield out

    def add(self, name: str, source: str) -> None:
        """The file ``source`` as the entry ``name``."""
        info = _info(name)
        info.file_size = os.path.getsize(source)  # decides ZIP64 for files over 2 GiB
        with open(source, "rb") as f, self._archive.open(info, "w") as out:
            shutil.copyfileobj(f, out, 1 << 20)

    def commit(self) -> None:
        self._archive.close()
        self._raw.close()
        os.replace(self.tmp, self.output)

    def discard(self) -> None:
        """The zip left unfinished: its temporary file removed."""
        try:
            with self._raw:
                self._archive.close()  # else its finalizer writes into the closed file
        except (OSError, ValueError):
            pass  # what failed (a full disk, an entry left open) fails again: it goes anyway
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def _info(name: str) -> zipfile.ZipInfo:
    """The entry ``name``'s fixed header: the same bytes wherever and whenever it runs."""
    if is_unsafe(name, UNSAFE):
        # The store refused such destinations already: this is the last line.
        raise ValueError(f"refusing a zip entry outside its root: {name!r}")
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.create_system = 3  # Unix, wherever it runs: the same bytes everywhere
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    extension = posixpath.splitext(name)[1].lower()
    info.compress_type = zipfile.ZIP_STORED if extension in _COMPRESSED else zipfile.ZIP_DEFLATED
    return info
