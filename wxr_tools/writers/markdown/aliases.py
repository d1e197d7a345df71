"""Which old URLs an item's front matter lists as aliases (``aliases``/``redirect_from``).

Every flavor makes a redirect page at each alias, and the redirect maps
(``RedirectMap``) send the same old URLs. Two rules keep the pages from hiding a page
or disagreeing with the maps:

* An old URL that is a published page's URL is no alias (WXR415): the page is there,
  and a redirect page would compete with it (in Jekyll it wins). When the page is
  placed after the item that had the old URL, that item's file is written already:
  ``later_pages`` lists it, and the writer takes the alias out of it at the end.
* An old URL that two published items had belongs to the first (export order), as in
  the maps (WXR411); the later item does not list it. Left to the generators, each
  picked one by its own order (Eleventy by date, Astro by file, Jekyll by date).

A draft is no page and its aliases are never built: it takes part in neither rule
(its own aliases are still left out where a page is, as a published item's are).
Pages and aliases are kept in memory while the run's tables are small, then in scratch
tables (``scratch.Budget``), so that memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from sys import getsizeof
from urllib.parse import unquote

from wxr_tools.scratch import Scratch, held_rows, hold_row, id_key
from wxr_tools.urlparts import dot_segment, jekyll_dots
from wxr_tools.writers.markdown.keyfilter import KeyFilter


@dataclass(frozen=True, slots=True)
class Shared:
    """An old URL left out of an item's aliases: an earlier item has it (WXR411)."""

    item_id: int | None
    line: int | None
    alias: str
    owner: int | None
    owner_url: str


@dataclass(frozen=True, slots=True)
class LaterPage:
    """An alias already written in ``file`` that a page placed later has as its URL."""

    item_id: int | None
    line: int | None
    file: str
    url: str
    """The URL of the item whose file it is (not the page's)."""
    alias: str


class Aliases:
    """Published pages and the aliases written so far, to decide each item's aliases."""

    def __init__(self, scratch: Scratch, jekyll: bool = False) -> None:
        self._db = scratch.db
        self._jekyll = jekyll
        """Jekyll reads each path its way (``jekyll_dots``: ``．．`` and ``a..b`` too)."""
        self.dotted: list[tuple[str, str]] = []
        """(archive page URL, old path) left out: a ``.`` or ``..`` segment."""
        pages = scratch.table("pages", "key TEXT PRIMARY KEY", rowid=False)
        self._find_page = f"SELECT 1 FROM {pages} WHERE key = ?"
        self._add_page = f"INSERT OR IGNORE INTO {pages} VALUES (?)"
        # What the tables hold, as far as a query is needed to know (most old URLs are
        # no page, most pages hide no alias, most aliases are no other item's).
        self._pages = KeyFilter()
        self._bares = KeyFilter()
        self._keys = KeyFilter()
        # Rows inserted a thousand at a time (one statement each cost more than the
        # rest of placing an item), and always before a table is read.
        self._new_pages: list[tuple[str]] = []
        self._new_aliases: list[_Row] = []
        # While they are few (``scratch.Budget``) the pages and aliases are only in memory,
        # which answers exactly (no filter, no query); past the bound they all go to the
        # tables, which answer from then on (``_spill``).
        self._held_pages: set[str] | None = set()
        self._held_aliases: dict[str, _Row] | None = {}
        """Each alias's row by key, in the order placed (as the table's rowid)."""
        self._held_bares: dict[str, _Row | list[_Row]] = {}
        """The held rows by bare key: a row, or rows in the order placed when several."""
        self._budget = scratch.held
        # key: the alias as a file is named (without its trailing slash), for the first
        # claim; bare: case-folded too, where a page URL looks for the aliases it hides.
        aliases = scratch.table(
            "aliases",
            "key TEXT PRIMARY KEY, bare TEXT NOT NULL, "
            "id, line, url TEXT NOT NULL, file TEXT NOT NULL, alias TEXT NOT NULL",
        )
        self._db.execute(f"CREATE INDEX {aliases}_bare ON {aliases} (bare)")
        self._owner = f"SELECT id, url FROM {aliases} WHERE key = ?"
        self._add_alias = f"INSERT OR IGNORE INTO {aliases} VALUES (?, ?, ?, ?, ?, ?, ?)"
        self._at_page = f"SELECT rowid, id, line, url, file, alias FROM {aliases} WHERE bare = ?"
        self.shared: list[Shared] = []
        self.later_pages: list[LaterPage] = []
        """Aliases written before the page at their URL was placed, in that order."""

    def place_archive(self, url: str, file: str, old: Iterable[str]) -> list[str]:
        """An archive's page (a term's, a date's, an author's) at ``url``: the aliases it
        keeps of its old site paths ``old`` (decoded; queries and its own URL left out:
        the redirect maps have those; others' pages and aliases too). A path with a ``.``
        or ``..`` segment is left out (``dotted``): its redirect page would be written
        over another page (``/tag/../`` is the home page)."""
        paths = []
        for raw in old:
            if "?" in raw or raw.rstrip("/") == url.rstrip("/"):
                continue
            path = unquote(raw)
            if jekyll_dots(path) if self._jekyll else dot_segment(path):
                self.dotted.append((url, path))
            else:
                paths.append(path)
        hidden, shared = self.place(None, None, True, url, file, paths)
        return [p for p in paths if p not in hidden and p not in shared]

    def place(
        self,
        item_id: int | None,
        line: int | None,
        published: bool,
        url: str,
        file: str,
        old: list[str],
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The item's old paths ``old`` left out of its aliases: (pages, shared).

        Records the item's page (when ``published``) and the aliases it keeps; an
        earlier item's alias that is this page's URL goes to ``later_pages``.
        """
        held_pages = self._held_pages
        if not old:
            hidden: tuple[str, ...] = ()
        elif held_pages is not None:
            # ``is_page`` while the pages are held (one of ``_page_forms``), without its
            # calls (once an item): most items hide nothing, and build no tuple.
            hidden = ()
            for path in old:
                key = path.casefold()
                if key in held_pages or (not key.endswith("/") and key + "/" in held_pages):
                    hidden += (path,)
        else:
            hidden = tuple(path for path in old if self.is_page(path))
        if not published:
            return hidden, ()
        # As a server reads it: %2eaa is .aa (``unquote`` gives a text without "%" back).
        page = (unquote(url) if "%" in url else url).casefold()
        held, spent = self._held_aliases, False
        if held is None or page.rstrip("/") in self._held_bares:  # ``_find_later``'s test
            self._find_later(page)
        if held_pages is not None:
            held_pages.add(page)
            spent = self._budget.spend(getsizeof(page) + HELD_PAGE)
        else:
            self._pages.add(page)
            self._new_pages.append((page,))
        shared, mine = [], set()
        owner_id = id_key(item_id)
        for path in old:
            key = path.rstrip("/")
            if path in hidden or key in mine:  # "/a" and "/a/": one file, this item's
                continue
            bare = key.casefold()
            if bare == key:
                bare = key  # one string, not two equal ones (while rows are held)
            row = (key, bare, owner_id, line, url, file, path)
            if held is not None:
                found = held.get(key)
                if found is None:
                    spent = self._hold(row) or spent
                    mine.add(key)
                    continue
                owner_key, owner_url = found[2], found[4]
            else:
                self._bares.add(bare)
                if self._insert(row):
                    mine.add(key)
                    continue
                # Ignored: an earlier item has it (rare, so asked only then).
                owner_key, owner_url = self._db.execute(self._owner, (key,)).fetchone()
            owner = None if owner_key is None else int(owner_key)
            self.shared.append(Shared(item_id, line, path, owner, owner_url))
            shared.append(path)
        if spent:
            self._spill()
        if len(self._new_aliases) >= _BATCH or len(self._new_pages) >= _BATCH:
            self.flush()
        return hidden, tuple(shared)

    def _insert(self, row: _Row) -> bool:
        """Insert an alias's row unless its key is taken (tables only); whether it was."""
        key = row[0]
        if key not in self._keys:  # surely no earlier item's: inserted later
            self._keys.add(key)
            self._new_aliases.append(row)
            return True
        self.flush()
        return bool(self._db.execute(self._add_alias, row).rowcount)

    def _hold(self, row: _Row) -> bool:
        """Keep an alias's row in memory (its key is no other's); whether the budget is
        spent."""
        assert self._held_aliases is not None
        self._held_aliases[row[0]] = row
        bare = row[1]
        hold_row(self._held_bares, bare, row)
        # The strings, of which the url and file may be this row's alone once the item
        # is written (a string some other table holds too is counted twice: a bound).
        key, path = row[0], row[6]
        size = getsizeof(key) + getsizeof(row[4]) + getsizeof(row[5]) + HELD_ROW
        if bare is not key:
            size += getsizeof(bare)
        if path is not key:  # rstrip gives the string itself when there is no slash
            size += getsizeof(path)
        return self._budget.spend(size)

    def _spill(self) -> None:
        """Past the bound: the pages and aliases held go to the tables (and their
        filters), in the order placed, and the tables answer from now on."""
        pages, aliases = self._held_pages, self._held_aliases
        self._held_pages = self._held_aliases = None
        self._held_bares = {}
        for page in pages or ():
            self._pages.add(page)
            self._new_pages.append((page,))
        for key, row in (aliases or {}).items():
            self._keys.add(key)
            self._bares.add(row[1])
            self._new_aliases.append(row)
        self.flush()

    def flush(self) -> None:
        """Insert the pages and aliases placed since the last flush, in order."""
        if self._new_pages:
            self._db.executemany(self._add_page, self._new_pages)
            self._new_pages = []
        if self._new_aliases:
            self._db.executemany(self._add_alias, self._new_aliases)
            self._new_aliases = []

    def _find_later(self, page: str) -> None:
        """Add to ``later_pages`` the aliases written before that ``page`` (a URL,
        decoded and case-folded) hides: those whose ``_page_forms`` it is, as ``is_page``
        asks."""
        key = page.rstrip("/")
        if self._held_aliases is not None:
            if key not in self._held_bares:
                return  # most pages hide no alias
            # In the order placed, as rowid orders them.
            found = [row[2:] for row in held_rows(self._held_bares, key)]
        elif key in self._bares:
            self.flush()
            found = [row[1:] for row in sorted(self._db.execute(self._at_page, (key,)))]
        else:
            return
        for found_id, found_line, found_url, found_file, alias in found:
            if page in _page_forms(alias):
                owner = None if found_id is None else int(found_id)
                self.later_pages.append(LaterPage(owner, found_line, found_file, found_url, alias))

    def is_page(self, path: str) -> bool:
        """Whether a published page placed before has ``path`` (decoded, as aliases
        are) as its URL."""
        held = self._held_pages
        if held is not None:
            return any(form in held for form in _page_forms(path))
        for form in _page_forms(path):
            if form in self._pages:
                self.flush()
                if self._db.execute(self._find_page, (form,)).fetchone() is not None:
                    return True
        return False


_BATCH = 1000
HELD_PAGE = 60
"""A page's memory besides its string (``scratch.Budget``): its slot in the set."""
HELD_ROW = 260
"""An alias's memory besides its strings: its tuple (112), its id and line (56), its
slots in two dicts (about 90)."""
_Row = tuple[str, str, int | str | None, int | None, str, str, str]
"""An alias as the table stores it: key, bare, id key, line, url, file, alias."""


def _held_page(pages: set[str], path: str) -> bool:
    """``is_page`` while the pages are held in ``pages``: one of ``_page_forms``."""
    key = path.casefold()
    return key in pages or (not key.endswith("/") and key + "/" in pages)


def _page_forms(path: str) -> list[str]:
    """The forms a page URL (decoded, case-folded: ``place``) that is ``path`` may have:
    with a trailing slash too."""
    key = path.casefold()
    return [key, key + "/"] if not key.endswith("/") else [key]
