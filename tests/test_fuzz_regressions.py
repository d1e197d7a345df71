"""Exports that stopped a run with an internal error, found by mutating exports (today's
galleries, playlists, feed links, guids), each reduced to the markup that did it."""

from __future__ import annotations

from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.model import Site
from wxr_tools.urlparts import home_of, split_address
from wxr_tools.writers.markdown.urlforms import jekyll_url

BAD_HOST = "http://[::1"
"""An address urllib refuses to split (``ValueError: Invalid IPv6 URL``)."""


def _attachment(post_id: int, name: str) -> str:
    url = f"{BAD_HOST}/wp-content/uploads/2020/01/{name}"
    more = f"\t\t<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>\n"
    text = item(post_id, title="", post_type="attachment", status="inherit", more=more)
    text = text.replace("<wp:post_parent>0</wp:post_parent>", "<wp:post_parent>1</wp:post_parent>")
    return text.replace("https://example.org/?p=", f"{BAD_HOST}/?p=")


def _items_export() -> bytes:
    body = (
        '[gallery]\n\n[playlist]\n\n[gallery ids="10" link="file"]\n\n'
        f'<img src="{BAD_HOST}/wp-content/uploads/a.jpg"> <a href="{BAD_HOST}/feed/">feed</a> '
        '<a href="feed://[::1/feed/">reader</a>'
    )
    post = item(1, body=body).replace(
        "<link>https://example.org/?p=1</link>", f"<link>{BAD_HOST}/hello/</link>"
    )
    return wxr(post, _attachment(10, "a.jpg"), _attachment(11, "b.mp3"))


def _site_export() -> bytes:
    data = _items_export().decode()
    data = data.replace("<link>https://example.org</link>", f"<link>{BAD_HOST}</link>")
    data = data.replace(
        "<wp:base_site_url>https://example.org</wp:base_site_url>",
        f"<wp:base_site_url>{BAD_HOST}</wp:base_site_url>"
        f"<wp:base_blog_url>{BAD_HOST}/blog</wp:base_blog_url>",
    )
    return data.encode()


COMMANDS = {
    "hugo": ["convert", "{x}", "--to", "markdown", "--flavor", "hugo", "-o", "{o}/site"],
    "jekyll": ["convert", "{x}", "--to", "markdown", "--flavor", "jekyll", "-o", "{o}/site"],
    "redirects": ["convert", "{x}", "--to", "markdown", "-o", "{o}/site", "--redirects", "nginx"],
    "ghost": ["convert", "{x}", "--to", "ghost", "-o", "{o}/g.json", "--redirects", "ghost"],
    "ghostzip": ["convert", "{x}", "--to", "ghost", "-o", "{o}/g.zip", "--media-from", "{o}"],
    "wxr": ["convert", "{x}", "--to", "wxr", "-o", "{o}/out.xml"],
    "lang": ["convert", "{x}", "--to", "wxr", "--lang", "fr", "-o", "{o}/out.xml"],
    "media": ["media", "{x}", "--json"],
    "links": ["links", "{x}", "--json"],
}


@pytest.mark.parametrize("export", ["items", "site"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_address_urllib_cannot_split_is_no_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], export: str, command: str
) -> None:
    # An item's link and guid, an attachment's file URL, links in the content, or the
    # channel's own addresses with a malformed IPv6 host: every command used to stop
    # with "internal error: ValueError: Invalid IPv6 URL".
    path = tmp_path / "export.xml"
    path.write_bytes(_items_export() if export == "items" else _site_export())
    argv = [a.format(x=path, o=tmp_path / "out") for a in COMMANDS[command]]
    code = main(argv)
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert code in (0, 1), err


def test_split_address_of_a_malformed_host_names_nothing() -> None:
    assert split_address(f"{BAD_HOST}/x/?p=1") == ("", "", "", "", "")
    assert split_address("https://example.org/x/?p=1").path == "/x/"


def test_the_home_page_skips_an_address_urllib_cannot_split() -> None:
    site = Site(link=BAD_HOST, base_blog_url=f"{BAD_HOST}/blog", base_site_url="https://a.org")
    assert home_of(site) == "https://a.org"
    assert home_of(Site(link=BAD_HOST)) == ""


@pytest.mark.parametrize("slug", ["．．", "‥", "%ef%bc%8e%ef%bc%8e", "．"])
def test_jekyll_normalizing_makes_no_dot_segment(slug: str) -> None:
    # NFKC makes "．．" (U+FF0E twice) and "‥" (U+2025) "..": a permalink /2024/06/../ is
    # written by Jekyll at /2024/06/, over the month's page.
    url = f"/2024/06/{slug}/"
    assert jekyll_url(url) == url
    assert jekyll_url("/2024/06/a．b/") == "/2024/06/a.b/"  # a dot inside a segment is fine


def test_a_jekyll_page_is_not_placed_over_the_home_page(tmp_path: Path) -> None:
    page = item(2, title="Dots", post_type="page").replace("hello-2", "．．")
    post = item(3, title="Post").replace("hello-3", "．．")
    post = post.replace(
        "<link>https://example.org/?p=3</link>", "<link>https://example.org/2024/06/．．/</link>"
    )
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(page, post))
    assert (
        main(
            [
                "convert",
                str(path),
                "--to",
                "markdown",
                "--flavor",
                "jekyll",
                "-o",
                str(tmp_path / "site"),
            ]
        )
        == 0
    )
    permalinks = [
        line
        for md in (tmp_path / "site").rglob("*.md")
        for line in md.read_text(encoding="utf-8").splitlines()
        if line.startswith("permalink:")
    ]
    assert permalinks and not [p for p in permalinks if "/../" in p or p.endswith("/..")]
