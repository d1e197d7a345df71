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
        # A test, not a caught KeyError: most lookups of link targets miss (each link is
        # seen once), and raising costs more than the lookup.
        data = self._data
        if key not in data:
            return default
        data.move_to_end(key)
        return data[key]

    def put(self, key: K, value: V) -> None:
        data = self._data
        held = len(data)
        data[key] = value  # a new key is stored last: the newest already
        if len(data) == held:
            data.move_to_end(key)  # a key it held
        elif held == self.size:
            data.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)
