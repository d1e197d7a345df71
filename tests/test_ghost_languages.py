"""``--to ghost`` with posts the languages transform splits (qTranslate ``[:fr]`` and
``<!--:fr-->``, Language Switcher ``[lang_fr]``): each language is a post of its own
(``slug-fr``), and the links, the items' URLs and the redirect maps agree with the file."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from test_ghost_links import ghost_data, ghost_pages, urls_in
from wxr_builder import item, wxr

from wxr_tools.ghosturls import SLUG_LIMIT, ghost_slug
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteOptions

OLD = "https://example.org"


def _item(post_id: int, slug: str, title: str, body: str, path: str, kind: str = "post") -> str:
    """An item at a pretty permalink (``path``) with the slug ``slug``."""
    text = item(post_id, title=title, body=body, post_type=kind)
    text = text.replace(f"<link>{OLD}/?p={post_id}</link>", f"<link>{OLD}{path}</link>")
    return text.replace(f"hello-{post_id}", slug)


def _export() -> bytes:
    """A French site (``fr-FR``, its main language): a bilingual post, a post whose slug
    is the one the post's English copy would take, a bilingual page linking the post,
    a post linking all of them, and a Language Switcher post."""
    return wxr(
        _item(
            10,
            "bonjour",
            "[:fr]Bonjour[:en]Hello[:]",
            "[:fr]<p>Texte français</p>[:en]<p>English text</p>[:]",
            "/2024/06/bonjour/",
        ),
        _item(11, "bonjour-en", "Autre", "<p>Not a translation</p>", "/2024/06/bonjour-en/"),
        _item(
            12,
            "a-propos",
            "<!--:fr-->À propos<!--:--><!--:en-->About<!--:-->",
            f'<!--:fr--><p>Voir <a href="{OLD}/2024/06/bonjour/">bonjour</a></p><!--:-->'
            f'<!--:en--><p>See <a href="{OLD}/2024/06/bonjour/">hello</a></p><!--:-->',
            "/a-propos/",
            "page",
        ),
        _item(
            13,
            "liens",
            "Liens",
            f'<p><a href="{OLD}/2024/06/bonjour/">b</a> <a href="{OLD}/?p=10">p</a> '
            f'<a href="{OLD}/a-propos/">a</a> <a href="{OLD}/2024/06/ete/">é</a></p>',
            "/2024/06/liens/",
        ),
        _item(
            14,
            "%c3%a9t%c3%a9",
            "[lang_fr]Été[/lang_fr][lang_en]Summer[/lang_en]",
            "[lang_fr]<p>Chaud</p>[/lang_fr][lang_en]<p>Hot</p>[/lang_en]",
            "/2024/06/ete/",
        ),
    )


def _run(tmp_path: Path, fmt: str) -> tuple[dict[str, Any], RunReport, Path]:
    source = tmp_path / "bilingual.xml"
    source.write_bytes(_export())
    out = tmp_path / fmt / "ghost.json"
    out.parent.mkdir()
    report = convert(str(source), "ghost", str(out), Options(), WriteOptions(redirects=fmt))
    return ghost_data(out), report, out.parent


def _by_title(data: dict[str, Any]) -> dict[str, str]:
    return {p["title"]: p["slug"] for p in data["posts"]}


def test_each_copy_is_a_post_of_its_own_slug(tmp_path: Path) -> None:
    data, report, _ = _run(tmp_path, "csv")
    slugs = [p["slug"] for p in data["posts"]]
    assert len(slugs) == 8 and len(set(slugs)) == len(slugs)
    for slug in slugs:  # what Ghost's importer keeps as it is
        assert slug.isascii() and ghost_slug(slug, "post") == slug and len(slug) <= SLUG_LIMIT
    by_title = _by_title(data)
    assert by_title["Bonjour"] == "bonjour" and by_title["Autre"] == "bonjour-en"
    # The English copy cannot be "bonjour-en": the next free one, as Ghost would name it.
    assert by_title["Hello"] == "bonjour-en-2"
    assert by_title["À propos"] == "a-propos" and by_title["About"] == "a-propos-en"
    assert by_title["Été"] == "ete" and by_title["Summer"] == "ete-en"
    kinds = {p["title"]: p["type"] for p in data["posts"]}
    assert kinds["About"] == kinds["À propos"] == "page" and kinds["Hello"] == "post"
    # Read as the copies, every one written: the report adds up.
    items = report.to_json()["items"]
    assert items["read"] == items["written"] + items["excluded"] == 8
    assert report.counts["items split by language"] == 3
    assert report.counts["translations not linked (ghost has no translations)"] == 6


def test_links_go_to_the_copy_of_their_language(tmp_path: Path) -> None:
    data, _, _ = _run(tmp_path, "csv")
    by_title = _by_title(data)
    html = {p["title"]: p["html"] for p in data["posts"]}
    pages = ghost_pages(data)
    # From another post, the original's addresses (permalink and ?p=) go to the main copy.
    assert urls_in(html["Liens"]) == ["/bonjour/", "/bonjour/", "/a-propos/", "/ete/"]
    assert urls_in(html["À propos"]) == ["/bonjour/"]
    # The English copy of the page links the English copy of the post, not "Autre".
    assert urls_in(html["About"]) == [f"/{by_title['Hello']}/"]
    for text in html.values():
        assert all(url in pages for url in urls_in(text))


def test_old_urls_go_to_the_main_copy(tmp_path: Path) -> None:
    data, report, folder = _run(tmp_path, "csv")
    with (folder / "redirects.csv").open(encoding="utf-8", newline="") as f:
        rows = {row["from"]: row["to"] for row in csv.DictReader(f)}
    assert rows["/2024/06/bonjour/"] == rows["/?p=10"] == "/bonjour/"
    assert rows["/2024/06/bonjour-en/"] == "/bonjour-en/"
    assert rows["/?page_id=12"] == "/a-propos/"
    assert rows["/2024/06/ete/"] == rows["/?p=14"] == "/ete/"
    copies = {f"/{s}/" for t, s in _by_title(data).items() if t in ("Hello", "About", "Summer")}
    assert not copies & set(rows.values())  # a copy has no old address of its own
    assert report.counts["redirect rules written (redirects.csv)"] == len(rows)


@pytest.mark.parametrize("fmt", ["ghost", "csv"])
def test_the_redirect_maps_agree_with_the_file(tmp_path: Path, fmt: str) -> None:
    data, _, folder = _run(tmp_path, fmt)
    name = "redirects.yaml" if fmt == "ghost" else "redirects.csv"
    text = (folder / name).read_text(encoding="utf-8")
    if fmt == "ghost":
        assert "  '^/2024/06/bonjour/?$': '/bonjour/'" in text.splitlines()
        assert "  '^/2024/06/ete/?$': '/ete/'" in text.splitlines()
        targets = [line.rpartition(": ")[2].strip("'") for line in text.splitlines()[3:]]
    else:
        targets = [row["to"] for row in csv.DictReader(text.splitlines())]
    pages = ghost_pages(data)
    feeds = {"/rss/", "/sitemap.xml", "/author/admin/rss/"}
    assert targets and all(t in pages or t in feeds for t in targets)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(langs=frozenset({"en"})),
        Filters(langs=frozenset({"fr"})),
        Filters(langs=frozenset({"en"}), types=frozenset({"page"})),
        Filters(types=frozenset({"page"})),
        Filters(statuses=frozenset({"publish"})),
    ],
    ids=["lang-en", "lang-fr", "lang-en-pages", "pages", "published"],
)
def test_filters_do_not_change_the_copies_slugs(tmp_path: Path, filters: Filters) -> None:
    """A copy keeps the slug the links name it by when its main copy is filtered out
    (``--lang en`` on a French site): its slug is the one of the unfiltered run."""
    everything, _, _ = _run(tmp_path, "csv")
    source = tmp_path / "bilingual.xml"
    out = tmp_path / "filtered.json"
    convert(str(source), "ghost", str(out), Options(), WriteOptions(), filters)
    data = ghost_data(out)
    assert data["posts"]
    expected = _by_title(everything)
    assert _by_title(data) == {p["title"]: expected[p["title"]] for p in data["posts"]}
    # The links are the unfiltered run's, so they still name the copies' slugs.
    html = {p["title"]: p["html"] for p in everything["posts"]}
    assert all(p["html"] == html[p["title"]] for p in data["posts"])
