"""``--lang`` on a bilingual export: attachments and menu entries follow what they serve.

The export is French (its ``<language>``) with Polylang's English and French posts and
pages; its attachments and menu entries have no language of their own, but one
attachment, an English media translation, has. Split into one site per language, each
must get the media its posts use and the menu of its language (``wxr_tools.followers``).
"""

from __future__ import annotations

import io
import json
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from markdown_helpers import tree
from media_helpers import jpeg_bytes, png_bytes
from menu_helpers import menu_entry
from wxr_builder import item, language, meta, wxr

from wxr_tools import followers, read
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import parallel
from wxr_tools.report import RunReport
from wxr_tools.validate import validate
from wxr_tools.writers import Filters, WriteOptions
from wxr_tools.writers.markdown import workers

UPLOADS = "https://example.org/wp-content/uploads/2024/06/"


def _parent(text: str, parent: int) -> str:
    return text.replace(
        "<wp:post_parent>0</wp:post_parent>", f"<wp:post_parent>{parent}</wp:post_parent>"
    )


def _attachment(post_id: int, name: str, parent: int = 0, more: str = "") -> str:
    more = (
        f"\t\t<wp:attachment_url>{UPLOADS}{name}</wp:attachment_url>\n"
        + meta("_wp_attached_file", f"2024/06/{name}")
        + more
    )
    text = item(post_id, title=name, body="", post_type="attachment", status="inherit", more=more)
    return _parent(text, parent)


CHANNEL = "".join(
    f"\t<wp:term><wp:term_id>{n}</wp:term_id><wp:term_taxonomy>{taxonomy}</wp:term_taxonomy>"
    f"<wp:term_slug>{slug}</wp:term_slug><wp:term_name>{name}</wp:term_name></wp:term>\n"
    for n, taxonomy, slug, name in (
        (5, "language", "fr", "Français"),
        (6, "language", "en", "English"),
        (7, "nav_menu", "menu-fr", "Menu FR"),
        (8, "nav_menu", "menu-en", "Menu EN"),
    )
)
EN_POST = f'[gallery ids="21,22"]\n\n<a href="{UPLOADS}doc.pdf">The document</a>'
FR_POST = f'<img class="wp-image-22" src="{UPLOADS}shared.jpg" alt="" />'
ITEMS = [
    item(1, title="Hello", body=EN_POST, more=language("en") + meta("_thumbnail_id", "20")),
    item(2, title="Bonjour", body=FR_POST, more=language("fr") + meta("_thumbnail_id", "24")),
    item(3, title="About", post_type="page", more=language("en")),
    item(4, title="A propos", post_type="page", more=language("fr")),
    _attachment(20, "cover-en.jpg", parent=1),  # featured image of 1
    _attachment(21, "gallery.jpg"),  # in 1's gallery
    _attachment(22, "shared.jpg", parent=2),  # in 1's gallery and 2's content
    _attachment(23, "doc.pdf"),  # linked from 1's content
    _attachment(24, "cover-fr.jpg", parent=2),  # featured image of 2
    _attachment(25, "logo.png"),  # used by nothing: the site's language
    _attachment(26, "english.jpg", parent=2, more=language("en")),  # its own language
    menu_entry(30, "menu-fr", 1, "post_type", obj="page", obj_id=4),
    menu_entry(31, "menu-fr", 2, "custom", url="https://social.example/@me", title="Social"),
    menu_entry(32, "menu-en", 1, "post_type", obj="page", obj_id=3),
    menu_entry(33, "menu-en", 2, "post_type", obj="post", obj_id=1),
    menu_entry(34, "menu-en", 3, "post_type", obj="page", obj_id=4, title="Français"),
    menu_entry(35, "menu-en", 4, "custom", url="https://social.example/@me", title="Social"),
]


FILES = {
    "cover-en.jpg": jpeg_bytes(b"cover-en"),
    "gallery.jpg": jpeg_bytes(b"gallery"),
    "shared.jpg": jpeg_bytes(b"shared"),
    "doc.pdf": b"%PDF-1.4\n%%EOF\n",
    "cover-fr.jpg": jpeg_bytes(b"cover-fr"),
    "logo.png": png_bytes(),
    "english.jpg": jpeg_bytes(b"english"),
}
LANGS = {"en": ("en",), "fr": ("fr",), "both": ("en", "fr")}
EN_ITEMS = {1, 3, 20, 21, 22, 23, 26, 32, 33, 35}
"""The English posts and page, the attachments they use (22 is in both languages' posts)
or in English of its own (26, attached to a French post), the English menu but its
entry to a French page (34)."""
FR_ITEMS = {2, 4, 22, 24, 25, 30, 31}
"""The French ones, the attachment no item uses (25: the site's language), the French
menu with its custom link."""
WRITTEN = {"en": EN_ITEMS, "fr": FR_ITEMS, "both": EN_ITEMS | FR_ITEMS | {34}}
"""Both languages: everything (34 links the English menu to a French page)."""
MENUS = {"en": ["About", "Hello", "Social"], "fr": ["A propos", "Social"]}


def export(tmp_path: Path) -> Path:
    path = tmp_path / "bilingual.xml"
    path.write_bytes(wxr(*ITEMS, channel=CHANNEL))
    return path


def uploads(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads" / "2024" / "06"
    folder.mkdir(parents=True)
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
    return tmp_path / "uploads"


def filters(lang: str) -> Filters:
    return Filters(langs=frozenset(LANGS[lang]))


def balanced(report: RunReport) -> None:
    items = sum(report.items_written.values()) + sum(report.items_excluded.values())
    assert report.items_read == items == len(ITEMS)
    assert report.comments_read == report.comments_written == 0


def meta_of(found: Any, key: str) -> str | None:
    return next((m.value for m in found.meta if m.key == key), None)


@pytest.mark.parametrize("lang", LANGS)
def test_wxr_of_each_language_holds_its_media_and_its_menu(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(export(tmp_path)), "wxr", str(out), Options(), filters=filters(lang))
    with read(str(out)) as written:
        items = {i.id: i for i in written}
        menus = {t.slug for t in written.terms if t.taxonomy == "nav_menu"}
    assert set(items) == WRITTEN[lang]
    assert report.items_excluded["filtered out (--lang)"] == len(ITEMS) - len(WRITTEN[lang])
    # Each post keeps its featured image; none is dropped for its language.
    assert report.counts["featured images not written: _thumbnail_id left out"] == 0
    if 1 in items:
        assert meta_of(items[1], "_thumbnail_id") == "20"
    if 2 in items:
        assert meta_of(items[2], "_thumbnail_id") == "24"
    # An attachment stays attached to a post written; one whose post is not, to none.
    assert items[22].parent == (0 if lang == "en" else 2)
    if lang != "fr":
        assert items[20].parent == 1 and items[26].parent == (2 if lang == "both" else 0)
    # The menus of the languages kept: no empty menu of another language to import.
    assert menus == {"en": {"menu-en"}, "fr": {"menu-fr"}, "both": {"menu-en", "menu-fr"}}[lang]
    balanced(report)
    findings = validate([str(out)]).findings
    assert [f"{d.code} {d.message}" for d in findings if d.code not in ("WXR303", "WXR402")] == []


def test_an_attachment_without_users_or_a_language_goes_with_the_site(tmp_path: Path) -> None:
    # A French site's unused media stay with its French half; nothing is in neither.
    source = export(tmp_path)
    seen: list[int] = []
    for lang in ("en", "fr"):
        out = tmp_path / f"{lang}.xml"
        convert(str(source), "wxr", str(out), Options(), filters=filters(lang))
        with read(str(out)) as written:
            seen.extend(i.id for i in written if i.id is not None)
    assert set(seen) == WRITTEN["both"] - {34}  # neither half has the other's pages
    assert sorted(seen).count(22) == 2  # used by an English and a French post: in both


def ghost(source: Path, out: Path, lang: str, **options: Any) -> RunReport:
    return convert(
        str(source), "ghost", str(out), Options(), WriteOptions(**options), filters(lang)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_ghost_navigation_and_zip_of_each_language(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "site.zip"
    report = ghost(export(tmp_path), out, lang, media_from=str(uploads(tmp_path)))
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        data = json.loads(archive.read("site.json"))["db"][0]["data"]
    settings = {row["key"]: row["value"] for row in data["settings"]}
    labels = [entry["label"] for entry in json.loads(settings["navigation"])]
    posts = {post["title"]: post for post in data["posts"]}
    if lang == "both":  # both menus: the English one is the main (the channel's order)
        assert sorted(posts) == ["A propos", "About", "Bonjour", "Hello"]
    else:
        assert labels == MENUS[lang]
        assert sorted(posts) == {"en": ["About", "Hello"], "fr": ["A propos", "Bonjour"]}[lang]
    if "Hello" in posts:
        assert posts["Hello"]["feature_image"] == "/content/images/2024/06/cover-en.jpg"
    # The files the written posts use and the language's attachments (an English media
    # translation; the French site's unused logo), in the zip at their URL's path: the
    # Hugo site's files.
    used = {
        "en": {"images/2024/06/cover-en.jpg", "images/2024/06/gallery.jpg",
               "images/2024/06/shared.jpg", "files/2024/06/doc.pdf",
               "images/2024/06/english.jpg"},
        "fr": {"images/2024/06/cover-fr.jpg", "images/2024/06/shared.jpg",
               "images/2024/06/logo.png"},
    }  # fmt: skip
    want = used["en"] | used["fr"] if lang == "both" else used[lang]
    assert names == {"site.json", *(f"content/{name}" for name in want)}
    left_out = report.counts["media files of another language left out (--lang)"]
    assert left_out == len(FILES) - len(want)
    balanced(report)


def hugo(source: Path, out: Path, lang: str, **options: Any) -> RunReport:
    listing = io.StringIO()
    stdout, sys.stdout = sys.stdout, listing  # the files written are listed there
    try:
        return convert(
            str(source),
            "markdown",
            str(out),
            Options(progress=False),
            WriteOptions(flavor="hugo", **options),
            filters(lang),
        )
    finally:
        sys.stdout = stdout


def menu_names(out: Path) -> dict[str, list[str]]:
    menus = out / "config" / "_default"
    found: dict[str, list[str]] = {}
    for path in sorted(menus.glob("menus*.toml")):
        for name, entries in tomllib.loads(path.read_text()).items():
            found[f"{path.stem}.{name}"] = [e["name"] for e in entries]
    return found


def media_files(out: Path) -> set[str]:
    return {p.name for p in out.rglob("*") if p.suffix in (".jpg", ".png", ".pdf")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hugo_site_of_each_language_has_its_menu_and_media(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = hugo(export(tmp_path), out, lang, media_from=str(uploads(tmp_path)))
    assert menu_names(out) == {"menus.main": MENUS[lang]}
    # The files its posts use and its attachments (an English media translation; the
    # French site's unused logo); not the other language's.
    want = {
        "en": {"cover-en.jpg", "gallery.jpg", "shared.jpg", "doc.pdf", "english.jpg"},
        "fr": {"cover-fr.jpg", "shared.jpg", "logo.png"},
    }[lang]
    assert media_files(out) == want
    left_out = report.counts["media files of another language left out (--lang)"]
    assert left_out == len(FILES) - len(want)
    assert report.items_written["nav_menu_item"] == len(MENUS[lang])
    balanced(report)


def test_hugo_site_of_both_languages_is_the_unfiltered_one(tmp_path: Path) -> None:
    source, up = export(tmp_path), uploads(tmp_path)
    both = hugo(source, tmp_path / "both", "both", media_from=str(up))
    plain = convert(
        str(source), "markdown", str(tmp_path / "all"), Options(progress=False),
        WriteOptions(flavor="hugo", media_from=str(up)),
    )  # fmt: skip
    assert tree(tmp_path / "both") == tree(tmp_path / "all")
    assert both.items_written == plain.items_written
    assert media_files(tmp_path / "both") == set(FILES)
    balanced(both)


def test_hugo_site_in_parts_is_the_one_process_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The filter runs in every worker: the tables reach them with the shared database.
    source = export(tmp_path)
    monkeypatch.setenv("WXR_WORKERS", "0")
    alone = hugo(source, tmp_path / "alone", "en")
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(workers, "PART_SIZE", 2048)
    parts = hugo(source, tmp_path / "parts", "en")
    assert tree(tmp_path / "parts") == tree(tmp_path / "alone")
    assert parts.to_json() == alone.to_json()
    assert menu_names(tmp_path / "parts") == {"menus.main": MENUS["en"]}
    balanced(parts)


def test_followers_learned_in_parts_are_the_one_process_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pass reads a large file in parts on every core; its tables, added in file order,
    # are those of a read item after item: the same output, the same report.
    source = export(tmp_path)
    monkeypatch.setenv("WXR_WORKERS", "0")
    alone = convert(str(source), "wxr", str(tmp_path / "alone.xml"), Options(), None, filters("en"))
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(parallel, "SMALLEST_PART", 1024)
    parts: list[int] = []
    map_parts = followers.map_parts

    def counted(*args: Any, **kwargs: Any) -> Any:
        for rows in map_parts(*args, **kwargs):
            parts.append(len(rows[0]) + len(rows[1]) + len(rows[2]))
            yield rows

    monkeypatch.setattr(followers, "map_parts", counted)
    cut = convert(str(source), "wxr", str(tmp_path / "parts.xml"), Options(), None, filters("en"))
    assert len(parts) >= 3 and sum(parts) > 0  # several parts, learned in the workers
    assert (tmp_path / "parts.xml").read_bytes() == (tmp_path / "alone.xml").read_bytes()
    assert cut.to_json() == alone.to_json()
    with read(str(tmp_path / "parts.xml")) as written:
        assert {i.id for i in written} == EN_ITEMS
