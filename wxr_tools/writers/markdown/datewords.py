"""Dates as each language writes them in prose: "12 mars 2010", "March 12, 2010",
"12. März 2010"; a month's archive titled "mars 2010", "marzo de 2010".

Dates were shown as 2010-03-12 in every language. The words are part of the skeleton's
table (``uiwords``), so that every flavor writes a date alike and a person can change
them there: ``date_long`` and ``month_year`` are patterns of ``{day}``, ``{month}``
and ``{year}``, ``month_1`` … ``month_12`` the months' names. Hugo's and Node's own
formats (``:date_long``, ``Intl.DateTimeFormat``) give the same for these languages
(CLDR's long date and year-month), as the tests check; the table is used all the same,
so that Jekyll (Liquid has no locale) writes what the others do, a language the table
lacks reads English in every flavor, and an edit to the table shows in every page.
"""

from __future__ import annotations

import re

Words = dict[str, str]

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}

_PATTERNS = {
    "en": ("{month} {day}, {year}", "{month} {year}"),
    "fr": ("{day} {month} {year}", "{month} {year}"),
    "de": ("{day}. {month} {year}", "{month} {year}"),
    "es": ("{day} de {month} de {year}", "{month} de {year}"),
    "it": ("{day} {month} {year}", "{month} {year}"),
    "pt": ("{day} de {month} de {year}", "{month} de {year}"),
    "nl": ("{day} {month} {year}", "{month} {year}"),
}
"""CLDR's long date (``d MMMM y``) and year-month (``MMMM y``) of each language."""


def date_words(lang: str) -> Words:
    """The date words of ``lang`` (one the table has): its patterns and months."""
    long, month_year = _PATTERNS[lang]
    months = _MONTHS[lang].split()
    return {
        "date_long": long,
        "month_year": month_year,
        **{f"month_{n}": name for n, name in enumerate(months, start=1)},
    }


_PLACEHOLDER = re.compile(r"\{(day|month|year)\}")


def fill(pattern: str, year: int, month: str, day: int | None = None) -> str:
    """``pattern``'s ``{day}``, ``{month}`` and ``{year}`` filled in, in one pass (a month
    name holding "{year}" stays as it is), as the layouts fill them."""
    # The pattern cut once at its placeholders (text, name, text, ..., text: what a
    # substitution scans), then joined with the values: a substitution called back into
    # Python for each placeholder, and a month's page asks once a month.
    parts = _PLANS.get(pattern)
    if parts is None:
        parts = tuple(_PLACEHOLDER.split(pattern))
        if len(_PLANS) < _MAX_PLANS:
            _PLANS[pattern] = parts
    values = {"year": str(year), "month": month, "day": "" if day is None else str(day)}
    out = list(parts)
    for n in range(1, len(out), 2):
        out[n] = values[out[n]]
    return "".join(out)


_PLANS: dict[str, tuple[str, ...]] = {}
"""Each pattern cut at its placeholders (the table's few, and any a test passes)."""
_MAX_PLANS = 256
