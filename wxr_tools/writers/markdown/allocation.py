"""Each item's place, handed out in export order: no two items share a file, a URL or a
comments key.

``Paths.allocate`` gives an item the place ``paths`` works out for it (``first_place``)
unless an item placed before has it: then a ``-2`` (``-3``...) after its slug, recorded
in ``clashes`` for the report (``clashes.py``). Every path, URL and comments key handed
out is kept (``_Taken``): in memory while the run's tables are small, then in a scratch
table (``scratch.Budget``), so that memory stays flat. Apart from ``paths``, which
says where an item goes on its own; this module settles it against the items before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from sys import getsizeof
from types import TracebackType
from urllib.parse import unquote

from wxr_tools.model import Item
from wxr_tools.scratch import Scratch, id_key
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.keyfilter import KeyFilter
from wxr_tools.writers.markdown.paths import (
    Placement,
    first_place,
    item_slug,
    kept_url,
    old_paths,
    place,
    with_aliases,
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
    memory while the tables are small, then in a scratch database (``scratch.Budget``):
    ``close`` (or ``with``) deletes it.
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
        # The path and URL keys of the place, worked out once: asked if taken, then
        # taken (most items keep their first place).
        keys = first_keys = (self._path_key(first), _url_key(first.url))
        held_paths, held_urls = self.paths._held, self.urls._held
        if held_paths is not None and held_urls is not None:
            # ``_taken`` while both tables are held, without its calls (once an item).
            taken = keys[0] in held_paths or keys[1] in held_urls
        else:
            taken = self._taken(keys)
        if taken:
            url = kept_url(item)
            base = (*first_keys, slug, url)
            n = self._last_suffix.get(base, 1)
            while placement is first or self._taken(keys):
                n += 1
                new_url = _suffixed(url, n) if url is not None else None
                placement = place(item, self.flavor, self.default_lang, f"{slug}-{n}", new_url)
                keys = (self._path_key(placement), _url_key(placement.url))
            self._last_suffix[base] = n
        if placement is not first:
            kept, kept_url_key = first_keys
            owner = self.paths.get(kept) if kept in self.paths else self.urls.get(kept_url_key)
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
        if dotted:  # rare: not even an empty list made for each item
            self.dotted += [(Ref(item.id, item.line), path, placement.url) for path in dotted]
        published = item.state != "draft"
        hidden, shared = self.aliases.place(
            item.id, item.line, published, placement.url, placement.path, old
        )
        placement = with_aliases(placement, hidden, shared, tuple(old), dotted)
        self.paths.put(keys[0], item.id)
        self.urls.put(keys[1], item.id)
        return placement

    def _taken(self, keys: tuple[str, str]) -> bool:
        """Whether a place of these path and URL keys is taken."""
        paths, urls = self.paths, self.urls
        if not paths.perhaps(keys[0]) and not urls.perhaps(keys[1]):
            return False  # most places are free: known without a query
        if paths.held or urls.held:  # one table at least answers from memory
            return keys[0] in paths or keys[1] in urls
        paths.flush()
        urls.flush()
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
    """Keys handed out, each with the item id that has it: a dict, then a scratch table.

    While the keys are few (``scratch.Budget``) they are only in a dict, which answers
    exactly (no query, no filter); past the bound they all go to the table, which holds
    and answers from then on (``held`` False). There, keys given are inserted a thousand
    at a time (one statement each was most of the cost of placing an item), and always
    before the table is read.
    """

    def __init__(self, scratch: Scratch, stem: str) -> None:
        self._db = scratch.db
        self.name = name = scratch.table(stem, "key TEXT PRIMARY KEY, id", rowid=False)
        self._find = f"SELECT id FROM {name} WHERE key = ?"
        self._put = f"INSERT OR REPLACE INTO {name} VALUES (?, ?)"
        self._claim = f"INSERT OR IGNORE INTO {name} (key) VALUES (?)"
        self._keys = KeyFilter()
        self._pending: list[tuple[str, int | str | None]] = []
        self._held: dict[str, int | str | None] | None = {}
        """Each key's id key (as the table stores it), until the database's ``Budget``
        is spent (None: the table has them all)."""
        self._budget = scratch.held

    @property
    def held(self) -> bool:
        """Whether the keys are still in memory only (every answer exact, no query)."""
        return self._held is not None

    def perhaps(self, key: str) -> bool:
        """False when ``key`` is surely not taken (no query), True when it may be (held:
        when it is)."""
        held = self._held
        return key in held if held is not None else key in self._keys

    def __contains__(self, key: str) -> bool:
        held = self._held
        if held is not None:
            return key in held
        if key not in self._keys:
            return False
        self.flush()
        return self._db.execute(self._find, (key,)).fetchone() is not None

    def get(self, key: str) -> int | None:
        """The id of the item that has ``key`` (None: no id, or not taken)."""
        held = self._held
        if held is not None:
            found = held.get(key)
        elif key not in self._keys:
            return None
        else:
            self.flush()
            row = self._db.execute(self._find, (key,)).fetchone()
            found = None if row is None else row[0]
        return None if found is None else int(found)

    def put(self, key: str, item_id: int | None) -> None:
        """Give ``key`` to ``item_id`` (over any item that had it: INSERT OR REPLACE)."""
        held = self._held
        if held is not None:
            held[key] = id_key(item_id)
            if self._budget.spend(getsizeof(key) + HELD_KEY):
                self._spill()
            return
        self._keys.add(key)
        self._pending.append((key, id_key(item_id)))
        if len(self._pending) >= _BATCH:
            self.flush()

    def claim(self, key: str) -> bool:
        """Take ``key`` (for no item in particular) unless it is taken; whether it was free."""
        if not self.perhaps(key):  # surely free: taken like ``put`` does (no id)
            self.put(key, None)
            return True
        if self._held is not None:
            return False  # held: ``perhaps`` is exact
        self.flush()
        return self._db.execute(self._claim, (key,)).rowcount == 1

    def _spill(self) -> None:
        """Past the bound: every key to the table (and its filter), which answers from now on."""
        held, self._held = self._held, None
        if held:
            for key in held:
                self._keys.add(key)
            self._pending = list(held.items())
            self.flush()

    def flush(self) -> None:
        """Insert the keys given since the last flush, in the order given."""
        if self._pending:
            self._db.executemany(self._put, self._pending)
            self._pending = []


_BATCH = 1000
HELD_KEY = 100
"""A key's memory besides its string (``scratch.Budget``): its slot in the dict (about
70), its id (28)."""


def _url_key(url: str) -> str:
    """A URL as compared: case-folded, decoded as a server does (``%2eaa`` is ``.aa``)."""
    return (unquote(url) if "%" in url else url).casefold()


def _suffixed(url: str, n: int) -> str:
    """``/a/b/`` → ``/a/b-2/``: the URL of a renamed item that had one of its own."""
    path, sep, query = url.partition("?")
    trailing = path.endswith("/")
    stem = path.rstrip("/") or ""
    return f"{stem}-{n}{'/' if trailing else ''}{sep}{query}"
