"""Front matter through real emitters: PyYAML (``---``) or tomli-w (``+++``, Hugo only).

Values are built as plain data (``document.front_matter``) and serialized here; no
value is ever pasted into a text template, so a title with a colon, a quote, ``yes``
or a newline comes back exactly as it went in. The data is handed to the emitter as
YAML events directly: PyYAML's representer and serializer, written in Python even
with libyaml, cost twice what the emitter does, for the few types front matter holds
(``yaml.dump`` still serializes anything else, with the same result).

Dates carry the author's UTC offset when the export gives both the local and the GMT
time (``2010-03-15 09:12:00+01:00``): the page is dated as the author saw it, and
the instant is exact. Jekyll gets the string form its documentation gives
(``2010-03-15 09:12:00 +0100``). URLs never depend on how a generator reads dates
(the site's time zone, the build machine's): the writer states them.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import tomli_w
import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

# libyaml's emitter when PyYAML has it (same output, several times faster).
_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Safe YAML, with multi-line text as literal blocks (``|``), readable as typed."""

    def ignore_aliases(self, data: Any) -> bool:
        # Never "&id001" anchors, even when two keys share one list: front matter is
        # read by people and by generators that do not all follow aliases.
        return True


def _str(dumper: Any, data: str) -> Any:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str)

_MAX_OFFSET = timedelta(hours=14)


def local_time(local: datetime | None, gmt: datetime | None) -> datetime | None:
    """The local time with the offset that ``gmt`` implies, when it is a real one."""
    if local is None:
        return gmt.replace(tzinfo=UTC) if gmt is not None else None
    if gmt is None:
        return local
    minutes = round((local - gmt).total_seconds() / 60)
    offset = timedelta(minutes=minutes)
    if abs(offset) > _MAX_OFFSET:
        return local  # not an offset: one of the two dates is wrong; keep the local one
    return local.replace(tzinfo=timezone(offset))


def jekyll_date(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS +HHMM``, the form Jekyll documents for front matter."""
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} {value.strftime('%z')}" if value.tzinfo is not None else text


def iso(value: datetime) -> str:
    """ISO 8601 with the offset when known, for data files (JSON has no dates)."""
    return value.isoformat()


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        out[key] = _drop_none(value) if isinstance(value, dict) else value
    return out


_DUMP_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "sort_keys": False,
    "default_flow_style": False,
    "width": 2**16,  # no folding: a long title stays on one line
}


def render(data: dict[str, Any], fmt: str) -> str:
    """The front matter block, delimiters included; ``fmt`` is ``yaml`` or ``toml``."""
    data = _drop_none(data)
    if fmt == "toml":
        return "+++\n" + tomli_w.dumps(data, multiline_strings=True) + "+++\n"
    text = _emit(data)
    if text is None:
        text = yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)
    return "---\n" + text + "---\n"


_STR = "tag:yaml.org,2002:str"
_SCALARS: dict[type, tuple[str, Any]] = {
    bool: ("tag:yaml.org,2002:bool", lambda v: "true" if v else "false"),
    int: ("tag:yaml.org,2002:int", str),
    datetime: ("tag:yaml.org,2002:timestamp", lambda v: v.isoformat(" ")),
}
"""Types other than text, list and dict, as ``SafeRepresenter`` writes them."""


class _Unsupported(Exception):
    """A value of a type ``_events`` leaves to ``yaml.dump``."""


def _emit(data: dict[str, Any]) -> str | None:
    """What ``yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)`` writes, or None.

    None when the data holds a type this does not know (the caller then calls
    ``yaml.dump``). The events are those PyYAML's serializer would send to the emitter
    for the nodes its representer (with ``_str``) would build.
    """
    if _Dumper.yaml_path_resolvers or None in _Dumper.yaml_implicit_resolvers:
        return None  # resolution by position, or for any first character: PyYAML's own
    stream = io.StringIO()
    dumper = _Dumper(stream, **_DUMP_OPTIONS)
    emit = dumper.emit
    emit(StreamStartEvent())
    emit(DocumentStartEvent(explicit=False))
    try:
        _events(data, dumper, emit)
    except _Unsupported:
        return None
    emit(DocumentEndEvent(explicit=False))
    emit(StreamEndEvent())
    return stream.getvalue()


# Events are only read by the emitters, so one object serves every document: the
# front matter's keys and most short values (types, statuses, flags) recur on every
# item, and building their events (a resolver look-up each) was most of the cost.
_MAPPING_START = MappingStartEvent(None, "tag:yaml.org,2002:map", True, flow_style=False)
_MAPPING_END = MappingEndEvent()
_SEQUENCE_START = SequenceStartEvent(None, "tag:yaml.org,2002:seq", True, flow_style=False)
_SEQUENCE_END = SequenceEndEvent()
_TEXT_EVENTS: dict[str, ScalarEvent] = {}
_TEXT_EVENTS_MAX = 4096  # entries; then it starts over (a bound, not a policy)
_TEXT_CACHED_LENGTH = 64  # longer text (titles, summaries) is rarely seen twice


def _text_event(value: str, dumper: Any) -> ScalarEvent:
    event = _TEXT_EVENTS.get(value)
    if event is not None:
        return event
    # Plain (unquoted) only if a reader would not take it for another type ("yes",
    # "12", "2010-03-15", "null"); the resolver's table is keyed by the first
    # character, so text starting with any other character needs no look. (The
    # answer depends on the text alone: ``_emit`` leaves path resolvers to PyYAML.)
    plain = (
        value[:1] not in _Dumper.yaml_implicit_resolvers
        or dumper.resolve(ScalarNode, value, (True, False)) == _STR
    )
    style = "|" if "\n" in value else None
    event = ScalarEvent(None, _STR, (plain, True), value, style=style)
    if len(value) <= _TEXT_CACHED_LENGTH:
        if len(_TEXT_EVENTS) >= _TEXT_EVENTS_MAX:
            _TEXT_EVENTS.clear()
        _TEXT_EVENTS[value] = event
    return event


def _events(value: Any, dumper: Any, emit: Any) -> None:
    kind = type(value)
    if kind is str:
        emit(_text_event(value, dumper))
    elif kind is dict:
        emit(_MAPPING_START)
        for key, item in value.items():
            # Text inline: keys and most values are text, and a call level is dear.
            if type(key) is str:
                emit(_text_event(key, dumper))
            else:
                _events(key, dumper, emit)
            if type(item) is str:
                emit(_text_event(item, dumper))
            else:
                _events(item, dumper, emit)
        emit(_MAPPING_END)
    elif kind is list:
        emit(_SEQUENCE_START)
        for item in value:
            _events(item, dumper, emit)
        emit(_SEQUENCE_END)
    elif kind in _SCALARS:
        tag, represent = _SCALARS[kind]
        text = represent(value)
        plain = dumper.resolve(ScalarNode, text, (True, False)) == tag
        emit(ScalarEvent(None, tag, (plain, False), text))
    else:
        raise _Unsupported(kind)


def parse(text: str) -> dict[str, Any]:
    """The front matter of a document written by ``render``, as data (for tests)."""
    import tomllib

    if text.startswith("+++\n"):
        block = text[4 : text.index("\n+++\n", 3) + 1]
        return tomllib.loads(block)
    block = text[4 : text.index("\n---\n", 3) + 1]
    data: dict[str, Any] = yaml.safe_load(block)
    return data
