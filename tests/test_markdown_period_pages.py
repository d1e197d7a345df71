"""Month and year pages, built by the real generators: each lists exactly the posts of
its days (the author's), newest first, and its feed the first 20 of them.

Jekyll's period layout does not look at every post of the site: it looks for the
period's posts by date among the days around it (``_includes/period-posts.html``), so
the posts here sit where a search that is a day short would miss them: just before and
after midnight at the turn of months and years, in UTC+14 and UTC-12, at either end of
the site, and with a date whose offset is not one (kept as the local time).
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from markdown_helpers import dated, page_file, site, site_build, written_documents
from wxr_builder import wxr

EDGES = {
    # post id → (local date, GMT date): the post's page is its local day's month's
    100: ("2021-01-01 00:05:00", "2020-12-31 10:05:00"),  # UTC+14: the site's first post
    101: ("2023-12-31 23:30:00", "2024-01-01 11:30:00"),  # UTC-12, the year's last day
    102: ("2024-01-01 00:10:00", "2023-12-31 10:10:00"),  # UTC+14, the year's first
    103: ("2024-01-31 23:50:00", "2024-02-01 11:50:00"),  # UTC-12, January's last day
    104: ("2024-03-01 00:05:00", "2024-02-29 10:05:00"),  # UTC+14, March's first
    105: ("2024-02-20 12:00:00", "2024-02-22 12:00:00"),  # two days apart: not an offset
    106: ("2024-06-30 23:59:00", "2024-07-01 11:59:00"),  # UTC-12: the site's last post
}


def _posts() -> dict[int, tuple[str, str]]:
    """Every post's local and GMT dates: ``EDGES``, one on the 15th of each month from
    2021 to mid-2024, and 22 more in May 2022 (its feed holds only 20)."""
    posts = dict(EDGES)
    post_id = 200
    for year in range(2021, 2025):
        for month in range(1, 13 if year < 2024 else 7):
            when = f"{year}-{month:02d}-15 12:00:00"
            posts[post_id] = (when, when)
            post_id += 1
    for day in range(1, 23):
        local = f"2022-05-{day:02d} 08:00:00"
        posts[post_id] = (local, f"2022-05-{day:02d} 06:00:00")  # UTC+2
        post_id += 1
    return posts


def _instant(local: str, gmt: str) -> str:
    """What the generators sort by: the GMT time, or the local one where the two are
    more than 14 hours apart (the writer keeps that one, read as UTC here)."""
    apart = datetime.fromisoformat(local) - datetime.fromisoformat(gmt)
    return gmt if abs(apart.total_seconds()) <= 14 * 3600 else local


def _listed(page: Path) -> list[str]:
    return [unquote(u) for u in re.findall(r'<li><a href="([^"]+)"', page.read_text("utf-8"))]


@pytest.mark.parametrize("flavor", ["jekyll", "hugo"])
def test_period_pages_list_exactly_their_posts_newest_first(flavor: str, tmp_path: Path) -> None:
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    posts = _posts()
    source, out, public = tmp_path / "export.xml", tmp_path / "site", tmp_path / "public"
    items = [dated(n, local, gmt, title=f"Post {n}") for n, (local, gmt) in posts.items()]
    source.write_bytes(wxr(*items))
    site(source, out, flavor=flavor)
    site_build(flavor, out, public)
    key = "url" if flavor == "hugo" else "permalink"
    docs = written_documents(out, "content" if flavor == "hugo" else ".")
    docs = [d for d in docs if key in d]
    url = {int(d["title"].split()[1]): unquote(d[key]) for d in docs if d["title"][:5] == "Post "}
    assert len(url) == len(posts)
    newest_first = sorted(posts, key=lambda n: _instant(*posts[n]), reverse=True)
    periods = [d for d in docs if d["wordpress"]["type"] in ("month", "year")]
    # Every month from January 2021 to June 2024, each year, and December 2020 none:
    # the first post's day in UTC.
    assert len(periods) == 42 + 4, sorted(d["period"] for d in periods)
    feed_name = "index.xml" if flavor == "hugo" else "feed.xml"
    for doc in periods:
        period = str(doc["period"])
        wanted = [url[n] for n in newest_first if posts[n][0].startswith(period)]
        listed = _listed(page_file(public, doc[key]))
        assert listed == wanted, (period, listed, wanted)
        feed = ElementTree.fromstring(page_file(public, doc[key] + feed_name).read_bytes())
        links = [unquote(urlsplit(e.text or "").path) for e in feed.iter("link")][1:]
        assert links == wanted[:20], (period, links)
    months = {str(d["period"]): d for d in periods}
    assert len(_listed(page_file(public, months["2022-05"][key]))) == 23
    assert url[101] in _listed(page_file(public, months["2023-12"][key]))
    assert url[102] in _listed(page_file(public, months["2024-01"][key]))
