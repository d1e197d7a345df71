"""The byte stream hands the parser the same bytes however the file arrives in pieces
(``reader.stream.ByteSource``), and its fast state tracking agrees with its walk."""

from __future__ import annotations

import io
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.reader import stream
from wxr_tools.reader.stream import CDATA, COMMENT, TAG, TEXT, ByteSource

# Any mix of markers, well-formed or not: carriage returns in text, in blank space
# between elements (kept raw there, so whether a run is blank must not depend on where
# a piece ends) and in sections; comments holding other markers, closed or not; stray
# ']]>' and '-->'; '>' and markers in attribute values; long runs without a '>'.
_MARKERS = [b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<!-->", b"<", b">", b"]]", b"--", b"<!"]
_CRS = [b"\r\n", b"\r", b" \r ", b"\r\n\t\t", b"\n", b" "]
_TEXT = [b"text ", b"&amp;", b"&#13;", b"&", b"x" * 300, b"\t" * 150, b"y" * 70]
_TAGS = [b"<item>", b"</item>", b'<a t="x>y">', b'<a t="]]>">', b'<a t="-->">']
_PIECE = st.sampled_from(_MARKERS + _CRS + _TEXT + _TAGS)
_SECTION = st.tuples(
    st.sampled_from([(b"<![CDATA[", b"]]>"), (b"<!--", b"-->"), (b"<!--", b"")]),
    st.lists(st.sampled_from(_MARKERS[:3] + _CRS + _TEXT[:2] + [b"<p>"]), max_size=6),
).map(lambda section: section[0][0] + b"".join(section[1]) + section[0][1])
_TOKENS = _PIECE | _SECTION
_PROLOG = b'<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'


class _Pieces:
    """Hands out the data in pieces of the given sizes, in turn (never more than asked)."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data, self._sizes, self._turn = data, sizes, 0

    def read(self, size: int) -> bytes:
        piece = self._data[: min(size, self._sizes[self._turn % len(self._sizes)])]
        self._turn += 1
        self._data = self._data[len(piece) :]
        return piece

    def close(self) -> None:
        pass


def _handed(source: ByteSource, size: int) -> bytes:
    out = []
    while piece := source.read(size):
        out.append(piece)
    return b"".join(out)


def _same_in_pieces(tokens: list[bytes], sizes: list[int], recover: bool = False) -> bytes:
    data = _PROLOG + b"".join(tokens) + b"\n</channel></rss>\n"
    at_once = _handed(ByteSource(io.BytesIO(data), recover=recover), len(data) + 1)
    pieces = ByteSource(_Pieces(data, sizes), recover=recover)  # type: ignore[arg-type]
    in_pieces = _handed(pieces, 1 << 16)
    assert in_pieces == at_once
    if b"\r" not in data and not recover:
        assert at_once == data  # nothing to rewrite: handed on as read
    return at_once


_SIZES = st.lists(st.integers(1, 700), min_size=1, max_size=5)


@settings(max_examples=400)
@given(st.lists(_TOKENS, max_size=40), _SIZES, st.booleans())
def test_the_parser_gets_the_same_bytes_in_any_pieces(
    tokens: list[bytes], sizes: list[int], recover: bool
) -> None:
    # Recover mode too: its repairs (a ']]>' not followed by markup) look ahead.
    _same_in_pieces(tokens, sizes, recover)


@settings(max_examples=300)
@given(st.lists(_TOKENS, max_size=40), _SIZES, st.booleans())
def test_long_runs_without_a_close_are_cut_where_nothing_changes(
    tokens: list[bytes], sizes: list[int], recover: bool
) -> None:
    # A run without a '>' longer than the bound is cut inside: lowered here so that
    # the runs above (hundreds of bytes of text, tabs, markers) reach it.
    with mock.patch.object(stream, "_LONG_LINE", 200):
        _same_in_pieces(tokens, sizes, recover)


def test_a_carriage_return_in_blank_space_is_kept_raw_wherever_a_piece_ends() -> None:
    # The run around each CR: text before it in an earlier piece, text after it in a
    # later one, or blank all through (raw: the parser makes CR LF a LF there).
    for middle, handed in [
        (b"<a>text\n\r\n</a>", b"<a>text\n&#13;\n</a>"),
        (b"<a>\r\ntext</a>", b"<a>&#13;\ntext</a>"),
        (b"<a>\n\r\n</a>", b"<a>\n\r\n</a>"),
    ]:
        for cut in range(1, len(middle)):
            pieces = [len(_PROLOG) + cut, 1000]
            assert _same_in_pieces([middle], pieces) == _PROLOG + handed + b"\n</channel></rss>\n"


def test_markers_in_a_comment_do_not_open_a_section_wherever_a_piece_ends() -> None:
    for middle in [b"<!-- <![CDATA[ -->\n<a>x\r\ny</a>", b"<!-- a > b\n<a>x\r\ny</a>"]:
        for cut in range(1, len(middle)):
            _same_in_pieces([middle], [len(_PROLOG) + cut, 1000])


@settings(max_examples=500)
@given(st.lists(_TOKENS, max_size=30), st.sampled_from([TEXT, TAG, CDATA, COMMENT]))
def test_the_fast_state_tracking_ends_where_the_walk_does(tokens: list[bytes], start: int) -> None:
    body = b"".join(tokens).replace(b"\r", b"")  # the fast path is for bodies without CRs
    skimmed, walked = ByteSource(io.BytesIO()), ByteSource(io.BytesIO())
    skimmed._state = walked._state = start
    skimmed._skim(body)
    walked._rewrite(body)
    assert skimmed._state == walked._state


def test_the_fast_state_tracking_reads_an_export_off_its_last_markers() -> None:
    # The walk is the fallback for doubtful markers, not the rule: an export's bodies
    # (sections, comments in them and in the prolog) are read off their last markers.
    with open("fixtures/ctts-sample.xml", "rb") as sample:
        data = sample.read()
    source = ByteSource(io.BytesIO())
    start, bodies, read_off = 0, 0, 0
    for end in range(2048, len(data), 2048):
        cut = data.rfind(b"\n", start, end) + 1
        if cut > start:
            body = data[start:cut].replace(b"\r", b"")
            state = source._end_state(body)
            source._rewrite(body)
            assert state in (None, source._state)
            start, bodies, read_off = cut, bodies + 1, read_off + (state is not None)
    # Only the first, all prolog comments and no section, needs the walk.
    assert bodies > 10 and read_off == bodies - 1
