"""The key filter makes its bits at its first key: the same answers as zeroed bits.

``KeyFilter`` answers "absent" without its bits until a key is added; these tests
compare it with a filter that zeroes its bits when made (the way it was written
before), for the keys added and others, before and after the first ``add``.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.writers.markdown import keyfilter
from wxr_tools.writers.markdown.keyfilter import KeyFilter


class EagerFilter:
    """The filter as it was: its bits zeroed when made."""

    def __init__(self) -> None:
        self.bits = bytearray(keyfilter.BITS >> 3)

    def add(self, key: str) -> None:
        h = hash(key)
        a, b = h & (keyfilter.BITS - 1), (h >> 32) & (keyfilter.BITS - 1)
        self.bits[a >> 3] |= 1 << (a & 7)
        self.bits[b >> 3] |= 1 << (b & 7)

    def __contains__(self, key: str) -> bool:
        h = hash(key)
        a, b = h & (keyfilter.BITS - 1), (h >> 32) & (keyfilter.BITS - 1)
        return bool(self.bits[a >> 3] >> (a & 7) & 1 and self.bits[b >> 3] >> (b & 7) & 1)


@given(st.lists(st.text(max_size=8)), st.lists(st.text(max_size=8)))
def test_the_lazy_filter_answers_as_the_zeroed_one(added: list[str], asked: list[str]) -> None:
    lazy, eager = KeyFilter(), EagerFilter()
    for key in asked:  # before any key: absent, as zeroed bits say
        assert (key in lazy) is (key in eager) is False
    for key in added:
        lazy.add(key)
        eager.add(key)
    for key in added + asked:
        assert (key in lazy) == (key in eager)
    for key in added:
        assert key in lazy


def test_a_filter_nothing_was_added_to_holds_no_bits() -> None:
    unused = KeyFilter()
    assert "x" not in unused
    assert unused._bits is None
    unused.add("x")
    assert unused._bits is not None and len(unused._bits) == keyfilter.BITS >> 3
