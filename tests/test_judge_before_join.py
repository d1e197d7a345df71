"""A conversion read in parts loads ftfy's judge of mojibake before it waits for the index
pass (``pipeline.open_items``), not after, when the other cores are idle; a run in one
process still loads it on the first suspect text only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_sitemap_learner import repeated_ids_export

from wxr_tools import index as index_module
from wxr_tools import mojibake, pipeline
from wxr_tools.indexpass import IndexPass
from wxr_tools.reader import parallel as parallel_module
from wxr_tools.writers import WriteOptions


def _judge_at_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str, no: tuple[str, ...] = ()
) -> list[bool]:
    monkeypatch.setenv("WXR_WORKERS", workers)
    monkeypatch.setattr(parallel_module, "MINIMUM", 0)
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)
    monkeypatch.setattr(parallel_module, "SMALLEST_PART", 1 << 12)
    monkeypatch.setattr(mojibake, "_judge", None)
    seen: list[bool] = []
    join = IndexPass.join

    def spy(self: IndexPass, *args: Any, **kwargs: Any) -> Any:
        seen.append(mojibake._judge is not None)
        return join(self, *args, **kwargs)

    monkeypatch.setattr(IndexPass, "join", spy)
    path = str(repeated_ids_export(tmp_path, 120))
    options = pipeline.Options(progress=False, remove=no)
    pipeline.convert(path, "markdown", str(tmp_path / "out"), options, WriteOptions())
    return seen


def test_a_run_in_parts_loads_the_judge_before_the_index_is_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _judge_at_join(tmp_path, monkeypatch, "2") == [True]


def test_a_run_in_one_process_does_not_load_it_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _judge_at_join(tmp_path, monkeypatch, "0") == [False]


def test_a_run_without_the_text_transform_does_not_load_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _judge_at_join(tmp_path, monkeypatch, "2", no=("text",)) == [False]
