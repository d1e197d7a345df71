"""The records of Ghost's import: a post object for each item, and the tables kept
until the end of the file (tags, users, the posts' links to them, the navigation).

The mapping ``ghost.py``'s docstring describes (FORMATS.md §3) is here; ``ghost.py``
writes the records as a stream, in the zip or not, with the redirect map. Apart so
that each holds one of the two: what Ghost's records say, and how the file is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote

from wxr_tools import htmlrefs
from wxr_tools.archives import author_nicename, base_of, term_key
from wxr_tools.diagnostics import EMAIL, LOGIN, SLUG, TAXONOMY, TYPE, Diagnostic, cut, shown
from wxr_tools.digits import is_number
from wxr_tools.ghosturls import GhostSlugs, base_slug, ghost_slug
from wxr_tools.index import Index
from wxr_tools.menus import MENU_ITEM, entry_of
from wxr_tools.model import Author, Item
from wxr_tools.slugs import slugify
from wxr_tools.transforms.languages import NAME as LANGUAGES
from wxr_tools.transforms.languagetables import Tables as LanguageTables
from wxr_tools.transforms.linktables import NAME as LINKS
from wxr_tools.transforms.linktables import Tables as LinkTables
from wxr_tools.urlparts import climbs
from wxr_tools.writers import LEFT_OUT, WriteJob
from wxr_tools.writers.ghostcards import for_ghost
from wxr_tools.writers.ghostnav import GhostNavigation

GHOST_VERSION = "5.0.0"
"""The Ghost version the file is valid for: ``html`` posts, ``type``, ``posts_authors``."""
PLACEHOLDER_DOMAIN = "example.invalid"
NO_COMMENTS = "ghost has no comments import"
UNTITLED = "(Untitled)"
"""Ghost's own title for a post without one: its importer refuses a blank title, and the
whole import with it ("Value in [posts.title] cannot be blank")."""

# Ghost's column limits (MIGRATE's schema): longer values fail the whole import.
POST_LIMITS = {"title": 255, "slug": 191, "custom_excerpt": 300}
TAG_LIMITS = {"name": 191, "slug": 191, "description": 500}
USER_LIMITS = {"name": 191, "slug": 191}
_EMAIL_LOCAL = 50  # Ghost's validator refuses longer local parts

_TAG_TAXONOMIES = ("category", "post_tag")
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
JsonObject = dict[str, Any]


def ghost_id(kind: str, key: str) -> str:
    """A stable 24-hex-digit id for the ``kind`` record named ``key``."""
    return hashlib.sha1(f"{kind}:{key}".encode()).hexdigest()[:24]


def iso_utc(value: datetime | None) -> str | None:
    """``2024-06-05T16:04:48.000Z``; a naive value is taken as UTC already."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="milliseconds") + "Z"


def plain_text(text: str) -> str:
    """An excerpt as Ghost shows ``custom_excerpt``: text, no tags, single spaces."""
    return _SPACES.sub(" ", htmlrefs.unescape(_TAGS.sub("", text))).strip()


def published(item: Item) -> bool:
    """Whether Ghost publishes ``item``: the status policy's state, else (``--raw``)
    WordPress's status (a scheduled post is published in Ghost: its date is kept)."""
    if item.state is not None:
        return item.state == "published"
    return item.status in ("publish", "future")


class GhostTables:
    """Turns items into post objects, collecting the tag, user and link tables."""

    def __init__(self, job: WriteJob) -> None:
        self.job = job
        self.report = job.report
        self.tags: dict[str, JsonObject] = {}
        self.logins: dict[str, str] = {}
        """Author login -> user id, in order of first use."""
        self.term_tags: dict[tuple[str, str], str] = {}
        """(taxonomy, slug as exported) of each term made a tag: the tag's slug (their
        old archives redirect to the tag's page)."""
        self.user_slugs: dict[str, str] = {}
        """Each user's slug by login (their old archives redirect to the author's page)."""
        self.posts_tags: list[JsonObject] = []
        self.posts_authors: list[JsonObject] = []
        self._post_ids: set[str] = set()
        self._descriptions = {(t.taxonomy, t.slug): t.description for t in job.terms}
        self._item: Item | None = None
        self.newest: datetime | None = None
        # The slugs the links transform linked to (``ghosturls``); without an index
        # (standard input, --raw), decided as items come.
        self._own_index = Index() if job.index is None else None
        self._slugs: GhostSlugs | None = None
        if self._own_index is not None:
            self._slugs = GhostSlugs(self._own_index, job.config.section("status"))
        self._seen: set[int] = set()
        """The ids written: another item of one is an id the export repeats."""
        self._copies: set[tuple[int | None, str]] = set()
        """(id, language) of the split posts' copies written."""
        patterns = job.config.section("links")["archive_pattern"]
        # "is None", not "or": an index of an export without items is empty, and falsy.
        index = job.index if job.index is not None else self._own_index
        assert index is not None
        self.navigation = GhostNavigation(index.scratch, job.terms, plain_text, patterns)

    def close(self) -> None:
        if self._own_index is not None:
            self._own_index.close()

    # -- diagnostics ---------------------------------------------------------------

    def _diagnose(self, code: str, message: str) -> None:
        item = self._item
        self.report.add(
            Diagnostic(
                code=code,
                message=message,
                line=item.line if item is not None else None,
                item_id=item.id if item is not None else None,
            )
        )

    def _fit(self, value: str, limit: int, what: str) -> str:
        if len(value) <= limit:
            return value
        self._diagnose("WXR422", f"{what} cut to {limit} characters (was {len(value)})")
        return value[:limit]

    # -- posts -----------------------------------------------------------------------

    def exclusion(self, item: Item) -> str | None:
        """Why Ghost cannot hold this item, or None."""
        if item.type == "attachment":
            return "attachment (ghost imports media files, not media posts)"
        if item.type not in ("post", "page"):
            return f"{cut(item.type, TYPE) or 'untyped'} (ghost has posts and pages only)"
        if item.state is not None:
            return "media state (not a post)" if item.state == "media" else None
        if item.status == "private":
            return "private (ghost has no private posts)"
        if item.status in ("trash", "auto-draft"):
            return f"{item.status} excluded"
        return None

    def post(self, item: Item) -> JsonObject | None:
        """The post object for ``item``, or None (counted in the report) when excluded."""
        self._item = item
        if item.type == MENU_ITEM:  # counted once the navigation is made (``ghostnav``)
            self.navigation.see(entry_of(item, "published" if published(item) else "draft"))
            return None
        if item.state == LEFT_OUT:  # counted by the filters: here for its redirects only
            return None
        reason = self.exclusion(item)
        if reason is not None:
            self.report.exclude_item(reason, len(item.comments))
            return None
        if item.comments:
            self.report.exclude_comment(NO_COMMENTS, len(item.comments))
            replies = sum(1 for c in item.comments if c.parent)
            if replies:
                self.report.counts["comment replies (threads) not importable"] += replies
        pid = self._post_id(item)
        public = published(item)
        created = item.date_gmt or item.date
        for value in (created, item.modified_gmt):
            if value is not None and value.tzinfo is None:
                self.newest = value if self.newest is None else max(self.newest, value)
        post: JsonObject = {
            "id": pid,
            "title": self._title(item),
            "slug": self._slug(item),
            "html": self._html(item),
            "comment_id": str(item.id) if item.id is not None else None,
            "feature_image": self._feature_image(item),
            "featured": item.sticky,
            "type": item.type,
            "status": "published" if public else "draft",
            "visibility": "public",
            "created_at": iso_utc(created),
            "updated_at": iso_utc(item.modified_gmt or item.modified or created),
            "published_at": iso_utc(created) if public else None,
            "custom_excerpt": None,
            "canonical_url": item.original_url or None,
        }
        excerpt = plain_text(item.excerpt)
        if excerpt:
            limit = POST_LIMITS["custom_excerpt"]
            post["custom_excerpt"] = self._fit(excerpt, limit, "custom_excerpt")
        if item.password:
            post["visibility"] = "members"
            self._diagnose("WXR424", "password-protected: imported as members-only")
        self._link_tags(item, pid)
        self._link_author(item, pid)
        if item.translation_group:
            # Ghost has no translations: each language is a post of its own, which the
            # others do not name (a theme would need an internal tag per group).
            self.report.counts["translations not linked (ghost has no translations)"] += 1
        self.report.items_written[item.type] += 1
        self.navigation.written(item, post["slug"], public)
        # Ghost fills in what is left out; a null could fail its validation instead.
        return {k: v for k, v in post.items() if v is not None}

    def _title(self, item: Item) -> str:
        if not item.title.strip():
            self.report.counts[f"untitled posts titled {UNTITLED} (ghost requires a title)"] += 1
            return UNTITLED
        return self._fit(item.title, POST_LIMITS["title"], "title")

    def _html(self, item: Item) -> str:
        """The HTML as Ghost's importer keeps it (``ghostcards``): what its editor would
        lose of it (images in links, players, galleries…) in HTML cards."""
        html = item.content_html if item.content_html is not None else item.content
        html, cards = for_ghost(html)
        if cards:
            self.report.counts["blocks in HTML cards (ghost's editor would lose them)"] += cards
        return html

    @property
    def slugs(self) -> GhostSlugs:
        """The links transform's slugs when it ran (by the first post it has: the items
        come transformed), so that a copy of a split post is written with the slug it
        claimed and the links name; else the index's, decided again in the same order."""
        if self._slugs is None:
            index = self.job.index
            assert index is not None  # else made in __init__
            links = self.job.transforms.get(LINKS)
            shared = links.sitemap.ghost if isinstance(links, LinkTables) else None
            states = self.job.config.section("status")
            self._slugs = shared if shared is not None else GhostSlugs.of(index, states)
        return self._slugs

    def _slug(self, item: Item) -> str:
        """The slug the links transform gave the item (``ghosturls``): Ghost's importer
        keeps it, so the links to it and its redirects hold."""
        slug = self.slugs.get(item.id)
        base = slug or base_slug(item.slug, item.title, item.id)
        languages = self.job.transforms.get(LANGUAGES)
        lang = item.lang
        if (
            lang
            and isinstance(languages, LanguageTables)
            and languages.splits.is_copy(item.id, lang)
        ):
            # A language's copy of a split post: "slug-fr", as the links name it (asked
            # of the transform's tables, not of the order the copies come in: --lang
            # may have left the main copy out).
            if (item.id, lang) in self._copies:
                return self.slugs.claim(base)  # an id the export repeats
            self._copies.add((item.id, lang))
            return self.slugs.copy(item.id, lang, base)
        if item.id is not None:
            if item.id in self._seen:
                return self.slugs.claim(base)  # an id the export repeats
            self._seen.add(item.id)
        if slug is None:  # no index, or an item the status policy did not keep
            slug = self.slugs.claim(base)
        if item.slug and slug != unquote(item.slug):
            self.report.counts["slugs made Ghost's (ASCII, unique)"] += 1
        return slug

    def _post_id(self, item: Item) -> str:
        key = str(item.id) if item.id is not None else f"#{len(self._post_ids)}"
        pid, n = ghost_id("post", key), 1
        while pid in self._post_ids:  # an export can repeat an id (counts.json lists some)
            pid, n = ghost_id("post", f"{key}#{n}"), n + 1
        self._post_ids.add(pid)
        return pid

    def _feature_image(self, item: Item) -> str | None:
        if item.featured_image:
            return item.featured_image  # where the links transform put the file
        thumbnail = next((m.value.strip() for m in item.meta if m.key == "_thumbnail_id"), "")
        if not is_number(thumbnail) or int(thumbnail) == 0:
            return None
        index = self.job.index
        if index is None:
            self.report.counts["feature images not resolved (no index)"] += 1
            return None
        url = index.attachment_url(int(thumbnail))
        if url is None:
            self._diagnose("WXR502", f"feature image: attachment {thumbnail} is not in the export")
        elif climbs(url.partition("?")[0].partition("#")[0]):
            # Its file has no new URL (the links transform said so: WXR508), and its
            # old address would put the same ".." in the import file.
            if LINKS not in self.job.transforms:
                self._diagnose("WXR508", f"feature image: attachment {thumbnail}'s URL has '..'")
            return None
        return url

    def _link_tags(self, item: Item, pid: str) -> None:
        linked: set[str] = set()
        for term in item.terms:
            name = term.name
            if term.taxonomy == "post_format":
                # Ghost's internal tags (a "#" name, a "hash-" slug) are what its themes
                # read a post's format from; readers do not see them.
                name = "#" + term_key("post_format", term.slug)
                slug = slugify(name.replace("#", "hash-", 1))
            elif term.taxonomy in _TAG_TAXONOMIES or base_of(term.taxonomy) is not None:
                # As the links to its archive name it (``Archived.page_url``).
                slug = ghost_slug(unquote(term.slug) or term.name, "tag")  # a series too
            else:
                continue  # bookkeeping: menus, Polylang's languages
            if not slug or slug in linked:
                continue  # a category and a tag of the same slug are one Ghost tag
            if term.taxonomy != "post_format":  # a format's archive has no Ghost page
                self.term_tags.setdefault((term.taxonomy, term.slug), slug)
            linked.add(slug)
            tag = self.tags.get(slug)
            if tag is None:
                tag = self.tags[slug] = self._tag(slug, name, term.taxonomy, term.slug)
                if term.taxonomy not in _TAG_TAXONOMIES:
                    self.report.counts[f"{cut(term.taxonomy, TAXONOMY)} terms made tags"] += 1
            self.posts_tags.append(
                {"post_id": pid, "tag_id": tag["id"], "sort_order": len(linked) - 1}
            )

    def _tag(self, slug: str, name: str, taxonomy: str, raw_slug: str) -> JsonObject:
        tag: JsonObject = {
            "id": ghost_id("tag", slug),
            "name": self._fit(name.strip() or slug, TAG_LIMITS["name"], "tag name"),
            "slug": self._fit(slug, TAG_LIMITS["slug"], "tag slug"),
        }
        description = self._descriptions.get((taxonomy, raw_slug), "").strip()
        if description:
            limit = TAG_LIMITS["description"]
            what = f"tag {cut(slug, SLUG)} description"
            tag["description"] = self._fit(description, limit, what)
        return tag

    def _link_author(self, item: Item, pid: str) -> None:
        login = item.author.strip()
        if not login:
            # Ghost assigns posts without an author to the site's owner.
            self.report.counts["posts without author (ghost assigns the owner)"] += 1
            return
        uid = self.logins.setdefault(login, ghost_id("user", login))
        self.posts_authors.append({"post_id": pid, "author_id": uid, "sort_order": 0})

    # -- the small tables ----------------------------------------------------------------

    def users(self) -> Iterator[JsonObject]:
        """One user per author of a written post, with a placeholder e-mail when needed."""
        self._item = None
        # Read now, not at the start: a WXR 1.0 export's authors are derived while
        # its items are read.
        by_login: dict[str, Author] = {}
        for declared in self.job.authors:
            by_login.setdefault(declared.login, declared)
        for n, (login, uid) in enumerate(self.logins.items(), 1):
            author = by_login.get(login)
            slug = ghost_slug(author_nicename(login), "user") or f"user-{n}"
            email = author.email.strip() if author is not None else ""
            if not _EMAIL.match(email):
                local = slugify(login, max_length=_EMAIL_LOCAL) or f"user-{n}"
                why = f"invalid e-mail {shown(email, EMAIL)}" if email else "no e-mail"
                email = f"{local}@{PLACEHOLDER_DOMAIN}"
                who = f"author {shown(login, LOGIN)}"
                self._diagnose("WXR421", f"{who}: {why}; placeholder {email}")
                self.report.counts["users with a placeholder e-mail"] += 1
            name = (author.display_name.strip() if author is not None else "") or login
            self.user_slugs[login] = slug
            user = f"user {cut(login, LOGIN)}"
            yield {
                "id": uid,
                "name": self._fit(name, USER_LIMITS["name"], f"{user} name"),
                "slug": self._fit(slug, USER_LIMITS["slug"], f"{user} slug"),
                "email": email,
            }

    def meta(self) -> JsonObject:
        """``exported_on``: when the export was made, else the newest date in it."""
        when: datetime | None
        try:
            when = parsedate_to_datetime(self.job.site.pub_date)
        except (TypeError, ValueError, IndexError):
            when = self.newest
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)  # RFC 2822's "-0000" and our GMT dates
        millis = int(when.timestamp() * 1000) if when is not None else 0
        return {"exported_on": millis, "version": GHOST_VERSION}
