"""``segments.plan`` cuts a file where it always did: compared with the search that
copied each part's bytes into one buffer as it read ahead, on files made to put the
cuts everywhere (at the end of a part, across reads ahead, behind long blank space)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.reader import segments
from wxr_tools.reader.segments import CUT, Segment, line_breaks, plan


def plan_by_copying(path: str, size: int, tail: int, read_ahead: int) -> Iterator[Segment]:
    """The cuts as ``plan`` made them before it searched a window: its loop as it was."""
    with open(path, "rb") as f:
        start, line = 0, 1
        end = f.seek(0, 2)
        whole = size
        while True:
            if end - start <= tail:
                size = max(whole // 4, 1)
            f.seek(start)
            data = f.read(size)
            found: re.Match[bytes] | None = None
            searched = max(size - len(b"</item>"), 0)
            while len(data) >= size:
                found = CUT.search(data, searched)
                if found is not None:
                    break
                more = f.read(read_ahead)
                if not more:
                    break
                searched = max(len(data) - 64, searched)
                data += more
            if found is None:
                yield Segment(start, None, line)
                return
            cut = found.start(1)
            end_line = line + data.count(b"\n", 0, cut)
            yield Segment(start, start + cut, line, end_line=end_line)
            line = end_line
            start += cut


def export_bytes(seed: int) -> bytes:
    """Items of any length, between them blank space of any length (past 64 bytes too),
    with line breaks (CR LF some), and "</item>" inside texts now and then."""
    rng = random.Random(seed)
    out = [b'<?xml version="1.0" encoding="UTF-8"?>\n<rss><channel>\n']
    for n in range(rng.randint(1, 60)):
        text = b"x" * rng.choice((0, 3, 50, 300, 2000, 9000))
        lines = b"\n".join([text] * rng.randint(1, 4))
        quoted = b"</item>\n<item>" if rng.random() < 0.1 else b""
        out.append(b"<item><title>%d</title><c>%s%s</c></item>" % (n, lines, quoted))
        blank = rng.choice((b"\n", b"\r\n", b"\n\t", b" \n  ", b"", b" " * 70 + b"\n"))
        blank += rng.choice((b"", b"\t" * rng.randint(1, 100), b" " * 63))
        out.append(blank)
    out.append(b"</channel></rss>\n")
    return b"".join(out)


@pytest.mark.parametrize("seed", range(40))
def test_plan_cuts_as_the_copying_search_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(export_bytes(seed))
    rng = random.Random(seed)
    for _ in range(6):
        size = rng.choice((1, 5, 7, 8, 50, 200, 1000, 5000, 40000))
        tail = rng.choice((0, size, 4 * size))
        read_ahead = rng.choice((7, 64, 65, 100, 1000, 1 << 16))
        monkeypatch.setattr(segments, "_READ_AHEAD", read_ahead)
        want = list(plan_by_copying(str(path), size, tail, read_ahead))
        assert list(plan(str(path), size, tail)) == want


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=300) | st.text("\n\r<>a", max_size=300).map(str.encode),
    end=st.integers(0, 400),
)
def test_line_breaks_are_those_count_finds(data: bytes, end: int) -> None:
    assert line_breaks(data, end) == data.count(b"\n", 0, end)
