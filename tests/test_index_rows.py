"""The index's cheap paths give what the plain ones give.

* ``entry_of`` reads the meta in one pass: the same entry as from a dict of the meta.
* The light read skips fields: the entries are those of the full read.
* Rows are marshalled (the dates as ISO text): every entry reads back equal, with
  values of the same types.
* ``page_entry`` (the links transform's entry of an item's own URL) has the fields it
  fills as ``entry_of`` has them, and the others empty.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml_cases import SITE

from wxr_tools.config import DEFAULTS, Config, _merge
from wxr_tools.entries import PAGE_FIELDS, _split_languages, entry_of, lang_query, page_entry
from wxr_tools.index import Entry, Index
from wxr_tools.indexrows import dump_entry, load_entry
from wxr_tools.model import Item, Meta, TermRef
from wxr_tools.reader import read
from wxr_tools.urlmap import SiteMap


def _ascii_id(text: str) -> bool:
    """An id as the index reads one: ASCII digits, at most 18 (written out, not shared)."""
    return 0 < len(text) <= 18 and all("0" <= c <= "9" for c in text)


def plain_entry_of(item: Item, *, split: bool = False) -> Entry | None:
    """The index entry as first written: a dict of all the meta, fields by name."""
    if item.id is None:
        return None
    meta = {m.key: m.value for m in item.meta}
    thumbnail = meta.get("_thumbnail_id", "").strip()
    languages, qtranslate = _split_languages(item) if split else ((), False)
    lang_meta = (
        meta.get("_wpml_import_language_code")
        or meta.get("bb-post-language")
        or meta.get("language")
        or ""
    )
    return Entry(
        id=item.id,
        type=item.type,
        status=item.status,
        slug=item.slug,
        link=item.link,
        guid=item.guid,
        parent=item.parent,
        date=item.date,
        attachment_url=item.attachment_url,
        attached_file=meta.get("_wp_attached_file", ""),
        # An id is 1 to 18 ASCII digits: "²" is a digit to str.isdigit, and int() refuses it.
        thumbnail_id=int(thumbnail) if _ascii_id(thumbnail) else None,
        terms=tuple((t.taxonomy, t.slug) for t in item.terms),
        title=item.title,
        old_slugs=tuple(m.value.strip() for m in item.meta if m.key == "_wp_old_slug"),
        lang_meta=lang_meta.strip(),
        split=languages,
        author=item.author,
        wpml_group=(
            meta.get("_wpml_import_translation_group", "").strip()
            if meta.get("_wpml_import_language_code")
            else ""
        ),
        lang_query=lang_query(item, bool(meta.get("_wpml_import_language_code")), qtranslate),
        menu_order=item.menu_order if item.type == "attachment" else 0,
        modified=item.modified if item.type == "attachment" else None,
    )


KEYS = st.sampled_from(
    [
        "_thumbnail_id",
        "_wp_attached_file",
        "_wp_old_slug",
        "_wpml_import_language_code",
        "_wpml_import_translation_group",
        "bb-post-language",
        "language",
        "_edit_lock",
        "",
    ]
)
TEXT = st.text(max_size=12)
DATES = st.none() | st.datetimes(
    timezones=st.none() | st.just(UTC) | st.just(timezone(timedelta(hours=-5, minutes=-30)))
)


@st.composite
def items(draw: st.DrawFn) -> Item:
    return Item(
        id=draw(st.none() | st.integers(min_value=-(2**70), max_value=2**70)),
        type=draw(st.sampled_from(["post", "page", "attachment", ""])),
        slug=draw(TEXT),
        title=draw(st.sampled_from(["", "Titre [fr]", "[:en]A[:fr]B[:]"]) | TEXT),
        content=draw(st.sampled_from(["", "[:de]x[:it]y[:]", "<!--:fr-->a<!--:-->"])),
        date=draw(DATES),
        modified=draw(DATES),
        menu_order=draw(st.integers(min_value=-3, max_value=3)),
        parent=draw(st.integers(min_value=0, max_value=9)),
        meta=tuple(
            Meta(key=k, value=v)
            for k, v in draw(
                st.lists(st.tuples(KEYS, st.sampled_from([" 12 ", "7", "fr", "x"]) | TEXT))
            )
        ),
        terms=tuple(
            TermRef(taxonomy=t, slug=s, name="")
            for t, s in draw(st.lists(st.tuples(st.sampled_from(["category", "language"]), TEXT)))
        ),
    )


@settings(max_examples=300, deadline=None)
@given(items(), st.booleans())
def test_entry_of_is_the_plain_entry(item: Item, split: bool) -> None:
    assert entry_of(item, split=split) == plain_entry_of(item, split=split)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("\u00b2", None),
        ("\u0663", None),
        ("1" * 19, None),
        ("12a", None),
        ("", None),
    ],
)
def test_thumbnail_ids(value: str, expected: int | None) -> None:
    """Digits to ``str.isdigit`` but not an id ("²", Arabic-Indic three, 19 digits) give
    none: Hypothesis found "²" (the reference once took ``isdigit`` for an id, and int()
    refused it)."""
    item = Item(id=5, type="post", meta=(Meta(key="_thumbnail_id", value=value),))
    entry = entry_of(item)
    assert entry is not None and entry.thumbnail_id == expected
    assert plain_entry_of(item) == entry


def assert_page_entry(item: Item) -> None:
    """``page_entry(item)``: ``entry_of``'s ``PAGE_FIELDS``, every other field empty."""
    full, page = entry_of(item), page_entry(item)
    if full is None or page is None:
        assert full is page is None
        return
    assert type(page) is Entry
    for name in Entry._fields:
        expected = getattr(full, name) if name in PAGE_FIELDS else Entry._field_defaults.get(name)
        if name == "thumbnail_id":
            expected = None
        elif name == "terms":
            expected = ()
        assert getattr(page, name) == expected, name


@settings(max_examples=300, deadline=None)
@given(items())
def test_page_entry_is_the_entry_s_page_fields(item: Item) -> None:
    assert_page_entry(item)


@settings(max_examples=200, deadline=None)
@given(items(), st.sampled_from(["fr", None]), st.booleans())
def test_page_entry_gives_the_entry_s_urls(item: Item, lang: str | None, prefix: bool) -> None:
    """The new URL, the old URLs and the file the links transform makes of an item's
    ``page_entry`` are those of its ``entry_of``, whatever pattern names them."""
    full, page = entry_of(item), page_entry(item)
    if full is None or page is None:
        return
    patterns = {"other": "/{yyyy}/{mm}/{dd}/{slug}/{id}/{type}/{lang}/{langpath}/{path}/"}
    patterns["attachment"] = "{media}"
    config = Config(data=_merge(DEFAULTS, {"links": {"url_pattern": patterns}}, "test", ()))
    with Index() as index:
        sitemap = SiteMap(SITE, index, config)
        urls = [
            (
                sitemap.url_of(e, lang, "en", prefix_lang=prefix, memo=False),
                sitemap.old_urls(e, item.link, item.guid),
                sitemap.media_file(e),
            )
            for e in (full, page)
        ]
    assert urls[0] == urls[1]


@settings(max_examples=300, deadline=None)
@given(items())
def test_rows_read_back_equal(item: Item) -> None:
    entry = entry_of(item, split=True)
    if entry is None:
        return
    back = load_entry(dump_entry(entry))
    assert back == entry and type(back) is Entry
    assert [type(v) for v in back] == [type(v) for v in entry]
    assert back.date == entry.date and (back.date is None or back.date.tzinfo == entry.date.tzinfo)
    assert back.modified == entry.modified
    if entry.modified is not None and back.modified is not None:
        assert back.modified.tzinfo == entry.modified.tzinfo
    assert type(back.thumbnail_id) is type(entry.thumbnail_id)


def test_dates_keep_microseconds_and_offsets() -> None:
    date = datetime(2011, 3, 7, 9, 5, 1, 42, tzinfo=timezone(timedelta(hours=2)))
    entry = entry_of(Item(id=3, date=date))
    assert entry is not None
    assert load_entry(dump_entry(entry)).date == date
    assert load_entry(dump_entry(entry)).date.utcoffset() == timedelta(hours=2)  # type: ignore[union-attr]


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_entries(name: str) -> None:
    """Every item of the corpus: the same entry both ways; and the light read (which
    skips what no entry holds) gives the entries the full read gives."""
    found: dict[bool, list[Entry | None]] = {}
    for light in (True, False):
        with read(str(corpus_path(name)), recover=True, light=light) as export:
            found[light] = []
            for item in export:
                entry = entry_of(item, split=True)
                assert entry == plain_entry_of(item, split=True)
                assert_page_entry(item)
                if entry is not None:
                    assert load_entry(dump_entry(entry)) == entry
                found[light].append(entry)
    assert found[True] == found[False]
