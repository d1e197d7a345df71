"""One export read as several parts: byte ranges that each start at an ``<item>``.

A WordPress export is a header followed by a flat run of ``<item>`` elements, so
the file can be cut just before an item's start tag and every part read on its
own: the first part is the file's start (its real header), cut short and closed
with ``</channel></rss>``; each later part is read after a synthetic one-line
prolog (``<?xml ... encoding?><rss xmlns...><channel>``) that declares what the
file's channel declares, and every part but the last is closed the same way.
Lines and item counts are shifted back to the whole file's.

Why a cut cannot silently change what is read: a cut is only made where
``</item>``, a line break and ``<item>`` follow one another. If that text were not
really the end of one item and the start of the next (it sits in a CDATA section,
a comment, or an element nested in an item), the part *before* the cut would end
inside that CDATA section, comment or element, and reading it fails. So every
cut that the part before it read cleanly is a real item boundary, and when a part
fails, the reading goes on from its start, sequentially, to the end of the file
(``parallel`` does that): the result, errors included, is the sequential one.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, BinaryIO

from wxr_tools.model import Author, Site, Term
from wxr_tools.reader import Export

if TYPE_CHECKING:
    from wxr_tools.reader.itemspool import ItemSpool

CUT = re.compile(rb"</item>[ \t\r]*\n[ \t]*(<item>)")
"""Where a part may start: at the ``<item>`` (group 1) of this pattern."""

EPILOG = b"</channel></rss>"

ASCII_COMPATIBLE = re.compile(
    r"^(utf-?8|us-ascii|ascii|iso-?8859-\d+|latin-?1|(windows|cp)-?125\d)$"
)
"""Encodings in which the byte patterns above mean what they say."""

_READ_AHEAD = 1 << 16

WINDOW_LIMIT = 8 << 20
"""Bytes a part at most to be parsed in one piece (``window``), its tree in memory
at once (some five times its size): parts are cut past 4 MB at most, so only one
holding a very large item is read event by event, its memory bounded by that item."""


@dataclass(frozen=True, slots=True)
class Header:
    """What every part needs of the whole file: its header, and how to parse its bytes."""

    site: Site
    authors: tuple[Author, ...]
    terms: tuple[Term, ...]
    namespaces: tuple[tuple[str, str], ...]
    """(prefix, URI), "" for the default namespace."""
    encoding: str
    tag_lines: tuple[tuple[str, int], ...] = ()
    """The lines the file's root and channel start tags begin on: a part's synthetic
    prolog opens them on its line 1, and libxml2 names that line in some messages."""

    def prolog(self) -> bytes:
        """The synthetic start of a later part, on one line, so its line 1 is the cut's."""
        declarations = "".join(
            f' xmlns{":" + prefix if prefix else ""}="{_escape(uri)}"'
            for prefix, uri in self.namespaces
        )
        head = f'<?xml version="1.0" encoding="{_escape(self.encoding)}"?>'
        return f"{head}<rss{declarations}><channel>".encode(self.encoding)


def _escape(value: str) -> str:
    """``html.escape(value)``, without importing ``html`` (and its entity table) for it."""
    for char, entity in _ENTITIES:
        value = value.replace(char, entity)
    return value


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))

DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def header_of(export: Export) -> Header | None:
    """The header the parts of ``export`` need; None when the file cannot be cut safely."""
    with open(export.path, "rb") as f:
        declared = DECLARED.match(f.read(1024))
    encoding = declared.group(1).decode("ascii") if declared else "UTF-8"
    if not ASCII_COMPATIBLE.match(encoding.lower()):
        return None  # UTF-16 and friends: the byte patterns would not match anything
    try:
        header = Header(
            site=export.site,
            authors=tuple(export.authors),
            terms=tuple(export.terms),
            namespaces=tuple(export.namespaces.items()),
            encoding=encoding,
            tag_lines=export.tag_lines,
        )
        header.prolog()
    except (UnicodeEncodeError, LookupError):
        return None
    return header


@dataclass(frozen=True, slots=True)
class Segment:
    """Bytes ``start`` to ``end`` (None: the end of the file), starting on ``line``."""

    start: int
    end: int | None
    line: int
    items_before: int = 0
    """Items read before ``start`` (known when the rest of a file is read after a
    failed part, for the "N items read before the error" of a message)."""
    end_line: int | None = None
    """The line ``end`` is on (the next part's ``line``; None with ``end``): the items of
    the part are those whose lines are from ``line`` up to it (``reader.itemspool``)."""
    inner: tuple[int, ...] = ()
    """Of a run of parts (``Cuts.runs``): the lines its parts but the first start on. The
    index pass ends its spool's batches there, so that a part of the main pass loads
    only batches of its own items (``reader.itemspool``)."""


def plan(path: str, size: int, tail: int = 0) -> Iterator[Segment]:
    """Cut the file at ``path`` into parts of about ``size`` bytes, lazily, in one read;
    its last ``tail`` bytes into parts of a quarter of that.

    Parts end in the order they were handed out, give or take one: the workers that
    finish theirs first wait, with their cores idle, for the last ones. Smaller last
    parts make that wait shorter; a part's fixed cost is small next to it.
    """
    with open(path, "rb") as f:
        start, line = 0, 1
        end = os.fstat(f.fileno()).st_size
        whole = size
        while True:
            if end - start <= tail:
                size = max(whole // 4, 1)
            f.seek(start)
            data = f.read(size)
            found = _cut(f, data) if len(data) >= size else None
            if found is None:
                yield Segment(start, None, line)
                return
            cut, breaks = found
            end_line = line + breaks
            yield Segment(start, start + cut, line, end_line=end_line)
            line = end_line
            start += cut


class Cuts:
    """The parts ``plan`` cuts a file into, kept as they are made: a conversion's index
    pass reads runs of them (``runs``), and its main pass, which reads the file in parts
    of this size, takes them again (``made``) instead of reading the whole file a second
    time to cut it (``itemspool.ItemSpool.cuts``)."""

    def __init__(self, path: str, size: int, tail: int) -> None:
        self.key = (path, size, tail)
        self.made: list[Segment] = []
        self.whole = False
        """Whether ``made`` holds every part, up to the end of the file."""

    def runs(self, size: int, tail: int) -> Iterator[Segment]:
        """The file in parts of about ``size`` bytes (a quarter of that in its last ``tail``
        bytes, as ``plan`` would cut them), each a run of whole parts of this plan, which
        tells where the others start (``Segment.inner``): a run ends at the first part's
        end that is ``size`` bytes or more past its start."""
        path, fine, fine_tail = self.key
        end = os.path.getsize(path)
        self.made, self.whole = [], False  # made again, from the start
        run: list[Segment] = []
        for segment in plan(path, fine, fine_tail):
            self.made.append(segment)
            run.append(segment)
            start = run[0].start
            want = size if end - start > tail else max(size // 4, 1)
            if segment.end is None:
                self.whole = True  # before the yield: the reader may stop at the last run
            elif segment.end - start < want:
                continue
            yield Segment(
                start,
                segment.end,
                run[0].line,
                end_line=segment.end_line,
                inner=tuple(part.line for part in run[1:]),
            )
            run = []


def _cut(f: BinaryIO, data: bytes) -> tuple[int, int] | None:
    """Where the part whose first bytes are ``data`` ends (``f`` read up to their end): the
    first ``CUT`` that ends past them, as an offset in the part, and the line breaks
    before it; None when the file ends first.

    A match is searched for from the last bytes of ``data`` on, then, as each read
    ahead comes, from 64 bytes before the end of what was read (as ``plan`` always
    has: a match that starts earlier, in a run of blank space, is passed over). The
    search looks at a window from there, and the line breaks before the window are
    counted as it moves on: ``data`` is not copied into a larger buffer with each read
    ahead (for 1 MB parts, about a third of what cutting a file cost; a 10 MB item's
    bytes were copied again for each 64 KB).
    """
    searched = max(len(data) - len(b"</item>"), 0)
    breaks = line_breaks(data, searched)  # a match starts at ``searched`` or later
    window = data[searched:]
    while (found := CUT.search(window)) is None:
        more = f.read(_READ_AHEAD)
        if not more:
            return None
        moved = max(len(window) - 64, 0)  # the next search starts 64 bytes back
        breaks += window.count(b"\n", 0, moved)
        searched += moved
        window = window[moved:] + more
    at = found.start(1)
    return searched + at, breaks + window.count(b"\n", 0, at)


def line_breaks(data: bytes, end: int) -> int:
    """``data.count(b"\\n", 0, end)``, in a third of the instructions: ``count`` looks at
    each byte in turn, ``replace`` finds the line breaks with ``memchr`` (which the
    copies it makes cost less than). Cutting a file counts the lines of all its bytes."""
    head = data[:end]
    return len(head) - len(head.replace(b"\n", b""))


class SegmentFile(io.RawIOBase):
    """``prolog`` + the bytes of ``path`` from ``start`` to ``end`` + ``epilog``."""

    def __init__(
        self, path: str, start: int, end: int | None, prolog: bytes, epilog: bytes
    ) -> None:
        super().__init__()
        self.name = path
        self._file = open(path, "rb")  # noqa: SIM115 - closed with this object
        self._file.seek(start)
        self._left = None if end is None else end - start
        self._prolog = prolog
        self._epilog = epilog

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._prolog:
            n = min(len(view), len(self._prolog))
            view[:n] = self._prolog[:n]
            self._prolog = self._prolog[n:]
            return n
        if self._left is None or self._left > 0:
            want = len(view) if self._left is None else min(len(view), self._left)
            n = self._file.readinto(view[:want])
            if n:
                if self._left is not None:
                    self._left -= n
                return n
            self._left = 0
        n = min(len(view), len(self._epilog))
        view[:n] = self._epilog[:n]
        self._epilog = self._epilog[n:]
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


def open_segment(
    path: str,
    header: Header,
    segment: Segment,
    *,
    light: bool = False,
    digests: bool = False,
    spool: ItemSpool | None = None,
) -> Export:
    """An export of the items of ``segment`` alone, with the file's lines and header
    (its items from ``spool``, when the index pass kept them there).

    The first part (``start`` 0) reads the real header again, so its diagnostics
    start at ``header_diagnostics``, like any part's.
    """
    first = segment.start == 0
    prolog = b"" if first else header.prolog()
    epilog = b"" if segment.end is None else EPILOG
    stream = SegmentFile(path, segment.start, segment.end, prolog, epilog)
    window = None
    if header.encoding.lower() in ("utf-8", "utf8"):
        end = os.path.getsize(path) if segment.end is None else segment.end
        if end - segment.start <= WINDOW_LIMIT:  # parsed in one piece (``window``)
            window = partial(SegmentFile, path, segment.start, segment.end, prolog, epilog)
    export = Export(
        io.BufferedReader(stream, 1 << 16),
        light=light,
        header=None if first else header,
        line_offset=segment.line - 1,
        items_before=segment.items_before,
        digests=digests,
        spool=spool,
        window=window,
    )
    export.segment = segment
    return export
