"""Tests for the model's record helpers: evolve() and the pickled form."""

from __future__ import annotations

import copy
import copyreg
import dataclasses
import io
import pickle
from datetime import datetime
from typing import Any

import pytest

from wxr_tools import model
from wxr_tools.model import (
    Author,
    Comment,
    Extra,
    Item,
    Meta,
    Site,
    Term,
    TermRef,
    evolve,
)

WHEN = datetime(2011, 3, 4, 5, 6, 7)
META = (Meta(key="_thumbnail_id", value="12"), Meta(key="k", value='a:1:{i:0;s:1:"x";}'))
EXTRA = (Extra(name="{urn:x}thing", text="t", attrs={"a": "1"}, xml="<x:thing a='1'>t</x:thing>"),)
COMMENTS = (
    Comment(id=1, parent=0, author="Ann", content="Hi", date=WHEN, meta=META, approved="1"),
    Comment(id=2, parent=1, author="Bob", content="Re", content_html="<p>Re</p>\n", line=9),
)

# One record of each class with no field left at its default, so that a copy that
# dropped or mixed up any field would show.
SAMPLES: list[Any] = [
    META[0],
    EXTRA[0],
    Author(
        id=3,
        login="ann",
        email="a@e.org",
        display_name="Ann",
        first_name="A",
        last_name="N",
        derived=True,
    ),
    Term(
        id=4,
        taxonomy="category",
        slug="news",
        name="News",
        parent="top",
        description="d",
        meta=META,
        line=7,
    ),
    TermRef(taxonomy="post_tag", slug="t", name="T"),
    COMMENTS[0],
    Item(
        id=10,
        type="post",
        status="publish",
        title="T",
        slug="t",
        content="Body\n\nTwo",
        date=WHEN,
        date_gmt=WHEN,
        terms=(TermRef(taxonomy="category", slug="c", name="C"),),
        meta=META,
        comments=COMMENTS,
        extra=EXTRA,
        line=3,
        state="published",
        content_html="<p>Body</p>\n",
        summaries={"en": "S"},
        old_urls=("/a/",),
    ),
    Site(title="Blog", link="https://e.org", language="fr-CH", extra=EXTRA),
]
MODEL_CLASSES = {Meta, Extra, Author, Term, TermRef, Comment, Item, Site}


def test_samples_cover_every_model_class() -> None:
    records = {
        value
        for value in vars(model).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    }
    assert records == MODEL_CLASSES == {type(s) for s in SAMPLES}


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_evolve_gives_what_replace_gives(record: Any) -> None:
    assert evolve(record) == dataclasses.replace(record)
    assert evolve(record) is not record
    for f in dataclasses.fields(record):
        # A value of another type than the field's own: evolve, like replace, checks
        # names only; and a value equal to none the record holds.
        marker = object()
        copied = evolve(record, **{f.name: marker})
        assert copied == dataclasses.replace(record, **{f.name: marker})
        assert getattr(copied, f.name) is marker
        assert getattr(record, f.name) is not marker


def test_evolve_with_several_changes_keeps_the_others() -> None:
    item = SAMPLES[6]
    copied = evolve(item, title="New", comments=(), lang="fr")
    assert copied == dataclasses.replace(item, title="New", comments=(), lang="fr")
    assert (copied.title, copied.comments, copied.lang, copied.meta) == ("New", (), "fr", META)


def test_evolve_result_is_still_frozen() -> None:
    copied = evolve(META[0], key="x")
    # Made as an instance of a twin class with plain slots, then made a Meta.
    assert type(copied) is Meta and dataclasses.fields(copied) == dataclasses.fields(Meta)
    with pytest.raises(dataclasses.FrozenInstanceError):
        copied.key = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pickle.loads(pickle.dumps(copied)).value = "y"  # type: ignore[misc]


def test_evolve_refuses_unknown_fields_like_replace() -> None:
    with pytest.raises(TypeError):
        dataclasses.replace(COMMENTS[0], colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="colour"):
        evolve(COMMENTS[0], colour="red")
    with pytest.raises(TypeError, match="model record"):
        evolve(datetime(2020, 1, 1), year=2021)


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_pickle_round_trip(record: Any) -> None:
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(record, protocol))
        assert back == record
        assert type(back) is type(record)
    assert copy.deepcopy(record) == record


def test_pickled_item_keeps_comments_meta_terms_and_extra() -> None:
    item = SAMPLES[6]
    back = pickle.loads(pickle.dumps([item, item], pickle.HIGHEST_PROTOCOL))
    assert back == [item, item]
    assert back[0] is back[1]  # shared records stay shared, as pickle's memo promises
    got = back[0]
    assert got.comments == COMMENTS and got.comments[1].content_html == "<p>Re</p>\n"
    assert got.meta == META and got.extra[0].attrs == {"a": "1"}
    assert got.terms[0].slug == "c" and got.summaries == {"en": "S"}
    assert got.date == WHEN and got.old_urls == ("/a/",)


def test_pickled_form_is_the_flat_field_values() -> None:
    # The cheap form: a module-level constructor and the values, not __getstate__.
    rebuild, (cls, values) = META[0].__reduce__()
    assert cls is Meta and values == ("_thumbnail_id", "12")
    assert rebuild(cls, values) == META[0]


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_pickle_takes_the_flat_form_from_copyregs_table(record: Any) -> None:
    # copyreg's function is the one pickle uses (it looks there first): the same form
    # as __reduce__, so pickling through either gives the same bytes.
    reduce = copyreg.dispatch_table[type(record)]
    assert reduce(record) == record.__reduce__()

    class Plain(pickle.Pickler):
        dispatch_table: dict[type, Any] = {}  # noqa: RUF012 - empty: __reduce__ only

    out = io.BytesIO()
    Plain(out, pickle.HIGHEST_PROTOCOL).dump(record)
    assert pickle.dumps(record, pickle.HIGHEST_PROTOCOL) == out.getvalue()


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_records_are_made_through_a_twin_of_the_same_layout(record: Any) -> None:
    """A record is built as an instance of a subclass of its class that adds nothing
    (no slot, no ``__dict__``): assigning ``__class__`` then needs no comparison of
    the slot names. What comes out is the class's own, frozen, equal to the record the
    class's constructor makes, whether copied (``evolve``) or made from its values."""
    cls = type(record)
    make, _ = model._MAKERS.get(cls) or model._makers(cls)
    twin = cls.__subclasses__()[0]
    assert twin.__slots__ == () and twin.__basicsize__ == cls.__basicsize__
    assert not hasattr(twin, "__dict__") or "__dict__" not in twin.__dict__
    names = [f.name for f in dataclasses.fields(cls)]
    values = [getattr(record, name) for name in names]
    for made in (make(values), evolve(record), evolve(record, **{names[0]: values[0]})):
        assert type(made) is cls and made == record and made is not record
        assert made == cls(**dict(zip(names, values, strict=True)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, names[0], values[0])
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(made, names[0])
