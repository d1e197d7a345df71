"""The markdown writer's tables give the same answers whether their rows are in memory
only, in the database only, or spilled from one to the other at any point of a run.

Each table (the keys ``Paths`` hands out, the pages and aliases, the items placed for
the menus, the files written) keeps its rows in memory until its database's budget
(``scratch.Budget``) is spent, then moves them to the database. Every sequence of calls
here is run with no budget (the database from the first row), with budgets spent after
a few rows (the spill at different points) and with one never spent; every answer must
be the same. Whole conversions compare the output trees and the messages too.
"""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_helpers import SAMPLE, site, tree
from test_markdown_aliases import _shared_old_url_export
from test_sitemap_learner import repeated_ids_export

from wxr_tools import scratch as scratch_module
from wxr_tools.scratch import Budget, Scratch
from wxr_tools.writers.markdown.aliases import Aliases
from wxr_tools.writers.markdown.allocation import _Taken
from wxr_tools.writers.markdown.menus import Menus
from wxr_tools.writers.markdown.output import MARKER, Output

NEVER = 1 << 40
"""A budget no test spends: the rows stay in memory."""


def _budgets(spent_at: list[int]) -> list[int]:
    return [0, *spent_at, NEVER]


def _scratch(budget: int) -> Scratch:
    scratch = Scratch()
    scratch.held = Budget(budget)
    return scratch


def _same_for_all(run: Any, spent_at: list[int]) -> None:
    """``run(scratch)``'s answers are the same whatever the budget; at least one run
    kept its rows in memory and one spilled them (the test tests both forms)."""
    answers = []
    for budget in _budgets(spent_at):
        with _scratch(budget) as scratch:
            answers.append(run(scratch))
    assert all(found == answers[-1] for found in answers), answers


KEY_LIST = ["/a", "/a/", "/A", "/b", "/b/", "/é", "/É/", "/c/d", "/c/d/"]
KEYS = st.sampled_from(KEY_LIST)
SPENT_AT = st.lists(st.integers(min_value=1, max_value=3000), max_size=3)


@settings(max_examples=150, deadline=None)
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(["put", "claim", "get", "in", "perhaps"]), KEYS, st.integers()),
        max_size=40,
    ),
    spent_at=SPENT_AT,
)
def test_taken_keys(ops: list[tuple[str, str, int]], spent_at: list[int]) -> None:
    def run(scratch: Scratch) -> list[Any]:
        taken = _Taken(scratch, "keys")
        answers: list[Any] = []
        for op, key, number in ops:
            item_id = None if number % 5 == 0 else number  # no id, and ids past SQLite's
            if op == "put":
                taken.put(key, item_id)
            elif op == "claim":
                answers.append(taken.claim(key))
            elif op == "get":
                answers.append(taken.get(key))
            elif op == "in":
                answers.append(key in taken)
            else:  # the filter may say "perhaps" of a key not taken, never "no" of one taken
                answers.append(taken.perhaps(key) or key not in taken)
        answers.append([(key, key in taken, taken.get(key)) for key in KEY_LIST])
        return answers

    _same_for_all(run, spent_at)


PATH_LIST = ["/a", "/a/", "/A/", "/b/", "/x/y", "/x/y/", "/%C3%A9/", "/é/", "/É", "/./", "/b/../"]
PATHS = st.sampled_from(PATH_LIST)


@settings(max_examples=150, deadline=None)
@given(
    places=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=5),
            st.booleans(),
            PATHS,
            st.lists(PATHS, max_size=4),
            st.booleans(),
        ),
        max_size=25,
    ),
    spent_at=SPENT_AT,
    jekyll=st.booleans(),
)
def test_aliases(
    places: list[tuple[int, bool, str, list[str], bool]], spent_at: list[int], jekyll: bool
) -> None:
    def run(scratch: Scratch) -> list[Any]:
        aliases = Aliases(scratch, jekyll=jekyll)
        answers: list[Any] = []
        for n, (item_id, published, url, old, archive) in enumerate(places):
            if archive:
                answers.append(aliases.place_archive(url, f"file-{n}", old))
            else:
                answers.append(aliases.place(item_id, n, published, url, f"file-{n}", old))
            answers.append([aliases.is_page(path) for path in PATH_LIST])
        return [answers, aliases.shared, aliases.later_pages, aliases.dotted]

    _same_for_all(run, spent_at)


@settings(max_examples=100, deadline=None)
@given(
    placed=st.lists(
        st.tuples(
            st.sampled_from([None, 1, 2, 3, 2**70]),
            st.sampled_from(["published", "draft"]),
            st.sampled_from([None, "en", "fr"]),
        ),
        max_size=30,
    ),
    spent_at=SPENT_AT,
)
def test_menus_placed(
    placed: list[tuple[int | None, str, str | None]], spent_at: list[int]
) -> None:
    def run(scratch: Scratch) -> list[Any]:
        menus = Menus(scratch, (), "en")
        for n, (item_id, state, lang) in enumerate(placed):
            item = SimpleNamespace(id=item_id, state=state, title=f"title {n}")
            placement = SimpleNamespace(url=f"/url-{n}/", lang=lang)
            menus.placed(item, placement)  # type: ignore[arg-type]
        return [menus.item_link(item_id) for item_id in (1, 2, 3, 4, 2**70)]

    _same_for_all(run, spent_at)


@settings(max_examples=60, deadline=None)
@given(
    paths=st.lists(
        st.sampled_from(["a.md", "b/c.md", "b/d.md", "é.md", "Z.md", "b/c/e.md"]), max_size=20
    ),
    previous=st.lists(st.sampled_from(["a.md", "old.md", "b/old.md", "Z.md"]), max_size=4),
    spent_at=SPENT_AT,
)
def test_files_written(
    tmp_path_factory: pytest.TempPathFactory,
    paths: list[str],
    previous: list[str],
    spent_at: list[int],
) -> None:
    def run(scratch: Scratch) -> list[Any]:
        root = tmp_path_factory.mktemp("out")
        for path in ("old.md", "b/old.md"):  # a previous run's files still there
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text("x", encoding="utf-8")
        files = ", ".join(f'"{p}"' for p in previous)
        (root / MARKER).write_text(f'{{"written_by": "wxr_tools", "files": [{files}]}}', "utf-8")
        output = Output(str(root), out=io.StringIO(), scratch=scratch)
        answers: list[Any] = []
        for n, path in enumerate(paths):
            if n % 3:
                output.record(path, "create")
            else:
                output.claim(path)
            answers.append([output.was_written(p) for p in ("a.md", "b/c.md", "old.md")])
        answers.append(output.stale())
        output.finish()
        answers.append((root / MARKER).read_text("utf-8"))
        return answers

    _same_for_all(run, spent_at)


def _exports(tmp_path: Path) -> list[Path]:
    return [SAMPLE, repeated_ids_export(tmp_path, 120), _shared_old_url_export(tmp_path)]


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_conversions_are_the_same_whatever_the_budget(
    flavor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number, source in enumerate(_exports(tmp_path)):
        found = []
        for budget in (0, 2_000, 20_000, 60_000, NEVER):
            monkeypatch.setattr(scratch_module, "HELD_BYTES", budget)
            out = tmp_path / f"out-{number}-{budget}"
            report = site(source, out, flavor=flavor, redirects="csv")
            messages = [(d.item_id, d.message) for d in report.diagnostics]
            found.append((tree(out), messages, dict(report.counts)))
        assert all(one == found[-1] for one in found), source.name
