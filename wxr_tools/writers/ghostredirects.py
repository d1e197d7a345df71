"""``--to ghost --redirects FORMAT``: the redirect map from the old WordPress URLs to the
Ghost ones, written beside the import file.

Each item's ``url`` is where the links transform sent links to it (``ghosturls``:
``/{slug}/`` with the slug the Ghost writer writes, unless the configuration says
otherwise), and its ``old_urls`` every address WordPress answered at: the same pairs
the links were rewritten with, so a link and a redirect always agree. An attachment's
page and file go to the file's Ghost URL (``/content/images/…``). ``ghost`` is Ghost's
own format (``redirects.yaml``); nginx, apache, netlify and csv serve a proxy in front.

The archives follow (``add_archives``): each category's and tag's old addresses
(``/category/x/``, ``?cat=3``, behind the permalinks' front) go to the Ghost tag made of
it and their feeds to the tag's (``/tag/x/rss/``), each author's to their Ghost page,
the site's feed to ``/rss/``, the old sitemaps to Ghost's ``/sitemap.xml``, each
written language's old home page and feed (Polylang's ``/fr/``, ``/fr/feed/``,
``/fr/page/2/``; ``/?lang=fr`` where a plugin answered it: ``langhomes``) to ``/`` and
``/rss/``, where the links go. Months and years have no page in Ghost: their addresses
get no rule; nor has a language's latest comments' feed (Ghost has none: the links to
it are kept, WXR504).
"""

from __future__ import annotations

import os
from functools import partial

from wxr_tools.archives import (
    Archives,
    Front,
    LanguageFolders,
    author_old_paths,
    old_feeds,
    old_paths,
    old_sitemaps,
    paged_paths,
    term_pattern,
)
from wxr_tools.diagnostics import Diagnostic, UsageError
from wxr_tools.feedurls import SITE_FEEDS, new_feeds, page_feed
from wxr_tools.ghosturls import tag_url
from wxr_tools.langhomes import (
    answers_lang_query,
    language_redirects,
    path_lang,
    qtranslate_prepath,
    site_language,
)
from wxr_tools.model import Item
from wxr_tools.scratch import Scratch
from wxr_tools.urlparts import fill, home_of, split_address, split_url
from wxr_tools.writers import NOT_HAD, WriteJob, redirectfamilies
from wxr_tools.writers.files import atomic_file
from wxr_tools.writers.redirects import FILE_NAMES, RedirectMap, clash_message, dotted_message


class GhostRedirects:
    """The map, filled item by item (``add``), written at the end (``write``)."""

    def __init__(self, job: WriteJob, fmt: str) -> None:
        if job.output == "-":
            raise UsageError("--redirects writes a file beside the output: give -o FILE")
        self.job, self.fmt = job, fmt
        self.path = os.path.join(os.path.dirname(os.path.abspath(job.output)), FILE_NAMES[fmt])
        self._scratch = Scratch()
        self.map = RedirectMap(self._scratch)
        self.home = split_url(home_of(job.site)).path or "/"
        self.front = Front(self.home)
        """The permalink structure's start, from the posts' links: the archives were
        behind it (``/archives/category/x/``)."""
        self.folders = LanguageFolders(self.home)
        """The languages' folders (Polylang's ``/fr/``), from the published items' links."""
        self.langs: set[str] = set()
        """The languages of the items written, as paths have them."""
        self.posts = 0
        """Published posts written: how many pages a language's old home had."""

    @classmethod
    def of(cls, job: WriteJob) -> GhostRedirects | None:
        """The map ``--redirects`` asks for, or None."""
        fmt = job.options.redirects
        return cls(job, fmt) if fmt else None

    def add(self, item: Item, written: bool) -> None:
        """``item``'s old URLs to its new one: a post or page written, or an attachment
        (its page and file to the file's new address)."""
        if written and item.type == "post" and item.state == "published" and item.link:
            # A draft's link is its ?p= preview: it says nothing of the permalinks.
            parts = split_address(item.link)
            self.front.see(parts.path, parts.query)
            self.posts += 1
        lang = path_lang(item.lang) if written else None
        if lang is not None:
            self.langs.add(lang)
            if item.state == "published" and item.link:
                self.folders.see(split_address(item.link).path, lang)
        if not item.url or not (written or item.type == "attachment"):
            return
        self.map.add(item.old_urls or (), item.url, item.id)

    def add_archives(self, tags: dict[tuple[str, str], str], users: dict[str, str]) -> None:
        """The old archives' addresses: ``tags`` (each term made a tag: its slug) and
        ``users`` (each author of a written post: their slug), by login."""
        links = self.job.config.section("links")
        patterns: dict[str, str] = links["archive_pattern"]
        archives = Archives(self.job.terms, links["archive_base"])
        home, front = self.home, self.front.value
        for (taxonomy, slug), tag in tags.items():
            pattern = term_pattern(patterns, taxonomy)
            archives.add(taxonomy, slug)
            archive = archives.get(taxonomy, slug)
            if not pattern or archive is None:
                continue
            url = tag_url(pattern, tag, taxonomy)
            self._archive(old_paths(archive, home, front, archives.base(taxonomy)), url)
        pattern = str(patterns.get("author", ""))
        for author in self.job.authors if pattern else ():
            if author.login in users:
                old = author_old_paths(author.login, author.id, home, front)
                self._archive(old, fill(pattern, {"slug": users[author.login]}))
        self.map.add(old_feeds(home), SITE_FEEDS["ghost"], None)
        self.map.add(old_sitemaps(home), "/sitemap.xml", None)
        self._languages()

    def _languages(self) -> None:
        """Each written language's old home page (its later pages too) and feeds to
        Ghost's home and feed."""
        job = self.job
        feeds = new_feeds("ghost", "", "")
        assert feeds is not None
        keep_region = bool(job.config.section("languages")["keep_region"])
        site = (self.home, site_language(job.site.language), keep_region)
        found = language_redirects(
            self.folders,
            self.langs,
            feeds,
            site=site,
            several=job.filters is not None and bool(job.filters.langs),
            queries=partial(answers_lang_query, job.terms, job.index),
            prepath=partial(qtranslate_prepath, job.terms, job.index, self.front),
        )
        per_page = int(job.config.section("links")["posts_per_page"])
        for rules in found:
            later = paged_paths(rules.homes, self.posts, per_page, self.front.plain)
            self.map.add([*rules.homes, *later], rules.home, None)
            self.map.add(rules.feeds, rules.feed, None)

    def _archive(self, old: list[str], url: str) -> None:
        """An archive's old addresses to its Ghost page, their feeds to the page's."""
        self.map.add(old, url, None)
        if url.endswith("/"):
            feeds = [path + "feed/" for path in old if path.endswith("/") and "?" not in path]
            self.map.add(feeds, page_feed(url, "ghost"), None)

    def drop(self, urls: set[str]) -> None:
        """No rule to ``urls``: files the zip lacks (the JSON links the old site's)."""
        items = self.map.drop_targets(urls)
        if items:
            self.job.report.counts[NOT_HAD] += items

    def write(self) -> None:
        report = self.job.report
        with atomic_file(self.path) as out:
            out.write(self.map.render(self.fmt).decode("utf-8"))
        if self.map.netlify is not None:
            redirectfamilies.report(self.map.netlify, os.path.basename(self.path), report)
        elif self.map.left_out:
            report.counts["redirects with a query left out (ghost matches paths only)"] += (
                self.map.left_out
            )
        for rule in self.map.shadowed():
            report.add(
                Diagnostic(
                    code="WXR415",
                    message=f"old URL {rule.source} is now a page: no redirect to {rule.target}",
                    item_id=rule.item_id,
                )
            )
        for message, item_id in dict.fromkeys(
            (dotted_message(r.source, r.target), r.item_id) for r in self.map.dotted
        ):
            report.add(Diagnostic(code="WXR427", message=message, item_id=item_id))
        for kept, refused in self.map.clashes:
            report.add(
                Diagnostic(
                    code="WXR411",
                    message=clash_message(kept, refused),
                    item_id=refused.item_id,
                )
            )
        written = sum(1 for _ in self.map.rules()) - self.map.left_out
        report.counts[f"redirect rules written ({os.path.basename(self.path)})"] += written

    def close(self) -> None:
        self._scratch.close()
