"""``wxr_tools.media``: file types, safe paths, and copying with ``--from-dir``.

Sniffing and ``safe_join``, then ``copy_from_dir`` on a copy of the sample's uploads:
duplicates, missing variants, problems, collisions. The inventory is in
``test_media_inventory.py``; the shared images are in ``media_helpers.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from media_helpers import SAMPLE, jpeg_bytes, png_bytes

from wxr_tools.diagnostics import Severity
from wxr_tools.exitcodes import exit_code
from wxr_tools.media.files import MANIFEST, safe_join
from wxr_tools.media.filetypes import agrees, header_agrees, sniff
from wxr_tools.media.inventory import Inventory, MediaFile, build_inventory
from wxr_tools.media.store import copy_from_dir

# -- the inventory of the sample export, which --from-dir copies ----------------------------


@pytest.fixture(scope="module")
def sample() -> Inventory:
    return build_inventory(str(SAMPLE))


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
