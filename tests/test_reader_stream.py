"""The byte stream hands the parser the same bytes however the file arrives in pieces
(``reader.stream.ByteSource``: a chunk with a line break takes a shorter path)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.reader.stream import ByteSource

# Well-formed text (a stray marker may be read differently in other pieces, before and
# after this change): markers, line breaks, carriage returns in CDATA (always data
# there), long runs without a line break.
_INSIDE = st.sampled_from([b"\n", b"\r\n", b"\r", b"]]", b"<p>", b"&", b"x" * 300, b"text "])
_CDATA = st.lists(_INSIDE, max_size=8).map(lambda inside: b"<![CDATA[" + b"".join(inside) + b"]]>")
_TOKENS = st.sampled_from([b"<item>", b"</item>", b"\n", b"text ", b"&amp;", b"x" * 300]) | _CDATA
_PROLOG = b'<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'


class _Pieces(io.RawIOBase):
    """Hands out the data in pieces of the given sizes, in turn."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data, self._sizes, self._turn = data, sizes, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        size = min(len(buffer), self._sizes[self._turn % len(self._sizes)])
        self._turn += 1
        piece, self._data = self._data[:size], self._data[size:]
        buffer[: len(piece)] = piece
        return len(piece)


def _handed(source: ByteSource, size: int) -> bytes:
    out = []
    while piece := source.read(size):
        out.append(piece)
    return b"".join(out)


@settings(max_examples=300)
@given(st.lists(_TOKENS, max_size=40), st.lists(st.integers(1, 700), min_size=1, max_size=5))
def test_the_parser_gets_the_same_bytes_in_any_pieces(
    tokens: list[bytes], sizes: list[int]
) -> None:
    data = _PROLOG + b"".join(tokens) + b"\n</channel></rss>\n"
    whole = ByteSource(io.BytesIO(data))
    at_once = _handed(whole, len(data) + 1)
    pieces = ByteSource(io.BufferedReader(_Pieces(data, sizes), buffer_size=1))
    in_pieces = _handed(pieces, max(sizes))
    assert in_pieces == at_once
    if b"\r" not in data:
        assert at_once == data  # nothing to rewrite: handed on as read
