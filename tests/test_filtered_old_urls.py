"""Old links keep working under filters: a post split by language (qTranslate's
``[:fr]``, ``<!--:fr-->``) shares its old addresses between its copies, and the main
language's copy answers for them; when ``--lang`` (or another filter) leaves that copy
out, a written copy must answer instead. Each filtered run is compared with the
unfiltered one: every old address of an item that still has a page written redirects
to one of that item's pages (the redirect map, and the Markdown writer's aliases)."""

from __future__ import annotations

import csv
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import comment, dated, site_build, written_documents
from test_ghost_links import ghost_data
from wxr_builder import wxr

from wxr_tools.config import load_config
from wxr_tools.pipeline import Options, convert, open_items
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch
from wxr_tools.writers import Filters, WriteOptions
from wxr_tools.writers.redirects import RedirectMap

OLD = "https://example.org"


def _post(
    post_id: int, slug: str, title: str, body: str, path: str, when: str, **options: str
) -> str:
    """An item at the pretty permalink ``path``, dated ``when`` (``YYYY-MM-DD``)."""
    text = dated(post_id, f"{when} 10:00:00", f"{when} 08:00:00", title=title, body=body, **options)
    text = text.replace(f"<link>{OLD}/?p={post_id}</link>", f"<link>{OLD}{path}</link>")
    return text.replace(f"hello-{post_id}", slug)


def _export(tmp_path: Path) -> Path:
    """A French site: a qTranslate post with its comments on two pages, a bilingual page
    (``<!--:fr-->``), a post in three languages (German before English in its text), a
    French post, an English one (title marker), and a bilingual draft."""
    comments = "".join(comment(cid) for cid in (1, 2, 3))
    source = tmp_path / "bilingual.xml"
    source.write_bytes(
        wxr(
            _post(
                10,
                "bonjour",
                "[:fr]Bonjour[:en]Hello[:]",
                "[:fr]<p>Texte</p>[:en]<p>Text</p>[:]",
                "/2024/06/bonjour/",
                "2024-06-05",
                more=comments,
            ),
            _post(
                12,
                "a-propos",
                "<!--:fr-->À propos<!--:--><!--:en-->About<!--:-->",
                "<!--:fr--><p>Nous</p><!--:--><!--:en--><p>Us</p><!--:-->",
                "/a-propos/",
                "2023-03-01",
                post_type="page",
            ),
            _post(
                14,
                "salut",
                "[:de]Hallo[:fr]Salut[:en]Hi[:]",
                "[:de]<p>Tag</p>[:fr]<p>Jour</p>[:en]<p>Day</p>[:]",
                "/2023/01/salut/",
                "2023-01-10",
            ),
            _post(15, "seul", "Seul", "<p>Français</p>", "/2024/02/seul/", "2024-02-01"),
            _post(16, "only", "Only [en]", "<p>English</p>", "/2023/02/only/", "2023-02-01"),
            _post(
                17,
                "brouillon",
                "[:fr]Brouillon[:en]Draft[:]",
                "[:fr]<p>B</p>[:en]<p>D</p>[:]",
                "/?p=17",
                "2024-06-06",
                status="draft",
            ),
        )
    )
    return source


FILTERS = [
    Filters(langs=frozenset({"en"})),
    Filters(langs=frozenset({"fr"})),
    Filters(langs=frozenset({"de", "en"})),
    Filters(langs=frozenset({"en"}), types=frozenset({"page"})),
    Filters(types=frozenset({"post"})),
    Filters(statuses=frozenset({"publish"})),
    Filters(langs=frozenset({"en"}), since=datetime(2024, 1, 1)),
    Filters(langs=frozenset({"de", "en"}), until=datetime(2023, 12, 31, 23, 59, 59)),
]
FILTER_IDS = [
    "lang-en",
    "lang-fr",
    "lang-de-en",
    "lang-en-pages",
    "posts",
    "published",
    "lang-en-since",
    "lang-de-en-until",
]


def _config(tmp_path: Path) -> Options:
    """Two comments a page (WordPress's Settings > Discussion): post 10's comments were
    on two pages, two more old addresses."""
    path = tmp_path / "wxr.toml"
    path.write_text("[links]\ncomments_per_page = 2\n", encoding="utf-8")
    return Options(config=load_config(path), progress=False)


def _old_addresses(source: Path, options: Options) -> dict[int, set[str]]:
    """Every old address of each item of the unfiltered run, as the redirect maps write
    them (site paths): what the transforms give the writers."""
    opened = open_items(str(source), options, RunReport())
    sites = RedirectMap(Scratch())
    try:
        with opened.export:
            for item in opened.items:
                if item.id is not None and item.old_urls:
                    sites.add(item.old_urls, "/nowhere/", item.id)
    finally:
        opened.close()
    found: dict[int, set[str]] = {}
    for rule in sites.rules():
        assert rule.item_id is not None
        found.setdefault(rule.item_id, set()).add(rule.source)
    return found


def _rules(path: Path) -> dict[str, tuple[str, int | None]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            row["from"]: (row["to"], int(row["item_id"]) if row["item_id"] else None)
            for row in csv.DictReader(f)
        }


def _check(
    old: dict[int, set[str]],
    pages: dict[int, set[str]],
    rules: dict[str, tuple[str, int | None]],
) -> int:
    """Every old address of an item with a page written is one of its pages, or redirects
    to one; the number of addresses checked."""
    checked = 0
    for item_id, written in pages.items():
        for address in old.get(item_id, set()):
            checked += 1
            if address.rstrip("/") in {p.rstrip("/") for p in written}:
                continue  # the page is where the item was
            assert address in rules, f"item {item_id}: {address} redirects nowhere"
            target, owner = rules[address]
            assert owner == item_id and target in written, f"{address} -> {target}"
    return checked


def _markdown_pages(out: Path, content: str) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """The published pages of each item (their URLs), and each item's aliases."""
    pages: dict[int, set[str]] = {}
    aliases: dict[int, set[str]] = {}
    for doc in written_documents(out, content):
        if doc.get("draft") or "id" not in doc.get("wordpress", {}):
            continue  # a draft, or a page of the site's own (an archive, a layout's)
        item_id = doc["wordpress"]["id"]
        url = doc.get("url") or doc.get("permalink")
        assert isinstance(url, str), doc
        pages.setdefault(item_id, set()).add(_encoded(url))
        aliases.setdefault(item_id, set()).update(doc.get("aliases", doc.get("redirect_from", [])))
    return pages, aliases


def _encoded(url: str) -> str:
    """A page's URL as the redirect maps write it (front matter keeps it readable)."""
    sites = RedirectMap(Scratch())
    sites.add(["/from/"], url, None)
    return next(iter(sites.rules())).target


_CONTENT = {"hugo": "content", "jekyll": ".", "eleventy": "content", "astro": "src/content"}


@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro"])
def test_markdown_old_addresses_go_to_a_written_copy(
    tmp_path: Path, flavor: str, filters: Filters
) -> None:
    source, options = _export(tmp_path), _config(tmp_path)
    old = _old_addresses(source, options)
    out = tmp_path / "site"
    write = WriteOptions(flavor=flavor, redirects="csv")
    convert(str(source), "markdown", str(out), options, write, filters)
    pages, aliases = _markdown_pages(out, _CONTENT[flavor])
    assert pages, "every filter set leaves a page"
    assert _check(old, pages, _rules(out / "redirects.csv")) >= 2
    for item_id, written in pages.items():
        for address in old.get(item_id, set()):
            own = {p.rstrip("/") for p in written}
            if "?" not in address and address.rstrip("/") not in own:
                # The static site's own redirect pages (Hugo's aliases, Jekyll's redirect_from).
                assert address in aliases[item_id], f"item {item_id}: no alias {address}"


def test_the_first_written_copy_in_the_posts_order_answers(tmp_path: Path) -> None:
    """German comes before English in post 14's text: with the French copy left out,
    the German one answers, whichever order ``--lang`` names them in."""
    source, options = _export(tmp_path), _config(tmp_path)
    out = tmp_path / "site"
    only = Filters(langs=frozenset({"en", "de"}))
    convert(str(source), "markdown", str(out), options, WriteOptions(redirects="csv"), only)
    rules = _rules(out / "redirects.csv")
    assert rules["/2023/01/salut/"] == ("/de/2023/01/salut/", 14)
    assert rules["/?p=14"] == ("/de/2023/01/salut/", 14)
    # Post 10's comment pages go with its old address, to its English copy.
    assert rules["/2024/06/bonjour/comment-page-2/"] == ("/en/2024/06/bonjour/", 10)


def test_the_same_copy_answers_on_every_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers that transform parts of the file know the filters too."""
    from test_markdown_parts import same_both_ways

    source = _export(tmp_path)
    result = same_both_ways(source, tmp_path, monkeypatch, FILTERS[0], redirects="csv")
    rows = result["files"]["redirects.csv"].decode("utf-8").splitlines()
    assert "/2024/06/bonjour/,/en/2024/06/bonjour/,10" in rows
    assert "/?page_id=12,/en/a-propos/,12" in rows


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_serves_the_old_address_of_a_filtered_out_copy(tmp_path: Path) -> None:
    source, options = _export(tmp_path), _config(tmp_path)
    out, public = tmp_path / "site", tmp_path / "public"
    convert(str(source), "markdown", str(out), options, WriteOptions(), FILTERS[0])
    site_build("hugo", out, public)
    served = (public / "2024/06/bonjour/index.html").read_text("utf-8")
    assert re.search(r'http-equiv="refresh" content="0; ?url=/en/2024/06/bonjour/"', served)


def _ghost_pages(data: dict[str, Any]) -> dict[int, set[str]]:
    pages: dict[int, set[str]] = {}
    for post in data["posts"]:
        if post["status"] == "published":
            pages.setdefault(int(post["comment_id"]), set()).add(f"/{post['slug']}/")
    return pages


@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
def test_ghost_old_addresses_go_to_a_written_copy(tmp_path: Path, filters: Filters) -> None:
    source, options = _export(tmp_path), _config(tmp_path)
    old = _old_addresses(source, options)
    out = tmp_path / "csv" / "ghost.json"
    out.parent.mkdir()
    convert(str(source), "ghost", str(out), options, WriteOptions(redirects="csv"), filters)
    pages = _ghost_pages(ghost_data(out))
    assert pages, "every filter set leaves a post"
    assert _check(old, pages, _rules(out.parent / "redirects.csv")) >= 2
    # Ghost's own map has the same rules, but those with a query (Ghost cannot match one).
    yaml_out = tmp_path / "yaml" / "ghost.json"
    yaml_out.parent.mkdir()
    convert(str(source), "ghost", str(yaml_out), options, WriteOptions(redirects="ghost"), filters)
    text = (yaml_out.parent / "redirects.yaml").read_text("utf-8")
    for item_id, written in pages.items():
        for address in old.get(item_id, set()):
            if "?" in address or f"/{address.strip('/')}/" in written:
                continue
            line = next((x for x in text.splitlines() if f"'^{address.rstrip('/')}/?$'" in x), "")
            assert line.rpartition(": ")[2].strip("'") in written, f"{address}: {line!r}"
