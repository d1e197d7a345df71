"""The date pages' shortcuts give what the long ways gave.

* ``archives.period_digits``: a period's digits formatted once, not in each of
  ``period_url``, ``period_old_paths`` and ``_Period.key``;
* ``DatePages._years``: each year's posts and languages from one pass over the months,
  not one pass a year (the languages in the same order: the redirect lists follow it);
* ``datewords.fill``: the pattern cut at its placeholders once, not a substitution
  calling back for each.

Each is compared with the computation it replaced, written here as it was.
"""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.archives import period_digits, period_old_paths, period_url
from wxr_tools.model import Item
from wxr_tools.writers.markdown import datewords
from wxr_tools.writers.markdown.datepages import DatePages, _Period

YEARS = st.integers(min_value=-20000, max_value=20000)
MONTHS = st.none() | st.integers(min_value=-15, max_value=15)


def _old_period_old_paths(year: int, month: int | None, home: str, front: str) -> list[str]:
    start = home.rstrip("/") + "/"
    key = f"{year:04d}/{month:02d}" if month else f"{year:04d}"
    query = key.replace("/", "")
    return [f"{start}{front}{key}/", f"{start}?m={query}"]


def _old_period_values(year: int, month: int | None) -> dict[str, str]:
    return {"yyyy": f"{year:04d}", "mm": f"{month:02d}" if month else ""}


def _old_key(year: int, month: int | None) -> str:
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


@given(YEARS, MONTHS, st.sampled_from(["/", "/blog/", "/blog"]), st.sampled_from(["", "a/"]))
def test_period_helpers_are_the_formats_they_replaced(
    year: int, month: int | None, home: str, front: str
) -> None:
    assert period_old_paths(year, month, home, front) == _old_period_old_paths(
        year, month, home, front
    )
    values = _old_period_values(year, month)
    assert period_digits(year, month) == (values["yyyy"], values["mm"])
    for pattern in ("/{yyyy}/{mm}/", "/{yyyy}/", "/dates/{yyyy}-{mm}", "/none/"):
        expected = "https://example.org" + re.sub(r"\{(\w+)\}", lambda m: values[m[1]], pattern)
        assert period_url(pattern, year, month, "https://example.org") == expected
    assert _Period(year, month).key == _old_key(year, month)


def _post(when: datetime) -> Item:
    return Item(id=1, type="post", status="publish", state="published", date=when)


LANGS = st.none() | st.sampled_from(["en", "fr", "None", "de", "pt-br", "zh-hant", ""])
SEEN = st.lists(
    st.tuples(
        st.integers(min_value=1990, max_value=2030),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=1, max_value=28),
        LANGS,
    ),
    max_size=80,
)


@given(SEEN)
def test_years_are_the_sums_and_sets_each_year_made(
    seen: list[tuple[int, int, int, str | None]],
) -> None:
    pages = DatePages("hugo", "/")
    for year, month, day, lang in seen:
        pages.see(_post(datetime(year, month, day, 12)), lang)
    posts, langs = pages._years()
    for year in {year for year, *_ in seen}:
        # The long way: a pass over every month for each year.
        assert posts[year] == sum(n for (y, _), n in pages._posts.items() if y == year)
        one_year = {lang for (y, _), ls in pages._langs.items() if y == year for lang in ls}
        assert langs[year] == one_year
        # The same set, element for element in its order: ``sorted(key=str)`` keeps the
        # order of None and "None", which sort alike.
        assert list(langs[year]) == list(one_year)
        assert sorted(langs[year], key=str) == sorted(one_year, key=str)
    assert set(posts) == set(langs) == {year for year, *_ in seen}


_OLD_PLACEHOLDER = re.compile(r"\{(day|month|year)\}")


def _old_fill(pattern: str, year: int, month: str, day: int | None = None) -> str:
    values = {"year": str(year), "month": month, "day": "" if day is None else str(day)}
    return _OLD_PLACEHOLDER.sub(lambda m: values[m[1]], pattern)


PIECES = st.sampled_from(["{day}", "{month}", "{year}", "{days}", "{", "}", "{{year}}", " de "])
PATTERNS = st.lists(PIECES | st.text(max_size=4), max_size=8).map("".join)


@given(PATTERNS, st.integers(min_value=-5, max_value=30000), st.text(max_size=6) | PIECES)
def test_fill_is_the_substitution(pattern: str, year: int, month: str) -> None:
    for day in (None, 1, 31):
        assert datewords.fill(pattern, year, month, day) == _old_fill(pattern, year, month, day)


def test_fill_of_the_tables_patterns() -> None:
    for lang, (long, month_year) in datewords._PATTERNS.items():
        for name in datewords.date_words(lang).values():
            for pattern in (long, month_year):
                assert datewords.fill(pattern, 2010, name, 3) == _old_fill(pattern, 2010, name, 3)
                assert datewords.fill(pattern, 2010, name) == _old_fill(pattern, 2010, name)
