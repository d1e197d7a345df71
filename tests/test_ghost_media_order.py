"""``--to ghost -o NAME.zip --media-from``: the files are got before the JSON is written,
and the JSON is written once, with the old site's URL for each file not had.

The export and the uploads folder are ``test_ghost_media``'s. Which files the zip takes
does not depend on which items are written (the media library goes whole), so nothing
needs the JSON before the files: a second pass over it (reading a 100 MB file back to
change a few links) would be wasted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from test_ghost_media import UP, convert_zip, export, opened, uploads

from wxr_tools.writers import ghostzip


def test_the_json_is_written_once_after_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, up = export(tmp_path), uploads(tmp_path)
    (up / "2011/01/banner.png").unlink()  # the featured image
    (up / "2010/03/photo.jpg").unlink()
    (up / "2010/03/photo-300x200.jpg").unlink()
    out = tmp_path / "out" / "site.zip"

    sizes_when_got: list[int] = []
    staged: list[str] = []  # the JSON being made beside the zip (GhostZip.json_path)
    acquire = ghostzip.acquire

    def watched_acquire(*args: Any, **kwargs: Any) -> Any:
        found = [p for p in out.parent.glob(".wxr-*.json") if p.name != ".wxr-media.json"]
        assert len(found) == 1
        staged.append(found[0].name)
        sizes_when_got.append(found[0].stat().st_size)
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

    assert sizes_when_got == [0], "the files are got before anything of the JSON is written"
    assert written.count(staged[0]) == 1, f"the JSON is written once: {written}"
    assert "site.zip" in written
    assert not hasattr(ghostzip, "restore_urls")
    assert report.counts["media linked at the old site (not in the zip)"] == 3
    document, files = opened(out)
    post = document["db"][0]["data"]["posts"][0]
    assert post["feature_image"] == f"{UP}2011/01/banner.png"
    assert f'<img src="{UP}2010/03/photo.jpg" alt="a photo">' in post["html"]
    for path in ("2011/01/banner.png", "2010/03/photo.jpg"):
        assert f"content/images/{path}" not in files
        assert f"/content/images/{path}" not in post["html"]
