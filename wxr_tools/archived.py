"""Which archives have a page on the new site, and where: what the links transform asks
when a link names an old archive (``wxr_tools.urlmap``).

Learned from the index's entries before any item is transformed: the terms the
published items carry (and their parent categories), the months of the published
posts, the authors who wrote them, the permalink structure's front and the languages'
folders. The addresses themselves are ``wxr_tools.archives``'.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

from wxr_tools.archives import (
    Archive,
    Archives,
    Front,
    LanguageFolders,
    author_nicename,
    base_of,
    new_url,
    period_url,
    term_key,
    term_pattern,
)
from wxr_tools.ghosturls import ghost_slug, tag_url
from wxr_tools.model import Author, Term
from wxr_tools.urlparts import fill


class Archived:
    """Which archives have a page on the new site, learned from the index's entries: the
    categories and tags that published items carry (and their parent categories, whose
    pages list their subcategories' posts), the months and years of the published
    posts, and the permalink structure's front."""

    def __init__(
        self,
        terms: Iterable[Term],
        home_key: str,
        patterns: dict[str, str],
        base_url: str,
        bases: Mapping[str, str] | None = None,
        ghost: bool = False,
    ) -> None:
        self.archives = Archives(terms, bases)
        self._ghost = ghost  # Ghost's pages: the tag's and author's slugs the writer writes
        self._patterns = patterns
        self._base_url = base_url
        self.front = Front(home_key)
        self._terms: set[tuple[str, str]] = set()
        self._seen: set[tuple[str, str]] = set()
        """The (taxonomy, slug) pairs learned, as the entries give them: most items
        repeat a few terms, learned once (as many as the export's terms)."""
        self._languages: set[tuple[str, str]] = set()
        """The pairs of ``_seen`` whose taxonomy is ``language``."""
        self._months: set[tuple[int, int]] = set()
        self.folders = LanguageFolders(home_key)
        """Polylang's language folders (``/fr/``): date archives were there too."""
        self._posting: set[str] = set()
        """The logins of the published posts' authors (slugged only when asked for)."""
        self.authors: dict[str, str] = {}
        """Every author of the export by nicename and by ``?author=`` id: login."""

    def know_authors(self, authors: Iterable[Author]) -> None:
        """The export's authors: an archive of theirs has a page when they wrote a post
        and the export has more than one author (one author's archive is the home page)."""
        for author in authors:
            self.authors[author_nicename(author.login)] = author.login
            if author.id is not None:
                self.authors[str(author.id)] = author.login

    def learn(
        self,
        kind: str,
        terms: Collection[tuple[str, str]],
        date: datetime | None,
        path: str,
        author: str = "",
        lang: str = "",
    ) -> None:
        """A published item of type ``kind``: its (taxonomy, slug) terms, its date, its
        permalink's ``path``, its ``author``'s login, the language a plugin stored in
        its meta (WPML's)."""
        if kind == "post":
            self._posting.add(author)
        if lang:
            self.folders.see(path, lang)
        if self._seen.issuperset(terms):
            # Every term learned already (most items: a few terms repeat): only the
            # languages' folders to see, when a term is a language (none of them, when
            # no language term learned is among them).
            if not self._languages.isdisjoint(terms):
                for term in terms:
                    if term[0] == "language":
                        self.folders.see(path, term[1])
            self._dated(kind, date, path)
            return
        for term in terms:
            if term[0] == "language":  # Polylang's: the item's language, by its slug
                self.folders.see(path, term[1])
                self._languages.add(term)
            if term in self._seen:
                continue
            self._seen.add(term)
            taxonomy, slug = term
            if slug and base_of(taxonomy) is not None:
                self.archives.add(taxonomy, slug)
                self._terms.add((taxonomy, term_key(taxonomy, slug)))
        self._dated(kind, date, path)

    def _dated(self, kind: str, date: datetime | None, path: str) -> None:
        """A published post's month, and its permalink's front."""
        if kind == "post" and date is not None:
            self._months.add((date.year, date.month))
            self.front.see(path)

    def learned(self) -> None:
        """Every item learned: the parents of the categories found have pages too."""
        for taxonomy, key in list(self._terms):
            archive = self.archives.get(taxonomy, key)
            if archive is not None:
                self._terms.update((taxonomy, parent) for parent in archive.parents)

    def term(self, archive: Archive | None) -> Archive | None:
        """``archive``, when it has a page."""
        if archive is None or (archive.taxonomy, archive.slug) not in self._terms:
            return None
        return archive

    def author(self, key: str) -> str | None:
        """The nicename of the author whose archive ``key`` (a nicename, or an id of
        ``?author=``) names, when it has a page."""
        login = self.authors.get(key.lower())
        return author_nicename(login) if login in self._posting else None

    def page_url(self, kind: str, archive: Archive | None, period: str) -> str | None:
        """The new page of a term (``archive``, ``kind`` its taxonomy), of a month or a
        year (``kind``, ``period``: ``2010/03``) or of an author (``author``, ``period``:
        the nicename); None when its pattern is ""."""
        pattern = term_pattern(self._patterns, kind) if archive else self._patterns.get(kind, "")
        if not pattern:
            return None
        if archive is not None and self._ghost:
            return self._base_url + tag_url(pattern, archive.slug, kind)
        if archive is not None:
            return new_url(pattern, archive, self._base_url)
        if kind == "author":
            slug = ghost_slug(period, "user") if self._ghost else period
            return self._base_url + fill(pattern, {"slug": slug})
        year, _, month = period.partition("/")
        return period_url(pattern, int(year), int(month) if month else None, self._base_url)

    def period(self, year: str, month: str) -> tuple[str, str] | None:
        """(``month``, ``2010/03``) or (``year``, ``2010``) when that date archive has a
        page (a day's is its month's: give its year and month)."""
        if month:
            return ("month", f"{year}/{month}") if (int(year), int(month)) in self._months else None
        return ("year", year) if any(y == int(year) for y, _ in self._months) else None
