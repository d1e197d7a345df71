"""``--to wxr`` and ``--to disqus`` of a bilingual export, with the language filter.

The export is French (its ``<language>``) with Polylang's English items and one
qTranslate post split into a French and an English copy. What a filter leaves out
must not leave a reference dangling in what is written, and the report's sums hold.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from wxr_builder import item, language, meta, wxr

from wxr_tools import read
from wxr_tools.index import Index
from wxr_tools.model import Item
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.validate import validate
from wxr_tools.writers import Filters
from wxr_tools.writers.references import COPY_DATES, _Written

EN = Filters(langs=frozenset({"en"}))
FR = Filters(langs=frozenset({"fr"}))
POSTS = frozenset({"post"})


def _comment(cid: int, parent: int = 0) -> str:
    return (
        f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        "<wp:comment_author>Ann</wp:comment_author>"
        "<wp:comment_author_email>ann@example.org</wp:comment_author_email>"
        "<wp:comment_date_gmt>2024-01-01 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}"
        f"</wp:comment_parent><wp:comment_content>Comment {cid}</wp:comment_content>"
        "</wp:comment>\n"
    )


def _with_parent(text: str, parent: int) -> str:
    return text.replace(
        "<wp:post_parent>0</wp:post_parent>", f"<wp:post_parent>{parent}</wp:post_parent>"
    )


CHANNEL = "".join(
    f"\t<wp:term><wp:term_id>{n}</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy>"
    f"<wp:term_slug>{code}</wp:term_slug><wp:term_name>{code}</wp:term_name></wp:term>\n"
    for n, code in ((5, "fr"), (6, "en"))
)
MENU = '\t\t<category domain="nav_menu" nicename="main"><![CDATA[Main]]></category>\n'


def _menu_item(post_id: int, target: int, parent: int = 0) -> str:
    more = meta("_menu_item_type", "post_type") + meta("_menu_item_object", "page")
    more += meta("_menu_item_object_id", str(target))
    more += meta("_menu_item_menu_item_parent", str(parent)) + MENU
    return item(post_id, title="", post_type="nav_menu_item", more=more)


def _export(tmp_path: Path) -> Path:
    attachment = "\t\t<wp:attachment_url>https://example.org/a.jpg</wp:attachment_url>\n"
    items = [
        item(10, title="[:fr]Bonjour[:en]Hello[:]", body="[:fr]Oui[:en]Yes[:]",
             more=_comment(1) + _comment(2, 1)),
        item(11, title="Thumb", more=language("en") + meta("_thumbnail_id", "30")),
        item(19, title="Top", post_type="page", more=language("en")),
        item(20, title="Milieu", post_type="page", more=language("fr") + _comment(3)),
        _with_parent(item(21, title="Child", post_type="page", more=language("en")), 20),
        item(30, title="Image", post_type="attachment", status="inherit", more=attachment),
        _with_parent(
            item(31, title="Photo", post_type="attachment", status="inherit",
                 more=attachment.replace("a.jpg", "b.jpg") + language("fr")),
            11,
        ),
        _menu_item(40, 21),
        _menu_item(41, 20, parent=40),
        item(45, title="Last"),
    ]  # fmt: skip
    # 20's parent is 19: 21 (English) keeps an English ancestor when 20 is left out.
    items[3] = _with_parent(items[3], 19)
    path = tmp_path / "in.xml"
    path.write_bytes(wxr(*items, channel=CHANNEL))
    return path


def _items(path: Path) -> list[Item]:
    with read(str(path)) as export:
        return list(export)


def _meta_of(found: Item, key: str) -> str | None:
    return next((m.value for m in found.meta if m.key == key), None)


def _balanced(report: RunReport) -> None:
    items = sum(report.items_written.values()) + sum(report.items_excluded.values())
    comments = report.comments_written + sum(report.comments_excluded.values())
    assert (report.items_read, report.comments_read) == (items, comments)


def _errors_and_warnings(path: Path) -> list[str]:
    """What ``wxr validate`` finds, but the site-wide notes a filtered export has anyway."""
    findings = validate([str(path)]).findings
    return [f"{d.code} {d.message}" for d in findings if d.code not in ("WXR303", "WXR402")]


def test_split_copies_get_ids_and_slugs_of_their_own(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(_export(tmp_path)), "wxr", str(out), Options())
    written = _items(out)
    ids = [i.id for i in written]
    assert len(ids) == len(set(ids))
    fr, en = (i for i in written if i.title in ("Bonjour", "Hello"))
    # The main language's copy keeps the old id and slug (old links name it); the other
    # gets an id after every id of the export, and its language in its slug.
    assert (fr.id, fr.slug) == (10, "hello-10")
    assert (en.id, en.slug) == (46, "hello-10-en")
    # Its guid too: importers and feed readers tell posts apart by guid.
    assert (fr.guid, en.guid) == ("https://example.org/?p=10", "https://example.org/?p=10&lang=en")
    assert len({i.guid for i in written}) == len(written)
    # A comment is written once: with the first copy written.
    assert [c.id for c in fr.comments] == [1, 2] and not en.comments
    assert report.comments_excluded["written with another language's copy"] == 2
    _balanced(report)
    assert _errors_and_warnings(out) == []


def test_english_export_has_no_dangling_reference(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(_export(tmp_path)), "wxr", str(out), Options(), filters=EN)
    written = {i.id: i for i in _items(out)}
    # The split post's English copy alone: it keeps the id and slug, which no other
    # copy takes, so that links and menus naming the post still find it.
    # Attachment 30 and menu item 40 have no language: they follow the English post
    # whose featured image it is, the English page it links to (``followers``).
    assert sorted(written) == [10, 11, 19, 21, 30, 40]
    assert (written[10].title, written[10].slug) == ("Hello", "hello-10")
    assert [c.id for c in written[10].comments] == [1, 2]
    assert written[21].parent == 19  # its parent 20 is French: its nearest English ancestor
    assert _meta_of(written[11], "_thumbnail_id") == "30"
    assert report.counts["parents not written: nearest written ancestor or none"] == 1
    assert report.counts["featured images not written: _thumbnail_id left out"] == 0
    assert any(d.code == "WXR426" for d in report.diagnostics)
    _balanced(report)
    assert _errors_and_warnings(out) == []


def test_french_export_leaves_out_menu_items_to_english_pages(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(_export(tmp_path)), "wxr", str(out), Options(), filters=FR)
    written = {i.id: i for i in _items(out)}
    assert 40 not in written  # its target, page 21, is English: so is the menu item
    assert _meta_of(written[41], "_menu_item_menu_item_parent") == "0"
    assert written[20].parent == 0  # page 19 is English
    assert written[31].parent == 0  # attached to post 11, English: unattached
    assert 30 not in written  # the featured image of post 11, English
    # 10 in English, 11, 19, 21, and 30 and 40, which follow them
    assert report.items_excluded["filtered out (--lang)"] == 6
    _balanced(report)
    assert _errors_and_warnings(out) == []


@pytest.mark.parametrize("filters", [None, EN, FR], ids=["all", "en", "fr"])
def test_disqus_threads_hold_each_comment_once(filters: Filters | None, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(_export(tmp_path)), "disqus", str(out), Options(), filters=filters)
    root = etree.parse(str(out)).getroot()
    ns = {"wp": "http://wordpress.org/export/1.0/", "dsq": "http://www.disqus.com/"}
    ids = root.xpath("//wp:comment/wp:comment_id/text()", namespaces=ns)
    assert len(ids) == len(set(ids)) == report.comments_written
    links = root.xpath("//item/link/text()")
    assert links == root.xpath("//item/dsq:thread_identifier/text()", namespaces=ns)
    assert len(links) == len(set(links))
    _balanced(report)


def test_references_to_items_the_export_lacks_are_left_as_they_are(tmp_path: Path) -> None:
    # A posts-only export: WordPress may hold the image and the parent page already.
    source = tmp_path / "in.xml"
    thumbnail = language("en") + meta("_thumbnail_id", "99")
    source.write_bytes(wxr(_with_parent(item(12, title="Post", more=thumbnail), 98)))
    out = tmp_path / "out.xml"
    for filters in (None, EN):
        report = convert(str(source), "wxr", str(out), Options(), filters=filters)
        [written] = _items(out)
        assert (written.parent, _meta_of(written, "_thumbnail_id")) == (98, "99")
        assert "WXR426" not in {d.code for d in report.diagnostics}


@pytest.mark.parametrize(
    ("options", "gzipped"),
    [([], False), (["--lang", "en"], False), (["--lang", "fr"], True)],
    ids=["all", "en", "fr-gzip"],
)
def test_standard_input_gives_the_bytes_of_the_file(
    options: list[str], gzipped: bool, tmp_path: Path
) -> None:
    # Standard input is copied to a file first (``reader.spool``): the index knows
    # every id, so a copy's new id is past them all (item 11 comes after the split post
    # 10: numbered after those written so far, the copy took 11), and references to
    # items left out are changed as with a file. The copy is deleted at the end.
    source = _export(tmp_path)
    data = gzip.compress(source.read_bytes(), mtime=0) if gzipped else source.read_bytes()
    temp = tmp_path / "tmp"
    temp.mkdir()
    outs = []
    for name, given in (("file", str(source)), ("stdin", "-")):
        out = tmp_path / f"{name}.xml"
        command = ["convert", given, "--to", "wxr", *options, "-o", str(out)]
        done = subprocess.run(
            [sys.executable, "-m", "wxr_tools", *command],
            input=data if given == "-" else None,
            capture_output=True,
            check=False,
            env={**os.environ, "TMPDIR": str(temp)},
        )
        assert done.returncode == 0, done.stderr  # warnings do not fail a conversion
        assert b"WXR503" not in done.stderr and str(temp).encode() not in done.stderr
        outs.append(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert list(temp.iterdir()) == []
    written = _items(outs[1])
    ids, guids = [i.id for i in written], [i.guid for i in written]
    assert len(ids) == len(set(ids)) and len(guids) == len(set(guids))
    if not options:
        assert 46 in ids  # the English copy of 10, past 45, the export's last id


@pytest.mark.parametrize("indexed", [True, False], ids=["database", "memory"])
def test_references_ahead_are_checked_at_the_end(indexed: bool) -> None:
    job = SimpleNamespace(index=Index() if indexed else None)
    written = _Written(job)  # type: ignore[arg-type]
    for n in range(3, 10):
        written.refer("_thumbnail_id", n, 100 + n)
    written.add(1)
    written.refer("parent", 2, 1)  # already written: not ahead, but harmless
    for n in range(3, 10, 2):
        written.add(100 + n)
    assert 103 in written and 104 not in written
    assert written.dangling(2) == (3, [("_thumbnail_id", 4, 104), ("_thumbnail_id", 6, 106)])


def test_a_copy_with_an_untranslated_title_is_dated_a_second_later(tmp_path: Path) -> None:
    # WordPress's importer skips a post whose title and date it has already
    # (post_exists): the English copy of a post whose title is not translated would be lost.
    path = tmp_path / "in.xml"
    path.write_bytes(
        wxr(
            item(10, title="Salut", body="[:fr]Oui[:en]Yes[:]"),
            item(11, title="[:fr]Bonjour[:en]Hello[:]", body="[:fr]Oui[:en]Yes[:]"),
            channel=CHANNEL,
        )
    )
    out = tmp_path / "out.xml"
    report = convert(str(path), "wxr", str(out), Options())
    written = _items(out)
    dates = {i.id: (i.title, i.date, i.date_gmt) for i in written}
    title, date, gmt = dates[10]
    assert title == "Salut" and date is not None and gmt is not None
    second = timedelta(seconds=1)
    assert dates[12] == ("Salut", date + second, gmt + second)  # 10's English copy
    assert dates[11][1:] == dates[13][1:] == (date, gmt)  # titles differ: same date
    assert report.counts[COPY_DATES] == 1
    assert len({(i.title, i.date) for i in written}) == len(written)
