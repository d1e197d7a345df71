"""Links to the old site's feeds lead to a file of the built site: Hugo and Jekyll build a
small export whose post links to WordPress's feeds in their usual forms, relative (dead
as written) and absolute; every link of the built pages then leads to a file
(``link_helpers.dead_links``), the post's feed links to the site's, the comments' and
the archives' feeds. ``test_feed_links.py`` has the mapping itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from link_helpers import dead_links, resolves
from markdown_helpers import page_file, site, site_build
from wxr_builder import item, wxr

TERMS = (
    '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
    '\t\t<category domain="post_tag" nicename="tips"><![CDATA[Tips]]></category>\n'
)
CHANNEL = (
    "\t<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news"
    "</wp:category_nicename><wp:category_parent></wp:category_parent>"
    "<wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>\n"
)
OLD_FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/rss2/",
    "/?feed=rss2",
    "/wp-rss2.php",
    "/index.php/feed/",
    "/comments/feed/",
    "/?feed=comments-rss2",
    "/category/news/feed/",
    "/?cat=3&amp;feed=rss2",
    "/tag/tips/feed/atom/",
    "/2024/06/feed/",
    "/2024/feed/",
    "/author/admin/feed/",  # a one-author blog's: its home's, the site's
    "/2024/06/hello-1/feed/",  # a post's comments': its page
    "https://example.org/feed/",
    "https://example.org/category/news/feed/",
    "feed://example.org/tag/tips/feed/",
]
EXPECTED = {
    "hugo": {"/index.xml", "/comments/index.xml", "/categories/news/index.xml"},
    "jekyll": {"/feed.xml", "/comments/feed.xml", "/categories/news/feed.xml"},
}
"""Some of the files the links lead to, by flavor."""


def _export(tmp_path: Path) -> Path:
    body = "".join(f'<p><a href="{link}">feed {n}</a></p>\n' for n, link in enumerate(OLD_FEEDS))
    first = item(1, title="Hello", more=TERMS)
    first = first.replace("/?p=1</link>", "/2024/06/hello-1/</link>")
    post = item(2, title="Subscribe", body=body, more=TERMS)
    post = post.replace("/?p=2</link>", "/2024/06/hello-2/</link>")
    path = tmp_path / "feeds.xml"
    path.write_bytes(wxr(first, post, channel=CHANNEL))
    return path


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_links_to_the_old_feeds_lead_to_the_new_ones(flavor: str, tmp_path: Path) -> None:
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    out, public = tmp_path / "site", tmp_path / "public"
    report = site(_export(tmp_path), out, flavor=flavor)
    assert report.counts["internal links unresolved"] == 0
    assert report.counts["internal links rewritten"] == len(OLD_FEEDS)
    site_build(flavor, out, public)
    assert dead_links(public) == []
    page = page_file(public, "/2024/06/hello-2/").read_text("utf-8")
    links = re.findall(r'<a href="([^"]*)">feed \d+</a>', page)
    assert len(links) == len(OLD_FEEDS)
    assert all(link.startswith("/") and resolves(public, link) for link in links), links
    assert EXPECTED[flavor] <= set(links)
