"""The media library goes whole, and every attachment's redirect leads to a file there.

An export made here has an attachment a written post uses, one nothing uses, one only a
private post (not written) uses, one of a type Ghost's importer refuses (``.zip``) and
one whose file the uploads folder lacks. Whatever the filters leave out, each file had
must be in the output (Ghost's zip, or beside it to copy by hand; the Markdown site's
media), each redirect rule of an attachment must lead to a file the output holds, and
the attachment whose file is missing must get no rule (counted) rather than a rule to
nothing. The report balances: items read = written + excluded; attachments = files in
the zip + to copy by hand + missing.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from media_helpers import attachment, jpeg_bytes, png_bytes
from wxr_builder import item, wxr

from wxr_tools.diagnostics import UsageError
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import NOT_HAD, Filters, WriteOptions

UP = "https://example.org/wp-content/uploads/"
FILES = {
    "2010/03/used.jpg": jpeg_bytes(b"used"),
    "2011/04/unused.png": png_bytes((4, 5, 6)),
    "2012/05/secret.jpg": jpeg_bytes(b"secret"),
    "2013/06/sources.zip": b"PK\x05\x06" + bytes(18),
}
ATTACHMENTS = {
    10: "2010/03/used.jpg",
    11: "2011/04/unused.png",
    12: "2012/05/secret.jpg",
    13: "2013/06/sources.zip",
    14: "2014/07/gone.jpg",  # the uploads folder lacks it
}
FILTERS = {
    "all": None,
    "type page": Filters(types=frozenset({"page"})),  # every post and attachment left out
}
Rule = tuple[str, str, str]


def export(tmp_path: Path) -> Path:
    body = f'<p><img src="{UP}2010/03/used.jpg" alt=""></p>'
    path = tmp_path / "export.xml"
    path.write_bytes(
        wxr(
            item(1, title="Used", body=body),
            item(2, title="Secret", body=f'<img src="{UP}2012/05/secret.jpg">', status="private"),
            item(3, title="About", post_type="page"),
            *(attachment(n, UP + file, file) for n, file in ATTACHMENTS.items()),
        )
    )
    return path


def uploads(tmp_path: Path) -> Path:
    root = tmp_path / "uploads"
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def rules(path: Path) -> list[Rule]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["from", "to", "item_id"]
    return [(a, b, c) for a, b, c in rows[1:]]


def media_rules(found: list[Rule]) -> dict[int, set[str]]:
    """Each attachment's rules' targets, by its id."""
    targets: dict[int, set[str]] = {}
    for _, target, item_id in found:
        if item_id and int(item_id) in ATTACHMENTS:
            targets.setdefault(int(item_id), set()).add(target)
    return targets


def balanced(report: RunReport) -> None:
    written = sum(report.items_written.values())
    assert report.items_read == written + sum(report.items_excluded.values()) == 8


@pytest.mark.parametrize("name", list(FILTERS))
def test_ghost_zip_holds_every_file_a_redirect_leads_to(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out" / "site.zip"
    options = WriteOptions(media_from=str(uploads(tmp_path)), redirects="csv")
    report = convert(
        str(export(tmp_path)), "ghost", str(out), Options(progress=False), options, FILTERS[name]
    )
    with zipfile.ZipFile(out) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if n != "site.json"}
    hand_root = out.parent / "site-by-hand"
    by_hand = {
        p.relative_to(hand_root).as_posix(): p.read_bytes()
        for p in hand_root.rglob("*")
        if p.is_file()
    }
    # Every file had: in the zip, or (Ghost would refuse it) beside it; the used one,
    # the unused one and the one only an unwritten post uses alike.
    assert members == {
        "content/images/2010/03/used.jpg": FILES["2010/03/used.jpg"],
        "content/images/2011/04/unused.png": FILES["2011/04/unused.png"],
        "content/images/2012/05/secret.jpg": FILES["2012/05/secret.jpg"],
    }
    assert by_hand == {"content/files/2013/06/sources.zip": FILES["2013/06/sources.zip"]}
    # Every rule to a file leads to one there; each attachment had has its three rules
    # (?p=, ?attachment_id=, the old file), the missing one none.
    found = rules(out.parent / "redirects.csv")
    content = {target for _, target, _ in found if target.startswith("/content/")}
    assert content == {"/" + n for n in (*members, *by_hand)}
    targets = media_rules(found)
    assert set(targets) == {10, 11, 12, 13}
    assert sum(1 for _, _, i in found if i and int(i) in ATTACHMENTS) == 4 * 3
    assert report.counts[NOT_HAD] == 1
    assert any(d.code == "WXR600" and d.item_id == 14 for d in report.diagnostics)
    # No written post names the missing file: no link of the JSON needed the old site.
    assert report.counts["media linked at the old site (not in the zip)"] == 0
    # The report balances: the items, and the attachments' files.
    balanced(report)
    counts = report.counts
    placed = (
        counts["files in the Ghost zip"]
        + counts["media to copy by hand into Ghost (site-by-hand/)"]
    )
    assert placed + counts["media missing"] == len(ATTACHMENTS)
    assert counts["media copied"] == len(FILES)


def test_the_files_to_copy_by_hand_are_this_runs(tmp_path: Path) -> None:
    """A re-run replaces an earlier run's folder (a file removed from the uploads is gone
    from it too); a folder of the user's by that name is never touched."""
    source, up = export(tmp_path), uploads(tmp_path)
    out = tmp_path / "out" / "site.zip"
    hand = out.parent / "site-by-hand"
    options = WriteOptions(media_from=str(up))
    convert(str(source), "ghost", str(out), Options(progress=False), options)
    assert (hand / "content/files/2013/06/sources.zip").is_file()
    (hand / "content/files/stale.zip").write_bytes(b"an earlier run's")
    (up / "2013/06/sources.zip").unlink()
    report = convert(str(source), "ghost", str(out), Options(progress=False), options)
    assert not hand.exists()  # nothing to copy by hand now
    assert report.counts["media missing"] == 2
    mine = out.parent / "site-by-hand" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("the user's", encoding="utf-8")
    with pytest.raises(UsageError, match="site-by-hand is in the way"):
        convert(str(source), "ghost", str(out), Options(progress=False), options)
    assert mine.read_text(encoding="utf-8") == "the user's"


def _hugo_public(site: Path) -> Path:
    subprocess.run(
        ["hugo", "--quiet", "--source", str(site), "--destination", str(site / "public")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return site / "public"


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_markdown_site_serves_every_file_a_redirect_leads_to(
    tmp_path: Path, flavor: str, name: str
) -> None:
    if flavor == "hugo" and shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    site = tmp_path / "site"
    options = WriteOptions(flavor=flavor, media_from=str(uploads(tmp_path)), redirects="csv")
    report = convert(
        str(export(tmp_path)),
        "markdown",
        str(site),
        Options(progress=False),
        options,
        FILTERS[name],
    )
    # What the site serves at a URL: Hugo's built site; Jekyll copies media/ as it is.
    served = _hugo_public(site) if flavor == "hugo" else site
    targets = media_rules(rules(site / "redirects.csv"))
    assert set(targets) == {10, 11, 12, 13}  # the missing file's attachment: no rule
    for item_id, urls in targets.items():
        for url in urls:
            path = served / unquote(url).lstrip("/")
            assert path.is_file(), (item_id, url)
            assert path.read_bytes() == FILES[ATTACHMENTS[item_id]]
    assert report.counts[NOT_HAD] == 1
    assert report.counts["media copied"] == len(FILES)
    assert report.counts["media missing"] == 1
    balanced(report)
