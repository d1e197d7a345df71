"""A bounded memo: the most recently used answers, never more than a fixed number.

Link targets, new URLs and page paths recur across posts (menus, "see also", the same
images), so they are worth remembering; but remembering every one grows with the
export. This keeps the last ``size`` and forgets the least recently used.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")


class LRU(Generic[K, V]):
    """At most ``size`` key/value pairs; reading or storing a key makes it the newest."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("an LRU needs room for one entry at least")
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, default: D) -> V | D:
        try:
            value = self._data[key]
        except KeyError:
            return default
        self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.size:
            self._data.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)
