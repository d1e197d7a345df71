"""Model records made from their field values in field order, for the reader's loops.

A frozen dataclass's ``__init__`` sets every field through ``object.__setattr__``; an
Item has 40, and making them that way was a tenth of the reader's time. The model's
own constructor for unpickled and evolved records (one slot setter per field) takes
half as long, from a list the reader fills by position as it meets each element.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import MISSING, fields
from typing import Any, TypeVar

from wxr_tools.model import _MAKERS, _makers, _rebuild

R = TypeVar("R")


def record_fields(cls: type[Any]) -> tuple[str, ...]:
    """The names of ``cls``'s fields, in the order ``new_record`` takes their values."""
    return tuple(f.name for f in fields(cls))


def record_defaults(cls: type[Any], **given: Any) -> tuple[Any, ...]:
    """Each field's default, in order; ``given`` for fields without one.

    A field with a default factory (a fresh list or dict per record) is refused: one
    value in a list of defaults would be shared by every record made from it.
    """
    values: list[Any] = []
    for f in fields(cls):
        if f.name in given:
            values.append(given[f.name])
        elif f.default is not MISSING:
            values.append(f.default)
        else:
            raise TypeError(f"{cls.__name__}.{f.name} has no plain default: give one")
    return tuple(values)


def new_record(cls: type[R], values: Sequence[Any]) -> R:
    """A record of ``cls`` with ``values``, one per field in field order (unchecked)."""
    return _rebuild(cls, tuple(values))


def record_maker(cls: type[R]) -> Callable[[Sequence[Any]], R]:
    """``new_record`` for ``cls`` as one function of the values: the reader's loops make a
    record per element, and two calls fewer each is a few percent of their time."""
    make: Callable[[Sequence[Any]], R] = (_MAKERS.get(cls) or _makers(cls))[0]
    return make
