"""The Markdown writer on every core (read, transform and render in workers, part by
part) writes exactly what one process writes: the same files, bytes, report,
diagnostics in the same order, and ``--dry-run`` listing.

Parts are made tiny here (a couple of KB) so that every file is cut many times,
and items that want the same place land in different parts.
"""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from markdown_helpers import SAMPLE, comment, tree, write_tricky
from wxr_builder import item, wxr

from wxr_tools import parts
from wxr_tools.diagnostics import InputError
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import parallel
from wxr_tools.writers import Filters, WriteOptions
from wxr_tools.writers.markdown import workers
from wxr_tools.writers.markdown.menus import FILES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_export  # noqa: E402


def run(
    source: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    n_workers: int,
    filters: Filters | None = None,
    part_size: int = 2048,
    **options: Any,
) -> dict[str, Any]:
    """Convert ``source``; with workers, every file is cut in parts of 2 KB."""
    monkeypatch.setenv("WXR_WORKERS", str(n_workers))
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(workers, "PART_SIZE", part_size)
    listing = io.StringIO()
    monkeypatch.setattr(sys, "stdout", listing)
    try:
        report = convert(
            str(source),
            "markdown",
            str(out),
            Options(progress=False),
            WriteOptions(**options),
            filters,
        )
    except InputError as e:
        return {"error": str(e)}
    finally:
        monkeypatch.undo()
    return {
        "files": tree(out) if out.exists() else {},
        "report": json.dumps(report.to_json()),
        "text": report.to_text(),
        "diagnostics": [d.format() for d in report.diagnostics],
        "listing": listing.getvalue(),
    }


def same_both_ways(
    source: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    filters: Filters | None = None,
    **options: Any,
) -> dict[str, Any]:
    one = run(source, tmp_path / "one", monkeypatch, 0, filters, **options)
    many = run(source, tmp_path / "many", monkeypatch, 2, filters, **options)
    assert many.keys() == one.keys()
    for key in one:
        assert many[key] == one[key], key
    return one


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro"])
def test_the_sample_on_every_core(
    flavor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = same_both_ways(SAMPLE, tmp_path, monkeypatch, flavor=flavor, redirects="csv")
    assert len(result["files"]) > 10
    # The attachments' old addresses, sent back by the workers with the pages.
    assert (
        b"/?attachment_id=216,/media/2008/11/going-solo-lyon-scene.jpg"
        in (result["files"]["redirects.csv"])
    )


def _same_slugs(tmp_path: Path, posts: int, seed: int) -> Path:
    """A generated export whose every item has the slug "same"."""
    buf = io.StringIO()
    make_export.write_export(buf, posts, seed)
    text = re.sub(
        r"<wp:post_name>.*?</wp:post_name>", "<wp:post_name>same</wp:post_name>", buf.getvalue()
    )
    source = tmp_path / "export.xml"
    source.write_text(text, encoding="utf-8")
    return source


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_menus_on_every_core(flavor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Entries come back from the workers; their targets are placed here, in other parts.
    from test_markdown_menus import menu_export

    result = same_both_ways(menu_export(tmp_path), tmp_path, monkeypatch, flavor=flavor)
    menus = result["files"][FILES[flavor]].decode("utf-8")
    assert "/2023/05/hello-101/" in menus and "/categories/news/" in menus
    assert "7 menu entries written" in result["text"]


def test_a_generated_export_with_shared_slugs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every item wants the same slug: all but the first are renamed, most of them
    # because of an item in an earlier part (rendered again, in this process).
    source = _same_slugs(tmp_path, 60, 11)
    result = same_both_ways(source, tmp_path, monkeypatch, flavor="hugo", redirects="netlify")
    renamed = [p for p in result["files"] if p.startswith("content/posts/same-")]
    assert len(renamed) > 20


def test_a_taken_place_reads_its_part_again_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item whose place an earlier part took is made again from its part (the
    workers do not send items whole): the right item, counted after the filters (the
    part's items that ``--lang`` leaves out come before it), and each part read again
    once at most, however many of its items are renamed."""
    source = _same_slugs(tmp_path, 80, 13)
    again: list[object] = []
    real = parts.Transformed.again

    def spy(self: parts.Transformed, part: parts.Part[Any]) -> Any:
        again.append(part.segment)
        return real(self, part)

    monkeypatch.setattr(parts.Transformed, "again", spy)  # run() undoes it
    only = Filters(langs=frozenset({"fr"}))
    # Parts of a dozen items: most renamed items have others before them in their part.
    many = run(source, tmp_path / "many", monkeypatch, 2, only, 64 << 10, flavor="hugo")
    one = run(source, tmp_path / "one", monkeypatch, 0, only, flavor="hugo")
    assert many == one
    renamed = [p for p in one["files"] if p.startswith("content/posts/same-")]
    assert len(renamed) > 10 and len(again) > 2
    assert len(again) == len(set(again))  # once a part


def test_filters_run_in_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    buf = io.StringIO()
    make_export.write_export(buf, 40, 9)
    source = tmp_path / "export.xml"
    source.write_text(buf.getvalue(), encoding="utf-8")
    since = datetime(2015, 1, 1)
    only = Filters(langs=frozenset({"en"}), types=frozenset({"post"}), since=since)
    result = same_both_ways(source, tmp_path, monkeypatch, only, flavor="hugo")
    report = json.loads(result["report"])
    assert any("filtered out" in why for why in report["items"]["excluded_by"])
    assert all(".en.md" in p for p in result["files"] if p.startswith("content/posts/"))


def test_tricky_items_and_dry_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_tricky(tmp_path)
    same_both_ways(source, tmp_path, monkeypatch, flavor="jekyll")
    result = same_both_ways(source, tmp_path / "dry", monkeypatch, flavor="hugo", dry_run=True)
    assert "create" in result["listing"] and result["files"] == {}


def test_split_copies_with_comments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """qTranslate copies share an id: their comment files are told apart in a part, and
    a repeated id in a later part is too."""
    items = [
        item(n, title="[:en]Hello[:fr]Bonjour[:]", body="[:en]Hi[:fr]Salut[:]", more=comment(n))
        for n in (1, 2, 3, 1)
    ]
    source = tmp_path / "qt.xml"
    source.write_bytes(wxr(*items))
    result = same_both_ways(source, tmp_path, monkeypatch, flavor="hugo")
    assert "data/comments/1-2.yaml" in result["files"]


def test_a_link_finds_the_languages_of_a_later_split_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index knows which posts are split by language before any is transformed: a
    post in English linking to a later post tagged in its body gets the English copy."""
    items = [
        item(1, title="Link [en]", body='<a href="https://example.org/?p=2">there</a>'),
        item(2, title="Plain title", body="[:en]<p>Hi</p>[:fr]<p>Salut</p>[:]"),
    ]
    source = tmp_path / "forward.xml"
    source.write_bytes(wxr(*items))
    result = same_both_ways(source, tmp_path, monkeypatch, flavor="hugo")
    linking = result["files"]["content/posts/hello-1/index.en.md"].decode()
    assert "(/en/2024/06/hello-2/)" in linking


def test_aliases_decided_across_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An old URL two posts had, and a page placed after the post that had its URL as
    an old one, each in parts of their own (padded): as in one process."""

    def linked(post_id: int, old: str, **options: str) -> str:
        text = item(post_id, title=f"Item {post_id}", body="<p>x</p>" * 80, **options)
        return text.replace(f"/?p={post_id}</link>", f"{old}</link>")

    padding = [item(n, body="<p>padding</p>" * 80) for n in range(100, 104)]
    items = [
        linked(1, "/archives/shared/"),
        *padding[:2],
        linked(2, "/archives/shared/"),
        linked(3, "/hello-4/"),  # page 4's URL, placed later
        *padding[2:],
        linked(4, "/old-four/", post_type="page"),
    ]
    source = tmp_path / "aliases.xml"
    source.write_bytes(wxr(*items))
    result = same_both_ways(source, tmp_path, monkeypatch, flavor="jekyll")
    codes = [line for line in result["report"].splitlines() if "WXR41" in line]
    assert any("WXR411" in line for line in codes) and any("WXR415" in line for line in codes)
    post_3 = next(v for k, v in result["files"].items() if k.endswith("hello-3.md"))
    assert b"redirect_from" not in post_3


def test_an_error_in_a_later_part_is_the_sequential_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buf = io.StringIO()
    make_export.write_export(buf, 30, 3)
    text = buf.getvalue()
    cut = text.rindex("<item>")
    source = tmp_path / "broken.xml"
    source.write_text(text[:cut] + "<item><title>&bogus;</title></item>" + text[cut:])
    one = run(source, tmp_path / "one", monkeypatch, 0, flavor="hugo")
    many = run(source, tmp_path / "many", monkeypatch, 2, flavor="hugo")
    assert "error" in one and many == one


CORPUS = corpus_files()


@pytest.mark.parametrize("name", file_params(CORPUS))
def test_corpus_files_on_every_core(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    same_both_ways(corpus_path(name), tmp_path, monkeypatch, flavor="hugo")


def test_a_progress_bar_counts_the_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    buf = io.StringIO()
    make_export.write_export(buf, 20, 5)
    source = tmp_path / "export.xml"
    source.write_text(buf.getvalue(), encoding="utf-8")
    plain = run(source, tmp_path / "plain", monkeypatch, 2, flavor="hugo")
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(workers, "PART_SIZE", 2048)
    out = tmp_path / "bar"
    convert(str(source), "markdown", str(out), Options(progress=True), WriteOptions(flavor="hugo"))
    assert tree(out) == plain["files"]
    bar = capsys.readouterr().err
    assert f"/{source.stat().st_size / 1000:.0f}k [" in bar  # the file's bytes are the total
