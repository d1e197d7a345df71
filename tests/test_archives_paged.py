"""The old archives' later pages (WordPress's ``/page/2/``, ``/category/x/page/3/``,
``?cat=3&paged=2``) and the languages' homes (Polylang's ``/fr/``) in the redirect maps:
the new archive pages list every post on one page, so each old page sends there."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from markdown_helpers import site
from wxr_builder import item, wxr

from wxr_tools.archives import Front, paged_paths
from wxr_tools.config import Config, load_config
from wxr_tools.diagnostics import UsageError
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions

CATEGORY = (
    "<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>news</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name>"
    "</wp:category>\n"
)


def test_later_pages_of_paths_and_queries() -> None:
    old = ["/category/news/", "/?cat=7"]
    assert paged_paths(old, 21, 10, queries=False) == [
        "/category/news/page/2/",
        "/category/news/page/3/",
    ]
    assert paged_paths(old, 20, 10, queries=True) == ["/category/news/page/2/", "/?cat=7&paged=2"]
    assert paged_paths(["/", "/?"], 11, 10, queries=True) == ["/page/2/", "/?paged=2"]
    assert paged_paths(old, 10, 10, queries=True) == []  # one page: nothing later
    assert paged_paths(old, 500, 0, queries=True) == []  # 0: none wanted
    assert len(paged_paths(old, 95, 5, queries=False)) == 18  # pages 2 to 19


def test_plain_permalinks_are_learned_from_the_posts() -> None:
    front = Front("/")
    front.see("/", "p=12")
    assert front.plain and front.value == ""
    pretty = Front("/")
    pretty.see("/2010/03/hello/", "")
    assert not pretty.plain


def _export(tmp_path: Path, posts: int, pretty: bool) -> Path:
    def post(n: int) -> str:
        terms = '<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
        text = item(n, title=f"Post {n}", more=terms)
        if pretty:
            text = text.replace(f"/?p={n}</link>", f"/2024/06/hello-{n}/</link>")
        return text

    export = tmp_path / "paged.xml"
    export.write_bytes(wxr(*(post(n) for n in range(1, posts + 1)), channel=CATEGORY))
    return export


def _rules(out: Path) -> dict[str, str]:
    with (out / "redirects.csv").open(encoding="utf-8", newline="") as f:
        return {row["from"]: row["to"] for row in csv.DictReader(f)}


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_plain_permalinks_later_pages_redirect(tmp_path: Path, flavor: str) -> None:
    report = site(
        _export(tmp_path, 23, pretty=False), tmp_path / "out", flavor=flavor, redirects="csv"
    )
    assert report.items_written["post"] == 23
    rules = _rules(tmp_path / "out")
    for n in (2, 3):  # 23 posts, ten a page: pages 2 and 3
        assert rules[f"/page/{n}/"] == "/"
        assert rules[f"/?paged={n}"] == "/"
        assert rules[f"/category/news/page/{n}/"] == "/categories/news/"
        assert rules[f"/?cat=7&paged={n}"] == "/categories/news/"
        assert rules[f"/2024/06/page/{n}/"] == "/2024/06/"
        assert rules[f"/2024/page/{n}/"] == "/2024/"
        assert rules[f"/author/admin/page/{n}/"] == "/"  # one author: the home
    assert not any("page/4/" in source or "paged=4" in source for source in rules)


def test_pretty_permalinks_have_no_query_pages(tmp_path: Path) -> None:
    site(_export(tmp_path, 12, pretty=True), tmp_path / "out", flavor="jekyll", redirects="csv")
    rules = _rules(tmp_path / "out")
    assert rules["/page/2/"] == "/"
    assert rules["/category/news/page/2/"] == "/categories/news/"
    assert "/?paged=2" not in rules
    assert "/?cat=7&paged=2" not in rules


def test_posts_per_page_is_a_setting(tmp_path: Path) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text("[links]\nposts_per_page = 4\n", "utf-8")
    export = _export(tmp_path, 12, pretty=True)
    out = tmp_path / "four"
    options = Options(config=load_config(config), progress=False)
    convert(str(export), "markdown", str(out), options, WriteOptions(redirects="csv"))
    rules = _rules(out)
    assert {f"/page/{n}/" for n in (2, 3)} <= set(rules) and "/page/4/" not in rules
    config.write_text("[links]\nposts_per_page = 0\n", "utf-8")
    out = tmp_path / "none"
    options = Options(config=load_config(config), progress=False)
    convert(str(export), "markdown", str(out), options, WriteOptions(redirects="csv"))
    assert not any("/page/" in source for source in _rules(out))
    config.write_text("[links]\nposts_per_page = -1\n", "utf-8")
    with pytest.raises(UsageError, match="posts_per_page must be 0 or more"):
        load_config(config)
    assert Config().section("links")["posts_per_page"] == 10  # WordPress's default


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_a_languages_folder_home_redirects(tmp_path: Path, flavor: str) -> None:
    """Polylang's /en/ (the site is French): Hugo has a home for English there, where
    its later pages go, the others send it to the home, which lists every language's
    posts."""

    def post(n: int, lang: str) -> str:
        folder = "" if lang == "fr" else f"{lang}/"
        term = f'<category domain="language" nicename="{lang}"><![CDATA[{lang}]]></category>'
        text = item(n, title=f"Post {n}", more=term)
        return text.replace(f"/?p={n}</link>", f"/{folder}hello-{n}/</link>")

    export = tmp_path / "polylang.xml"
    export.write_bytes(wxr(*(post(n, "en" if n % 2 else "fr") for n in range(1, 25))))
    site(export, tmp_path / "out", flavor=flavor, redirects="csv")
    rules = _rules(tmp_path / "out")
    english = "/en/" if flavor == "hugo" else "/"
    if flavor == "hugo":
        assert "/en/" not in rules  # Hugo's English home
    else:
        assert rules["/en/"] == "/"
    assert "/fr/" not in rules  # French had no folder
    assert rules["/en/page/2/"] == english
    assert rules["/page/3/"] == "/"
