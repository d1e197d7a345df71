"""The default transform pipeline over the whole WXR corpus: no exception, and the run
report adds up for every file (items read = written + excluded, the same for comments).

Files are read strictly when they can be, with ``--recover`` otherwise; a file the
reader refuses even with ``--recover`` is skipped, with the reader's diagnostic as the
reason. A few corpus facts pin the status and comment policies on real exports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params

from wxr_tools.diagnostics import InputError
from wxr_tools.model import Item
from wxr_tools.pipeline import Options, open_items
from wxr_tools.report import RunReport

STATES = {"published", "draft", "media"}


@dataclass
class Run:
    mode: str
    """``strict`` or ``recover``."""
    report: RunReport
    items: list[Item]


def run_default_pipeline(path: Path) -> Run:
    """The default pipeline over ``path``, strict first, then with recover."""
    refusal = None
    for mode in ("strict", "recover"):
        report = RunReport()
        try:
            opened = open_items(str(path), Options(recover=mode == "recover"), report)
            with opened.export:
                items = list(opened.items)
        except InputError as e:
            refusal = e.diagnostic.format()
            continue
        return Run(mode, report, items)
    pytest.skip(f"the reader refuses it even with --recover: {refusal}")


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_default_pipeline_adds_up(name: str) -> None:
    run = run_default_pipeline(corpus_path(name))
    report, items = run.report, run.items
    excluded = sum(report.items_excluded.values())
    assert report.items_read == len(items) + excluded, f"{run.mode}: {report.to_text()}"
    comments_written = sum(len(i.comments) for i in items)
    comments_excluded = sum(report.comments_excluded.values())
    assert report.comments_read == comments_written + comments_excluded, report.to_text()
    # Every exclusion has a reason a transform gave, not the pipeline's fallback.
    assert not [r for r in report.items_excluded if r.startswith("excluded by")]
    for item in items:
        assert item.state in STATES, (item.id, item.status, item.state)
        assert item.content_html is not None, item.id
        assert all(c.author_email == c.author_ip == "" for c in item.comments), item.id


CORPUS_FACTS = {
    # file: (mode, items by state, items excluded by reason, comments excluded by reason)
    "fixtures/getpelican__pelican__wordpressexport.xml": (
        "strict",
        {"published": 12, "draft": 4, "media": 4},
        {},
        {"trash excluded": 1},
    ),
    "fixtures/WordPress__wordpress-importer__small-export.xml": (
        "strict",
        {"published": 9, "draft": 1},
        {"private excluded": 1},
        {},
    ),
    "fixtures/hexojs__hexo-migrator-wordpress__wordpress.xml": (
        "strict",
        {"published": 5, "draft": 1},
        {"trash excluded": 13},
        {},
    ),
    "blogs/dmacvicar__dmacvicar.github.io.old.old__wordpress.xml": (
        "strict",
        {"published": 372, "media": 218, "draft": 6},
        {"trash excluded": 15},
        {"item excluded (status)": 2},
    ),
    "blogs/charleso__blog__wordpress.xml": (
        "strict",  # WordPress.com's undeclared atom: prefix is declared (WXR112)
        {"published": 20, "media": 2, "draft": 1},
        {"auto-draft excluded": 1},
        {},
    ),
    "blogs/TimothyFitz__timothyfitz.github.com__wordpress.xml": (
        "strict",  # WordPress.com's undeclared atom: prefix is declared (WXR112)
        {"published": 12, "media": 11, "draft": 1},
        {},
        {"pending excluded": 24},
    ),
}


@pytest.mark.parametrize("name", file_params(sorted(CORPUS_FACTS)))
def test_corpus_facts(name: str) -> None:
    mode, states, items_excluded, comments_excluded = CORPUS_FACTS[name]
    run = run_default_pipeline(corpus_path(name))
    assert run.mode == mode
    assert Counter(i.state for i in run.items) == states
    assert dict(run.report.items_excluded) == items_excluded
    assert dict(run.report.comments_excluded) == comments_excluded


def test_pelican_drafts_are_written_as_drafts() -> None:
    run = run_default_pipeline(corpus_path("fixtures/getpelican__pelican__wordpressexport.xml"))
    drafts = [i for i in run.items if i.status == "draft"]
    assert len(drafts) == 4
    assert {i.state for i in drafts} == {"draft"}
    assert run.report.counts["comment meta removed (privacy)"] == 3  # Akismet's form copies
    for item in run.items:
        keys = {m.key for c in item.comments for m in c.meta}
        assert "akismet_as_submitted" not in keys


def test_mojibake_repaired_in_a_real_blog() -> None:
    run = run_default_pipeline(corpus_path("blogs/cc-archive__labs__wordpress.xml"))
    repairs = [d for d in run.report.diagnostics if d.code == "WXR501"]
    assert len(repairs) == run.report.counts["mojibake repaired"] == 8
    assert any("CristÃ³bal" in d.message and "Cristóbal" in d.message for d in repairs)
    assert all(" -> " in d.message and d.item_id is not None for d in repairs)
