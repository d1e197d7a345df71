"""Which old URLs the front matter lists as aliases, so that every output agrees.

An old URL two items had belongs to the first in the export, as in the redirect maps;
an old URL that is a published page's URL is no alias. The Hugo and Jekyll builds are
skipped when the tools are not installed; Eleventy and Astro are built with the same
cases in ``test_markdown_site_node_builds.py``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_helpers import SAMPLE, dated, site, site_build, tree, written_documents
from wxr_builder import item, wxr

from wxr_tools.scratch import Scratch
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.document import Settings, drop_aliases
from wxr_tools.writers.markdown.frontmatter import parse


def _shared_old_url_export(tmp_path: Path) -> Path:
    """Posts 41 and 42 had one old URL; 42, the second in the export, is the newer."""
    source = tmp_path / "shared.xml"
    posts = [
        dated(post_id, f"2024-06-0{day} 10:00:00", f"2024-06-0{day} 08:00:00")
        .replace(f"/?p={post_id}</link>", "/archives/shared/</link>")
        .replace(f"hello-{post_id}", slug)
        for post_id, day, slug in ((41, 1, "zz-first"), (42, 7, "aa-second"))
    ]
    source.write_bytes(wxr(*posts))
    return source


SHARED = (
    "old URL /archives/shared/ belongs to items 41 and 42: "
    "it redirects to /2024/06/zz-first/ (item 41)"
)


@pytest.mark.parametrize("redirects", [None, "csv"])
def test_an_old_url_two_items_had_is_the_first_ones(redirects: str | None, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = site(_shared_old_url_export(tmp_path), out, flavor="jekyll", redirects=redirects)
    assert [(d.item_id, d.message) for d in report.diagnostics] == [(42, SHARED)]
    docs = {d["wordpress"]["id"]: d for d in written_documents(out, "_posts")}
    assert docs[41]["redirect_from"] == ["/archives/shared/"]
    assert "redirect_from" not in docs[42]
    if redirects:
        rows = (out / "redirects.csv").read_text("utf-8").splitlines()
        assert "/archives/shared/,/2024/06/zz-first/,41" in rows


def test_an_old_url_two_items_of_one_id_had_is_said_so(tmp_path: Path) -> None:
    """An export that repeats an id (WXR200) gets no "items 41 and 41" in its messages."""
    source = tmp_path / "repeated.xml"
    source.write_bytes(
        _shared_old_url_export(tmp_path)
        .read_bytes()
        .replace(b"<wp:post_id>42<", b"<wp:post_id>41<")
    )
    report = site(source, tmp_path / "site", flavor="jekyll", redirects="csv")
    said = {(d.code, d.item_id, d.message) for d in report.diagnostics}
    assert said == {
        (
            "WXR411",
            41,
            f"old URL {old} belongs to two items with id 41 (the export repeats it, WXR200): "
            "it redirects to /2024/06/zz-first/ (the first item 41)",
        )
        for old in ("/archives/shared/", "/?p=41")  # the guid is the same too
    }


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_an_old_url_two_items_had_redirects_as_in_the_map(flavor: str, tmp_path: Path) -> None:
    """Jekyll made the redirect page of the newer post (the second here)."""
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    out, public = tmp_path / "site", tmp_path / "public"
    site(_shared_old_url_export(tmp_path), out, flavor=flavor, redirects="csv")
    site_build(flavor, out, public)
    rows = (out / "redirects.csv").read_text("utf-8").splitlines()
    assert "/archives/shared/,/2024/06/zz-first/,41" in rows
    served = (public / "archives/shared/index.html").read_text("utf-8")
    assert re.search(r'http-equiv="refresh" content="0; ?url=/2024/06/zz-first/"', served)


def _page(post_id: int, slug: str, old: str) -> str:
    text = item(post_id, title=f"Page {post_id}", post_type="page")
    text = text.replace(
        f"https://example.org/?p={post_id}</link>", f"https://example.org{old}</link>"
    )
    return text.replace(f"[hello-{post_id}]]></wp:post_name>", f"[{slug}]]></wp:post_name>")


LATER = (
    _page(1, "o-nas", "/informacje/"),  # WordPress served it at /informacje/; now /o-nas/
    _page(2, "informacje", "/old-two/"),  # now at /informacje/, placed after page 1
)
LATER_MESSAGE = (
    "old URL /informacje/ of item 1 is now another page's URL: not redirected to /o-nas/"
)


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro"])
@pytest.mark.parametrize("redirects", [None, "csv"])
def test_a_page_placed_later_takes_the_alias_out(
    flavor: str, redirects: str | None, tmp_path: Path
) -> None:
    """The file written is the one written when the page comes first in the export."""
    later, first = tmp_path / "later.xml", tmp_path / "first.xml"
    later.write_bytes(wxr(*LATER))
    first.write_bytes(wxr(*reversed(LATER)))
    report = site(later, tmp_path / "later", flavor=flavor, redirects=redirects)
    assert [(d.item_id, d.message) for d in report.diagnostics] == [(1, LATER_MESSAGE)]
    site(first, tmp_path / "first", flavor=flavor, redirects=redirects)
    written, expected = tree(tmp_path / "later"), tree(tmp_path / "first")
    o_nas = next(path for path in written if "o-nas" in path)
    fm = parse(written[o_nas].decode("utf-8"))
    assert "aliases" not in fm and "redirect_from" not in fm
    assert written[o_nas] == expected[o_nas]
    assert report.counts["files created"] == len(written) - 1  # the marker is not counted


def test_a_page_placed_later_in_a_dry_run(tmp_path: Path) -> None:
    source = tmp_path / "later.xml"
    source.write_bytes(wxr(*LATER))
    report = site(source, tmp_path / "site", flavor="jekyll", dry_run=True)
    assert [(d.item_id, d.message) for d in report.diagnostics] == [(1, LATER_MESSAGE)]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_a_page_placed_later_is_served(flavor: str, tmp_path: Path) -> None:
    """Jekyll wrote the redirect page over the page."""
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    source, out, public = tmp_path / "later.xml", tmp_path / "site", tmp_path / "public"
    source.write_bytes(wxr(*LATER))
    site(source, out, flavor=flavor)
    site_build(flavor, out, public)
    served = (public / "informacje/index.html").read_text("utf-8")
    assert "Page 2" in served and "refresh" not in served
    assert "/informacje/" in (public / "old-two/index.html").read_text("utf-8")


GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "writers" / "markdown"


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro", "toml"])
def test_front_matter_reads_back_as_written(flavor: str, tmp_path: Path) -> None:
    """``drop_aliases`` rewrites a file through the emitter: it must give the same bytes."""
    if flavor == "toml":
        site(SAMPLE, tmp_path, front_matter="toml")
        root, settings = tmp_path, Settings(flavor="hugo", front_matter="toml")
    else:
        root, settings = GOLDEN / flavor, Settings(flavor=flavor)
    documents = [p for p in root.rglob("*.md") if p.read_bytes().startswith((b"---\n", b"+++\n"))]
    assert len(documents) >= 9
    key = "redirect_from" if flavor == "jekyll" else "aliases"
    for path in documents:
        data = path.read_bytes()
        assert drop_aliases(data, (), settings) == data, path
        aliases = parse(data.decode("utf-8")).get(key, [])
        dropped = drop_aliases(data, aliases, settings)
        assert dropped is not None and key not in parse(dropped.decode("utf-8"))
        assert data.endswith(
            dropped[dropped.index(b"\n---\n" if flavor != "toml" else b"\n+++\n", 3) :]
        )


def test_a_front_matter_not_as_written_is_left() -> None:
    settings = Settings(flavor="hugo")
    assert (
        drop_aliases(b"---\ntitle:   spaced\naliases: [/a/]\n---\nBody\n", ["/a/"], settings)
        is None
    )
    assert drop_aliases(b"---\ntitle: [unclosed\n---\n", ["/a/"], settings) is None


_paths = st.sampled_from(["/a", "/a/", "/A/", "/é/", "/%C3%A9/", "/%c3%a9", "/b/a/", "/a//"])


@settings(max_examples=200, deadline=None)
@given(alias=_paths, url=_paths)
def test_a_page_hides_an_alias_whichever_comes_first(alias: str, url: str) -> None:
    """Placed before, the page keeps the alias out (``hidden``); placed after, it lists
    the file to take it out of (``later_pages``): the same pairs either way."""
    old = [unquote(alias)]
    with Scratch() as one, Scratch() as two:
        before = Aliases(one)
        before.place(1, None, True, url, "page.md", [])
        hidden, _ = before.place(2, None, True, "/item/", "item.md", old)
        after = Aliases(two)
        after.place(2, None, True, "/item/", "item.md", old)
        after.place(1, None, True, url, "page.md", [])
    assert bool(hidden) == bool(after.later_pages)
    assert [(p.file, p.alias) for p in after.later_pages] == [("item.md", a) for a in hidden]
