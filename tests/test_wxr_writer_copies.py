"""``--to wxr``: the copies of a post split by language, their guids and ids, and
standard input (copied to a file first: ``reader.spool``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from wxr_builder import item, wxr

from wxr_tools import read
from wxr_tools.langtags import copy_guid
from wxr_tools.model import Item, Site
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteJob
from wxr_tools.writers.wxr import write

SPLIT = item(10, title="[:fr]Bonjour[:en]Hello[:de]Hallo[:]", body="[:fr]Oui[:en]Yes[:de]Ja[:]")


@pytest.mark.parametrize(
    ("guid", "lang", "expected"),
    [
        ("https://example.org/?p=10", "en", "https://example.org/?p=10&lang=en"),
        ("https://example.org/hello/", "pt-BR", "https://example.org/hello/?lang=pt-br"),
        ("https://example.org/?p=10#top", "en", "https://example.org/?p=10&lang=en#top"),
        ("https://example.org/?", "en", "https://example.org/?lang=en"),
        ("urn:uuid:6e8bc430", "de", "urn:uuid:6e8bc430?lang=de"),
    ],
)
def test_copy_guid(guid: str, lang: str, expected: str) -> None:
    assert copy_guid(guid, lang) == expected


def _written(tmp_path: Path, *items: str) -> list[Item]:
    source, out = tmp_path / "in.xml", tmp_path / "out.xml"
    source.write_bytes(wxr(*items))
    convert(str(source), "wxr", str(out), Options())
    with read(str(out)) as export:
        return list(export)


def test_copies_keep_their_guids_when_the_site_grows(tmp_path: Path) -> None:
    # The copies' ids follow the export's last id; their guids do not, so that an
    # importer or a feed reader knows a copy again in a later export of the same site.
    before = _written(tmp_path, SPLIT, item(45, title="Last"))
    after = _written(tmp_path, SPLIT, item(45, title="Last"), item(99, title="New"))
    copies = [(i.id, i.slug, i.guid) for i in before if i.title in ("Hello", "Hallo")]
    assert copies == [
        (46, "hello-10-en", "https://example.org/?p=10&lang=en"),
        (47, "hello-10-de", "https://example.org/?p=10&lang=de"),
    ]
    moved = [(i.id, i.guid) for i in after if i.title in ("Hello", "Hallo")]
    assert moved == [(100, copies[0][2]), (101, copies[1][2])]
    assert before[0].guid == after[0].guid == "https://example.org/?p=10"


def test_each_copy_of_an_untranslated_title_has_a_date_of_its_own(tmp_path: Path) -> None:
    # WordPress's importer skips a post with the title and date of one it has: the
    # third copy of a title must not take the second's date.
    untranslated = SPLIT.replace("[:fr]Bonjour[:en]Hello[:de]Hallo[:]", "Salut")
    written = _written(tmp_path, untranslated)
    first = written[0].date
    assert first is not None
    shifts = [(i.id, i.title, (i.date - first).seconds) for i in written if i.date]
    assert shifts == [(10, "Salut", 0), (11, "Salut", 1), (12, "Salut", 2)]


def test_a_copy_without_a_guid_gets_none(tmp_path: Path) -> None:
    # WordPress gives a post without a guid its own address when it inserts it.
    split = SPLIT.replace('<guid isPermaLink="false">https://example.org/?p=10</guid>', "")
    assert [i.guid for i in _written(tmp_path, split)] == ["", "", ""]


def test_a_job_without_index_reports_an_id_a_copy_took(tmp_path: Path) -> None:
    # ``wxr convert`` always has an index for this writer; a job built without one
    # numbers copies after the ids written so far, and says when a later item has one.
    group = {"translation_group": "qt:10", "title": "Hello", "slug": "hello"}
    items = [
        Item(id=10, type="post", lang="fr", **group),
        Item(id=10, type="post", lang="en", **group),
        Item(id=11, type="post", title="Later"),
    ]
    job = WriteJob(site=Site(), authors=[], terms=[], items=iter(items), output=str(tmp_path / "o"))
    job.report = RunReport()
    write(job)
    [found] = [d for d in job.report.diagnostics if "given to a split post's copy" in d.message]
    assert (found.code, found.message[:2]) == ("WXR426", "1 ")


def test_unreadable_standard_input_is_named_and_its_copy_deleted(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "wxr_tools", "convert", "-", "--to", "wxr", "-o", "-"],
        input=b"<html><body>not an export</body></html>",
        capture_output=True,
        check=False,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(b"<stdin>") and str(temp).encode() not in done.stderr
    assert b"Traceback" not in done.stderr
    assert list(temp.iterdir()) == []


def _page(post_id: int, title: str, parent: int = 0) -> str:
    page = item(post_id, title=title, body=title, post_type="page")
    return page.replace("<wp:post_parent>0<", f"<wp:post_parent>{parent}<")


def _parents(written: list[Item]) -> dict[str, str]:
    titles = {i.id: i.title for i in written}
    return {i.title: titles.get(i.parent, "") for i in written if i.type == "page"}


def test_a_split_page_goes_under_its_parents_copy_in_its_language(tmp_path: Path) -> None:
    # A real import (WordPress 6.5, its importer 0.9) of a qTranslate site put the English
    # copy of "Contact" under the French "À propos": the copy kept the post's parent id,
    # which is the parent's first copy, the French one.
    about = _page(20, "[:fr]À propos[:en]About[:]")
    contact = _page(21, "[:fr]Écrire[:en]Contact[:]", parent=20)
    plain = _page(22, "Plan", parent=20)  # not split: the parent's first copy, as written
    written = _written(tmp_path, about, contact, plain)
    assert _parents(written) == {
        "À propos": "",
        "About": "",
        "Écrire": "À propos",
        "Contact": "About",
        "Plan": "À propos",
    }


def test_with_one_language_the_page_keeps_its_parents_id(tmp_path: Path) -> None:
    source, out = tmp_path / "in.xml", tmp_path / "out.xml"
    about = _page(20, "[:fr]À propos[:en]About[:]")
    source.write_bytes(wxr(about, _page(21, "[:fr]Écrire[:en]Contact[:]", parent=20)))
    convert(str(source), "wxr", str(out), Options(), filters=Filters(langs=frozenset({"en"})))
    with read(str(out)) as export:
        assert [(i.id, i.title, i.parent) for i in export] == [
            (20, "About", 0),
            (21, "Contact", 20),
        ]
