"""The scratch tables (index, site map, paths, redirects, splits) and their database.

Each table replaced a dict: it must answer as the dict did (the first item wins a key,
repeated ids, export order), and its temporary file must be gone after a run, whether
the run succeeded or failed.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import SAMPLE
from yaml_cases import SITE

from wxr_tools.config import Config
from wxr_tools.index import Entry, Index, build_index
from wxr_tools.lru import LRU
from wxr_tools.model import Item
from wxr_tools.pipeline import Options, convert, open_items
from wxr_tools.report import RunReport
from wxr_tools.scratch import SHARED_PREFIX, Scratch, id_key, open_databases
from wxr_tools.transforms import Context
from wxr_tools.transforms.languagetables import Splits
from wxr_tools.urlmap import SiteMap
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.allocation import Paths
from wxr_tools.writers.redirects import RedirectMap

HUGE = 2**70
"""An id no SQLite integer holds: a dict took it, the tables must too."""


def entry(item_id: int, slug: str = "", **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "id": item_id,
        "type": "post",
        "status": "publish",
        "slug": slug,
        "link": f"https://example.org/2010/03/{slug}/" if slug else "",
        "guid": f"https://example.org/?p={item_id}",
        "parent": 0,
        "date": datetime(2010, 3, 15, 10, 0),
        "attachment_url": "",
        "attached_file": "",
        "thumbnail_id": None,
        "terms": (("category", "news"),),
        "title": f"Title {item_id}",
    }
    return Entry(**(values | fields))


@pytest.fixture
def open_before() -> int:
    """Scratch databases open before the test (a test checks it leaves no more)."""
    gc.collect()
    return open_databases()


# -- the database ----------------------------------------------------------------------


def test_scratch_is_closed_by_close_with_and_collection(open_before: int) -> None:
    scratch = Scratch()
    assert open_databases() == open_before + 1
    scratch.close()
    scratch.close()  # twice: nothing happens
    assert scratch.closed and open_databases() == open_before
    with Scratch() as scratch:
        assert open_databases() == open_before + 1
    assert open_databases() == open_before
    Scratch()  # collected at once: nothing refers to it
    gc.collect()
    assert open_databases() == open_before


KILLED = """
import os, sys, time
from wxr_tools.scratch import Scratch
scratch = Scratch(cache_kib=64)
name = scratch.table("t", "k INTEGER PRIMARY KEY, v BLOB")
rows = ((n, os.urandom(200)) for n in range(50_000))
scratch.db.executemany(f"INSERT INTO {name} VALUES (?, ?)", rows)
print(len(os.listdir(sys.argv[1])), flush=True)
time.sleep(60)
"""


def test_a_killed_process_leaves_no_file(tmp_path: Path) -> None:
    """SQLite deletes the anonymous database's file as soon as it has opened it."""
    env = {**os.environ, "SQLITE_TMPDIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(tmp_path)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        files_while_running = child.stdout.readline().strip()
    finally:
        child.kill()
        child.wait()
    assert files_while_running == "0"  # 10 MB written, past the page cache: on disk, unnamed
    assert list(tmp_path.iterdir()) == []


def test_scratch_tables_have_distinct_names() -> None:
    with Scratch() as scratch:
        first = scratch.table("t", "a")
        second = scratch.table("t", "a")
        assert first != second


def test_id_key_keeps_sqlite_integers_and_spells_out_the_rest() -> None:
    assert id_key(None) is None
    assert id_key(-(2**63)) == -(2**63) and id_key(2**63 - 1) == 2**63 - 1
    assert id_key(2**63) == str(2**63)


def test_lru_forgets_the_least_recently_used() -> None:
    memo: LRU[str, int | None] = LRU(2)
    memo.put("a", 1)
    memo.put("b", None)
    assert memo.get("a", -1) == 1  # now the newest
    memo.put("c", 3)
    assert "b" not in memo and memo.get("b", -1) == -1
    assert "a" in memo and memo.get("c", -1) == 3 and len(memo) == 2
    with pytest.raises(ValueError):
        LRU(0)


def test_lru_put_again_makes_the_key_the_newest() -> None:
    memo: LRU[str, int | None] = LRU(2)
    memo.put("a", 1)
    memo.put("b", 2)
    memo.put("a", 10)  # held: replaced and the newest, nothing forgotten
    assert len(memo) == 2
    memo.put("c", None)  # "b" is the least recently used
    assert "b" not in memo and memo.get("c", -1) is None and memo.get("a", -1) == 10
    one: LRU[str, int] = LRU(1)
    one.put("x", 1)
    one.put("y", 2)
    assert "x" not in one and one.get("y", 0) == 2 and len(one) == 1


# -- the index --------------------------------------------------------------------------


def test_index_answers_as_a_dict_first_item_wins() -> None:
    entries = [entry(1, "a"), entry(2, "b"), entry(1, "again"), entry(HUGE, "h"), entry(2, "c")]
    reference: dict[int, Entry] = {}
    for e in entries:
        reference.setdefault(e.id, e)
    with Index(entries) as index:
        assert len(index) == len(reference) == 3
        assert index.duplicates == 2
        assert list(index.entries()) == list(reference.values())
        for item_id in (1, 2, HUGE, 3, -1, 2**64):
            assert index.get(item_id) == reference.get(item_id)
        assert index.get(1) is index.get(1)  # cached


def test_index_batches_keep_first_wins_across_batches() -> None:
    many = (entry(n % 1500, f"s{n}") for n in range(2500))  # repeats span two batches
    with Index(many) as index:
        assert len(index) == 1500 and index.duplicates == 1000
        found = index.get(10)
        assert found is not None and found.slug == "s10"


def test_index_miss_is_not_remembered() -> None:
    with Index() as index:
        assert index.get(7) is None
        index.add(entry(7, "late"))  # the media inventory learns from standard input so
        found = index.get(7)
        assert found is not None and found.slug == "late"


def test_index_keeps_every_field() -> None:
    full = entry(
        9,
        "photo",
        type="attachment",
        date=None,
        attachment_url="https://example.org/wp-content/uploads/2010/03/photo.jpg",
        attached_file="2010/03/photo.jpg",
        thumbnail_id=12,
        old_slugs=("old",),
        lang_meta="fr",
    )
    with Index([full]) as index:
        assert index.get(9) == full
        assert index.attachment_url(9) == full.attachment_url
        assert index.attachment_url(10) is None


def test_build_index_on_a_shared_database_leaves_it_open() -> None:
    with Scratch() as scratch:
        index = build_index(str(SAMPLE), scratch=scratch)
        index.close()  # not the index's to delete
        assert not scratch.closed and len(index) > 0


# -- the site map -----------------------------------------------------------------------


def test_site_map_first_item_wins_a_path_and_a_file() -> None:
    photo = "https://example.org/wp-content/uploads/2010/03/photo.jpg"
    entries = [
        entry(1, "same"),
        entry(2, "same"),  # the same permalink: item 1 keeps it
        entry(3, "photo", type="attachment", attachment_url=photo, guid=photo),
        entry(4, "photo-2", type="attachment", attachment_url=photo, guid=photo),
    ]
    with Index(entries) as index:
        sitemap = SiteMap(SITE, index, Config())
        target = sitemap.resolve("https://example.org/2010/03/same/", "https://example.org/")
        assert target is not None and target.entry is not None and target.entry.id == 1
        media = sitemap.resolve(photo.replace(".jpg", "-300x200.jpg"), "https://example.org/")
        assert media is not None and media.kind == "media"
        assert media.entry is not None and media.entry.id == 3


def test_site_map_slugs_keep_every_item_in_order() -> None:
    # Two items share a slug: an old permalink to it is ambiguous unless the date decides.
    entries = [
        entry(1, "slug", link="https://example.org/one/", date=datetime(2010, 3, 1)),
        entry(2, "other", link="https://example.org/two/", old_slugs=("slug",)),
    ]
    with Index(entries) as index:
        sitemap = SiteMap(SITE, index, Config())
        ambiguous = sitemap.resolve("https://example.org/archives/slug/", "")
        assert ambiguous is not None and ambiguous.kind == "missing"
        dated = sitemap.resolve("https://example.org/2010/03/01/slug/", "")
        assert dated is not None and dated.entry is not None and dated.entry.id == 1
        old = sitemap.resolve("https://example.org/2010/03/15/slug/", "")
        assert old is not None and old.form == "old-slug"
        assert old.entry is not None and old.entry.id == 2


def test_site_map_without_an_index_deletes_its_own(open_before: int) -> None:
    sitemap = SiteMap(SITE, None, Config())
    assert sitemap.resolve("https://example.org/x/", "") is not None
    assert open_databases() == open_before + 1
    sitemap.close()
    assert open_databases() == open_before


def test_site_map_memo_is_bounded() -> None:
    with Index([entry(n, f"p{n}") for n in range(50)]) as index:
        sitemap = SiteMap(SITE, index, Config())
        for n in range(50):
            sitemap.resolve(f"https://example.org/2010/03/p{n}/", "")
            sitemap.url_of(index.get(n) or entry(n), None, None)
        assert len(sitemap._memo) == len(sitemap._urls) == 50
        sitemap._memo = LRU(8)
        for n in range(50):
            found = sitemap.resolve(f"https://example.org/2010/03/p{n}/", "")
            assert found is not None and found.entry is not None and found.entry.id == n
        assert len(sitemap._memo) == 8


# -- language splits ---------------------------------------------------------------------


def test_splits_answer_as_a_dict_last_split_wins() -> None:
    with Scratch() as scratch:
        splits = Splits(scratch)
        assert splits.get(5) == ()
        splits.put(5, ("fr", "en"))
        splits.put(HUGE, ("en",))
        splits.put(5, ("en", "fr"))  # an id the export repeats: as dict assignment did
        assert splits.get(5) == ("en", "fr") and splits.get(HUGE) == ("en",)


# -- the markdown writer's registries ----------------------------------------------------


def post(item_id: int | None, slug: str, **fields: Any) -> Item:
    return Item(id=item_id, type="post", status="publish", slug=slug, **fields)


def test_paths_owner_of_a_clash_with_no_id_and_huge_ids() -> None:
    with Paths("hugo", "en") as paths:
        paths.allocate(post(None, "x"))
        paths.allocate(post(HUGE, "y"))
        paths.allocate(post(1, "x"))
        paths.allocate(post(2, "y"))
        assert [(ref.id, owner) for ref, owner, _, _ in paths.clashes] == [(1, None), (2, HUGE)]


def test_paths_url_clash_names_the_url_owner() -> None:
    with Paths("eleventy", "en") as paths:
        paths.allocate(post(1, "a", url="/same/"))
        renamed = paths.allocate(post(2, "b", url="/same/"))
        assert renamed.url == "/same-2/"
        assert [(ref.id, owner) for ref, owner, _, _ in paths.clashes] == [(2, 1)]


def test_redirect_map_keeps_order_first_claim_and_renders_twice() -> None:
    with RedirectMap() as redirects:
        redirects.add(["https://old.example/b/", "https://old.example/?p=2"], "/new-b/", 2)
        redirects.add(["https://old.example/a/"], "/new-a/", HUGE)
        redirects.add(["https://old.example/b/"], "/other/", 3)  # refused: item 2 has it
        redirects.add(["https://old.example/b/"], "/new-b/", 4)  # the same: no clash
        assert [(r.source, r.target, r.item_id) for r in redirects.rules()] == [
            ("/b/", "/new-b/", 2),
            ("/?p=2", "/new-b/", 2),
            ("/a/", "/new-a/", HUGE),
        ]
        assert [(k.item_id, r.item_id) for k, r in redirects.clashes] == [(2, 3)]
        nginx = redirects.render("nginx")
        assert redirects.render("nginx") == nginx  # the "seen" table starts over
        assert nginx.count(b'"/b" ') == 1
        csv = redirects.render("csv").decode()
        assert csv.splitlines()[1:] == ["/b/,/new-b/,2", "/?p=2,/new-b/,2", f"/a/,/new-a/,{HUGE}"]


# -- a run leaves nothing behind -----------------------------------------------------------


def test_a_run_deletes_its_databases(open_before: int, tmp_path: Path) -> None:
    options = WriteOptions(flavor="hugo", redirects="csv")
    report = convert(str(SAMPLE), "markdown", str(tmp_path / "site"), Options(), options)
    assert sum(report.items_written.values()) > 0
    assert open_databases() == open_before


def test_a_failed_run_deletes_its_databases(
    open_before: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wxr_tools.writers.markdown import skeleton

    def fail(*args: object) -> dict[str, bytes]:
        # After every item went through the index, the transforms and the path registry.
        assert open_databases() == open_before + 2  # the run's and the writer's
        raise OSError("disk full")

    monkeypatch.setattr(skeleton, "files", fail)
    with pytest.raises(OSError, match="disk full"):
        convert(str(SAMPLE), "markdown", str(tmp_path / "site"), Options(), WriteOptions())
    assert open_databases() == open_before


def test_opened_items_close_their_database(open_before: int) -> None:
    opened = open_items(str(SAMPLE), Options(), RunReport())
    with opened.export:
        items: Iterator[Item] = iter(opened.items)
        next(items)
        assert open_databases() == open_before + 1
    opened.close()
    assert open_databases() == open_before


def test_a_context_without_a_run_opens_its_own_database() -> None:
    ctx = Context(site=SITE)
    assert ctx.scratch is None
    assert ctx.scratch_db() is ctx.scratch_db()


def _lookup(index: Index, item_id: int) -> str | None:
    """Run in a worker process: an entry's slug, read from the shared copy."""
    entry = index.get(item_id)
    return entry.slug if entry is not None else None


def test_a_shared_copy_is_read_in_other_processes_and_deleted_with_its_database() -> None:
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    scratch = Scratch()
    index = Index(scratch=scratch)
    index.add_all(entry(n, slug=f"post-{n}") for n in (1, 2, HUGE))
    with pytest.raises(TypeError):
        pickle.dumps(index)  # not shared yet: nothing another process could open
    path = scratch.share()
    assert scratch.share() == path and os.path.isfile(path)
    index.add(entry(3, slug="after"))  # the copy does not change: workers see it as shared
    for method in ("fork", "spawn"):
        with ProcessPoolExecutor(2, mp_context=get_context(method)) as pool:
            found = list(pool.map(_lookup, [index] * 4, [1, 2, HUGE, 3]))
        assert found == ["post-1", "post-2", f"post-{HUGE}", None]
    copy = pickle.loads(pickle.dumps(index))
    with pytest.raises(sqlite3.OperationalError):  # read-only
        copy.add(entry(4, slug="x"))
    copy.scratch.close()
    scratch.close()
    assert not os.path.exists(path) and not os.path.exists(os.path.dirname(path))


def test_a_database_changed_since_its_copy_is_copied_again() -> None:
    # The --lang pass shares the index; the transforms in parts, later, its tables too.
    import pickle

    scratch = Scratch()
    index = Index(scratch=scratch)
    index.add(entry(1, slug="first"))
    first = scratch.share()
    assert scratch.share() == first  # nothing changed: the same copy
    index.add(entry(2, slug="second"))
    second = scratch.share()
    assert second != first and os.path.isfile(first)  # its workers may still read it
    copy = pickle.loads(pickle.dumps(index))
    assert [copy.get(n) is not None for n in (1, 2)] == [True, True]
    table = scratch.table("later", "x")  # a new table, no row: a change all the same
    third = scratch.share()
    assert third != second
    attached = pickle.loads(pickle.dumps(scratch))
    assert attached.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,)
    for done in (copy.scratch, attached):
        done.close()
    scratch.close()
    assert not any(os.path.exists(p) for p in (first, second, third, os.path.dirname(first)))


class _Late:
    """A table that writes its rows when its database is copied (``Scratch.before_share``)."""

    def __init__(self, scratch: Scratch) -> None:
        self.scratch = scratch
        self.table = scratch.table("late", "x")
        self.rows: list[int] = []
        scratch.before_share(self.write)

    def write(self) -> None:
        self.scratch.db.executemany(
            f"INSERT INTO {self.table} VALUES (?)", [(r,) for r in self.rows]
        )
        self.rows = []


def test_a_table_writes_before_its_database_is_copied() -> None:
    import pickle

    scratch = Scratch()
    late = _Late(scratch)
    late.rows = [1, 2]
    path = scratch.share()
    first = pickle.loads(pickle.dumps(scratch))
    assert first.db.execute(f"SELECT x FROM {late.table}").fetchall() == [(1,), (2,)]
    assert scratch.share() == path  # nothing written: the same copy
    late.rows = [3]
    assert scratch.share() != path  # the row written: a new copy, with it
    table = late.table
    del late
    gc.collect()
    scratch.share()  # its owner gone, nothing is called (held weakly)
    latest = pickle.loads(pickle.dumps(scratch))
    assert latest.db.execute(f"SELECT x FROM {table}").fetchall() == [(1,), (2,), (3,)]
    for done in (first, latest, scratch):
        done.close()


def test_sharing_deletes_the_copies_that_killed_runs_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed with SIGKILL cannot delete its shared copy; the next run does."""
    code = "import os; print(os.getpid())"
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    dead = int(finished.stdout)
    left = tmp_path / f"{SHARED_PREFIX}{dead}-abc"
    left.mkdir()
    (left / "shared.db").write_bytes(b"x")
    live = tmp_path / f"{SHARED_PREFIX}{os.getppid()}-def"  # a running process's copy
    live.mkdir()
    other = tmp_path / f"{SHARED_PREFIX}notapid"  # not named by a run of ours
    other.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with Scratch() as scratch:
        path = scratch.share()
        assert os.path.dirname(path).startswith(str(tmp_path / f"{SHARED_PREFIX}{os.getpid()}-"))
        assert not left.exists()
        assert live.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
