"""Writers: consume the (transformed) item stream once and write a format.

Every writer is a function ``write(job: WriteJob) -> None`` in a module named by
``WRITERS``; it iterates ``job.items`` exactly once, never materialises them, and
counts what it wrote (and anything it could not represent) in ``job.report``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from wxr_tools.config import Config
from wxr_tools.diagnostics import UsageError
from wxr_tools.formats import FLAVORS as FLAVORS  # the names live there: see ``formats``
from wxr_tools.formats import REDIRECT_FORMATS as REDIRECT_FORMATS
from wxr_tools.formats import WRITERS as WRITERS
from wxr_tools.model import Author, Item, Site, Term
from wxr_tools.report import RunReport

if TYPE_CHECKING:
    import httpx

    from wxr_tools.index import Index  # annotation only: a raw dump needs no index
    from wxr_tools.media.inventory import Inventory
    from wxr_tools.parts import Transformed

ARCHIVE_PAGES = frozenset(("markdown",))
"""Writers that make category, tag, month and year pages (``[links.archive_pattern]``):
for the others, the links transform leaves archive links as written, unless the user
set the patterns (``targetconfig.without_archive_pages``)."""
IN_PARTS = {"markdown": "wxr_tools.writers.markdown.workers"}
"""Writers that use ``WriteJob.parts`` (items transformed and rendered in workers) when
the pipeline can give it, and the module of each that renders them there (imported while
the index pass reads: ``pipeline.open_items``); the others get ``items`` alone."""

MEDIA_REDIRECTS = frozenset(("markdown", "ghost"))
"""Writers whose redirect map sends an attachment's old addresses (its page,
``?attachment_id=``, its file) to its file's new one. The media library is migrated
whole, whatever the filters leave out: an attachment only ``--type``, ``--status``,
``--since`` or ``--until`` leaves out still reaches them, as ``LEFT_OUT``, for its
redirects alone."""
NOT_HAD = "attachments without redirects: their file could not be had (WXR600-WXR604)"
"""The count of attachments whose old addresses get no rule in those maps: the run could
not get their file, and a redirect would lead to an address with nothing there."""
LEFT_OUT = "left out"
"""The ``state`` of such an attachment: counted as excluded already (by the filter's
reason), written nowhere but in the redirect map."""


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """The command line's writer options; each writer uses those that apply to it."""

    flavor: str = "hugo"
    front_matter: str = "yaml"
    """``yaml``, or ``toml`` (Hugo only)."""
    comments: str = "data"
    """``data`` (one data file per item), ``inline`` (appended to the post) or ``none``."""
    redirects: str | None = None
    """A redirect map beside the output: nginx, apache, netlify, csv or ghost (Ghost's
    ``redirects.yaml``, for ``--to ghost``)."""
    dry_run: bool = False
    force: bool = False
    """Write into a non-empty directory that wxr_tools did not write."""
    refresh_skeleton: bool = False
    """Replace the skeleton files kept from before (edited, or from an older version) by
    this version's, a copy of each kept aside (``output.BACKUPS``)."""
    media_from: str | None = None
    """``--media-from UPLOADS``: copy media files from a local copy of ``wp-content/uploads``."""
    download: bool = False
    """``--download``: fetch media files from the old site over HTTP(S)."""
    strict_media: bool = False
    """``--strict-media``: a media file that could not be placed is an error (exit 1)."""
    media_client: httpx.Client | None = None
    """The HTTP client for ``--download``; None: one made for the run. A program that
    embeds wxr_tools (or a test) passes its own: a transport to a mirror, a proxy."""

    @property
    def media(self) -> bool:
        """Whether media files are brought into the output (either flag)."""
        return self.download or self.media_from is not None


@dataclass(frozen=True, slots=True)
class Filters:
    """Which items to write (``--lang``, ``--type``, ``--status``, ``--since``, ``--until``)."""

    langs: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    since: datetime | None = None
    until: datetime | None = None

    def reason_to_skip(self, item: Item) -> str | None:
        return self.reason(item.type, item.status, (item.lang,), item.date)

    def reason(
        self, type_: str, status: str, langs: tuple[str | None, ...], date: datetime | None
    ) -> str | None:
        """Why an item of these fields is left out, or None. ``langs``: the item's
        language, or every language of a post split by language (kept if one passes),
        so that a writer can ask of an index entry what it will know of the item."""
        if self.types and type_ not in self.types:
            return "filtered out (--type)"
        if self.statuses and status not in self.statuses:
            return "filtered out (--status)"
        if not self.keeps_langs(langs):
            return "filtered out (--lang)"
        if self.since and (date is None or date < self.since):
            return "filtered out (--since)"
        if self.until and (date is None or date > self.until):
            return "filtered out (--until)"
        return None

    def keeps_langs(self, langs: tuple[str | None, ...]) -> bool:
        """Whether ``--lang`` keeps an item of these languages (one is enough)."""
        return not self.langs or any(self.keeps_lang(lang) for lang in langs)

    def keeps_lang(self, lang: str | None) -> bool:
        """Whether an item in ``lang`` passes ``--lang`` (the copies of a split post
        differ in nothing else the filters look at)."""
        return not self.langs or (lang or "") in self.langs


@dataclass(slots=True)
class WriteJob:
    """Everything a writer gets: the export's header, the item stream, and where to write."""

    site: Site
    authors: list[Author]
    terms: list[Term]
    items: Iterable[Item]
    """The stream: iterate it once."""
    output: str
    """A file or directory path, or ``-`` for standard output (single-file formats)."""
    options: WriteOptions = field(default_factory=WriteOptions)
    config: Config = field(default_factory=Config)
    report: RunReport = field(default_factory=RunReport)
    index: Index | None = None
    raw: bool = False
    media: Inventory | None = None
    """The export's media inventory, when ``options.media`` asks for the files."""
    progress: bool | None = None
    """A progress bar for long steps (downloads); None: when standard error is a terminal."""
    parts: Transformed | None = None
    """The same items, read and transformed part by part in worker processes, for a
    writer that can render them there too (``items`` is then not iterated)."""
    filters: Filters | None = None
    """What the filters leave out of ``items`` (already): a writer whose items name
    others by id asks which of those are written (``writers.references``)."""
    transforms: dict[str, Any] = field(default_factory=dict)
    """The transforms' per-run tables (``Context.state``), filled as the items pass: a
    writer that must name things as the links transform did reads them there (the Ghost
    writer: the slugs of split posts' copies, whatever the filters leave out)."""


class Writer(Protocol):
    def __call__(self, job: WriteJob) -> None: ...


def check_writer(name: str) -> None:
    """Refuse an unknown format before anything is read (``get_writer`` imports it)."""
    if name not in WRITERS:
        raise UsageError(f"unknown output format {name!r} (known: {', '.join(WRITERS)})")


def get_writer(name: str) -> Writer:
    check_writer(name)
    module, _, function = WRITERS[name].partition(":")
    try:
        writer: Writer = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        raise UsageError(f"output format {name!r} is not available in this version") from None
    return writer
