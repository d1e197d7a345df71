"""``--to ghost -o NAME.zip`` with ``--media-from`` or ``--download``: Ghost's import zip.

A small export made here names a photo (as its 300x200 size), a featured image, a PDF, a
file Ghost's importer does not take, a file the uploads folder lacks, an attachment only
a post that is not written uses, and hostile attachment paths; the uploads folder is
made in ``tmp_path``. The zip must hold the JSON (valid against the schema of FORMATS.md
§3) and, at the path of each ``/content/…`` URL the JSON names, that file's bytes, and
every other attachment's file had (the media library goes whole); the file Ghost would
refuse beside it, in ``NAME-by-hand/``; nothing outside the zip's root, the same bytes
on a re-run. ``test_ghost_media_library`` checks the redirect map against the zip.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from media_helpers import attachment, jpeg_bytes, meta, png_bytes
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.config import Config, load_config
from wxr_tools.diagnostics import Severity, UsageError
from wxr_tools.exitcodes import exit_code
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.zipbuild import ZipBuild

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "ghost-import.json").read_text("utf-8"))
UP = "https://example.org/wp-content/uploads/"
PHOTO, PHOTO_300 = jpeg_bytes(b"photo"), jpeg_bytes(b"photo-300")
BANNER, PDF = png_bytes((0, 9, 0)), b"%PDF-1.4\n% a tiny document\n"
ARCHIVE = b"PK\x05\x06" + bytes(18)
UPLOADS = {
    "2010/03/photo.jpg": PHOTO,
    "2010/03/photo-300x200.jpg": PHOTO_300,
    "2011/01/banner.png": BANNER,
    "2012/02/guide.pdf": PDF,
    "2012/02/sources.zip": ARCHIVE,
    "2013/04/unused.jpg": jpeg_bytes(b"unused"),
}
PHOTO_META = (
    'a:2:{s:4:"file";s:17:"2010/03/photo.jpg";s:5:"sizes";a:1:{s:6:"medium";'
    'a:1:{s:4:"file";s:21:"photo-300x200.jpg";}}}'
)
BODY = (
    f'<p><img src="{UP}2010/03/photo-300x200.jpg" alt="a photo"></p>'
    f'<p><a href="{UP}2012/02/guide.pdf">the guide</a>, '
    f'<a href="{UP}2012/02/sources.zip">the sources</a>, '
    f'<img src="{UP}2014/05/gone.jpg"></p>'
)
CONTENT_URL = re.compile(r"/content/(?:images|media|files)/[^\"'\s<>)\\]+")


def export(tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_bytes(
        wxr(
            item(1, title="Photos", body=BODY, more=meta("_thumbnail_id", "20")),
            # Not written (Ghost has no private posts): its image, an attachment, is in
            # the zip all the same (the media library is the user's).
            item(2, title="Secret", body=f'<img src="{UP}2013/04/unused.jpg">', status="private"),
            attachment(
                10,
                f"{UP}2010/03/photo.jpg",
                "2010/03/photo.jpg",
                meta("_wp_attachment_metadata", PHOTO_META),
            ),
            attachment(20, f"{UP}2011/01/banner.png", "2011/01/banner.png"),
            attachment(30, f"{UP}2012/02/guide.pdf", "2012/02/guide.pdf"),
            attachment(31, f"{UP}2012/02/sources.zip", "2012/02/sources.zip"),
            attachment(40, f"{UP}2014/05/gone.jpg", "2014/05/gone.jpg"),
            attachment(50, f"{UP}2013/04/unused.jpg", "2013/04/unused.jpg"),
            *extra,
        )
    )
    return path


def uploads(tmp_path: Path) -> Path:
    root = tmp_path / "uploads"
    for name, data in UPLOADS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def convert_zip(source: Path, out: Path, config: Config | None = None, **options: Any) -> RunReport:
    return convert(
        str(source),
        "ghost",
        str(out),
        Options(config=config or Config(), progress=False),
        WriteOptions(**options),
    )


def opened(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The zip's JSON (checked against the schema) and its other files, by name."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == path.stem + ".json", "the JSON comes first, at the root"
        document = json.loads(archive.read(names[0]))
        files = {name: archive.read(name) for name in names[1:]}
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    return document, files


def by_hand(folder: Path, name: str = "site") -> dict[str, bytes]:
    """The files beside the zip to copy by hand, by their path there."""
    root = folder / f"{name}-by-hand"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def named(document: dict[str, Any]) -> set[str]:
    """Every ``/content/…`` path the posts' HTML and feature images name."""
    found: set[str] = set()
    for post in document["db"][0]["data"]["posts"]:
        found.update(CONTENT_URL.findall(post.get("html", "")))
        found.update(CONTENT_URL.findall(post.get("feature_image", "")))
    return found


def test_the_zip_holds_the_json_and_each_file_at_its_url(tmp_path: Path) -> None:
    out = tmp_path / "site.zip"
    report = convert_zip(export(tmp_path), out, media_from=str(uploads(tmp_path)))
    document, files = opened(out)
    assert files == {
        "content/images/2010/03/photo.jpg": PHOTO,  # the size is linked as its original
        "content/images/2011/01/banner.png": BANNER,  # the featured image
        "content/files/2012/02/guide.pdf": PDF,
        "content/images/2013/04/unused.jpg": UPLOADS["2013/04/unused.jpg"],  # no post's
    }
    # Ghost's importer would refuse the archive: beside the zip, where it goes on the site.
    assert by_hand(tmp_path) == {"content/files/2012/02/sources.zip": ARCHIVE}
    assert named(document) == {
        "/content/images/2010/03/photo.jpg",
        "/content/images/2011/01/banner.png",
        "/content/files/2012/02/guide.pdf",
        "/content/files/2012/02/sources.zip",  # not importable: WXR606
    }
    # Missing (WXR600): linked where the old site has it, not at a /content/ URL
    # that would have no file after the import.
    assert f'<img src="{UP}2014/05/gone.jpg">' in document["db"][0]["data"]["posts"][0]["html"]
    codes = {d.code: d for d in report.diagnostics if d.code in ("WXR600", "WXR606")}
    assert "2014/05/gone.jpg" in codes["WXR600"].message
    assert codes["WXR606"].path == "2012/02/sources.zip"
    assert codes["WXR606"].message == (
        "2012/02/sources.zip: Ghost's importer does not take this type: copy "
        "site-by-hand/content/files/2012/02/sources.zip to content/files/2012/02/sources.zip "
        "in the Ghost site's folder, where its links (/content/files/2012/02/sources.zip) lead"
    )
    assert report.counts["media copied"] == 5
    assert report.counts["media missing"] == 1
    assert report.counts["media Ghost's importer does not take"] == 1
    assert report.counts["media to copy by hand into Ghost (site-by-hand/)"] == 1
    assert report.counts["files in the Ghost zip"] == 4
    assert report.counts["media linked at the old site (not in the zip)"] == 1
    assert exit_code(report.diagnostics) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "export.xml",
        "site-by-hand",
        "site.zip",
        "uploads",
    ]


def test_sizes_linked_as_written_get_their_own_file(tmp_path: Path) -> None:
    toml = tmp_path / "wxr.toml"
    toml.write_text("[links]\nmedia_originals = false\n", encoding="utf-8")
    up = uploads(tmp_path)
    out = tmp_path / "sizes.zip"
    convert_zip(export(tmp_path), out, load_config(toml), media_from=str(up))
    document, files = opened(out)
    assert "/content/images/2010/03/photo-300x200.jpg" in named(document)
    assert files["content/images/2010/03/photo-300x200.jpg"] == PHOTO_300
    # A size the folder lacks: its original's bytes, at the name the JSON links.
    (up / "2010/03/photo-300x200.jpg").unlink()
    report = convert_zip(export(tmp_path), out, load_config(toml), media_from=str(up))
    assert opened(out)[1]["content/images/2010/03/photo-300x200.jpg"] == PHOTO
    assert report.counts["media variants replaced by their original"] == 1


def test_a_rerun_gives_the_same_bytes(tmp_path: Path) -> None:
    source, up = export(tmp_path), uploads(tmp_path)
    first, second = tmp_path / "a" / "site.zip", tmp_path / "b" / "site.zip"
    convert_zip(source, first, media_from=str(up))
    before = first.read_bytes()
    convert_zip(source, first, media_from=str(up))
    convert_zip(source, second, media_from=str(up))
    assert first.read_bytes() == before == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_hostile_paths_never_leave_the_zip(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes((1, 2, 3)))
    hostile = [
        attachment(60, f"{UP}x/evil.png", "../../secret.png"),
        attachment(61, f"{UP}y/evil.png", "/etc/passwd.png"),
        attachment(62, f"{UP}..%2F..%2Fsecret.png", "../secret.png"),
    ]
    body = "".join(f'<img src="{UP}{p}">' for p in ("x/evil.png", "y/evil.png"))
    post = item(3, title="Evil", body=body, more=meta("_thumbnail_id", "62"))
    source = export(tmp_path, *hostile, post)
    out = tmp_path / "out" / "site.zip"
    report = convert_zip(source, out, media_from=str(uploads(tmp_path)), strict_media=True)
    _, files = opened(out)
    for name in files:
        assert not name.startswith("/") and ".." not in name.split("/"), name
        assert name.startswith("content/"), name
    assert png_bytes((1, 2, 3)) not in files.values()
    refused = [d for d in report.diagnostics if d.code == "WXR604"]
    assert refused and all(d.severity == Severity.ERROR for d in refused)
    assert exit_code(report.diagnostics) == 1  # --strict-media: the zip is still written
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site-by-hand", "site.zip"]


def test_strict_media_makes_a_missing_file_an_error(tmp_path: Path) -> None:
    out = tmp_path / "site.zip"
    report = convert_zip(
        export(tmp_path), out, media_from=str(uploads(tmp_path)), strict_media=True
    )
    levels = {d.code: d.level for d in report.diagnostics}
    assert levels["WXR600"] == levels["WXR606"] == Severity.ERROR
    assert exit_code(report.diagnostics) == 1
    assert len(opened(out)[1]) == 4


def test_download_fills_the_zip(tmp_path: Path) -> None:
    served = {UP + name: data for name, data in UPLOADS.items()}
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        data = served.get(str(request.url))
        if data is None:
            return httpx.Response(404)
        kind = {
            "jpg": "image/jpeg",
            "png": "image/png",
            "pdf": "application/pdf",
            "zip": "application/zip",
        }
        return httpx.Response(
            200, content=data, headers={"content-type": kind[str(request.url)[-3:]]}
        )

    client = httpx.Client(transport=httpx.MockTransport(answer))
    out = tmp_path / "site.zip"
    report = convert_zip(export(tmp_path), out, download=True, media_client=client)
    document, files = opened(out)
    html = document["db"][0]["data"]["posts"][0]["html"]
    assert f'<img src="{UP}2014/05/gone.jpg">' in html  # a 404: the old site's URL
    assert files == {
        "content/images/2010/03/photo.jpg": PHOTO,
        "content/images/2011/01/banner.png": BANNER,
        "content/files/2012/02/guide.pdf": PDF,
        "content/images/2013/04/unused.jpg": UPLOADS["2013/04/unused.jpg"],
    }
    assert by_hand(tmp_path) == {"content/files/2012/02/sources.zip": ARCHIVE}
    assert report.counts["media downloaded"] == 5 and report.counts["media missing"] == 1
    # Every attachment's file, each once; the size is linked as its original.
    wanted = {*UPLOADS, "2014/05/gone.jpg"} - {"2010/03/photo-300x200.jpg"}
    assert sorted(asked) == sorted(UP + name for name in wanted)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.xml", "site-by-hand", "site.zip"]


def test_without_media_options_the_zip_holds_the_json(tmp_path: Path) -> None:
    out = tmp_path / "plain.zip"
    convert_zip(export(tmp_path), out)
    document, files = opened(out)
    assert files == {}
    plain = tmp_path / "plain.json"
    convert_zip(export(tmp_path), plain)
    assert json.loads(plain.read_bytes()) == document


def test_media_options_need_a_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, up = export(tmp_path), uploads(tmp_path)
    with pytest.raises(UsageError, match=r"-o NAME\.zip"):
        convert_zip(source, tmp_path / "out.json", media_from=str(up))
    base = ["convert", str(source), "--to", "ghost", "--media-from", str(up)]
    assert main([*base, "-o", str(tmp_path / "out.json")]) == 2
    assert main([*base, "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("--media-from with --to ghost writes Ghost's zip: give -o NAME.zip") == 2
    assert not (tmp_path / "out.json").exists()


def test_names_outside_the_root_are_refused_where_they_are_made(tmp_path: Path) -> None:
    # A media_path of the user's that climbs out: every destination is refused by the
    # store (WXR604), and the zip writer itself takes no such name.
    toml = tmp_path / "wxr.toml"
    toml.write_text('[links]\nmedia_path = "/content/../../{path}"\n', encoding="utf-8")
    out = tmp_path / "out" / "site.zip"
    report = convert_zip(
        export(tmp_path), out, load_config(toml), media_from=str(uploads(tmp_path))
    )
    assert opened(out)[1] == {}
    # Every file the uploads folder has (the sixth is missing: WXR600).
    assert sum(d.code == "WXR604" for d in report.diagnostics) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "export.xml",
        "out",
        "uploads",
        "wxr.toml",
    ]
    data = tmp_path / "data.json"
    data.write_text("{}", encoding="utf-8")
    for name in ("../x.png", "/etc/x.png", "content/a\\..\\x.png", "c:/x.png"):
        bad = ZipBuild(str(tmp_path / "bad.zip"))
        with pytest.raises(ValueError, match="outside its root"):
            bad.add(name, str(data))
        with pytest.raises(ValueError, match="outside its root"), bad.text(name):
            pass
        bad.discard()
    assert not (tmp_path / "bad.zip").exists()
    assert not list(tmp_path.glob(".wxr-*"))


def test_a_file_not_had_keeps_the_old_url(tmp_path: Path) -> None:
    """The featured image and a photo missing from the folder: the JSON links the old
    site's files, every other byte as the writer wrote it; the zip holds exactly the
    files that the JSON's importable /content/ URLs name; a re-run gives the same bytes."""
    source, up = export(tmp_path), uploads(tmp_path)
    (up / "2011/01/banner.png").unlink()
    (up / "2010/03/photo.jpg").unlink()
    (up / "2010/03/photo-300x200.jpg").unlink()
    out = tmp_path / "out" / "site.zip"
    report = convert_zip(source, out, media_from=str(up))
    document, files = opened(out)
    post = document["db"][0]["data"]["posts"][0]
    assert post["feature_image"] == f"{UP}2011/01/banner.png"
    assert f'<img src="{UP}2010/03/photo.jpg" alt="a photo">' in post["html"]
    assert '<a href="/content/files/2012/02/guide.pdf">' in post["html"]
    assert {"/" + name for name in files} == named(document) - {
        "/content/files/2012/02/sources.zip"  # WXR606: Ghost's importer would refuse it
    } | {"/content/images/2013/04/unused.jpg"}  # no written post's: in the zip all the same
    assert report.counts["media linked at the old site (not in the zip)"] == 3
    assert report.counts["media missing"] == 3
    # Nothing else changed: the JSON is the one a run without files writes, but for
    # those three URLs.
    plain = tmp_path / "plain.json"
    convert_zip(source, plain)
    expected = plain.read_text("utf-8")
    for path in ("2011/01/banner.png", "2010/03/photo.jpg", "2014/05/gone.jpg"):
        folder = "files" if path.endswith(".pdf") else "images"
        expected = expected.replace(f"/content/{folder}/{path}", UP + path)
    with zipfile.ZipFile(out) as archive:
        assert archive.read("site.json").decode("utf-8") == expected
    before = out.read_bytes()
    convert_zip(source, out, media_from=str(up))
    assert out.read_bytes() == before


def test_strict_media_keeps_the_old_url_too(tmp_path: Path) -> None:
    out = tmp_path / "site.zip"
    report = convert_zip(
        export(tmp_path), out, media_from=str(uploads(tmp_path)), strict_media=True
    )
    assert exit_code(report.diagnostics) == 1
    html = opened(out)[0]["db"][0]["data"]["posts"][0]["html"]
    assert f'<img src="{UP}2014/05/gone.jpg">' in html
    assert "/content/images/2014/05/gone.jpg" not in html
