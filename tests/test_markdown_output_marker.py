"""The output directory's marker: which files wxr_tools wrote there, across runs.

The lists behind it live in the run's scratch database; these tests pin what the
marker says (and its exact JSON), so that the storage can change without notice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.writers.markdown import marker
from wxr_tools.writers.markdown.output import MARKER, MARKER_VERSION, Output, marker_text


def listed(root: Path) -> list[str]:
    files: list[str] = json.loads((root / MARKER).read_text("utf-8"))["files"]
    return files


def test_a_rerun_lists_its_files_and_the_earlier_ones_still_there(tmp_path: Path) -> None:
    root = tmp_path / "site"
    first = Output(str(root))
    for path in ("content/b.md", "content/a.md", "gone.md", "hugo.toml"):
        first.write(path, path.encode())
    first.finish()
    assert listed(root) == ["content/a.md", "content/b.md", "gone.md", "hugo.toml"]
    (root / "gone.md").unlink()

    second = Output(str(root))
    assert second.write("content/a.md", b"content/a.md") == "unchanged"
    assert second.write("content/é.md", b"new") == "create"
    assert not second.write_if_absent("hugo.toml", b"edited by the user, kept")
    second.claim("static/photo.jpg")
    assert second.stale() == ["content/b.md"]  # gone.md is no longer there
    second.finish()
    assert listed(root) == [
        "content/a.md",
        "content/b.md",
        "content/é.md",
        "hugo.toml",
        "static/photo.jpg",
    ]
    assert (second.created, second.updated, second.unchanged) == (1, 0, 1)


def test_an_unchanged_marker_is_not_rewritten(tmp_path: Path) -> None:
    root = tmp_path / "site"
    for run in range(2):
        output = Output(str(root))
        output.write("a.md", b"a")
        output.finish()
        if run == 0:
            os.utime(root / MARKER, (1_000_000_000, 1_000_000_000))
    assert (root / MARKER).stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in root.iterdir()) == sorted([MARKER, "a.md"])  # no temp file


def test_a_dry_run_writes_no_marker(tmp_path: Path) -> None:
    listing = io.StringIO()
    output = Output(str(tmp_path / "site"), dry_run=True, out=listing)
    output.write("a.md", b"a")
    assert listing.getvalue() == "create    a.md\n"
    assert output.was_written("a.md") and not output.was_written("b.md")
    output.finish()
    assert not (tmp_path / "site").exists()


@given(st.lists(st.text(min_size=1), unique=True))
def test_marker_text_is_json_dumps_of_the_sorted_list(files: list[str]) -> None:
    files.sort()
    data = {"written_by": "wxr_tools", "version": MARKER_VERSION, "files": files}
    assert marker_text(files) == json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_marker_text_of_several_chunks_is_json_dumps_of_the_list() -> None:
    """The files are listed a thousand at a time, each thousand encoded at once: the text
    is still ``json.dumps``'s across the chunks' seams, with characters JSON escapes."""
    odd = ['a"b', "back\\slash", "tab\tnew\nline", "\x01\x7f", "é/日本/\u2028\u2029", "😀", ""]
    files = sorted(f"content/posts/{n:05d}-{odd[n % len(odd)]}/index.md" for n in range(2500))
    data = {"written_by": "wxr_tools", "version": MARKER_VERSION, "files": files}
    assert marker_text(files) == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    for size in (999, 1000, 1001):
        part = files[:size]
        data["files"] = part
        assert marker_text(part) == json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# Paths of characters JSON escapes, of ASCII it does not (DEL too), of longer UTF-8
# sequences, and lone surrogates (the encoder writes them as they are).
_CHARS = st.sampled_from(
    ['"', "\\", "\x00", "\t", "\n", "\x1f", "\x7f", "a", "/", "é", "日", "\ud800", "😀"]
)


@given(st.lists(st.text(_CHARS, max_size=6), max_size=8))
def test_a_chunk_listed_is_what_the_encoder_writes(chunk: list[str]) -> None:
    assert marker._listed(chunk) == marker._FILES_ENCODER.encode(chunk)[1:-1]


@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=30), max_size=20))
def test_a_chunk_of_any_text_listed_is_what_the_encoder_writes(chunk: list[str]) -> None:
    assert marker._listed(chunk) == marker._FILES_ENCODER.encode(chunk)[1:-1]


def test_a_marker_whose_one_chunk_needs_escapes_is_json_dumps_of_the_list() -> None:
    """Chunks listed each path as it is, beside one the encoder escapes."""
    files = sorted(f"content/posts/{n:05d}-é日/index.md" for n in range(3500))
    files[1500] = 'content/posts/01500-a"b/index.md'
    data = {"written_by": "wxr_tools", "version": MARKER_VERSION, "files": files}
    assert marker_text(files) == json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_a_skeleton_file_nobody_edited_gets_this_versions(tmp_path: Path) -> None:
    """The marker keeps each skeleton file's digest: a file still as a run wrote it is
    replaced by a newer version's (its layouts may need new filters); a file the user
    edited, or one from before digests were kept, stays theirs."""
    root = tmp_path / "site"
    first = Output(str(root))
    for path in ("layouts/a.html", "layouts/b.html", "layouts/c.html"):
        assert first.write_if_absent(path, b"version 1")
    first.finish()
    digests = json.loads((root / MARKER).read_text("utf-8"))["skeleton"]
    assert set(digests) == {"layouts/a.html", "layouts/b.html", "layouts/c.html"}
    (root / "layouts/b.html").write_bytes(b"edited by the user")
    marker = json.loads((root / MARKER).read_text("utf-8"))
    del marker["skeleton"]["layouts/c.html"]  # as a marker of before digests has none
    (root / MARKER).write_text(json.dumps(marker), "utf-8")

    second = Output(str(root))
    assert second.write_if_absent("layouts/a.html", b"version 2")  # nobody edited it
    assert not second.write_if_absent("layouts/b.html", b"version 2")  # the user's
    assert not second.write_if_absent("layouts/c.html", b"version 2")  # unknown: kept
    assert second.skeleton_updated == 1 and second.updated == 1
    second.finish()
    assert (root / "layouts/a.html").read_bytes() == b"version 2"
    assert (root / "layouts/b.html").read_bytes() == b"edited by the user"
    assert (root / "layouts/c.html").read_bytes() == b"version 1"
    kept = json.loads((root / MARKER).read_text("utf-8"))["skeleton"]
    assert set(kept) == {"layouts/a.html"}  # the others are no longer as a run wrote them

    third = Output(str(root))
    assert not third.write_if_absent("layouts/a.html", b"version 2")  # as written: kept
    assert not third.write_if_absent("layouts/c.html", b"version 1")  # ours again
    third.finish()
    assert set(json.loads((root / MARKER).read_text("utf-8"))["skeleton"]) == {
        "layouts/a.html",
        "layouts/c.html",
    }


def test_a_site_converted_again_by_a_newer_version_builds(tmp_path: Path) -> None:
    """A layout an earlier version wrote, unedited, is brought up to date on the next
    conversion, so the pages that need it build (the run report counts it)."""
    from markdown_helpers import SAMPLE, site

    out = tmp_path / "site"
    site(SAMPLE, out, flavor="eleventy")
    old = b"{# an earlier version's layout #}\n"
    (out / "eleventy.config.js").write_bytes(old)
    marker = json.loads((out / MARKER).read_text("utf-8"))
    marker["skeleton"]["eleventy.config.js"] = hashlib.sha256(old).hexdigest()
    (out / MARKER).write_text(json.dumps(marker), "utf-8")
    report = site(SAMPLE, out, flavor="eleventy")
    assert b'addFilter("latestComments"' in (out / "eleventy.config.js").read_bytes()
    assert report.counts["skeleton files of an earlier version replaced (unedited)"] == 1
