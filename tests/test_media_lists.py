"""Galleries and playlists show the attachments WordPress's query gives: those of their
type (images; audio, or video files) whose status is ``inherit``, in WordPress's order.
A listed id not shown is noted in the HTML and counted; the media references (what
``--lang`` and ``wxr media`` go by) are the attachments shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_helpers import comment
from media_helpers import jpeg_bytes
from wxr_builder import item, language, meta, wxr

from wxr_tools import read
from wxr_tools.index import Index, build_index
from wxr_tools.media.inventory import build_inventory
from wxr_tools.media.references import MediaResolver
from wxr_tools.model import Comment, Item, Site
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.transforms import Context, shortcodes
from wxr_tools.writers import Filters, WriteOptions

UPLOADS = "https://example.org/wp-content/uploads/2024/01/"


def upload(
    ident: int, parent: int, file: str, *, menu_order: int = 0, status: str = "inherit"
) -> str:
    """An attachment of ``file`` (its title: the name without extension)."""
    text = item(
        ident,
        title=file.rsplit(".", 1)[0].capitalize(),
        post_type="attachment",
        status=status,
        more=f"\t\t<wp:attachment_url>{UPLOADS}{file}</wp:attachment_url>\n"
        + meta("_wp_attached_file", f"2024/01/{file}"),
    )
    return text.replace(
        "<wp:post_parent>0</wp:post_parent>", f"<wp:post_parent>{parent}</wp:post_parent>"
    ).replace("<wp:menu_order>0</wp:menu_order>", f"<wp:menu_order>{menu_order}</wp:menu_order>")


# Post 1: images 11, 12, a PDF 13, a private image 14. Post 3: songs 31 (menu_order 2)
# and 32 (1), a film 33, an image 34, a private song 35.
FILES = (
    upload(11, 1, "a.jpg"),
    upload(12, 1, "b.png"),
    upload(13, 1, "notes.pdf"),
    upload(14, 1, "secret.jpg", status="private"),
    upload(31, 3, "song.mp3", menu_order=2),
    upload(32, 3, "intro.ogg", menu_order=1),
    upload(33, 3, "film.mp4"),
    upload(34, 3, "cover.jpg"),
    upload(35, 3, "demo.mp3", status="private"),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    path = tmp_path_factory.mktemp("lists") / "export.xml"
    path.write_bytes(wxr(item(1), item(2), item(3), *FILES))
    with build_index(str(path)) as built:
        yield built


def converted(index: Index, text: str, post: int = 1) -> tuple[str, RunReport]:
    ctx = Context(site=Site(), index=index, report=RunReport())
    return shortcodes.convert(text, ctx, Item(id=post)), ctx.report


def parts(html: str) -> list[str]:
    """Each attachment shown (its id) and each note, in order."""
    return [m[1] or m[2] for m in re.finditer(r'data-id="(\d+)"|<!-- (.*?) -->', html)]


def test_a_gallery_lists_only_public_images_and_notes_the_others(index: Index) -> None:
    html, report = converted(index, '[gallery ids="13,12,99,14,x,11"]')
    assert parts(html) == [
        "gallery: attachment 13 is not an image",
        "12",
        "gallery: attachment 99 not found",
        "gallery: attachment 14 is not public",
        "gallery: invalid attachment id",
        "11",
    ]
    assert report.counts["listed attachments not shown (another type), as WordPress: noted"] == 1
    assert report.counts["listed attachments not shown (not public), as WordPress: noted"] == 1
    assert [d.message for d in report.diagnostics] == ["attachment 99 is not in the export"]
    # Sorted, the attachments shown come first, then the notes in the list's order.
    html, _ = converted(index, '[gallery include="13,12,11" orderby="ID" order="DESC"]')
    assert parts(html) == ["12", "11", "gallery: attachment 13 is not an image"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Audio unless type="audio" says otherwise; the post's own files by menu_order.
        ("[playlist]", ["32", "31"]),
        ('[playlist type="video"]', ["33"]),
        ('[playlist type="Audio"]', ["33"]),  # WordPress compares as given: a video list
        ('[playlist order="DESC"]', ["31", "32"]),
        ('[playlist exclude="32"]', ["31"]),
        ('[playlist orderby="title"]', ["32", "31"]),  # Intro, Song
        ('[playlist ids="31,32"]', ["31", "32"]),  # the ids' order
        (
            '[playlist ids="33,31,35,32"]',
            ["playlist: attachment 33 is not audio", "31",
             "playlist: attachment 35 is not public", "32"],
        ),
        ('[playlist type="video" ids="31,33"]', ["playlist: attachment 31 is not a video", "33"]),
    ],
)  # fmt: skip
def test_a_playlist_plays_its_files_in_wordpress_order(
    index: Index, text: str, shown: list[str]
) -> None:
    html, _ = converted(index, text, post=3)
    assert parts(html) == shown


def test_a_playlist_is_a_list_of_players_with_titles(index: Index) -> None:
    html, _ = converted(index, 'Listen: [playlist ids="32,31"] [playlist id="3" type="video"]')
    assert html == (
        'Listen: <figure class="wp-playlist wp-audio-playlist"><ol>'
        f'<li>Intro<br><audio controls preload="none" src="{UPLOADS}intro.ogg" data-id="32">'
        "</audio></li>"
        f'<li>Song<br><audio controls preload="none" src="{UPLOADS}song.mp3" data-id="31">'
        "</audio></li></ol></figure> "
        '<figure class="wp-playlist wp-video-playlist"><ol>'
        f'<li>Film<br><video controls preload="none" src="{UPLOADS}film.mp4" data-id="33">'
        "</video></li></ol></figure>"
    )


def references(index: Index, body: str, post: int = 1) -> list[int | None]:
    resolver = MediaResolver(Site(link="https://example.org"), index)
    return [r.target.attachment for r in resolver.references(Item(id=post, content=body))]


@pytest.mark.parametrize(
    ("body", "post", "ids"),
    [
        ("[gallery]", 1, [11, 12]),  # the post's public images: neither the PDF nor 14
        ('[gallery id="3"]', 1, [34]),  # another post's
        ('[gallery ids="13,12"]', 1, [12]),  # a listed PDF is not shown
        ("[playlist]", 3, [32, 31]),
        ('[playlist id="3" type="video"]', 1, [33]),
        # PHP's empty("0"): ids="0" or include="0" names no ids, the post's own are shown.
        ('[gallery ids="0"]', 1, [11, 12]),
        ('[gallery include="0" exclude="12"]', 1, [11]),
        ('[gallery ids="0" include="12,11"]', 1, [11, 12]),  # include's, by menu_order, ID
        ('[playlist ids="0"]', 3, [32, 31]),
        ('[gallery ids="12,11" orderby="0"]', 1, [12, 11]),  # empty: the list's order
    ],
)
def test_media_references_are_what_the_list_shows(
    index: Index, body: str, post: int, ids: list[int]
) -> None:
    assert references(index, body, post) == ids


# --- --lang: an English post's gallery and playlist of a French post's files -------

LANGUAGES = "".join(
    f"\t<wp:term><wp:term_id>{n}</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy>"
    f"<wp:term_slug>{slug}</wp:term_slug><wp:term_name>{slug}</wp:term_name></wp:term>\n"
    for n, slug in ((5, "fr"), (6, "en"))
)
TRIP = 'The photos:\n\n[gallery id="2"]\n\n[playlist id="2"]'


def bilingual(tmp_path: Path) -> tuple[Path, Path]:
    """Post 1 (English) shows the images and song attached to post 2 (French), which
    also has a PDF; the export and a copy of its uploads."""
    source = tmp_path / "bilingual.xml"
    source.write_bytes(
        wxr(
            item(1, title="Photos", body=TRIP, more=language("en")),
            item(2, title="Voyage", body="Le voyage.", more=language("fr")),
            upload(21, 2, "a.jpg"),
            upload(22, 2, "b.jpg"),
            upload(23, 2, "notes.pdf"),
            upload(24, 2, "song.mp3"),
            channel=LANGUAGES,
        )
    )
    folder = tmp_path / "uploads" / "2024" / "01"
    folder.mkdir(parents=True)
    for name in ("a.jpg", "b.jpg"):
        (folder / name).write_bytes(jpeg_bytes(name.encode()))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "song.mp3").write_bytes(b"ID3\x03\x00" + bytes(64))
    return source, tmp_path / "uploads"


ENGLISH = Filters(langs=frozenset(("en",)))


def test_lang_keeps_the_files_an_other_posts_gallery_shows_in_wxr(tmp_path: Path) -> None:
    source, _ = bilingual(tmp_path)
    out = tmp_path / "en.xml"
    convert(str(source), "wxr", str(out), Options(), filters=ENGLISH)
    with read(str(out)) as written:
        assert {i.id for i in written} == {1, 21, 22, 24}  # not the PDF, no image shows it


def test_lang_keeps_the_files_an_other_posts_gallery_shows_in_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, uploads = bilingual(tmp_path)
    out = tmp_path / "site"
    options = WriteOptions(flavor="hugo", media_from=str(uploads))
    convert(str(source), "markdown", str(out), Options(progress=False), options, ENGLISH)
    capsys.readouterr()  # the files written are listed on standard output
    files = {p.name: p for p in out.rglob("*") if p.suffix in (".jpg", ".pdf", ".mp3")}
    assert set(files) == {"a.jpg", "b.jpg", "song.mp3"}
    [post] = [p for p in out.rglob("*.md") if "data-id" in p.read_text()]
    text = post.read_text()
    assert re.findall(r'data-id="(\d+)"', text) == ["21", "22", "24"]
    for src in re.findall(r'src="([^"]+)"', text):  # each file where the post links it
        assert (post.parent / src).resolve() in {p.resolve() for p in files.values()}


def test_media_inventory_counts_what_a_plain_gallery_shows(tmp_path: Path) -> None:
    source, _ = bilingual(tmp_path)
    inventory = build_inventory(str(source))
    shown_by = {n: record.galleries for n, record in inventory.attachments.items()}
    assert shown_by == {21: [1], 22: [1], 23: [], 24: [1]}


# --- comments: WordPress runs no shortcode there --------------------------------------

TYPED = f'[gallery ids="11,12"] [playlist ids="31"] [audio src="{UPLOADS}song.mp3"]'


def test_a_list_typed_in_a_comment_is_no_reference(index: Index) -> None:
    said = Comment(id=5, parent=0, content=f'{TYPED} <img src="{UPLOADS}a.jpg">')
    resolver = MediaResolver(Site(link="https://example.org"), index)
    found = resolver.references(Item(id=1, comments=(said,)))
    assert [(r.found.field, r.target.attachment) for r in found] == [("comment", 11)]


def test_media_inventory_counts_no_list_typed_in_a_comment(tmp_path: Path) -> None:
    typed = '[gallery ids="21,22"] [playlist ids="24"]'
    source = tmp_path / "commented.xml"
    files = (upload(21, 2, "a.jpg"), upload(22, 2, "b.jpg"), upload(24, 2, "song.mp3"))
    source.write_bytes(wxr(item(1, more=comment(7, text=typed)), item(2), *files))
    inventory = build_inventory(str(source))
    used = {n: (a.references, a.galleries) for n, a in inventory.attachments.items()}
    assert used == {21: (0, []), 22: (0, []), 24: (0, [])}
    assert inventory.sources["gallery"] == 0
