"""The site map's slug table is indexed only for the processes that ask the database
(``SiteTables.indexed``): not while the dicts hold every row (they answer, here and in
forked workers, and other processes get them as a blob: ``test_held_tables``), but once
they are dropped for the table's rows, whenever rows come."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_held_tables import _answers, _generated, _questions, _sitemap

from wxr_tools import index as index_module
from wxr_tools import sitetables
from wxr_tools.urlmap import SiteMap


def _slug_index(sitemap: SiteMap) -> bool:
    """Whether the database's plan for a slug lookup uses an index (else: a scan)."""
    tables = sitemap._tables
    db = sitemap.index.scratch.db
    plan = db.execute(f"EXPLAIN QUERY PLAN {tables._select['slug']}", ("x",)).fetchall()
    return any("INDEX" in str(row[-1]) for row in plan)


def test_no_index_while_the_dicts_hold_every_row(tmp_path: Path) -> None:
    sitemap = _sitemap(_generated(tmp_path))
    try:
        assert sitemap._tables._held is not None
        assert not _slug_index(sitemap)
        keys, ids = _questions(sitemap)
        held = _answers(sitemap, keys, ids)
        sitemap._tables._slugs_indexed = True  # as if made: the database without it first
        sitemap._tables._drop()
        assert not _slug_index(sitemap)
        assert _answers(sitemap, keys, ids) == held
        sitemap._tables._slugs_indexed = False
        sitemap._tables._index_slugs()  # and with it
        assert _answers(sitemap, keys, ids) == held
    finally:
        sitemap.index.close()


def test_indexed_past_the_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitetables, "HELD_BYTES", 8000)
    monkeypatch.setattr(index_module, "HELD_BYTES", 10000)
    sitemap = _sitemap(_generated(tmp_path))
    try:
        assert sitemap._tables._held is None
        assert _slug_index(sitemap)
    finally:
        sitemap.index.close()


def test_indexed_when_rows_come_after(tmp_path: Path) -> None:
    sitemap = _sitemap(_generated(tmp_path))
    try:
        assert not _slug_index(sitemap)
        sitemap._tables.add([("slug", "after", 10**6)])  # to the dicts: no index yet
        assert not _slug_index(sitemap)
        sitemap._tables._drop()
        assert _slug_index(sitemap)
        sitemap._tables.add([("slug", "later", 10**6 + 1)])  # made once
        sitemap._tables.indexed()
        assert sitemap._tables.slug("after") == [10**6]
        assert sitemap._tables.slug("later") == [10**6 + 1]
    finally:
        sitemap.index.close()
