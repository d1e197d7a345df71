"""A strict read that meets broken XML reports the parser's first fatal error (WXR101):
the same code, line, column and message however the bytes reach the parser, in one
piece or in many (lxml raises with libxml2's last error, which depended on that)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reader_parallel import in_parts, sequential
from wxr_builder import item, wxr

from wxr_tools.diagnostics import InputError
from wxr_tools.reader import read

EXPORT = wxr(*(item(i, title=f"Post {i}") for i in range(1, 6)))


def _third_item(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """A break of the third item: its first ``old`` replaced with ``new``."""

    def broken(data: bytes) -> bytes:
        at = data.index(old, data.index(b"<title><![CDATA[Post 3"))
        return data[:at] + new + data[at + len(old) :]

    return broken


def _truncated(extra: int) -> Callable[[bytes], bytes]:
    return lambda data: data[: data.index(b"<wp:post_type>", len(data) // 2) + extra]


BREAKS: dict[str, Callable[[bytes], bytes]] = {
    "undefined entity": _third_item(b"<wp:post_id>", b"<wp:post_id>&broken;"),
    "mismatched tag": _third_item(b"</wp:menu_order>", b"</wp:menu_orderx>"),
    "bad UTF-8": _third_item(b"Post 3", b"Po\xff\xfest 3"),
    "truncated": _truncated(0),
    "truncated in a tag": _truncated(5),
    "]]> in text": _third_item(b"<wp:post_parent>0", b"<wp:post_parent>0]]>"),
    "junk after the root": lambda data: data + b"<rss>junk</rss>\n",
    "text after the root": lambda data: data + b"junk\n",
    "NUL byte": _third_item(b"<wp:post_parent>0", b"<wp:post_parent>0\x00"),
    "raw ampersand": _third_item(b"<wp:post_parent>0", b"<wp:post_parent>0 & 1"),
    "raw less-than": _third_item(b"<wp:post_parent>0", b"<wp:post_parent>0 < 1"),
    "unclosed comment": _third_item(b"<wp:post_parent>", b"<!-- <wp:post_parent>"),
    "unquoted attribute": _third_item(b'isPermaLink="false"', b"isPermaLink=false"),
    "undeclared prefix": _third_item(b"<wp:post_parent>", b"<zz:x>1</zz:x><wp:post_parent>"),
    "unclosed CDATA": _third_item(b"<![CDATA[publish]]>", b"<![CDATA[publish"),
    "two errors": lambda data: _third_item(b"<wp:post_id>", b"<wp:post_id>&a;")(
        data.replace(b"</wp:menu_order>", b"</wp:menu>")
    ),
}


class _Pieces:
    """A file handing out its bytes in pieces of the given sizes, in turn."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data, self._sizes, self._turn = data, sizes, 0

    def read(self, size: int = -1) -> bytes:
        most = self._sizes[self._turn % len(self._sizes)]
        piece = self._data[: min(size, most) if size > 0 else most]
        self._turn += 1
        self._data = self._data[len(piece) :]
        return piece

    def peek(self, size: int = 1) -> bytes:  # read as it is: not wrapped in a buffer
        return self._data[: max(size, 1)]

    def close(self) -> None:
        pass


def failure(data: bytes, sizes: list[int]) -> tuple[str, int | None, int | None, str, int]:
    """What a strict read of ``data`` in pieces of ``sizes`` stops with."""
    try:
        with read(_Pieces(data, sizes)) as export:  # type: ignore[arg-type]
            for _ in export:
                pass
    except InputError as e:
        d = e.diagnostic
        return d.code, d.line, d.column, d.message, e.items_read
    raise AssertionError("read without an error")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(BREAKS)), st.lists(st.integers(1, 3000), min_size=1, max_size=4))
def test_the_error_is_the_same_in_any_pieces(kind: str, sizes: list[int]) -> None:
    data = BREAKS[kind](EXPORT)
    whole = failure(data, [len(data) + 1])
    assert failure(data, sizes) == whole
    code, line, _, message, _ = whole
    assert code == "WXR101" and line and "\n" not in message


def test_an_undefined_entity_is_named_where_it_stands() -> None:
    data = BREAKS["undefined entity"](EXPORT)
    line = data[: data.index(b"&broken;")].count(b"\n") + 1
    column = data.index(b"&broken;") - data.rindex(b"\n", 0, data.index(b"&broken;"))
    for sizes in ([len(data) + 1], [1 << 16], [4096], [100, 7], [1]):
        code, got_line, got_column, message, items_read = failure(data, sizes)
        # libxml2 points just past the reference
        end = column + len(b"&broken;")
        assert (code, got_line, got_column, items_read) == ("WXR101", line, end, 2)
        assert message == (
            "not well-formed XML: Entity 'broken' not defined; "
            "2 items read before the error (--recover may read past it)"
        )


def test_no_item_is_read_past_an_undefined_entity() -> None:
    # lxml lets an undefined entity through and starts a new document with the next
    # piece: when that piece started at an <item>, its items were read as the export's.
    items = [item(i) for i in range(1, 6)]
    items[1] = items[1].replace("<wp:post_id>", "<wp:post_id>&nope;")
    data = wxr(*items)
    third = data.index(b"\t<item>", data.index(b"&nope;"))
    for sizes in ([len(data) + 1], [third, 1 << 16], [third, 100]):
        assert failure(data, sizes)[4] == 1


def test_the_first_of_two_errors_is_reported() -> None:
    code, line, _, message, _ = failure(BREAKS["two errors"](EXPORT), [100])
    assert (code, line) == ("WXR101", 32)
    assert "Opening and ending tag mismatch: menu_order line 32 and menu;" in message


LONG = wxr(*(item(i, title=f"Post {i}") for i in range(1, 30)))
AT_THE_END: dict[str, Callable[[bytes], bytes]] = {
    # libxml2 names the line of the open tag; in a part, <rss><channel> are opened by
    # the synthetic prolog, on the part's line 1.
    "mismatch in a late item": lambda data: data.replace(
        b"</wp:menu_order>\n\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n\t\t"
        b"<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0"
        b"</wp:is_sticky>\n\t</item>\n</channel>",
        b"</wp:menu>\n</channel>",
    ),
    "cut before </channel>": lambda data: data[: data.rindex(b"</channel>")],
    "cut before </rss>": lambda data: data[: data.rindex(b"</rss>")],
    "cut in the last item": lambda data: data[: data.rindex(b"<item>") + 7],
    "channel end misspelt": lambda data: data.replace(b"</channel>", b"</chanel>"),
    "rss end misspelt": lambda data: data.replace(b"</rss>", b"</rsss>"),
}


@pytest.mark.parametrize("kind", sorted(BREAKS) + sorted(AT_THE_END))
def test_the_error_of_a_read_in_parts_is_the_sequential_one(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes({**BREAKS, **AT_THE_END}[kind](LONG))
    expected = sequential(path)["error"]
    assert expected is not None and expected[0].code == "WXR101"
    for part_size in (300, 2000):
        assert in_parts(path, part_size)["error"] == expected


def test_a_late_error_names_the_channel_line_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(AT_THE_END["cut before </channel>"](LONG))
    channel = LONG[: LONG.index(b"<channel>")].count(b"\n") + 1
    diagnostic, _ = in_parts(path, 300)["error"]
    assert f"Premature end of data in tag channel line {channel};" in diagnostic.message
