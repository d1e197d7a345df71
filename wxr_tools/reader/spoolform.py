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
5,929 M instructions with plain pickling, 5,904 M so; its items' pickling and
unpickling alone, 225 M and 204 M.
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
_ITEM = record_fields(Item)
_COMMENT = record_fields(Comment)
assert _ITEM[8:12] == ("date", "date_gmt", "modified", "modified_gmt")
assert (_ITEM[13], _ITEM[14]) == ("content", "excerpt")
assert _COMMENT[6:9] == ("date", "date_gmt", "content")

_item_values = _SHAPES[Item][1]
_comment_values = _SHAPES[Comment][1]
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


# The two functions below run for every item and comment: their tests are inlined (a
# call costs more than the test, and most values pass it). A date is replaced by its
# state when it is a plain ``datetime`` without a time zone (its state is then all of
# it: ``__reduce_ex__`` gives one argument, else the time zone too).


def _reduce_item(item: Item) -> tuple[Any, ...]:
    v = list(_item_values(item))
    date, date_gmt, modified, modified_gmt = v[8], v[9], v[10], v[11]
    content, excerpt = v[13], v[14]
    if (
        type(date) is bytes
        or type(date_gmt) is bytes
        or type(modified) is bytes
        or type(modified_gmt) is bytes
        or type(content) is bytes
        or type(excerpt) is bytes
    ):
        return _rebuild, (Item, tuple(v))
    if type(date) is datetime:
        args = _reduce_date(date, 4)[1]
        if len(args) == 1:
            v[8] = args[0]
    if type(date_gmt) is datetime:
        args = _reduce_date(date_gmt, 4)[1]
        if len(args) == 1:
            v[9] = args[0]
    if type(modified) is datetime:
        args = _reduce_date(modified, 4)[1]
        if len(args) == 1:
            v[10] = args[0]
    if type(modified_gmt) is datetime:
        args = _reduce_date(modified_gmt, 4)[1]
        if len(args) == 1:
            v[11] = args[0]
    if type(content) is str and len(content) >= LONG and not content.isascii():
        v[13] = _utf16(content)
    if type(excerpt) is str and len(excerpt) >= LONG and not excerpt.isascii():
        v[14] = _utf16(excerpt)
    return _spooled_item, tuple(v)


def _reduce_comment(comment: Comment) -> tuple[Any, ...]:
    v = list(_comment_values(comment))
    date, date_gmt, content = v[6], v[7], v[8]
    if type(date) is bytes or type(date_gmt) is bytes or type(content) is bytes:
        return _rebuild, (Comment, tuple(v))
    if type(date) is datetime:
        args = _reduce_date(date, 4)[1]
        if len(args) == 1:
            v[6] = args[0]
    if type(date_gmt) is datetime:
        args = _reduce_date(date_gmt, 4)[1]
        if len(args) == 1:
            v[7] = args[0]
    if type(content) is str and len(content) >= LONG and not content.isascii():
        v[8] = _utf16(content)
    return _spooled_comment, tuple(v)


def _spooled_item(*values: Any) -> Item:
    """The item ``_reduce_item`` wrote."""
    v = list(values)
    if type(values[8]) is bytes:
        v[8] = _from_state(values[8])
    if type(values[9]) is bytes:
        v[9] = _from_state(values[9])
    if type(values[10]) is bytes:
        v[10] = _from_state(values[10])
    if type(values[11]) is bytes:
        v[11] = _from_state(values[11])
    if type(values[13]) is bytes:
        v[13] = values[13].decode("utf-16")
    if type(values[14]) is bytes:
        v[14] = values[14].decode("utf-16")
    return _make_item(v)


def _spooled_comment(*values: Any) -> Comment:
    """The comment ``_reduce_comment`` wrote."""
    v = list(values)
    if type(values[6]) is bytes:
        v[6] = _from_state(values[6])
    if type(values[7]) is bytes:
        v[7] = _from_state(values[7])
    if type(values[8]) is bytes:
        v[8] = values[8].decode("utf-16")
    return _make_comment(v)


_TABLE: dict[type, Callable[[Any], Any]] = {
    **copyreg.dispatch_table,
    Item: _reduce_item,
    Comment: _reduce_comment,
}
"""The spool's pickler's table, looked up instead of copyreg's (so it holds copyreg's
too): records pickled to and from worker processes are pickled as before."""


class _Pickler(pickle.Pickler):
    dispatch_table = _TABLE


def dump(batch: object, file: BinaryIO) -> None:
    """Write ``batch`` pickled to ``file`` (``pickle.loads`` reads it back); what writing
    raises is raised. Written to the file, not returned: a copy fewer of its bytes."""
    _Pickler(file, 5).dump(batch)
