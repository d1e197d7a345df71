"""Ghost's addresses: the slugs its importer keeps, where it serves uploads, and the
``[links]`` configuration ``--to ghost`` runs with.

Ghost (default ``routes.yaml``) serves a post and a page at ``/{slug}/``, a tag at
``/tag/{slug}/``, an author at ``/author/{slug}/`` and uploaded files under
``/content/images/``, ``/content/media/`` (video, audio) or ``/content/files/`` (by
extension, its ``uploads`` configuration). Its importer slugifies every slug it is given
(non-ASCII letters transliterated) and renames a slug that another post or page has
(``-2``, ``-3``…), one of a single character (``post-x``) or a protected one
(``rss-post``). So the Ghost writer writes slugs the importer keeps as they are (ASCII,
unique across posts and pages, within 191 characters), and the links transform, the
items' ``url`` and the redirect maps use the same ones: ``GhostSlugs`` decides them from
the index, in export order, wherever it is asked (the transforms' process, a worker,
the writer), so every copy gives the same answer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from wxr_tools.scratch import id_key
from wxr_tools.slugs import slugify
from wxr_tools.transforms.status import policy_state
from wxr_tools.urlparts import fill

if TYPE_CHECKING:  # the archives import this module: it imports nothing heavy itself
    from wxr_tools.config import Config
    from wxr_tools.index import Entry, Index

SLUG_LIMIT = 191
"""Ghost's column size for slugs (posts, tags, users)."""
PROTECTED = frozenset(("ghost", "rss", "amp"))
"""Ghost's ``slugs.protected``: such a slug gets ``-post``, ``-tag`` or ``-user`` added."""
# Ghost's default ``uploads`` extensions: where an imported file is served from.
IMAGES = frozenset([".jpg", ".jpeg", ".gif", ".png", ".svg", ".svgz", ".ico", ".webp"])
MEDIA = frozenset([".mp4", ".webm", ".ogv", ".mp3", ".wav", ".ogg", ".m4a"])
FILES = frozenset(
    [
        ".pdf",
        ".json",
        ".jsonld",
        ".odp",
        ".ods",
        ".odt",
        ".ppt",
        ".pptx",
        ".rtf",
        ".txt",
        ".xls",
        ".xlsx",
        ".xml",
    ]
)
WRITTEN_TYPES = ("post", "page")
WRITTEN_STATES = ("published", "draft")

# Everything but lower-case ASCII letters, digits, "-" and "_" is replaced: what is
# left, Ghost's importer does not change (python-slugify's default drops "_" too,
# which WordPress slugs may hold and Ghost keeps).
_NOT_SLUG = r"[^-a-z0-9_]+"

TAG_PATTERN = "/tag/{slug}/"
AUTHOR_PATTERN = "/author/{slug}/"
ITEM_PATTERN = "/{slug}/"
MEDIA_PATTERN = "/content/{folder}/{path}"


def ghost_slug(text: str, kind: str, limit: int = SLUG_LIMIT) -> str:
    """``text`` (a WordPress slug, percent-encoded or not, or a title) as a slug Ghost's
    importer keeps as it is; ``kind`` (``post``, ``tag``, ``user``) names what Ghost puts
    before a one-character slug and after a protected one. "" when nothing is left."""
    slug = str(slugify(unquote(text), regex_pattern=_NOT_SLUG))[:limit].strip("-")
    if len(slug) == 1:
        return f"{kind}-{slug}"
    if slug in PROTECTED:
        return f"{slug}-{kind}"
    return slug


def tag_url(pattern: str, slug: str, taxonomy: str) -> str:
    """A term's page in Ghost: the tag the writer made of it (Ghost's tags are flat:
    ``{path}`` is the slug too)."""
    tag = ghost_slug(slug, "tag")
    return fill(pattern, {"slug": tag, "path": tag, "taxonomy": taxonomy})


def media_folder(path: str) -> str:
    """The folder under ``/content/`` that Ghost serves a file of this name from:
    ``images``, ``media`` (video, audio) or ``files`` (documents, and anything else)."""
    dot = path.rfind(".")
    extension = path[dot:].lower() if dot > path.rfind("/") else ""
    if extension in IMAGES:
        return "images"
    if extension in MEDIA:
        return "media"
    return "files"


def importable(path: str) -> bool:
    """Whether Ghost's importer takes a file of this name (its default extensions)."""
    dot = path.rfind(".")
    extension = path[dot:].lower() if dot > path.rfind("/") else ""
    return extension in IMAGES or extension in MEDIA or extension in FILES


def numbered(base: str, n: int) -> str:
    """``base-n``, cut so that it stays within Ghost's limit."""
    suffix = f"-{n}"
    return base[: SLUG_LIMIT - len(suffix)].rstrip("-") + suffix


class GhostSlugs:
    """The slug each post and page has in the Ghost import, by WordPress id.

    Learned in export order from the index (``learn``): an item the status policy
    writes (published or draft) claims its slug; a slug claimed already gets ``-2``,
    ``-3``… as Ghost's importer would give it. Filters (``--type``, ``--lang``…) do not
    change the answers: an item filtered out keeps its claim, in every process alike.
    Kept in the index's scratch database, as the site map's tables are.
    """

    def __init__(self, index: Index, states: dict[str, Any]) -> None:
        self._db = index.scratch.db
        self._states = states
        ids = index.scratch.table("ghost_slugs", "id PRIMARY KEY, slug TEXT", rowid=False)
        taken = index.scratch.table("ghost_taken", "slug TEXT PRIMARY KEY", rowid=False)
        copies = index.scratch.table(
            "ghost_copies", "id, lang TEXT, slug TEXT, PRIMARY KEY (id, lang)", rowid=False
        )
        self._set = f"INSERT OR IGNORE INTO {ids} VALUES (?, ?)"
        self._get = f"SELECT slug FROM {ids} WHERE id = ?"
        self._take = f"INSERT OR IGNORE INTO {taken} VALUES (?)"
        self._set_copy = f"INSERT INTO {copies} VALUES (?, ?, ?)"
        self._get_copy = f"SELECT slug FROM {copies} WHERE id = ? AND lang = ?"

    @classmethod
    def of(cls, index: Index, states: dict[str, Any]) -> GhostSlugs:
        """The slugs of every entry of ``index`` (one pass over it)."""
        slugs = cls(index, states)
        for entry in index.entries():
            slugs.learn(entry)
        return slugs

    def written(self, entry: Entry) -> bool:
        """Whether the Ghost writer writes the entry (what the status policy keeps)."""
        if entry.type not in WRITTEN_TYPES:
            return False
        return policy_state(self._states, entry.status) in WRITTEN_STATES

    def learn(self, entry: Entry) -> None:
        if not self.written(entry):
            return
        if self._db.execute(self._get, (id_key(entry.id),)).fetchone() is not None:
            return  # a repeated id: the first item's slug (the index keeps the first)
        base = base_slug(entry.slug, entry.title, entry.id)
        slug, n = base, 1
        while not self._claim(slug):
            n += 1
            slug = numbered(base, n)
        self._db.execute(self._set, (id_key(entry.id), slug))

    def _claim(self, slug: str) -> bool:
        before = self._db.total_changes
        self._db.execute(self._take, (slug,))
        return self._db.total_changes > before

    def claim(self, slug: str) -> str:
        """``slug``, or the first free ``slug-n``, taken now (an item the index does not
        name: a repeated id, a language's copy of a split post)."""
        found, n = slug, 1
        while not self._claim(found):
            n += 1
            found = numbered(slug, n)
        return found

    def copy(self, item_id: int | None, lang: str, slug: str) -> str:
        """The slug of the ``lang`` copy of a split post whose main copy has ``slug``:
        ``slug-lang``, numbered past the slugs taken (another post's ``slug-lang``).

        Decided once per copy, so that the links to it, its ``url`` and the writer
        agree: the first to ask claims it. The index's slugs are all claimed before
        (``learn``), so every process gives the same answer."""
        key = id_key(item_id)
        row = self._db.execute(self._get_copy, (key, lang)).fetchone()
        if row is not None:
            return str(row[0])
        found = self.claim(ghost_slug(f"{slug}-{lang}", "post"))
        if item_id is not None:
            self._db.execute(self._set_copy, (key, lang, found))
        return found

    def get(self, item_id: int | None) -> str | None:
        """The slug decided for the entry ``item_id``; None when it has none."""
        if item_id is None:
            return None
        row = self._db.execute(self._get, (id_key(item_id),)).fetchone()
        return None if row is None else str(row[0])


def base_slug(slug: str, title: str, item_id: int | None) -> str:
    """An item's Ghost slug before clashes: its WordPress slug, else its title's (a
    draft has none yet: Ghost would make one of the title), else ``post-<id>``."""
    return ghost_slug(slug, "post") or ghost_slug(title, "post") or f"post-{item_id or 0}"


def ghost_config(config: Config) -> Config:
    """``config`` with Ghost's addresses wherever the user did not set theirs.

    ``[links.url_pattern]``: posts and pages at ``/{slug}/``, other types nowhere (Ghost
    has posts and pages only: links to them stay as written, reported); attachments'
    files at their file. ``[links.archive_pattern]``: categories, tags and the other
    taxonomies' terms (which become tags) at ``/tag/{slug}/``, authors at
    ``/author/{slug}/``; post formats (internal tags), months and years have no page.
    ``media_path``: ``/content/{folder}/{path}``. A key the user set (a routes.yaml of
    theirs) is kept. ``target`` makes ``{slug}`` the slug the Ghost writer writes.
    """
    links = config.section("links")
    mine = config.user.get("links", {})
    theirs_url = mine.get("url_pattern", {})
    theirs_archive = mine.get("archive_pattern", {})
    urls = dict(links["url_pattern"])
    for kind, pattern in (("post", ITEM_PATTERN), ("page", ITEM_PATTERN), ("other", "")):
        if kind not in theirs_url:
            urls[kind] = pattern
    archives = dict(links["archive_pattern"])
    ghost_archives = {
        "category": TAG_PATTERN,
        "post_tag": TAG_PATTERN,
        "other": TAG_PATTERN,
        "post_format": "",
        "month": "",
        "year": "",
        "author": AUTHOR_PATTERN,
    }
    for kind, pattern in ghost_archives.items():
        if kind not in theirs_archive:
            archives[kind] = pattern
    new_links = {**links, "url_pattern": urls, "archive_pattern": archives}
    if "media_path" not in mine:
        new_links["media_path"] = MEDIA_PATTERN
    return replace(config, data={**config.data, "links": new_links}, target="ghost")
