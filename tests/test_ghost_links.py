"""``--to ghost``: links, items' URLs and redirect maps point where Ghost serves things
(``wxr_tools.ghosturls``), and Ghost's own redirect format (``--redirects ghost``)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.config import load_config
from wxr_tools.ghosturls import PROTECTED, SLUG_LIMIT, ghost_slug, media_folder
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.redirects import RedirectMap, ghost_pattern

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
SITE_HOSTS = ("ctts.example.org",)
_URLS = re.compile(r"""\b(?:href|src|srcset|poster)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def ghost_data(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["db"][0]["data"]
    return data


def urls_in(html: str) -> list[str]:
    found: list[str] = []
    for value in _URLS.findall(html):
        # srcset: "url 300w, url 600w"
        found.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
    return found


def ghost_pages(data: dict[str, Any]) -> set[str]:
    """Every page the import file gives Ghost: posts', pages' and tags' URLs, and the
    authors' (default routes)."""
    pages = {f"/{p['slug']}/" for p in data["posts"] if "slug" in p}
    pages |= {f"/tag/{t['slug']}/" for t in data["tags"] if not t["name"].startswith("#")}
    pages |= {f"/author/{u['slug']}/" for u in data["users"]}
    return pages | {"/"}


def test_every_internal_link_of_the_sample_points_to_the_file(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    convert(str(SAMPLE), "ghost", str(out), Options())
    data = ghost_data(out)
    pages = ghost_pages(data)
    internal = media = 0
    for post in data["posts"]:
        for url in urls_in(post.get("html", "")):
            if url.startswith(("mailto:", "#")):
                continue
            if url.startswith(("http://", "https://", "//")):
                host = url.split("/")[2]
                assert host not in SITE_HOSTS, f"{post['slug']}: old site's {url}"
                continue
            path = url.partition("#")[0]
            if path.startswith("/content/"):
                media += 1
                # The sample links images only: Ghost serves them under /content/images/.
                assert path.startswith("/content/images/"), url
                continue
            internal += 1
            assert path in pages, f"{post.get('slug')}: {url} is no page of the import"
    assert internal >= 8 and media >= 4  # what the report counts: links were checked
    featured = [p["feature_image"] for p in data["posts"] if "feature_image" in p]
    assert featured and all(f.startswith("/content/images/") for f in featured)


def test_the_users_url_pattern_wins(tmp_path: Path) -> None:
    config = tmp_path / "wxr.toml"
    config.write_text(
        '[links.url_pattern]\npost = "/{yyyy}/{mm}/{slug}/"\n'
        '[links]\nmedia_path = "https://cdn.example/{path}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "ghost.json"
    convert(str(SAMPLE), "ghost", str(out), Options(config=load_config(config)))
    html = " ".join(p.get("html", "") for p in ghost_data(out)["posts"])
    assert 'href="/2008/11/going-solo-lyon-what-i-learned/"' in html  # theirs (a routes.yaml)
    assert 'href="/conferences/"' in html  # pages: Ghost's, since they set only posts
    assert 'src="https://cdn.example/2008/11/going-solo-lyon-scene.jpg"' in html


def test_redirect_targets_are_the_ghost_urls(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    convert(str(SAMPLE), "ghost", str(out), Options(), WriteOptions(redirects="csv"))
    pages = ghost_pages(ghost_data(out))
    with (tmp_path / "redirects.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 20
    feeds = {page + "rss/" for page in pages if page.startswith(("/tag/", "/author/"))}
    for row in rows:
        target = row["to"]
        ghosts = (*pages, *feeds, "/rss/", "/sitemap.xml")
        assert target in ghosts or target.startswith("/content/images/"), row
    sources = {row["from"]: row["to"] for row in rows}
    # The archives: a category's (behind the permalinks' front, and by id), its feed,
    # a subcategory's under its parent, a tag's, a theme's series, an author's, the feed.
    assert sources["/archives/category/internet/"] == "/tag/internet/"
    assert sources["/?cat=3"] == "/tag/internet/"
    assert sources["/archives/category/internet/feed/"] == "/tag/internet/rss/"
    assert sources["/archives/category/internet/medias-sociaux/"] == "/tag/medias-sociaux/"
    assert sources["/archives/tag/freelance/"] == "/tag/freelance/"
    assert sources["/archives/series/chroniques-du-monde-connecte/"] == (
        "/tag/chroniques-du-monde-connecte/"
    )
    assert sources["/archives/author/claire/"] == "/author/claire/"
    assert sources["/archives/author/claire/feed/"] == "/author/claire/rss/"
    assert sources["/feed/"] == "/rss/" and sources["/wp-sitemap.xml"] == "/sitemap.xml"
    assert not any(re.match(r"/archives/\d{4}/\d{2}/$", source) for source in sources)
    old = "/archives/2008/11/02/going-solo-lyon-what-i-learned/"
    assert sources[old] == "/going-solo-lyon-what-i-learned/"
    assert sources["/?p=215"] == "/going-solo-lyon-what-i-learned/"
    assert sources["/a-propos/conferences/"] == "/conferences/"


def test_the_ghost_redirect_file(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    report = convert(str(SAMPLE), "ghost", str(out), Options(), WriteOptions(redirects="ghost"))
    text = (tmp_path / "redirects.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "301:" in lines
    assert "  '^/a-propos/conferences/?$': '/conferences/'" in lines
    jpg = "  '^/wp-content/uploads/2008/11/going-solo-lyon-scene\\.jpg/?$': "
    assert jpg + "'/content/images/2008/11/going-solo-lyon-scene.jpg'" in lines
    assert "?p=" not in text  # Ghost matches paths only: /?p=215 would catch the home
    assert report.counts["redirects with a query left out (ghost matches paths only)"] > 0
    rules = [line for line in lines if line.startswith("  '")]
    assert report.counts["redirect rules written (redirects.yaml)"] == len(rules)


def _wxr_with_slugs(tmp_path: Path, slugs: dict[int, tuple[str, str, str]]) -> Path:
    """Items id -> (type, slug, body); links between them in the bodies."""
    items = []
    for pid, (kind, slug, body) in slugs.items():
        text = item(pid, post_type=kind, body=body, title=f"Title {pid}")
        text = text.replace(f"<![CDATA[hello-{pid}]]>", f"<![CDATA[{slug}]]>")
        text = text.replace(
            f"https://example.org/?p={pid}</link>", f"https://example.org/{slug}/</link>"
        )
        items.append(text)
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(*items))
    return path


def test_slug_clashes_and_odd_slugs_are_settled_as_ghost_would(tmp_path: Path) -> None:
    links = " ".join(f'<a href="https://example.org/?p={n}">{n}</a>' for n in range(1, 7))
    export = _wxr_with_slugs(
        tmp_path,
        {
            1: ("post", "same", links),
            2: ("page", "same", ""),  # Ghost: slugs unique across posts and pages
            3: ("post", "caf%c3%a9", ""),  # Ghost's importer would make "cafe"
            4: ("post", "rss", ""),  # protected: Ghost adds "-post"
            5: ("post", "x", ""),  # one character: Ghost puts "post-" before it
            6: ("post", "same-2", ""),  # taken by item 2 already
        },
    )
    out = tmp_path / "ghost.json"
    convert(str(export), "ghost", str(out), Options())
    data = ghost_data(out)
    slugs = {p["comment_id"]: p["slug"] for p in data["posts"]}
    assert slugs == {
        "1": "same",
        "2": "same-2",
        "3": "cafe",
        "4": "rss-post",
        "5": "post-x",
        "6": "same-2-2",
    }
    first = next(p for p in data["posts"] if p["comment_id"] == "1")
    hrefs = urls_in(first["html"])
    assert hrefs == [f"/{slugs[str(n)]}/" for n in range(1, 7)]  # links follow the slugs


@given(st.text(max_size=300))
def test_ghost_slugs_are_what_ghosts_importer_keeps(text: str) -> None:
    slug = ghost_slug(text, "post")
    assert re.fullmatch(r"[a-z0-9_-]*", slug)
    assert len(slug) <= SLUG_LIMIT + len("post-")
    assert len(slug) != 1 and slug not in PROTECTED
    assert ghost_slug(slug, "post") == slug  # what it gives it keeps


def test_media_folders_follow_ghosts_upload_types() -> None:
    assert media_folder("2010/03/Photo.JPG") == "images"
    assert media_folder("2010/03/talk.mp3") == "media"
    assert media_folder("2010/03/slides.pdf") == "files"
    assert media_folder("2010/03.old/README") == "files"


# -- Ghost's redirect format --------------------------------------------------------

# Characters a source keeps after the map's cleaning (redirects._SAFE, without the
# query's "?", "=" and "&"), and percent escapes.
_SEGMENT = st.lists(
    st.one_of(
        st.sampled_from(list("abcXYZ019-._~'()!*+,;:@")),
        st.sampled_from(["%c3%a9", "%C3%A9", "%20", "%2F"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)
_PATHS = st.lists(_SEGMENT, min_size=1, max_size=4).map(lambda s: "/" + "/".join(s) + "/")


def _same(a: str, b: str) -> bool:
    """Two paths Ghost's rule treats alike: the trailing slash and hex case aside."""

    def norm(path: str) -> str:
        return re.sub(r"%[0-9A-Fa-f]{2}", lambda m: m[0].upper(), path.rstrip("/"))

    return norm(a) == norm(b)


@given(_PATHS, _PATHS)
def test_each_ghost_source_matches_its_own_path_and_only_it(path: str, other: str) -> None:
    # Ghost compiles `from` with JavaScript's RegExp; the pattern uses only what both
    # dialects read alike (^, $, escapes, classes of two letters, /?).
    pattern = re.compile(ghost_pattern(path))
    assert pattern.search(path) and pattern.search(path.rstrip("/"))
    swapped = re.sub(r"%[0-9A-Fa-f]{2}", lambda m: m[0].swapcase(), path)
    assert pattern.search(swapped)  # a browser's %C3%A9 for WordPress's %c3%a9
    assert not pattern.search("/prefix" + path) and not pattern.search(path + "more/")
    assert bool(pattern.search(other)) == _same(path, other)


def test_ghost_format_escapes_quotes_and_skips_queries() -> None:
    with RedirectMap() as redirects:
        redirects.add(["https://old.example/it's/a+b.html", "/?p=12"], "/new/", 1)
        text = redirects.render("ghost").decode("utf-8")
        assert redirects.left_out == 1
    assert "  '^/it''s/a\\+b\\.html/?$': '/new/'" in text.splitlines()
    with RedirectMap() as empty:
        assert empty.render("ghost").decode("utf-8").splitlines()[-1] == "301: {}"


def test_ghost_redirects_are_for_the_ghost_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(SAMPLE), "--to", "markdown", "-o", str(tmp_path / "site")]
    assert main([*args, "--redirects", "ghost"]) == 2
    assert "--redirects ghost" in capsys.readouterr().err
    to_stdout = ["convert", str(SAMPLE), "--to", "ghost", "-o", "-", "--redirects", "ghost"]
    assert main(to_stdout) == 2
    assert "beside the output" in capsys.readouterr().err


def test_an_export_without_items_converts(tmp_path: Path) -> None:
    """Its index is empty (and an empty index is falsy): still the run's own."""
    export = tmp_path / "empty.xml"
    export.write_bytes(wxr())
    out = tmp_path / "ghost.json"
    report = convert(str(export), "ghost", str(out), Options(), WriteOptions(redirects="ghost"))
    assert ghost_data(out)["posts"] == [] and report.items_read == 0
    assert (tmp_path / "redirects.yaml").is_file()
