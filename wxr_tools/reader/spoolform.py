"""How the spool (``itemspool``) pickles a batch of items: as pickle does, but for the
dates and the long texts of items and comments, which pickle writes at a high cost.

A spool is a file of one run, read back by the same code on the same machine: its form
may be anything that gives back equal records, and it is read by ``pickle.loads``.

Dates: pickle writes a ``datetime`` by asking it how (``__reduce_ex__``: a tuple holding
its state in 10 bytes), then writes the class, the bytes, a tuple and the call, and notes
each in its memo: some 4,500 instructions, and 1,300 to make it again; an export has
some 8 dates an item. Here a date is written as the state pickle would have written
(the same ``__reduce_ex__``), and made from it as pickle makes it (``datetime(state)``).

Texts: pickle writes a text in UTF-8, which costs a text held as 2 bytes a character
(any text with a curly quote or a dash) 12 instructions a character to encode and 9 to
decode; in UTF-16 it costs 7 and 5 (a text of Latin-1 characters: 3 and 15 against
13 and 12). So an item's content and excerpt and a comment's content are written in
UTF-16 when they are not ASCII and long enough to pay for the two calls (``LONG``).
An ASCII text stays a text: pickle copies it as it is.

Which values were changed is told by their type: a date or a text field holds bytes
only here (a record whose field held bytes is written as everywhere: ``_rebuild``).
The other records (meta, terms, unknown elements) are pickled as everywhere
(``model._reducer``). The 1,000-post conversion to Hugo in one process (callgrind):
some 14 M instructions fewer (0.25%) than with plain pickling (24 M with each field's
steps written out for each record kind, not looped over: not worth two copies of them).
"""

from __future__ import annotations

import copyreg
import pickle
from collections.abc import Callable
from datetime import datetime
from typing import Any, BinaryIO, cast

from wxr_tools.model import _SHAPES, Comment, Item, _rebuild
from wxr_tools.reader.records import record_fields, record_maker

LONG = 64
"""The length from which a text that is not ASCII is written in UTF-16: below it, the
calls that encode and decode it cost more than UTF-8 would."""

# The fields written here, by position in the record's values (in field order).
_ITEM_DATES = (8, 9, 10, 11)
_ITEM_TEXTS = (13, 14)
_COMMENT_DATES = (6, 7)
_COMMENT_TEXTS = (8,)
assert [record_fields(Item)[i] for i in _ITEM_DATES + _ITEM_TEXTS] == [
    "date", "date_gmt", "modified", "modified_gmt", "content", "excerpt"
]  # fmt: skip
assert [record_fields(Comment)[i] for i in _COMMENT_DATES + _COMMENT_TEXTS] == [
    "date", "date_gmt", "content"
]  # fmt: skip

_make_item = record_maker(Item)
_make_comment = record_maker(Comment)
_reduce_date = cast(Callable[[datetime, int], tuple[type, tuple[Any, ...]]], datetime.__reduce_ex__)
_from_state = cast(Callable[[bytes], datetime], datetime)
"""``datetime(state)``: what unpickling a date calls (typeshed knows only the fields)."""


def _utf16(text: str) -> bytes | str:
    """``text`` in UTF-16, or ``text`` itself if it holds a lone surrogate: UTF-16 would
    refuse it, or with ``surrogatepass`` join a pair of them into one character."""
    try:
        return text.encode("utf-16")
    except UnicodeEncodeError:
        return text


def _written(
    values: tuple[Any, ...], dates: tuple[int, ...], texts: tuple[int, ...]
) -> list[Any] | None:
    """A record's ``values`` as the spool writes them: each plain ``datetime`` without a
    time zone at ``dates`` as its state (``__reduce_ex__`` then gives one argument, else
    the time zone too: such a date stays), each long text not in ASCII at ``texts`` in
    UTF-16; None when one of those fields already holds bytes (written as everywhere)."""
    v = list(values)
    for i in dates:
        date = v[i]
        if type(date) is datetime:
            args = _reduce_date(date, 4)[1]
            if len(args) == 1:
                v[i] = args[0]
        elif type(date) is bytes:
            return None
    for i in texts:
        text = v[i]
        if type(text) is str:
            if len(text) >= LONG and not text.isascii():
                v[i] = _utf16(text)
        elif type(text) is bytes:
            return None
    return v


def _read(values: tuple[Any, ...], dates: tuple[int, ...], texts: tuple[int, ...]) -> list[Any]:
    """The values ``_written`` wrote, as they were: bytes in a date or a text field are
    only ever the spool's."""
    v = list(values)
    for i in dates:
        if type(v[i]) is bytes:
            v[i] = _from_state(v[i])
    for i in texts:
        if type(v[i]) is bytes:
            v[i] = v[i].decode("utf-16")
    return v


# Module-level functions: pickle names them in the batch, and calls them to load it.
def _spooled_item(*values: Any) -> Item:
    """The item ``_reduce`` wrote."""
    return _make_item(_read(values, _ITEM_DATES, _ITEM_TEXTS))


def _spooled_comment(*values: Any) -> Comment:
    """The comment ``_reduce`` wrote."""
    return _make_comment(_read(values, _COMMENT_DATES, _COMMENT_TEXTS))


_Form = tuple[Callable[[Any], tuple[Any, ...]], tuple[int, ...], tuple[int, ...], Any]
_FORMS: dict[type, _Form] = {
    Item: (_SHAPES[Item][1], _ITEM_DATES, _ITEM_TEXTS, _spooled_item),
    Comment: (_SHAPES[Comment][1], _COMMENT_DATES, _COMMENT_TEXTS, _spooled_comment),
}
"""Each record class the spool writes its own way: its values, the positions of its dates
and texts among them, and the function that loads it."""


def _reduce(record: Item | Comment) -> tuple[Any, ...]:
    """How the spool pickles an item or a comment (``_written``; else as everywhere)."""
    cls = type(record)
    values_of, dates, texts, spooled = _FORMS[cls]
    values = values_of(record)
    written = _written(values, dates, texts)
    if written is None:
        return _rebuild, (cls, values)
    return spooled, tuple(written)


_TABLE: dict[type, Callable[[Any], Any]] = {
    **copyreg.dispatch_table,
    Item: _reduce,
    Comment: _reduce,
}
"""The spool's pickler's table, looked up instead of copyreg's (so it holds copyreg's
too): records pickled to and from worker processes are pickled as before."""


class _Pickler(pickle.Pickler):
    dispatch_table = _TABLE


class Dumper:
    """Writes batches to ``file`` one after the other, each pickled on its own: each is
    read back by ``pickle.loads`` of its bytes alone (``ItemSpool._load``).

    One pickler for them all, its memo cleared after each batch: a new pickler's memo
    starts with room for 8 objects and grows, rehashing them each time, to a batch's
    thousand or more, every batch; cleared, it keeps its room (what a batch names is
    forgotten all the same: its bytes are a new pickler's, tests/test_spoolform.py).
    The 1,000-post conversion in one process: 8 M instructions fewer (0.13%)."""

    def __init__(self, file: BinaryIO) -> None:
        self._pickler = _Pickler(file, 5)

    def dump(self, batch: object) -> None:
        """Write ``batch`` pickled to the file; what writing raises is raised."""
        try:
            self._pickler.dump(batch)
        finally:
            self._pickler.clear_memo()


def dump(batch: object, file: BinaryIO) -> None:
    """Write ``batch`` pickled to ``file`` (``pickle.loads`` reads it back); what writing
    raises is raised. Written to the file, not returned: a copy fewer of its bytes."""
    Dumper(file).dump(batch)
