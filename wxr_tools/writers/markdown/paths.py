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
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any
from urllib.parse import unquote, urlsplit

from wxr_tools.langhomes import path_lang
from wxr_tools.model import Item
from wxr_tools.slugs import slugify
from wxr_tools.urlparts import dot_segment, jekyll_dots, plain_path, single_slashes
from wxr_tools.writers.files import RESERVED_NAMES, is_unsafe
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


# Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, and
# a placement is made four times an item (its first place and its old paths in a
# worker, unpickled and given its aliases here): 18 K instructions each, against 4 K.
# Placements are never changed once made (``replace`` and ``with_aliases`` make new
# ones); ``unsafe_hash`` keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Placement:
    """Where one item is written and served (never changed once made)."""

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


_PLAIN_ADDRESS = re.compile(
    r'(?:https?://[!"$&-.0->@-Z^-~]*|(?=/(?!/)))(/[!"$&->@-\[\]-~]*)?(\?[!"$-~]+)?'
)
"""An address ``site_path`` cuts without urllib, to the path it gives (group 1; none:
``/``) and its query (group 2, if any): an http(s) address with an ASCII host, or a
path from the root (not ``//``), of printable ASCII characters, with no ``#``, and no
``%`` or backslash before the query. Most old URLs of an export (its items' links,
``/?p=12``): one match instead of ``site_path``'s steps."""


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
    paths = []
    for url in urls:
        plain = _PLAIN_ADDRESS.fullmatch(url)
        if plain is None:
            paths.append(site_path(url))
        else:  # what ``site_path`` gives, without its dozen steps
            path, query = plain.groups()
            if query is None:  # with one, no file (the loop below leaves it out)
                paths.append(path or "/")
    new = site_path(item.url) if item.url else None
    # At its own URL (no escape or "//" to read otherwise), the loop below would leave it
    # out: not asked of ``jekyll_url`` (most items that have a URL).
    if (
        new is not None
        and (new != own_url or "%" in new or "//" in new)
        # Links were rewritten to the item's URL, and Jekyll serves the page at its
        # normalized form (``jekyll_url``): the URL the links name redirects there.
        and jekyll_url(new) == own_url
    ):
        paths.append(new)
    out: list[str] = []
    # Compared decoded, as the paths are (``unquote`` gives a text without "%" back).
    own = (unquote(own_url) if "%" in own_url else own_url).rstrip("/")
    for path in paths:
        if "?" in path:
            continue
        # As a server maps it to a file: decoded, repeated slashes as one.
        path = single_slashes(unquote(path) if "%" in path else path)
        if path.rstrip("/") in ("", own) or path in out:
            continue
        # A plain path has no dot segment, either way it is read (most: one call, not two).
        if not plain_path(path) and (jekyll_dots(path) if jekyll else dot_segment(path)):
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
    return with_aliases(p, p.hidden_aliases, p.shared_aliases, tuple(old), tuple(dotted))


def with_aliases(
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
    if not item.url:
        return None
    url = site_path(item.url)
    return None if jekyll_dots(url.partition("?")[0]) else url


_path_langs: dict[str | None, str | None] = {}
"""``path_lang`` of each language code ``place`` was given: the same few codes come back
on item after item, and working one out (strip, replace, lower, a match) costs ten
look-ups."""
_MAX_PATH_LANGS = 256
_NOT_ASKED = "\x00"
"""No ``path_lang`` answer (it gives None or a code of letters, digits and dashes)."""


def place(
    item: Item, flavor: str, default_lang: str, slug: str, url: str | None = None
) -> Placement:
    """Where ``item`` goes with ``slug`` (and, when given, the URL it must keep)."""
    section = section_of(item.type)
    lang = _path_langs.get(item.lang, _NOT_ASKED)
    if lang is _NOT_ASKED:  # a code not seen yet (an export has a few)
        lang = path_lang(item.lang)
        if len(_path_langs) < _MAX_PATH_LANGS:
            _path_langs[item.lang] = lang
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
