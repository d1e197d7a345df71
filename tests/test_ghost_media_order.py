"""``--to ghost -o NAME.zip --media-from``: the files are got before the JSON is written,
and the JSON is written once, with the old site's URL for each file not had.

The export and the uploads folder are ``test_ghost_media``'s. Which files the zip takes
does not depend on which items are written (the media library goes whole), so nothing
needs the JSON before the files: a second pass over it (reading a 100 MB file back to
change a few links) would be wasted.
"""

from __future__ import annotations

import os
import random
import string
from pathlib import Path
from typing import Any

import pytest
from test_ghost_media import UP, convert_zip, export, opened, uploads
from wxr_builder import item

from wxr_tools.writers import ghosttables, ghostzip


def test_the_json_is_written_once_after_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, up = export(tmp_path), uploads(tmp_path)
    (up / "2011/01/banner.png").unlink()  # the featured image
    (up / "2010/03/photo.jpg").unlink()
    (up / "2010/03/photo-300x200.jpg").unlink()
    out = tmp_path / "out" / "site.zip"

    begun_when_got: list[list[str]] = []  # the zip (its JSON first) being made beside it
    acquire = ghostzip.acquire

    def watched_acquire(*args: Any, **kwargs: Any) -> Any:
        begun_when_got.append([p.name for p in out.parent.glob(".wxr-*")])
        return acquire(*args, **kwargs)

    written: list[str] = []
    replace = os.replace

    def watched_replace(src: Any, dst: Any) -> None:
        written.append(os.path.basename(os.fsdecode(dst)))
        replace(src, dst)

    monkeypatch.setattr(ghostzip, "acquire", watched_acquire)
    monkeypatch.setattr(os, "replace", watched_replace)
    report = convert_zip(source, out, media_from=str(up))
    monkeypatch.undo()

    assert begun_when_got == [[]], "the files are got before anything of the JSON is written"
    assert written.count("site.zip") == 1, f"the JSON is written once: {written}"
    assert not hasattr(ghostzip, "restore_urls")
    assert report.counts["media linked at the old site (not in the zip)"] == 3
    document, files = opened(out)
    post = document["db"][0]["data"]["posts"][0]
    assert post["feature_image"] == f"{UP}2011/01/banner.png"
    assert f'<img src="{UP}2010/03/photo.jpg" alt="a photo">' in post["html"]
    for path in ("2011/01/banner.png", "2010/03/photo.jpg"):
        assert f"content/images/{path}" not in files
        assert f"/content/images/{path}" not in post["html"]


def test_the_json_is_written_straight_into_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing holds the JSON but the zip: no file of it beside the zip (a copy costs its
    size in disk and time: 107 MB at 100,000 posts), nor the whole of it in memory (the
    zip being made has the posts' bytes before the JSON's last line is made)."""
    letters = random.Random(7).choices(string.ascii_letters + " ", k=300_000)
    big = item(5, title="Long", body="".join(letters))  # deflate saves little on it
    source, out = export(tmp_path, big), tmp_path / "out" / "site.zip"
    start = b'{"db":[{"data":{"posts":['
    seen: list[tuple[list[str], int, bytes]] = []  # when the JSON's last line is made
    meta = ghosttables.GhostTables.meta

    def watched_meta(self: ghosttables.GhostTables) -> Any:
        making = sorted(p for p in out.parent.iterdir() if p.is_file())
        assert not [p for p in making if start in p.read_bytes()], "a copy of the JSON"
        head = making[0].read_bytes()[:4] if making else b""
        seen.append(([p.name for p in making], making[0].stat().st_size, head))
        return meta(self)

    written: list[str] = []
    replace = os.replace

    def watched_replace(src: Any, dst: Any) -> None:
        written.append(os.path.basename(os.fsdecode(dst)))
        replace(src, dst)

    monkeypatch.setattr(ghosttables.GhostTables, "meta", watched_meta)
    monkeypatch.setattr(os, "replace", watched_replace)
    convert_zip(source, out, media_from=str(uploads(tmp_path)))
    monkeypatch.undo()

    [(names, size, head)] = seen
    assert len(names) == 1 and names[0].startswith(".wxr-"), names  # the zip being made
    assert head == b"PK\x03\x04"
    assert size > 150_000, "the posts are in the zip before the JSON is complete"
    assert written.count("site.zip") == 1
    # Renamed into place: the zip, the media files and their manifest; no JSON of its own.
    assert not [w for w in written if w.startswith(".wxr-") and w != ".wxr-media.json"]
    document, files = opened(out)
    assert len(document["db"][0]["data"]["posts"]) == 2 and files
    assert sorted(p.name for p in out.parent.iterdir()) == ["site-by-hand", "site.zip"]


def test_a_run_failing_midway_leaves_the_old_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = export(tmp_path), tmp_path / "out" / "site.zip"
    convert_zip(source, out)
    before = out.read_bytes()

    def failing_meta(self: ghosttables.GhostTables) -> Any:
        raise OSError("No space left on device")

    monkeypatch.setattr(ghosttables.GhostTables, "meta", failing_meta)
    with pytest.raises(OSError, match="No space"):
        convert_zip(source, out, media_from=str(uploads(tmp_path)))
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.zip.wxr-media", "site.zip"]
