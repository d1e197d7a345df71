"""Eleventy and Astro building the Markdown writer's output, as Hugo and Jekyll do.

The tools are npm packages, pinned in ``node_tools.py`` and installed outside the
repository (``.ci/run`` does it); without node or them, these tests skip and say why.
Each flavor is built once for the whole module: the sample and the tricky export in
one file, written with a redirect map, built with the real tool. Then every written
page must be at its URL, every old URL in the map a page that sends to the new one,
translations must link each other, comments and the home page's list must show.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import node_tools
import pytest
from feed_helpers import (
    check_archive_feeds,
    check_comments_feed,
    check_feed,
    comment_threads,
    commented,
)
from link_helpers import dead_links
from markdown_helpers import (
    NEAR_MIDNIGHT,
    check_author_pages,
    check_date_pages,
    check_not_found,
    check_pages,
    check_sitemap,
    check_term_pages,
    check_translations,
    check_words,
    dated,
    merged_export,
    near_midnight,
    page_file,
    site,
    write_tricky,
)
from markdown_helpers import written_documents as documents
from menu_helpers import check_header_links, header_menu, menu_items
from wxr_builder import item

CONTENT = {"eleventy": "content", "astro": "src/content"}

SHARED_OLD_URL = "/archives/same-old-url/"
EDGES = (
    # No id: Eleventy's layout failed on the comments key it makes from the id.
    item(19, title="No id").replace("\t\t<wp:post_id>19</wp:post_id>\n", ""),
    # One old URL, two items: Eleventy refuses two outputs at one path. The first in the
    # export keeps it, as in the maps; the second is older and first by file name, so
    # neither Eleventy's order (by date) nor Astro's (by file) picks the first.
    item(21, title="Old URL one").replace("/?p=21</link>", f"{SHARED_OLD_URL}</link>"),
    dated(22, "2024-06-01 10:00:00", "2024-06-01 08:00:00", title="Old URL two")
    .replace("/?p=22</link>", f"{SHARED_OLD_URL}</link>")
    .replace("hello-22", "aa-old-url-two"),
    # A redirect to a non-ASCII URL: Astro put it in a Location header as it was.
    item(23, title="Justice †")
    .replace("hello-23", "justice-%e2%80%a0")
    .replace("/?p=23</link>", "/archives/2024/06/05/justice-%e2%80%a0/</link>"),
    # An image path that is no file: Astro failed the build looking for it.
    item(24, title="Leftover", body='<p><img src="../wp-includes/img/trans.gif" alt="x"></p>'),
    # An old URL with a doubled slash is the page's own file: Eleventy refused the redirect.
    item(25, title="Doubled", post_type="page").replace("/?p=25</link>", "//hello-25/</link>"),
    # Dated near midnight away from UTC: the layouts showed the day in UTC.
    *near_midnight(),
    # Text as typed: Astro's SmartyPants made dashes and curly quotes of it, its GFM a
    # strikethrough of "~a~".
    item(27, title="Typed", body='<p>rsync --delete; don\'t "x" ... a -- b --- c ~a~ d</p>'),
    # Astro's GFM linked the text of a link kept as HTML: a link inside the link, to
    # the address as typed.
    item(
        28,
        title="Link text",
        body='<p><a href="/2024/06/hello-27/" target="_blank">http://old.example/p.html</a></p>',
    ),
    # Astro's GFM linked a typed address as the raw Markdown ("\\_" in the link and its
    # text), linked the text of a link inside kept code, and took a tag with an unquoted
    # value holding "/" for text.
    item(
        29,
        title="Addresses",
        body="<p>Taken from http://e.org/eb/-_x_-.jpg on 2010, see www.x_y.org</p>"
        '<p><code>git clone <a href="/loc/">http://e.org/a</a></code></p>'
        "<p><code>x <img src=../f/a.gif alt=pic> y</code></p>",
    ),
    # A list ending inside a quote: remark spaced its items as paragraphs (a loose list).
    item(
        30,
        title="Quoted list",
        body="<blockquote><p>a</p><ul><li>x</li><li>y</li></ul><p>b</p></blockquote>",
    ),
    # An image kept as HTML alone before a nested list: an HTML block took the list.
    item(
        26,
        title="Image list",
        body='<ul><li><img class="x" src="/a.png" alt="a"><ul><li>nested <em>one</em></li>'
        "</ul></li><li>next</li></ul>",
    ),
    # Menus (``menu_helpers``): the main one in the header, nested.
    *menu_items(940, (2, "blogging", "Blogging"), "https://ctts.example.org"),
)
"""Items that broke a build, besides those every generator builds (``merged_export``),
and a menu of every kind of entry."""
NOWHERE = ("../wp-includes/img/trans.gif", "/a.png", "/loc/", "../f/a.gif")
"""The links of ``EDGES``' texts to no page or file of the old site, which the new one
cannot have either: every other internal link of the build leads to a page."""


@dataclass(frozen=True, slots=True)
class Built:
    public: Path
    docs: list[dict[str, Any]]
    """The front matter of every written document."""
    redirects: list[tuple[str, str]]
    """The redirect map the writer wrote (``--redirects csv``): old path → new URL."""
    threads: dict[str, list[dict[str, Any]]]
    """The comment data files, by key."""


def build(flavor: str, base: Path) -> Built:
    reason = node_tools.missing(flavor)
    if reason is not None:
        pytest.skip(f"{flavor} site not built: {reason}")
    out = base / "site"
    export = merged_export(write_tricky(base), base, *EDGES, *commented())
    # E-mails and IPs kept in the data files: the comments feed must leave them out.
    site(export, out, flavor=flavor, redirects="csv", removed=("privacy",))
    done = node_tools.build(flavor, out)
    assert done.returncode == 0, done.stdout + done.stderr
    with (out / "redirects.csv").open(encoding="utf-8", newline="") as f:
        rules = [(row["from"], row["to"]) for row in csv.DictReader(f)]
    data = out / ("src/data" if flavor == "astro" else "_data")
    threads = comment_threads(data / "comments")
    return Built(out / node_tools.OUTPUT[flavor], documents(out, CONTENT[flavor]), rules, threads)


@pytest.fixture(scope="module", params=sorted(CONTENT))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    flavor: str = request.param
    return build(flavor, tmp_path_factory.mktemp(flavor))


def text(built: Built, url: str) -> str:
    return html.unescape(page_file(built.public, url).read_text("utf-8"))


def server_path(url: str) -> str:
    return re.sub("//+", "/", unquote(url))


def test_every_page_is_at_its_url(built: Built) -> None:
    check_pages(built.public, built.docs, "permalink")
    assert text(built, "/2024/06/调试nginx/")  # where a server looks for %e8%b0%83%e8%af%95nginx


def test_no_internal_link_leads_nowhere(built: Built) -> None:
    # Media files are placed only with --media-from or --download (test_link_targets).
    dead = dead_links(built.public, skip=("/media/",))
    # Only those the edges' texts wrote to no page of the old site, kept as written.
    assert sorted({link for _, link in dead}) == sorted(NOWHERE)


def test_translations_link_each_other(built: Built) -> None:
    check_translations(built.public, built.docs, "permalink")


def test_category_and_tag_pages_list_their_posts(built: Built) -> None:
    check_term_pages(built.public, built.docs, "permalink")


def test_the_sitemap_lists_every_page(built: Built) -> None:
    check_sitemap(built.public, built.docs, "permalink")


def test_an_address_with_no_page_gets_the_not_found_page(built: Built) -> None:
    check_not_found(built.public, built.docs, "permalink")


def test_the_skeletons_words_are_in_each_pages_language(built: Built) -> None:
    check_words(built.public)


def test_month_and_year_pages_list_their_posts(built: Built) -> None:
    check_date_pages(built.public, built.docs, "permalink")


def test_author_pages_list_their_posts(built: Built) -> None:
    check_author_pages(built.public, built.docs, "permalink")


def test_the_feed_lists_the_latest_posts_and_the_old_feed_redirects_to_it(built: Built) -> None:
    check_feed(built.public, "/feed.xml", built.docs, "permalink")
    assert ("/feed/", "/feed.xml") in built.redirects


def test_month_year_and_author_feeds_list_their_pages_posts(built: Built) -> None:
    check_archive_feeds(built.public, built.docs, "permalink")
    assert ("/2010/03/feed/", "/2010/03/feed.xml") in built.redirects
    assert ("/author/tom/feed/", "/authors/tom/feed.xml") in built.redirects


def test_the_comments_feed_lists_the_latest_comments(built: Built) -> None:
    check_comments_feed(built.public, "/comments/feed.xml", built.docs, "permalink", built.threads)
    assert ("/comments/feed/", "/comments/feed.xml") in built.redirects


def test_every_old_path_redirects(built: Built) -> None:
    claimants: dict[str, set[str]] = {}  # decoded old path → decoded new URLs
    for doc in built.docs:
        for alias in doc.get("aliases", []):
            claimants.setdefault(alias, set()).add(unquote(doc["permalink"]))
    # As a server maps a path to a file: decoded, repeated slashes as one; an old path
    # that is the page's own file (//hello-25/) is the page, not a redirect.
    # Feeds (the site's, the archives', the comments', each post's comments' to the
    # post), the sitemap and days' archives are redirected by the map only: a feed
    # reader follows no redirect page, and a day's would be a page per post; so are
    # attachments' pages and files, sent to the file (no page of the site to hold them
    # as aliases), and the archives' later pages (/page/2/: a redirect page each would
    # be many for a long archive).
    rules = [
        (old, new)
        for old, new in built.redirects
        if not new.endswith(".xml")
        and not old.endswith("/feed/")  # a post's comments feed: to the post, map only
        and not re.search(r"/\d{4}/\d{2}/\d{2}/$", old)
        and not re.search(r"/page/\d+/$", old)
        and not new.startswith("/media/")
    ]
    paths = [(server_path(old), unquote(new)) for old, new in rules if "?" not in old]
    paths = [(old, new) for old, new in paths if old != new]
    assert len(paths) >= 8, "the sample's /archives/ links, the shared one, the non-ASCII one"
    assert set(claimants) == {old for old, _ in paths}
    for old, new in paths:
        refresh = re.search(r'http-equiv="refresh" content="0; ?url=([^"]+)"', text(built, old))
        assert refresh, f"no redirect at {old}"
        assert unquote(refresh[1]) == new and claimants[old] == {new}, old  # as in the map
    assert claimants[SHARED_OLD_URL] == {"/2024/06/hello-21/"}  # the first in the export


def test_drafts_are_not_published(built: Built) -> None:
    drafts = [doc for doc in built.docs if doc.get("draft")]
    assert len(drafts) == 4
    names = {p.parent.name for p in built.public.rglob("index.html")}
    for doc in drafts:
        assert doc["slug"].rsplit("/", 1)[-1] not in names


def test_comments_render_in_thread_order(built: Built) -> None:
    page = text(built, "/2010/03/medias-sociaux-ca-prend-du-temps/")
    assert "<h2>3 commentaires</h2>" in page  # a French post
    margins = re.findall(r'class="comment comment-comment"[^>]*margin-left: (\d)em', page)
    assert margins == ["0", "2", "4"]  # a reply to a reply to a comment
    assert "envoyer quelqu’un d’autre boire un café" in page
    assert text(built, "/2024/06/hello-10/").count('class="comment ') == 3


def test_each_page_says_its_language(built: Built) -> None:
    for doc in built.docs:
        if not doc.get("draft"):
            lang = doc.get("lang", "fr")
            assert f'<html lang="{lang}"' in text(built, doc["permalink"]), doc["permalink"]


def test_home_lists_the_published_posts(built: Built) -> None:
    home = text(built, "/")
    posts = [d for d in built.docs if d["wordpress"]["type"] == "post" and not d.get("draft")]
    assert len(posts) == 29
    for doc in posts:
        assert f'href="{doc["permalink"]}"' in home, doc["permalink"]
    assert "Grimper aux étoiles" in home  # the site's title, from the export


def test_dates_are_the_days_the_authors_site_showed(built: Built) -> None:
    home = text(built, "/")
    for post_id, (_, _, _, day) in NEAR_MIDNIGHT.items():
        url = next(d["permalink"] for d in built.docs if d["wordpress"].get("id") == post_id)
        assert re.search(f'<p class="meta">.*<time[^>]*>{day}</time>', text(built, url)), url
        assert re.search(f'href="{url}">[^<]*</a> <time[^>]*>{day}</time>', home), url


def test_an_image_alone_before_a_nested_list_leaves_it_a_list(built: Built) -> None:
    page = text(built, "/2024/06/hello-26/")
    assert re.search(r"<ul>\s*<li>nested <em>one</em></li>", page)
    # The post starts with the list, and Astro trims a body's start: "next" fell into
    # the nested list until the list was written from the margin.
    assert re.search(r"nested <em>one</em></li>\s*</ul>\s*</li>\s*<li>next</li>", page)


def test_template_syntax_in_content_is_shown_not_run(built: Built) -> None:
    page = text(built, "/2024/06/hello-10/")
    assert "Hugo {{< shortcode >}} and {{% md %}}, Liquid {{ page.title }}" in page
    assert "{% include x.html %}, Nunjucks {# note #}" in page
    assert "{{< in code >}} {% raw %}" in page


def test_text_is_shown_as_typed(built: Built) -> None:
    assert 'rsync --delete; don\'t "x" ... a -- b --- c ~a~ d' in text(built, "/2024/06/hello-27/")


def test_the_text_of_a_link_makes_no_link(built: Built) -> None:
    page = text(built, "/2024/06/hello-28/")
    assert "http://old.example/p.html</a>" in page.replace("<wbr>", "")
    assert 'href="http://old.example' not in page


def test_addresses_typed_in_text_are_shown_as_typed(built: Built) -> None:
    page = text(built, "/2024/06/hello-29/")
    assert "Taken from http://e.org/eb/-_x_-.jpg on 2010, see www.x_y.org" in re.sub(
        "<[^>]+>", "", page
    )
    assert "%5C" not in page and 'href="http://e.org/a"' not in page
    assert '<img src="../f/a.gif" alt="pic">' in page


def test_a_list_in_a_quote_stays_tight(built: Built) -> None:
    page = text(built, "/2024/06/hello-30/")
    assert re.search(r"<li>x</li>\s*<li>y</li>", page), page


def test_the_header_shows_the_main_menu_nested(built: Built) -> None:
    for url in ("/", "/2023/05/hello-941/", "/categories/blogging/"):  # every layout's header
        menu = header_menu(built.public, url)
        assert menu == [
            (1, "Menu about", "/hello-942/"),  # untitled: its page's title
            (2, "Internal", "/2023/05/hello-944/"),
            (3, "A post", "/2023/05/hello-941/"),
            (1, "Blogging", "/categories/blogging/"),
            (1, "Elsewhere", "https://elsewhere.example/x?a=1&b=2"),
            (1, "Under the draft", "/2023/05/hello-944/"),  # its parent's page is a draft
        ]
        check_header_links(built.public, menu)
    assert '<li class="menu-item home">' in text(built, "/")
