"""The reader makes one record for the copies of a term reference or a short meta row
among the items read lately (``elements.SHARED``): the items are those it makes when
it shares nothing, field for field, and what it keeps for that stays bounded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from wxr_builder import item, meta, wxr

from wxr_tools.diagnostics import InputError
from wxr_tools.model import Item
from wxr_tools.reader import elements, read


def category(taxonomy: str, slug: str, name: str) -> str:
    return f'\t\t<category domain="{taxonomy}" nicename="{slug}"><![CDATA[{name}]]></category>\n'


def items_of(data: bytes | Path, *, recover: bool = False) -> tuple[list[Item], str]:
    """The items of an export, or those before an error and the error's message."""
    source = data if isinstance(data, Path) else io.BytesIO(data)
    items: list[Item] = []
    try:
        with read(str(source) if isinstance(source, Path) else source, recover=recover) as e:
            items.extend(e)
    except InputError as error:
        return items, str(error)
    return items, ""


def unshared(monkeypatch: pytest.MonkeyPatch) -> None:
    """No value is short enough to share: every record is made anew."""
    monkeypatch.setattr(elements, "SHARED_VALUE", -1)


# Values that share a part but not all: a shared record must be taken by all its values.
TRICKY = wxr(
    item(
        1,
        more=category("category", "news", "News")
        + category("post_tag", "news", "News")
        + category("category", "news", "News ")  # the same once trimmed
        + meta("_edit_last", "1")
        + meta("_edit_lock", "1")
        + meta("_edit_last", "2")
        + meta("note", " 1")  # kept as is: not the value "1"
        + meta("long", "x" * 150)
        + meta("y" * 150, "1"),
    ),
    item(
        2,
        more=category("post_tag", "news", "News")
        + category("category", "News", "news")
        + category("tag", "news", "News")  # WXR 1.0's name for post_tag
        + meta("_edit_last", "1")
        + meta("long", "x" * 150)
        + meta("y" * 150, "1"),
    ),
    item(3, more=meta("_edit_last", "\n\t1\n")),  # a re-indented value: unindented
)


def test_shared_records_are_those_made_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    shared, _ = items_of(TRICKY)
    unshared(monkeypatch)
    made, _ = items_of(TRICKY)
    assert shared == made
    terms = [(t.taxonomy, t.slug, t.name) for i in shared for t in i.terms]
    assert terms == [
        ("category", "news", "News"),
        ("post_tag", "news", "News"),
        ("category", "news", "News"),
        ("post_tag", "news", "News"),
        ("category", "News", "news"),
        ("post_tag", "news", "News"),
    ]
    metas = [(m.key, m.value) for i in shared for m in i.meta]
    assert metas[:4] == [
        ("_edit_last", "1"),
        ("_edit_lock", "1"),
        ("_edit_last", "2"),
        ("note", " 1"),
    ]
    assert metas[-1] == ("_edit_last", "1")


def test_copies_are_one_record() -> None:
    first, second, third = items_of(TRICKY)[0]
    assert first.terms[0] is first.terms[2]  # equal once trimmed
    assert first.terms[1] is second.terms[0] is second.terms[2]
    assert first.meta[0] is second.meta[0] is third.meta[0]
    # Long values and keys are not kept for sharing: each copy is its own record.
    for long in (-2, -1):
        assert first.meta[long] == second.meta[long]
        assert first.meta[long] is not second.meta[long]


def test_what_is_kept_for_sharing_is_bounded() -> None:
    many = [
        item(n, more=category("post_tag", f"t{n}-{k}", f"T{n} {k}") + meta("k", f"{n}-{k}"))
        for n in range(1, 200)
        for k in range(1)
    ] + [
        item(1000 + k, more="".join(category("post_tag", f"m{k}-{j}", "M") for j in range(50)))
        for k in range(40)
    ]
    with read(io.BytesIO(wxr(*many))) as export:
        fields = export._fields
        largest = 0
        for _ in export:
            largest = max(largest, len(fields.term_refs) + len(fields.short_meta))
    assert 0 < largest <= elements.SHARED + 50  # an item's own records come after the check


@pytest.mark.parametrize("name", file_params(corpus_files()))
@pytest.mark.parametrize("recover", [False, True])
def test_corpus_items_are_those_made_anew(
    name: str, recover: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = corpus_path(name)
    shared = items_of(path, recover=recover)
    unshared(monkeypatch)
    assert shared == items_of(path, recover=recover)
