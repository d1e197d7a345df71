"""Archives of other taxonomies (post formats, a theme's series) and of the languages'
folders (Polylang's /fr/category/x/): which taxonomies have pages, their patterns, and
the old addresses. The links transform's cases are in ``fixtures/transforms/links.yaml``;
the builds in the site build tests (``check_term_pages``, ``check_post_terms``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_helpers import site
from wxr_builder import item, wxr

from wxr_tools.archives import Archives, LanguageFolders, base_of, old_paths, page_key, term_pattern
from wxr_tools.config import load_config
from wxr_tools.diagnostics import UsageError
from wxr_tools.model import Term
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions


def test_which_taxonomies_have_archives() -> None:
    assert [base_of(t) for t in ("category", "post_tag", "post_format")] == [
        "category",
        "tag",
        "type",
    ]
    assert base_of("series") == "series"  # register_taxonomy's default rewrite slug
    # Bookkeeping (menus, Polylang), names the front matter uses, names no key can be.
    for taxonomy in ("nav_menu", "language", "post_translations", "title", "tags", "Bad Name"):
        assert base_of(taxonomy) is None
    assert [page_key(t) for t in ("category", "post_tag", "series")] == [
        "categories",
        "tags",
        "series",
    ]
    patterns = {"category": "/c/{slug}/", "post_format": "", "other": "/{taxonomy}/{slug}/"}
    assert term_pattern(patterns, "category") == "/c/{slug}/"
    assert term_pattern(patterns, "post_tag") == ""  # WordPress's own: no fallback
    assert term_pattern(patterns, "post_format") == ""
    assert term_pattern(patterns, "series") == "/{taxonomy}/{slug}/"
    assert term_pattern({**patterns, "series": "/s/{slug}/"}, "series") == "/s/{slug}/"


def test_a_taxonomys_own_pattern_is_a_key_of_its_name(tmp_path: Path) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text('[links.archive_pattern]\nseries = "/columns/{slug}/"\n', "utf-8")
    patterns = load_config(config).section("links")["archive_pattern"]
    assert patterns["series"] == "/columns/{slug}/"
    assert patterns["other"] == "/{taxonomy}/{slug}/"  # the defaults stay
    config.write_text("[links.archive_pattern]\nseries = 3\n", "utf-8")
    with pytest.raises(UsageError, match="series must be a str"):
        load_config(config)


def test_a_languages_folder_is_learned_from_its_items_permalinks() -> None:
    folders = LanguageFolders("/blog/")
    folders.see("/blog/fr/essai/", "fr")
    folders.see("/blog/test/", "en")  # the site's language: no folder
    folders.see("/blog/de/hallo/", "de-ch")  # the language's primary subtag
    folders.see("/elsewhere/it/ciao/", "it")  # not below the blog
    folders.see("/blog/2010/03/x/", "es")
    assert folders.folders == {"fr": "fr", "de-ch": "de"}
    old = ["/blog/category/essai/", "/blog/?cat=2"]
    # A term of French posts only was only in the folder: that address first.
    assert folders.old_paths(old, ["fr"]) == ["/blog/fr/category/essai/", *old]
    # Of posts in two languages: in both, the site's own first.
    assert folders.old_paths(old, ["en", "fr"]) == [*old, "/blog/fr/category/essai/"]
    assert folders.old_paths(old, ["en", None]) == old


def test_polylang_archives_in_a_languages_folder_redirect(tmp_path: Path) -> None:
    def post(post_id: int, lang: str, slug: str, category: str) -> str:
        folder = "" if lang == "en" else f"{lang}/"
        terms = (
            f'<category domain="language" nicename="{lang}"><![CDATA[{lang}]]></category>'
            f'<category domain="category" nicename="{category}"><![CDATA[{category}]]></category>'
        )
        text = item(post_id, title=slug, more=terms).replace(f"hello-{post_id}", slug)
        return text.replace(f"/?p={post_id}</link>", f"/{folder}{slug}/</link>")

    export = tmp_path / "polylang.xml"
    export.write_bytes(wxr(post(1, "en", "hello", "news"), post(2, "fr", "bonjour", "nouvelles")))
    report = site(export, tmp_path / "out", redirects="csv")
    assert report.counts["category pages written"] == 2
    rows = (tmp_path / "out" / "redirects.csv").read_text("utf-8")
    assert "/fr/category/nouvelles/,/categories/nouvelles/" in rows
    assert "/category/nouvelles/,/categories/nouvelles/" in rows
    assert "/fr/2024/06/,/2024/06/" in rows  # a month with a French post
    assert "/fr/category/news/" not in rows  # an English term: no folder


def test_a_sites_own_archive_bases() -> None:
    """Settings > Permalinks' category base (a French blog's /rubrique/), WooCommerce's
    product-category: the export carries neither."""
    terms = [
        Term(taxonomy="category", slug="essai", name="Essai", id=3),
        Term(taxonomy="post_tag", slug="web", name="Web", id=4),
        Term(taxonomy="product_cat", slug="shoes", name="Shoes", id=5),
    ]
    archives = Archives(terms, {"category": "/rubrique/", "post_tag": "blog/sujet"})
    essai, web = archives.get("category", "essai"), archives.get("post_tag", "web")
    assert essai is not None and web is not None
    assert archives.base("category") == "rubrique"
    assert old_paths(essai, "/", "", archives.base("category")) == ["/rubrique/essai/", "/?cat=3"]
    assert old_paths(web, "/", "", archives.base("post_tag")) == ["/blog/sujet/web/", "/?tag=web"]
    # Links name the site's base, or WordPress's (written before the base changed).
    for segments in (
        ["rubrique", "essai"],
        ["category", "essai"],
        ["rubrique", "essai", "page", "2"],
    ):
        assert archives.by_segments(segments) == essai
    assert archives.by_segments(["blog", "sujet", "web"]) == web
    shoes = archives.get("product_cat", "shoes")
    assert shoes is not None
    assert old_paths(shoes, "/", "", archives.base("product_cat")) == [
        "/product-category/shoes/",
        "/?product_cat=shoes",
    ]
    assert archives.by_segments(["product-category", "shoes"]) == shoes
    assert archives.by_query({"product_cat": ["shoes"]}) == shoes
    assert Archives(terms).base("category") == "category"  # WordPress's by default
    assert Archives(terms).base("nav_menu") is None


def test_a_category_base_is_a_setting(tmp_path: Path) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text('[links.archive_base]\ncategory = "rubrique"\n', "utf-8")
    body = '<a href="https://example.org/rubrique/news/page/2/">older news</a>'
    terms = '<category domain="category" nicename="news"><![CDATA[News]]></category>'
    export = tmp_path / "base.xml"
    export.write_bytes(wxr(item(1, body=body, more=terms)))
    out = tmp_path / "out"
    options = Options(config=load_config(config), progress=False)
    convert(str(export), "markdown", str(out), options, WriteOptions(redirects="csv"))
    rows = (out / "redirects.csv").read_text("utf-8")
    assert "/rubrique/news/,/categories/news/" in rows
    assert "/category/news/," not in rows
    text = (out / "content" / "posts" / "hello-1" / "index.fr.md").read_text("utf-8")
    assert "[older news](/categories/news/)" in text
    config.write_text("[links.archive_base]\ncategory = 1\n", "utf-8")
    with pytest.raises(UsageError, match="category must be a str"):
        load_config(config)
