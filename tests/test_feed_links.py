"""Links to the old site's feeds go to the new site's: WordPress's addresses of them
(``feedurls.feed_address``), where the links transform sends each for each target, and
what it reports of those the new site lacks (a dead-link audit of real blogs found
``/feed/`` and a blog-in-a-folder's ``/blog/feed/`` kept as written, unreported).
The built sites' tests are in ``test_feed_links_built.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from wxr_tools.config import Config
from wxr_tools.entries import entry_of
from wxr_tools.feedurls import FeedAddress, NewFeeds, feed_address, new_feeds
from wxr_tools.index import Index
from wxr_tools.model import Author, Item, Site, TermRef
from wxr_tools.transforms import Context
from wxr_tools.transforms.links import transform

HOME = "https://example.org"


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/feed/", "", ("/", "", False)),
        ("/feed", "", ("/", "", False)),
        ("/feed/rss2/", "", ("/", "", False)),
        ("/feed/atom/", "", ("/", "", False)),
        ("/rss/", "", ("/", "", False)),
        ("/rss2/", "", ("/", "", False)),
        ("/atom/", "", ("/", "", False)),
        ("/rdf/", "", ("/", "", False)),
        ("/index.php/feed/", "", ("/", "", False)),
        ("/wp-rss2.php", "", ("/", "", False)),
        ("/blog/wp-atom.php", "", ("/blog/", "", False)),
        ("/wp-commentsrss2.php", "", ("/", "", True)),
        ("/", "feed=rss2", ("/", "", False)),
        ("/index.php", "feed=atom", ("/index.php", "", False)),
        ("/", "feed=comments-rss2", ("/", "", True)),
        ("/", "feed=rss2&withcomments=1", ("/", "", True)),
        ("/", "cat=3&feed=rss2", ("/", "cat=3", False)),
        ("/", "feed=rss2&p=12", ("/", "p=12", False)),
        ("/blog/feed/", "", ("/blog/", "", False)),
        ("/comments/feed/", "", ("/", "", True)),
        ("/comments/rss2/", "", ("/", "", True)),
        ("/blog/comments/feed/atom/", "", ("/blog/", "", True)),
        ("/category/news/feed/", "", ("/category/news/", "", False)),
        ("/category/a/b/rss2/", "", ("/category/a/b/", "", False)),
        ("/tag/tips/feed/atom/", "", ("/tag/tips/", "", False)),
        ("/2010/03/feed/", "", ("/2010/03/", "", False)),
        ("/author/jo/feed/", "", ("/author/jo/", "", False)),
        ("/2010/03/hello/feed/", "", ("/2010/03/hello/", "", False)),
    ],
)
def test_wordpress_feed_addresses(path: str, query: str, expected: tuple[str, str, bool]) -> None:
    assert feed_address(path, query) == FeedAddress(*expected)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/", ""),
        ("/2010/03/hello/", ""),
        ("/feedback/", ""),
        ("/category/feeds/", ""),
        ("/index.php", "p=12"),
        ("/wp-login.php", ""),
        ("/", "nofeed=1"),
        ("/", "feed=podcast"),  # a plugin's feed: not one WordPress knows
        ("/2010/03/hello/", "feedback=1"),
    ],
)
def test_other_addresses_are_no_feeds(path: str, query: str) -> None:
    assert feed_address(path, query) is None


def test_the_new_feeds_of_each_target() -> None:
    assert new_feeds("markdown", "hugo", "data") == NewFeeds(
        "/index.xml", "index.xml", "/comments/index.xml", languages=True
    )
    assert new_feeds("markdown", "jekyll", "data") == NewFeeds(
        "/feed.xml", "feed.xml", "/comments/feed.xml"
    )
    inline = new_feeds("markdown", "astro", "inline")
    assert inline is not None and inline.comments == ""
    assert "--comments inline" in inline.no_comments
    ghost = new_feeds("ghost", "hugo", "data")
    assert ghost is not None and (ghost.site, ghost.page, ghost.comments) == ("/rss/", "rss/", "")
    assert new_feeds("wxr", "hugo", "data") is None
    assert new_feeds("json", "hugo", "data") is None


# -- the links transform --------------------------------------------------------------------


def _post(post_id: int, slug: str, *terms: tuple[str, str], author: str = "jo") -> Item:
    return Item(
        id=post_id,
        type="post",
        status="publish",
        slug=slug,
        author=author,
        date=datetime(2010, 3, 5, 12),
        link=f"{HOME}/blog/2010/03/{slug}/",
        terms=tuple(TermRef(taxonomy=t, slug=s, name=s.title()) for t, s in terms),
    )


SITE = Site(title="Blog", link=f"{HOME}/blog", base_site_url=HOME, base_blog_url=f"{HOME}/blog")
AUTHORS = (Author(id=1, login="jo"), Author(id=2, login="al"))
POSTS = (
    _post(1, "hello", ("category", "news"), ("post_tag", "tips")),
    _post(2, "second", ("category", "news"), author="al"),
)
LINKS = {
    # old address -> where the Markdown site (Hugo) has it
    f"{HOME}/blog/feed/": "/index.xml",
    "/blog/feed/atom/": "/index.xml",
    f"{HOME}/blog/?feed=rss2": "/index.xml",
    f"{HOME}/blog/wp-rss2.php": "/index.xml",
    "feed://example.org/blog/rss/": "/index.xml",
    f"{HOME}/blog/comments/feed/": "/comments/index.xml",
    f"{HOME}/blog/?feed=comments-rss2": "/comments/index.xml",
    f"{HOME}/blog/category/news/feed/": "/categories/news/index.xml",
    f"{HOME}/blog/tag/tips/feed/atom/": "/tags/tips/index.xml",
    f"{HOME}/blog/2010/03/feed/": "/2010/03/index.xml",
    f"{HOME}/blog/2010/feed/": "/2010/index.xml",
    f"{HOME}/blog/author/jo/feed/": "/authors/jo/index.xml",
    f"{HOME}/blog/?feed=rss2&author=2": "/authors/al/index.xml",
    # A post's comments' feed: its page, where its redirect goes too (and its comments).
    f"{HOME}/blog/2010/03/hello/feed/": "/2010/03/hello/",
}


def _rewrite(
    links: list[str], feeds: NewFeeds | None, **config: object
) -> tuple[list[str], Context]:
    index = Index(e for e in map(entry_of, POSTS) if e is not None)
    base = Config()
    data = {**base.data, "links": {**base.data["links"], **config}}
    ctx = Context(
        site=SITE, index=index, config=replace(base, data=data, feeds=feeds), authors=AUTHORS
    )
    body = "".join(f'<a href="{link}">x</a>' for link in links)
    item = Item(id=9, type="post", status="publish", slug="links", line=42, content_html=body)
    done = transform(item, ctx)
    assert done is not None and done.content_html is not None
    return [part.split('"', 1)[0] for part in done.content_html.split('href="')[1:]], ctx


def test_links_to_the_old_feeds_go_to_the_new_ones() -> None:
    got, ctx = _rewrite(list(LINKS), new_feeds("markdown", "hugo", "data"))
    assert dict(zip(LINKS, got, strict=True)) == LINKS
    assert ctx.report.counts["internal links rewritten"] == len(LINKS)
    assert ctx.report.diagnostics == []


def test_the_new_feeds_follow_the_flavor_and_the_base_url() -> None:
    links = [f"{HOME}/blog/feed/", f"{HOME}/blog/category/news/feed/", "/blog/comments/feed/"]
    got, _ = _rewrite(links, new_feeds("markdown", "jekyll", "data"))
    assert got == ["/feed.xml", "/categories/news/feed.xml", "/comments/feed.xml"]
    got, _ = _rewrite(
        links, new_feeds("markdown", "eleventy", "data"), base_url="https://n.example"
    )
    assert got == [
        "https://n.example/feed.xml",
        "https://n.example/categories/news/feed.xml",
        "https://n.example/comments/feed.xml",
    ]


def test_a_feed_the_new_site_lacks_is_reported_and_kept() -> None:
    links = [
        f"{HOME}/blog/comments/feed/",  # no comment data files: no comments feed
        f"{HOME}/blog/old/feed/",  # the feed of an older place: no page of the export
        f"{HOME}/blog/category/none/feed/",  # a category no post has: kept, as its page is
    ]
    got, ctx = _rewrite(links, new_feeds("markdown", "hugo", "inline"))
    assert got == links
    found = [(d.code, d.line, d.message) for d in ctx.report.diagnostics]
    assert found == [
        (
            "WXR504",
            42,
            f"{HOME}/blog/comments/feed/: no comments feed on a site written with "
            "--comments inline (data has one)",
        ),
        ("WXR504", 42, f"{HOME}/blog/old/feed/: a feed of no page of the export"),
    ]
    assert ctx.report.counts["internal links unresolved"] == 2


def test_targets_without_feeds_keep_the_links() -> None:
    # A WXR for a new WordPress (which serves the same feeds), JSON: as before.
    links = [f"{HOME}/blog/feed/", f"{HOME}/blog/comments/feed/", "/blog/2010/03/feed/"]
    got, ctx = _rewrite(links, None)
    assert got == links
    assert ctx.report.diagnostics == []


def test_ghost_has_its_own_feeds() -> None:
    ghost = new_feeds("ghost", "", "")
    tag = "/tag/{slug}/"
    links = [f"{HOME}/blog/feed/", f"{HOME}/blog/tag/tips/feed/", f"{HOME}/blog/comments/feed/"]
    patterns = {"category": tag, "post_tag": tag, "month": "", "year": ""}
    got, ctx = _rewrite(links, ghost, archive_pattern=patterns)
    assert got == ["/rss/", "/tag/tips/rss/", f"{HOME}/blog/comments/feed/"]
    assert [d.message.split(": ", 1)[1] for d in ctx.report.diagnostics] == [
        "Ghost has no comments feed"
    ]
