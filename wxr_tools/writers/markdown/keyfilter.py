"""Which keys a scratch table surely does not hold, answered from memory (a Bloom filter).

Placing an item asks the scratch tables whether its path, its URL and each of its old
URLs are taken, pages or aliases: nearly always they are not, and each question was a
query (the cost of placing an item was mostly its queries). A key never added is
answered "absent" here without one; a key added, or one that shares its bits (a few
in a hundred at a million keys), still asks the table, which has the last word.

The filter has a fixed size whatever the export (memory stays flat): a larger export
only makes "perhaps" more frequent, never a wrong answer. Keys are hashed with
``hash``: a filter is used in the process that filled it, never sent to another.
"""

from __future__ import annotations

BITS = 1 << 22
"""Half a megabyte: at 200k keys one key in a hundred asks the table, at a million one
in seven."""
_MASK = BITS - 1


class KeyFilter:
    """Keys added (``add``), and others that ``in`` cannot tell apart from them.

    Its bits are made at the first ``add``: a run's tables make six filters, which are
    asked only once the tables spill to their scratch database (``scratch.Budget``:
    past 20 MB of keys), and zeroing half a megabyte each cost every run 3 M
    instructions and 3 MB for nothing. A filter with nothing added answers what its
    zeroed bits would: absent."""

    __slots__ = ("_bits",)

    def __init__(self) -> None:
        self._bits: bytearray | None = None

    def add(self, key: str) -> None:
        bits = self._bits
        if bits is None:
            bits = self._bits = bytearray(BITS >> 3)
        h = hash(key)
        a, b = h & _MASK, (h >> 32) & _MASK
        bits[a >> 3] |= 1 << (a & 7)
        bits[b >> 3] |= 1 << (b & 7)

    def __contains__(self, key: str) -> bool:
        """False: ``key`` was never added; True: it perhaps was (ask the table)."""
        bits = self._bits
        if bits is None:
            return False  # nothing added yet
        h = hash(key)
        a, b = h & _MASK, (h >> 32) & _MASK
        return bool(bits[a >> 3] >> (a & 7) & 1 and bits[b >> 3] >> (b & 7) & 1)
