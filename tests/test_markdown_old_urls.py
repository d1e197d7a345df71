"""``wxr convert --to markdown``: the old URLs. The redirect maps (every form, clashes
reported), and the redirect pages that aliases make never hiding a page of the site, on
a first run or a re-run. The site as a whole (safety, accounting, builds) is in
``test_markdown_writer_site.py``; the archives' old addresses in ``test_archives*.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from markdown_helpers import jekyll_build, site
from wxr_builder import item, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.frontmatter import parse


def test_redirect_maps(tmp_path: Path) -> None:
    from wxr_tools.writers.redirects import RedirectMap

    redirects = RedirectMap()
    redirects.add(["https://old.example/a/b/", "https://old.example/?p=7", "/new/"], "/new/", 7)
    redirects.add(["https://old.example/a/b/"], "/other/", 8)
    redirects.add(['https://old.example/x y/"$;'], "/z/", 9)
    assert [(r.source, r.target) for r in redirects.rules()] == [
        ("/a/b/", "/new/"),
        ("/?p=7", "/new/"),
        ("/x%20y/%22%24;", "/z/"),
    ]
    assert [(k.item_id, r.item_id) for k, r in redirects.clashes] == [(7, 8)]
    nginx = redirects.render("nginx").decode()
    assert '    "/a/b/" "/new/";\n    "/a/b" "/new/";\n    "/?p=7" "/new/";' in nginx
    apache = redirects.render("apache").decode()
    assert "RedirectMatch 301 ^/a/b/?$ /new/" in apache
    assert "RewriteCond %{QUERY_STRING} ^p=7$\nRewriteRule ^/?$ /new/? [R=301,L,NE]" in apache
    assert "/ p=7 /new/ 301" in redirects.render("netlify").decode()
    assert redirects.render("csv").decode().splitlines()[:2] == ["from,to,item_id", "/a/b/,/new/,7"]


def _page(post_id: int, slug: str, link: str, status: str = "publish") -> str:
    text = item(post_id, title=f"Page {post_id}", post_type="page", status=status)
    text = text.replace(f"https://example.org/?p={post_id}</link>", f"{link}</link>")
    return text.replace(
        f"<![CDATA[hello-{post_id}]]></wp:post_name>", f"<![CDATA[{slug}]]></wp:post_name>"
    )


SHADOWED = (
    2,
    "old URL /informacje/ of item 2 is now another page's URL: not redirected to /informacje-2/",
)


def _shadowing_export(tmp_path: Path) -> Path:
    """WordPress served page 2 at /informacje/; page 1, first with that slug, has it in
    the new site: a redirect from /informacje/ to page 2 would hide page 1."""
    source = tmp_path / "export.xml"
    pages = [
        _page(1, "informacje", "https://example.org/old-one/"),
        _page(2, "informacje", "https://example.org/informacje/"),
    ]
    source.write_bytes(wxr(*pages))
    return source


def test_an_old_url_that_is_now_another_page_is_not_redirected(tmp_path: Path) -> None:
    report = convert(
        str(_shadowing_export(tmp_path)),
        "markdown",
        str(tmp_path / "site"),
        Options(progress=False),
        WriteOptions(flavor="hugo", redirects="csv"),
    )
    rows = (tmp_path / "site/redirects.csv").read_text("utf-8").splitlines()
    site_wide = ("feed", "author", "sitemap")  # the old feeds, archive and sitemap
    assert [row for row in rows if not any(word in row for word in site_wide)] == [
        "from,to,item_id",
        "/old-one/,/informacje/,1",
        "/?page_id=1,/informacje/,1",
        "/?page_id=2,/informacje-2/,2",
    ]
    # And the old site's feed to the new one (Hugo's), for the readers subscribed to it.
    assert "/feed/,/index.xml," in rows and "/?feed=rss2,/index.xml," in rows
    shadowed = [(d.item_id, d.message) for d in report.diagnostics if d.code == "WXR415"]
    assert shadowed == [SHADOWED]  # once: the alias and the map's rule are one old URL
    page_2 = parse((tmp_path / "site/content/pages/informacje-2/index.fr.md").read_text("utf-8"))
    assert "aliases" not in page_2 and page_2["url"] == "/informacje-2/"


@pytest.mark.skipif(
    shutil.which("jekyll") is None,
    reason="jekyll is not installed (apt-get install jekyll ruby-jekyll-redirect-from)",
)
def test_an_alias_never_hides_a_page_in_jekyll(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = site(_shadowing_export(tmp_path), out, flavor="jekyll")
    assert [(d.item_id, d.message) for d in report.diagnostics if d.code == "WXR415"] == [SHADOWED]
    public = tmp_path / "_site"
    jekyll_build(out, public)
    served = (public / "informacje/index.html").read_text("utf-8")
    assert "Page 1" in served and "Redirecting" not in served
    assert "Page 2" in (public / "informacje-2/index.html").read_text("utf-8")
    assert "/informacje/" in (public / "old-one/index.html").read_text("utf-8")  # page 1's


def _later_page_export(source: Path, body: str = "Body") -> Path:
    """Post 1 was served at /apropos/; page 2, placed after it, now has that URL: the
    alias is taken out of post 1's file once page 2 is placed (``later_pages``)."""
    post = item(1, body=body).replace(
        "https://example.org/?p=1</link>", "https://example.org/apropos/</link>"
    )
    source.write_bytes(wxr(post, _page(2, "apropos", "https://example.org/?page_id=2")))
    return source


def _stamped(out: Path, past: int) -> dict[str, float]:
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    return {p.as_posix(): p.stat().st_mtime for p in out.rglob("*") if p.is_file()}


def test_rerun_after_a_later_page_hid_an_alias_rewrites_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = _later_page_export(tmp_path / "export.xml"), tmp_path / "site"
    first = site(source, out)
    post = out / "content/posts/hello-1/index.fr.md"
    assert "aliases" not in parse(post.read_text("utf-8"))
    assert [d.item_id for d in first.diagnostics if d.code == "WXR415"] == [1]
    before = _stamped(out, 1_000_000_000)
    capsys.readouterr()
    site(source, out, dry_run=True)
    assert "unchanged content/posts/hello-1/index.fr.md" in capsys.readouterr().out
    again = site(source, out)
    after = {p.as_posix(): p.stat().st_mtime for p in out.rglob("*") if p.is_file()}
    assert after == before  # not written with the alias, then without: not written
    assert again.counts["files created"] == again.counts["files updated"] == 0
    assert [d.item_id for d in again.diagnostics if d.code == "WXR415"] == [1]


def test_an_update_held_for_a_later_page_is_written_once_as_it_ends(tmp_path: Path) -> None:
    source, out = _later_page_export(tmp_path / "export.xml"), tmp_path / "site"
    site(source, out)
    before = _stamped(out, 1_000_000_000)
    report = site(_later_page_export(source, body="Edited"), out, dry_run=False)
    post = out / "content/posts/hello-1/index.fr.md"
    front = parse(post.read_text("utf-8"))
    assert "aliases" not in front and "Edited" in post.read_text("utf-8")
    assert report.counts["files updated"] == 1 and report.counts["files created"] == 0
    changed = [p for p, t in before.items() if Path(p).stat().st_mtime != t]
    assert changed == [post.as_posix()]


def test_a_drafts_url_hides_no_old_url(tmp_path: Path) -> None:
    """A draft is not published: the old URL it now has still redirects, in both forms."""
    source = tmp_path / "export.xml"
    pages = [
        _page(1, "informacje", "https://example.org/old-one/", status="draft"),
        _page(2, "informacje", "https://example.org/informacje/"),
    ]
    source.write_bytes(wxr(*pages))
    report = convert(
        str(source),
        "markdown",
        str(tmp_path / "site"),
        Options(progress=False),
        WriteOptions(flavor="hugo", redirects="csv"),
    )
    assert not [d for d in report.diagnostics if d.code == "WXR415"]
    rows = (tmp_path / "site/redirects.csv").read_text("utf-8").splitlines()
    assert "/informacje/,/informacje-2/,2" in rows
    page_2 = parse((tmp_path / "site/content/pages/informacje-2/index.fr.md").read_text("utf-8"))
    assert page_2["aliases"] == ["/informacje/"]
