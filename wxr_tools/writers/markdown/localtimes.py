"""Page dates as the author's site showed them: local time with its UTC offset.

Dates carry the author's UTC offset when the export gives both the local and the GMT
time (``2010-03-15 09:12:00+01:00``): the page is dated as the author saw it, and
the instant is exact. Jekyll gets the string form its documentation gives
(``2010-03-15 09:12:00 +0100``). URLs never depend on how a generator reads dates
(the site's time zone, the build machine's): the writer states them. Front matter
(``frontmatter``) and comments' data files (``comments``) write them by the thousand,
hence the shortcuts, each checked against the long way in the tests.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

from wxr_tools.digits import TWO_DIGITS

_MAX_OFFSET_MINUTES = 14 * 60
_ZONES: dict[int, timezone] = {}
"""Offset in minutes -> its zone: a blog has a few (its zone, summer and winter), and
every post and comment asks for one."""


def local_time(local: datetime | None, gmt: datetime | None) -> datetime | None:
    """The local time with the offset that ``gmt`` implies, when it is a real one."""
    if local is None:
        return gmt.replace(tzinfo=UTC) if gmt is not None else None
    if gmt is None:
        return local
    difference = local - gmt
    start = _STARTS.get(difference, _NOT_KEPT)
    if start is _NOT_KEPT:
        start = _start_of(difference)
        if len(_STARTS) < _STARTS_MAX:
            _STARTS[difference] = start
    if start is None:
        return local  # not an offset: one of the two dates is wrong; keep the local one
    if type(local) is datetime and local.tzinfo is None and not local.fold:
        # ``local.replace(tzinfo=zone)`` parses its keywords in C's slowest way, and
        # cost four times this sum: adding to a time keeps its zone, and counts in its
        # wall clock, so the start of 2000 in the zone plus the time since that start
        # (naive) is the same time, in the zone (fold 0, as ``local``'s).
        return start + (local - _NAIVE_START)
    assert start.tzinfo is not None
    return local.replace(tzinfo=start.tzinfo)


def _start_of(difference: timedelta) -> datetime | None:
    """The start of 2000 in the zone of the offset ``difference`` (local less GMT)
    rounds to, or None when it is not an offset."""
    minutes = round(difference.total_seconds() / 60)
    if abs(minutes) > _MAX_OFFSET_MINUTES:
        return None
    zone = _ZONES.get(minutes)
    if zone is None:  # at most one per minute in ±14 hours: bounded
        zone = _ZONES[minutes] = timezone(timedelta(minutes=minutes))
    return _NAIVE_START.replace(tzinfo=zone)


_NAIVE_START = datetime(2000, 1, 1)
_STARTS: dict[timedelta, datetime | None] = {}
"""Local time less GMT -> ``_start_of`` it: a blog's posts have a few (its zone, summer
and winter; a difference of a few seconds when the two times were saved a moment apart
rounds to the same zone, and is kept apart)."""
_STARTS_MAX = 256  # then each further difference is worked out, not kept
_NOT_KEPT = datetime.min  # ``_STARTS.get``'s answer for a difference it does not hold


def local_iso(local: datetime | None, gmt: datetime | None) -> str | None:
    """``iso(local_time(local, gmt))`` (None for None), without making the aware time.

    ``isoformat`` of an aware time is that of the naive one and then its offset, and
    making the aware one (``replace``) and writing it cost three times writing the
    naive one: a comment's date is written once, in its data file, and comments are
    many. The offset's text is kept by the difference of the two times it comes from
    (``_OFFSETS``): a blog's comments have a few (its zone, summer and winter), and
    working it out (seconds, rounding, bounds) cost half of writing the time.
    """
    if local is None or gmt is None or local.tzinfo is not None or gmt.tzinfo is not None:
        value = local_time(local, gmt)  # no offset to work out
        return value.isoformat() if value is not None else None
    difference = local - gmt
    offset = _OFFSETS.get(difference)
    if offset is None:
        minutes = round(difference.total_seconds() / 60)
        if abs(minutes) > _MAX_OFFSET_MINUTES:
            offset = ""  # not an offset (as ``local_time`` says): the local time alone
        else:
            sign = "-" if minutes < 0 else "+"
            offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        if len(_OFFSETS) < _OFFSETS_MAX:
            _OFFSETS[difference] = offset
    # ``isoformat(local, "T")`` is ``local.isoformat()``, its microseconds included.
    return isoformat(local, "T") + offset


_OFFSETS: dict[timedelta, str] = {}
"""Local time less GMT -> the offset's text as ``isoformat`` writes it (``+01:00``,
``-03:30``; "" when it is not an offset). A difference of a few seconds (the two
times were saved a moment apart) rounds to the same minute: each is kept."""
_OFFSETS_MAX = 256  # then each further difference is worked out, not kept


def isoformat(value: datetime, sep: str) -> str:
    """``value.isoformat(sep)``, written from strings made once when it can be.

    ``isoformat`` formats each number with C's ``sprintf``, which cost twice joining
    ready-made digits, and front matter and comments write dates by the thousand. The
    shortcut takes a time without microseconds whose offset is none or fixed (a
    ``timezone``, as ``local_time`` makes): what follows the seconds is then the same
    for every time of that zone, and is taken once from ``isoformat`` itself. Any
    other time is written by ``isoformat``.
    """
    zone = value.tzinfo
    if value.microsecond or (zone is not None and type(zone) is not timezone):
        return value.isoformat(sep)
    offset = _ZONE_OFFSETS.get(zone)
    if offset is None:
        offset = value.isoformat(sep)[19:]  # "YYYY-MM-DD HH:MM:SS": the year has 4 digits
        if len(_ZONE_OFFSETS) < _ZONE_OFFSETS_MAX:
            _ZONE_OFFSETS[zone] = offset
    year = value.year
    two = TWO_DIGITS
    # An f-string, not a join of a tuple: one step less per time (dates by the thousand).
    return (
        f"{two[year // 100]}{two[year % 100]}-{two[value.month]}-{two[value.day]}"
        f"{sep}{two[value.hour]}:{two[value.minute]}:{two[value.second]}{offset}"
    )


_ZONE_OFFSETS: dict[tzinfo | None, str] = {None: ""}
"""A fixed zone -> its offset as ``isoformat`` writes it (``+01:00``; none without)."""
_ZONE_OFFSETS_MAX = 256


def jekyll_date(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS +HHMM``, the form Jekyll documents for front matter."""
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} {value.strftime('%z')}" if value.tzinfo is not None else text


def iso(value: datetime) -> str:
    """ISO 8601 with the offset when known, for data files (JSON has no dates)."""
    return value.isoformat()
