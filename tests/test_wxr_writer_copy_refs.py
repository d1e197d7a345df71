"""``--to wxr``: a reference to a post split by language (qTranslate) names the copy in
the referring item's language, whatever the order of the items in the export.

The copies' ids are known before they come (``writers.copyids``), so a child page, an
attachment or a menu entry written before its split target still gets the right copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from menu_helpers import menu_entry
from wxr_builder import item, meta, wxr

from wxr_tools import read
from wxr_tools.model import Item
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import Filters
from wxr_tools.writers.references import COPY_PARENTS, COPY_TARGETS

LANGS = "[:fr]{}[:en]{}[:de]{}[:]"
"""A qTranslate title in the export's three languages, French (the site's) first."""


def _tagged(fr: str, en: str, de: str) -> str:
    return LANGS.format(fr, en, de)


def _page(post_id: int, title: str, parent: int = 0) -> str:
    page = item(post_id, title=title, body=title, post_type="page")
    return page.replace("<wp:post_parent>0<", f"<wp:post_parent>{parent}<")


def _attachment(post_id: int, title: str, parent: int) -> str:
    url = f"\t\t<wp:attachment_url>https://example.org/{post_id}.jpg</wp:attachment_url>\n"
    more = url + meta("_wp_attached_file", f"{post_id}.jpg")
    text = item(post_id, title=title, body="", post_type="attachment", status="inherit", more=more)
    return text.replace("<wp:post_parent>0<", f"<wp:post_parent>{parent}<")


ABOUT = _page(20, _tagged("À propos", "About", "Über"))
CONTACT = _page(21, _tagged("Écrire", "Contact", "Kontakt"), parent=20)
PHOTO = _attachment(22, _tagged("Photo", "Picture", "Bild"), parent=20)
ENTRY = menu_entry(
    23, "main", 1, "post_type", obj="page", obj_id=20, title=_tagged("Accueil", "Home", "Start")
)


def _written(tmp_path: Path, items: list[str], langs: frozenset[str] = frozenset()) -> list[Item]:
    source, out = tmp_path / "in.xml", tmp_path / "out.xml"
    source.write_bytes(wxr(*items))
    filters = Filters(langs=langs) if langs else None
    convert(str(source), "wxr", str(out), Options(), filters=filters)
    with read(str(out)) as export:
        return list(export)


def _targets(written: list[Item]) -> dict[str, str]:
    """Each item's title -> the title of the item it names (parent or menu target)."""
    titles = {i.id: i.title for i in written}
    out = {}
    for i in written:
        target = i.parent
        if i.type == "nav_menu_item":
            target = int(next(m.value for m in i.meta if m.key == "_menu_item_object_id"))
        out[i.title] = titles.get(target, "") if target else ""
    return out


EVERY = {
    "Écrire": "À propos",
    "Contact": "About",
    "Kontakt": "Über",
    "Photo": "À propos",
    "Picture": "About",
    "Bild": "Über",
    "Accueil": "À propos",
    "Home": "About",
    "Start": "Über",
}


@pytest.mark.parametrize("first", [True, False], ids=["target-first", "target-last"])
@pytest.mark.parametrize(
    "langs",
    [frozenset(), frozenset({"en"}), frozenset({"en", "de"})],
    ids=["all", "en", "en-de"],
)
def test_references_name_the_copy_in_their_language(
    tmp_path: Path, first: bool, langs: frozenset[str]
) -> None:
    # An export edited by hand, merged from several files, or a parent re-parented
    # under a later page can put a child before its parent: the child's copies must
    # still go under the parent's copies, which are numbered only when they come.
    others = [CONTACT, PHOTO, ENTRY]
    written = _written(tmp_path, [ABOUT, *others] if first else [*others, ABOUT], langs)
    found = _targets(written)
    titles = {t for t in found if t not in ("À propos", "About", "Über")}
    expected = {t: p for t, p in EVERY.items() if t in titles}
    assert len(expected) == 3 * (len(langs) or 3)
    assert {t: found[t] for t in titles} == expected


def test_ids_do_not_depend_on_the_order(tmp_path: Path) -> None:
    # The copies are numbered by the index's order of the split posts, the one they
    # come in: the child first, its copies take the first new ids.
    written = _written(tmp_path, [CONTACT, ABOUT])
    assert [(i.id, i.title, i.parent) for i in written] == [
        (21, "Écrire", 20),
        (22, "Contact", 24),
        (23, "Kontakt", 25),
        (20, "À propos", 0),
        (24, "About", 0),
        (25, "Über", 0),
    ]


def test_a_plain_child_before_its_split_parent_goes_under_the_main_copy(
    tmp_path: Path,
) -> None:
    # Not split, the page is in the site's language: the parent's first copy.
    written = _written(tmp_path, [_page(21, "Plan", parent=20), ABOUT])
    assert [(i.title, i.parent) for i in written][:2] == [("Plan", 20), ("À propos", 0)]


def test_the_report_counts_the_references_changed(tmp_path: Path) -> None:
    source, out = tmp_path / "in.xml", tmp_path / "out.xml"
    source.write_bytes(wxr(CONTACT, PHOTO, ENTRY, ABOUT))
    report = convert(str(source), "wxr", str(out), Options())
    assert (report.counts[COPY_PARENTS], report.counts[COPY_TARGETS]) == (4, 2)
    assert not [d for d in report.diagnostics if d.code == "WXR426"]
