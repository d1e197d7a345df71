"""What a render worker sends of an item (``sentitem``): the fields the writing process
reads, and every other one at its default on arrival; and that process reads no other."""

from __future__ import annotations

import io
import json
import pickle
import sys
from dataclasses import MISSING, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_path
from markdown_helpers import SAMPLE, tree

from wxr_tools.model import Item, TermRef, evolve
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import parallel
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown import workers
from wxr_tools.writers.markdown.sentitem import sent_item, sent_values

SENT = {
    "id",
    "type",
    "title",
    "slug",
    "link",
    "author",
    "date",
    "date_gmt",
    "modified",
    "terms",
    "line",
    "state",
    "lang",
    "translation_group",
    "url",
    "old_urls",
}
"""The fields the writing process reads of a placed item (``sentitem``'s docstring)."""


def every_field_set() -> Item:
    """An item whose every field holds a value of its own, none a default."""
    values: dict[str, Any] = {f.name: object() for f in fields(Item)}
    values["terms"] = (TermRef(taxonomy="category", slug="a", name="A"),)
    return Item(**values)


def default(name: str) -> Any:
    found = next(f for f in fields(Item) if f.name == name)
    assert found.default is not MISSING
    return found.default


def test_each_field_lands_in_its_place_or_at_its_default() -> None:
    """Every field in order: a value out of place, or a default missed, fails here."""
    item = every_field_set()
    sent = sent_item(sent_values(item, {}))
    for f in fields(Item):
        if f.name == "modified":  # the item has a date: not read, not sent
            assert sent.modified is None
        elif f.name == "terms":  # a new tuple of the same (shared) terms
            assert sent.terms == item.terms
        elif f.name in SENT:
            assert getattr(sent, f.name) is getattr(item, f.name), f.name
        else:
            assert getattr(sent, f.name) == default(f.name), f.name
    # The long way: the item copied with every field left out at its default.
    left_out = {f.name: default(f.name) for f in fields(Item) if f.name not in SENT}
    assert sent == evolve(item, modified=None, **left_out)


def test_modified_is_sent_only_as_the_date_of_a_dateless_item() -> None:
    when = datetime(2020, 1, 2, 3, 4, 5)
    for date, gmt in ((when, None), (None, when), (when, when)):
        item = Item(id=1, date=date, date_gmt=gmt, modified=when)
        assert sent_item(sent_values(item, {})).modified is None
    dateless = Item(id=1, modified=when)
    assert sent_item(sent_values(dateless, {})).modified == when


def test_equal_terms_are_pickled_once() -> None:
    """Terms equal in value become one object (pickled once), still equal to each item's."""
    terms: dict[tuple[str, str, str], TermRef] = {}

    def term() -> TermRef:
        return TermRef(taxonomy="post_tag", slug="x", name="X")

    first, second = Item(id=1, terms=(term(),)), Item(id=2, terms=(term(), term()))
    other = Item(id=3, terms=(TermRef(taxonomy="post_tag", slug="x", name="Y"),))
    sent = [sent_values(i, terms) for i in (first, second, other)]
    back = [sent_item(v) for v in pickle.loads(pickle.dumps(sent))]
    assert [b.terms for b in back] == [first.terms, second.terms, other.terms]
    assert back[0].terms[0] is back[1].terms[0] is back[1].terms[1]
    assert back[2].terms[0] is not back[0].terms[0]


def holes(values: tuple[Any, ...]) -> Item:
    """``sent_item``'s item with the fields not sent never set: reading one raises."""
    full = sent_item(values)
    item = object.__new__(Item)
    for name in SENT:
        object.__setattr__(item, name, getattr(full, name))
    return item


def converted(source: Path, out: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Any:
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(workers, "PART_SIZE", 4096)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    report = convert(
        str(source), "markdown", str(out), Options(progress=False), WriteOptions(**options)
    )
    return tree(out), json.dumps(report.to_json()), [d.format() for d in report.diagnostics]


@pytest.mark.parametrize(
    "source",
    [
        "sample",
        "fixtures/WPTT__theme-test-data__themeunittestdata.wordpress.xml",
        "blogs/charleso__blog__wordpress.xml",
    ],
)
@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_the_writing_process_reads_no_field_left_out(
    source: str, flavor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A conversion in parts whose placed items lack every field not sent (reading one
    raises) writes what one with them writes."""
    path = SAMPLE if source == "sample" else corpus_path(source)
    options = {"flavor": flavor, "redirects": "csv"}
    expected = converted(path, tmp_path / "a", monkeypatch, **options)
    monkeypatch.setattr(workers, "sent_item", holes)
    assert converted(path, tmp_path / "b", monkeypatch, **options) == expected


def test_a_pickled_record_carries_the_sent_item() -> None:
    """A record pickled with a whole item arrives with the item ``sentitem`` sends."""
    when = datetime(2021, 5, 6, 7, 8, 9)
    item = Item(
        id=3,
        type="post",
        status="publish",
        title="T",
        slug="t",
        guid="g",
        date=when,
        modified=when,
        content="<p>x</p>",
        password="pw",
        terms=(TermRef(taxonomy="category", slug="c", name="C"),),
        state="published",
        content_html="<p>x</p>",
        url="/t/",
    )
    record = pickle.loads(pickle.dumps(a_record_of(item), pickle.HIGHEST_PROTOCOL))
    left_out = {f.name: default(f.name) for f in fields(Item) if f.name not in SENT}
    assert record.item == evolve(item, modified=None, **left_out)
    assert record.item.title == "T" and record.item.terms == item.terms


def a_record_of(item: Item) -> workers.Record:
    from wxr_tools.writers.markdown.document import Rendered
    from wxr_tools.writers.markdown.paths import first_place, with_old

    placed = with_old(first_place(item, "hugo", "en", "t"), item, "hugo")
    return workers.Record(item, ("t", "slug"), 0, placed, Rendered(b"x", None, 0), 0, 0)
