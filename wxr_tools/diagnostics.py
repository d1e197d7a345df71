"""Diagnostics as data: every code, its severity and its documentation live here.

Content problems never raise: the reader and the checks produce ``Diagnostic``
records and go on. Exceptions are for the tool failing, in one small hierarchy::

    WxrError                  anything wxr_tools raises on purpose
    ├── InputError            the input cannot be read as WXR (exit code 1)
    └── UsageError            a bad option or argument (exit code 2)

I/O errors stay ``OSError`` (exit code 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code with its default severity and documentation."""

    code: str
    severity: Severity
    title: str
    explanation: str


_CODES = (
    Code(
        "WXR100",
        Severity.ERROR,
        "not an RSS document",
        "The file's root element is not <rss>: it is not a WordPress export. "
        "Check that you exported with Tools > Export, not another feed or a backup.",
    ),
    Code(
        "WXR101",
        Severity.ERROR,
        "not well-formed XML",
        "The XML parser stopped at the given line and column. Items before that point "
        "were read. Run with --recover to repair what can be repaired and continue.",
    ),
    Code(
        "WXR102",
        Severity.ERROR,
        "DOCTYPE or entity declaration",
        "WordPress never writes a DOCTYPE. A DOCTYPE or <!ENTITY> declaration can make a "
        "parser read local files, reach the network or expand entities without bound "
        "('billion laughs'), so the file is refused, as WordPress's importer does.",
    ),
    Code(
        "WXR103",
        Severity.WARNING,
        "illegal characters",
        "Characters that XML forbids (control characters) were found. With --recover they "
        "are removed and each removal is reported.",
    ),
    Code(
        "WXR104",
        Severity.ERROR,
        "missing or invalid WXR version",
        "/rss/channel/wp:wxr_version must exist and look like 1.2. WordPress's importer "
        "refuses files without it; with --recover wxr_tools reads them anyway.",
    ),
    Code(
        "WXR105",
        Severity.WARNING,
        "unknown WXR version",
        "The export declares a WXR version newer than 1.2. It is read like 1.2.",
    ),
    Code(
        "WXR106",
        Severity.WARNING,
        "channel metadata after the first item",
        "WordPress writes authors, terms and site fields before the items. Elements found "
        "after the first item are still read, but streaming consumers saw the header "
        "before them.",
    ),
    Code(
        "WXR107",
        Severity.WARNING,
        "missing required item field",
        "An item has no wp:post_id, wp:post_type or wp:status. Importers cannot place it.",
    ),
    Code(
        "WXR108",
        Severity.WARNING,
        "unparsable date",
        "A date field is not in MySQL format (YYYY-MM-DD HH:MM:SS). The raw value is kept "
        "in the item's extra list.",
    ),
    Code(
        "WXR109",
        Severity.WARNING,
        "recovered XML error",
        "In --recover mode the reader repaired the file here (a raw '&', an unescaped "
        "']]>' inside CDATA, an undeclared prefix, ...). Check the named item.",
    ),
    Code(
        "WXR110",
        Severity.WARNING,
        "bad integer field",
        "An integer field (id, parent, menu order, ...) holds text that is not a number. "
        "The raw value is kept in the item's extra list.",
    ),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """One finding about the input, with where it was found."""

    code: str
    message: str
    """One line, no trailing period, naming the thing."""
    severity: Severity | None = None
    """None means the code's default severity."""
    path: str = ""
    line: int | None = None
    column: int | None = None
    item_id: int | None = None

    @property
    def level(self) -> Severity:
        return self.severity if self.severity is not None else CODES[self.code].severity

    def format(self) -> str:
        """``path:line:col: CODE severity message``, as compilers print it."""
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        item = f" [item {self.item_id}]" if self.item_id is not None else ""
        return f"{where}: {self.code} {self.level} {self.message}{item}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.level),
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "item_id": self.item_id,
            "message": self.message,
        }


class WxrError(Exception):
    """Base of every exception wxr_tools raises on purpose."""


class InputError(WxrError):
    """The input cannot be read as a WordPress export."""

    def __init__(self, diagnostic: Diagnostic, items_read: int = 0) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic
        self.items_read = items_read


class UsageError(WxrError):
    """A bad option or argument."""
