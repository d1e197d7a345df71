"""Comment threads as the four generators show them, in data files and inline.

A long-lived blog's threads hold replies to comments left out (spam, pending, trash),
to comments the export does not hold or that are on another post, cycles of parents,
threads deeper than WordPress's ten levels, and comments whose order in the export is
not their order in time (the export lists them in the database's order; WordPress
showed them oldest first). Each kept comment must show once, where WordPress put it,
the data file's ``depth`` the indent the page shows, its markup as WordPress showed it,
no template syntax executed and no commenter's address anywhere.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from unittest.mock import patch

import node_tools
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import site, site_build
from wxr_builder import item, wxr

from wxr_tools.model import Comment
from wxr_tools.writers.markdown import comments as comment_data
from wxr_tools.writers.markdown.comments import (
    inline,
    records,
    shown_url,
    thread,
)


def comment(
    cid: int,
    parent: int = 0,
    *,
    at: str = "",
    approved: str = "1",
    kind: str = "",
    text: str = "",
    url: str = "",
    author: str | None = None,
) -> str:
    """A comment of ``Reader <cid>`` (or ``author``) at ``at`` (HH:MM, local; GMT two hours before),
    its text ``Text of <cid>.`` unless given, with an e-mail and an IP."""
    at = at or f"10:{cid % 60:02d}"
    gmt = f"{int(at[:2]) - 2:02d}{at[2:]}"
    return (
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{f'Reader {cid}' if author is None else author}]]>"
        "</wp:comment_author>"
        f"<wp:comment_author_email>r{cid}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url>{url or f'https://reader.example/{cid}'}</wp:comment_author_url>"
        f"<wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>"
        f"<wp:comment_date>2024-06-06 {at}:00</wp:comment_date>"
        f"<wp:comment_date_gmt>2024-06-06 {gmt}:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text or f'Text of {cid}.'}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


TANGLED = [
    comment(10, at="10:00"),
    comment(11, 10, approved="spam"),
    comment(12, 11),  # its parent is spam: under 10
    comment(13, approved="0"),
    comment(14, 13),  # its parent is pending and top-level: top-level
    comment(15, 10, approved="trash"),
    comment(16, 15, at="10:05"),  # under 10, before 12 (older)
    comment(17, 999),  # a parent the export does not hold
    comment(18, 20, at="10:30"),  # a parent written after it
    comment(20),
    comment(21, 22),  # 21 and 22 are each other's parent: 21, the older, on top
    comment(22, 21),
    comment(25, 21),
    comment(23, 23),  # its own parent
    comment(24, 30),  # a parent on another post
    comment(9, at="09:00"),  # the oldest, written last
]
TANGLED_SHOWN = [
    (9, 0), (10, 0), (16, 1), (12, 1), (14, 0), (17, 0), (20, 0), (18, 1),
    (21, 0), (22, 1), (25, 1), (23, 0), (24, 0),
]  # fmt: skip
"""(id, depth) of the kept comments, in the order WordPress showed them."""

DEEP = [comment(100 + n, 100 + n - 1 if n else 0, at=f"11:{n:02d}") for n in range(14)]
DEEP.append(comment(120, 105, at="11:05"))  # 105's reply, older than 106
DEEP_SHOWN = [(100 + n, n) for n in range(6)] + [(120, 6)] + [(100 + n, n) for n in range(6, 14)]
LEVELS = 5
"""WordPress's default thread depth: the top level and four of replies; a deeper reply
shows at the fifth (its depth in the data stays the real one)."""

MARKUP = {
    # comment text → what each page must show of it (the HTML unescaped once)
    'See <a href="https://x.example/">this</a>, <code>x &lt; y</code> :)\nSecond line': (
        '<p>See <a href="https://x.example/">this</a>, <code>x < y</code> 🙂<br>\nSecond line</p>'
    ),
    "<blockquote>Quoted\nagain</blockquote>\nAnswer": (
        "<blockquote><p>Quoted<br>\nagain</p></blockquote>\n<p>Answer</p>"
    ),
    "Go to https://bare.example/p?a=1&b=2 now": (
        '<p>Go to <a href="https://bare.example/p?a=1&b=2" rel="nofollow">'
        "https://bare.example/p?a=1&b=2</a> now</p>"
    ),
    "Liquid {{ page.title }} {% include x.html %}, Hugo {{< shortcode >}} {{% md %}}": (
        "<p>Liquid {{ page.title }} {% include x.html %}, Hugo {{< shortcode >}} {{% md %}}</p>"
    ),
    "Nunjucks {# note #} {{ 7 * 6 }}, JSX {x} <code>{{ y }}</code>": (
        "<p>Nunjucks {# note #} {{ 7 * 6 }}, JSX {x} <code>{{ y }}</code></p>"
    ),
}
WORDS = [comment(500 + n, text=text) for n, text in enumerate(MARKUP)]
PINGS = [
    comment(301, kind="pingback", text="[&#8230;] a link to you [&#8230;]"),
    comment(302, kind="trackback", text="Tracked."),
]
LINKS = [
    comment(401, url="http://r401@example.org"),  # an address typed as the website
    comment(402, url="mailto:r402@example.org"),
    comment(403, url="javascript:alert(403)"),
    comment(404, url="www.reader404.example"),
    comment(405, author=""),  # WordPress called them "Anonymous", in the site's language
]


def export(tmp_path: Path) -> Path:
    items = [
        item(1, title="Tangled", more="".join(TANGLED)),
        item(2, title="Elsewhere", more=comment(30)),
        item(3, title="Deep", more="".join(DEEP)),
        item(4, title="Words", more="".join(WORDS)),
        item(5, title="Pings", more="".join(PINGS)),
        item(6, title="Links", more="".join(LINKS)),
    ]
    path = tmp_path / "threads.xml"
    path.write_bytes(wxr(*items))
    return path


# -- the data, without a build ------------------------------------------------------------


def test_thread_order_is_wordpress_order_with_cycles_and_repeated_ids() -> None:
    from datetime import datetime

    def c(cid: int, parent: int, hour: int) -> Comment:
        return Comment(id=cid, parent=parent, date_gmt=datetime(2024, 1, 1, hour))

    comments = (c(5, 6, 3), c(6, 5, 2), c(7, 5, 4), c(8, 0, 9), c(8, 0, 1), c(9, 8, 5))
    order, moved = thread(comments)
    shown = [(x.id, x.date_gmt.hour if x.date_gmt else 0, d) for x, d in order]
    # 6, the older of the cycle, on top, 5 under it and 7 under 5; both 8s, each once,
    # the reply under the first written.
    assert shown == [(8, 1, 0), (6, 2, 0), (5, 3, 1), (7, 4, 2), (8, 9, 0), (9, 5, 1)]
    assert moved == ["replies shown at the top level (a cycle of parents)"]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3) | st.none(),
            st.none() | st.datetimes(datetime(2024, 1, 1), datetime(2024, 1, 2)),
            st.none() | st.datetimes(datetime(2024, 1, 1), datetime(2024, 1, 2)),
        ),
        max_size=8,
    )
)
def test_comments_without_replies_take_the_walk_s_order(
    rows: list[tuple[int | None, datetime | None, datetime | None]],
) -> None:
    """Comments none of which is a reply skip the walk: in the order it gives."""
    comments = tuple(Comment(id=cid, parent=0, date=date, date_gmt=gmt) for cid, date, gmt in rows)
    # A reply to a comment that is not there: the walk's way, the same order otherwise.
    walked, _ = thread((*comments, Comment(id=99, parent=98)))
    assert thread(comments) == ([(c, d) for c, d in walked if c.id != 99], [])


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("https://a.example/", "https://a.example/"),
        ("  https://a.example/ ", "https://a.example/"),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("www.a.example", "http://www.a.example"),
        ("http://", ""),
        ("/local/", "/local/"),
        ("", ""),
        # Protocols esc_url() lets through: linked in both modes, not in the data alone.
        ("ftp://files.example/", "ftp://files.example/"),
        ("tel:+15550100", "tel:+15550100"),
        ("https://medium.example/@tom.smith", "https://medium.example/@tom.smith"),
        ("https://flickr.example/p/1234@N00/", "https://flickr.example/p/1234@N00/"),
        # An e-mail address is never published, whatever [privacy] emails keeps.
        ("mailto:a@example.org", ""),
        ("MAILTO:?to=", ""),
        ("http://tom@example.org", ""),
        ("tom@example.org", ""),
        ("//tom@example.org/", ""),
        ("https://user:secret@example.org/", ""),
        ("xmpp:tom@example.org", ""),
        ("https://a.example/?from=tom%40example.org", ""),
    ],
)
def test_author_links_are_those_wordpress_showed(typed: str, shown: str) -> None:
    assert shown_url(typed) == shown
    data = records_of(Comment(id=1, parent=0, author="Tom", author_url=typed))
    assert data[0]["author_url"] == shown  # what the data files' layouts link
    page = inline(data, "hugo", "en")
    links = re.findall(r'<a href="([^"]*)" rel="nofollow ugc">Tom</a>', page)
    assert links == ([html.escape(shown)] if shown else [])
    if not shown:
        assert "Tom" in page and "href" not in page  # the author's name, not linked


_AUTHOR_URLS = st.sampled_from(
    ["", "http://", "www.a.example", "mailto:a@example.org", "javascript:x", "/local/"]
) | st.text(alphabet="htps:/@.%40wexamplmo?#", max_size=24)


@given(st.lists(_AUTHOR_URLS, max_size=12))
def test_records_link_what_shown_url_says_through_its_bounded_memory(urls: list[str]) -> None:
    """``record`` remembers ``shown_url``'s answer per URL: the same answer for each
    URL, repeated or not, across the memory's starting over (kept small here)."""
    comments = [
        Comment(id=n, parent=0, author="A", author_url=url) for n, url in enumerate(urls, 1)
    ]
    with patch.object(comment_data, "_SHOWN_URLS_MAX", 3):
        comment_data._SHOWN_URLS.clear()
        first = [r["author_url"] for r in records_of(*comments)]
        again = [r["author_url"] for r in records_of(*comments)]
    comment_data._SHOWN_URLS.clear()
    assert first == again == [shown_url(url) for url in urls]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 7),
            st.none() | st.datetimes(datetime(2024, 1, 1), datetime(2024, 1, 2)),
        ),
        max_size=8,
    )
)
def test_threads_skip_the_cycle_search_only_where_it_finds_nothing(
    rows: list[tuple[int, datetime | None]],
) -> None:
    """Parents listed before their replies make no cycle: the walk is the same with the
    search run anyway (ids 1.., parents among them or missing, cycles or not)."""
    comments = tuple(
        Comment(id=n, parent=parent, date_gmt=gmt) for n, (parent, gmt) in enumerate(rows, 1)
    )
    shown = thread(comments)
    with patch.object(comment_data, "_may_cycle", lambda parent_of: True):
        assert thread(comments) == shown


def records_of(*comments: Comment) -> list[dict[str, object]]:
    from wxr_tools.model import Item

    return records(Item(id=1, comments=comments))[0]


def test_inline_comments_indent_five_levels_and_label_pings() -> None:
    from datetime import datetime

    chain = [
        Comment(id=n + 1, parent=n, author=f"R{n}", date_gmt=datetime(2024, 1, 1, n))
        for n in range(8)
    ]
    ping = Comment(id=20, parent=0, author="Elsewhere", type="trackback")
    page = inline(records_of(*chain, ping), "hugo", "de")
    margins = re.findall(r'depth-(\d+)" id="comment-\d+" style="margin-left: (\d+)em"', page)
    assert margins == [("0", "0")] + [(str(min(n, 4)), str(2 * min(n, 4))) for n in range(8)]
    assert '<p class="comment-meta">Pingback: Elsewhere</p>' in page
    assert page.count("Pingback") == 1


def test_data_files_hold_each_kept_comment_once_where_wordpress_showed_it(
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    report = site(export(tmp_path), out, flavor="eleventy")
    threads = {p.stem: json.loads(p.read_text("utf-8")) for p in (out / "_data/comments").iterdir()}
    assert [(c["id"], c["depth"]) for c in threads["1"]] == TANGLED_SHOWN
    assert [(c["id"], c["depth"]) for c in threads["3"]] == DEEP_SHOWN
    assert [c["type"] for c in threads["5"]] == ["pingback", "trackback"]
    assert [c["author_url"] for c in threads["6"]] == [
        "",
        "",
        "",
        "http://www.reader404.example",
        "https://reader.example/405",
    ]
    # read = written + excluded, each exclusion with its reason
    assert report.comments_read == 3 + len(TANGLED) + len(DEEP) + len(WORDS) + len(LINKS)
    assert report.comments_written == report.comments_read - 3
    assert dict(report.comments_excluded) == {
        "spam excluded": 1,
        "pending excluded": 1,
        "trash excluded": 1,
    }
    assert report.counts["replies re-attached (parent left out)"] == 3
    # 17 (its parent not in the export) and 24 (on another post); 23 (its own parent)
    # and 21 (the oldest of a cycle): each moved to the top level, and said so.
    assert report.counts["replies shown at the top level (parent not on their post)"] == 2
    assert report.counts["replies shown at the top level (a cycle of parents)"] == 2
    # The data keeps the real depth and parent of a reply deeper than the layouts show.
    assert [(c["depth"], c["parent"]) for c in threads["3"][-2:]] == [(12, 111), (13, 112)]
    assert report.counts["author URLs removed (an e-mail address, privacy)"] == 2


# -- the built sites ----------------------------------------------------------------------

BUILT = {"hugo": "public", "jekyll": "_site", "eleventy": "_site", "astro": "dist"}
PAGES = {"Tangled": 1, "Deep": 3, "Words": 4, "Pings": 5, "Links": 6}
ARTICLE = re.compile(
    r'<article class="comment comment-(\w+)[^"]*" id="comment-(\d+)" style="margin-left: (\d+)em"'
)


def built(flavor: str, comments: str, tmp_path: Path) -> Path:
    if flavor in ("eleventy", "astro"):
        reason = node_tools.missing(flavor)
        if reason is not None:
            pytest.skip(f"{flavor} site not built: {reason}")
    elif shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    out = tmp_path / "site"
    site(export(tmp_path), out, flavor=flavor, comments=comments)
    public = out / BUILT[flavor]
    if flavor in ("eleventy", "astro"):
        done = node_tools.build(flavor, out)
        assert done.returncode == 0, done.stdout + done.stderr
    else:
        site_build(flavor, out, public)
    return public


def shown(public: Path, post: int) -> str:
    """The post's page, its markup's character references read (as a browser does),
    ``<br />`` as ``<br>`` (Astro writes the latter)."""
    page = (public / f"2024/06/hello-{post}/index.html").read_text("utf-8")
    return html.unescape(page).replace("<br />", "<br>")


@pytest.mark.parametrize("comments", ["data", "inline"])
@pytest.mark.parametrize("flavor", sorted(BUILT))
def test_built_sites_show_every_comment_where_wordpress_did(
    flavor: str, comments: str, tmp_path: Path
) -> None:
    public = built(flavor, comments, tmp_path)
    for post, wanted in ((1, TANGLED_SHOWN), (3, DEEP_SHOWN)):
        page = shown(public, post)
        articles = ARTICLE.findall(page)
        indents = [(cid, min(depth, LEVELS - 1)) for cid, depth in wanted]
        assert [(int(i), int(m) // 2) for _, i, m in articles] == indents, (flavor, post)
        for cid, _ in wanted:
            assert page.count(f"Text of {cid}.") == 1, (flavor, cid)
    pings = shown(public, 5)
    assert [(k, i) for k, i, _ in ARTICLE.findall(pings)] == [
        ("pingback", "301"),
        ("trackback", "302"),
    ]
    assert "[…] a link to you […]" in pings
    # "Pingback:" before a pingback's or trackback's author, as WordPress's themes did,
    # in the page's language (French), not before a comment's.
    for cid in (301, 302):
        assert f'"comment-meta">Pingback\u00a0: <a href="https://reader.example/{cid}"' in pings
    assert "Pingback" not in shown(public, 6)
    words = shown(public, 4)
    for text in MARKUP.values():
        assert text in words, (flavor, text)
    links = shown(public, 6)
    assert [i for _, i, _ in ARTICLE.findall(links)] == ["401", "402", "403", "404", "405"]
    assert 'href="http://www.reader404.example"' in links
    assert '<a href="https://reader.example/405" rel="nofollow ugc">Anonyme</a>' in links
    for path in public.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".js"):
            text = path.read_text("utf-8", errors="replace")
            assert "@example.org" not in text and "192.0.2." not in text, path
            assert "javascript:alert" not in text, path
