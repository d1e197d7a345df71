"""The reader makes records from field values in order (``reader.records``)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.model import Comment, Extra, Item, Meta
from wxr_tools.reader.records import new_record, record_defaults, record_fields


def test_defaults_make_the_record_the_constructor_makes() -> None:
    assert new_record(Item, record_defaults(Item, id=None)) == Item(id=None)
    assert new_record(Comment, record_defaults(Comment, id=3, parent=0)) == Comment(id=3, parent=0)


@given(
    st.integers(),
    st.text(max_size=5),
    st.none() | st.datetimes(),
    st.integers(0, 10),
)
def test_values_go_to_their_fields(
    item_id: int, title: str, date: datetime | None, line: int
) -> None:
    positions = {name: i for i, name in enumerate(record_fields(Item))}
    row = list(record_defaults(Item, id=None))
    row[positions["id"]] = item_id
    row[positions["title"]] = title
    row[positions["date"]] = date
    row[positions["line"]] = line
    row[positions["meta"]] = (Meta(key="k", value="v"),)
    made = new_record(Item, row)
    assert made == Item(
        id=item_id, title=title, date=date, line=line, meta=(Meta(key="k", value="v"),)
    )


def test_fields_are_in_the_dataclass_order() -> None:
    assert record_fields(Item) == tuple(f.name for f in fields(Item))


def test_a_field_without_a_default_must_be_given() -> None:
    with pytest.raises(TypeError, match=r"Item\.id"):
        record_defaults(Item)


def test_a_default_factory_is_refused() -> None:
    # Extra.attrs is a fresh dict per record: a shared default would leak between them.
    with pytest.raises(TypeError, match=r"Extra\.attrs"):
        record_defaults(Extra, name="x", text="", xml="", line=None)
