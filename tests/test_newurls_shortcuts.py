"""``NewUrls``'s shortcuts give what the long ways they skip give.

``slug_of`` keeps a plain slug (ASCII, no dot, "%" or NUL) without asking ``jekyll_dots``
and ``decoded``; ``_url_of`` asks ``jekyll_dots`` and ``single_slashes`` only of paths
their first tests do not pass; ``url_of`` takes a link target's URL from the item's own
(``memo=False``) when ``same_page`` says both entries make the same. The references below
are the long ways, kept here to compare against.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from entry_cases import an_entry
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml_cases import SITE

from wxr_tools.config import DEFAULTS, Config, _merge
from wxr_tools.index import Entry, Index
from wxr_tools.newurls import same_page
from wxr_tools.slugs import slugify
from wxr_tools.urlmap import SiteMap, fill
from wxr_tools.urlparts import decoded, jekyll_dots, single_slashes


def _sitemap(index: Index, patterns: dict[str, str]) -> SiteMap:
    user = {"links": {"base_url": "https://new.example.org", "url_pattern": patterns}}
    return SiteMap(SITE, index, Config(data=_merge(DEFAULTS, user, "test", ())))


def _reference_slug(entry: Entry) -> str:
    """``slug_of`` as it was: every slug asked of ``jekyll_dots`` and ``decoded``."""
    slug = entry.slug
    if slug and (jekyll_dots(f"/{slug}/") or not decoded(slug).strip("/\\")):
        slug = ""
    return slug or slugify(entry.title) or str(entry.id)


def _reference_url(
    sitemap: SiteMap, entry: Entry, lang: str | None, main: str | None
) -> str | None:
    """``_url_of`` as it was for a pattern without {media} or {path}: ``jekyll_dots`` and
    ``single_slashes`` asked of every path."""
    pattern = str(sitemap.patterns.get(entry.type, sitemap.patterns["other"]))
    date = entry.date
    values = {
        "yyyy": f"{date.year:04d}" if date else "0000",
        "mm": f"{date.month:02d}" if date else "00",
        "dd": f"{date.day:02d}" if date else "00",
        "slug": _reference_slug(entry),
        "id": str(entry.id),
        "type": entry.type,
        "lang": lang or "",
        "langpath": f"{lang}/" if lang and lang != main else "",
    }
    path = fill(pattern, values)
    if jekyll_dots(path):
        return None
    return sitemap.base_url + single_slashes(path)


# Slugs and texts with what the shortcuts test for: dots (plain, encoded, full-width, "‥",
# "…"), escapes, slashes, backslashes, NUL, and other non-ASCII letters.
odd = st.sampled_from(
    [
        ".",
        "..",
        "%2e",
        "%2E%2e",
        "%252e",
        "/",
        "\\",
        "%2F",
        "%5C",
        "\x00",
        "．",
        "‥",
        "…",
        "é",
        "%C3%A9",
        "ß",
        "-",
        "a",
        "1",
        "",
        "%",
        "%zz",
    ]
)
slugs = st.one_of(
    st.lists(st.one_of(odd, st.from_regex(r"[a-z0-9-]{1,6}", fullmatch=True)), max_size=5).map(
        "".join
    ),
    st.text(max_size=8),
)
titles = st.sampled_from(["", "Un été à Paris", "Hello, world", "...", "/"])


@settings(max_examples=600, deadline=None)
@given(slug=slugs, title=titles)
def test_slug_of_is_the_long_way(slug: str, title: str) -> None:
    entry = an_entry(7, slug=slug, title=title)
    with Index([]) as index:
        sitemap = _sitemap(index, {})
        assert sitemap.slug_of(entry) == _reference_slug(entry)


@settings(max_examples=400, deadline=None)
@given(
    literal=st.lists(odd, max_size=3).map("".join),
    slug=slugs,
    kind=st.sampled_from(["post", "..", "a.b", "x%2e", "été"]),
    date=st.one_of(st.none(), st.datetimes(datetime(1, 1, 1), datetime(9999, 1, 1))),
    lang=st.sampled_from([None, "", "fr", "en"]),
    main=st.sampled_from([None, "fr", "en"]),
    form=st.sampled_from(
        [
            "/{yyyy}/{mm}/{slug}/",
            "/{L}/{slug}/",
            "/{type}/{L}{id}/",
            "{L}//{slug}",
            "/{langpath}{L}/",
        ]
    ),
)
def test_url_of_asks_jekyll_dots_when_it_can_answer(
    literal: str,
    slug: str,
    kind: str,
    date: datetime | None,
    lang: str | None,
    main: str | None,
    form: str,
) -> None:
    pattern = form.replace("{L}", literal)
    entry = an_entry(5, type=kind, slug=slug, title="T", date=date)
    with Index([]) as index:
        sitemap = _sitemap(index, {kind: pattern})
        got = sitemap.url_of(entry, lang, main, memo=False)
        assert got == _reference_url(sitemap, entry, lang, main)


zones = st.sampled_from([None, UTC, timezone(timedelta(hours=5)), timezone(-timedelta(hours=9))])


@settings(max_examples=400, deadline=None)
@given(
    slugs=st.tuples(slugs, slugs),
    types=st.tuples(st.sampled_from(["post", "page"]), st.sampled_from(["post", "page"])),
    titles=st.tuples(titles, titles),
    moment=st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1)),
    zones=st.tuples(zones, zones),
    parents=st.tuples(st.sampled_from([0, 2]), st.sampled_from([0, 2])),
    status=st.tuples(st.sampled_from(["publish", "draft"]), st.sampled_from(["publish", "draft"])),
    lang=st.sampled_from([None, "fr"]),
    prefix_lang=st.booleans(),
)
def test_own_url_is_taken_only_for_a_same_page(
    slugs: tuple[str, str],
    types: tuple[str, str],
    titles: tuple[str, str],
    moment: datetime,
    zones: tuple[timezone | None, timezone | None],
    parents: tuple[int, int],
    status: tuple[str, str],
    lang: str | None,
    prefix_lang: bool,
) -> None:
    """The item's own entry (as the links transform makes it) and the index's entry of the
    same id differ in a field, or not: a link to it gets the index entry's URL either way.
    Equal moments in other time zones fall on other days: not the same page."""

    def made(n: int) -> Entry:
        date = moment.replace(tzinfo=zones[n])
        if zones[n] is not None and zones[0] is not None and zones[1] is not None:
            date = (moment.replace(tzinfo=UTC)).astimezone(zones[n])
        return an_entry(
            1,
            type=types[n],
            slug=slugs[n],
            title=titles[n],
            date=date,
            parent=parents[n],
            status=status[n],
        )

    own, indexed = made(0), made(1)
    patterns = {"post": "/{yyyy}/{mm}/{dd}/{slug}/", "page": "/{path}/"}
    parent = an_entry(2, type="page", slug="up")
    with Index([indexed, parent]) as index:
        sitemap = _sitemap(index, patterns)
        sitemap.url_of(own, lang, "en", prefix_lang=prefix_lang, memo=False)
        got = sitemap.url_of(indexed, lang, "en", prefix_lang=prefix_lang)
    with Index([indexed, parent]) as index:
        fresh = _sitemap(index, patterns).url_of(indexed, lang, "en", prefix_lang=prefix_lang)
    assert got == fresh
    if same_page(own, indexed):
        assert own.date is None or indexed.date is None or own.date.day == indexed.date.day


def test_same_page_tells_other_days_of_equal_moments() -> None:
    moment = datetime(2024, 6, 1, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    utc = moment.astimezone(UTC)  # 2024-05-31 23:30: equal, another month
    assert moment == utc
    assert not same_page(an_entry(1, date=moment), an_entry(1, date=utc))
    assert same_page(an_entry(1, date=moment), an_entry(1, date=moment.replace(hour=3)))
    assert not same_page(an_entry(1, slug="a"), an_entry(1, slug="b"))
    assert not same_page(an_entry(1, title="a"), an_entry(1, title="b"))
    assert same_page(an_entry(1, terms=(("tag", "x"),)), an_entry(1))  # a field not read
