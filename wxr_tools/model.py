"""The typed model of a WordPress export: data only, no I/O and no XML.

Every record is a frozen, slotted, keyword-only dataclass so that transforms can
only ever build new records (:func:`evolve`, a faster ``dataclasses.replace``) and
records are cheap to create by the hundred thousand. Text fields hold the text exactly as exported:
no HTML unescaping, no trimming (except where noted), CR LF kept.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar

MODEL_VERSION = 1
"""Bumped on any incompatible change of the JSON form; written in every dump."""


class _Record:
    """What every model record shares: a cheap pickled form.

    The default pickling of a slotted dataclass goes through its Python-level
    ``__getstate__``/``__setstate__`` (which call ``dataclasses.fields`` on every
    record); the Markdown writer pickles each item and its comments to send them to
    worker processes, so this flat tuple of field values is several times cheaper.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Callable[[type[Any], tuple[Any, ...]], Any], tuple[Any, ...]]:
        cls = type(self)
        return _rebuild, (cls, _SHAPES[cls][1](self))

    # Equality, hashing and repr are written once, here, rather than generated for each
    # class (``eq=False, repr=False`` below): they do what the generated ones do (all
    # fields compared and hashed as one tuple, ``Item(id=1, type='post', ...)``), but
    # generating them compiled two dozen functions at every start of every command.

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _SHAPES[self.__class__][1]
        return values(self) == values(other)

    def __hash__(self) -> int:
        return hash(_SHAPES[self.__class__][1](self))

    def __repr__(self) -> str:
        cls = self.__class__
        names, values = _SHAPES[cls]
        pairs = zip(names, values(self), strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"{cls.__qualname__}({shown})"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Meta(_Record):
    """One row of postmeta, commentmeta or termmeta (``wp:meta_key``/``wp:meta_value``).

    Keys may repeat, so meta is always an ordered tuple, never a dict.
    """

    key: str
    value: str
    """Raw value as exported: PHP-serialized values are left as text."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Extra(_Record):
    """An element the reader does not know, kept so that nothing is lost."""

    name: str
    """Clark notation (``{namespace-uri}local``), or the bare local name."""
    text: str
    """All text inside the element."""
    attrs: dict[str, str] = field(default_factory=dict)
    xml: str = ""
    """The element serialized back to XML (children included)."""
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Author(_Record):
    """A ``wp:author`` (or ``wp:wp_author``) block; fields are trimmed."""

    id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    derived: bool = False
    """True when the export had no author blocks (WXR 1.0) and this author was
    derived from an item's ``dc:creator``."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Term(_Record):
    """A channel-level ``wp:category``, ``wp:tag`` or ``wp:term``."""

    id: int | None
    taxonomy: str
    """``category``, ``post_tag``, or the ``wp:term_taxonomy`` value."""
    slug: str
    name: str = ""
    parent: str = ""
    """The parent's slug (WXR writes slugs, not ids); empty for none."""
    description: str = ""
    meta: tuple[Meta, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class TermRef(_Record):
    """A ``<category domain nicename>`` on an item."""

    taxonomy: str
    """The ``domain`` attribute; WXR 1.0's ``tag`` is read as ``post_tag``."""
    slug: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Comment(_Record):
    """A ``wp:comment``. Comments stay flat, in export order; ``parent`` links them."""

    id: int | None
    parent: int
    """``wp:comment_parent``: 0 for a top-level comment."""
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: datetime | None = None
    """Site-local time; None for a zero or missing date."""
    date_gmt: datetime | None = None
    content: str = ""
    approved: str = ""
    """As exported: ``1``, ``0``, ``spam``, ``trash``, ``post-trashed``."""
    type: str = ""
    """As exported: ``""`` and ``comment`` are ordinary comments."""
    user_id: int = 0
    meta: tuple[Meta, ...] = ()
    line: int | None = None
    # -- set by transforms (None in the raw model) ------------------------------------
    content_html: str | None = None
    """Display-ready HTML (paragraphs added, as WordPress shows comments)."""
    new_author_url: str | None = None
    """A pingback's or trackback's author URL (the linking post) on the new site, when
    that post is one of the site's (links transform). ``author_url`` keeps the export's
    address: the WXR writer writes it, for a WordPress that has the old permalinks."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Item(_Record):
    """One ``<item>``: a post, page, attachment, menu item or custom type."""

    id: int | None
    """``wp:post_id``; None when missing (some hand-made exports)."""
    type: str = ""
    status: str = ""
    title: str = ""
    slug: str = ""
    """``wp:post_name`` as exported (may be empty, may be percent-encoded)."""
    link: str = ""
    guid: str = ""
    author: str = ""
    """``dc:creator``: the author's login since WXR 1.1."""
    date: datetime | None = None
    """``wp:post_date``, site-local time; None for ``0000-00-00 00:00:00``."""
    date_gmt: datetime | None = None
    modified: datetime | None = None
    """``wp:post_modified``: only written since WordPress 5.7."""
    modified_gmt: datetime | None = None
    pub_date: str = ""
    """The RSS ``pubDate`` string, kept for round trips."""
    content: str = ""
    excerpt: str = ""
    parent: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    comment_status: str = ""
    ping_status: str = ""
    attachment_url: str = ""
    terms: tuple[TermRef, ...] = ()
    meta: tuple[Meta, ...] = ()
    comments: tuple[Comment, ...] = ()
    line: int | None = None
    extra: tuple[Extra, ...] = ()
    # -- set by transforms (None in the raw model, and then absent from its JSON) -----
    state: str | None = None
    """What the status policy made of ``status``: ``published``, ``draft`` or ``media``."""
    content_html: str | None = None
    """Display-ready HTML: paragraphs added (classic content), shortcodes converted."""
    excerpt_html: str | None = None
    summary_html: str | None = None
    """The part of ``content_html`` before ``<!--more-->``, when the post has one."""
    lang: str | None = None
    """BCP 47 code of the item's language."""
    lang_source: str | None = None
    """Which rule decided ``lang`` (polylang, basic-bilingual, qtranslate, marker, site...)."""
    translation_group: str | None = None
    """A stable key shared by the translations of one text."""
    summaries: dict[str, str] | None = None
    """Summaries written in other languages: {lang: text}."""
    translations: dict[str, dict[str, str]] | None = None
    """Its translations that ``--lang`` leaves out, on the other languages' sites
    ``[links] lang_base_urls`` names: {lang: {"url", "title"}} (None when there are none)."""
    original_url: str | None = None
    """Where a republished article first appeared."""
    original_publication: str | None = None
    url: str | None = None
    """The item's URL on the new site; a menu entry's custom link: the address it
    links to there (WordPress's menu item ``url`` too is where the entry goes)."""
    old_urls: tuple[str, ...] | None = None
    """Every URL the item was reachable at on the old site."""
    featured_image: str | None = None
    """The new URL of its featured image (the attachment its ``_thumbnail_id`` names)."""


TRANSFORMED_FIELDS = (
    "state",
    "content_html",
    "excerpt_html",
    "summary_html",
    "lang",
    "lang_source",
    "translation_group",
    "summaries",
    "translations",
    "original_url",
    "original_publication",
    "url",
    "old_urls",
    "featured_image",
)
"""Item fields that transforms fill; the raw model leaves them None."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
class Site(_Record):
    """The channel header: everything a WordPress export writes before its items."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    pub_date: str = ""
    generator: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    """Falls back to ``base_site_url`` when the export has none (as importers do)."""
    namespace: str = ""
    """The WXR namespace URI the export uses, e.g. ``http://wordpress.org/export/1.2/``."""
    extra: tuple[Extra, ...] = ()


def is_threaded(comment: Comment) -> bool:
    """Whether a comment replies to another one."""
    return comment.parent != 0


R = TypeVar("R")


def _shape(cls: type[Any]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    names = tuple(f.name for f in fields(cls))
    assert len(names) > 1  # attrgetter of a single name returns the value, not a tuple
    return names, attrgetter(*names)


_SHAPES: dict[type[Any], tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {
    cls: _shape(cls) for cls in (Meta, Extra, Author, Term, TermRef, Comment, Item, Site)
}
"""Each record class's field names, and a function that reads all their values at once."""


def _reducer(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """``cls.__reduce__`` as a plain function of the record, for ``copyreg``."""
    values = _SHAPES[cls][1]

    def reduce(record: Any) -> tuple[Any, ...]:
        return _rebuild, (cls, values(record))

    return reduce


# Pickle looks a type up in copyreg's table before it asks the object how it reduces
# (``__reduce_ex__``, then ``object.__reduce_ex__`` finding ``__reduce__``: two lookups
# through the class's bases per record). The index pass pickles every item, its
# comments, meta and terms for the main pass (``reader.itemspool``), and the workers
# every item they send back: the table's function is a tenth of that pickling off. The
# same function as ``__reduce__``: the same bytes. Registered once, at import, in every
# process alike.
for _cls in _SHAPES:
    copyreg.pickle(_cls, _reducer(_cls))

_MAKERS: dict[type[Any], tuple[Callable[[Sequence[Any]], Any], Callable[..., Any]]] = {}
"""Each record class's ``make(values)`` (a new record holding ``values``, in field order)
and ``copy(record, changes)`` (``evolve``'s work)."""


def _makers(cls: type[Any]) -> tuple[Callable[[Sequence[Any]], Any], Callable[..., Any]]:
    """``make`` and ``copy`` for ``cls``, made on first use: a new record, every field set.

    Setting 40 fields is most of what copying an Item costs, and a frozen record's own
    ``__setattr__`` refuses them all: calling each slot's setter costs a call with its
    arguments packed, per field. So the record is made as an instance of a twin class
    (a subclass of ``cls`` that adds no slot) with ordinary assignment, which Python
    compiles to a direct store into the slot (reading a field of the record likewise),
    then becomes a ``cls``: the two layouts are the same, so ``__class__`` may be
    assigned. The straight-line code is written once per class, as dataclasses write
    ``__init__``.
    """
    names = _SHAPES[cls][0]
    twin = type(
        f"_{cls.__name__}Twin",
        (cls,),
        # No slots of its own: the same layout as ``cls``'s. Python then tells the two
        # apart from their shared base at once when ``__class__`` is assigned, where a
        # sibling twin (a copy of the slots) had its slot names compared one by one, at
        # each record (a tenth of copying an Item). Both names, as the frozen class
        # defines both: one left over would keep the slow ``__setattr__`` path.
        {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
        },
    )
    scope: dict[str, Any] = {
        "_new": object.__new__,
        "_twin": twin,
        "_cls": cls,
        "_known": frozenset(names),
        "_set": setattr,  # the twin's: a plain slot store
    }
    args = ", ".join(f"_v{i}" for i in range(len(names)))
    stores = "".join(f"    new.{name} = _v{i}\n" for i, name in enumerate(names))
    copies = "".join(f"    new.{name} = record.{name}\n" for name in names)
    exec(
        "def make(values):\n"
        f"    new = _new(_twin)\n    {args} = values\n{stores}"
        "    new.__class__ = _cls\n    return new\n"
        "def copy(record, changes):\n"
        f"    new = _new(_twin)\n{copies}"
        "    for name, value in changes.items():\n"
        "        if name not in _known:\n"
        "            raise TypeError(f'{_cls.__name__} has no field {name!r}')\n"
        "        _set(new, name, value)\n"
        "    new.__class__ = _cls\n    return new\n",
        scope,
    )
    found = _MAKERS[cls] = (scope["make"], scope["copy"])
    return found


def _rebuild(cls: type[R], values: tuple[Any, ...]) -> R:
    make = (_MAKERS.get(cls) or _makers(cls))[0]
    record: R = make(values)
    return record


def evolve(record: R, /, **changes: Any) -> R:
    """A copy of ``record`` with ``changes``: ``dataclasses.replace`` for model records.

    Same result, several times faster: transforms copy every item several times. Like
    ``replace``, an unknown field name raises TypeError.
    """
    cls = type(record)
    found = _MAKERS.get(cls)
    if found is None:
        if cls not in _SHAPES:
            raise TypeError(f"evolve() takes a model record, not {cls.__name__}")
        found = _makers(cls)
    copied: R = found[1](record, changes)
    return copied
