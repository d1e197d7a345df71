"""``wxr media`` and ``wxr_tools.media``: the inventory, file types, and ``--from-dir``."""

from __future__ import annotations

import io
import json
import os
import struct
import sys
import zlib
from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.diagnostics import Severity
from wxr_tools.exitcodes import exit_code
from wxr_tools.index import Index, entry_of
from wxr_tools.media.files import MANIFEST, safe_join
from wxr_tools.media.filetypes import agrees, header_agrees, sniff
from wxr_tools.media.inventory import Inventory, MediaFile, build_inventory
from wxr_tools.media.references import MediaResolver, Resolved
from wxr_tools.media.store import copy_from_dir
from wxr_tools.reader import read

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"
UPLOADS = "https://ctts.example.org/wp-content/uploads/"


# -- tiny valid images, made here -----------------------------------------------------------


def png_bytes(rgb: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    """A valid 1x1 RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes(label: bytes = b"wxr") -> bytes:
    """A valid 8x8 grey baseline JPEG (one block, DC only); ``label`` goes in a comment."""

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    one_code = bytes([1] + [0] * 15)  # a Huffman table with a single 1-bit code: "0"
    return b"".join(
        (
            b"\xff\xd8",
            segment(0xFE, label),
            segment(0xDB, b"\x00" + bytes([1] * 64)),
            segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00"),
            segment(0xC4, b"\x00" + one_code + b"\x00" + b"\x10" + one_code + b"\x00"),
            segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            bytes([0b00111111]),  # DC difference 0 ("0"), end of block ("0"), then 1s
            b"\xff\xd9",
        )
    )


# -- the inventory on the sample export -----------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Inventory:
    return build_inventory(str(SAMPLE))


def test_sample_attachments(sample: Inventory) -> None:
    assert list(sample.attachments) == [216, 217, 761]
    scene, public, diagram = (sample.attachments[n] for n in (216, 217, 761))
    assert scene.url == UPLOADS + "2008/11/going-solo-lyon-scene.jpg"
    assert scene.file == "2008/11/going-solo-lyon-scene.jpg"
    assert (scene.mime, scene.width, scene.height, scene.parent) == ("image/jpeg", 1200, 800, 215)
    assert scene.sizes == {
        "thumbnail": "2008/11/going-solo-lyon-scene-150x150.jpg",
        "medium": "2008/11/going-solo-lyon-scene-300x200.jpg",
        "large": "2008/11/going-solo-lyon-scene-1024x683.jpg",
    }
    assert public.file == "2008/11/going-solo-lyon-public.jpg"
    assert diagram.file == "2019/06/wxr-export-diagram.png" and diagram.mime == "image/png"
    assert diagram.sizes["medium_large"] == "2019/06/wxr-export-diagram-768x512.png"
    # the featured images (_thumbnail_id) and the [gallery ids="216,217"] of post 215
    assert (scene.featured_by, scene.galleries) == ([215], [215])
    assert (public.featured_by, public.galleries) == ([], [215])
    assert (diagram.featured_by, diagram.galleries) == ([760], [])
    # scene: a link to the full size, the -300x200 <img>, the gallery, the featured image
    assert (scene.references, public.references, diagram.references) == (4, 1, 3)


def test_sample_urls(sample: Inventory) -> None:
    http = "http://ctts.example.org/wp-content/uploads/"
    assert {url: row.target for url, row in sample.urls.items()} == {
        http + "2008/11/going-solo-lyon-scene.jpg": Resolved(
            "attachment",
            216,
            "2008/11/going-solo-lyon-scene.jpg",
            "2008/11/going-solo-lyon-scene.jpg",
            "ctts.example.org",
        ),
        http + "2008/11/going-solo-lyon-scene-300x200.jpg": Resolved(
            "attachment",
            216,
            "2008/11/going-solo-lyon-scene-300x200.jpg",
            "2008/11/going-solo-lyon-scene.jpg",
            "ctts.example.org",
        ),
        UPLOADS + "2019/06/wxr-export-diagram.png": Resolved(
            "attachment",
            761,
            "2019/06/wxr-export-diagram.png",
            "2019/06/wxr-export-diagram.png",
            "ctts.example.org",
        ),
        UPLOADS + "2019/06/wxr-export-diagram-300x200.png": Resolved(
            "attachment",
            761,
            "2019/06/wxr-export-diagram-300x200.png",
            "2019/06/wxr-export-diagram.png",
            "ctts.example.org",
        ),
    }
    variants = {row.target.path for row in sample.urls.values() if row.target.variant}
    assert variants == {
        "2008/11/going-solo-lyon-scene-300x200.jpg",
        "2019/06/wxr-export-diagram-300x200.png",
    }
    rows = list(sample.urls.values())
    assert [(r.count, r.items, dict(r.sources)) for r in rows] == [
        (1, [215], {"href": 1}),
        (1, [215], {"src": 1}),
        (1, [760], {"href": 1}),
        (1, [760], {"src": 1}),
    ]
    assert dict(sample.sources) == {"href": 2, "src": 2, "gallery": 2, "featured": 2}
    assert (sample.items, sample.items_with_media) == (14, 2)
    assert sample.hosts() == {} and sample.unresolved_ids == [] and sample.diagnostics == []


def test_sample_files(sample: Inventory) -> None:
    originals = [
        MediaFile(
            "2008/11/going-solo-lyon-scene.jpg", UPLOADS + "2008/11/going-solo-lyon-scene.jpg", 216
        ),
        MediaFile(
            "2008/11/going-solo-lyon-public.jpg",
            UPLOADS + "2008/11/going-solo-lyon-public.jpg",
            217,
        ),
        MediaFile(
            "2019/06/wxr-export-diagram.png", UPLOADS + "2019/06/wxr-export-diagram.png", 761
        ),
    ]
    assert sample.files() == originals
    variants = sample.files(variants=True)[3:]
    assert [(f.path, f.attachment, f.original, f.original_url) for f in variants] == [
        (
            "2008/11/going-solo-lyon-scene-300x200.jpg",
            216,
            "2008/11/going-solo-lyon-scene.jpg",
            UPLOADS + "2008/11/going-solo-lyon-scene.jpg",
        ),
        (
            "2019/06/wxr-export-diagram-300x200.png",
            761,
            "2019/06/wxr-export-diagram.png",
            UPLOADS + "2019/06/wxr-export-diagram.png",
        ),
    ]


def test_resolver_per_item_agrees_with_the_inventory(sample: Inventory) -> None:
    with read(str(SAMPLE)) as export:
        items = list(export)
        site = export.site
    resolver = MediaResolver(site, Index(e for e in map(entry_of, items) if e is not None))
    post = next(i for i in items if i.id == 215)
    refs = [
        (r.found.source, r.target.attachment, r.target.variant) for r in resolver.references(post)
    ]
    assert refs == [
        ("href", 216, False),
        ("src", 216, True),
        ("gallery", 216, False),
        ("gallery", 217, False),
        ("featured", 216, False),
    ]


def test_cli_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["media", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "attachments: 3 (image/jpeg 2, image/png 1), 3 referenced" in out
    assert "2008/11/going-solo-lyon-scene-300x200.jpg -> 2008/11/going-solo-lyon-scene.jpg" in out
    assert "216: 2008/11/going-solo-lyon-scene.jpg (4 references; featured by 215;" in out
    assert main(["media", str(SAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["unique_urls"] == 4 and data["summary"]["resized_variants"] == 2
    assert [a["id"] for a in data["attachments"]] == [216, 217, 761]
    assert data["attachments"][0]["galleries"] == [215]
    assert data["hosts"] == {} and data["diagnostics"] == []


def test_standard_input_learns_the_index_from_the_stream(
    monkeypatch: pytest.MonkeyPatch, sample: Inventory
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes())))
    piped = build_inventory("-")
    assert piped.urls == sample.urls and piped.attachments == sample.attachments


# -- every form of reference --------------------------------------------------------------

META = (
    'a:3:{s:4:"file";s:12:"2020/01/a.jpg";s:5:"sizes";a:1:{s:6:"medium";a:1:{s:4:"file";'
    's:19:"a-300x200.jpg";}}s:14:"original_image";s:5:"a.jpg";}'
)


def meta(key: str, value: str) -> str:
    return (
        f"\t\t<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>\n"
    )


def attachment(post_id: int, url: str, file: str, extra: str = "") -> str:
    return item(
        post_id,
        post_type="attachment",
        status="inherit",
        more=f"\t\t<wp:attachment_url>{url}</wp:attachment_url>\n"
        + meta("_wp_attached_file", file)
        + extra,
    )


BODY = """
<img src="/wp-content/uploads/2020/01/a-300x200.jpg"
     srcset="https://example.org/wp-content/uploads/2020/01/a-300x200.jpg 300w,
             https://example.org/wp-content/uploads/2020/01/a.jpg 1200w">
<img data-src="https://cdn.example.net/pics/b.webp" src="data:image/gif;base64,R0lG">
<div style="background-image: url(&quot;https://example.org/wp-content/uploads/2020/01/a.jpg&quot;)"></div>
<a href="https://docs.example.com/report.pdf">report</a> <a href="https://docs.example.com/about/">about</a>
<a href="https://example.org/?attachment_id=11">the photo's page</a>
<a href="https://example.org/wp-content/uploads/2020/02/gone.jpg">gone</a>
<a href="/files/doc.pdf">a site file, not in uploads</a> <a href="/code/x.rb">not media</a>
<a href="mailto:me@example.org">me</a>
<a title='src="https://evil.example/x.jpg"' href="#top">up</a>
<!-- wp:image {"url":"https://example.org/wp-content/uploads/2020/09/only-in-json.jpg"} -->
[audio mp3="https://example.org/wp-content/uploads/2020/03/talk.mp3"][playlist ids="12, 99"]
<img src="https://example.files.wordpress.com/2010/03/c.jpg?w=300">
"""


def test_every_form(tmp_path: Path) -> None:
    comment = (
        "\t\t<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_content><![CDATA["
        '<img src="https://cdn.example.net/pics/b.webp">]]></wp:comment_content>'
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>\n"
    )
    post = item(
        1,
        body=BODY,
        more=meta("_thumbnail_id", "404")
        + meta(
            "_builder",
            '{"image":"https:\\/\\/example.org\\/wp-content\\/uploads\\/2020\\/01\\/a.jpg"}',
        )
        + meta("_yoast_wpseo_canonical", "https://other.example/page/")
        + comment,
    )
    path = tmp_path / "site.xml"
    path.write_bytes(
        wxr(
            post,
            attachment(
                11,
                "https://example.org/wp-content/uploads/2020/01/a.jpg",
                "2020/01/a.jpg",
                meta("_wp_attachment_metadata", META),
            ),
            attachment(
                12, "https://example.org/wp-content/uploads/2020/03/talk.mp3", "2020/03/talk.mp3"
            ),
            attachment(
                13,
                "https://example.files.wordpress.com/2010/03/c.jpg",
                "/home/wpcom/files/2010/03/c.jpg",
            ),
        )
    )
    inv = build_inventory(str(path))
    kinds = {
        url: (row.target.kind, row.target.attachment, dict(row.sources))
        for url, row in inv.urls.items()
    }
    up = "https://example.org/wp-content/uploads/"
    assert kinds == {
        "https://example.org/wp-content/uploads/2020/01/a-300x200.jpg": (
            "attachment",
            11,
            {"src": 1, "srcset": 1},
        ),
        up + "2020/01/a.jpg": ("attachment", 11, {"srcset": 1, "style": 1, "meta": 1}),
        "https://cdn.example.net/pics/b.webp": ("external", None, {"src": 2}),
        "https://docs.example.com/report.pdf": ("external", None, {"href": 1}),
        "https://example.org/?attachment_id=11": ("attachment-page", 11, {"href": 1}),
        up + "2020/02/gone.jpg": ("missing", None, {"href": 1}),
        "https://example.org/files/doc.pdf": ("missing", None, {"href": 1}),
        up + "2020/03/talk.mp3": ("attachment", 12, {"shortcode": 1}),
        "https://example.files.wordpress.com/2010/03/c.jpg?w=300": ("attachment", 13, {"src": 1}),
    }
    assert inv.hosts() == {"cdn.example.net": 2, "docs.example.com": 1}
    assert inv.attachments[11].sizes == {
        "medium": "2020/01/a-300x200.jpg",
        "original_image": "2020/01/a.jpg",
    }
    assert inv.attachments[13].file == "2010/03/c.jpg"
    assert inv.attachments[12].galleries == [1]
    assert inv.unresolved_ids == [(1, "gallery", 99), (1, "featured", 404)]
    assert dict(inv.fields) == {
        "content": 13,
        "meta:_builder": 1,
        "comment": 1,
        "meta:_thumbnail_id": 1,
    }
    codes = sorted((d.code, d.item_id) for d in inv.diagnostics)
    assert codes == [("WXR502", 1), ("WXR502", 1), ("WXR506", 1), ("WXR506", 1)]
    unattached = inv.files(unattached=True)
    assert [f.path for f in unattached] == [
        "2020/01/a.jpg",
        "2020/03/talk.mp3",
        "2010/03/c.jpg",
        "2020/02/gone.jpg",
    ]


# -- file types ---------------------------------------------------------------------------


def test_sniffing() -> None:
    assert sniff(jpeg_bytes()) == "image" and sniff(png_bytes()) == "image"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == "image"
    assert sniff(b"\x00\x00\x00\x20ftypM4A \x00") == "audio"
    assert sniff(b"\x00\x00\x00\x20ftypisom\x00") == "av"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image"
    assert agrees("a.jpg", png_bytes())  # a PNG named .jpg displays: same family
    assert not agrees("a.jpg", b"<html><body>Not found</body></html>")
    assert not agrees("a.png", b"plain text")  # every image format has a signature
    assert agrees("notes.txt", b"plain text") and agrees("a.m4a", b"\x00\x00\x00\x20ftypisom")
    assert not agrees("a.pdf", png_bytes())
    assert header_agrees("a.jpg", "image/png") and not header_agrees("a.jpg", "text/html")
    assert not header_agrees("a.mp3", "image/jpeg") and header_agrees("a.ogg", "video/ogg")


def test_safe_join(tmp_path: Path) -> None:
    root = str(tmp_path)
    assert safe_join(root, "static/media/a.jpg") == os.path.join(
        os.path.realpath(root), "static", "media", "a.jpg"
    )
    for bad in (
        "",
        "/etc/passwd",
        "../x.jpg",
        "a/../../x",
        "a//b",
        "./a",
        "a\\b",
        "c:/x",
        "con.jpg",
        "a\x00b",
    ):
        with pytest.raises(ValueError):
            safe_join(root, bad)
    (tmp_path / "out").symlink_to("/tmp")
    with pytest.raises(ValueError, match="through a link"):
        safe_join(root, "out/x.jpg")


# -- --from-dir -----------------------------------------------------------------------------


def static(file: MediaFile) -> str:
    return f"static/media/{file.path}"


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """A copy of the sample's uploads: 216's -300x200 variant is missing, and 217 has the
    same bytes as 216 (the same photo uploaded twice)."""
    root = tmp_path / "uploads"
    (root / "2008/11").mkdir(parents=True)
    (root / "2019/06").mkdir(parents=True)
    scene = jpeg_bytes(b"scene")
    (root / "2008/11/going-solo-lyon-scene.jpg").write_bytes(scene)
    (root / "2008/11/going-solo-lyon-public.jpg").write_bytes(scene)
    (root / "2019/06/wxr-export-diagram.png").write_bytes(png_bytes((0, 0, 255)))
    (root / "2019/06/wxr-export-diagram-300x200.png").write_bytes(png_bytes((0, 0, 254)))
    return root


def test_from_dir_sample(sample: Inventory, uploads: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = copy_from_dir(sample.files(variants=True), str(uploads), str(out), static)
    media = "static/media/"
    assert {f.path: (p.dest, p.status, p.from_original) for f, p in result.placed.items()} == {
        "2008/11/going-solo-lyon-scene.jpg": (
            media + "2008/11/going-solo-lyon-scene.jpg",
            "copied",
            False,
        ),
        # the same bytes: stored once, mapped to the first copy
        "2008/11/going-solo-lyon-public.jpg": (
            media + "2008/11/going-solo-lyon-scene.jpg",
            "duplicate",
            False,
        ),
        "2019/06/wxr-export-diagram.png": (
            media + "2019/06/wxr-export-diagram.png",
            "copied",
            False,
        ),
        # the missing variant: its original
        "2008/11/going-solo-lyon-scene-300x200.jpg": (
            media + "2008/11/going-solo-lyon-scene.jpg",
            "duplicate",
            True,
        ),
        "2019/06/wxr-export-diagram-300x200.png": (
            media + "2019/06/wxr-export-diagram-300x200.png",
            "copied",
            False,
        ),
    }
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        MANIFEST,
        media + "2008/11/going-solo-lyon-scene.jpg",
        media + "2019/06/wxr-export-diagram-300x200.png",
        media + "2019/06/wxr-export-diagram.png",
    ]
    assert [(d.code, d.path) for d in result.diagnostics] == [
        ("WXR602", "2008/11/going-solo-lyon-scene-300x200.jpg")
    ]
    assert result.failed == {} and exit_code(result.diagnostics) == 0
    assert (
        result.dest("2008/11/going-solo-lyon-public.jpg")
        == media + "2008/11/going-solo-lyon-scene.jpg"
    )
    manifest = json.loads((out / MANIFEST).read_text())
    assert len(manifest["files"]) == 5

    # A second run writes nothing: every file already holds the same bytes.
    stamp = (out / media / "2008/11/going-solo-lyon-scene.jpg").stat().st_mtime_ns
    again = copy_from_dir(sample.files(variants=True), str(uploads), str(out), static)
    assert again.counts["unchanged"] == 3 and again.counts["copied"] == 0
    assert (out / media / "2008/11/going-solo-lyon-scene.jpg").stat().st_mtime_ns == stamp


def test_from_dir_problems(uploads: Path, tmp_path: Path) -> None:
    (uploads / "2008/11/fake.jpg").write_text("<!DOCTYPE html><html>Not found</html>")
    (uploads / "2008/11/empty.png").write_bytes(b"")
    (uploads / "2008/11/Photo.JPG").write_bytes(jpeg_bytes(b"photo"))
    (tmp_path / "secret.jpg").write_bytes(jpeg_bytes(b"secret"))
    (uploads / "2008/11/link.jpg").symlink_to(tmp_path / "secret.jpg")
    files = [
        MediaFile("2008/11/missing.jpg", "u1", 1),
        MediaFile("2008/11/fake.jpg", "u2", 2),
        MediaFile("2008/11/empty.png", "u3", 3),
        MediaFile("../secret.jpg", "u4", 4),
        MediaFile("2008/11/link.jpg", "u5", 5),
        MediaFile("2008/11/photo.jpg", "u6", 6),  # Photo.JPG on disk: found all the same
    ]
    out = tmp_path / "site"
    result = copy_from_dir(files, str(uploads), str(out), static, strict=True)
    codes = {d.item_id: d.code for d in result.diagnostics}
    assert codes == {1: "WXR600", 2: "WXR601", 3: "WXR601", 4: "WXR604", 5: "WXR604"}
    assert all(d.level is Severity.ERROR for d in result.diagnostics)  # strict
    assert exit_code(result.diagnostics) == 1
    assert [f.path for f in result.missing] == ["2008/11/missing.jpg"]
    assert list(result.placed) == [files[5]]
    assert not list(tmp_path.glob("site/**/secret.jpg"))


def test_destinations_stay_inside_and_never_collide(uploads: Path, tmp_path: Path) -> None:
    files = [
        MediaFile("2019/06/wxr-export-diagram.png", "u1", 1),
        MediaFile("2019/06/wxr-export-diagram-300x200.png", "u2", 2),
        MediaFile("2008/11/going-solo-lyon-scene.jpg", "u3", 3),
    ]

    def flat(file: MediaFile) -> str:  # a bundle that drops the folders: names collide
        return "../escape.jpg" if file.attachment == 3 else "bundle/diagram.png"

    out = tmp_path / "site"
    result = copy_from_dir(files, str(uploads), str(out), flat)
    assert [p.dest for p in result.placed.values()] == [
        "bundle/diagram.png",
        "bundle/diagram-2.png",
    ]
    assert [(d.code, d.item_id) for d in result.diagnostics] == [("WXR604", 3)]
    assert not (tmp_path / "escape.jpg").exists()
    same = [
        MediaFile("2008/11/going-solo-lyon-scene.jpg", "u3", 3),
        MediaFile("2008/11/going-solo-lyon-public.jpg", "u4", 4),
    ]
    copies = copy_from_dir(same, str(uploads), str(tmp_path / "plain"), static, dedupe=False)
    assert [p.status for p in copies.placed.values()] == ["copied", "copied"]


def test_from_dir_must_be_a_directory(tmp_path: Path) -> None:
    from wxr_tools.diagnostics import UsageError

    with pytest.raises(UsageError):
        copy_from_dir([], str(tmp_path / "nope"), str(tmp_path / "out"), static)
