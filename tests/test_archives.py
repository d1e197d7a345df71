"""Archives and feeds: old addresses, their pages, Hugo's names for terms.

The links transform's cases are in ``fixtures/transforms/links.yaml``; the real builds
(every term page at its URL, listing its posts, its old addresses redirecting) in the
site build tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import SAMPLE, site, site_build, written_documents
from wxr_builder import item, wxr

from wxr_tools.archives import (
    Archive,
    Archives,
    Front,
    new_url,
    old_paths,
    period_old_paths,
    period_url,
)
from wxr_tools.config import load_config
from wxr_tools.model import Term
from wxr_tools.writers.files import is_unsafe
from wxr_tools.writers.markdown.termpages import hugo_key

TERMS = [
    Term(id=3, taxonomy="category", slug="security"),
    Term(id=4, taxonomy="category", slug="xss", parent="security"),
    Term(id=5, taxonomy="category", slug="stored", parent="xss"),
    Term(id=6, taxonomy="post_tag", slug="caf%C3%A9", name="Café"),
    Term(id=7, taxonomy="post_format", slug="post-format-aside"),
    Term(id=10, taxonomy="nav_menu", slug="main-menu"),
    Term(id=11, taxonomy="series", slug="columns", name="Columns"),
    # A cycle (a broken export): cut, not followed for ever.
    Term(id=8, taxonomy="category", slug="egg", parent="hen"),
    Term(id=9, taxonomy="category", slug="hen", parent="egg"),
]


def test_a_category_knows_its_parents_and_a_tag_its_decoded_slug() -> None:
    archives = Archives(TERMS)
    assert archives.get("category", "stored") == Archive(
        "category", "stored", ("security", "xss"), 5
    )
    assert archives.get("post_tag", "CAF%c3%a9") == Archive("post_tag", "café", (), 6, "Café")
    # A post format's key is its archive's: /type/aside/.
    aside = Archive("post_format", "aside", (), 7)
    assert archives.get("post_format", "post-format-aside") == aside
    assert archives.get("series", "columns") == Archive("series", "columns", (), 11, "Columns")
    assert archives.get("nav_menu", "main-menu") is None  # a menu: no archive
    assert archives.get("category", "egg") == Archive("category", "egg", ("hen",), 8)


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("category/security/xss/stored", "stored"),
        ("category/stored", "stored"),
        ("archives/category/xss/page/2", "xss"),
        ("blog/category/xss/feed/rss2", "xss"),
        ("tag/café/feed", "café"),
        ("category", None),
        ("category/page/2", None),  # WordPress's own category page list: no term
        ("category/nothing", None),
        ("tags/café", None),  # not WordPress's base
        ("type/aside", "aside"),  # a post format's archive
        ("archives/series/columns/page/3", "columns"),  # a taxonomy's own, by its name
        ("main-menu/nav_menu", None),  # a menu has no archive
    ],
)
def test_an_archive_path_names_its_term(path: str, slug: str | None) -> None:
    found = Archives(TERMS).by_segments(path.split("/"))
    assert (found.slug if found else None) == slug


def test_an_archive_query_names_its_term() -> None:
    archives = Archives(TERMS)
    xss = archives.get("category", "xss")
    assert archives.by_query({"cat": ["4"]}) == xss
    assert archives.by_query({"category_name": ["security/xss"]}) == xss
    assert archives.by_query({"tag": ["caf%c3%a9"]}) == archives.get("post_tag", "café")
    assert archives.by_query({"tag": ["café xss"]}) is None  # "+": two tags at once
    assert archives.by_query({"cat": ["99"]}) is None
    assert archives.by_query({"cat": ["-4"]}) is None  # every category but one
    assert archives.by_query({"post_format": ["aside"]}) == archives.get("post_format", "aside")
    assert archives.by_query({"series": ["columns"]}) == archives.get("series", "columns")
    assert archives.by_query({"nav_menu": ["main-menu"]}) is None


def test_old_addresses_behind_the_blogs_folder_and_front() -> None:
    archives = Archives(TERMS)
    stored = archives.get("category", "stored")
    assert stored is not None
    assert old_paths(stored, "/blog/", "archives/") == [
        "/blog/archives/category/security/xss/stored/",
        "/blog/archives/category/stored/",
        "/blog/?cat=5",
    ]
    tag = archives.get("post_tag", "café")
    assert tag is not None
    assert old_paths(tag, "/", "") == ["/tag/café/", "/?tag=café"]
    aside, columns = archives.get("post_format", "aside"), archives.get("series", "columns")
    assert aside is not None and columns is not None
    assert old_paths(aside, "/", "archives/") == ["/archives/type/aside/", "/?post_format=aside"]
    assert old_paths(columns, "/", "") == ["/series/columns/", "/?series=columns"]


def test_new_url_from_the_pattern() -> None:
    archives = Archives(TERMS)
    stored, tag = archives.get("category", "stored"), archives.get("post_tag", "café")
    assert stored is not None and tag is not None
    assert new_url("/categories/{slug}/", stored) == "/categories/stored/"
    assert new_url("/topics/{path}/", stored, "https://new.example") == (
        "https://new.example/topics/security/xss/stored/"
    )
    assert new_url("/tags/{slug}/", tag) == "/tags/caf%C3%A9/"  # encoded, as item URLs


@pytest.mark.parametrize(
    ("links", "front"),
    [
        (["/archives/2019/06/a/", "/archives/2020/01/b/"], "archives/"),
        (["/2019/06/a/", "/2020/01/b/"], ""),
        (["/a/", "/b/"], ""),  # /%postname%/
        (["/news/a/", "/b/"], ""),  # not every post
        (["/Blog/a/", "/blog/b/"], "blog/"),
        (["/elsewhere/2019/a/"], ""),  # below another blog's folder: not this one's
    ],
)
def test_the_front_is_what_every_post_path_starts_with(links: list[str], front: str) -> None:
    found = Front("/" if not links[0].startswith("/elsewhere") else "/blog")
    for link in links:
        found.see(link)
    assert found.value == front


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # What Hugo 0.111 (Debian's) made of them: the site build tests check them too.
        ("Médias sociaux", "médias-sociaux"),
        ("C++ & Go", "c++-go"),
        ("Node.js", "node.js"),
        ("  Two  spaces ", "two-spaces"),
        ("日本語", "日本語"),
        ("50% off", "50-off"),
        ("100%25", "100%25"),
        ("a/b", "a/b"),
        ("Ça !", "ça"),
        ("x²", "x"),  # a superscript is no decimal digit
    ],
)
def test_hugo_key(name: str, key: str) -> None:
    assert hugo_key(name) == key


@given(st.text(max_size=30))
def test_hugo_key_is_lower_case_with_no_white_space(name: str) -> None:
    key = hugo_key(name)
    assert key == key.lower()
    assert not any(ch.isspace() for ch in key)


def test_a_term_named_as_a_path_out_gets_no_page(tmp_path: Path) -> None:
    terms = (
        '\t\t<category domain="category" nicename="up"><![CDATA[../../../etc]]></category>\n'
        '\t\t<category domain="category" nicename="back"><![CDATA[a\\b]]></category>\n'
        '\t\t<category domain="post_tag" nicename="net"><![CDATA[.NET]]></category>\n'
        '\t\t<category domain="post_tag" nicename="fine"><![CDATA[Fine]]></category>\n'
    )
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=terms)))
    out = tmp_path / "site"
    report = site(export, out)
    (found,) = [d.message for d in report.diagnostics if d.code == "WXR416"]
    assert "content/categories/a\\b/" in found
    assert report.counts["tag pages written"] == 2
    # Hugo would key the name "../../../etc" out of its taxonomy: the posts name it by
    # its path, each ".." made "--", where its page is.
    (post,) = written_documents(out, "content/posts")
    assert post["categories"] == ["--/--/--/etc", "a\\b"]
    (up,) = written_documents(out, "content/categories")
    assert (up["title"], up["url"]) == ("../../../etc", "/categories/up/")
    assert all(not is_unsafe(p.relative_to(out).as_posix()) for p in out.rglob("*"))
    docs = written_documents(out, "content/tags")
    # Hugo skips a folder named ".net": the page is in "net" and lists the posts of
    # the term ".net" as a parent category's page lists its subcategories'.
    assert [(d["url"], d.get("also")) for d in docs] == [
        ("/tags/fine/", None),
        ("/tags/net/", [".net"]),
    ]


def test_two_names_hugo_makes_one_term_of_share_the_first_page(tmp_path: Path) -> None:
    terms = (
        '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
        '\t\t<category domain="category" nicename="news-2"><![CDATA[news]]></category>\n'
    )
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=terms)))
    report = site(export, tmp_path / "hugo", redirects="csv")
    (found,) = [d.message for d in report.diagnostics if d.code == "WXR416"]
    assert found == "category 'news': Hugo makes one term of it and 'News': its addresses " + (
        "redirect to /categories/news/"
    )
    (doc,) = written_documents(tmp_path / "hugo", "content/categories")
    # The second's new URL (where links to it were rewritten) and old ones send there.
    assert doc["url"] == "/categories/news/"
    assert doc["aliases"] == ["/category/news/", "/categories/news-2/", "/category/news-2/"]
    rules = (tmp_path / "hugo/redirects.csv").read_text()
    assert "/category/news-2/,/categories/news/" in rules
    # Jekyll names the files itself: both pages, and their feeds beside them.
    report = site(export, tmp_path / "jekyll", flavor="jekyll")
    assert report.counts["category pages written"] == 2
    names = sorted(p.name for p in (tmp_path / "jekyll/_pages/categories").iterdir())
    assert names == ["news-2.feed.xml", "news-2.md", "news.feed.xml", "news.md"]


@pytest.mark.parametrize(
    ("flavor", "switch"),
    [
        ("hugo", None),
        ("jekyll", "render_with_liquid: false"),
        ("eleventy", "templateEngineOverride"),
    ],
)
def test_a_terms_description_is_its_pages_text(
    flavor: str, switch: str | None, tmp_path: Path
) -> None:
    channel = (
        "\t<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
        "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name>"
        "<wp:category_description><![CDATA[First {{ x }} line\n\nSecond <em>line</em>]]>"
        "</wp:category_description></wp:category>\n"
    )
    terms = '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=terms), channel=channel))
    out = tmp_path / "site"
    site(export, out, flavor=flavor)
    (page,) = [p for p in out.rglob("*.md") if "categories" in p.parts]
    text = page.read_text("utf-8")
    body = text.split("---\n", 2)[2]
    # Two paragraphs (WordPress showed it through wpautop); template syntax shown as text.
    assert "line\n\nSecond *line*" in body
    if switch is None:
        assert "First {{ x }} line" in body  # Hugo runs no template in a page's text
    else:
        assert switch in text


def test_old_feeds_redirect_to_the_new_ones_in_the_map(tmp_path: Path) -> None:
    terms = '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=terms)))
    for flavor, feed, term_feed in (
        ("hugo", "/index.xml", "/categories/news/index.xml"),  # Hugo makes term feeds
        ("jekyll", "/feed.xml", "/categories/news/feed.xml"),  # the skeleton's
    ):
        out = tmp_path / flavor
        site(export, out, flavor=flavor, redirects="csv")
        rules = dict(row.split(",")[:2] for row in (out / "redirects.csv").read_text().split())
        assert rules["/feed/"] == rules["/feed/atom/"] == rules["/?feed=rss2"] == feed
        assert rules.get("/category/news/feed/") == term_feed
        assert rules["/category/news/"] == "/categories/news/"
        # WordPress's sitemap and Yoast's go to the new one (Hugo's, the skeleton's).
        assert rules["/wp-sitemap.xml"] == rules["/sitemap_index.xml"] == "/sitemap.xml"


def test_a_parent_category_lists_its_subcategories_posts(tmp_path: Path) -> None:
    channel = "".join(
        f"\t<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{slug}"
        f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
        f"<wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>\n"
        for n, slug, parent, name in (
            (3, "security", "", "Security"),
            (4, "xss", "security", "Cross-site scripting"),
            (5, "stored", "xss", "Stored XSS"),
        )
    )
    stored = '\t\t<category domain="category" nicename="stored"><![CDATA[Stored XSS]]></category>\n'
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, more=stored), channel=channel))
    # Only subcategories that posts carry are named ("Cross-site scripting" has none).
    for flavor, folder, also in (
        ("hugo", "content/categories", ["stored-xss"]),  # Hugo's key for the name
        ("jekyll", "_pages/categories", ["Stored XSS"]),
    ):
        report = site(export, tmp_path / flavor, flavor=flavor)
        # No post of its own, but a page (WordPress listed the subcategories' posts).
        assert report.counts["category pages written"] == 3
        docs = {d["title"]: d for d in written_documents(tmp_path / flavor, folder)}
        assert docs["Security"]["also"] == also
        assert docs["Cross-site scripting"]["also"] == also
        assert "also" not in docs["Stored XSS"]


def test_date_archive_addresses_and_pages() -> None:
    assert period_old_paths(2010, 3, "/blog/", "archives/") == [
        "/blog/archives/2010/03/",
        "/blog/?m=201003",
    ]
    assert period_old_paths(2010, None, "/", "") == ["/2010/", "/?m=2010"]
    assert period_url("/{yyyy}/{mm}/", 2010, 3, "https://new.example") == (
        "https://new.example/2010/03/"
    )
    assert period_url("/archive/{yyyy}/", 2010, None) == "/archive/2010/"


def test_month_and_year_pages_and_their_old_addresses(tmp_path: Path) -> None:
    posts = [
        item(1).replace("2024-06-05 18:04:48", "2010-03-15 10:00:00"),
        item(2).replace("2024-06-05 18:04:48", "2010-03-31 23:30:00"),  # local day
        item(3, status="draft").replace("2024-06-05 18:04:48", "2011-01-01 10:00:00"),
        item(4, post_type="page").replace("2024-06-05 18:04:48", "2012-01-01 10:00:00"),
    ]
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(*posts))
    out = tmp_path / "jekyll"
    report = site(export, out, flavor="jekyll", redirects="csv")
    # Posts only, published only (WordPress's date archives list no page, no draft).
    assert (report.counts["month pages written"], report.counts["year pages written"]) == (1, 1)
    docs = {d["period"]: d for d in written_documents(out, "_pages/dates")}
    assert docs["2010-03"]["permalink"] == "/2010/03/" and docs["2010"]["period"] == "2010"
    # Titled as the site's language (French) writes a month; a year, its number.
    assert (docs["2010-03"]["title"], docs["2010"]["title"]) == ("mars 2010", "2010")
    assert "redirect_from" not in docs["2010-03"]  # WordPress's address is the page's own
    rules = dict(row.split(",")[:2] for row in (out / "redirects.csv").read_text().split())
    assert rules["/?m=201003"] == rules["/2010/03/15/"] == rules["/2010/03/31/"] == "/2010/03/"
    assert rules["/?m=2010"] == "/2010/"
    # No pattern, no page (and links to them are kept: the links transform's cases).
    config = tmp_path / "wxr.toml"
    config.write_text('[links.archive_pattern]\nmonth = ""\nyear = ""\n')
    from wxr_tools.pipeline import Options, convert
    from wxr_tools.writers import WriteOptions

    options = Options(config=load_config(config), progress=False)
    report = convert(str(export), "markdown", str(tmp_path / "none"), options, WriteOptions())
    assert report.counts["month pages written"] == report.counts["year pages written"] == 0


def test_an_items_page_keeps_its_url_from_a_year_page(tmp_path: Path) -> None:
    post = item(1).replace("2024-06-05 18:04:48", "2010-03-15 10:00:00")
    page = item(2, post_type="page").replace("hello-2", "2010")  # WordPress: /2010/ too
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(post, page))
    report = site(export, tmp_path / "site")
    (found,) = [d.message for d in report.diagnostics if d.code == "WXR416"]
    assert found == "year 2010: /2010/ is an item's page: the year has none"
    assert report.counts["month pages written"] == 1 and not report.counts["year pages written"]


def test_other_targets_keep_archive_links_unless_told_where_theirs_are(tmp_path: Path) -> None:
    from wxr_tools.pipeline import Options, convert

    terms = '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
    body = '<p><a href="https://example.org/category/news/">news</a></p>'
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, body=body, more=terms)))
    out = tmp_path / "out.json"
    convert(str(export), "json", str(out), Options(progress=False))
    assert "/categories/news/" not in out.read_text()  # no such page there: kept
    config = tmp_path / "wxr.toml"
    config.write_text('[links.archive_pattern]\ncategory = "/tag/{slug}/"\n')  # Ghost's
    convert(str(export), "json", str(out), Options(config=load_config(config), progress=False))
    assert 'href=\\"/tag/news/\\"' in out.read_text()  # the transformed HTML


def test_a_one_author_blogs_author_archive_redirects_home(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1)))
    out = tmp_path / "site"
    site(export, out, redirects="csv")
    rules = dict(row.split(",")[:2] for row in (out / "redirects.csv").read_text().split())
    assert rules["/author/admin/"] == "/"  # the home page lists every post, as it did
    authors = "".join(
        f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login><![CDATA[{login}]]>"
        "</wp:author_login></wp:author>\n"
        for n, login in ((1, "admin"), (2, "tom"))
    )
    two = wxr(item(1), channel=authors)
    export.write_bytes(two)
    site(export, tmp_path / "two", redirects="csv")
    assert "/author/admin/,/authors/admin/" in (tmp_path / "two/redirects.csv").read_text()


def test_with_several_authors_each_author_of_a_post_has_a_page(tmp_path: Path) -> None:
    """WordPress's /author/x/ and ?author=ID: a page per author who wrote a published
    post, listing their posts (by the name the posts give), the old addresses its
    aliases and redirects; an author with no post, or only a draft, has none."""
    authors = "".join(
        f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login><![CDATA[{login}]]>"
        f"</wp:author_login><wp:author_display_name><![CDATA[{name}]]></wp:author_display_name>"
        "</wp:author>\n"
        for n, login, name in ((1, "admin", "Ada Admin"), (2, "Tom W", "Tom"), (3, "zoe", "Zoé"))
    )
    items = (
        item(1),
        item(2).replace("[admin]", "[Tom W]"),
        item(3, status="draft").replace("[admin]", "[zoe]"),
        item(4, post_type="page").replace("[admin]", "[zoe]"),
    )
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(*items, channel=authors))
    out = tmp_path / "site"
    report = site(export, out, redirects="csv")
    assert report.counts["author pages written"] == 2
    pages = {p.parent.name: p.read_text("utf-8") for p in out.glob("content/authors/*/_index.md")}
    assert set(pages) == {"admin", "tom-w"}
    assert (
        "title: Tom\nurl: /authors/tom-w/\nby: Tom\naliases:\n- /author/tom-w/\n" in pages["tom-w"]
    )
    assert "layout: author" in pages["admin"]
    rules = dict(row.split(",")[:2] for row in (out / "redirects.csv").read_text().split())
    assert rules["/author/tom-w/"] == rules["/?author=2"] == "/authors/tom-w/"
    assert rules["/?author=1"] == "/authors/admin/"
    assert "/author/zoe/" not in rules and "/?author=3" not in rules
    post = next(out.glob("content/posts/*2/index.*.md")).read_text("utf-8")
    assert "\nauthor: Tom\n" in post  # what the page's layout matches: its "by"


@pytest.mark.parametrize(("flavor", "feed"), [("hugo", "/index.xml"), ("jekyll", "/feed.xml")])
def test_the_feed_links_are_absolute_with_the_sites_address(
    flavor: str, feed: str, tmp_path: Path
) -> None:
    """RSS wants absolute links: with ``[links] base_url`` the skeleton gives the
    generator the site's address (Hugo's baseURL, Jekyll's url; site.json elsewhere)."""
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    from xml.etree import ElementTree

    from wxr_tools.pipeline import Options, convert
    from wxr_tools.writers import WriteOptions

    config = tmp_path / "wxr.toml"
    config.write_text('[links]\nbase_url = "https://new.example.org"\n')
    out, public = tmp_path / "site", tmp_path / "public"
    options = Options(config=load_config(config), progress=False)
    convert(str(SAMPLE), "markdown", str(out), options, WriteOptions(flavor=flavor))
    site_build(flavor, out, public)
    channel = ElementTree.fromstring((public / feed.strip("/")).read_bytes()).find("channel")
    assert channel is not None and channel.findtext("link") == "https://new.example.org/"
    links = [entry.findtext("link") or "" for entry in channel.findall("item")]
    assert links and all(link.startswith("https://new.example.org/") for link in links)
    for link in links:  # and the pages are where the links say
        assert (public / link.removeprefix("https://new.example.org/") / "index.html").is_file()
