"""Where each item goes: its file, its URL, per flavor; always inside the output, never shared.

Paths are built only from slugified text (python-slugify: ``[a-z0-9-]``, nothing else),
section names, language codes that passed a strict pattern, and the item's numeric id,
so whatever an export says (``../``, ``/etc``, ``CON``, a thousand characters) the file
lands inside the output directory; ``check_inside`` verifies it anyway before any write.

Layout per flavor (FORMATS.md §4), for a post with slug ``s`` in language ``l``:

=========  ===========================================  ================================
flavor     file                                         URL (when the item has none)
=========  ===========================================  ================================
hugo       ``content/posts/s/index.l.md`` (page bundle) ``/posts/s/``; pages ``/s/``
jekyll     ``_posts/l/YYYY-MM-DD-s.md``,                ``/YYYY/MM/DD/s/``; pages ``/s/``
           ``_drafts/l/s.md``, ``_pages/l/s.md``
eleventy   ``content/l/posts/s.md``                     ``/posts/s/``; pages ``/s/``
astro      ``src/content/posts/l/s.md``                 ``/posts/s/``; pages ``/s/``
=========  ===========================================  ================================

Other post types get a section of their own (``portfolio/``; a Jekyll collection
``_portfolio/``). A language other than the site's gets a ``/l`` URL prefix. An item
whose ``url`` a transform set keeps it: links in other posts were rewritten to it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from operator import attrgetter
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from wxr_tools.langhomes import path_lang
from wxr_tools.model import Item
from wxr_tools.scratch import Scratch, id_key
from wxr_tools.slugs import slugify
from wxr_tools.urlparts import dot_segment, jekyll_dots, single_slashes
from wxr_tools.writers.files import RESERVED_NAMES, is_unsafe
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.keyfilter import KeyFilter
from wxr_tools.writers.markdown.medialinks import MediaLinks
from wxr_tools.writers.markdown.urlforms import jekyll_url
from wxr_tools.writers.redirects import site_path

MAX_SLUG = 80
"""Longer slugs are cut, with a hash of the whole slug so that they stay distinct."""


_RESERVED_SECTIONS_WORDS = (
    "posts pages drafts data layouts includes comments static assets site sass media "
    "public src content config tags categories"
)
_RESERVED_SECTIONS = frozenset(_RESERVED_SECTIONS_WORDS.split())

CONTENT_ROOT = {
    "hugo": "content",
    "jekyll": "",
    "eleventy": "content",
    "astro": "src/content",
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one item is written and served."""

    path: str
    """The Markdown file, relative to the output directory (POSIX separators)."""
    slug: str
    url: str
    """The site-relative URL the page is served at."""
    section: str
    lang: str | None
    """The language code used in paths and URLs (lower case), None without one."""
    explicit_url: bool
    """True when the writer must state ``url`` itself (a transform set it, or a clash
    renamed it), False when the flavor derives it from section and slug."""
    comments_key: str
    """The name of the item's comments data file (its id, unless ids repeat)."""
    media: MediaLinks | None = None
    """Where its media files are, when the writer placed them (``--download``…)."""
    hidden_aliases: tuple[str, ...] = ()
    """Old paths (``old_paths``) that are the URLs of published pages placed before: not
    written as aliases, since the redirect page would hide the page (WXR415)."""
    shared_aliases: tuple[str, ...] = ()
    """Old paths an earlier published item has as aliases: not written (WXR411)."""
    old: tuple[str, ...] | None = field(default=None, compare=False)
    """``old_paths`` at ``url``, once worked out (``with_old``), so that rendering and
    placing do not work them out again; None: not yet. Not compared: it follows from
    the item and ``url``, which are."""
    dotted: tuple[str, ...] = field(default=(), compare=False)
    """The old paths ``old_paths`` left out with ``old`` (a ``.`` or ``..`` segment)."""

    def __reduce__(self) -> tuple[type[Placement], tuple[Any, ...]]:
        # Flat: a slotted dataclass's own pickling calls ``dataclasses.fields`` for
        # each object, both ways (a placement goes to a worker with each item).
        return Placement, _placement_values(self)


_placement_values = attrgetter(*(f.name for f in fields(Placement)))


def old_paths(
    item: Item, own_url: str, jekyll: bool = False, dotted: list[str] | None = None
) -> list[str]:
    """Old URLs as decoded site paths for ``aliases``/``redirect_from``.

    Query URLs (``/?p=12``) cannot be files, the home page is not a redirect, and the
    page's own URL would overwrite the page: those are left to the redirect maps.
    In Jekyll, the item's URL when the page is at its normalized form (``jekyll_url``).
    A path with a ``.`` or ``..`` segment (in Jekyll, ``jekyll_dots``: ``．．``, ``a..b``)
    would put its redirect page over another page (``/2024/06/../`` is the month's):
    left out, and added to ``dotted``.
    """
    urls = item.old_urls if item.old_urls is not None else ((item.link,) if item.link else ())
    if item.url and jekyll_url(site_path(item.url)) == own_url:
        # Links were rewritten to the item's URL, and Jekyll serves the page at its
        # normalized form (``jekyll_url``): the URL the links name redirects there.
        urls = (*urls, item.url)
    out: list[str] = []
    own = unquote(own_url).rstrip("/")  # compared decoded, as the paths are
    for url in urls:
        path = site_path(url)
        if "?" in path:
            continue
        # As a server maps it to a file: decoded, repeated slashes as one.
        path = single_slashes(unquote(path))
        if path.rstrip("/") in ("", own) or path in out:
            continue
        if jekyll_dots(path) if jekyll else dot_segment(path):
            if dotted is not None:
                dotted.append(path)
            continue
        out.append(path)
    return out


_SLUGGED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""Text slugify gives back as it is (lower-case ASCII words joined by single dashes, no
``%``, ``&`` or quote): most slugs of an export, which WordPress made already."""


def make_slug(text: str) -> str:
    """A file-safe, URL-safe slug: percent-decoded, slugified, length-capped, not reserved."""
    if len(text) <= MAX_SLUG and _SLUGGED.fullmatch(text) and text not in RESERVED_NAMES:
        return text  # what the steps below give, at a fraction of slugify's cost
    slug = slugify(unquote(text, errors="replace"))
    if len(slug) > MAX_SLUG:
        digest = hashlib.sha1(slug.encode("utf-8")).hexdigest()[:8]
        slug = slug[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    if slug in RESERVED_NAMES:
        slug += "-item"
    return slug


def item_slug(item: Item) -> tuple[str, str]:
    """The item's slug and where it came from: its slug, new URL, title, or id."""
    if item.slug:
        slug = make_slug(item.slug)
        if slug:
            return slug, "slug"
    # Only when the slug gave nothing: splitting the URL costs as much as the slug.
    for source, text in (("url", _last_segment(item.url or "")), ("title", item.title)):
        slug = make_slug(text) if text else ""
        if slug:
            return slug, source
    return (str(item.id) if item.id is not None else "item"), "id"


def _last_segment(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def section_of(item_type: str) -> str:
    """The content section of a post type: posts, pages, or one named after the type."""
    if item_type == "post":
        return "posts"
    if item_type == "page":
        return "pages"
    section = make_slug(item_type) or "items"
    return f"type-{section}" if section in _RESERVED_SECTIONS else section


_SEGMENT = r"(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:[./]|\Z))[a-z0-9_][a-z0-9_.-]{0,254}"
_PLAIN_PATH = re.compile(f"{_SEGMENT}(?:/{_SEGMENT})*")
"""Paths ``is_unsafe`` accepts, as paths are made here (lower-case ASCII segments that
start with no dot and are no device name): checked in one match, twice per file."""


def check_inside(path: str) -> str:
    """``path`` itself, after checking that it stays inside the output directory."""
    if _PLAIN_PATH.fullmatch(path) is None and is_unsafe(path):
        raise ValueError(f"refusing to write outside the output directory: {path!r}")
    return path


def item_date(item: Item) -> datetime | None:
    return item.date or item.date_gmt or item.modified


def first_place(item: Item, flavor: str, default_lang: str, slug: str) -> Placement:
    """Where ``Paths.allocate`` places ``item`` (slugged ``slug``) when no item placed
    before stands in its way: no clash, no alias of its taken, a comments key of its own."""
    return place(item, flavor, default_lang, slug, kept_url(item))


def with_old(placement: Placement, item: Item, flavor: str) -> Placement:
    """``placement`` with ``old`` and ``dotted`` filled in for ``item``."""
    dotted: list[str] = []
    old = old_paths(item, placement.url, flavor == "jekyll", dotted)
    p = placement
    return _with_aliases(p, p.hidden_aliases, p.shared_aliases, tuple(old), tuple(dotted))


def _with_aliases(
    p: Placement,
    hidden: tuple[str, ...],
    shared: tuple[str, ...],
    old: tuple[str, ...],
    dotted: tuple[str, ...],
) -> Placement:
    """``replace(p, hidden_aliases=..., ...)`` at a fraction of its cost (once an item)."""
    return Placement(
        p.path, p.slug, p.url, p.section, p.lang, p.explicit_url, p.comments_key, p.media,
        hidden, shared, old, dotted,
    )  # fmt: skip


def kept_url(item: Item) -> str | None:
    """The site path of the URL a transform gave the item, which it keeps; None without
    one, or with a ``.`` or ``..`` segment (``dot_segment``): resolved, another page's."""
    url = site_path(item.url) if item.url else None
    return None if url is None or jekyll_dots(url.partition("?")[0]) else url


def place(
    item: Item, flavor: str, default_lang: str, slug: str, url: str | None = None
) -> Placement:
    """Where ``item`` goes with ``slug`` (and, when given, the URL it must keep)."""
    section = section_of(item.type)
    lang = path_lang(item.lang)
    draft = item.state == "draft"
    prefix = f"/{lang}" if lang and lang != default_lang else ""
    if flavor == "hugo":
        name = f"index.{lang}.md" if lang else "index.md"
        path = f"content/{section}/{slug}/{name}"
        derived = f"{prefix}/{slug}/" if section == "pages" else f"{prefix}/{section}/{slug}/"
    elif flavor == "jekyll":
        folder = f"{lang}/" if lang else ""
        date = item_date(item)
        if section == "posts":
            day = date.strftime("%Y-%m-%d") if date else "1970-01-01"
            path = f"_drafts/{folder}{slug}.md" if draft else f"_posts/{folder}{day}-{slug}.md"
            derived = f"{prefix}/{day.replace('-', '/')}/{slug}/"
        else:
            path = f"_{section}/{folder}{slug}.md"
            derived = f"{prefix}/{slug}/" if section == "pages" else f"{prefix}/{section}/{slug}/"
    else:
        root = CONTENT_ROOT[flavor]
        if flavor == "eleventy":
            path = f"{root}/{lang}/{section}/{slug}.md" if lang else f"{root}/{section}/{slug}.md"
        else:
            path = f"{root}/{section}/{lang}/{slug}.md" if lang else f"{root}/{section}/{slug}.md"
        derived = f"{prefix}/{slug}/" if section == "pages" else f"{prefix}/{section}/{slug}/"
    return Placement(
        path=check_inside(path),
        slug=slug,
        url=derived if url is None else jekyll_url(url) if flavor == "jekyll" else url,
        section=section,
        lang=lang,
        explicit_url=url is not None or flavor != "hugo",
        comments_key=str(item.id) if item.id is not None else slug,
    )


@dataclass(frozen=True, slots=True)
class Ref:
    """Which item a finding is about (not the item: memory must not grow with bodies)."""

    id: int | None
    line: int | None


class Paths:
    """Hands out placements in export order, so that no two items share a file or URL.

    The first item keeps its path; a later one that would share it gets ``-2``
    (``-3``...) after its slug, and ``clashes`` records both, for the report.
    Every path, URL and comments key handed out is kept (to refuse it a second time) in
    a scratch database, not in memory: ``close`` (or ``with``) deletes it.
    """

    def __init__(self, flavor: str, default_lang: str, scratch: Scratch | None = None) -> None:
        self.flavor = flavor
        self.default_lang = default_lang
        self.scratch = scratch if scratch is not None else Scratch()
        self._owns_scratch = scratch is None
        self.paths = _Taken(self.scratch, "paths")
        """Path keys (case-folded) -> the id of the item that has it."""
        self.urls = _Taken(self.scratch, "urls")
        """URLs (``_url_key``) -> the id of the item that has it."""
        self.comment_keys = _Taken(self.scratch, "comment_keys")
        self.aliases = Aliases(self.scratch, jekyll=flavor == "jekyll")
        """Published pages and aliases: which old paths an item lists (``aliases``)."""
        # One query for both tables: placing an item asks it at least once.
        self._either = (
            f"SELECT 1 FROM {self.paths.name} WHERE key = ? "
            f"UNION ALL SELECT 1 FROM {self.urls.name} WHERE key = ?"
        )
        self.clashes: list[tuple[Ref, int | None, str, Placement]] = []
        """(renamed item, id of the item that kept the place, the place, new placement)."""
        self.slug_sources: list[tuple[Ref, str, str]] = []
        """(item, slug, source) for items whose slug is not their own."""
        self.dotted: list[tuple[Ref, str, str]] = []
        """(item, old path, URL) left out of the aliases: a ``.`` or ``..`` segment."""
        self._last_suffix: dict[tuple[str, str, str, str | None], int] = {}
        """For each first place that was taken (its path and URL keys, the slug and URL
        placed), the suffix the last item that wanted it got: every suffix up to it is
        taken, and places are never given back, so the next one looks past it. (Looking
        from ``-2`` each time made n items that share a slug cost n² look-ups: ten
        thousand took six minutes.) One entry per clash, as ``clashes`` has."""

    def _path_key(self, placement: Placement) -> str:
        path = placement.path.casefold()
        if self.flavor == "hugo" and path.endswith("/index.md"):
            # index.md is the default language's page: the same page as index.<default>.md.
            path = path[: -len("index.md")] + f"index.{self.default_lang}.md"
        return path

    def allocate(
        self,
        item: Item,
        *,
        has_comments: bool | None = None,
        slugged: tuple[str, str] | None = None,
        candidate: Placement | None = None,
    ) -> Placement:
        """The item's place; ``has_comments`` overrides ``item.comments`` (an item sent
        without its comments), ``slugged`` is ``item_slug(item)`` when already known,
        ``candidate`` the place a worker gave it: ``first_place`` of the item and its
        slug, ``with_old`` (its old paths known).

        The placement returned has its ``old`` paths (rendering reads them)."""
        slug, source = item_slug(item) if slugged is None else slugged
        if source != "slug":
            self.slug_sources.append((Ref(item.id, item.line), slug, source))
        # The place workers render at (``first_place``), unless something stands in its
        # way: a worker's candidate is that place already (not worked out a second time).
        first = (
            candidate
            if candidate is not None
            else first_place(item, self.flavor, self.default_lang, slug)
        )
        placement = first
        if self._taken(first):
            url = kept_url(item)
            base = (self._path_key(first), _url_key(first.url), slug, url)
            n = self._last_suffix.get(base, 1)
            while placement is first or self._taken(placement):
                n += 1
                new_url = _suffixed(url, n) if url is not None else None
                placement = place(item, self.flavor, self.default_lang, f"{slug}-{n}", new_url)
            self._last_suffix[base] = n
        if placement is not first:
            kept = self._path_key(first)
            owner = (
                self.paths.get(kept) if kept in self.paths else self.urls.get(_url_key(first.url))
            )
            self.clashes.append((Ref(item.id, item.line), owner, first.url, placement))
        if item.comments if has_comments is None else has_comments:
            key, n = placement.comments_key, 1
            while not self.comment_keys.claim(key):  # an id the export repeats (or a split)
                n += 1
                key = f"{placement.comments_key}-{n}"
            if key != placement.comments_key:
                placement = replace(placement, comments_key=key)
        if candidate is not None and candidate.old is not None and candidate.url == placement.url:
            # The same item at the same URL: the same old paths (a function of the two).
            old, dotted = list(candidate.old), candidate.dotted
        else:
            found: list[str] = []
            old = old_paths(item, placement.url, self.flavor == "jekyll", found)
            dotted = tuple(found)
        self.dotted += [(Ref(item.id, item.line), path, placement.url) for path in dotted]
        published = item.state != "draft"
        hidden, shared = self.aliases.place(
            item.id, item.line, published, placement.url, placement.path, old
        )
        placement = _with_aliases(placement, hidden, shared, tuple(old), dotted)
        self.paths.put(self._path_key(placement), item.id)
        self.urls.put(_url_key(placement.url), item.id)
        return placement

    def _taken(self, placement: Placement) -> bool:
        keys = (self._path_key(placement), _url_key(placement.url))
        if not self.paths.perhaps(keys[0]) and not self.urls.perhaps(keys[1]):
            return False  # most places are free: known without a query
        self.paths.flush()
        self.urls.flush()
        return self.scratch.db.execute(self._either, keys).fetchone() is not None

    def close(self) -> None:
        """Delete the tables (when the registry opened its own database)."""
        if self._owns_scratch:
            self.scratch.close()

    def __enter__(self) -> Paths:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _Taken:
    """Keys handed out, each with the item id that has it: a dict, in a scratch table.

    Keys given are inserted a thousand at a time (one statement each was most of the
    cost of placing an item), and always before the table is read.
    """

    def __init__(self, scratch: Scratch, stem: str) -> None:
        self._db = scratch.db
        self.name = name = scratch.table(stem, "key TEXT PRIMARY KEY, id", rowid=False)
        self._find = f"SELECT id FROM {name} WHERE key = ?"
        self._put = f"INSERT OR REPLACE INTO {name} VALUES (?, ?)"
        self._claim = f"INSERT OR IGNORE INTO {name} (key) VALUES (?)"
        self._keys = KeyFilter()
        self._pending: list[tuple[str, int | str | None]] = []

    def perhaps(self, key: str) -> bool:
        """False when ``key`` is surely not taken (no query), True when it may be."""
        return key in self._keys

    def __contains__(self, key: str) -> bool:
        if key not in self._keys:
            return False
        self.flush()
        return self._db.execute(self._find, (key,)).fetchone() is not None

    def get(self, key: str) -> int | None:
        """The id of the item that has ``key`` (None: no id, or not taken)."""
        if key not in self._keys:
            return None
        self.flush()
        row = self._db.execute(self._find, (key,)).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def put(self, key: str, item_id: int | None) -> None:
        """Give ``key`` to ``item_id``."""
        self._keys.add(key)
        self._pending.append((key, id_key(item_id)))
        if len(self._pending) >= _BATCH:
            self.flush()

    def claim(self, key: str) -> bool:
        """Take ``key`` (for no item in particular) unless it is taken; whether it was free."""
        if key not in self._keys:  # surely free: taken like ``put`` does (no id)
            self.put(key, None)
            return True
        self.flush()
        return self._db.execute(self._claim, (key,)).rowcount == 1

    def flush(self) -> None:
        """Insert the keys given since the last flush, in the order given."""
        if self._pending:
            self._db.executemany(self._put, self._pending)
            self._pending = []


_BATCH = 1000


def _url_key(url: str) -> str:
    """A URL as compared: case-folded, decoded as a server does (``%2eaa`` is ``.aa``)."""
    return (unquote(url) if "%" in url else url).casefold()


def _suffixed(url: str, n: int) -> str:
    """``/a/b/`` → ``/a/b-2/``: the URL of a renamed item that had one of its own."""
    path, sep, query = url.partition("?")
    trailing = path.endswith("/")
    stem = path.rstrip("/") or ""
    return f"{stem}-{n}{'/' if trailing else ''}{sep}{query}"
