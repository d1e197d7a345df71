"""Value objects made once or more an item that are no longer frozen dataclasses
(setting a frozen one's fields costs more than making it): they compare, hash and
pickle as their frozen selves did."""

from __future__ import annotations

import pickle
from dataclasses import fields, make_dataclass
from typing import Any

import pytest

from wxr_tools.model import Item
from wxr_tools.shortcodes import Shortcode, find_shortcodes
from wxr_tools.writers.markdown.document import Rendered
from wxr_tools.writers.markdown.parallel import Produced
from wxr_tools.writers.markdown.paths import first_place, with_old
from wxr_tools.writers.markdown.rawhtml import Protected, Raw, protect
from wxr_tools.writers.markdown.workers import Record


def frozen_twin(cls: type) -> type:
    """A frozen dataclass with ``cls``'s fields: what ``cls`` was."""
    return make_dataclass(
        f"Frozen{cls.__name__}", [f.name for f in fields(cls)], frozen=True, slots=True
    )


def a_record() -> Record:
    # Only fields a record sends (``sentitem``): the others come back at their default.
    item = Item(
        id=7,
        slug="hello",
        type="post",
        state="published",
        old_urls=("https://old.example/a/",),
        url="/hello/",
    )
    placed = with_old(first_place(item, "hugo", "en", "hello"), item, "hugo")
    rendered = Rendered(b"---\ntitle: x\n---\n", b"[]", 2, ("parent missing",))
    return Record(item, ("hello", "hello"), 2, placed, rendered, 3, 1)


def samples() -> list[Any]:
    protected = protect('<pre class="x">a < b</pre><p>x<!-- kept --></p>', "hugo")
    assert protected.raws, "the sample must hold tokens"
    found = list(find_shortcodes("[gallery ids='1,2' link=file]\n[caption id=x]text[/caption]"))
    assert found, "the sample must hold shortcodes"
    return [
        a_record(),
        Produced((("content/a.md", "create"),), 2, (("content/b.md", b"x"),), ("why",)),
        Produced((), 0),
        Raw("<b>x</b>", False, "tag"),
        Raw("```\nx\n```", True),
        protected,
        Protected("plain", {}, None),
        *found,
        Shortcode("", {"width": "1"}, (), None, 0, 0, ""),
    ]


@pytest.mark.parametrize("value", samples(), ids=lambda v: type(v).__name__)
def test_compares_hashes_and_pickles_as_its_frozen_self(value: Any) -> None:
    cls = type(value)
    values = tuple(getattr(value, f.name) for f in fields(cls))
    was = frozen_twin(cls)(*values)
    assert value == cls(*values) and value != was  # a twin is another class
    try:
        expected: int | None = hash(was)
    except TypeError:  # a field is a dict: no hash, frozen or not
        expected = None
    if expected is None:
        with pytest.raises(TypeError):
            hash(value)
    else:
        assert hash(value) == expected
    again = pickle.loads(pickle.dumps(value))
    assert type(again) is cls and again == value
    assert tuple(getattr(again, f.name) for f in fields(cls)) == values
    if expected is not None:
        assert hash(again) == hash(value) and {value: 1}[again] == 1


@pytest.mark.parametrize("value", samples(), ids=lambda v: type(v).__name__)
def test_one_field_apart_is_another_value(value: Any) -> None:
    cls = type(value)
    values = [getattr(value, f.name) for f in fields(cls)]
    assert cls(*values[:-1], object()) != value


def test_the_classes_are_not_frozen_and_keep_a_hash() -> None:
    """What cost was a frozen dataclass's ``__setattr__``; the hash stays defined."""
    classes: tuple[Any, ...] = (Record, Produced, Raw, Protected, Shortcode)
    for cls in classes:
        assert not cls.__dataclass_params__.frozen
        assert cls.__hash__ is not None and "__setattr__" not in cls.__dict__
