"""Skeleton files kept from before (edited, or from a version whose marker had no
digests): named on one line of the report (WXR419), and replaced by this version's
with ``--refresh-skeleton``, a copy of each kept under ``.wxr-tools-orig/``."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from markdown_helpers import SAMPLE, site

from wxr_tools.cli import main
from wxr_tools.writers.markdown.output import BACKUPS, MARKER, Output

FLAVOR_FILES = {
    "hugo": ("hugo.toml", "layouts/_default/single.html"),
    "jekyll": ("_config.yml", "_layouts/post.html"),
}


def _as_version_one(root: Path, edits: dict[str, bytes]) -> dict[str, bytes]:
    """The site as an older wxr_tools left it: a marker without digests (version 1) and
    ``edits`` in place of this version's files; returns this version's bytes of them."""
    marker = json.loads((root / MARKER).read_text("utf-8"))
    marker["version"] = 1
    del marker["skeleton"]
    (root / MARKER).write_text(json.dumps(marker), "utf-8")
    current = {}
    for path, data in edits.items():
        current[path] = (root / path).read_bytes()
        (root / path).write_bytes(data)
    return current


@pytest.mark.parametrize("flavor", list(FLAVOR_FILES))
def test_a_version_one_site_names_what_differs_in_one_line(tmp_path: Path, flavor: str) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out, flavor=flavor)
    config, layout = FLAVOR_FILES[flavor]
    _as_version_one(out, {layout: b"an older version's layout\n"})
    report = site(SAMPLE, out, flavor=flavor)
    (kept,) = [d for d in report.diagnostics if d.code == "WXR419"]
    assert layout in kept.message and "--refresh-skeleton" in kept.message
    assert config not in kept.message  # as this version writes it: nothing to say
    assert (out / layout).read_bytes() == b"an older version's layout\n"  # still theirs
    # Unchanged files were taken back: the marker has their digests again.
    digests = json.loads((out / MARKER).read_text("utf-8"))["skeleton"]
    assert config in digests and layout not in digests


def test_refresh_skeleton_replaces_them_and_keeps_copies(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out, flavor="hugo")
    config, layout = FLAVOR_FILES["hugo"]
    old = b"an older version's layout\n"
    current = _as_version_one(out, {layout: old})
    report = site(SAMPLE, out, flavor="hugo", refresh_skeleton=True)
    assert (out / layout).read_bytes() == current[layout]
    assert (out / BACKUPS / layout).read_bytes() == old
    assert not (out / BACKUPS / config).exists()  # unchanged: not replaced, no copy
    assert not [d for d in report.diagnostics if d.code == "WXR419"]
    name = f"skeleton files replaced (--refresh-skeleton; copies in {BACKUPS}/)"
    assert report.counts[name] == 1
    assert f"{BACKUPS}/" not in "".join(json.loads((out / MARKER).read_text("utf-8"))["files"])
    # Edited again (now under a marker with digests), refreshed again: the first copy
    # stays, the second is numbered.
    (out / layout).write_bytes(b"my edit\n")
    site(SAMPLE, out, flavor="hugo", refresh_skeleton=True)
    assert (out / layout).read_bytes() == current[layout]
    assert (out / BACKUPS / layout).read_bytes() == old
    assert (out / BACKUPS / f"{layout}.2").read_bytes() == b"my edit\n"
    # Nothing differs any more: a third run replaces and copies nothing.
    report = site(SAMPLE, out, flavor="hugo", refresh_skeleton=True)
    assert report.counts[name] == 0 and not (out / BACKUPS / f"{layout}.3").exists()


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_the_site_still_builds_around_the_copies(tmp_path: Path) -> None:
    from markdown_helpers import site_build

    out = tmp_path / "site"
    site(SAMPLE, out, flavor="hugo")
    _as_version_one(out, {"layouts/_default/single.html": b"{{ .Title }}\n"})
    site(SAMPLE, out, flavor="hugo", refresh_skeleton=True)
    site_build("hugo", out, tmp_path / "public")
    assert not list((tmp_path / "public").rglob(f"*{BACKUPS}*"))


def test_a_dry_run_lists_the_copy_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "site"
    first = Output(str(root))
    first.write_if_absent("layouts/a.html", b"version 1")
    first.finish()
    (root / "layouts/a.html").write_bytes(b"mine")
    listing = io.StringIO()
    dry = Output(str(root), dry_run=True, refresh_skeleton=True, out=listing)
    assert dry.write_if_absent("layouts/a.html", b"version 2")
    assert listing.getvalue().splitlines() == [
        f"backup    {BACKUPS}/layouts/a.html",
        "update    layouts/a.html",
    ]
    assert (root / "layouts/a.html").read_bytes() == b"mine" and not (root / BACKUPS).exists()


def test_the_command_line_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    args = ["convert", str(SAMPLE), "--to", "markdown", "--flavor", "hugo", "-o", str(out)]
    assert main([*args, "--no-progress"]) == 0
    _as_version_one(out, {"hugo.toml": b"# mine\n"})
    assert main([*args, "--no-progress"]) == 0
    assert "WXR419" in capsys.readouterr().err
    assert main([*args, "--no-progress", "--refresh-skeleton"]) == 0
    assert (out / BACKUPS / "hugo.toml").read_bytes() == b"# mine\n"
    assert "WXR419" not in capsys.readouterr().err
