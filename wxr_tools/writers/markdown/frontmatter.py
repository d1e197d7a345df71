"""Front matter through real emitters: PyYAML (``---``) or tomli-w (``+++``, Hugo only).

Values are built as plain data (``document.front_matter``) and serialized here; no
value is ever pasted into a text template, so a title with a colon, a quote, ``yes``
or a newline comes back exactly as it went in. The data is handed to the emitter as
YAML events directly: PyYAML's representer and serializer, written in Python even
with libyaml, cost twice what the emitter does, for the few types front matter holds
(``yaml.dump`` still serializes anything else, with the same result).

Dates are written as ``localtimes`` makes them (the author's offset kept).
"""

from __future__ import annotations

import copy
import io
import threading
from datetime import datetime
from typing import Any

import tomli_w
import yaml
import yaml.resolver
from yaml.emitter import Emitter as PyEmitter
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

from wxr_tools.writers.markdown.localtimes import isoformat


def _style(text: str) -> str | None:
    """Literal blocks for multi-line text; double quotes for text with a NEL (U+0085).

    libyaml double-quotes a NEL by itself (``"\\N"``); PyYAML's own emitter, used when
    libyaml is missing, would write it raw in single quotes, and read back it becomes
    a space: asking for double quotes keeps it with both (and changes nothing in what
    libyaml writes).
    """
    if "\x85" in text:
        return '"'
    return "|" if "\n" in text else None


def _str(dumper: Any, data: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=_style(data))


def dumper_on(base: type) -> Any:
    """Safe YAML, with multi-line text as literal blocks (``|``), readable as typed,
    from ``base`` (libyaml's ``CSafeDumper`` or PyYAML's own ``SafeDumper``)."""

    class Dumper(base):  # type: ignore[misc]
        def ignore_aliases(self, data: Any) -> bool:
            # Never "&id001" anchors, even when two keys share one list: front matter
            # is read by people and by generators that do not all follow aliases.
            return True

    Dumper.add_representer(str, _str)
    return Dumper


# libyaml's emitter when PyYAML has it: a dozen times faster than PyYAML's own, which
# some wheels of PyYAML are left with (the output is the same but for the characters
# past U+FFFF, which libyaml escapes: ``"\\U0001F600"``; both read back the same, and
# ``render`` writes a document holding one with PyYAML's own, as a person reads it).
_Emitter: Any
try:
    from yaml._yaml import CEmitter as _Emitter
    from yaml.cyaml import CSafeDumper

    _Dumper = dumper_on(CSafeDumper)
except ImportError:
    _Emitter = PyEmitter
    _Dumper = dumper_on(yaml.SafeDumper)


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
    """The front matter block, delimiters included; ``fmt`` is ``yaml`` or ``toml``.

    Keys whose value is None are left out (at any depth of mappings)."""
    if fmt == "toml":
        return "+++\n" + tomli_w.dumps(_drop_none(data), multiline_strings=True) + "+++\n"
    block = _emit_block(data)
    if block is not None and "\\U" not in block:
        return block + "---\n"  # nearly every one
    text = _emit(data)
    if text is not None and "\\U" in text and _Emitter is not PyEmitter:
        # libyaml writes a character past U+FFFF (an emoji: a smiley WordPress showed,
        # a title typed with one) as an escape, "\\U0001F642"; PyYAML's own emitter
        # writes it as it is, as a person reads it. Both read back the same.
        text = _emit(data, PyEmitter) or text
    if text is None:
        text = yaml.dump(_drop_none(data), Dumper=_Dumper, **_DUMP_OPTIONS)
    return "---\n" + text + "---\n"


_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

# The emitter alone: ``_Dumper``'s representer and resolver are not needed to emit
# events, and setting them up for every document cost as much as a short document.
_EMITTER_OPTIONS = {"allow_unicode": True, "width": _DUMP_OPTIONS["width"]}
_RESOLVER: Any = yaml.resolver.Resolver()
_IMPLICIT = _RESOLVER.yaml_implicit_resolvers
_resolve = _RESOLVER.resolve


def _by_text_alone() -> bool:
    """Whether the resolver's answer for a scalar depends on its text alone (as
    ``_text_event`` asks it): not by position, not for any first character, not
    changed since ``_IMPLICIT`` was taken."""
    return not (
        _Dumper.yaml_path_resolvers
        or _Dumper.yaml_implicit_resolvers is not _IMPLICIT
        or None in _IMPLICIT
    )


class _Unsupported(Exception):
    """A value of a type ``_events`` leaves to ``yaml.dump``."""


def _emit(data: dict[str, Any], emitter: Any = None) -> str | None:
    """What ``yaml.dump(_drop_none(data), Dumper=_Dumper, **_DUMP_OPTIONS)`` writes, or None.

    None when the data holds a type this does not know (the caller then calls
    ``yaml.dump``). The events are those PyYAML's serializer would send to the emitter
    for the nodes its representer (with ``_str``) would build. ``emitter``: the emitter
    class (libyaml's when PyYAML has it, else PyYAML's own; tests pass either).
    """
    if not _by_text_alone():
        return None
    stream = io.StringIO()
    emitter = emitter or _Emitter
    emit = emitter(stream, **_EMITTER_OPTIONS).emit
    if emitter is not _COPYING_EMITTER:
        emit = _copying(emit)  # it keeps events to look ahead: the scratch ones change
    emit(_STREAM_START)
    emit(_DOCUMENT_START)
    try:
        _mapping(data, emit, _scalars(), drop=True)
    except _Unsupported:
        return None
    emit(_DOCUMENT_END)
    emit(_STREAM_END)
    return stream.getvalue()


class _Chunks(list[str]):
    """What an emitter writes, each piece appended (``write``); ``encoding`` tells
    libyaml's emitter to write text, not bytes."""

    encoding = "utf-8"
    write = list.append


class _Stream:
    """A thread's libyaml emitter, kept from one front matter to the next (``_emit_block``)."""

    __slots__ = ("chunks", "emit", "later")

    def __init__(self) -> None:
        self.chunks = _Chunks()
        self.emit = _COPYING_EMITTER(self.chunks, **_EMITTER_OPTIONS).emit
        self.emit(_STREAM_START)
        self.later = False
        """Whether it wrote a document already (those after start with ``---``)."""


def _emit_block(data: dict[str, Any]) -> str | None:
    """``"---\\n" + _emit(data)``, written by this thread's libyaml emitter, or None.

    One emitter per thread writes every front matter, as documents of one stream: a
    new emitter for each (made, started, ended, freed) cost a twentieth of a front
    matter. libyaml starts a document after the first with ``---`` and a line break,
    the block's opening line, and writes the rest as a stream of its own would hold
    it: its state between documents is the same as at a stream's start (no indent,
    at a line's start, no directives), which the tests check against ``yaml.dump``.
    None (the caller then asks ``_emit``) for the thread's first document (no
    ``---``), for data of a type ``_events`` does not know, and for a document with a
    literal block ending in line breaks (``|+``): alone in its stream, libyaml ends it
    with ``...``, and it then would not here.
    """
    if _COPYING_EMITTER is None or not _by_text_alone():
        return None
    stream: _Stream | None = getattr(_PER_THREAD, "stream", None)
    if stream is None:
        stream = _PER_THREAD.stream = _Stream()
    scalars = _scalars()
    scalars.open_ended = False
    emit = stream.emit
    try:
        emit(_DOCUMENT_START)
        _mapping(data, emit, scalars, drop=True)
        emit(_DOCUMENT_END)
    except _Unsupported:
        _PER_THREAD.stream = None  # mid-document: the next starts a stream of its own
        return None
    except BaseException:
        _PER_THREAD.stream = None
        raise
    chunks = stream.chunks
    text = chunks[0] if len(chunks) == 1 else "".join(chunks)
    chunks.clear()
    later, stream.later = stream.later, True
    if not later or scalars.open_ended or not text.startswith("---\n"):
        return None
    return text


def _copying(emit: Any) -> Any:
    """``emit`` given events of its own, for an emitter that keeps events: a real
    ``ScalarEvent`` for each scalar (``_scalar_kind``'s are changed and reused), a copy
    of any other."""

    def emit_copy(event: Any) -> None:
        if event.__class__ is ScalarEvent:
            event = ScalarEvent(
                event.anchor, event.tag, event.implicit, event.value, style=event.style
            )
        else:
            event = copy.copy(event)
        emit(event)

    return emit_copy


# Events are only read by the emitters, so one object serves every document: the
# front matter's structure and its booleans are the same events on every item.
_STREAM_START = StreamStartEvent()
_DOCUMENT_START = DocumentStartEvent(explicit=False)
_DOCUMENT_END = DocumentEndEvent(explicit=False)
_STREAM_END = StreamEndEvent()
# No tag on a collection either: implicit, it is never written (libyaml copied it into C
# and freed it for each mapping and list).
_MAPPING_START = MappingStartEvent(None, None, True, flow_style=False)
_MAPPING_END = MappingEndEvent()
_SEQUENCE_START = SequenceStartEvent(None, None, True, flow_style=False)
_SEQUENCE_END = SequenceEndEvent()

# libyaml's emitter, whose ``emit`` converts the event into C (its text copied) before
# it returns and keeps no reference to it; None without libyaml.
_COPYING_EMITTER: Any = _Emitter if _Emitter is not PyEmitter else None


def _scalar_kind(implicit: tuple[bool, bool], style: str | None, tag: str | None = None) -> Any:
    """A class of scalar events of these fields, each instance holding its value alone.

    libyaml's emitter reads an event's fields as attributes (eight for a scalar, its
    ``__class__`` first): a ``ScalarEvent`` keeps them in a dict of its own, and those
    look-ups were as much as libyaml's writing of the front matter. Here the fields
    that never change are the class's, the value is a slot, and ``__class__`` says
    ``ScalarEvent``: what libyaml asks (``is``), and PyYAML's own emitter too
    (``isinstance``; it is given real events anyway, ``_copying``).
    """
    fields = {"anchor": None, "tag": tag, "implicit": implicit, "style": style}
    namespace = {"__slots__": ("value",), "__class__": ScalarEvent, **fields}
    return type("Scalar", (), namespace)


_STYLES = (None, "|", '"')
_TEXT_KINDS = tuple(
    # No tag: with the quoted form implicit, neither emitter ever writes one for text
    # (libyaml does not even look at it).
    _scalar_kind((plain, True), style)
    for plain in (True, False)
    for style in _STYLES
)
"""Text, by index: 3 if it is quoted (a reader would take it plain for another type),
plus its style's place in ``_STYLES``."""
# No tag for a scalar read back as its type when plain (booleans, integers,
# timestamps); a timestamp that would not is tagged.
_UNTAGGED = _scalar_kind((True, False), None)
_TAGGED_TIMESTAMP = _scalar_kind((False, False), None, _TIMESTAMP)


def _scalar(kind: Any, value: str) -> Any:
    event = kind()
    event.value = value
    return event


class _Scalars:
    """A thread's scalar events that are given a new value for each scalar they write,
    and its events of the short texts seen.

    libyaml's emitter copies an event as it takes it (``_COPYING_EMITTER``), so one
    event per kind of scalar (``_TEXT_KINDS``; an untagged plain scalar; a tagged
    timestamp) serves every scalar of that kind: a new event for each was a tenth of
    the front matter's cost. Any other emitter is given copies (``_copying``). One set
    per thread (``_scalars``): a front matter being written changes their values.
    """

    __slots__ = ("known", "open_ended", "text", "timestamp", "untagged")

    def __init__(self) -> None:
        self.text = tuple(kind() for kind in _TEXT_KINDS)
        self.untagged = _UNTAGGED()
        self.timestamp = _TAGGED_TIMESTAMP()
        self.open_ended = False
        """Whether a literal block ending in a line break was written (``_emit_block``)."""
        self.known: dict[str, Any] = {}
        """Short text -> an event of its own that writes it (its value never changed):
        keys and most short values (types, statuses, languages, terms) recur on every
        item, and the kind of each needs a look (a resolver's pattern for some);
        bounded by ``_KNOWN_MAX``."""


_BREAKS = "\r\n\x85\u2028\u2029"
"""What libyaml counts as a line break."""
_KNOWN_MAX = 4096  # entries; then it starts over (a bound, not a policy)
_KNOWN_LENGTH = 64  # longer text (titles, summaries) is rarely seen twice
_PER_THREAD = threading.local()


def _scalars() -> _Scalars:
    """This thread's scalar events."""
    scalars: _Scalars | None = getattr(_PER_THREAD, "scalars", None)
    if scalars is None:
        scalars = _PER_THREAD.scalars = _Scalars()
    return scalars


def _text_event(value: str, scalars: _Scalars) -> Any:
    """An event of ``scalars`` that writes ``value`` (callers look in ``scalars.known``
    first)."""
    # Plain (unquoted) only if a reader would not take it for another type ("yes",
    # "12", "2010-03-15", "null"); the resolver's table is keyed by the first
    # character, so text starting with any other character needs no look. (The
    # answer depends on the text alone: ``_emit`` leaves path resolvers to PyYAML.)
    plain = value[:1] not in _IMPLICIT or _resolve(ScalarNode, value, (True, False)) == _STR
    index = 0 if plain else 3
    if "\n" in value or "\x85" in value:  # else no style (``_style``): nearly every text
        style = _style(value)
        index += _STYLES.index(style)
        if style == "|" and value[-1] in _BREAKS:
            # libyaml keeps the line breaks ("|+") and ends the stream "...".
            scalars.open_ended = True
            return _scalar(_TEXT_KINDS[index], value)
    if len(value) <= _KNOWN_LENGTH:
        known = scalars.known
        if len(known) >= _KNOWN_MAX:
            known.clear()
        event = known[value] = _scalar(_TEXT_KINDS[index], value)
        return event
    event = scalars.text[index]
    event.value = value
    return event


def _timestamp_event(value: datetime, scalars: _Scalars) -> Any:
    text = isoformat(value, " ")
    # Whether the resolver reads the text back as a timestamp depends only on what
    # follows "YYYY-MM-DD HH:MM:SS" (fraction, offset): ``isoformat`` always writes that
    # much, with a four-digit year, and no other type's pattern matches it.
    tail = text[19:]
    plain = _TIMESTAMP_TAILS.get(tail)
    if plain is None:
        plain = _resolve(ScalarNode, text, (True, False)) == _TIMESTAMP
        if len(_TIMESTAMP_TAILS) < _TIMESTAMP_TAILS_MAX:
            _TIMESTAMP_TAILS[tail] = plain
    # Read back as a timestamp: written plain, and no tag; else tagged.
    event = scalars.untagged if plain else scalars.timestamp
    event.value = text
    return event


_TIMESTAMP_TAILS: dict[str, bool] = {}
"""Fraction and offset -> plain: a few offsets (the blog's zones), and no fraction."""
_TIMESTAMP_TAILS_MAX = 256


# ``true``/``false`` are booleans to the resolver, and ``str`` of an int always matches
# its integer pattern (a test checks both): their events need no look-up, and no tag
# (see ``_UNTAGGED``). Never changed: constants.
_TRUE = _scalar(_UNTAGGED, "true")
_FALSE = _scalar(_UNTAGGED, "false")


def _mapping(value: dict[Any, Any], emit: Any, scalars: _Scalars, drop: bool = False) -> None:
    """A mapping's events; ``drop``: leave out None values, as ``_drop_none`` does (in
    mappings within mappings, not in those within lists)."""
    emit(_MAPPING_START)
    known = scalars.known.get
    for key, item in value.items():
        if item is None and drop:
            continue
        # Text inline: keys and most values are text, and a call level is dear.
        if type(key) is str:
            emit(known(key) or _text_event(key, scalars))
        else:
            _events(key, emit, scalars)
        kind = type(item)
        if kind is str:
            emit(known(item) or _text_event(item, scalars))
        elif kind is list:  # without ``_events``' type tests (terms, aliases)
            _sequence(item, emit, scalars)
        elif kind is dict:
            _mapping(item, emit, scalars, drop)
        elif kind is bool:  # ``draft``, and ``_events`` would look at four types first
            emit(_TRUE if item else _FALSE)
        elif kind is datetime:
            emit(_timestamp_event(item, scalars))
        else:
            _events(item, emit, scalars)
    emit(_MAPPING_END)


def _sequence(value: list[Any], emit: Any, scalars: _Scalars) -> None:
    emit(_SEQUENCE_START)
    known = scalars.known.get
    for item in value:
        if type(item) is str:
            emit(known(item) or _text_event(item, scalars))
        else:
            _events(item, emit, scalars)
    emit(_SEQUENCE_END)


def _events(value: Any, emit: Any, scalars: _Scalars) -> None:
    kind = type(value)
    if kind is str:
        emit(scalars.known.get(value) or _text_event(value, scalars))
    elif kind is dict:
        _mapping(value, emit, scalars)
    elif kind is list:
        _sequence(value, emit, scalars)
    elif kind is bool:
        emit(_TRUE if value else _FALSE)
    elif kind is int:
        event = scalars.untagged
        event.value = str(value)
        emit(event)
    elif kind is datetime:
        emit(_timestamp_event(value, scalars))
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
