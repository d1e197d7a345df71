"""What ``wxr validate`` keeps about one export while its items stream past.

A reference to another item (a parent, a featured image, a link, a media file) is
checked at once when its target was already seen; otherwise it is kept as a
*pending* reference and resolved when the file ends. What is kept of each item is
a few scalars (its id, slug, link path, media key), never its body or comments, so
memory grows with the number of items, not with their size.

``Context`` bundles the tables with the channel and the findings: it is what every
check receives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from wxr_tools.diagnostics import SLUG, TYPE, Diagnostic, Severity, cut, shown
from wxr_tools.digits import is_number
from wxr_tools.model import Author, Item, Site, Term
from wxr_tools.validate.urls import (
    LinkKey,
    Url,
    media_key,
    media_path,
    norm_slug,
    path_key,
    scan_urls,
    split_url,
)

_BITMAP_LIMIT = 1 << 27
"""Ids below this go in the bitmap (16 MB at most); larger or negative ones in a set."""


class IdSet:
    """A set of ints. Database ids are small and dense, so a bitmap holds a million
    of them in 125 KB, where a Python set of ints would take some 60 MB."""

    __slots__ = ("_bits", "_count", "_other")

    def __init__(self) -> None:
        self._bits = bytearray()
        self._other: set[int] = set()
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, n: int) -> bool:
        """Add ``n``; False when it was already there."""
        if not 0 <= n < _BITMAP_LIMIT:
            if n in self._other:
                return False
            self._other.add(n)
            self._count += 1
            return True
        byte, mask = n >> 3, 1 << (n & 7)
        if byte >= len(self._bits):
            # Grow by doubling so that ascending ids cost amortised O(1).
            self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits))))
        if self._bits[byte] & mask:
            return False
        self._bits[byte] |= mask
        self._count += 1
        return True

    def __contains__(self, n: object) -> bool:
        if not isinstance(n, int):
            return False
        if not 0 <= n < _BITMAP_LIMIT:
            return n in self._other
        byte = n >> 3
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << (n & 7)))


# -- the tables -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pending:
    """A reference that named an item not seen yet; resolved at the end of the file."""

    item_id: int | None
    label: str
    line: int | None
    target: object
    shown: str = ""
    """How the message shows the target (the URL as written, say)."""
    path: str = ""
    """The file of the reference, when the export is several files (``split``)."""


@dataclass(slots=True)
class Tables:
    """Everything validate keeps about one export."""

    site_hosts: frozenset[str] = frozenset()
    declared_authors: frozenset[str] = frozenset()
    declared_terms: frozenset[tuple[str, str]] = frozenset()
    declared_taxonomies: frozenset[str] = frozenset()
    declared_term_ids: frozenset[int] = frozenset()
    other_slugs: frozenset[str] = frozenset()
    """Term slugs and author logins: a link ending in one is an archive, not an item."""

    item_ids: IdSet = field(default_factory=IdSet)
    attachment_ids: IdSet = field(default_factory=IdSet)
    comment_ids: IdSet = field(default_factory=IdSet)
    slugs: set[str] = field(default_factory=set)
    """Every item's slug and old slugs (_wp_old_slug), normalised."""
    link_paths: set[str] = field(default_factory=set)
    html_permalinks: bool = False
    """Whether the items' own links end in .html (a /%postname%.html structure)."""
    attachment_keys: set[str] = field(default_factory=set)
    attachment_hosts: set[str] = field(default_factory=set)
    published: dict[tuple[str, int, str], tuple[int | None, date | None]] = field(
        default_factory=dict
    )
    """(type, parent for pages, slug) -> (id, day) of the first published item."""
    pending: dict[str, list[Pending]] = field(default_factory=dict)
    """Unresolved references, by the code of the rule that will resolve them."""
    counters: dict[str, int] = field(default_factory=dict)
    path: str = ""
    """The file being read, when the export is several files: each pending reference
    keeps it, to name its own file when it is resolved after the last one."""

    def start(self, site: Site, authors: Sequence[Author], terms: Sequence[Term]) -> None:
        """Fill the tables the channel header gives."""
        hosts = (split_url(u) for u in (site.link, site.base_site_url, site.base_blog_url))
        self.site_hosts = frozenset(u[0] for u in hosts if u is not None and u[0])
        declared = [a for a in authors if not a.derived]
        self.declared_authors = frozenset(a.login.lower() for a in declared if a.login)
        self.declared_terms = frozenset((t.taxonomy, norm_slug(t.slug)) for t in terms)
        self.declared_taxonomies = frozenset(t.taxonomy for t in terms)
        self.declared_term_ids = frozenset(t.id for t in terms if t.id is not None)
        self.other_slugs = frozenset(
            [norm_slug(t.slug) for t in terms] + [a.login.lower() for a in authors]
        )

    def defer(self, code: str, pending: Pending) -> None:
        if self.path:
            pending = replace(pending, path=self.path)
        self.pending.setdefault(code, []).append(pending)

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n

    def add_item(self, item: Item) -> None:
        """Record what later references may point at; called after the item's checks."""
        is_attachment = item.type == "attachment"
        if item.id is not None:
            self.item_ids.add(item.id)
            if is_attachment:
                self.attachment_ids.add(item.id)
        if item.slug:
            self.slugs.add(norm_slug(item.slug))
        if item.link:
            url = split_url(item.link)
            key = path_key(url[1].split("?", 1)[0]) if url is not None else None
            if key is not None:
                self.link_paths.add(key[0])
                if key[0].endswith((".html", ".htm")):
                    self.html_permalinks = True
        for meta in item.meta:
            if meta.key == "_wp_old_slug" and meta.value.strip():
                self.slugs.add(norm_slug(meta.value.strip()))
            elif is_attachment and meta.key == "_wp_attached_file" and meta.value.strip():
                self.attachment_keys.add(media_key(meta.value.strip().lstrip("/")))
        if is_attachment and item.attachment_url:
            url = split_url(item.attachment_url)
            if url is not None:
                if url[0]:
                    self.attachment_hosts.add(url[0])
                path = media_path(url[1])
                if path is not None:
                    self.attachment_keys.add(media_key(path))

    def link_resolved(self, key: LinkKey) -> bool:
        if isinstance(key, int):
            return key in self.item_ids
        path, slug = key
        if path in self.link_paths or slug in self.slugs or slug in self.other_slugs:
            return True
        if path.endswith((".html", ".htm")) and not self.html_permalinks:
            return True  # a static file next to the blog, not a permalink
        # /archives/123 (a %post_id% permalink structure, maybe an old one).
        last = path.rsplit("/", 1)[-1]
        return is_number(last) and int(last) in self.item_ids

    def is_own_host(self, host: str | None) -> bool:
        return host is None or host in self.site_hosts or host in self.attachment_hosts


# -- what a check sees --------------------------------------------------------------------

# Types with no public page of their own: their slugs and titles do not matter.
NOT_CONTENT = frozenset(
    [
        "attachment",
        "nav_menu_item",
        "revision",
        "wp_block",
        "wp_navigation",
        "wp_template",
        "wp_template_part",
        "wp_global_styles",
        "wp_font_family",
        "wp_font_face",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
        "user_request",
        "feedback",
    ]
)
HIERARCHICAL = frozenset(("page",))


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def printable(message: str) -> str:
    """The message on one line, with control and bidi characters escaped: it quotes
    titles and URLs from the export, which must not reorder or break a terminal line."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", message)


def label(item: Item) -> str:
    """How messages name an item: ``post 12``, or ``page 'about'`` without an id."""
    kind = cut(item.type, TYPE) or "item"
    if item.id is not None:
        return f"{kind} {item.id}"
    if item.slug:
        return f"{kind} {shown(item.slug, SLUG)}"
    title = item.title.strip()
    return f"{kind} {shown(title)}" if title else f"{kind} without id"


class Context:
    """What a check sees: the channel, the tables, and where findings go."""

    def __init__(
        self, path: str, enabled: frozenset[str], severity: Mapping[str, Severity]
    ) -> None:
        self.path = path
        self.enabled = enabled
        self.severity = severity
        self.findings: list[Diagnostic] = []
        self.tables = Tables()
        self.site = Site()
        self.authors: Sequence[Author] = ()
        self.terms: Sequence[Term] = ()
        self._urls_of: Item | None = None
        self._urls: list[Url] = []

    def start(self, site: Site, authors: Sequence[Author], terms: Sequence[Term]) -> None:
        self.site, self.authors, self.terms = site, authors, terms
        self.tables.start(site, authors, terms)

    def emit(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        item_id: int | None = None,
        path: str = "",
    ) -> None:
        """A finding, in ``path`` (a pending reference's file) or the file being read."""
        if code in self.enabled:
            finding = Diagnostic(
                code=code,
                message=printable(message),
                severity=self.severity.get(code),
                path=path or self.path,
                line=line,
                item_id=item_id,
            )
            self.findings.append(finding)

    def add(self, diagnostic: Diagnostic) -> None:
        """A diagnostic from the reader, filtered and re-graded like the rules' own."""
        if diagnostic.code in self.enabled:
            finding = Diagnostic(
                code=diagnostic.code,
                message=printable(diagnostic.message),
                severity=self.severity.get(diagnostic.code, diagnostic.severity),
                path=diagnostic.path or self.path,
                line=diagnostic.line,
                column=diagnostic.column,
                item_id=diagnostic.item_id,
            )
            self.findings.append(finding)

    def urls(self, item: Item) -> list[Url]:
        """The URLs in the item's content, scanned once for all the rules that need them."""
        if self._urls_of is not item:
            self._urls_of = item
            self._urls = list(scan_urls(item.content))
        return self._urls
