"""The old site's URLs: what a link points to, and each item's URL on the new site.

Built once per run from the index (tables keyed by path, slug and upload path, in the
index's scratch database: memory does not grow with the export), so resolving a link
costs a URL split and a few lookups; recent answers are kept in bounded memos. A link
resolves, in this order, through:

* when the run writes feeds (``Config.feeds``), WordPress's feeds (``feedurls``): the
  site's, the latest comments', an archive's with a page, a language's (``/fr/feed/``)
  go to the new site's feed;
* a language's home page (``/fr/``, ``/?lang=fr``; ``langhomes``), for the languages
  the export has: the folders of its items' permalinks (Polylang's, WPML's), the codes
  of its split posts (qTranslate's) and of its language terms and meta;
* ``?p=``, ``?page_id=``, ``?attachment_id=`` (any page of the site, ``index.php`` too);
* uploaded files: ``wp-content/uploads/…`` (or wherever the export's attachments live),
  resized variants (``-300x200``, ``-scaled``, ``-e1234567890``) included;
* the items' permalinks and guids, by path: http or https, with or without ``www.``
  or the trailing slash, percent-encoded or not, ``index.php/`` permalinks, relative;
  paginated forms (``/2/``, ``/comment-page-1/``, ``/amp/``) of those;
* an old permalink: the last segment is the slug (or a ``_wp_old_slug``) of exactly
  one item whose date agrees with the ``/yyyy/mm/dd/`` in the path, as WordPress's
  own redirects do. Two candidates is no answer: links are never guessed.
* a category's or tag's archive (``/category/parent/x/``, ``/tag/y/page/2/``,
  ``?cat=12``), when a published item carries the term: its page (``archives``);
  a month's or a year's (``/2010/03/``, ``?m=2010``; a day's is its month's), when a
  published post is dated in it; an author's (``/author/x/``, ``?author=1``) when the
  export has one author: the home page, which lists the same posts.

Other links to the site that are not content (home, author, date and feed archives,
wp-admin…) are "site" links; everything else on the site is unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, unquote

from wxr_tools import attrvalue
from wxr_tools.archived import Archived
from wxr_tools.archives import Archive, check_patterns
from wxr_tools.config import Config
from wxr_tools.digits import is_number
from wxr_tools.feedurls import NewFeeds, feed_address
from wxr_tools.ghostfiles import GhostFiles
from wxr_tools.ghosturls import GhostSlugs
from wxr_tools.index import Entry, Index
from wxr_tools.langhomes import language_home, site_language
from wxr_tools.langtags import normalize
from wxr_tools.linktarget import SITE, UNKNOWN, Target
from wxr_tools.lru import LRU
from wxr_tools.model import Author, Site, Term
from wxr_tools.newurls import NewUrls
from wxr_tools.sitetables import (
    Repeats,
    SiteTables,
    attachment_file,
    dated,
    entry_facts,
    split_link,
)
from wxr_tools.urlparts import UPLOADS as _UPLOADS
from wxr_tools.urlparts import VARIANT as _VARIANT
from wxr_tools.urlparts import (
    fill,
    home_of,
    host_of,
    join_url,
    path_key,
    split_address,
    split_url,
    upload_path,
)

__all__ = ["MEMO", "SiteMap", "Target", "fill", "host_of", "path_key", "upload_path"]

_PAGED = re.compile(r"/(?:\d+|page/\d+|comment-page-\d+|amp|feed|trackback|embed)$")
_DATE = re.compile(r"/(\d{4})/(\d{2})(?:/(\d{2}))?(?=/)")
_ENDING = re.compile(r"\.(?:html?|php)$")
# A file by its extension (not a page: .html, .php and the like are pages).
_FILE = re.compile(r"\.(?!(?:s?html?|php\d?|aspx?|jsp|cgi|pl)$)[a-z0-9]{2,5}$", re.IGNORECASE)
_DATE_ARCHIVE = re.compile(r"/(\d{4})(?:/(\d{2})(?:/(\d{2}))?)?(?:/page/\d+)?$")
# First path segments of WordPress pages that are not items (archives, feeds, admin).
_ARCHIVE_NAMES = """category tag author feed comments search page wp-admin wp-content wp-includes
    wp-login.php wp-json xmlrpc.php wp-signup.php wp-register.php sitemap.xml
    sitemap_index.xml robots.txt language type"""
_ARCHIVES = frozenset(_ARCHIVE_NAMES.split())
_ARCHIVE_ANYWHERE = frozenset(("feed", "category", "tag", "author", "wp-content"))
_ARCHIVE_QUERY = frozenset(
    ("cat", "category_name", "tag", "s", "feed", "m", "author", "paged", "year")
)
_ONE_ID = re.compile(r"(p|page_id|attachment_id)=([0-9]+)")
_ID_QUERY = {"p": "?p=", "page_id": "?page_id=", "attachment_id": "?attachment_id="}
MEMO = 2048
"""Answers kept per memo (links resolved, new URLs, page paths): recent ones recur."""
_BATCH = 1000


def _address(raw: str, page: str) -> str | None:
    """The absolute address of ``raw`` (a link, decoded and stripped) on ``page``; None
    for what is no web link (``mailto:``, ``javascript:``)."""
    if raw.startswith(("http://", "https://")):
        return raw  # most links: what ``any_address`` gives them, sooner
    return any_address(raw, page)


def any_address(raw: str, page: str) -> str | None:
    """``_address`` of any link: relative, ``//host/``, ``feed:``, other schemes."""
    scheme = raw.split(":", 1)[0].lower() if ":" in raw.split("/", 1)[0] else ""
    if scheme == "feed":  # feed://host/feed/, feed:https://…: the address for a reader
        raw = raw[5:] if raw[5:].startswith("http") else "http:" + raw[5:]
    elif scheme not in ("", "http", "https"):
        return None
    url = join_url(page, raw) if not scheme and not raw.startswith("//") else raw
    return "http:" + url if url.startswith("//") else url


def query_values(query: str) -> dict[str, list[str]]:
    """``parse_qs(query)``; ``?p=12`` alone (most such links) without its cost."""
    one = _ONE_ID.fullmatch(query)
    return {one[1]: [one[2]]} if one is not None else parse_qs(query)


class SiteMap(NewUrls):
    """The export's URLs, and the new ones."""

    def __init__(
        self,
        site: Site,
        index: Index | None,
        config: Config,
        terms: Iterable[Term] = (),
        authors: Iterable[Author] = (),
        *,
        deferred: bool = False,
    ) -> None:
        """``deferred``: the index is still being filled; ``learn_more`` learns what it
        holds so far, ``learned`` the rest (until then the map answers nothing)."""
        links = config.section("links")
        self.base_url = str(links["base_url"]).rstrip("/")
        self.media_path = str(links["media_path"])
        self.media_originals = bool(links["media_originals"])
        self.patterns: dict[str, str] = dict(links["url_pattern"])
        self.archive_patterns: dict[str, str] = dict(links["archive_pattern"])
        # A blog with one author listed every post at /author/<login>/: its home page.
        authors, terms = list(authors), list(terms)
        self.one_author = len(authors) == 1
        self.no_url = frozenset(links["no_url"])
        self.feeds = config.feeds
        """The feeds of the site written (``feedurls``): None, links to the old ones kept."""
        self.states = config.section("status")
        self.keep_region = bool(config.section("languages")["keep_region"])
        self.site_lang = site_language(site.language)
        """The site's own language (``langhomes``): its home is the site's."""
        codes = {t.slug for t in terms if t.taxonomy == "language" and t.slug}
        check_patterns(self.patterns, self.archive_patterns, self.media_path)
        self.index = index if index is not None else Index()
        self._own_index = index is None
        # --to ghost: {slug} is the slug the Ghost writer writes (``ghosturls``).
        self.ghost = GhostSlugs(self.index, self.states) if config.target == "ghost" else None
        self.files = GhostFiles(self.index.scratch) if self.ghost is not None else None
        self.home = home_of(site)
        urls = [site.link, site.base_site_url, site.base_blog_url, *links["site_urls"]]
        self.hosts = {host_of(split_address(u if "//" in u else "//" + u).netloc) for u in urls}
        self.hosts.discard("")
        self.upload_roots: set[tuple[str, str]] = set()
        """(host, path) where uploads live, learned from the attachments (a few)."""
        self._tables = SiteTables(self.index)
        self._repeats = Repeats()
        """What ``entry_facts`` learned of the addresses entries repeat (for ``hosts``)."""
        self._paths: LRU[int, str] = LRU(MEMO)
        self._memo: LRU[str, Target | None] = LRU(MEMO)
        self._urls: LRU[tuple[int, str | None, bool], str | None] = LRU(MEMO)
        self._own: LRU[tuple[int, str | None, bool], tuple[Entry, str | None, str | None]]
        self._own = LRU(MEMO)
        """The items' own URLs (``url_of(memo=False)``), with the entries they were made of."""
        self._names: dict[str, frozenset[str]] = {}
        """The placeholders of each URL pattern (a few patterns)."""
        self.home_key = path_key(split_url(self.home).path)
        self.archived = Archived(
            terms,
            self.home_key,
            self.archive_patterns,
            self.base_url,
            links["archive_base"],
            ghost=self.ghost is not None,
        )
        if not self.one_author:  # with several, each author's archive has a page
            self.archived.know_authors(authors)
        self._codes = codes
        self._seq = 0
        """The index's last entry learned (``Index.entries_after``)."""
        if not deferred:
            self.learned()

    def learned(self) -> None:
        """Learn the index's entries not learned yet, and what is known once all are."""
        self.learn_more()
        self._tables.indexed()
        if self.files is not None:
            self.files.settle()
        self.archived.learned()
        codes = self._codes | self.archived.folders.langs
        self.languages = {code.lower(): code for code in sorted(codes)}
        """A language's folder or code, as a link names it (lower case): the code."""
        self.languages.update((f, lang) for lang, f in self.archived.folders.folders.items())
        self.upload_hosts = {host for host, _ in self.upload_roots}
        # The roots of each host, in the set's order (the first that holds a file wins).
        self._roots: dict[str, list[str]] = {}
        for host, root in self.upload_roots:
            self._roots.setdefault(host, []).append(root)

    def close(self) -> None:
        """Delete the tables' database, when the map opened it (no index was given)."""
        if self._own_index:
            self.index.close()

    def learn_more(self) -> None:
        """Fill the tables from the entries the index got since the last call, in export
        order: the first item wins a key; add the languages of split posts and language
        meta to the codes. Learning the index as it is filled (a run in parts learns
        each part as it comes back, while the index's workers read the next ones) gives
        the tables of learning it at once: the same entries in the same order, and a
        table's rows go in in that order whatever batches they go in."""
        # Plain loops and lists, not generators: this reads every entry of the export.
        codes = self._codes
        batch: list[tuple[str, str, int]] = []
        last = self._seq
        for last, entry in self.index.entries_after(self._seq):  # noqa: B007 (kept below)
            self._learn(entry, batch)
            if entry.split:
                codes.update(entry.split)
            if entry.lang_meta:
                codes.add(entry.lang_meta)
            if len(batch) >= _BATCH:
                self._tables.add(batch)
                batch = []
        if batch:
            self._tables.add(batch)
        self._seq = last

    def _learn(self, entry: Entry, facts: list[tuple[str, str, int]]) -> None:
        """Add the (table, key, id) facts about ``entry`` to ``facts`` (``sitetables``);
        learn the archives a published item is in, and with Ghost the attachments' files."""
        if self.files is not None and entry.type == "attachment":
            self.files.learn(attachment_file(entry))
        if entry.type in self.no_url:
            return  # menu items repeat their target's link, and are named by their id
        if self.ghost is not None:
            self.ghost.learn(entry)
        link_parts = split_link(entry.link, self._repeats)
        if entry.type != "attachment" and self.state(entry) == "published":
            seen = (entry.terms, entry.date, link_parts.path, entry.author, entry.lang_meta)
            self.archived.learn(entry.type, *seen)
        entry_facts(entry, link_parts, facts, self.hosts, self.upload_roots, self._repeats)

    # -- resolving ---------------------------------------------------------------------

    def resolve(self, href: str, page: str) -> Target | None:
        """What ``href`` (an attribute value, HTML-escaped) on page ``page`` points to.

        None for what is not a web link (``mailto:``, ``#top``, ``javascript:``).
        Absolute links recur across posts (menus, "see also", the same images): their
        answers are memoized, a bounded table.
        """
        absolute = href.startswith(("http://", "https://"))
        if absolute:
            found = self._memo.get(href, UNKNOWN)
            if found is not UNKNOWN:
                return found
        try:
            target = self._resolve(href, page)
        except ValueError:  # not a URL urllib can split ("http://[oops"): left as written
            target = None
        if absolute:
            self._memo.put(href, target)
        return target

    def _resolve(self, href: str, page: str) -> Target | None:
        raw = attrvalue.decode(href).strip()
        if not raw or raw.startswith("#"):
            return None
        url = _address(raw, page)
        if url is None:
            return None
        parts = split_url(url)
        host = host_of(parts.netloc)
        media = self._media(host, parts.path)
        if media is not None:
            return media
        if host not in self.hosts:
            return Target("external", form=host)
        fragment = parts.fragment
        feeds = self.feeds
        target = self._feed(parts.path, parts.query, feeds) if feeds is not None else None
        if target is None:
            target = self._page(parts.path, parts.query)
        if target is None:
            return Target("missing", fragment=fragment)
        if not fragment:
            return target  # the lookups leave the fragment empty: no copy to make
        return Target(target.kind, target.form, target.entry, target.path, fragment, target.archive)

    def _media(self, host: str, path: str) -> Target | None:
        """An uploaded file of the site's (any size), or a missing one under ``uploads``."""
        roots = self._roots.get(host)
        if roots is None and host not in self.hosts:
            return None
        decoded = unquote(path)
        subs = [decoded.split(_UPLOADS, 1)[1]] if _UPLOADS in decoded else []
        if roots:
            low = decoded.lower()
            for root in roots:
                # A path once: the root /wp-content/uploads/ gives the path _UPLOADS gave,
                # which looked up again found nothing again (two queries more a file
                # missing from the export).
                if low.startswith(root) and (sub := decoded[len(root) :]) not in subs:
                    subs.append(sub)
        if not subs:
            return None
        for sub in subs:
            key = sub.lower()
            found = self._tables.media(key)
            if not found and (stripped := _VARIANT.sub("", key)) != key:
                found = self._tables.media(stripped)  # a size's file: the original's key
            if found is not None and (entry := self.index.get(found)) is not None:
                return Target("media", "uploads", entry, sub)
        if subs and (_UPLOADS in decoded or _FILE.search(decoded)):
            return Target("missing", "uploads", path=subs[0])
        return None

    def _feed(self, path: str, query: str, feeds: NewFeeds) -> Target | None:
        """One of WordPress's feeds (``feedurls``): the new site's of the same posts or
        comments (``path`` "" when it has none); None to read the link as any other: an
        item's comments' feed (its page, as in the redirect maps), an archive's with no page."""
        address = feed_address(path, query)
        if address is None or (address.path != path and self._tables.path(path_key(path))):
            return None  # no feed's address, or an item's own (a page at /rss/)
        inner = self._page(address.path, address.query)
        if inner is not None and inner.kind == "language" and not address.comments:
            return Target("language", "feed", path=inner.path)
        if inner is not None and inner.kind in ("home", "language"):  # one author's too
            found = feeds.comments if address.comments else feeds.site
            form = "comments" if address.comments else "site"
            return Target("feed", form, path=found and self.base_url + found)
        if inner is None:  # the feed of no page the export has (an older /blog/feed/)
            return Target("feed", "", path="")
        if address.comments or inner.kind not in ("archive", "period", "author"):
            return None
        page = self.archive_url(inner)
        feed = page + feeds.page if page is not None and page.endswith("/") else ""
        return Target("feed", inner.form, path=feed) if page is not None else None

    def _page(self, path: str, query: str) -> Target | None:
        """What a link's ``path`` and ``query`` name, but a feed."""
        if query and "lang=" in query and (found := self._language_query(path, query)):
            return found  # /?lang=fr: a language's home (a cheap gate for other queries)
        return self._by_query(query) or self._by_path(path)

    def _language_query(self, path: str, query: str) -> Target | None:
        """``/?lang=fr`` (``&paged=2``): the home page of a language the export has."""
        values = parse_qs(query)
        key = path_key(path)
        home = key == self.home_key or key in ("/", "/index.php")
        if not home or not values.keys() <= {"lang", "paged"}:
            return None  # ?p=12&lang=fr: the post, in that language
        code = self.languages.get(values["lang"][0].strip().lower())
        return self._language(code) if code is not None else None

    def _language(self, code: str) -> Target:
        """The home page of the language ``code`` (as the export names it)."""
        return Target("language", "home", path=normalize(code, self.keep_region) or code)

    def language_url(self, target: Target) -> str | None:
        """The new URL of a language's home or feed (``_language``), None when the run
        writes no site of pages (``Config.feeds``: a WXR, JSON)."""
        if self.feeds is None:
            return None
        home, feed = language_home(self.feeds, target.path, self.site_lang)
        return self.base_url + (feed if target.form == "feed" else home)

    def _by_query(self, query: str) -> Target | None:
        if not query:
            return None
        values = query_values(query)
        for name, form in _ID_QUERY.items():
            if name in values:
                number = values[name][0].strip()
                entry = self.index.get(int(number)) if is_number(number) else None
                return Target("item", form, entry) if entry else Target("missing", form)
        archives = self.archived.archives
        if _ARCHIVE_QUERY & values.keys() or not archives.queries.keys().isdisjoint(values):
            if "author" in values:
                return self._author(values["author"][0].strip())
            m = values.get("m", [""])[0].strip()
            if is_number(m) and len(m) in (4, 6, 8):  # ?m=2010, ?m=201003, ?m=20100315
                return self._period(m[:4], m[4:6])
            return self._archive(archives.by_query(values))
        return None

    def _by_path(self, path: str) -> Target | None:
        key = path_key(path)
        if key == self.home_key or key in ("/", "/index.php"):
            return Target("home", "home")
        found = self._tables.path(key)
        if found is not None:
            return Target("item", "permalink", self.index.get(found))
        base = _PAGED.sub("", key)
        if base != key and (found := self._tables.path(base)) is not None:
            return Target("item", "paged", self.index.get(found))
        home = self.home_key
        relative = key[len(home) :] if home != "/" and key.startswith(home + "/") else key
        segments = relative.strip("/").split("/")
        if not self.archived.archives.bases.keys().isdisjoint(segments):
            archive = self.archived.archives.by_segments(segments)
            if archive is not None:
                return self._archive(archive)
        date = _DATE_ARCHIVE.search(relative)
        if date is not None:
            before = relative[: date.start()].strip("/")
            folder, _, rest = before.partition("/")
            if folder in self.archived.folders.folders.values():
                before = rest  # a language's folder (Polylang's /fr/2010/03/)
            if before in ("", self.archived.front.value.strip("/")):
                return self._period(date[1], date[2] or "")
        code = self.languages.get(segments[0])
        if code is not None and (len(segments) == 1 or segments[1:-1] == ["page"]):
            return self._language(code)  # /fr/, /fr/page/2/
        if "author" in segments[:-1] and "feed" not in segments:
            return self._author(segments[segments.index("author") + 1])
        if segments[0] in _ARCHIVES or not _ARCHIVE_ANYWHERE.isdisjoint(segments):
            return Target("site", "archive")  # authors, feeds, an older /blog/feed/
        found_slug = self._by_slug(base)
        if found_slug is None and _FILE.search(key):
            return Target("missing", "file", path=key)  # a file, not a page: media
        return found_slug

    def _archive(self, archive: Archive | None) -> Target:
        """A category's or tag's archive: its page when it has one, else a site link."""
        found = self.archived.term(archive)
        return Target("archive", found.taxonomy, archive=found) if found else SITE

    def _period(self, year: str, month: str) -> Target:
        """A date archive (a day's is its month's): its page when it has one."""
        found = self.archived.period(year, month)
        return Target("period", found[0], path=found[1]) if found else SITE

    def _author(self, key: str) -> Target:
        """An author's archive (``key``: the nicename, or the id of ``?author=``): the
        home page of a one-author blog, else the author's page when they have one."""
        if self.one_author:
            return Target("home", "author archive")
        found = self.archived.author(key)
        return Target("author", "author", path=found) if found else SITE

    def archive_url(self, target: Target) -> str | None:
        """A term's, a month's, a year's or an author's page (``_archive``, ``_period``,
        ``_author``); None when ``[links.archive_pattern]`` gives it none."""
        return self.archived.page_url(target.form, target.archive, target.path)

    def _by_slug(self, key: str) -> Target | None:
        slug = _ENDING.sub("", key.rsplit("/", 1)[-1])
        ids = self._tables.slug(slug)
        dates = _DATE.findall(key + "/")
        date = dates[-1] if dates else None  # "/2011/03/07/2011/02/23/slug": the last one
        entries = [e for e in map(self.index.get, ids) if e is not None and dated(e, date)]
        if len(entries) > 1:  # a post and its attachment share a slug: the post it is
            entries = [e for e in entries if e.type != "attachment"] or entries
        if len(entries) != 1:
            return None
        entry = entries[0]
        return Target("item", "slug" if slug == entry.slug.lower() else "old-slug", entry)
