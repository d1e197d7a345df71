"""Feeds: WordPress's addresses of them and the new sites' feeds, one table for the
redirect maps (``writers.markdown.feeds``, ``writers.ghostredirects``) and the links
transform (``urlmap``).

WordPress's rewrite rules served the feeds named ``feed``, ``rdf``, ``rss``, ``rss2`` and
``atom`` after an address, as ``feed/<name>/`` or ``<name>/``: the latest posts at
``/feed/`` (``/feed/atom/``, ``/rss2/``, ``/index.php/feed/`` with PATHINFO permalinks,
``?feed=rss2`` with any), the latest comments at ``/comments/feed/``
(``?feed=comments-rss2``, ``withcomments=1``), each archive's after its address
(``/category/x/feed/``, ``/2010/03/rss2/``, ``/author/x/feed/atom/``, ``?cat=3&feed=rss2``)
and each post's comments after its permalink (``/hello/feed/``, ``?p=12&feed=rss2``).
The files of its first versions (``wp-rss2.php``, ``wp-atom.php``, ``wp-rdf.php``,
``wp-rss.php``, ``wp-feed.php``; ``wp-commentsrss2.php``, the comments'), deleted in 3.3,
stayed in the rules and redirect to the feeds (WordPress changeset 18540).

The sites written have these (``NewFeeds``):

=========================  ============  ==================  ====================
target                     latest posts  an archive page's   latest comments
=========================  ============  ==================  ====================
Hugo                       /index.xml    <page>index.xml     /comments/index.xml
Jekyll, Eleventy, Astro    /feed.xml     <page>feed.xml      /comments/feed.xml
Ghost                      /rss/         <page>rss/          none
=========================  ============  ==================  ====================

A language's home page and feed (``/fr/``, ``?lang=fr``) are ``langhomes``': Hugo's at
``/<lang>/`` (``LANGUAGE_HOMES``), the others' the site's.

The Markdown sites' comments feed is made from the comment data files: with
``--comments inline`` or ``none`` there is none. Ghost's archive pages are its tags'
and authors'. Other targets (a WXR for a new WordPress, JSON) write no feed: links to the
old ones are kept as written, as links to the old archives are.
"""

from __future__ import annotations

from dataclasses import dataclass

OLD_FEEDS = (
    "feed/",
    "feed/rss2/",
    "feed/rss/",
    "feed/atom/",
    "feed/rdf/",
    "?feed=rss2",
    "?feed=atom",
)
"""WordPress's addresses of its feed of the latest posts, under the blog's own path
(those the redirect maps send on)."""
OLD_COMMENT_FEEDS = (
    "comments/feed/",
    "comments/feed/rss2/",
    "comments/feed/atom/",
    "?feed=comments-rss2",
    "?feed=comments-atom",
)
"""WordPress's addresses of its latest comments' feed, under the blog's own path."""

SITE_FEEDS = {
    "hugo": "/index.xml",
    "jekyll": "/feed.xml",
    "eleventy": "/feed.xml",
    "astro": "/feed.xml",
    "ghost": "/rss/",
}
"""The site's feed of its latest posts (Hugo's own; the skeleton's in the other
flavors; Ghost's), by flavor or target."""
PAGE_FEEDS = {
    "hugo": "index.xml",
    "jekyll": "feed.xml",
    "eleventy": "feed.xml",
    "astro": "feed.xml",
    "ghost": "rss/",
}
"""What follows an archive page's URL (ending with "/") for its feed: Hugo's own (every
section page has one), the skeleton's in the others, Ghost's."""
COMMENTS_FEEDS = {
    "hugo": "/comments/index.xml",
    "jekyll": "/comments/feed.xml",
    "eleventy": "/comments/feed.xml",
    "astro": "/comments/feed.xml",
}
"""The latest comments' feed of a Markdown site written with ``--comments data``."""


LANGUAGE_HOMES = frozenset(("hugo",))
"""The flavors where each language but the site's own has a home page of its own, at
``/<lang>/``, with its feed (Hugo's multilingual sites); the others' home and feed list
every language's posts."""


def page_feed(url: str, site: str) -> str:
    """The feed of the archive page at ``url`` (ending with "/") in ``site``'s flavor."""
    return url + PAGE_FEEDS[site]


@dataclass(frozen=True, slots=True)
class NewFeeds:
    """The feeds of the site a run writes: where links to the old ones go."""

    site: str
    """The latest posts' (a site path)."""
    page: str
    """What follows an archive page's URL for its feed."""
    comments: str
    """The latest comments' (a site path); "" when the site has none."""
    no_comments: str = ""
    """Why it has none, said of the links to the old one."""
    languages: bool = False
    """Whether each language has its home and feed at ``/<lang>/`` (``LANGUAGE_HOMES``)."""


def new_feeds(to: str, flavor: str, comments: str) -> NewFeeds | None:
    """The feeds of ``--to`` ``to`` (``flavor``, ``--comments`` for Markdown); None for
    a target that writes none."""
    if to == "ghost":
        return NewFeeds(SITE_FEEDS["ghost"], PAGE_FEEDS["ghost"], "", "Ghost has no comments feed")
    if to != "markdown":
        return None
    languages = flavor in LANGUAGE_HOMES
    if comments == "data":
        found = COMMENTS_FEEDS[flavor]
        return NewFeeds(SITE_FEEDS[flavor], PAGE_FEEDS[flavor], found, languages=languages)
    why = f"no comments feed on a site written with --comments {comments} (data has one)"
    return NewFeeds(SITE_FEEDS[flavor], PAGE_FEEDS[flavor], "", why, languages)


_NAMES = frozenset(("feed", "rdf", "rss", "rss2", "atom"))
"""WordPress's feeds (``WP_Rewrite::$feeds``)."""
_ENDS = (*(f"/{name}{end}" for name in sorted(_NAMES) for end in ("", "/")), ".php")
"""How a feed's path ends: a check that costs next to nothing for every other link."""
_OLD_FILES = {
    "wp-feed.php": False,
    "wp-rss.php": False,
    "wp-rss2.php": False,
    "wp-rdf.php": False,
    "wp-atom.php": False,
    "wp-commentsrss2.php": True,
}
"""WordPress's first feed files, by name: whether it is the comments' feed."""


@dataclass(frozen=True, slots=True)
class FeedAddress:
    """A link that names one of WordPress's feeds: the address of what it is the feed of."""

    path: str
    query: str
    comments: bool
    """The latest comments' feed (``comments/feed/``, ``feed=comments-rss2``), when
    ``path`` and ``query`` name the home page."""


def feed_address(path: str, query: str) -> FeedAddress | None:
    """What the link's ``path`` and ``query`` (split, as linked) name the feed of; None
    when they name no feed (most links: they end otherwise, no ``feed=`` in the query)."""
    if query and "feed=" in query:
        found = _query_feed(path, query)
        if found is not None:
            return found
    if not path.endswith(_ENDS):
        return None
    segments = path.rstrip("/").split("/")
    last = segments.pop()
    comments = _OLD_FILES.get(last)
    if comments is None:
        if last not in _NAMES:
            return None  # another file's .php
        comments = False
        if segments[-1:] == ["feed"]:
            segments.pop()  # /feed/atom/
        if segments[-1:] == ["comments"]:
            segments.pop()
            comments = True
    if segments[-1:] == ["index.php"]:
        segments.pop()  # PATHINFO permalinks: /index.php/feed/
    return FeedAddress("/".join(segments) + "/", query, comments)


def _query_feed(path: str, query: str) -> FeedAddress | None:
    """``?feed=rss2`` and the like, with whatever else the query names (``cat=3``)."""
    kept: list[str] = []
    feed: str | None = None
    comments = False
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name == "feed":
            feed = value
        elif name == "withcomments":
            comments = value not in ("", "0")
        else:
            kept.append(part)
    if feed is None:
        return None
    if feed.startswith("comments-"):
        feed, comments = feed.removeprefix("comments-"), True
    if feed not in _NAMES:
        return None
    return FeedAddress(path, "&".join(kept), comments)
