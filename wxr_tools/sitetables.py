"""The site map's keys, in the index's scratch database: what each path, slug and
uploaded file of the old site was (``urlmap.SiteMap`` fills and asks them), the
facts each index entry gives them (``entry_facts``), and the addresses an item answered
at (``old_urls``, ``comment_pages``)."""

from __future__ import annotations

import marshal
from sys import getsizeof
from typing import Any
from urllib.parse import SplitResult, unquote

from wxr_tools.forkheld import BlobCopy, Held, shared_state
from wxr_tools.index import Entry, Index
from wxr_tools.model import Item
from wxr_tools.scratch import INT_HIGHEST, INT_LOWEST, id_key
from wxr_tools.urlparts import VARIANT, host_of, path_key, split_address, upload_path

HELD_BYTES = 12 << 20
"""Memory the keys kept in dicts instead of the database (``forkheld``), may take: each
key's string and ``HELD_KEY`` bytes. Generated exports' keys took 150 bytes each by
``tracemalloc`` (10,000 and 50,000 posts; two keys an entry), 200 by this count: 12 MB
is the keys of some 29,000 entries, as many as the index holds (``index.HELD_BYTES``)."""
HELD_KEY = 100
"""A key's memory besides its string: its id (28), its slot in the dict (about 70)."""


class _Keys:
    """The three tables as dicts: ``path`` and ``media`` a key's first id, ``slug`` a
    key's id, or its ids in the order given (a list) when it has several."""

    __slots__ = ("bytes", "media", "path", "slug")

    def __init__(self) -> None:
        self.path: dict[str, int] = {}
        self.media: dict[str, int] = {}
        self.slug: dict[str, int | list[int]] = {}
        self.bytes = 0
        """What the keys take (``HELD_BYTES``), a repeated key's too (a bound, not a count)."""

    def add(self, facts: list[tuple[str, str, int]]) -> None:
        path, media, slug = self.path, self.media, self.slug
        size = 0
        for kind, key, item_id in facts:
            size += getsizeof(key)  # a str of 1, 2 or 4 bytes a character: len says less
            if kind == "slug":
                # One id (most slugs) as it is: no list for each, for the collector to scan.
                found = slug.get(key)
                if found is None:
                    slug[key] = item_id
                elif isinstance(found, int):
                    slug[key] = [found, item_id]
                else:
                    found.append(item_id)
            elif kind == "path":
                path.setdefault(key, item_id)  # as INSERT OR IGNORE: the first id stays
            else:
                media.setdefault(key, item_id)
        self.bytes += size + HELD_KEY * len(facts)


class SiteTables:
    """The site map's keys, in the index's scratch database: path, slug and media -> id.

    ``path`` and ``media`` keep the first id given a key (the export's first item wins);
    ``slug`` keeps every id, in the order given. While they are few (``HELD_BYTES``) they
    are in dicts only, which answer (``forkheld``: in forked workers too); the database
    gets them when another process may need it: as one blob in the copy other processes
    read (``Scratch.share``), as rows once the dicts are dropped (``_drop``).
    """

    def __init__(self, index: Index) -> None:
        scratch = self._scratch = index.scratch  # its db: in a worker, a read-only copy
        self._names = {
            "path": scratch.table("site_paths", "key TEXT PRIMARY KEY, id", rowid=False),
            "media": scratch.table("site_media", "key TEXT PRIMARY KEY, id", rowid=False),
            "slug": scratch.table("site_slugs", "key TEXT NOT NULL, id"),
        }
        self._insert = {
            kind: f"INSERT {'' if kind == 'slug' else 'OR IGNORE '}INTO {name} VALUES (?, ?)"
            for kind, name in self._names.items()
        }
        self._select = {
            kind: f"SELECT id FROM {name} WHERE key = ? ORDER BY rowid"
            if kind == "slug"
            else f"SELECT id FROM {name} WHERE key = ?"
            for kind, name in self._names.items()
        }
        self._held: Held[_Keys] | None = Held(_Keys())
        """The tables in dicts, until they take more than ``HELD_BYTES`` (None: the
        database answers, as it does in a process that did not inherit them)."""
        self._added_under: str | None = None
        """The database's shared copy (``Scratch.shared``) when rows were last added."""
        self._complete = False
        """All the slugs are in (``indexed``)."""
        self._slugs_indexed = False
        self._written = False
        """The tables' rows are in the database (``_drop``): ``add`` writes each new one."""
        self._copy = BlobCopy("site_keys")
        """The dicts as the copy for other processes has them (``_before_share``)."""
        scratch.before_share(self._before_share)

    def add(self, facts: list[tuple[str, str, int]]) -> None:
        held = self._held
        if held is None or self._written:
            self._write(facts)
        self._added_under = self._scratch.shared
        if held is not None:
            held.value.add(facts)
            self._copy.stale = True
            if held.value.bytes > HELD_BYTES:
                self._drop()

    def _write(self, facts: list[tuple[str, str, int]]) -> None:
        rows: dict[str, list[tuple[str, int | str | None]]] = {kind: [] for kind in self._insert}
        for kind, key, item_id in facts:  # one pass, each table's rows in the order given
            # id_key's test inline (a call per fact): an id in SQLite's integers as it is.
            stored = item_id if INT_LOWEST <= item_id <= INT_HIGHEST else id_key(item_id)
            rows[kind].append((key, stored))
        for kind, insert in self._insert.items():
            if rows[kind]:
                self._scratch.db.executemany(insert, rows[kind])

    def _drop(self) -> None:
        """Write the dicts' rows to the tables, and answer from the database from now on.

        The dicts hold what the rows would have left: a path's or file's first id (as
        INSERT OR IGNORE keeps it) and each slug's ids in the order given, which is all
        a lookup asks of the tables (a slug's ids ``ORDER BY rowid``: its own rows keep
        their order). Until the dicts are dropped only they are asked in this process
        and its forks: rows written as they came cost 7,500 instructions each, for no
        one."""
        held = self._held
        if held is None:
            return
        if not self._written:
            self._written = True
            keys, db = held.value, self._scratch.db
            for kind, table in (("path", keys.path), ("media", keys.media)):
                db.executemany(self._insert[kind], [(k, id_key(i)) for k, i in table.items()])
            rows: list[tuple[str, int | str | None]] = []
            for key, found in keys.slug.items():
                if isinstance(found, int):
                    rows.append((key, id_key(found)))
                else:
                    rows.extend((key, id_key(item_id)) for item_id in found)
            db.executemany(self._insert["slug"], rows)
        self._held = None
        if self._complete:
            self._index_slugs()

    def _before_share(self) -> None:
        """Before the database is copied for other processes (``Scratch.share``): a
        process not forked from this one finds no dicts (``forkheld``) and reads the
        copy. While the dicts hold every row it gets them as one blob (``BlobCopy``; at
        most ``HELD_BYTES`` again in its memory: the bound of this process's dicts), and
        answers from dicts as this process does."""
        held = self._held
        if held is None or self._written:
            self._copy.write(self._scratch, None)
            return
        keys = held.value
        blob = (keys.path, keys.media, keys.slug, keys.bytes)
        self._copy.write(self._scratch, lambda: (marshal.dumps(blob),))

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self._held is None and self._copy.in_copy:
            # A process that did not inherit the dicts: the shared copy's blob.
            (data,) = self._copy.read(self._scratch)
            keys = _Keys()
            keys.path, keys.media, keys.slug, keys.bytes = marshal.loads(data)
            self._held = Held(keys)

    def __getstate__(self) -> dict[str, Any]:
        return shared_state(self.__dict__, self._scratch.shared, self._added_under)

    def indexed(self) -> None:
        """The slugs are all in: index them (faster than keeping an index up to date),
        for the processes that ask the database for a slug. While the dicts hold every
        row, none does: this process and the workers forked from it ask the dicts
        (``forkheld``), and an index nobody reads cost 35 M instructions (its sort, and
        its pages in the copy shared with the workers: ``Scratch.share``) while the other
        cores waited for the workers to be forked. It is made when the dicts are dropped
        (``_drop``), rows later or not."""
        self._complete = True
        if self._held is None:
            self._index_slugs()

    def _index_slugs(self) -> None:
        if not self._slugs_indexed:
            name = self._names["slug"]
            self._scratch.db.execute(f"CREATE INDEX {name}_key ON {name} (key)")
            self._slugs_indexed = True

    def path(self, key: str) -> int | None:
        held = self._held
        return held.value.path.get(key) if held is not None else self._one("path", key)

    def media(self, key: str) -> int | None:
        held = self._held
        return held.value.media.get(key) if held is not None else self._one("media", key)

    def slug(self, key: str) -> list[int]:
        held = self._held
        if held is not None:
            found = held.value.slug.get(key)
            if found is None:
                return []
            return [found] if isinstance(found, int) else list(found)
        return [int(found) for (found,) in self._scratch.db.execute(self._select["slug"], (key,))]

    def _one(self, kind: str, key: str) -> int | None:
        row = self._scratch.db.execute(self._select[kind], (key,)).fetchone()
        return None if row is None else int(row[0])


class Repeats:
    """What ``entry_facts`` learned of the addresses entries repeat, for one ``hosts``
    set (a site map's): most entries share a host, and most guids are the site's
    ``?p=ID`` form of their own item, which adds nothing once one such guid added its host.

    Bounded (``REPEATS`` of each): an export has a few hosts and guid forms."""

    __slots__ = ("netlocs", "own_guids", "site")

    def __init__(self) -> None:
        self.site: tuple[str, str, str] | None = None
        """A link's start ``http(s)://host/`` as ``split_link`` found it plain, its scheme
        and its netloc: most links start so (``split_link``)."""
        self.netlocs: set[str] = set()
        """The links' netlocs whose host is in ``hosts`` already."""
        self.own_guids: set[str] = set()
        """Guids with their item's id cut off (``http://host/?p=``) whose guid was the
        item's own query on a root (``_own_query``): its host is in ``hosts`` already."""


REPEATS = 64


def split_link(link: str, repeats: Repeats) -> SplitResult:
    """``split_address(link)``, cut after the site's start when it has the last one seen.

    That start (``http://host/``: a scheme in lower case, an ASCII host without brackets)
    was cut by ``split_url``'s own shortcut, and has no "#", "?" or tab, CR, LF: the
    link's fragment, query and path are then cut in the rest exactly as there, and its
    scheme and netloc are that start's (a tab, CR or LF in the rest: split as any)."""
    site = repeats.site
    if site is not None and link.startswith(site[0]):
        rest = link[len(site[0]) - 1 :]  # from the path's "/"
        if "\t" not in rest and "\r" not in rest and "\n" not in rest:
            rest, _, fragment = rest.partition("#")
            path, _, query = rest.partition("?")
            return _new_tuple(SplitResult, (site[1], site[2], path, query, fragment))
    parts = split_address(link)
    scheme, netloc = parts.scheme, parts.netloc
    start = f"{scheme}://{netloc}/"
    plain_host = netloc.isascii() and "[" not in netloc and "]" not in netloc
    if scheme in ("http", "https") and plain_host and link.startswith(start):
        repeats.site = (start, scheme, netloc)
    return parts


_new_tuple = tuple.__new__


def entry_facts(
    entry: Entry,
    link_parts: SplitResult,
    facts: list[tuple[str, str, int]],
    hosts: set[str],
    upload_roots: set[tuple[str, str]],
    repeats: Repeats,
) -> None:
    """Add the (table, key, id) facts about ``entry`` to ``facts``: ``path``, ``slug``
    and ``media`` keys (``link_parts``: its link, split); the hosts its addresses are
    on to ``hosts``, and (host, path) where its uploaded file lives to ``upload_roots``.
    ``repeats``: what the earlier entries' addresses taught (always given with the same
    ``hosts``)."""
    link, guid, item_id = entry.link, entry.guid, entry.id
    slug = _decoded(entry.slug).lower()
    # A guid that is a known own-query form with this item's id (most posts' and pages'
    # http://host/?p=ID): the same form with another id is split the same way, its query
    # is this item's own on the same root path, and its host was added. It adds nothing.
    number = str(item_id)
    urls: tuple[str, ...] = (link, guid)
    if guid.endswith(number) and guid[: len(guid) - len(number)] in repeats.own_guids:
        urls = (link,)
    elif entry.type == "attachment" and "?" not in guid:
        urls = (link,)  # its guid has no query (split, it has none), and is its file's
    for url in urls:
        parts = link_parts if url is link else split_address(url)
        if parts.scheme not in ("http", "https"):
            continue
        if parts.query:
            if url is guid and parts.path in _ROOTS and _own_query(parts.query, number):
                # WordPress made the guid home_url("?p=ID") when the item was created:
                # the host the site had then (a blog moved from x.wordpress.com), whose
                # links in older posts are the site's own. Only a site at the host's
                # root: a blog that was at /blog/ shared its host with other pages.
                hosts.add(host_of(parts.netloc))
                # Its query, the guid's end but for a fragment, is the own query's name
                # and the id: without a "#", the guid cut before the id is that form.
                if "#" not in guid and len(repeats.own_guids) < REPEATS:
                    repeats.own_guids.add(guid[: len(guid) - len(number)])
            continue
        if url == guid and entry.type == "attachment":
            continue  # an attachment's guid is its file: a media link
        key = path_key(parts.path)
        if url == guid and not (slug and key.endswith("/" + slug)):
            continue  # a guid that this item did not write (a syndicated post)
        netloc = parts.netloc
        if netloc not in repeats.netlocs:  # most links: a host added already
            hosts.add(host_of(netloc))
            if len(repeats.netlocs) < REPEATS:
                repeats.netlocs.add(netloc)
        facts.append(("path", key, item_id))
    if entry.slug:
        facts.append(("slug", slug, item_id))
    for old in entry.old_slugs:
        if old:
            facts.append(("slug", _decoded(old).lower(), item_id))
    if entry.type == "attachment":
        _file_facts(entry, facts, upload_roots)


def _decoded(text: str) -> str:
    """``unquote(text)``; the text itself, without the call, when it has no "%" (most
    slugs: unquote gives those back as they are)."""
    return unquote(text) if "%" in text else text


_OWN_QUERIES = ("p=", "page_id=", "attachment_id=")
_ROOTS = ("", "/", "/index.php")


def _own_query(query: str, number: str) -> bool:
    """Whether ``query`` is ``p=ID`` (``page_id=``, ``attachment_id=``) of the item
    itself (``number``: its id as text): a guid that names its own item, which no
    syndicated post's does."""
    for name in _OWN_QUERIES:
        if query.startswith(name):
            return query[len(name) :] == number
    return False


def attachment_file(entry: Entry) -> str:
    """An attachment's path under uploads: ``_wp_attached_file``, else from its URL.

    WordPress.com and old multisite exports hold a server path there (``/home/…``).
    """
    file = entry.attached_file
    if not file or file.startswith("/"):
        file = upload_path(unquote(split_address(entry.attachment_url or entry.guid).path))
    return file


def _file_facts(
    entry: Entry, facts: list[tuple[str, str, int]], upload_roots: set[tuple[str, str]]
) -> None:
    file = entry.attached_file
    # Each key once: the file's path from its URL, from its guid and _wp_attached_file
    # are mostly one path, and a path without a size suffix is its own stripped form.
    # The table keeps a key's first id, so a repeat of a key for the same attachment
    # was a lookup that inserted nothing (four of a usual attachment's eight).
    paths: set[str] = set()
    added: set[str] = set()
    first = entry.attachment_url
    for url in (first, entry.guid):
        if url is not first and _same_address(url, first):
            break  # the URL again, but maybe its scheme: the same host and path, no fact more
        parts = split_address(url)
        path = unquote(parts.path)
        sub = upload_path(path, file)
        if not sub:
            continue
        root = path[: len(path) - len(sub)].lower()
        upload_roots.add((host_of(parts.netloc), root))
        for key in (sub, file if file and not file.startswith("/") else ""):
            if key and key not in paths:  # the same path gives the same keys
                paths.add(key)
                for found in (key.lower(), _unsized(key).lower()):
                    if found not in added:
                        added.add(found)
                        facts.append(("media", found, entry.id))


def _unsized(key: str) -> str:
    r"""``VARIANT.sub("", key)``; the key itself, without the regular expression's try
    at every character (most of an attachment's cost here), when its end rules out a
    suffix. A suffix ends where ``\.\w+$`` holds: at the key's last "." (no other dot
    may follow), and ends with "-scaled", "-rotated", or digits after "x" or "-e". An
    ASCII stem (the key before that dot) that ends otherwise has none; any other stem is
    left to the regular expression (a non-ASCII digit is a ``\d`` too)."""
    dot = key.rfind(".")
    if dot < 0:
        return key  # no dot: the lookahead never holds
    stem = key[:dot]
    if stem.isascii() and not stem.endswith(("-scaled", "-rotated")):
        bare = stem.rstrip("0123456789")
        if len(bare) == len(stem) or not bare.endswith(("x", "-e")):
            return key
    return VARIANT.sub("", key)


def _same_address(url: str, other: str) -> bool:
    """Whether ``url`` and ``other`` are one address but for an ``http``/``https``
    scheme: ``split_address`` cuts the rest alike whatever the scheme (its shortcut and
    urlsplit both), so their hosts and paths are the same. An attachment's guid is
    mostly its URL, often with the other scheme."""
    if url == other:
        return True
    start = 8 if url.startswith("https://") else 7 if url.startswith("http://") else 0
    at = 8 if other.startswith("https://") else 7 if other.startswith("http://") else 0
    return bool(start and at) and url[start:] == other[at:]


_ID_QUERIES = {"page": "page_id", "attachment": "attachment_id"}
"""The query naming an item of a type by its id (``?p=`` for the others)."""


def old_urls(home: str, entry: Entry, link: str, guid: str) -> tuple[str, ...]:
    """Every URL the item answered at: its link, its ``?p=`` form, its guid, old slugs."""
    home = home.rstrip("/")
    query = _ID_QUERIES.get(entry.type, "p")
    urls = [link, f"{home}/?{query}={entry.id}"]
    if guid.startswith(("http", "//")) and "?" not in guid and entry.type != "attachment":
        # a permalink-style guid (an older domain, a former permalink structure)
        urls.append(guid)
    # Old slugs first: most items have none, and the test of the link costs more.
    if entry.old_slugs and entry.slug and link.rstrip("/").endswith("/" + entry.slug):
        stem = link.rstrip("/")[: -len(entry.slug)]
        slash = "/" if link.endswith("/") else ""
        urls.extend(f"{stem}{old}{slash}" for old in entry.old_slugs if old)
    return tuple(dict.fromkeys(filter(None, urls)))


def comment_pages(item: Item, per_page: int) -> list[str]:
    """The addresses of the pages WordPress broke the item's comments into
    (``<permalink>comment-page-2/``; Settings > Discussion), when its approved top-level
    comments were more than ``per_page``: the page shows them all now."""
    if per_page < 1:
        return []
    threads = sum(1 for c in item.comments if c.parent == 0 and c.approved == "1")
    if threads <= per_page:
        return []
    start, mark, _ = item.link.partition("#")[0].partition("?")
    if mark or not start.endswith("/"):  # plain permalinks paged comments with ?cpage=
        return []
    return [f"{start}comment-page-{n}/" for n in range(1, -(-threads // per_page) + 1)]


def dated(entry: Entry, date: tuple[str, str, str] | None) -> bool:
    """Whether the entry's date agrees with the (year, month, day) of a path ("" day: any)."""
    if date is None:
        return True
    if entry.date is None:
        return False
    year, month, day = date
    return (
        int(year) == entry.date.year
        and int(month) == entry.date.month
        and (not day or int(day) == entry.date.day)
    )
