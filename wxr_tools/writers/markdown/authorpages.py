"""A page for each author of a published post, where WordPress's author archives
(``/author/name/``, ``?author=2``; ``wxr_tools.archives``) now redirect.

Only when the export has several authors: a one-author blog's archive listed every
post, as its home page does, and redirects there. The page is at ``[links.archive_pattern]
author`` (``/authors/{slug}/``, the slug WordPress made of the login) and lists the posts
of every language whose ``author`` is the author's name, through the skeleton's author
layout (in Hugo, a page of the site's language that lists the other languages' posts too).
Its feed is beside it (``feeds``): the old ``/author/x/feed/`` redirects there. On a site
that put each language in a folder (``/fr/essai/``), the author's archive was in the
folders of their posts' languages too (``/fr/author/x/``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from wxr_tools.archives import (
    Front,
    LanguageFolders,
    author_nicename,
    author_old_paths,
)
from wxr_tools.config import Config
from wxr_tools.diagnostics import Diagnostic
from wxr_tools.model import Author, Item
from wxr_tools.report import RunReport
from wxr_tools.urlparts import fill
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.feeds import redirect_archive, write_jekyll_feed
from wxr_tools.writers.markdown.frontmatter import render as render_fm
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.urlforms import readable
from wxr_tools.writers.redirects import RedirectMap, site_path

FOLDER = {
    "hugo": "content/authors",
    "jekyll": "_pages/authors",
    "eleventy": "content/authors",
    "astro": "src/content/authors",
}
"""Where each flavor's author pages go (Astro: the ``authors`` content collection)."""
_LAYOUT = {"hugo": "author", "jekyll": "author", "eleventy": "author.njk"}


class AuthorPages:
    """The authors of the published posts placed, and their pages."""

    def __init__(
        self,
        flavor: str,
        home: str,
        authors: Iterable[Author],
        folders: LanguageFolders | None = None,
    ) -> None:
        self.flavor = flavor
        self.home = home
        """The blog's own path (``/``, ``/blog/``): its old addresses are below it."""
        listed = list(authors)
        self._authors = {a.login: a for a in listed} if len(listed) > 1 else {}
        """The export's authors by login; none for a one-author blog."""
        self._seen: dict[str, set[str | None]] = {}
        """The logins of the published posts' authors: the languages of their posts."""
        self._posts: Counter[str] = Counter()
        """How many published posts each wrote (how many pages their archive had)."""
        self._folders = folders if folders is not None else LanguageFolders(home)
        """The languages' folders (Polylang's ``/fr/author/x/``), learned elsewhere."""

    def see(self, item: Item, lang: str | None = None) -> None:
        """A placed item (``lang``: its language in paths): its author, if it is a
        published post."""
        if item.state == "published" and item.type == "post" and item.author in self._authors:
            self._seen.setdefault(item.author, set()).add(lang)
            self._posts[item.author] += 1

    def sections(self) -> set[str]:
        """The folder the pages go in (Astro's content collection), if any."""
        return {"authors"} if self._seen else set()

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
        """Write every author's page; count what could not be."""
        links = config.section("links")
        pattern = str(links["archive_pattern"].get("author", ""))
        base_url = str(links["base_url"]).rstrip("/")
        per_page = int(links["posts_per_page"])
        if not pattern:
            return
        for login in sorted(self._seen):
            author = self._authors[login]
            slug = author_nicename(login)
            url = site_path(base_url + fill(pattern, {"slug": slug}))
            name = author.display_name or login
            if not slug or aliases.is_page(unquote(url)):
                why = f"author {login}: {unquote(url)} is an item's page: the author has none"
                report.add(Diagnostic(code="WXR416", message=why))
                continue
            old = author_old_paths(login, author.id, self.home, front.value)
            old = self._folders.old_paths(old, sorted(self._seen[login], key=str))
            path = f"{FOLDER[self.flavor]}/{slug}"
            path += "/_index.md" if self.flavor == "hugo" else ".md"
            kept = aliases.place_archive(url, path, old)
            if redirects is not None:
                redirects.add(old, url, None)
                posts = self._posts[login]
                redirect_archive(redirects, old, url, self.flavor, posts, per_page, front.plain)
            fm = self._front_matter(name, login, url, kept)
            output.write(path, render_fm(fm, front_matter).encode("utf-8"), fresh)
            if self.flavor == "jekyll" and url.endswith("/"):
                write_jekyll_feed(output, (path, url), name, {"by": name}, front_matter, fresh)
            report.counts["author pages written"] += 1

    def _front_matter(self, name: str, login: str, url: str, kept: list[str]) -> dict[str, Any]:
        fm: dict[str, Any] = {}
        if self.flavor in _LAYOUT:
            fm["layout"] = _LAYOUT[self.flavor]
        fm["title"] = name
        fm["url" if self.flavor == "hugo" else "permalink"] = readable(url)
        fm["by"] = name  # what the author's posts give as their author
        if kept:
            fm["redirect_from" if self.flavor == "jekyll" else "aliases"] = kept
        fm["wordpress"] = {"type": "author", "login": login}
        return fm
