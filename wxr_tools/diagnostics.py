"""Diagnostics as data: every code, its severity and its documentation live here.

Content problems never raise: the reader and the checks produce ``Diagnostic``
records and go on. Exceptions are for the tool failing, in one small hierarchy::

    WxrError                  anything wxr_tools raises on purpose
    ├── InputError            the input cannot be read as WXR (exit code 1)
    └── UsageError            a bad option or argument (exit code 2)

I/O errors stay ``OSError`` (exit code 2).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30

    def __str__(self) -> str:
        return self.name.lower()


_LEVEL_NAMES = {severity: f"{severity}" for severity in Severity}
"""Each severity as a finding's line writes it (``Diagnostic.format``)."""


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code with its default severity and documentation."""

    code: str
    severity: Severity
    title: str
    explanation: str


def package_text(name: str) -> str:
    """A data file of the package (codes.toml, defaults.toml).

    Read beside this module rather than through ``importlib.resources``, whose import
    alone costs more than reading both files: every command starts by loading them.
    """
    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as f:
        return f.read()


def codes() -> dict[str, Code]:
    """Every code, in code order: ``codes()["WXR101"].severity``, ``.title``, ``.explanation``.

    Parsed on first use, not at import: most runs meet no diagnostic, and parsing
    the table (and importing ``tomllib``) was a good part of every command's start.
    """
    global _codes
    if _codes is None:
        # The table is data (codes.toml), so that adding a rule's documentation is an
        # edit to a list, and the table does not crowd the code out of this module.
        import tomllib

        text = package_text("codes.toml")
        _codes = {
            code: Code(
                code, Severity[entry["severity"].upper()], entry["title"], entry["explanation"]
            )
            for code, entry in tomllib.loads(text).items()
        }
    return _codes


def code_of(name: str) -> Code:
    """``codes()[name]`` (KeyError for an unknown code), parsing only that code's table.

    A run that meets a few codes (printing a finding needs its severity) need not parse
    all eighty: that was most of the cost of the first finding, as much as a small
    export's whole validation. The tables of codes.toml hold keys only, one table a
    code (a test compares every code's answer with ``codes()``), so a table parsed on
    its own is what the whole file's parse gives for it.
    """
    if _codes is not None:
        return _codes[name]
    found = _parsed.get(name)
    if found is None:
        import tomllib

        entry = tomllib.loads(_tables_of_file()[name])[name]
        found = _parsed[name] = Code(
            name, Severity[entry["severity"].upper()], entry["title"], entry["explanation"]
        )
    return found


def _tables_of_file() -> dict[str, str]:
    """Each code's table in codes.toml, as text, in file order: from its header
    ("[WXR101]", alone on its line) to the next one."""
    global _tables
    if _tables is None:
        _tables = tables_in(package_text("codes.toml"))
    return _tables


def tables_in(text: str) -> dict[str, str]:
    """Each table of ``text`` (codes.toml), from its header to the next, by code."""
    # A header is "[WXR…]" at a line's start: the pattern without "^" has a literal
    # start the search skips to, where with it the search tried the pattern at every
    # character of the file (3.7 M instructions, a third of printing a 10,000-post
    # run's findings). The "^" kept the matches after a newline: one elsewhere holds
    # no newline, so it can neither overlap a header's nor hide one from the search.
    starts = [
        (m.group(1), m.start())
        for m in _HEADER.finditer(text)
        if m.start() == 0 or text[m.start() - 1] == "\n"
    ]
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {code: text[start:end] for (code, start), end in zip(starts, ends, strict=True)}


_HEADER = re.compile(r"\[(WXR[0-9]+)\]$", re.MULTILINE)
"""A code's table's header, when at a line's start (``_tables_of_file``)."""
_tables: dict[str, str] | None = None
"""Each code's table in codes.toml, as text (``code_of``)."""
_parsed: dict[str, Code] = {}
"""The codes ``code_of`` parsed one by one (at most every code: bounded)."""


_codes: dict[str, Code] | None = None

CODES: dict[str, Code]
"""``codes()``, as a module attribute (``diagnostics.CODES``): made on first access."""


def __getattr__(name: str) -> dict[str, Code]:
    # Only reached for names the module does not define: ``CODES`` is declared above
    # for type checkers but assigned nowhere, so that importing it parses the table.
    if name == "CODES":
        return codes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# How much of a value a message quotes. A number, a date or a version: 40 characters
# (more is no such value). A slug, a meta key, a login: as much as WordPress's column
# holds (``post_name`` and a term's ``slug``, ``meta_key``, ``user_login``), so that a
# value WordPress could have is quoted whole.
SHORT = 40
SLUG = 200
META_KEY = 255
LOGIN = 60
EMAIL = 100
# A name: as much as WordPress lets it be, a taxonomy's 32 characters (``register_taxonomy``
# refuses longer), a post type's, a post's or a comment's status's 20 (``register_post_type``;
# the columns); an element's or a shortcode's, which WordPress does not limit, as much as
# a URL (an element's name holds its namespace's).
TAXONOMY = 32
TYPE = 20
NAME = 100
# A URL: as much as WordPress's ``guid`` column holds. A link in a post's text has no
# limit (a data: URI, a pasted search); `wxr links --json` lists it whole.
URL = 255


def cut(value: str, most: int = SHORT) -> str:
    """A value from the export as a message quotes it: its first ``most`` characters
    and "…" when it has more. An export can hold thousands of characters where WordPress
    keeps a few (a version, an id, a slug): a message is one line of a terminal."""
    return value if len(value) <= most else value[:most] + "…"


def shown(value: str, most: int = SHORT) -> str:
    """``cut``'s value in quotes, as ``repr`` writes it: ``'abc'``."""
    return repr(cut(value, most))


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
        return self.severity if self.severity is not None else code_of(self.code).severity

    def format(self) -> str:
        """``path:line:col: CODE severity message``, as compilers print it."""
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        item = f" [item {self.item_id}]" if self.item_id is not None else ""
        level = self.level
        # Formatting a member goes through the enum's __format__, __str__ and name (a
        # third of a finding's line): its text, the same, from a table.
        named = _LEVEL_NAMES[level] if type(level) is Severity else f"{level}"
        return f"{where}: {self.code} {named} {self.message}{item}"

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

    def __reduce__(self) -> tuple[type[InputError], tuple[Diagnostic, int]]:
        # Rebuilt from its fields when it crosses processes (``reader.parallel``).
        return InputError, (self.diagnostic, self.items_read)


class UsageError(WxrError):
    """A bad option or argument."""
