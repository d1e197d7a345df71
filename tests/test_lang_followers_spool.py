"""``--lang``'s followers pass (``wxr_tools.followers``) learns the same rows from the
items the index pass kept (``reader.itemspool``, read fully) as from the file parsed
lightly, as it read it before: every fixture, every corpus file, generated exports.

A full item holds more than a light one (its comments, all its meta), and the media
references of a comment or of other meta (a WooCommerce product gallery, an enclosure)
are found in it: ``followers.as_read_lightly`` takes them out, so that the rows are the
light read's. A test below shows that without it they differ.
"""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from menu_helpers import menu_entry
from wxr_builder import item, language, meta, wxr

from wxr_tools import followers
from wxr_tools.diagnostics import InputError
from wxr_tools.media.references import MediaResolver
from wxr_tools.pipeline import Options, open_items
from wxr_tools.reader import read
from wxr_tools.report import RunReport
from wxr_tools.targetconfig import for_target
from wxr_tools.writers import Filters

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
sys.path.insert(0, str(ROOT / "scripts"))

import make_export  # noqa: E402

Learned = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def rows_of(path: Path, monkeypatch: pytest.MonkeyPatch, recover: bool = False) -> dict[str, Any]:
    """The rows ``followers.learned`` gives of ``path``'s items read lightly, read fully,
    and read fully without ``as_read_lightly``, with the context a ``--lang fr``
    conversion to Hugo gives the pass (its index, languages and links tables)."""
    given: dict[str, Any] = {}
    build = followers.build

    def spy(*args: Any, **kwargs: Any) -> followers.Followers:
        given["args"] = args
        return build(*args, **kwargs)

    options = Options(recover=recover)
    options = replace(options, config=for_target(options.config, "markdown", "hugo", "keep"))
    monkeypatch.setenv("WXR_WORKERS", "0")
    with monkeypatch.context() as patch:
        patch.setattr(followers, "build", spy)
        opened = open_items(str(path), options, RunReport(), filters=Filters(langs=frozenset({"fr"})))
    opened.export.close()
    try:
        sources, ctx, sitemap = given["args"][:3]
        found = {
            "light": learn(sources[0], ctx, sitemap, recover, light=True),
            "full": learn(sources[0], ctx, sitemap, recover, light=False),
        }
        with monkeypatch.context() as patch:
            patch.setattr(followers, "as_read_lightly", lambda item: item)
            found["full, all of it"] = learn(sources[0], ctx, sitemap, recover, light=False)
        return found
    finally:
        opened.close()


def learn(source: str, ctx: Any, sitemap: Any, recover: bool, light: bool) -> Learned:
    # As the pass learns them: a context of its own for the languages transform.
    quiet = replace(ctx, report=RunReport(), state={})
    resolver = MediaResolver(ctx.site, ctx.index, ctx.config, sitemap=sitemap)
    rows: Learned = ([], [], [])
    try:
        with read(source, recover=recover, light=light) as export:
            for found in followers.learned(export, resolver, quiet):
                for table, new in zip(rows, found, strict=True):
                    table.extend(new)
    finally:
        resolver.close()
    return rows


def assert_same_rows(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    try:
        found = rows_of(path, monkeypatch)
    except InputError:
        found = rows_of(path, monkeypatch, recover=True)  # as a run with --recover
    assert found["full"] == found["light"]
    return found


def generated(tmp_path: Path, posts: int, seed: int) -> Path:
    buf = io.StringIO()
    make_export.write_export(buf, posts, seed)
    path = tmp_path / f"generated-{posts}-{seed}.xml"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_files_give_the_same_rows_read_fully(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        assert_same_rows(corpus_path(name), monkeypatch)
    except InputError:
        pass  # not even --recover reads it: no run learns anything from it


def test_the_sample_gives_the_same_rows_read_fully(monkeypatch: pytest.MonkeyPatch) -> None:
    found = assert_same_rows(SAMPLE, monkeypatch)
    assert all(found["light"])  # languages, uses and followers: something in each


@pytest.mark.parametrize(("posts", "seed"), [(60, 5), (200, 11), (400, 3)])
def test_generated_exports_give_the_same_rows_read_fully(
    posts: int, seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = assert_same_rows(generated(tmp_path, posts, seed), monkeypatch)
    assert all(found["light"])


UPLOADS = "https://example.org/wp-content/uploads/2024/06/"


def attachment(post_id: int, name: str) -> str:
    more = f"\t\t<wp:attachment_url>{UPLOADS}{name}</wp:attachment_url>\n" + meta(
        "_wp_attached_file", f"2024/06/{name}"
    )
    return item(post_id, title=name, body="", post_type="attachment", status="inherit", more=more)


def comment(number: int, text: str) -> str:
    return (
        f"\t\t<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        "<wp:comment_author><![CDATA[Ann]]></wp:comment_author>"
        "<wp:comment_date><![CDATA[2024-06-06 10:00:00]]></wp:comment_date>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved></wp:comment>\n"
    )


def test_what_only_a_full_item_holds_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment linking an image, a product gallery and an enclosure: found in a full
    item, none in a light one, so none makes an attachment follow the item."""
    more = (
        language("en")
        + meta("_product_image_gallery", "11,12")
        + meta("enclosure", f"{UPLOADS}talk.mp3\n1234\naudio/mpeg")
        + comment(1, f'<a href="{UPLOADS}seen.jpg">look</a>')
    )
    items = [
        item(1, title="Hello", body="Text", post_type="product", more=more),
        item(2, title="Bonjour", post_type="page", more=language("fr")),
        attachment(10, "seen.jpg"),
        attachment(11, "one.jpg"),
        attachment(12, "two.jpg"),
        attachment(13, "talk.mp3"),
        menu_entry(30, "main", 1, "post_type", obj="page", obj_id=2),
    ]
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(*items))
    found = assert_same_rows(path, monkeypatch)
    uses = {target for target, _ in found["full, all of it"][1]}
    assert {10, 11, 12, 13} <= {int(t) for t in uses}
    assert found["full, all of it"][1] != found["light"][1]
    assert found["full"][2] == found["light"][2] != []  # the attachments and the entry


def test_as_read_lightly_keeps_a_light_item(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(item(1, more=meta("_thumbnail_id", "5") + meta("_edit_last", "1"))))
    with read(str(path), light=True) as export:
        (light,) = list(export)
    assert followers.as_read_lightly(light) is light
    with read(str(path)) as export:
        (full,) = list(export)
    lightened = followers.as_read_lightly(full)
    assert [m.key for m in full.meta] == ["_thumbnail_id", "_edit_last"]
    assert lightened.meta == light.meta and lightened.comments == ()
