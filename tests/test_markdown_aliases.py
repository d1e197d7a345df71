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

import pytest
from markdown_helpers import dated, site, site_build, written_documents
from wxr_builder import wxr


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
