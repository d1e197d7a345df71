"""The new site's URLs of the export's items: what ``urlmap.SiteMap`` gives a link that
resolves to an item or a file, and the writers give each item they write.

An item's URL comes from ``[links.url_pattern]`` (its type's, else ``other``); only the
placeholders the pattern names are worked out. A file's from ``[links] media_path``.
The site map (``urlmap``) reads old URLs; this half of it makes new ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wxr_tools.digits import TWO_DIGITS, year_digits
from wxr_tools.ghostfiles import GhostFiles
from wxr_tools.ghosturls import GhostSlugs, ghost_slug, media_folder
from wxr_tools.index import Entry, Index
from wxr_tools.lru import LRU
from wxr_tools.sitetables import attachment_file, old_urls
from wxr_tools.slugs import slugify
from wxr_tools.transforms.status import policy_state
from wxr_tools.urlparts import PLACEHOLDER as _PLACEHOLDER
from wxr_tools.urlparts import climbs, decoded, fill, jekyll_dots, plain_path, single_slashes

_NOT_HELD = "\0not held"
"""What the memo of new URLs gives for a key it does not hold: compared by identity
(``is``), so no URL, even an equal string, is taken for it; a str keeps the type."""


def same_page(one: Entry, other: Entry) -> bool:
    """Whether ``NewUrls._url_of`` makes the same URL of both entries (with the same
    language and flags): they agree on every field it reads (``entries.PAGE_FIELDS``: all
    of the first ten, and the title) and, of the dates, on the year, month and day it
    writes (equal datetimes of other time zones can fall on other days)."""
    if one[:7] != other[:7] or one[8:10] != other[8:10] or one.title != other.title:
        return False
    a, b = one.date, other.date
    if a is None or b is None:
        return a is b
    return a.year == b.year and a.month == b.month and a.day == b.day


class NewUrls:
    """The items' and files' URLs on the new site (the site map's second half: its
    ``__init__`` sets these)."""

    base_url: str
    media_path: str
    media_originals: bool
    patterns: dict[str, str]
    no_url: frozenset[str]
    states: Mapping[str, Any]
    index: Index
    ghost: GhostSlugs | None
    files: GhostFiles | None
    home: str
    _paths: LRU[int, str]
    _urls: LRU[tuple[int, str | None, bool], str | None]
    _own: LRU[tuple[int, str | None, bool], tuple[Entry, str | None, str | None]]
    _names: dict[str, frozenset[str]]

    def state(self, entry: Entry) -> str:
        """What the status policy makes of the target (``exclude`` for private, trash…)."""
        return policy_state(self.states, entry.status)

    def url_of(
        self,
        entry: Entry,
        lang: str | None,
        main: str | None,
        *,
        prefix_lang: bool = False,
        memo: bool = True,
    ) -> str | None:
        """The entry's URL on the new site; None for types that have no page.

        ``prefix_lang`` (the other languages of a split item) puts ``/{lang}`` in front
        when the pattern does not name the language itself.
        """
        key = (entry.id, lang, prefix_lang)
        if not memo:  # the item itself (a split copy, a repeated id: not the index entry)
            url = self._url_of(entry, lang, main, prefix_lang, memo=False)
            self._own.put(key, (entry, main, url))
            return url
        url = self._urls.get(key, _NOT_HELD)  # one lookup: None is an answer it holds
        if url is not _NOT_HELD:
            return url
        own = self._own.get(key, None)
        if own is not None and own[1] == main and same_page(own[0], entry):
            # Most posts are linked to after their own URL was made (the links transform
            # makes it for every item): the same fields, language and flags give it again
            # (a page's parents are walked through the index alike, memo or not).
            url = own[2]
        else:
            url = self._url_of(entry, lang, main, prefix_lang)
        self._urls.put(key, url)
        return url

    def _url_of(
        self, entry: Entry, lang: str | None, main: str | None, prefix_lang: bool, memo: bool = True
    ) -> str | None:
        if entry.type in self.no_url:
            return None
        pattern = str(self.patterns.get(entry.type, self.patterns["other"]))
        if not pattern:
            return None
        # Only the placeholders the pattern names are worked out: a page's path walks
        # its parents through the index, and a slug may need slugify; a post's pattern
        # needs neither, and this runs for every item and every link.
        names = self._names.get(pattern)
        if names is None:
            names = self._names[pattern] = frozenset(_PLACEHOLDER.findall(pattern))
        date = entry.date
        values: dict[str, str] = {}
        for name in names:
            if name == "yyyy":
                if not date:
                    values[name] = "0000"
                else:  # year_digits, its call spared for the four-digit years
                    year = date.year
                    values[name] = str(year) if year >= 1000 else year_digits(year)
            elif name == "mm":
                values[name] = TWO_DIGITS[date.month] if date else "00"
            elif name == "dd":
                values[name] = TWO_DIGITS[date.day] if date else "00"
            elif name == "slug":
                values[name] = self.slug_of(entry)
                if self.ghost is not None and prefix_lang and lang:
                    # Ghost has no language folders: a split post's other languages
                    # are posts of their own, "slug-fr" (the writer names them so).
                    values[name] = self.ghost.copy(entry.id, lang, values[name])
                    prefix_lang = False
            elif name == "id":
                values[name] = str(entry.id)
            elif name == "type":
                values[name] = entry.type
            elif name == "lang":
                values[name] = lang or ""
            elif name == "langpath":
                values[name] = f"{lang}/" if lang and lang != main else ""
            elif name == "path":
                values[name] = self.path_of(entry, memo=memo)
        if "media" in names:
            media = self.media_url(entry)
            if media is None:
                return None
            values["media"] = media
            return fill(pattern, values)
        path = fill(pattern, values)
        if prefix_lang and lang and "{lang" not in pattern:
            path = f"/{lang}/{path}"
        if jekyll_dots(path):
            # Made of something else than the slug (a post type named ".."): no URL
            # here; the writers place the item at one of their own, made of slugs.
            return None
        return self.base_url + single_slashes(path)

    def slug_of(self, entry: Entry) -> str:
        """The slug as the export gives it (WordPress's, percent-encoded); one that would
        make a ``.`` or ``..`` segment of the URL (``..``, ``%2e``, ``．．``, ``‥``), or one
        Jekyll reads so (``jekyll_dots``: ``…``, ``a..b``, ``c.``), counts as none, as an
        empty one does: the title's, else the id."""
        if self.ghost is not None:
            return self.ghost.get(entry.id) or ghost_slug(entry.slug or entry.title, "post")
        slug = entry.slug
        if plain_path(slug):
            # Most slugs: neither jekyll_dots("/slug/") nor decoded finds anything in it,
            # so only a slug of slashes counts as none.
            if slug.strip("/\\"):
                return slug
            slug = ""  # "" or only slashes
        elif slug and (jekyll_dots(f"/{slug}/") or not decoded(slug).strip("/\\")):
            # Resolved by generators and servers, /2024/06/../ is the month's page and
            # /../ the home page; Jekyll reads "．．" as ".." and "/x/.../" as "/x/".
            # Every flavor alike: the links rewritten to this URL do not know the flavor.
            # A slug of slashes ("/", "%2F") makes no segment: /2024/06/ is the month's.
            slug = ""
        return slug or slugify(entry.title) or str(entry.id)

    def path_of(self, entry: Entry, memo: bool = True) -> str:
        """A page's slug behind its parents' (``about/team``), cycles cut."""
        found = self._paths.get(entry.id, None) if memo else None
        if self.ghost is not None:
            return self.slug_of(entry)  # Ghost's pages have no parents in their URLs
        if found is not None:
            return found
        parts, seen, current = [self.slug_of(entry)], {entry.id}, entry
        while current.parent and current.parent not in seen:
            parent = self.index.get(current.parent)
            if parent is None or parent.type != entry.type:
                break
            parts.append(self.slug_of(parent))
            seen.add(parent.id)
            current = parent
        path = "/".join(reversed(parts))
        if memo:
            self._paths.put(entry.id, path)
        return path

    def media_url(self, entry: Entry, linked: str = "") -> str | None:
        """Where an attachment's file (or, without ``media_originals``, the linked size)
        goes; None without a file, or for a path with ``..`` in it (``climbs``)."""
        file = self.media_file(entry, linked)
        if not file or climbs(file):
            return None
        if self.files is not None:  # as Ghost stores it (``ghostfiles``)
            file = self.files.path(file, self.media_file(entry))
        return self.base_url + fill(self.media_path, {"path": file, "folder": media_folder(file)})

    def media_file(self, entry: Entry, linked: str = "") -> str:
        """The path under the uploads folder ``media_url`` names ("" when none)."""
        file = attachment_file(entry)
        return linked if linked and not self.media_originals else file

    def old_urls(self, entry: Entry, link: str, guid: str) -> tuple[str, ...]:
        """Every URL the item answered at: its link, its ``?p=`` form, its guid, old slugs."""
        return old_urls(self.home, entry, link, guid)
