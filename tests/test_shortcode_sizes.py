"""Sizes in shortcodes (``[video width=…]``, ``[caption width=…]``, an embed's or a
player's ``height``) are read as WordPress reads them (``absint``, ``(int)``): the leading
digits. A size that is none (0, no digits) or past PHP's integers (which WordPress makes
9223372036854775807 pixels) is left out, so that the element takes its own size; never a
traceback, never a 5,000-digit attribute, in every output."""

from __future__ import annotations

from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools.config import Config
from wxr_tools.digits import size_of
from wxr_tools.pipeline import Options, convert
from wxr_tools.shortcodehtml import CONVERTERS
from wxr_tools.shortcodes import find_shortcodes
from wxr_tools.writers import WriteOptions

HUGE = "9" * 5000
VIDEO = "https://example.org/v.mp4"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
IMG = '<img src="https://example.org/p.jpg">'


def _converted(text: str) -> str | None:
    [sc] = list(find_shortcodes(text))
    return CONVERTERS[sc.name](sc, lambda _id: None)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("640", 640),
        ("0640", 640),
        (" 640px", 640),  # PHP's (int) reads the leading digits
        ("+640", 640),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),  # past what is an id or a size here (PHP stops at 19 digits)
        (HUGE, None),
        ("0", None),
        ("abc", None),
        ("-640", None),
        ("", None),
        ("٣", None),  # another script's digit: PHP reads no number
    ],
)
def test_a_size_is_read_as_wordpress_reads_it(text: str, size: int | None) -> None:
    assert size_of(text) == size


@pytest.mark.parametrize("value", [HUGE, "99999999999999999999", "0", "abc"])
def test_no_size_is_left_out(value: str) -> None:
    video = _converted(f'[video src="{VIDEO}" width="{value}" height="{value}"]')
    assert video == f'<video controls src="{VIDEO}"></video>'
    audio = _converted(f'[audio src="{VIDEO}" width="{value}"]')  # WordPress's has none
    assert audio == f'<audio controls src="{VIDEO}"></audio>'
    embed = _converted(f'[embed width="{value}" height="{value}"]{YOUTUBE}[/embed]')
    assert embed is not None and "width" not in embed and "height" not in embed
    caption = _converted(f'[caption width="{value}"]{IMG} Text[/caption]')
    assert caption is not None and "style" not in caption and caption.startswith("<figure")


def test_sizes_are_written_as_numbers() -> None:
    video = _converted(f'[video src="{VIDEO}" width="640px" height="0360"]')
    assert video == f'<video controls src="{VIDEO}" width="640" height="360"></video>'
    embed = _converted(f'[embed width="500" height="abc"]{YOUTUBE}[/embed]')
    assert embed is not None and ' width="500" frameborder' in embed
    caption = _converted(f'[caption width="300"]{IMG} Text[/caption]')
    assert caption is not None and ' style="width: 300px"' in caption


@pytest.mark.parametrize(
    ("to", "flavor"),
    [("markdown", f) for f in ("hugo", "jekyll", "eleventy", "astro")] + [("ghost", None)],
)
def test_huge_sizes_in_every_output(tmp_path: Path, to: str, flavor: str | None) -> None:
    body = (
        f'[video src="{VIDEO}" width="{HUGE}" height="{HUGE}"][/video]\n\n'
        f'[audio src="https://example.org/a.mp3" width="{HUGE}"]\n\n'
        f'[embed width="{HUGE}" height="{HUGE}"]{YOUTUBE}[/embed]\n\n'
        f'[caption width="{HUGE}"]{IMG} A caption[/caption]\n\n'
        f"[youtube {YOUTUBE}&w={HUGE}&h={HUGE}]"
    )
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(item(1, body=body)))
    out = tmp_path / ("site" if to == "markdown" else "ghost.json")
    report = convert(
        str(source),
        to,
        str(out),
        Options(config=Config(), progress=False),
        WriteOptions(flavor=flavor) if flavor else WriteOptions(),
    )
    assert report.items_written["post"] == 1
    files = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
    written = "".join(p.read_text("utf-8", errors="replace") for p in files)
    assert "<video controls" in written and "<figure" in written and "<iframe" in written
    assert "9" * 19 not in written
