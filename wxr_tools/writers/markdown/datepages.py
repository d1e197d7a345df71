"""A page for each month and year with a published post, where WordPress's date archives
(``/2010/03/``, ``/2010/``, ``?m=201003``; ``wxr_tools.archives``) now redirect.

The links transform sends links to those archives to ``[links.archive_pattern] month``
and ``year`` (by default ``/2010/03/`` and ``/2010/``: with the default post URLs, the
folder a post's address names is a page again). The page lists the posts of every
language dated in it (by the author's local date, as WordPress did), through the
skeleton's period layout; in Hugo it is a page of the site's language that lists the
other languages' posts too. Its title is the month as the site's language writes it
("mars 2010", "March 2010"; ``uiwords``), a year's its number. A day's archive
(``/2010/03/15/``) is sent to its month's page by the redirect maps only: one redirect
page per day would be one per post.
Each page has its feed (``feeds``), where the old ``/2010/03/feed/`` redirects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from wxr_tools.archives import (
    Front,
    LanguageFolders,
    period_digits,
    period_old_paths,
    period_url,
)
from wxr_tools.config import Config
from wxr_tools.diagnostics import Diagnostic
from wxr_tools.model import Item
from wxr_tools.report import RunReport
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.feeds import redirect_archive, write_jekyll_feed
from wxr_tools.writers.markdown.frontmatter import render as render_fm
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.paths import item_date
from wxr_tools.writers.markdown.uiwords import month_title
from wxr_tools.writers.markdown.urlforms import readable
from wxr_tools.writers.redirects import RedirectMap, site_path

FOLDER = {
    "hugo": "content/dates",
    "jekyll": "_pages/dates",
    "eleventy": "content/dates",
    "astro": "src/content/dates",
}
"""Where each flavor's date pages go (Astro: the ``dates`` content collection)."""
_LAYOUT = {"hugo": "period", "jekyll": "period", "eleventy": "period.njk"}


@dataclass(frozen=True, slots=True)
class _Period:
    year: int
    month: int | None

    @property
    def key(self) -> str:
        """``2010-03`` or ``2010``: what its posts' dates start with (its title is in the
        site's language: "mars 2010")."""
        yyyy, mm = period_digits(self.year, self.month)
        return f"{yyyy}-{mm}" if mm else yyyy


class DatePages:
    """The months (and days) of the published posts placed, and their pages."""

    def __init__(
        self, flavor: str, home: str, folders: LanguageFolders | None = None, lang: str = "en"
    ) -> None:
        self.flavor = flavor
        self.lang = lang
        """The site's language, the pages' own: their titles are in it ("mars 2010")."""
        self.home = home
        """The blog's own path (``/``, ``/blog/``): its old addresses are below it."""
        self._days: dict[tuple[int, int], set[int]] = {}
        """(year, month) -> the days of its posts (their archives redirect to it)."""
        self._posts: Counter[tuple[int, int]] = Counter()
        """(year, month) -> how many published posts (how many pages its archive had)."""
        self._folders = folders if folders is not None else LanguageFolders(home)
        """The languages' folders (Polylang's ``/fr/2010/03/``), learned elsewhere."""
        self._langs: dict[tuple[int, int], set[str | None]] = {}
        """(year, month) -> the languages of its posts (as in paths)."""

    def see(self, item: Item, lang: str | None = None) -> None:
        """A placed item (``lang``: its language in paths): its date, if it is a
        published post."""
        if item.state != "published" or item.type != "post":
            return
        date = item_date(item)
        if date is not None:
            month = (date.year, date.month)
            self._days.setdefault(month, set()).add(date.day)
            self._posts[month] += 1
            self._langs.setdefault(month, set()).add(lang)

    def sections(self) -> set[str]:
        """The folder the pages go in (Astro's content collection), if any."""
        return {"dates"} if self._days else set()

    @property
    def posts(self) -> int:
        """The published posts seen: the home page's, which WordPress paginated."""
        return self._posts.total()

    def write(
        self,
        output: Output,
        aliases: Aliases,
        redirects: RedirectMap | None,
        config: Config,
        front_matter: str,
        report: RunReport,
        front: Front,
        fresh: bool = False,
    ) -> None:
        """Write every month's and year's page; count what could not be."""
        links = config.section("links")
        patterns: dict[str, str] = links["archive_pattern"]
        base_url = str(links["base_url"]).rstrip("/")
        per_page = int(links["posts_per_page"])
        years = sorted({year for year, _ in self._days})
        periods = [_Period(y, None) for y in years] + [_Period(*m) for m in sorted(self._days)]
        year_posts, year_langs = self._years()
        for period in periods:
            kind = "month" if period.month else "year"
            pattern = patterns.get(kind, "")
            if not pattern:
                continue
            url = site_path(period_url(pattern, period.year, period.month, base_url))
            key = period.key
            if aliases.is_page(unquote(url)):
                why = f"{kind} {key}: {unquote(url)} is an item's page: the {kind} has none"
                report.add(Diagnostic(code="WXR416", message=why))
                continue
            old = period_old_paths(period.year, period.month, self.home, front.value)
            if period.month:
                langs = self._langs.get((period.year, period.month), set())
            else:
                langs = year_langs.get(period.year, set())
            old = self._folders.old_paths(old, sorted(langs, key=str))
            path = f"{FOLDER[self.flavor]}/{key.replace('-', '/')}"
            path += "/_index.md" if self.flavor == "hugo" else ".md"
            kept = aliases.place_archive(url, path, old)
            if redirects is not None:
                days = sorted(self._days.get((period.year, period.month or 0), ()))
                start = old[0]  # the month's own old path: its days are below it
                redirects.add([*old, *(f"{start}{day:02d}/" for day in days)], url, None)
                if period.month:
                    posts = self._posts[period.year, period.month]
                else:
                    posts = year_posts[period.year]
                redirect_archive(redirects, old, url, self.flavor, posts, per_page, front.plain)
            title = month_title(self.lang, period.year, period.month)
            fm = self._front_matter(key, title, kind, url, kept)
            output.write(path, render_fm(fm, front_matter).encode("utf-8"), fresh)
            if self.flavor == "jekyll" and url.endswith("/"):
                listed = {"period": key}
                write_jekyll_feed(output, (path, url), title, listed, front_matter, fresh)
            report.counts[f"{kind} pages written"] += 1

    def _years(self) -> tuple[Counter[int], dict[int, set[str | None]]]:
        """Each year's published posts and the languages of its posts, in one pass over
        the months (once a year, the pass over every month was most of a year's page).

        A year's set is made by the same additions in the same order (its months in
        the order seen, each month's languages in its set's order) as a set built for
        that year alone: it is that set, and lists its languages in the same order."""
        posts: Counter[int] = Counter()
        for (year, _), n in self._posts.items():
            posts[year] += n
        langs: dict[int, set[str | None]] = {}
        for (year, _), month_langs in self._langs.items():
            year_langs = langs.setdefault(year, set())
            for lang in month_langs:
                year_langs.add(lang)
        return posts, langs

    def _front_matter(
        self, key: str, title: str, kind: str, url: str, kept: list[str]
    ) -> dict[str, Any]:
        fm: dict[str, Any] = {}
        if self.flavor in _LAYOUT:
            fm["layout"] = _LAYOUT[self.flavor]
        fm["title"] = title
        fm["url" if self.flavor == "hugo" else "permalink"] = readable(url)
        fm["period"] = key
        if kept:
            fm["redirect_from" if self.flavor == "jekyll" else "aliases"] = kept
        fm["wordpress"] = {"type": kind}
        return fm
