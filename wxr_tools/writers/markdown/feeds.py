"""The feeds WordPress served besides the site's own, and where their addresses go now.

WordPress served a feed for each archive (``/2010/03/feed/``, ``/2010/feed/``,
``/author/x/feed/``; ``?feed=rss2&author=2`` with plain permalinks, the form its
own links had), its latest comments (``/comments/feed/``, ``?feed=comments-rss2``)
and each post's comments (``<permalink>feed/``). Readers subscribed to them and search
engines crawled them (the themes put them in every page's head), so the redirect maps
send them on:

* an archive's feed to its page's feed: Hugo's own ``index.xml`` (every section page
  has one), the skeleton's ``feed.xml`` beside the page in the others (Jekyll's made
  from a small file beside the page: ``write_jekyll_feed``);
* the comments feed to the skeleton's, made from the comment data files (Hugo's at
  ``/comments/index.xml``, as its every feed is an ``index.xml``; ``/comments/feed.xml``
  elsewhere); without data files (``--comments inline`` or ``none``) there is none,
  and the old address goes to the site's feed;
* a language's home page and feeds (Polylang's ``/fr/``, ``/fr/feed/``; ``?lang=fr``)
  to that language's home and feed (``langhomes``: Hugo's ``/fr/`` and
  ``/fr/index.xml``, the others' ``/`` and ``/feed.xml``), its comments feed to the
  site's, for each language the run writes (``add_language_homes``); the ``?lang=``
  forms only when the export shows a plugin that answered them;
* a post's comments feed to the post's page, for every published item with a page,
  whether or not it has comments: WordPress linked the feed from the page's head
  whenever comments were open, so its address is known for posts that got none. One
  rule per item; its comments, if any, are on the page, and a static site takes none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from wxr_tools.archives import LanguageFolders, author_old_paths, paged_paths
from wxr_tools.feedurls import COMMENTS_FEEDS, OLD_COMMENT_FEEDS, SITE_FEEDS, new_feeds, page_feed
from wxr_tools.langhomes import language_redirects
from wxr_tools.model import Author
from wxr_tools.writers.markdown.frontmatter import render as render_fm
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.urlforms import readable
from wxr_tools.writers.redirects import RedirectMap, site_path

HUGO_COMMENTS_PAGE = "content/comments/_index.md"
"""Hugo's section whose only output is the comments feed (layout ``comments``)."""


def old_page_feeds(old: Iterable[str]) -> list[str]:
    """The feeds WordPress served beside an archive's old addresses ``old``:
    ``/2010/03/feed/`` for ``/2010/03/``, ``/?feed=rss2&author=2`` for ``/?author=2``."""
    feeds = []
    for path in old:
        start, mark, query = path.partition("?")
        if mark:
            feeds.append(f"{start}?feed=rss2&{query}")
        elif path.endswith("/"):
            feeds.append(path + "feed/")
    return feeds


def redirect_archive(
    redirects: RedirectMap,
    old: list[str],
    url: str,
    flavor: str,
    posts: int,
    per_page: int,
    plain: bool,
) -> None:
    """Where an archive page's other old addresses go (its own, ``old``, the caller
    sends): its feeds to its page's feed, its later pages (``/page/2/``, ``paged_paths``)
    to the page, which lists every one of its ``posts``."""
    if url.endswith("/"):
        redirects.add(old_page_feeds(old), page_feed(url, flavor), None)
    redirects.add(paged_paths(old, posts, per_page, plain), url, None)


def item_feed(link: str | None) -> list[str]:
    """The old address of the feed of an item's comments, from its permalink:
    ``<permalink>feed/`` (``/a.html/feed/`` too), ``/?feed=rss2&p=12`` for ``/?p=12``.
    Made from the whole URL, which the map reads as it reads the permalink (a path
    alone that starts with ``//`` would be read as a host)."""
    if not link or site_path(link) == "/":
        return []
    start, mark, query = link.partition("#")[0].partition("?")
    if mark:
        key = query.partition("=")[0]
        plain = key in ("p", "page_id") and "&" not in query
        return [f"{start}?feed=rss2&{query}"] if plain else []
    return [start.rstrip("/") + "/feed/"]


def add_site_feeds(
    redirects: RedirectMap,
    flavor: str,
    home: str,
    front: str,
    authors: list[Author],
    comments: str,
) -> None:
    """The comments feed's old addresses, and a one-author blog's author feed (its
    archive is the home page: its feed, the site's)."""
    start = home.rstrip("/") + "/"
    feed = COMMENTS_FEEDS[flavor] if comments == "data" else SITE_FEEDS[flavor]
    redirects.add([start + path for path in OLD_COMMENT_FEEDS], feed, None)
    if len(authors) == 1:
        author = authors[0]
        old = author_old_paths(author.login, author.id, home, front)
        redirects.add(old_page_feeds(old), SITE_FEEDS[flavor], None)


def write_hugo_comments_page(output: Output, front_matter: str, fresh: bool) -> None:
    """Hugo's section of the comments feed: its only output is RSS (``index.xml``), so a
    page the export has at ``/comments/`` keeps that address."""
    fm: dict[str, Any] = {
        "title": "Comments",
        "layout": "comments",
        "outputs": ["rss"],
        "wordpress": {"type": "comments"},  # as the archive pages: no item of the export
    }
    output.write(HUGO_COMMENTS_PAGE, render_fm(fm, front_matter).encode("utf-8"), fresh)


def write_jekyll_feed(
    output: Output,
    page: tuple[str, str],
    title: str,
    listed: dict[str, str],
    fm_format: str,
    fresh: bool,
) -> None:
    """Jekyll's file for the feed of the archive page ``page`` (its file, its URL),
    which the skeleton's ``archive-feed`` layout makes: Jekyll makes no page per
    archive by itself. ``listed`` says which posts the page lists (``period`` or ``by``)."""
    path, url = page
    fm: dict[str, Any] = {
        "layout": "archive-feed",
        "title": title,
        "permalink": readable(url) + "feed.xml",
        "page_url": readable(url),
        **listed,
    }
    feed = path.removesuffix(".md") + ".feed.xml"
    output.write(feed, render_fm(fm, fm_format).encode("utf-8"), fresh)


def add_language_homes(
    redirects: RedirectMap,
    folders: LanguageFolders,
    written: set[str],
    *,
    site: tuple[str, str, str],
    comments: str,
    keep_region: bool,
    several: bool,
    queries: Callable[[], bool],
    prepath: Callable[[], bool],
) -> list[tuple[str, str]]:
    """Each written language's old home page and feeds to its home and feed
    (``langhomes.language_redirects``: ``written``, ``several``, ``queries`` and
    ``prepath`` are its). ``site``: the flavor, the blog's path, its own language; ``comments``:
    ``--comments`` (its latest comments' feed goes to the site's comments feed, or
    without one to the language's feed). Gives each old home and its new one: the
    caller sends its later pages (``/fr/page/2/``) there."""
    flavor, home, default = site
    feeds = new_feeds("markdown", flavor, "data")
    assert feeds is not None
    homes: list[tuple[str, str]] = []
    found = language_redirects(
        folders,
        written,
        feeds,
        site=(home, default, keep_region),
        several=several,
        queries=queries,
        prepath=prepath,
    )
    for rules in found:
        redirects.add(rules.homes, rules.home, None)
        redirects.add(rules.feeds, rules.feed, None)
        to = COMMENTS_FEEDS[flavor] if comments == "data" else rules.feed
        redirects.add(rules.comments, to, None)
        homes += [(path, rules.home) for path in rules.homes]
    return homes
