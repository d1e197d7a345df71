"""The links transform's site map learned while the index is filled (``Learner``) is
the one learned from the whole index at once, and a conversion in parts that learns it
so writes the same files as one that learns it at the end."""

from __future__ import annotations

import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import SAMPLE

from wxr_tools import index as index_module
from wxr_tools import pipeline
from wxr_tools.config import Config
from wxr_tools.entries import entry_of
from wxr_tools.index import Entry, Index
from wxr_tools.reader import Export, read
from wxr_tools.reader import parallel as parallel_module
from wxr_tools.targetconfig import for_target
from wxr_tools.transforms.linktables import Learner
from wxr_tools.urlmap import SiteMap
from wxr_tools.writers import WriteOptions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import make_export


def repeated_ids_export(tmp_path: Path, posts: int = 60) -> Path:
    """A generated export whose ids 12, 13 and 40 repeat id 3 (test_held_tables too)."""
    buf = io.StringIO()
    make_export.write_export(buf, posts, 5)
    # Repeated ids: the first item wins each key, in the index and in the site map.
    data = buf.getvalue()
    for repeated in (12, 13, 40):
        data = data.replace(f"<wp:post_id>{repeated}</wp:post_id>", "<wp:post_id>3</wp:post_id>")
    path = tmp_path / "export.xml"
    path.write_text(data, encoding="utf-8")
    return path


def _entries(export: Export) -> list[Entry]:
    return [e for item in export if (e := entry_of(item, split=True)) is not None]


def _snapshot(sitemap: SiteMap, entries: list[Entry]) -> list[Any]:
    """What the map holds and answers: its tables' rows (and dicts) in their order, what it learned
    in memory (in the order it iterates it), and what every address of the export and
    its archives resolves to."""
    db = sitemap.index.scratch.db
    names = sitemap._tables._names
    rows: list[Any] = [
        list(db.execute(f"SELECT key, id FROM {names[kind]} ORDER BY {order}"))
        for kind, order in (("path", "key"), ("media", "key"), ("slug", "rowid"))
    ]
    held = sitemap._tables._held  # the tables, until dropped (``SiteTables._drop``)
    if held is not None:
        rows += [list(keys.items()) for keys in (held.value.path, held.value.media)]
        rows.append(list(held.value.slug.items()))
    learned = (
        sorted(sitemap.hosts),
        list(sitemap.upload_roots),
        sitemap.languages,
        sitemap._roots,
        pickle.dumps(sitemap.archived),
    )
    addresses = {sitemap.home}
    for entry in entries:
        addresses.update((entry.link, entry.guid, entry.attachment_url))
        addresses.update(f"{sitemap.home}/{taxonomy}/{slug}/" for taxonomy, slug in entry.terms)
        if entry.date is not None:
            addresses.add(f"{sitemap.home}/{entry.date:%Y/%m}/")
    answers = [(a, sitemap.resolve(a, sitemap.home)) for a in sorted(addresses) if a]
    return [rows, learned, answers]


@pytest.mark.parametrize("name", ["sample", "generated"])
@pytest.mark.parametrize("target", ["markdown", "ghost"])
@pytest.mark.parametrize("step", [1, 7, 1000])
def test_learned_part_by_part_as_at_once(tmp_path: Path, name: str, target: str, step: int) -> None:
    path = str(SAMPLE if name == "sample" else repeated_ids_export(tmp_path))
    config = for_target(Config(), target, "hugo", None)
    with read(path) as export:
        entries = _entries(export)
    with read(path) as export:  # the header alone, as the pipeline has it
        header = (export.site, tuple(export.terms), tuple(export.authors))
    site, terms, authors = header
    with Index(entries) as index:
        expected = _snapshot(SiteMap(site, index, config, terms, authors), entries)
    learner = Learner(site, config, terms, authors)
    with Index() as index:
        for start in range(0, len(entries), step):
            index.add_all(entries[start : start + step])
            learner(index)
        # A repeated id is not learned twice: the index keeps the first one only.
        assert (index.duplicates > 0) == (name == "generated")
        assert _snapshot(learner.learned(index), entries) == expected


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_run_in_parts_writes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small enough parts that the index and the items of a small export are cut.
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel_module, "MINIMUM", 0)
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    monkeypatch.setattr(parallel_module, "SMALLEST_PART", 1 << 12)
    path = str(repeated_ids_export(tmp_path, 120))
    learned: list[bool] = []
    early = pipeline._early_learner

    def spy(path: str, options: pipeline.Options) -> Any:
        export, learner = early(path, options)
        learned.append(learner is not None)
        return export, learner

    def late(path: str, options: pipeline.Options) -> Any:
        return read(path, recover=options.recover), None

    outputs = []
    for how in (spy, late):
        monkeypatch.setattr(pipeline, "_early_learner", how)
        out = tmp_path / how.__name__
        options = pipeline.Options(progress=False)
        report = pipeline.convert(path, "markdown", str(out), options, WriteOptions())
        outputs.append((_files(out), [str(d) for d in report.diagnostics], report.items_read))
    assert learned == [True]
    assert os.path.getsize(path) > 1 << 12  # so it was read in parts
    assert outputs[0] == outputs[1]
