"""``wxr convert --to markdown --media-from``: the files in the site, and every link.

Also the command line's media flags: their usage errors and their other spellings.
The links are checked by ``check_references`` (in ``media_convert_helpers``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from media_convert_helpers import (
    FILES,
    SAMPLE,
    STATIC_FILES,
    check_references,
    media_files,
    run,
    stamps,
    uploads_tree,
)
from media_helpers import attachment, jpeg_bytes, meta, png_bytes
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.media.files import MANIFEST
from wxr_tools.writers.markdown.frontmatter import parse

# -- --media-from --------------------------------------------------------------------------------


def test_media_from_sample(tmp_path: Path) -> None:
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    path = tmp_path / "report.json"
    cmd = ["convert", str(SAMPLE), "--to", "markdown", "-o", str(out), "--report", str(path)]
    assert main([*cmd, "--media-from", str(uploads), "--flavor", "astro"]) == 0
    counts = json.loads(path.read_text("utf-8"))["counts"]
    assert counts["media copied"] == 3
    assert media_files(out) == {f"public/{p}": d for p, d in STATIC_FILES.items()}
    check_references(out, "astro")

    # From standard input (copied to a file, read twice as it is): the same site.
    piped = tmp_path / "piped"
    command = [*cmd[:1], "-", *cmd[2:5], str(piped), "--media-from", str(uploads)]
    with SAMPLE.open("rb") as stdin, pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.TextIOWrapper(stdin))
        assert main([*command, "--flavor", "astro"]) == 0
    assert _tree(piped) == _tree(out)

    (uploads / "2019/06/wxr-export-diagram.png").unlink()
    assert main([*cmd, "--media-from", str(uploads), "--flavor", "astro", "--strict-media"]) == 1
    data = json.loads(path.read_text("utf-8"))
    assert data["counts"]["media missing"] == 1 and data["diagnostics"]["WXR600"] == 1


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_shared_files_stay_static(tmp_path: Path) -> None:
    """One page's files go into its bundle; shared and unused ones stay in static/media."""
    up = "https://example.org/wp-content/uploads/"

    def img(path: str) -> str:
        return f'<p><img src="{up}{path}" alt=""></p>'

    export = tmp_path / "site.xml"
    export.write_bytes(
        wxr(
            item(1, body=img("2024/06/a.jpg") + img("2024/06/shared.jpg")),
            item(
                2,
                body=img("2024/06/shared.jpg") + img("2024/07/a.jpg"),
                more=meta("_thumbnail_id", "13"),
            ),
            attachment(11, up + "2024/06/a.jpg", "2024/06/a.jpg"),
            attachment(12, up + "2024/06/shared.jpg", "2024/06/shared.jpg"),
            attachment(13, up + "2024/07/a.jpg", "2024/07/a.jpg"),
            attachment(14, up + "2024/08/unused.png", "2024/08/unused.png"),
        )
    )
    photo = jpeg_bytes(b"a")  # 2024/06/a.jpg and 2024/07/a.jpg: the same photo twice
    uploads = uploads_tree(
        tmp_path / "uploads",
        {
            "2024/06/a.jpg": photo,
            "2024/07/a.jpg": photo,
            "2024/06/shared.jpg": jpeg_bytes(b"shared"),
            "2024/08/unused.png": png_bytes(),
        },
    )
    hugo = tmp_path / "hugo"
    report = run(hugo, source=export, media_from=str(uploads))
    assert set(media_files(hugo)) == {
        "content/posts/hello-1/a.jpg",
        "content/posts/hello-2/a.jpg",  # its own copy: a bundle is a folder of its own
        "static/media/2024/06/shared.jpg",
        "static/media/2024/08/unused.png",
    }
    assert report.counts["media in page bundles"] == 2
    assert check_references(hugo, "hugo") == {"body", "images"}
    second = parse((hugo / "content/posts/hello-2/index.fr.md").read_text("utf-8"))
    assert second["images"] == ["/2024/06/hello-2/a.jpg"]

    jekyll = tmp_path / "jekyll"
    run(jekyll, source=export, flavor="jekyll", media_from=str(uploads))
    # The same bytes are stored once; links to the second name lead to the first.
    assert set(media_files(jekyll)) == {
        "media/2024/06/a.jpg",
        "media/2024/06/shared.jpg",
        "media/2024/08/unused.png",
    }
    check_references(jekyll, "jekyll")
    doc = next((jekyll / "_posts").rglob("*hello-2.md")).read_text("utf-8")
    assert parse(doc)["image"] == "/media/2024/06/a.jpg" and "2024/07" not in doc


def test_eleventy_publishes_the_media_folder(tmp_path: Path) -> None:
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    run(out, flavor="eleventy", media_from=str(uploads))
    config = (out / "eleventy.config.js").read_text("utf-8")
    assert 'eleventyConfig.addPassthroughCopy("media");' in config
    check_references(out, "eleventy")

    plain = tmp_path / "plain"  # written without media: the configuration as it always was
    run(plain, flavor="eleventy")
    assert "media" not in (plain / "eleventy.config.js").read_text("utf-8")
    report = run(plain, flavor="eleventy", media_from=str(uploads))  # unedited: brought up
    line = 'eleventyConfig.addPassthroughCopy("media");'
    assert line in (plain / "eleventy.config.js").read_text("utf-8")
    assert report.counts["skeleton files of an earlier version replaced (unedited)"] == 1

    edited = tmp_path / "edited"  # the user's configuration: kept, and the gap reported
    run(edited, flavor="eleventy")
    config = edited / "eleventy.config.js"
    config.write_text(config.read_text("utf-8") + "// mine\n", "utf-8")
    report = run(edited, flavor="eleventy", media_from=str(uploads))
    assert line not in config.read_text("utf-8")
    assert report.counts[f"media not published: eleventy.config.js lacks {line}"] == 1


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "out")
    base = ["convert", str(SAMPLE), "-o", out]
    for args in (
        ["--to", "markdown", "--strict-media"],
        ["--to", "json", "--download"],
        ["--to", "markdown", "--download", "--media-from", str(tmp_path)],
        ["--to", "markdown", "--raw", "--download"],
        ["--to", "markdown", "--media-from", str(tmp_path / "nowhere")],
    ):
        assert main([*base, *args]) == 2, args
    err = capsys.readouterr().err
    assert "--strict-media goes with --media-from or --download" in err
    assert "--download is for --to markdown" in err


def test_rerun_after_a_slug_change_moves_the_files(tmp_path: Path) -> None:
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    run(out, media_from=str(uploads))
    renamed = tmp_path / "renamed.xml"
    text = SAMPLE.read_text("utf-8").replace(
        "<wp:post_name><![CDATA[going-solo-lyon-what-i-learned]]>",
        "<wp:post_name><![CDATA[going-solo-lyon-notes]]>",
    )
    renamed.write_text(text, encoding="utf-8")
    report = run(out, source=renamed, media_from=str(uploads))
    assert report.counts["media unchanged"] == 3 and "media copied" not in report.counts
    new = out / "content/posts/going-solo-lyon-notes"
    assert sorted(p.name for p in new.iterdir()) == [
        "going-solo-lyon-public.jpg",
        "going-solo-lyon-scene.jpg",
        "index.en.md",
    ]
    old = out / "content/posts/going-solo-lyon-what-i-learned"
    assert sorted(p.name for p in old.iterdir()) == ["index.en.md"]  # kept, as stale pages are
    doc = parse((new / "index.en.md").read_text("utf-8"))
    assert doc["images"] == ["/2008/11/going-solo-lyon-notes/going-solo-lyon-scene.jpg"]
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
    assert sorted(e["dest"] for e in manifest.values() if "2008" in e["path"]) == [
        "content/posts/going-solo-lyon-notes/going-solo-lyon-public.jpg",
        "content/posts/going-solo-lyon-notes/going-solo-lyon-scene.jpg",
    ]
    before = stamps(out)
    again = run(out, source=renamed, media_from=str(uploads))
    assert stamps(out) == before and "media copied" not in again.counts


def test_issue_spellings_of_the_flags(tmp_path: Path) -> None:
    """``--from-dir`` and ``--strict`` (the issue's names) are the same flags."""
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    (uploads / "2019/06/wxr-export-diagram.png").unlink()
    out = tmp_path / "site"
    cmd = ["convert", str(SAMPLE), "--to", "markdown", "-o", str(out), "--flavor", "astro"]
    assert main([*cmd, "--from-dir", str(uploads)]) == 0
    assert main([*cmd, "--from-dir", str(uploads), "--strict"]) == 1


def test_an_attachments_old_addresses_redirect_to_its_file_where_it_is(tmp_path: Path) -> None:
    """The attachment page (``/…/post/photo/``, ``?attachment_id=``) and the file's old
    address go to the file, in the page bundle it was moved into (Hugo)."""
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    run(out, media_from=str(uploads), redirects="csv")
    rules = dict(row.split(",")[:2] for row in (out / "redirects.csv").read_text().split())
    page = "/archives/2008/11/02/going-solo-lyon-what-i-learned/going-solo-lyon-scene/"
    bundled = "/2008/11/going-solo-lyon-what-i-learned/going-solo-lyon-scene.jpg"
    assert rules[page] == rules["/?attachment_id=216"] == bundled
    assert rules["/wp-content/uploads/2008/11/going-solo-lyon-scene.jpg"] == bundled
    assert (out / "content/posts/going-solo-lyon-what-i-learned" / bundled.split("/")[-1]).is_file()
    # Without the files placed, to where the links go: the media folder.
    run(tmp_path / "plain", redirects="csv")
    plain = (tmp_path / "plain/redirects.csv").read_text()
    assert f"{page},/media/2008/11/going-solo-lyon-scene.jpg,216" in plain
