"""The archives' and the comments' feeds: WordPress's addresses of them in the redirect
maps, and the files each flavor gets for them (the built feeds are checked by the build
tests: ``check_archive_feeds``, ``check_comments_feed``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_helpers import comment, site, written_documents
from wxr_builder import item, wxr

from wxr_tools.writers.markdown.feeds import item_feed, old_page_feeds
from wxr_tools.writers.markdown.frontmatter import parse

FLAVORS = ("hugo", "jekyll", "eleventy", "astro")
SITE_FEED = {
    "hugo": "/index.xml",
    "jekyll": "/feed.xml",
    "eleventy": "/feed.xml",
    "astro": "/feed.xml",
}
COMMENTS_FEED = {"hugo": "/comments/index.xml"}
"""Where the latest comments' feed is, when not at ``/comments/feed.xml``."""
ARCHIVE_FEED = {"hugo": "index.xml"}
"""An archive page's feed beside it, when not ``feed.xml``."""


def authors(*logins: str) -> str:
    return "".join(
        f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login><![CDATA[{login}]]>"
        "</wp:author_login></wp:author>\n"
        for n, login in enumerate(logins, start=1)
    )


def rules_of(out: Path) -> dict[str, str]:
    return dict(row.split(",")[:2] for row in (out / "redirects.csv").read_text("utf-8").split())


def test_an_archives_feeds_are_beside_its_old_addresses() -> None:
    old = ["/blog/fr/2010/03/", "/blog/2010/03/", "/blog/?m=201003", "/blog/?author=2"]
    assert old_page_feeds(old) == [
        "/blog/fr/2010/03/feed/",
        "/blog/2010/03/feed/",
        "/blog/?feed=rss2&m=201003",
        "/blog/?feed=rss2&author=2",  # what WordPress linked with plain permalinks
    ]


@pytest.mark.parametrize(
    ("link", "feeds"),
    [
        ("https://old.example/2010/03/post/", ["https://old.example/2010/03/post/feed/"]),
        ("https://old.example/2010/03/post.html", ["https://old.example/2010/03/post.html/feed/"]),
        ("https://old.example/?p=12", ["https://old.example/?feed=rss2&p=12"]),
        ("https://old.example/blog/?page_id=3", ["https://old.example/blog/?feed=rss2&page_id=3"]),
        ("https://old.example/?attachment_id=3", []),  # not an item with a page
        ("https://old.example/", []),  # the home: its feed is the site's
        (None, []),
    ],
)
def test_a_posts_comments_feed_is_beside_its_permalink(link: str | None, feeds: list[str]) -> None:
    assert item_feed(link) == feeds


@pytest.mark.parametrize("flavor", FLAVORS)
def test_date_and_author_feeds_redirect_to_their_pages_feeds(flavor: str, tmp_path: Path) -> None:
    posts = [
        item(1).replace("2024-06-05 18:04:48", "2010-03-15 10:00:00"),
        item(2).replace("[admin]", "[tom]"),
    ]
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(*posts, channel=authors("admin", "tom")))
    out = tmp_path / flavor
    site(export, out, flavor=flavor, redirects="csv")
    rules = rules_of(out)
    name = ARCHIVE_FEED.get(flavor, "feed.xml")
    assert rules["/2010/03/feed/"] == rules["/?feed=rss2&m=201003"] == f"/2010/03/{name}"
    assert rules["/2010/feed/"] == rules["/?feed=rss2&m=2010"] == f"/2010/{name}"
    assert rules["/author/tom/feed/"] == rules["/?feed=rss2&author=2"] == f"/authors/tom/{name}"
    assert rules["/author/admin/feed/"] == f"/authors/admin/{name}"
    assert "/2010/03/15/feed/" not in rules  # a day's feed: none (its archive is its month's)
    # A post's own comments feed: to the post, which shows its comments.
    assert rules["/?feed=rss2&p=1"] == rules["/?p=1"]
    if flavor == "jekyll":  # Jekyll's feed files, beside the pages, say what they list
        written = [parse(p.read_text("utf-8")) for p in (out / "_pages").rglob("*.feed.xml")]
        feeds = {d["permalink"]: d for d in written}
        assert feeds["/2010/03/feed.xml"]["period"] == "2010-03"
        assert feeds["/2010/feed.xml"]["layout"] == "archive-feed"
        assert feeds["/authors/tom/feed.xml"]["by"] == "tom"
        assert feeds["/authors/tom/feed.xml"]["page_url"] == "/authors/tom/"


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_one_author_blogs_author_feed_is_the_sites(flavor: str, tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1), channel=authors("admin")))
    out = tmp_path / flavor
    site(export, out, flavor=flavor, redirects="csv")
    rules = rules_of(out)
    assert rules["/author/admin/"] == "/"
    assert rules["/author/admin/feed/"] == rules["/?feed=rss2&author=1"] == SITE_FEED[flavor]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("comments", ["data", "inline", "none"])
def test_the_comments_feed_is_there_with_the_data_files_only(
    flavor: str, comments: str, tmp_path: Path
) -> None:
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=comment(1)), item(2).replace("/?p=2<", "/two/<")))
    out = tmp_path / flavor
    site(export, out, flavor=flavor, redirects="csv", comments=comments)
    rules = rules_of(out)
    feed = COMMENTS_FEED.get(flavor, "/comments/feed.xml") if comments == "data" else None
    for old in ("/comments/feed/", "/comments/feed/atom/", "/?feed=comments-rss2"):
        assert rules[old] == (feed or SITE_FEED[flavor]), old
    files = {
        "hugo": "layouts/_default/comments.rss.xml",
        "jekyll": "comments-feed.xml",
        "eleventy": "content/comments-feed.njk",
        "astro": "src/pages/comments/feed.xml.js",
    }
    assert (out / files[flavor]).is_file() == (feed is not None)
    assert (out / "content/comments/_index.md").is_file() == (flavor == "hugo" and feed is not None)
    # Each post's comments feed goes to the post, with comments or without.
    assert rules["/two/feed/"] == rules["/two/"]
    assert rules["/?feed=rss2&p=1"] == rules["/?p=1"]


def test_date_and_author_feeds_in_a_languages_folder_redirect(tmp_path: Path) -> None:
    """Polylang put a language's archives in its folder: /fr/2024/06/feed/ and
    /fr/author/tom/feed/ too."""

    def post(post_id: int, lang: str, slug: str, login: str) -> str:
        folder = "" if lang == "en" else f"{lang}/"
        terms = f'<category domain="language" nicename="{lang}"><![CDATA[{lang}]]></category>'
        text = item(post_id, title=slug, more=terms).replace(f"hello-{post_id}", slug)
        text = text.replace("[admin]", f"[{login}]")
        return text.replace(f"/?p={post_id}</link>", f"/{folder}{slug}/</link>")

    export = tmp_path / "polylang.xml"
    posts = (post(1, "en", "hello", "admin"), post(2, "fr", "bonjour", "tom"))
    export.write_bytes(wxr(*posts, channel=authors("admin", "tom")))
    out = tmp_path / "out"
    site(export, out, flavor="eleventy", redirects="csv")
    rules = rules_of(out)
    assert rules["/fr/2024/06/feed/"] == rules["/2024/06/feed/"] == "/2024/06/feed.xml"
    assert rules["/fr/author/tom/"] == rules["/author/tom/"] == "/authors/tom/"
    assert rules["/fr/author/tom/feed/"] == rules["/author/tom/feed/"] == "/authors/tom/feed.xml"
    assert "/fr/author/admin/" not in rules  # wrote in English only: no folder
    (tom,) = [d for d in written_documents(out, "content/authors") if d["by"] == "tom"]
    assert tom["aliases"] == ["/fr/author/tom/", "/author/tom/"]
