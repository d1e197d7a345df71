"""Front matter events against PyYAML, with libyaml's emitter and with PyYAML's own.

``frontmatter._emit`` hands events straight to an emitter; these tests check that it
writes what ``yaml.dump`` writes, with either emitter (some PyYAML wheels have no
libyaml), and that what it writes reads back as the data it was given.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from unittest.mock import patch

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_helpers import front_matter_data
from yaml.emitter import Emitter
from yaml.nodes import ScalarNode

from wxr_tools.writers.markdown import frontmatter, localtimes

HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
PURE_DUMPER = frontmatter.dumper_on(yaml.SafeDumper)

# Text a YAML reader would take for something else, needs quoting, or that the two
# emitters treat differently (NEL, characters past U+FFFF, an empty key).
_AWKWARD = [
    "yes", "No", "null", "~", "", "123", "-1", "0x1F", "1.5e3", ".inf", "2010-03-15",
    "2010-03-15 09:12:00+01:00", "<<", "=", "#x", "a #b", ": x", "a: b", "- a", "-",
    "@a", "'q'", '"q"', "a\nb", "a\n", "\n", " lead", "trail ", "\t", "\r\n", "\x85",
    "x\x85y", "a\nb\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x1b", "é", "😀",
    "!tag", "&a", "*a", "%", "`", "x" * 300, "word " * 80, "?", "|", ">", "{a}", "[a]",
]  # fmt: skip
_CHARACTERS = st.characters(blacklist_categories=("Cs",))  # no XML text holds a surrogate
_TEXT = st.one_of(
    st.sampled_from(_AWKWARD),
    st.text(_CHARACTERS, max_size=12),
    st.lists(st.sampled_from(_AWKWARD), min_size=2, max_size=3).map("".join),
)
_DATA = front_matter_data(_TEXT, st.none())


def dumped(data: dict[str, Any], dumper: Any) -> str:
    text: str = yaml.dump(frontmatter._drop_none(data), Dumper=dumper, **frontmatter._DUMP_OPTIONS)
    return text


def has_none_in_list(value: Any, in_list: bool = False) -> bool:
    """Whether a None is in a list, or in a mapping within one (``_drop_none`` keeps it)."""
    if value is None:
        return in_list
    if isinstance(value, list):
        return any(has_none_in_list(v, True) for v in value)
    if isinstance(value, dict):
        return any(has_none_in_list(v, in_list) for v in value.values())
    return False


@given(_DATA)
@example({"a": None, "b": {"c": None}, "d": [1]})
@example({"a": [{"b": None}]})
def test_events_are_what_pyyaml_writes(data: dict[str, Any]) -> None:
    if has_none_in_list(data):
        assert frontmatter._emit(data) is None  # left to yaml.dump, which writes null
        return
    assert frontmatter._emit(data) == dumped(data, frontmatter._Dumper)


@given(_DATA)
def test_events_are_what_pyyaml_writes_without_libyaml(data: dict[str, Any]) -> None:
    if has_none_in_list(data):
        return
    assert frontmatter._emit(data, Emitter) == dumped(data, PURE_DUMPER)


@given(_DATA)
def test_front_matter_reads_back_as_its_data_with_either_emitter(data: dict[str, Any]) -> None:
    if has_none_in_list(data):
        return
    expected = frontmatter._drop_none(data)
    for emitter in {frontmatter._Emitter, Emitter}:
        text = frontmatter._emit(data, emitter)
        assert text is not None
        assert yaml.safe_load(text) == expected


@pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML without libyaml")
@given(st.lists(st.sampled_from(["\x85", "a", "\n", " ", "é", "😀", "#", ":"]), min_size=1))
def test_double_quotes_for_a_nel_are_what_libyaml_chooses_anyway(parts: list[str]) -> None:
    # ``_style`` asks for double quotes where libyaml would choose them by itself: the
    # output with libyaml is the same as with no style asked for.
    text = "\x85" + "".join(parts)
    data = {"k": text, text: [text]}
    plain = yaml.dump(data, Dumper=yaml.CSafeDumper, **frontmatter._DUMP_OPTIONS)
    assert frontmatter._emit(data) == plain


def test_a_nel_survives_pyyaml_own_emitter() -> None:
    data = {"title": "a\x85b", "summary": "one\ntwo\x85"}
    text = frontmatter._emit(data, Emitter)
    assert text is not None and yaml.safe_load(text) == data


@pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML without libyaml")
def test_the_emitters_differ_past_u_ffff_only_in_form() -> None:
    data = {"title": "Fête 😀"}
    with_libyaml = frontmatter._emit(data)
    without = frontmatter._emit(data, Emitter)
    assert with_libyaml == 'title: "Fête \\U0001F600"\n'
    assert without == "title: Fête 😀\n"
    assert yaml.safe_load(with_libyaml or "") == yaml.safe_load(without or "") == data


@given(st.integers())
def test_integers_resolve_as_integers(value: int) -> None:
    # ``_events`` writes an int's event without asking the resolver.
    resolve = frontmatter._RESOLVER.resolve
    assert resolve(ScalarNode, str(value), (True, False)) == frontmatter._INT


def test_true_and_false_resolve_as_booleans() -> None:
    # ``_TRUE`` and ``_FALSE`` are written plain, without a tag: they must read back so.
    resolve = frontmatter._RESOLVER.resolve
    for event in (frontmatter._TRUE, frontmatter._FALSE):
        assert resolve(ScalarNode, event.value, (True, False)) == frontmatter._BOOL


def test_render_leaves_out_none_at_any_depth() -> None:
    data = {"title": "x", "summary": None, "wordpress": {"id": 1, "link": None}}
    text = frontmatter.render(data, "yaml")
    assert text == "---\ntitle: x\nwordpress:\n  id: 1\n---\n"
    assert frontmatter.render(data, "toml") == ('+++\ntitle = "x"\n\n[wordpress]\nid = 1\n+++\n')


def test_render_falls_back_to_pyyaml_for_other_types() -> None:
    data = {"ratio": 1.5, "title": "yes", "gone": None, "when": datetime(2010, 3, 15, 9, 12)}
    assert frontmatter._emit(data) is None
    assert frontmatter.render(data, "yaml") == "---\n" + dumped(data, frontmatter._Dumper) + "---\n"


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Salut 😉", "summary": "Un\ndeux 🙂"},
        {"summary": "C:\\Users\\me 😀", "tags": ["😎", "a"]},
        {"title": "C:\\Users\\me"},  # a "\U" that is not an escape: written the same
    ],
)
def test_characters_past_u_ffff_are_written_as_they_are(data: dict[str, Any]) -> None:
    # libyaml escapes an emoji ("\U0001F609"); a person opening the file reads it as typed.
    text = frontmatter.render(data, "yaml")
    for value in data.values():
        for part in value if isinstance(value, list) else [value]:
            for char in part:
                if ord(char) > 0xFFFF:
                    assert char in text
    assert "\\U0001" not in text
    assert frontmatter.parse(text) == data


@given(
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
)
def test_timestamps_are_plain_when_the_resolver_reads_them_back(
    value: datetime, other: datetime
) -> None:
    # ``_timestamp_event`` remembers the answer by what follows the seconds.
    for when in (value, other):
        event = frontmatter._timestamp_event(when, frontmatter._scalars())
        resolved = frontmatter._RESOLVER.resolve(ScalarNode, event.value, (True, False))
        assert event.implicit[0] == (resolved == frontmatter._TIMESTAMP)


_TIMES = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))


@given(_TIMES, st.integers(-15 * 60, 15 * 60), st.integers(-90, 90))
@example(datetime(2010, 3, 15, 9, 12), 0, 0)
@example(datetime(999, 12, 9, 8, 5, 7, 123456), -210, 0)
def test_local_iso_is_the_aware_time_written(local: datetime, minutes: int, seconds: int) -> None:
    """Comments' dates are written without making the aware time: the same text, for
    every offset (whole minutes, rounded, too large, none) and either time missing."""
    gmt = local - timedelta(minutes=minutes, seconds=seconds)
    zoned = local.replace(tzinfo=timezone(timedelta(hours=2)))  # the long way, then
    for pair in ((local, gmt), (None, gmt), (local, None), (None, None), (zoned, None)):
        value = localtimes.local_time(*pair)
        assert localtimes.local_iso(*pair) == (value.isoformat() if value else None)


@given(st.lists(st.tuples(_TIMES, st.integers(-15 * 60, 15 * 60), st.integers(-90, 90))))
def test_local_iso_offsets_remembered_or_not_are_the_aware_time_s(
    rows: list[tuple[datetime, int, int]],
) -> None:
    """``local_iso`` keeps an offset's text by the difference it comes from, up to a
    bound: asked again (remembered) or past the bound (not kept), the same text."""
    pairs = [(local, local - timedelta(minutes=m, seconds=s)) for local, m, s in rows]
    wanted = [localtimes.local_time(*pair).isoformat() for pair in pairs]  # type: ignore[union-attr]
    for bound in (0, 2, 256):
        localtimes._OFFSETS.clear()
        with patch.object(localtimes, "_OFFSETS_MAX", bound):
            assert [localtimes.local_iso(*pair) for pair in pairs * 2] == wanted * 2
            assert len(localtimes._OFFSETS) <= bound
    localtimes._OFFSETS.clear()


def test_each_thread_writes_with_scalar_events_of_its_own() -> None:
    # The scalar events get a new value for each scalar written (``_Scalars``): two
    # threads writing front matter at once must not share them.
    import threading

    theirs: list[object] = []
    thread = threading.Thread(target=lambda: theirs.append(frontmatter._scalars()))
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not frontmatter._scalars()
    assert frontmatter._scalars() is frontmatter._scalars()


_ZONES = st.one_of(
    st.none(),
    st.timezones(),  # zoneinfo: offsets that change with the date, left to isoformat
    st.builds(
        lambda minutes, seconds, micro: timezone(
            timedelta(minutes=minutes, seconds=seconds, microseconds=micro)
        ),
        st.integers(-23 * 60, 23 * 60),
        st.sampled_from([0, 0, 0, 30, 59]),
        st.sampled_from([0, 0, 0, 1, 999999]),
    ),
)


@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 6, 1)),
    _ZONES,
    st.booleans(),
    st.sampled_from([" ", "T", "x"]),
)
@example(datetime(999, 1, 5, 0, 0, 0), None, False, " ")
@example(datetime(2010, 3, 15, 9, 12, 0), timezone(timedelta(hours=-3, minutes=-30)), False, "T")
def test_isoformat_is_datetime_s(when: datetime, zone: Any, whole: bool, sep: str) -> None:
    # ``isoformat`` joins ready-made digits for a time in a fixed zone without microseconds.
    value = when.replace(tzinfo=zone, microsecond=0 if whole else when.microsecond)
    # The zone's offset taken from isoformat, then remembered: and half a year later
    # (the other side of a summer time).
    for time in (value, value, value + timedelta(days=182)):
        assert localtimes.isoformat(time, sep) == time.isoformat(sep)


def _local_time_the_long_way(local: datetime | None, gmt: datetime | None) -> datetime | None:
    """``local_time`` as it was written before its shortcut: the reference."""
    if local is None:
        return gmt.replace(tzinfo=UTC) if gmt is not None else None
    if gmt is None:
        return local
    minutes = round((local - gmt).total_seconds() / 60)
    if abs(minutes) > 14 * 60:
        return local
    return local.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    """Equal in every field a writer reads (``==`` of aware times compares instants)."""
    if a is None or b is None:
        return a is b
    return (type(a), a.isoformat(), a.fold, a.utcoffset()) == (
        type(b),
        b.isoformat(),
        b.fold,
        b.utcoffset(),
    )


@given(
    st.lists(
        st.tuples(
            _TIMES,
            st.integers(-15 * 60, 15 * 60),
            st.integers(-90, 90),
            st.integers(0, 999999),
            st.booleans(),
        ),
        max_size=8,
    )
)
@example([(datetime(2010, 3, 15, 9, 12), 60, 0, 0, False)])
@example([(datetime(2010, 10, 31, 2, 30, fold=1), 60, 0, 0, False)])
@example(
    [(datetime(1, 1, 2), -14 * 60, 0, 0, False), (datetime(9999, 12, 30), 14 * 60, 0, 0, True)]
)
def test_local_time_is_the_replaced_time(rows: list[tuple[datetime, int, int, int, bool]]) -> None:
    """``local_time`` adds the time since 2000 to the start of 2000 in the zone rather
    than ``replace`` the zone, and keeps each difference's start: the same time (fields,
    fold, zone's offset) as ``replace`` gives, asked once, again, or past the bound;
    with microseconds, a fold, an aware local time, offsets too large, a missing time."""
    pairs: list[tuple[datetime | None, datetime | None]] = []
    for local, minutes, seconds, micro, folded in rows:
        local = local.replace(fold=int(folded))
        gmt = local - timedelta(minutes=minutes, seconds=seconds, microseconds=micro)
        zoned = local.replace(tzinfo=timezone(timedelta(hours=2)))
        pairs += [(local, gmt), (None, gmt), (local, None), (None, None), (zoned, None)]
        pairs.append((zoned, gmt.replace(tzinfo=UTC)))  # both aware: replaced
    wanted = [_local_time_the_long_way(*pair) for pair in pairs]
    for bound in (0, 2, 256):
        localtimes._STARTS.clear()
        with patch.object(localtimes, "_STARTS_MAX", bound):
            for _ in range(2):
                got = [localtimes.local_time(*pair) for pair in pairs]
                assert all(_same_time(a, b) for a, b in zip(got, wanted, strict=True))
            assert len(localtimes._STARTS) <= bound
    localtimes._STARTS.clear()
