"""An attachment whose file path climbs out of the uploads folder (``../../etc/passwd``,
``%2e%2e``: a broken or hostile export) gets no new URL: no ``/content/images/../``
in Ghost's import file, no ``/media/../`` in the Markdown site, no redirect to one;
each is reported (WXR508) on the item it concerns. Links to such a file are left as
written, pointing to the old site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from media_helpers import attachment, meta, png_bytes
from wxr_builder import item, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.urlparts import climbs
from wxr_tools.writers import WriteOptions

UP = "https://example.org/wp-content/uploads/"
HOSTILE = {
    60: ("../../etc/passwd", "../../etc/passwd"),
    61: ("%2e%2e/%2e%2e/etc/shadow.png", "%2e%2e/%2e%2e/etc/shadow.png"),
    # A clean URL, a file path that climbs: the path is what the new URL is made of.
    62: ("2020/01/ok.png", "2020/01/../../../x.png"),
    64: ("2020/03/b.png", "2020/03/..%5C..%5C..%5Cx.png"),
}
CLEAN = (63, "2020/02/fine.png")
# Anything a browser or server reads as a "." or ".." segment, in any output text.
_DOTS = re.compile(r"(?i)(?:^|[/\\]|%2f|%5c)(?:\.|%2e){1,2}(?:[/\\]|%2f|%5c|$)")


def _export(tmp_path: Path) -> Path:
    files = [attachment(i, UP + url, file) for i, (url, file) in HOSTILE.items()]
    files.append(attachment(CLEAN[0], UP + CLEAN[1], CLEAN[1]))
    links = [UP + url for url, _ in HOSTILE.values()] + [UP + CLEAN[1]]
    body = "".join(f'<p><a href="{u}">file</a> <img src="{u}"></p>' for u in links)
    posts = [
        item(3, title="Links", body=body, more=meta("_thumbnail_id", "61")),
        item(4, title="Featured 60", body="<p>x</p>", more=meta("_thumbnail_id", "60")),
        item(5, title="Featured 62", body="<p>x</p>", more=meta("_thumbnail_id", "62")),
        item(6, title="Featured 63", body="<p>x</p>", more=meta("_thumbnail_id", "63")),
    ]
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(*files, *posts))
    return source


def _uploads(tmp_path: Path) -> Path:
    root = tmp_path / "uploads"
    for name in (CLEAN[1], "2020/01/ok.png", "2020/03/b.png"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(png_bytes())
    return root


def _left_as_written(text: str) -> str:
    """``text`` without the links to the old site's hostile files, left as written."""
    for url, _ in HOSTILE.values():
        text = text.replace(UP + url, "")
    return text


def _check_report(report: RunReport) -> None:
    refused = {d.item_id for d in report.diagnostics if d.code == "WXR508"}
    # The attachments themselves, the post linking them, the posts they are featured in.
    assert refused == {*HOSTILE, 3, 4, 5}


@pytest.mark.parametrize("media", [False, True], ids=["json", "zip-media-from"])
def test_ghost_names_no_climbing_path(tmp_path: Path, media: bool) -> None:
    source = tmp_path / "in" / "export.xml"
    source.parent.mkdir()
    _export(source.parent)
    out = tmp_path / "out" / ("site.zip" if media else "site.json")
    out.parent.mkdir()
    options = WriteOptions(redirects="csv", media_from=str(_uploads(tmp_path)) if media else None)
    report = convert(str(source), "ghost", str(out), Options(progress=False), options)
    _check_report(report)
    if media:
        import zipfile

        with zipfile.ZipFile(out) as archive:
            assert archive.namelist() == ["site.json", f"content/images/{CLEAN[1]}"]
            text = archive.read("site.json").decode("utf-8")
    else:
        text = out.read_text("utf-8")
    redirects = (out.parent / "redirects.csv").read_text("utf-8")
    for name, found in (("json", text), ("redirects", redirects)):
        assert not _DOTS.search(_left_as_written(found)), name
    data: dict[str, Any] = json.loads(text)["db"][0]["data"]
    images = {p["title"]: p.get("feature_image") for p in data["posts"]}
    assert images["Featured 63"] == f"/content/images/{CLEAN[1]}"
    assert images["Featured 60"] is None and images["Links"] is None
    # The clean URL of attachment 62 is its old address, which the writer may fall back to.
    assert images["Featured 62"] in (None, UP + "2020/01/ok.png")
    assert f"/wp-content/uploads/{CLEAN[1]},/content/images/{CLEAN[1]},63" in redirects
    html = next(p["html"] for p in data["posts"] if p["title"] == "Links")
    assert f'src="/content/images/{CLEAN[1]}"' in html
    assert f'src="{UP}../../etc/passwd"' in html  # left as written: the old site's


@pytest.mark.parametrize("media", [False, True], ids=["links", "media-from"])
@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_markdown_names_no_climbing_path(tmp_path: Path, flavor: str, media: bool) -> None:
    source = _export(tmp_path)
    out = tmp_path / "site"
    options = WriteOptions(
        flavor=flavor, redirects="nginx", media_from=str(_uploads(tmp_path)) if media else None
    )
    report = convert(str(source), "markdown", str(out), Options(progress=False), options)
    _check_report(report)
    written = list(out.rglob("*.md"))
    assert sum("\n  id: " in p.read_text("utf-8") for p in written) == 4  # the posts
    for path in [*written, out / "redirects.nginx.conf"]:
        text = _left_as_written(path.read_text("utf-8"))
        assert not _DOTS.search(text), f"{path}: {_DOTS.search(text)}"
    assert sorted(p.name for p in out.rglob("*.png")) == (["fine.png"] if media else [])
    assert not any(out.rglob("passwd")) and not any(out.rglob("shadow.png"))


@pytest.mark.parametrize(
    ("path", "climbing"),
    [
        ("2010/03/photo.jpg", False),
        (".htaccess", False),
        ("2010/03/.hidden.png", False),
        ("2010/03/a..b.png", False),
        ("../../etc/passwd", True),
        ("2010/../x.png", True),
        ("2010/./x.png", True),
        ("2010/..", True),
        ("%2e%2e/x.png", True),
        ("%2E%2e/x.png", True),
        ("%252e%252e/x.png", True),
        ("2010\\..\\x.png", True),
        ("2010/x%00.png", True),
    ],
)
def test_climbing_paths(path: str, climbing: bool) -> None:
    assert climbs(path) is climbing
