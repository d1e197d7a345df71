"""No URL the writers write has a ``.`` or ``..`` segment, which servers and generators
resolve to another page's address (``/2024/06/../`` is the month's page, ``/../`` the
home page): pages, aliases, redirect pages and the redirect maps, in every flavor.

Slugs and old links come from a broken or hostile export (WordPress makes none such):
``..``, percent-encoded (``%2e%2e``, ``.%2E``), or full-width dots and ``‥``, which
Jekyll's URL filters and jekyll-redirect-from read as ``..`` (NFKC); Jekyll also reads
``..`` anywhere in a permalink as ``/`` and drops each ``./`` (``…`` is ``...``).
The oracle below is the tests' own, not ``urlparts``'.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from link_helpers import dead_links
from markdown_helpers import check_pages, page_file, site, site_build, written_documents
from wxr_builder import item, meta, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions

CONTENT = {"hugo": "content", "jekyll": ".", "eleventy": "content", "astro": "src/content"}
URL_KEY = {"hugo": "url", "jekyll": "permalink", "eleventy": "permalink", "astro": "permalink"}
ALIAS_KEY = {
    "hugo": "aliases",
    "jekyll": "redirect_from",
    "eleventy": "aliases",
    "astro": "aliases",
}


def _decoded(url: str) -> str:
    for _ in range(5):
        url = unquote(url)
    return url


def resolves_elsewhere(url: str, jekyll: bool) -> bool:
    """Whether a server (decoding the path, reading ``\\`` as ``/``) or, for Jekyll,
    the generator (NFKC, then ``..`` anywhere and ``./``) puts ``url`` elsewhere."""
    path = _decoded(url.partition("?")[0])
    if jekyll:
        path = unicodedata.normalize("NFKC", path)
        if ".." in path or "./" in path:
            return True
    return any(segment in (".", "..") for segment in path.replace("\\", "/").split("/"))


def file_key(url: str) -> str:
    """The file a URL is written at, as compared: decoded, no trailing slash. (Jekyll
    writes pages and redirect pages at the permalink as given, NFKC only in links.)"""
    return _decoded(url).rstrip("/") or "/"


PIECES = (
    ".", "..", "%2e", "%2E", "%2e%2e", ".%2E", "%252e", "．", "．．", "‥", "…",
    "%ef%bc%8e", "%e2%80%a5", "%E2%80%A6", "a", "b-c", "/", "\\",
)  # fmt: skip
dotty = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join)


def post(post_id: int, slug: str, link: str, olds: list[str], tags: list[str], kind: str) -> str:
    more = "".join(meta("_wp_old_slug", old) for old in olds)
    more += "".join(
        f'\t\t<category domain="post_tag" nicename="{t}"><![CDATA[Tag {n}]]></category>\n'
        for n, t in enumerate(tags)
    )
    text = item(post_id, title=f"Title {post_id}", post_type=kind, more=more)
    text = text.replace(f"hello-{post_id}", slug)
    return text.replace(f"/?p={post_id}</link>", f"{link}</link>")


@st.composite
def hostile_exports(draw: Any) -> bytes:
    """A normal post (the month has a page) and a few whose slugs, links, old slugs and
    tags are made of dots."""
    items = [post(1, "normal", "/2024/06/normal/", [], ["fine"], "post")]
    for post_id in range(2, 2 + draw(st.integers(1, 4))):
        slug = draw(dotty)
        kind = draw(st.sampled_from(("post", "page")))
        start = "/2024/06/" if kind == "post" else "/"
        link = draw(st.sampled_from((f"{start}{slug}/", f"/{draw(dotty)}/", start)))
        olds = draw(st.lists(dotty, max_size=2))
        tags = draw(st.lists(dotty, max_size=2))
        items.append(post(post_id, slug, link, olds, tags, kind))
    return wxr(*items)


def check_written(out: Path, flavor: str, redirects: bool) -> None:
    jekyll = flavor == "jekyll"
    taken: dict[str, tuple[str, str]] = {"/": ("home", "")}
    for doc in written_documents(out, CONTENT[flavor]):
        if doc.get("draft") or URL_KEY[flavor] not in doc:
            continue
        url = str(doc[URL_KEY[flavor]])
        for n, address in enumerate([url, *doc.get(ALIAS_KEY[flavor], [])]):
            assert not resolves_elsewhere(address, jekyll), (doc["title"], address)
            key = file_key(address)
            # Two of one page's aliases that decode alike ("..%2e", "...") both redirect
            # to it; a page itself (n == 0) shares its place with nothing.
            mine = (doc["title"], url if n else "")
            other = taken.setdefault(key, mine)
            assert other is mine or (n and other[1] == url), (
                f"{doc['title']} and {other[0]} share {address}"
            )
    if redirects:
        with open(out / "redirects.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))[1:]
        for source, target, _ in rows:
            assert not resolves_elsewhere(source, False), source
            assert not resolves_elsewhere(target, False), target


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    export=hostile_exports(),
    flavor=st.sampled_from(("hugo", "jekyll", "eleventy", "astro")),
    redirects=st.booleans(),
)
def test_no_written_url_resolves_elsewhere(export: bytes, flavor: str, redirects: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "export.xml"
        source.write_bytes(export)
        out = Path(tmp) / "site"
        options = {"redirects": "csv"} if redirects else {}
        report = site(source, out, flavor=flavor, **options)
        assert sum(report.items_written.values()) == export.count(b"<item>")
        check_written(out, flavor, redirects)


# -- a small hostile export, built ----------------------------------------------------

HOSTILE = [
    post(1, "normal", "/2024/06/normal/", ["．．"], ["fine", "..", "%ef%bc%8e%ef%bc%8e"], "post"),
    post(2, "..", "/2024/06/../", ["‥", "%2e%2e", "…", "a..b"], [], "post"),
    post(3, ".", "/2024/06/./", [], [], "post"),
    post(4, "%2e%2e", "/2024/06/%2e%2e/", [], [], "post"),
    post(5, "．．", "/2024/06/%ef%bc%8e%ef%bc%8e/", [], [], "post"),
    post(6, "‥", "/2024/06/%e2%80%a5/", [], [], "post"),
    post(7, "..", "/../", [], [], "page"),
    post(8, "…", "/2024/06/%e2%80%a6/", [], [], "post"),
    post(9, ".%2E", "/2024/06/.%2E/", [], [], "post"),
    post(10, "a..b", "/2024/06/a..b/", [], [], "post"),
]


def _hostile_site(tmp_path: Path, flavor: str) -> tuple[Path, RunReport]:
    source = tmp_path / "hostile.xml"
    source.write_bytes(wxr(*HOSTILE))
    out = tmp_path / "site"
    return out, site(source, out, flavor=flavor, redirects="nginx")


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_a_hostile_export_builds_each_page_at_its_url(flavor: str, tmp_path: Path) -> None:
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    out, report = _hostile_site(tmp_path, flavor)
    check_written(out, flavor, False)
    public = tmp_path / "public"
    site_build(flavor, out, public)  # Hugo refuses an alias at the root: no build at all
    docs = [d for d in written_documents(out, CONTENT[flavor]) if URL_KEY[flavor] in d]
    check_pages(public, docs, URL_KEY[flavor])  # the month's page among them
    month = next(d for d in docs if d["wordpress"]["type"] == "month")
    assert unquote(str(month[URL_KEY[flavor]])) == "/2024/06/"
    for doc in docs:
        for alias in doc.get(ALIAS_KEY[flavor], []):
            redirect = unquote(page_file(public, alias).read_text("utf-8"))
            assert unquote(str(doc[URL_KEY[flavor]])) in redirect, alias
    home = html.unescape((public / "index.html").read_text("utf-8"))
    assert 'http-equiv="refresh"' not in home
    listed = set(re.findall(r'<a href="(/2024/06/[^"]+)"', home))
    assert len(listed) == 9, listed  # the home page lists the posts: none is over it
    assert dead_links(public) == []
    dropped = [d for d in report.diagnostics if d.code == "WXR427"]
    assert {d.item_id for d in dropped} >= {2, 3, 4, 7, 9}
    assert "..//" not in (out / "redirects.nginx.conf").read_text("utf-8")


def test_ghost_slugs_and_redirects_have_no_dot_segment(tmp_path: Path) -> None:
    source = tmp_path / "hostile.xml"
    source.write_bytes(wxr(*HOSTILE))
    out = tmp_path / "ghost.json"
    report = convert(str(source), "ghost", str(out), Options(), WriteOptions(redirects="csv"))
    data = json.loads(out.read_text("utf-8"))["db"][0]["data"]
    slugs = [p["slug"] for p in data["posts"]] + [t["slug"] for t in data["tags"]]
    assert len(slugs) == len(set(slugs)) and not [s for s in slugs if "." in s], slugs
    with open(tmp_path / "redirects.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert rows and not [r for r in rows if resolves_elsewhere(r[0], False)]
    assert not [r for r in rows if resolves_elsewhere(r[1], False)]
    assert {d.item_id for d in report.diagnostics if d.code == "WXR427"} >= {2, 3, 4, 7, 9}


DOTTY_NAMES = ("..", ".", "a/..", "../posts", "./x")
"""Term names Hugo makes paths of with a dot segment (its own, from the name)."""


def test_hugo_builds_terms_named_with_dot_segments_at_their_urls(tmp_path: Path) -> None:
    # Hugo keyed "tags: [..]" as "tags/..": "missing taxonomy", no build at all.
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    terms = "".join(
        f'\t\t<category domain="{domain}" nicename="t{n}"><![CDATA[{name}]]></category>\n'
        for n, name in enumerate(DOTTY_NAMES)
        for domain in ("post_tag", "category")
    )
    source = tmp_path / "dotty.xml"
    source.write_bytes(wxr(item(1, more=terms), item(2)))
    out, public = tmp_path / "site", tmp_path / "public"
    site(source, out, flavor="hugo")
    site_build("hugo", out, public)
    docs = [d for d in written_documents(out, "content") if "url" in d]
    check_pages(public, docs, "url")
    post = next(d for d in docs if d["wordpress"]["type"] == "post" and d["tags"])
    for n, name in enumerate(DOTTY_NAMES):
        for taxonomy in ("tags", "categories"):
            page = html.unescape((public / f"{taxonomy}/t{n}/index.html").read_text("utf-8"))
            assert f"<title>{name} ·" in page, (taxonomy, name)
            assert f'href="{post["url"]}"' in page, (taxonomy, name)  # the post is listed
    listing = (public / "tags/index.html").read_text("utf-8")
    assert "<title>Étiquettes" in listing  # the taxonomy's own page, no term's
