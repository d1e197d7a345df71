"""Every internal link of a built site leads to a file: the real generators' builds.

The fixture sites (the sample and the tricky export, ``merged_export``) with their media
files (``--media-from``), and what a dead-link audit of real blogs found: a slug whose
characters Jekyll's URL filters change (NFKC: a non-breaking hyphen, a superscript
two), and ``[video of …]`` written in a post's text. ``check_built`` (the other build
tests) runs the same check without the media files, which are not placed there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from link_helpers import dead_links, resolves
from markdown_helpers import merged_export, page_file, site, site_build, write_tricky
from media_convert_helpers import FILES
from wxr_builder import item

from wxr_tools.writers.markdown.urlforms import jekyll_url

HYPHEN_SLUG = "license%e2%80%91oriented-validator"
"""A slug as WordPress kept a real blog's: U+2011 (non-breaking hyphen), escaped."""
SQUARED = '\t\t<category domain="post_tag" nicename="thag%c2%b2"><![CDATA[thag²]]></category>\n'
"""A tag whose name and slug have U+00B2 (superscript two), as one of Nikola's tests."""


def audited_items() -> list[str]:
    hyphen = item(60, title="License-oriented validator", more=SQUARED)
    hyphen = hyphen.replace("hello-60", HYPHEN_SLUG)
    hyphen = hyphen.replace("/?p=60</link>", f"/2024/06/{HYPHEN_SLUG}/</link>")
    # Markdown link text in brackets: WordPress's [video] would take no file from it.
    body = (
        f'<p>See <a href="https://ctts.example.org/2024/06/{HYPHEN_SLUG}/">it</a>.</p>\n'
        "<p>Watch the [video of the talk][1].</p>"
    )
    return [hyphen, item(61, title="Pointer", body=body)]


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_no_internal_link_leads_nowhere(flavor: str, tmp_path: Path) -> None:
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    uploads = tmp_path / "uploads"
    for name, (data, _) in FILES.items():
        (uploads / name).parent.mkdir(parents=True, exist_ok=True)
        (uploads / name).write_bytes(data)
    export = merged_export(write_tricky(tmp_path), tmp_path, *audited_items())
    out, public = tmp_path / "site", tmp_path / "public"
    site(export, out, flavor=flavor, media_from=str(uploads))
    site_build(flavor, out, public)
    assert dead_links(public) == []
    # The post is listed on the home page and on its tag's page, at an address that is
    # its page; its WordPress address (and the one links were rewritten to) redirects.
    home = page_file(public, "/").read_text("utf-8")
    assert "License-oriented validator" in home
    old = f"/2024/06/{HYPHEN_SLUG}/"
    assert resolves(public, old)
    served = jekyll_url(old) if flavor == "jekyll" else old  # Hugo links it as it is
    assert "License-oriented validator" in page_file(public, served).read_text("utf-8")
    pointer = page_file(public, "/2024/06/hello-61/").read_text("utf-8")
    assert "[video of the talk][1]" in pointer and "<video" not in pointer


def test_jekyll_url() -> None:
    # Changed only where NFKC changes the decoded path; escapes of ASCII stay.
    assert jekyll_url(f"/2024/06/{HYPHEN_SLUG}/") == "/2024/06/license%E2%80%90oriented-validator/"
    assert jekyll_url("/tag/thag%c2%b2/") == "/tag/thag2/"
    assert jekyll_url("/2024/06/%e8%b0%83%e8%af%95nginx/") == "/2024/06/%e8%b0%83%e8%af%95nginx/"
    assert jekyll_url("/a%20b/caf%C3%A9/") == "/a%20b/caf%C3%A9/"
    assert jekyll_url("/a/b/") == "/a/b/"
    # A slash that normalizing makes (fullwidth solidus) stays inside its segment.
    assert jekyll_url("/x%ef%bc%8fy/") == "/x%2Fy/"
