"""Odd numbers where an export holds a number: thousands of digits, other scripts'
digits, a sign, a fraction. Found by mutating real exports' number-shaped places.

``int()`` refuses a run of more than 4300 digits (Python's guard against its quadratic
conversion), so a regular expression's ``\\d+`` followed by ``int()`` stopped a run with
"internal error" wherever the export put thousands of digits; ``\\d`` also reads "٣" as
3, which WordPress does not. Each place now takes 1 to 18 ASCII digits
(``digits.is_number``), as the reader does for ids.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import pytest
from wxr_builder import item, meta, wxr

from wxr_tools import Item, htmlrefs, read
from wxr_tools.cli import main
from wxr_tools.phpvalues import unserialize
from wxr_tools.reader import Export

HUGE = "9" * 5000  # past int()'s 4300 digits
ARABIC_3 = "٣"  # a digit to \d and int(), none to PHP's (int) and absint

PICTURE = item(
    3,
    title="Pic",
    post_type="attachment",
    status="inherit",
    more="\t\t<wp:attachment_url>https://example.org/wp-content/uploads/2024/06/pic.jpg"
    "</wp:attachment_url>\n",
)


def _write(tmp_path: Path, *items: str, channel: str = "") -> Path:
    path = tmp_path / "odd.xml"
    path.write_bytes(wxr(*items, channel=channel))
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def test_gallery_ids_are_whole_ascii_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ids="٣,3" lists attachment 3 once; "٣" and 5000 digits are no ids (they were read
    as 3, and stopped `wxr media` and the links transform)."""
    body = f'[gallery ids="{ARABIC_3},3,{HUGE}" columns="{HUGE}"]'
    gallery = meta("_product_image_gallery", f"{ARABIC_3} 3,{HUGE}")
    export = _write(tmp_path, item(1, body=body, more=gallery), PICTURE)
    code, out, _ = _run(capsys, "media", str(export), "--json")
    assert code == 0
    summary = json.loads(out)["summary"]
    assert summary["references_by_source"] == {"gallery": 2}
    assert summary["references_by_field"] == {"content": 1, "meta:_product_image_gallery": 1}


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_shortcode_sizes_of_thousands_of_digits_are_left_out(
    tmp_path: Path, flavor: str, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        f'[gallery ids="3,{HUGE}" columns="{HUGE}"]\n\n'
        f'[caption id="attachment_3" width="{HUGE}"]<img src="https://example.org/a.jpg"> Cap'
        "[/caption]"
    )
    export = _write(tmp_path, item(1, body=body), PICTURE)
    out = tmp_path / "site"
    code, _, _ = _run(
        capsys, "convert", str(export), "--to", "markdown", "--flavor", flavor, "-o", str(out)
    )
    assert code == 0
    text = next(p for p in out.rglob("*.md") if "hello-1" in str(p)).read_text()
    assert HUGE not in text
    assert "Cap" in text
    assert "gallery: invalid attachment id" in text


def test_serialized_count_of_thousands_of_digits_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    value = f'a:1:{{s:{HUGE}:"key";i:1;}}'
    export = _write(tmp_path, item(1, more=meta("odd", value)))
    code, out, _ = _run(capsys, "validate", str(export), "--format", "json")
    assert code in (0, 1)
    messages = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "WXR308"]
    assert messages and "a 5000-digit number of bytes" in messages[0]
    assert unserialize(value) is None


def test_link_ids_are_whole_ascii_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """?p=٣ and ?p=<5000 digits> are links to no item (validate stopped on the second)."""
    body = (
        f'<a href="https://example.org/?p={ARABIC_3}">a</a> '
        f'<a href="https://example.org/?p={HUGE}">b</a> '
        '<a href="https://example.org/?p=3">c</a>'
    )
    export = _write(tmp_path, item(1, body=body), PICTURE)
    code, _, _ = _run(capsys, "validate", str(export), "--format", "json")
    assert code in (0, 1)
    code, out, _ = _run(capsys, "links", str(export), "--json")
    assert code == 0
    unresolved = [u["url"].split("?p=")[1] for u in json.loads(out)["unresolved"]]
    assert unresolved == [ARABIC_3, HUGE]


def test_generator_version_of_thousands_of_digits_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    channel = f"\t<generator>https://wordpress.org/?v={HUGE}.1</generator>\n"
    export = _write(tmp_path, item(1, title="Fish &amp; chips"), channel=channel)
    out = tmp_path / "site"
    code, _, _ = _run(capsys, "convert", str(export), "--to", "markdown", "-o", str(out))
    assert code == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&#00000065;", "A"),
        ("&#00000000000000000000065", "A"),
        ("&#99999999;", "\ufffd"),
        ("a&#" + "1" * 300 + ";b", "a\ufffdb"),
        ("&#8217; &#x2019; &#65;", "\u2019 \u2019 A"),
    ],
)
def test_long_references_read_as_html_unescape_reads_them(text: str, expected: str) -> None:
    # Short enough for int(): html.unescape itself is the reference.
    assert html.unescape(text) == expected
    assert htmlrefs.unescape(text) == expected


def test_references_under_eight_digits_are_left_as_written() -> None:
    text = "&#8217; &#x0000000041; &#1114111;"
    assert htmlrefs.shortened(text) is text


REFERENCE = "&#" + HUGE + ";"  # U+FFFD, however many its digits


def _references_export(tmp_path: Path) -> Path:
    """Thousands of digits in a reference in every text: title, content (text, an
    attribute, a link, code), excerpt, a comment's author and text, a category."""
    body = (
        f'<p title="{REFERENCE}">Text {REFERENCE} &#{"0" * 5000}65; '
        f'<a href="https://example.org/?p=1&#{"0" * 5000}38;x={REFERENCE}">l</a> '
        f"<code>{REFERENCE}</code></p><pre>{REFERENCE}</pre>\n\n[code]{REFERENCE}[/code]\n\n"
        f"[embed]https://www.youtube.com/watch?v=a{REFERENCE}[/embed]"
    )
    comment = (
        "<wp:comment><wp:comment_id>5</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Bob{REFERENCE}]]></wp:comment_author>"
        "<wp:comment_date>2024-06-05 18:04:48</wp:comment_date>"
        f"<wp:comment_content><![CDATA[Hi {REFERENCE}]]></wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>\n"
        f'<category domain="category" nicename="c"><![CDATA[Cat{REFERENCE}]]></category>\n'
    )
    post = item(1, title=f"T{REFERENCE}", body=body, more=comment + meta("x", REFERENCE))
    post = post.replace(
        "<excerpt:encoded><![CDATA[]]>", f"<excerpt:encoded><![CDATA[{REFERENCE}]]>"
    )
    channel = "\t<generator>https://wordpress.org/?v=4.1</generator>\n"
    return _write(tmp_path, post, channel=channel)


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "markdown", "--flavor", "hugo", "--redirects", "nginx"],
        ["--to", "markdown", "--flavor", "astro"],
        ["--to", "ghost"],
        ["--to", "wxr"],
        ["--to", "disqus"],
    ],
)
def test_references_of_thousands_of_digits_convert(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / ("site" if args[1] == "markdown" else "out")
    code, _, _ = _run(capsys, "convert", str(_references_export(tmp_path)), *args, "-o", str(out))
    assert code == 0
    if args[1] == "markdown":
        page = next(p for p in out.rglob("*.md") if "hello-1" in str(p)).read_text()
        assert "Text \ufffd A" in page  # [code] keeps its text as written, as WordPress


@pytest.mark.parametrize("command", ["validate", "info", "links", "media", "shortcodes"])
def test_references_of_thousands_of_digits_are_read(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = _run(capsys, command, str(_references_export(tmp_path)))
    assert code == 0


def _read(data: bytes) -> tuple[Export, list[Item]]:
    export = read(io.BytesIO(data))
    return export, list(export)


COMMENT = (
    "\t\t<wp:comment><wp:comment_id>{v}</wp:comment_id>"
    "<wp:comment_parent>{v}</wp:comment_parent><wp:comment_user_id>{v}</wp:comment_user_id>"
    "<wp:comment_content>Hi</wp:comment_content></wp:comment>\n"
)


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("7", 7),
        ("+7", 7),
        (" 7\n", 7),
        ("-7", -7),
        ("0" * 5000 + "7", 7),
        ("9223372036854775807", 9223372036854775807),
    ],
)
def test_integer_fields_read_as_php_reads_them(value: str, number: int) -> None:
    post = item(1, more=COMMENT.format(v=value)).replace(
        "<wp:menu_order>0<", f"<wp:menu_order>{value}<"
    )
    export, (read_item,) = _read(wxr(post))
    comment = read_item.comments[0]
    assert (read_item.menu_order, comment.id, comment.parent, comment.user_id) == (number,) * 4
    assert not export.diagnostics


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1_000", "not an integer"),  # int(): 1000, PHP: 1
        (ARABIC_3, "not an integer"),  # int(): 3, PHP: 0
        ("²", "not an integer"),
        ("1.5", "not an integer"),
        ("0x10", "not an integer"),
        ("1e3", "not an integer"),
        ("NaN", "not an integer"),
        ("9223372036854775808", "out of range"),
        (HUGE, "out of range"),  # int() refuses it
    ],
)
def test_odd_integers_are_reported_not_read_as_ids(value: str, problem: str) -> None:
    """`1_000` and `٣` were read as posts 1000 and 3, silently; each is now WXR110 with
    its line, and the item keeps no id (the run goes on)."""
    post = item(5, more=COMMENT.format(v=value)).replace("<wp:post_id>5<", f"<wp:post_id>{value}<")
    export, (read_item,) = _read(wxr(post))
    assert read_item.id is None and read_item.comments[0].id is None
    found = [d for d in export.diagnostics if d.code == "WXR110"]
    assert len(found) == 4 and all(problem in d.message and d.line for d in found)
    assert all(len(d.message) < 100 for d in found)  # thousands of digits are cut


@pytest.mark.parametrize("value", ["1_000", ARABIC_3, HUGE])
def test_odd_channel_ids_are_reported(value: str) -> None:
    channel = (
        f"\t<wp:author><wp:author_id>{value}</wp:author_id>"
        "<wp:author_login>admin</wp:author_login></wp:author>\n"
        f"\t<wp:term><wp:term_id>{value}</wp:term_id><wp:term_taxonomy>category"
        "</wp:term_taxonomy><wp:term_slug>c</wp:term_slug></wp:term>\n"
    )
    export, _ = _read(wxr(item(1), channel=channel))
    assert [a.id for a in export.authors] == [None] and [t.id for t in export.terms] == [None]
    assert [d.code for d in export.diagnostics] == ["WXR110", "WXR110"]
