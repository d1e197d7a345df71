"""The Jekyll comments feed lists the newest comments first, whatever their year.

Liquid cannot sort records, so the feed sorts lines that start with a comment's epoch
seconds plus a constant, as text: the number must have the same width for every date.
With 10^10 added, a comment of 1960 (negative seconds) had ten digits where the others
had eleven, and came first, as the newest.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markdown_helpers import comment, jekyll_build
from wxr_builder import item, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions

pytestmark = pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll not installed")


def test_a_comment_before_1970_is_the_oldest(tmp_path: Path) -> None:
    comments = (
        comment(1, when=("1960-05-01 10:00:00", "1960-05-01 09:00:00"))
        + comment(2, when=("2010-03-12 10:00:00", "2010-03-12 09:00:00"))
        + comment(3, when=("1999-12-31 23:00:00", "1999-12-31 22:00:00"))
        + comment(4, when=("2024-06-06 10:00:00", "2024-06-06 08:00:00"))
    )
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(7, more=comments)))
    site = tmp_path / "site"
    convert(str(export), "markdown", str(site), Options(), WriteOptions(flavor="jekyll"))
    public = tmp_path / "public"
    jekyll_build(site, public)
    feed = (public / "comments" / "feed.xml").read_text(encoding="utf-8")
    order = [int(n) for n in re.findall(r"#comment-(\d+)</link>", feed)]
    assert order == [4, 2, 3, 1]
