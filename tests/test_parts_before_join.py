"""A conversion read in parts imports what reads and renders the parts (``parts``, the
writer's ``IN_PARTS`` module) before it waits for the index pass (``pipeline.open_items``),
not after, when the other cores are idle; a run in one process does not import them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from test_sitemap_learner import repeated_ids_export

from wxr_tools import index as index_module
from wxr_tools import pipeline
from wxr_tools.indexpass import IndexPass
from wxr_tools.reader import parallel as parallel_module
from wxr_tools.writers import IN_PARTS, WriteOptions

MODULES = ("wxr_tools.parts", IN_PARTS["markdown"])


def _imported_at_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> list[tuple[bool, ...]]:
    monkeypatch.setenv("WXR_WORKERS", workers)
    monkeypatch.setattr(parallel_module, "MINIMUM", 0)
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    monkeypatch.setattr(parallel_module, "SMALLEST_PART", 1 << 12)
    for name in MODULES:  # as a fresh process has them: not imported
        monkeypatch.delitem(sys.modules, name, raising=False)
    seen: list[tuple[bool, ...]] = []
    join = IndexPass.join

    def spy(self: IndexPass, *args: Any, **kwargs: Any) -> Any:
        seen.append(tuple(name in sys.modules for name in MODULES))
        return join(self, *args, **kwargs)

    monkeypatch.setattr(IndexPass, "join", spy)
    path = str(repeated_ids_export(tmp_path, 120))
    options = pipeline.Options(progress=False)
    pipeline.convert(path, "markdown", str(tmp_path / "out"), options, WriteOptions())
    return seen


def test_a_run_in_parts_imports_them_before_the_index_is_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _imported_at_join(tmp_path, monkeypatch, "2") == [(True, True)]


def test_a_run_in_one_process_does_not_import_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _imported_at_join(tmp_path, monkeypatch, "0") == [(False, False)]


def test_every_writer_read_in_parts_names_a_module_that_exists() -> None:
    import importlib

    for module in IN_PARTS.values():
        importlib.import_module(module)
