"""Archives of other taxonomies (post formats, a theme's series) and of the languages'
folders (Polylang's /fr/category/x/): which taxonomies have pages, their patterns, and
the old addresses. The links transform's cases are in ``fixtures/transforms/links.yaml``;
the builds in the site build tests (``check_term_pages``, ``check_post_terms``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_helpers import site
from wxr_builder import item, wxr

from wxr_tools.archives import LanguageFolders, base_of, page_key, term_pattern
from wxr_tools.config import load_config
from wxr_tools.diagnostics import UsageError


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
