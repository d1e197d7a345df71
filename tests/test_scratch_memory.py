"""Cross-item tables do not grow in memory with the number of items.

Measured with tracemalloc (Python's own allocations: deterministic, unlike RSS or
time), building the index and the site map and resolving a link to every item, for
N and 10N items. SQLite's page cache is not Python's memory; it is bounded by
``PRAGMA cache_size`` (``wxr_tools.scratch.CACHE_KIB``). The same measure of a plain
dict of the entries, what the index was, shows that the bound would catch it.
"""

from __future__ import annotations

import io
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from yaml_cases import SITE

from wxr_tools import index as index_module
from wxr_tools import scratch, sitetables, urlmap
from wxr_tools.config import Config
from wxr_tools.index import Entry, Index
from wxr_tools.model import Item
from wxr_tools.scratch import Scratch
from wxr_tools.urlmap import SiteMap
from wxr_tools.writers.markdown.allocation import Paths
from wxr_tools.writers.markdown.menus import Menus
from wxr_tools.writers.markdown.output import Output

SMALL, LARGE = 1_000, 10_000
BOUND = 1_500_000
"""Bytes that 9,000 more items may add to the peak (a dict of them adds several MB)."""


def entries(n: int) -> Iterator[Entry]:
    start = datetime(2010, 1, 1)
    for i in range(n):
        slug = f"a-post-about-something-{i}"
        date = start + timedelta(hours=i)
        yield Entry(
            id=i + 1,
            type="post",
            status="publish",
            slug=slug,
            link=f"https://example.org/{date:%Y/%m/%d}/{slug}/",
            guid=f"https://example.org/?p={i + 1}",
            parent=0,
            date=date,
            attachment_url="",
            attached_file="",
            thumbnail_id=None,
            terms=(("category", "news"), ("post_tag", f"tag-{i % 50}")),
            title=f"A post about something, number {i}",
            old_slugs=(f"old-{slug}",),
        )


def peak(work: Callable[[int], object], n: int) -> int:
    tracemalloc.start()
    try:
        work(n)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def index_and_site_map(n: int) -> None:
    with Index(entries(n)) as index:
        sitemap = SiteMap(SITE, index, Config())
        for e in entries(n):  # a link to every item, as a site's posts have
            target = sitemap.resolve(e.link, SITE.link)
            assert target is not None and target.entry is not None
            sitemap.url_of(target.entry, None, None)


def plain_dict(n: int) -> dict[int, Entry]:
    return {e.id: e for e in entries(n)}


def paths_handed_out(n: int) -> None:
    with Paths("hugo", "en") as paths:
        for e in entries(n):
            paths.allocate(Item(id=e.id, type="post", status="publish", slug=e.slug))


def writer_tables(n: int) -> None:
    """Every table of the markdown writer, in one database as a run has them: the
    places, aliases, items placed for the menus and files written (dry run)."""
    with tempfile.TemporaryDirectory() as root, Scratch() as db:
        output = Output(root, dry_run=True, out=io.StringIO(), scratch=db)
        menus = Menus(db, (), "en")
        paths = Paths("hugo", "en", db)
        for e in entries(n):
            item = Item(id=e.id, type="post", status="publish", slug=e.slug, title=e.title)
            placement = paths.allocate(item)
            menus.placed(item, placement)
            output.record(placement.path, "create")


@pytest.fixture(autouse=True)
def small_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    # The memos and the tables held in dicts too (``forkheld``) are bounded by design;
    # small ones make both sizes fill them.
    monkeypatch.setattr(index_module, "CACHE", 256)
    monkeypatch.setattr(urlmap, "MEMO", 256)
    monkeypatch.setattr(index_module, "HELD_BYTES", 200_000)
    monkeypatch.setattr(sitetables, "HELD_BYTES", 200_000)
    monkeypatch.setattr(scratch, "HELD_BYTES", 200_000)


def test_the_bound_catches_a_dict() -> None:
    assert peak(plain_dict, LARGE) - peak(plain_dict, SMALL) > BOUND


@pytest.mark.parametrize("work", [index_and_site_map, paths_handed_out, writer_tables])
def test_peak_does_not_grow_with_items(work: Callable[[int], object]) -> None:
    small, large = peak(work, SMALL), peak(work, LARGE)
    assert large - small < BOUND, (small, large)
