"""Shared by the build tests: the feeds as the generators built them (the site's, the
month, year and author pages', the latest comments'), and posts with more comments than
a feed holds. Imported as ``markdown_helpers`` is (tests/ is on ``sys.path``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_helpers import comment, page_file
from wxr_builder import item


def check_feed(public: Path, url: str, docs: list[dict[str, Any]], url_key: str) -> None:
    """The site's feed is well-formed RSS of the latest published posts (every language,
    no page), each at its page, under its WordPress guid (a reader that follows the
    redirect knows the posts it has shown); a title with ``<`` and ``&`` (the tricky
    export) is escaped."""
    from xml.etree import ElementTree

    channel = ElementTree.fromstring(page_file(public, url).read_bytes()).find("channel")
    assert channel is not None
    posts = {
        unquote(str(d[url_key])): d["wordpress"]["guid"]
        for d in docs
        if d.get("wordpress", {}).get("type") == "post" and not d.get("draft")
    }
    items = channel.findall("item")
    assert len(items) == min(20, len(posts)) >= 6
    for entry in items:
        link = entry.findtext("link") or ""
        assert page_file(public, link).is_file(), link
        path = unquote(urlsplit(link).path)
        assert path in posts, f"{link} is not a post"
        assert entry.findtext("guid") == posts[path]
        assert entry.findtext("title") and entry.findtext("pubDate")
    assert "Templates {{< here >}}" in {e.findtext("title") for e in items}


def commented() -> list[str]:
    """Two posts with more comments than the comments feed holds (25, an hour apart,
    the export's newest, each post every other one: no order of posts or threads is
    the order of time), and a draft with a newer one, which no feed may show."""
    when = [(f"2024-07-01 {h:02d}:30:00", f"2024-07-01 {h - 2:02d}:30:00") for h in range(2, 24)]
    when += [(f"2024-07-02 {h:02d}:30:00", f"2024-07-02 {h - 2:02d}:30:00") for h in (2, 3, 4)]
    made = [comment(9000 + n, when=w, text=f"Comment {n}") for n, w in enumerate(when)]
    hidden = comment(8999, when=("2024-08-01 10:00:00", "2024-08-01 08:00:00"), text="Hidden")
    return [
        item(40, title="Much discussed", more="".join(made[0::2])),
        item(42, title="Discussed too", more="".join(made[1::2])),
        item(41, title="Unpublished", status="draft", more=hidden),
    ]


def comment_threads(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The comment data files in ``folder``, by key: JSON in every flavor (``.yaml``'s
    and ``.yml``'s are JSON text too)."""
    return {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(folder.iterdir())}


ARCHIVES = ("category", "post_tag", "series", "post_format", "genre", "month", "year", "author")
"""The ``wordpress.type`` of the archive pages (their ``id`` is a term's, not an item's)."""


def check_comments_feed(
    public: Path,
    url: str,
    docs: list[dict[str, Any]],
    url_key: str,
    threads: dict[str, list[dict[str, Any]]],
) -> None:
    """The latest comments' feed: well-formed RSS of the 20 newest comments of the
    published items (none of a draft's), newest first, each linking to the comment on
    its item's page, under the item's guid and ``#comment-<id>`` (WordPress's), with
    the commenter's name and the content, and no e-mail or IP even where the data
    files keep them (``commented`` gives more than 20)."""
    from datetime import datetime
    from xml.etree import ElementTree

    text = page_file(public, url).read_text("utf-8")
    channel = ElementTree.fromstring(text).find("channel")
    assert channel is not None
    made: list[tuple[datetime, str, str, dict[str, Any]]] = []
    for doc in docs:
        wordpress = doc.get("wordpress", {})
        if doc.get("draft") or wordpress.get("type") in ARCHIVES:
            continue
        key = str(wordpress.get("comments", wordpress.get("id")))
        for c in threads.get(key, []):
            link = f"{unquote(str(doc[url_key]))}#comment-{c['id']}"
            guid = f"{wordpress['guid']}#comment-{c['id']}"
            made.append((datetime.fromisoformat(c["date"]), link, guid, c))
    made.sort(key=lambda m: m[0], reverse=True)
    assert len(made) > 20 and made[19][0] > made[20][0], "20 newest, no tie at the edge"
    items = channel.findall("item")
    links = [urlsplit(e.findtext("link") or "") for e in items]
    assert [f"{unquote(u.path)}#{u.fragment}" for u in links] == [m[1] for m in made[:20]]
    for entry, link, (_, _, guid, c) in zip(items, links, made, strict=False):
        assert page_file(public, link.path).is_file(), link
        assert entry.findtext("guid") == guid
        assert c["author"] in (entry.findtext("title") or "")
        assert entry.findtext("description") == c["content"]
        assert entry.findtext("pubDate")
    kept = [c for _, _, _, c in made if c.get("author_email") or c.get("author_ip")]
    assert kept, "the data files keep e-mails and IPs: the feed must leave them out"
    for c in kept:
        assert c.get("author_email", "@") not in text and c.get("author_ip", "%") not in text


def check_archive_feeds(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each month's, year's and author's page has its feed beside it (Hugo's index.xml,
    the skeleton's feed.xml in the others): RSS of the latest posts the page lists (all
    of them: no page lists more than 20 here), under their WordPress guids."""
    from xml.etree import ElementTree

    name = "index.xml" if url_key == "url" else "feed.xml"
    guids = {
        unquote(str(d[url_key])): d["wordpress"]["guid"]
        for d in docs
        if d["wordpress"]["type"] == "post" and not d.get("draft")
    }
    pages = [d for d in docs if d["wordpress"]["type"] in ("month", "year", "author")]
    shown_in: dict[str, set[str]] = {}
    for doc in pages:
        page = page_file(public, doc[url_key]).read_text("utf-8")
        listed = {unquote(u) for u in re.findall(r'<li><a href="([^"]+)"', page)}
        feed = page_file(public, str(doc[url_key]) + name)
        channel = ElementTree.fromstring(feed.read_bytes()).find("channel")
        assert channel is not None, feed
        items = channel.findall("item")
        shown = [unquote(urlsplit(e.findtext("link") or "").path) for e in items]
        assert len(listed) <= 20 and shown and set(shown) == listed, (feed, listed ^ set(shown))
        assert all(e.findtext("guid") == guids[u] for e, u in zip(items, shown, strict=True))
        shown_in[doc.get("period") or doc["title"]] = set(shown)
    # The sample's March 2010 feed holds its one post, 2010's March's and September's.
    assert [u for u in shown_in["2010-03"] if "medias-sociaux" in u] == list(shown_in["2010-03"])
    assert shown_in["2010"] == shown_in["2010-03"] | shown_in["2010-09"]
    assert sum(d["wordpress"]["type"] == "author" for d in pages) >= 2
