"""Links to a language's home page and feed (Polylang's ``/en/``, ``/en/feed/``; the
query mode's ``/?lang=en``, ``/feed/?lang=en``) go to that language's on the new site
(``wxr_tools.langhomes``): Hugo's ``/en/`` and ``/en/index.xml``, the other flavors'
home and feed, which list every language. The redirect maps send the same old
addresses to the same places; with ``--lang`` a language the run leaves out goes to its
site (``lang_base_urls``). The built Hugo and Jekyll sites have no dead link, and the
translations of Polylang's "Home" and "Accueil" pages link each other, as Hugo's
language homes do."""

from __future__ import annotations

import csv
import html
import re
import shutil
from pathlib import Path

import pytest
from link_helpers import dead_links
from markdown_helpers import check_translations, page_file, site, site_build, written_documents
from test_lang_sites import FR, _config
from wxr_builder import item, language, wxr

from wxr_tools.feedurls import new_feeds
from wxr_tools.langhomes import language_home, old_language_queries, site_language
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import Filters, WriteOptions

NEWS = '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
GROUP = '\t\t<category domain="post_translations" nicename="pll_home"><![CDATA[x]]></category>\n'
LINKS = {
    # old address -> (Hugo's, Jekyll's) new one; the site is French, English in /en/
    "/en/": ("/en/", "/"),
    "https://example.org/en/": ("/en/", "/"),
    "/en/page/2/": ("/en/", "/"),
    "/en/feed/": ("/en/index.xml", "/feed.xml"),
    "/en/feed/atom/": ("/en/index.xml", "/feed.xml"),
    "/en/comments/feed/": ("/comments/index.xml", "/comments/feed.xml"),
    "/en/category/news/feed/": ("/categories/news/index.xml", "/categories/news/feed.xml"),
    "/?lang=en": ("/en/", "/"),
    "/?lang=en&amp;feed=rss2": ("/en/index.xml", "/feed.xml"),
    "/?feed=atom&amp;lang=en": ("/en/index.xml", "/feed.xml"),
    "/feed/?lang=en": ("/en/index.xml", "/feed.xml"),
    "/?lang=fr": ("/", "/"),
    "/feed/?lang=fr": ("/index.xml", "/feed.xml"),
}


def _item(n: int, lang: str, slug: str, body: str, more: str = NEWS, kind: str = "post") -> str:
    text = item(n, title=slug.title(), body=body, post_type=kind, more=language(lang) + more)
    folder = "en/" if lang == "en" else ""
    dated = "2024/06/" if kind == "post" else ""
    return text.replace(f"/?p={n}</link>", f"/{folder}{dated}{slug}/</link>")


def _export(tmp_path: Path) -> Path:
    """A French site with English posts in /en/ (Polylang), each linking to the
    languages' homes and feeds; a French and an English home page, translations."""
    body = "".join(f'<p><a href="{old}">link {n}</a></p>\n' for n, old in enumerate(LINKS))
    path = tmp_path / "polylang.xml"
    items = (
        _item(1, "fr", "bonjour", body),
        _item(2, "en", "hello", body),
        _item(3, "fr", "accueil", "<p>Bienvenue</p>", GROUP, "page"),
        _item(4, "en", "home", "<p>Welcome</p>", GROUP, "page"),
    )
    path.write_bytes(wxr(*items))
    return path


def _links(out: Path, slug: str) -> list[str]:
    """The link targets of the written post whose slug is ``slug``."""
    (post,) = [p for p in out.rglob("*.md") if slug in str(p) and "posts" in str(p)]
    return re.findall(r"\]\(([^)\s]*)\)", post.read_text("utf-8"))


def _rules(out: Path) -> dict[str, str]:
    with (out / "redirects.csv").open(encoding="utf-8", newline="") as f:
        return {row["from"]: row["to"] for row in csv.DictReader(f)}


def test_a_languages_home_and_feed_on_each_flavor() -> None:
    hugo, jekyll = new_feeds("markdown", "hugo", "data"), new_feeds("markdown", "jekyll", "data")
    assert hugo is not None and jekyll is not None
    assert language_home(hugo, "en", "fr") == ("/en/", "/en/index.xml")
    assert language_home(hugo, "pt_BR", "fr") == ("/pt-br/", "/pt-br/index.xml")
    assert language_home(hugo, "fr", "fr") == ("/", "/index.xml")
    assert language_home(jekyll, "en", "fr") == ("/", "/feed.xml")
    ghost = new_feeds("ghost", "", "")
    assert ghost is not None and language_home(ghost, "en", "fr") == ("/", "/rss/")
    assert site_language("fr-FR") == "fr" and site_language("") == "en"
    homes, feeds, comments = old_language_queries("/blog/", "fr")
    assert homes == ["/blog/?lang=fr"]
    assert {"/blog/feed/?lang=fr", "/blog/?feed=rss2&lang=fr", "/blog/?lang=fr&feed=rss2"} <= set(
        feeds
    )
    assert "/blog/comments/feed/?lang=fr" in comments


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_the_links_and_the_redirect_map_agree(tmp_path: Path, flavor: str) -> None:
    out = tmp_path / "site"
    report = site(_export(tmp_path), out, flavor=flavor, redirects="csv")
    assert report.counts["internal links unresolved"] == 0
    wanted = [new[flavor == "jekyll"] for new in LINKS.values()]
    assert _links(out, "hello-1") == wanted
    assert _links(out, "hello-2") == wanted
    rules = _rules(out)
    for old, new in zip(LINKS, wanted, strict=True):
        path = html.unescape(old).removeprefix("https://example.org")
        if path != new and "/page/" not in path:  # Hugo's /en/ is its own; few posts
            assert rules[path] == new, path


def test_with_lang_the_other_languages_home_is_on_its_site(tmp_path: Path) -> None:
    out = tmp_path / "en"
    config = _config(tmp_path, f'[links]\nlang_base_urls = {{ fr = "{FR}" }}\n')
    options = Options(config=config, progress=False)
    filters = Filters(langs=frozenset({"en"}))
    convert(str(_export(tmp_path)), "markdown", str(out), options, WriteOptions(), filters)
    found = dict(zip(LINKS, _links(out, "hello-2"), strict=True))
    assert found["/en/feed/"] == "/en/index.xml"  # this site's
    assert found["/?lang=fr"] == f"{FR}/"  # the French site's: its home, its feed
    assert found["/feed/?lang=fr"] == f"{FR}/index.xml"


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_the_built_sites_links_lead_somewhere(tmp_path: Path, flavor: str) -> None:
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    out, public = tmp_path / "site", tmp_path / "public"
    site(_export(tmp_path), out, flavor=flavor)
    site_build(flavor, out, public)
    assert dead_links(public) == []
    key = "url" if flavor == "hugo" else "permalink"
    docs = [d for d in written_documents(out, "content" if flavor == "hugo" else ".") if key in d]
    check_translations(public, docs, key)  # Home and Accueil among them
    if flavor == "hugo":  # its homes: the French one (the site's) and the English one
        home = page_file(public, "/").read_text("utf-8")
        assert '<a href="/en/" hreflang="en"' in home
        assert '<a href="/" hreflang="fr"' in page_file(public, "/en/").read_text("utf-8")
