"""The first fatal error of a strict parse: what WXR101 reports, whatever the chunking.

lxml feeds libxml2 the bytes in the pieces the stream hands it and, when the parse
fails, raises with libxml2's *last* error. What libxml2 says last depends on where
the pieces end: after an undefined entity (which lxml lets through when entities
are not resolved) lxml starts a new document with the next piece, so the same file
failed with "no element found" (line 0) when read whole and "Start tag expected"
or an undeclared prefix (line 1) when read in pieces, and items after the error
could have been read from that new document. The first fatal error in the parser's
log is where the problem really is, and the same however the bytes arrive.

``Watch`` is called before each piece is read (``ByteSource.before_read``): it keeps
the first fatal error it sees in the log (lxml clears the log when it starts again)
and stops the parse there, so nothing past the error is ever read as items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

_FATAL = 3  # libxml2's XML_ERR_FATAL
_ERROR = 2  # XML_ERR_ERROR: a namespace error; libxml2 goes on after one
_LXML_POSITION = re.compile(r"(, line \d+, column \d+)?( \([^)]*\))?$")
_TAG_LINE = re.compile(r"(\S+) line (\d+)\b")
"""libxml2 names the line of an open tag in some messages ("tag item line 9")."""


@dataclass(frozen=True, slots=True)
class ParseError:
    """A parse error, as a message reports it: libxml2's words and position."""

    message: str
    line: int | None
    column: int | None


class Stopped(Exception):
    """Raised from the stream's read: the parse has met a fatal error."""


class Watch:
    """Keeps the first fatal error of an ``iterparse`` run (see the module docstring)."""

    def __init__(self) -> None:
        self.context: etree.iterparse | None = None
        self.first: etree._LogEntry | None = None

    def __call__(self) -> None:
        if self.first is None and self.context is not None:
            self.first = _first_of(self.context.error_log, _FATAL)
        if self.first is not None:
            raise Stopped

    def error(
        self, raised: Exception, line_offset: int = 0, tag_lines: dict[str, int] | None = None
    ) -> ParseError:
        """The error to report for ``raised`` (lxml's, or ``Stopped``): the first fatal
        one of the run, else the first error, else lxml's own. For a part of a file
        (``segments``): ``line_offset``, the lines before it, and ``tag_lines``, the
        file's lines of the start tags its synthetic prolog opens on its line 1."""
        log = self.context.error_log if self.context is not None else None
        entry = self.first
        if entry is None and log is not None:
            entry = _first_of(log, _FATAL) or _first_of(log, _ERROR)
        if entry is not None:
            message = entry.message or "not well-formed"
            line, column = entry.line, entry.column
        elif isinstance(raised, etree.XMLSyntaxError):
            message = _LXML_POSITION.sub("", raised.msg or str(raised))
            line, column = raised.position if raised.position else (0, 0)
        else:  # Stopped always has an entry; kept total for mypy
            message, line, column = "not well-formed", 0, 0
        if tag_lines or line_offset:
            message = _TAG_LINE.sub(lambda m: _file_line(m, line_offset, tag_lines or {}), message)
        message = " ".join(message.split())  # one line, whatever libxml2 put in
        # libxml2 gives line 0 when it does not know.
        return ParseError(message, line + line_offset if line else None, column or None)


def _file_line(match: re.Match[str], line_offset: int, tag_lines: dict[str, int]) -> str:
    """A tag's line in a message about a part, as the file's: the part's own lines are
    ``line_offset`` further on, and line 1 holds the synthetic start tags too."""
    name, line = match.group(1), int(match.group(2))
    if line == 1 and name in tag_lines:
        line = tag_lines[name]
    else:
        line += line_offset
    return f"{name} line {line}"


def _first_of(log: etree._ListErrorLog, level: int) -> etree._LogEntry | None:
    return next((entry for entry in log if entry.level == level), None)
