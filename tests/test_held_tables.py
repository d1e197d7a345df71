"""The index's entries and the site map's keys held in dicts (``forkheld``) answer every
lookup as the database does: every key and id of the fixtures, generated exports (ids
repeated) and the corpus's exports, and keys and ids none has. A planted difference is
seen; past the bounds the dicts are dropped and the database answers; a worker forked
after the tables were made finds them when it unpickles its job, another process does not.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from markdown_helpers import SAMPLE
from test_index_insert import index_answers
from test_sitemap_learner import repeated_ids_export

from wxr_tools import forkheld, indexheld, sitetables
from wxr_tools import index as index_module
from wxr_tools.config import Config
from wxr_tools.diagnostics import InputError
from wxr_tools.index import CACHE, Entry, build_index
from wxr_tools.lru import LRU
from wxr_tools.reader import read
from wxr_tools.targetconfig import for_target
from wxr_tools.urlmap import SiteMap

EMPTY = ("post", "", "", "", "", 0, None, "", "", None, ())
"""An entry's fields after its id, for the ids no entry has."""


def _generated(tmp_path: Path) -> Path:
    return repeated_ids_export(tmp_path, 80)


def _sitemap(path: Path, rows: bool = False) -> SiteMap:
    """The site map (and index) of the export at ``path``, read strictly, else recovering.
    ``rows``: its tables learned as rows in the database from the first fact on, without
    dicts (what they did before the dicts kept them until dropped: the reference)."""
    for recover in (False, True):
        try:
            with read(str(path), recover=recover) as export:
                site, terms, authors = export.site, tuple(export.terms), tuple(export.authors)
            index = build_index(str(path), recover=recover)
        except InputError:
            continue
        config = for_target(Config(), "markdown", "hugo", None)
        sitemap = SiteMap(site, index, config, terms, authors, deferred=True)
        if rows:
            sitemap._tables._held = None
            index._drop()
        sitemap.learned()
        return sitemap
    pytest.skip(f"{path.name}: the reader refuses it even with --recover")


def _questions(sitemap: SiteMap) -> tuple[list[str], list[int]]:
    """Every key of the site map's tables and every id of the index, as the dicts (or
    the database) have them, and others that none has (near misses: a case, a slash, an
    id past the last)."""
    db = sitemap.index.scratch.db
    keys: set[str] = {"", "/", "x", "/nothing-here/"}
    held = sitemap._tables._held
    found: list[str] = []
    if held is not None:
        found = [*held.value.path, *held.value.media, *held.value.slug]
    for name in sitemap._tables._names.values():
        found += [key for (key,) in db.execute(f"SELECT key FROM {name}")]
    for key in found:
        keys.update((key, key.upper(), key + "/", key.rstrip("/")))
    table = sitemap.index._table
    ids = {int(found) for (found,) in db.execute(f"SELECT id FROM {table}")}
    ids.update(entry.id for entry in sitemap.index.entries())
    ids.update((0, -1, max(ids, default=0) + 1, 2**63, 2**70, -(2**63) - 1))
    return sorted(keys), sorted(ids)


def _answers(sitemap: SiteMap, keys: list[str], ids: list[int]) -> list[Any]:
    tables, index = sitemap._tables, sitemap.index
    index._cache = LRU(CACHE)  # every entry read from the form being asked
    return [
        [(tables.path(k), tables.media(k), tables.slug(k)) for k in keys],
        index_answers(index, [index.get(i) or Entry(i, *EMPTY) for i in ids]),
    ]


def _unknown(blob: bytes) -> Any:
    """``blob`` unpickled as in a process that inherited no dicts (not forked from this one)."""
    named = dict(forkheld._named)
    forkheld._named.clear()
    try:
        return pickle.loads(blob)
    finally:
        forkheld._named.update(named)


def _forms(sitemap: SiteMap, keys: list[str], ids: list[int]) -> list[list[Any]]:
    """The answers of the held dicts; of the shared copy's blob, read by a process that
    inherited no dicts; of the database, once the dicts are dropped (their rows written)."""
    assert sitemap._tables._held is not None and sitemap.index._held is not None
    held = _answers(sitemap, keys, ids)
    sitemap.index.scratch.share()
    copy = _unknown(pickle.dumps(sitemap))
    try:
        assert copy._tables._held is not None  # from the blob
        assert copy._tables._held is not sitemap._tables._held
        assert copy.index._held is not None  # from the blob
        assert copy.index._held is not sitemap.index._held
        blob = _answers(copy, keys, ids)
    finally:
        copy.index.scratch.close()
    sitemap._tables._drop()
    sitemap.index._drop()
    return [held, blob, _answers(sitemap, keys, ids)]


def _check(path: Path) -> None:
    """Every form answers what the tables learned as rows from the start answer."""
    sitemap, reference = _sitemap(path), _sitemap(path, rows=True)
    try:
        keys, ids = _questions(sitemap)
        assert _questions(reference) == (keys, ids)
        expected = _answers(reference, keys, ids)
        for answers in _forms(sitemap, keys, ids):
            assert answers == expected
    finally:
        sitemap.index.close()
        reference.index.close()


def test_sample_and_generated_answer_as_the_database(tmp_path: Path) -> None:
    _check(SAMPLE)
    generated = _generated(tmp_path)
    _check(generated)
    sitemap = _sitemap(generated)
    try:  # the repeated ids were looked up: the first item's entry and keys won
        assert sitemap.index.duplicates > 0
        first = next(e for e in sitemap.index.entries() if e.id == 3)
        assert sitemap.index.get(3) == first
    finally:
        sitemap.index.close()


def test_rows_blob_in_parts_answers_as_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's rows marshalled in many parts (``indexheld.DUMP_ROWS``) read back in
    order, as the database answers."""
    monkeypatch.setattr(indexheld, "DUMP_ROWS", 7)
    _check(_generated(tmp_path))


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_answers_as_the_database(name: str) -> None:
    _check(corpus_path(name))


def test_a_planted_difference_is_seen(tmp_path: Path) -> None:
    """The comparison above can fail: one key's id, one slug's ids, one entry changed."""
    path = _generated(tmp_path)
    for plant in ("path", "slug", "entry"):
        sitemap, reference = _sitemap(path), _sitemap(path, rows=True)
        try:
            keys, ids = _questions(sitemap)
            expected = _answers(reference, keys, ids)
            held, data = sitemap._tables._held, sitemap.index._held
            assert held is not None and data is not None
            if plant == "path":
                first = next(iter(held.value.path))
                held.value.path[first] += 1
            elif plant == "slug":
                first = next(iter(held.value.slug))
                held.value.slug[first] = [7, 8]
            else:
                first_id, second_id = list(data.value.data)[:2]
                data.value.data[first_id] = data.value.data[second_id]
            forms = _forms(sitemap, keys, ids)
            # The blob and the rows are made of the dicts: each form differs.
            assert all(answers != expected for answers in forms), plant
        finally:
            sitemap.index.close()
            reference.index.close()


def test_past_the_bounds_the_database_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _generated(tmp_path)
    full = _sitemap(path)
    try:
        keys, ids = _questions(full)
        expected = _answers(full, keys, ids)
    finally:
        full.index.close()
    monkeypatch.setattr(sitetables, "HELD_BYTES", 8000)
    monkeypatch.setattr(index_module, "HELD_BYTES", 10000)
    monkeypatch.setattr(index_module, "BATCH", 20)  # the entries come in several batches
    small = _sitemap(path)
    try:
        assert small._tables._held is None and small.index._held is None
        assert _answers(small, keys, ids) == expected
    finally:
        small.index.close()


def test_held_by_forks_only(tmp_path: Path) -> None:
    """Pickled, a held table is a name: this process and its forks find it by it (the
    job of a worker forked after the tables were made); a name no process made, nothing."""
    sitemap = _sitemap(_generated(tmp_path))
    try:
        sitemap.index.scratch.share()
        blob = pickle.dumps((sitemap._tables, sitemap.index))
        tables, index = pickle.loads(blob)
        assert tables._held is sitemap._tables._held and index._held is sitemap.index._held
        assert forkheld._found((os.getpid(), 10**12)) is None
        if not hasattr(os, "fork"):
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: unpickles the blob made before the fork
            try:
                tables, index = pickle.loads(blob)
                ok = tables._held is not None and index._held is not None
                ok = ok and tables.path(next(iter(tables._held.value.path))) is not None
                os.write(write_end, b"1" if ok else b"0")
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as answer:
            assert answer.read() == b"1"
        os.waitpid(pid, 0)
    finally:
        sitemap.index.close()


def test_another_process_asks_the_database(tmp_path: Path) -> None:
    """Unpickled where the name is unknown (as in a process not forked from this one),
    the tables have none of this process's dicts and answer from the shared database
    copy (a blob of the dicts), as the dicts do."""
    sitemap = _sitemap(_generated(tmp_path))
    try:
        sitemap.index.scratch.share()
        keys, ids = _questions(sitemap)
        expected = _answers(sitemap, keys, ids)
        copy = _unknown(pickle.dumps(sitemap))
        held = copy._tables._held
        assert held is not None and held is not sitemap._tables._held
        assert copy.index._held is not None and copy.index._held is not sitemap.index._held
        assert _answers(copy, keys, ids) == expected
        copy.index.scratch.close()
    finally:
        sitemap.index.close()


def test_rows_added_after_the_copy_are_not_held_for_other_processes(tmp_path: Path) -> None:
    """Other processes read the shared copy as it was made: an index or site map that got
    rows after it sends no dicts (they would answer what the copy lacks), until it is
    shared again."""
    sitemap = _sitemap(_generated(tmp_path))
    index = sitemap.index
    try:
        index.scratch.share()
        assert pickle.loads(pickle.dumps(index))._held is not None
        assert pickle.loads(pickle.dumps(sitemap._tables))._held is not None
        last = list(index.entries())[-1]
        index.add(last._replace(id=10**6, slug="after"))
        sitemap._tables.add([("slug", "after", 10**6)])
        copy = pickle.loads(pickle.dumps(index))  # the copy's blob, as shared
        assert copy._held is not index._held and copy.get(10**6) is None
        assert index.get(10**6) is not None
        tables = pickle.loads(pickle.dumps(sitemap._tables))  # the copy's blob, as shared
        assert tables._held is not sitemap._tables._held and tables.slug("after") == []
        assert sitemap._tables.slug("after") == [10**6]
        index.scratch.share()
        assert pickle.loads(pickle.dumps(index))._held is index._held
        tables = pickle.loads(pickle.dumps(sitemap._tables))
        assert tables._held is sitemap._tables._held
        assert _unknown(pickle.dumps(index)).get(10**6) is not None  # blob again
        assert _unknown(pickle.dumps(sitemap._tables)).slug("after") == [10**6]  # blob again
    finally:
        index.close()
