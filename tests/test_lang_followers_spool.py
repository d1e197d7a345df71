"""``--lang``'s followers pass (``wxr_tools.followers``) learns the same rows from the
items the index pass kept (``reader.itemspool``, read fully) as from the file parsed
lightly, as it read it before: every fixture, every corpus file, generated exports.

A full item holds more than a light one (its comments, all its meta), and the media
references of a comment or of other meta (a WooCommerce product gallery, an enclosure)
are found in it: ``followers.as_read_lightly`` takes them out, so that the rows are the
light read's. A test below shows that without it they differ.
"""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from markdown_helpers import tree
from menu_helpers import menu_entry
from test_convert_several_files import write_split
from wxr_builder import item, language, meta, wxr

from wxr_tools import followers, reader
from wxr_tools import index as index_module
from wxr_tools.diagnostics import InputError
from wxr_tools.media.references import MediaResolver
from wxr_tools.pipeline import Options, convert, open_items
from wxr_tools.reader import parallel, read
from wxr_tools.reader.itemspool import ItemSpool
from wxr_tools.report import RunReport
from wxr_tools.targetconfig import for_target
from wxr_tools.writers import Filters, WriteOptions

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
        opened = open_items(
            str(path), options, RunReport(), filters=Filters(langs=frozenset({"fr"}))
        )
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
    with contextlib.suppress(InputError):  # not even --recover reads it: no run learns
        assert_same_rows(corpus_path(name), monkeypatch)


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


# -- the pass reads the spool ----------------------------------------------------------


def no_parsing(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the followers pass parsed an item: the spool holds them all")


OUTPUT = {"markdown": "site", "wxr": "site.xml", "ghost": "site.zip"}


def convert_lang(
    sources: list[Path],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    spooled: bool,
    lang: str = "fr",
    recover: bool = False,
    to: str = "markdown",
) -> tuple[RunReport, bool]:
    """A ``--lang`` conversion of ``sources`` into the folder ``out``, whose followers pass
    reads the items the index pass kept (``spooled``), or parses the files lightly, as it
    did before; and whether the pass had the spool of every file for its reads. Then it
    cannot parse an item (``no_parsing``), in this process or in its workers."""
    build = followers.build
    served: list[bool] = []

    def pass_(*args: Any) -> followers.Followers:
        sources, ctx, sitemap, recover, spool = args
        if not spooled:
            return build(sources, ctx, sitemap, recover, None)
        with monkeypatch.context() as patch:
            if spool is not None and all(_serves(spool, s, recover) for s in sources):
                served.append(True)
                patch.setattr(reader, "read_item", no_parsing)
            return build(sources, ctx, sitemap, recover, spool)

    names = [str(s) for s in sources]
    out.mkdir(parents=True)
    with monkeypatch.context() as patch:
        patch.setattr(followers, "build", pass_)
        report = convert(
            names[0] if len(names) == 1 else names,
            to,
            str(out / OUTPUT[to]),
            Options(progress=False, recover=recover),
            WriteOptions(flavor="hugo") if to == "markdown" else WriteOptions(),
            Filters(langs=frozenset({lang})),
        )
    return report, served == [True]


def _serves(spool: ItemSpool, source: str, recover: bool) -> bool:
    with read(source, recover=recover) as export:
        whole = not parallel.will_cut(export)
    return spool.serves(spool.sources.index(source), whole=whole)


def assert_same_with_the_spool(
    sources: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    served: bool = True,
    excluded: bool | None = True,
    **options: Any,
) -> dict[str, bytes]:
    """The same output and report whether the pass reads the spool or parses."""
    parsed, _ = convert_lang(sources, tmp_path / "parsed", monkeypatch, spooled=False, **options)
    spool, used = convert_lang(sources, tmp_path / "spool", monkeypatch, spooled=True, **options)
    assert used == served
    got = tree(tmp_path / "spool")
    assert got == tree(tmp_path / "parsed")
    assert spool.to_json() == parsed.to_json()
    if excluded is not None:  # --lang left the other language out (None: monolingual too)
        assert bool(spool.items_excluded) == excluded
    return got


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("recover", [False, True])
def test_the_sample_with_the_spool(
    lang: str, recover: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "0")
    assert_same_with_the_spool([SAMPLE], tmp_path, monkeypatch, lang=lang, recover=recover)


def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files read in parts on two cores, by the index pass, the followers pass (its
    parts take their items from the spool in the workers) and the main pass."""
    monkeypatch.setenv("WXR_WORKERS", "2")
    monkeypatch.setattr(parallel, "MINIMUM", 0)
    monkeypatch.setattr(parallel, "SMALLEST_PART", 20_000)
    monkeypatch.setattr(parallel, "PART_SIZE", 20_000)
    monkeypatch.setattr(index_module, "INDEX_MINIMUM", 0)


@pytest.mark.parametrize(
    ("to", "cut"),
    [
        ("markdown", False),
        ("markdown", True),
        ("wxr", False),
        ("wxr", True),
        ("ghost", False),
        ("ghost", True),
    ],
)
def test_a_generated_export_with_the_spool(
    to: str, cut: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "0")
    if cut:
        in_parts(monkeypatch)
    source = generated(tmp_path, 150, 7)
    assert_same_with_the_spool([source], tmp_path, monkeypatch, to=to)


@pytest.mark.parametrize("cut", [False, True])
def test_several_files_with_the_spool(
    cut: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WXR_WORKERS", "0")
    if cut:
        in_parts(monkeypatch)
    whole = generated(tmp_path, 120, 9)
    _, files = write_split(whole, tmp_path, 3)
    assert_same_with_the_spool(files, tmp_path, monkeypatch, lang="en")


def test_without_the_spool_the_pass_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``WXR_NO_SPOOL=1``: no spool, the pass parses lightly, the same output."""
    monkeypatch.setenv("WXR_WORKERS", "0")
    source = generated(tmp_path, 60, 2)
    monkeypatch.setenv("WXR_NO_SPOOL", "1")
    report, used = convert_lang([source], tmp_path / "none", monkeypatch, spooled=True)
    assert not used
    monkeypatch.delenv("WXR_NO_SPOOL")
    spool, used = convert_lang([source], tmp_path / "spool", monkeypatch, spooled=True)
    assert used
    assert tree(tmp_path / "none") == tree(tmp_path / "spool")
    assert report.to_json() == spool.to_json()


def test_channel_elements_after_the_last_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What follows the last item is a whole read's: read whole, from the spool; in parts,
    the pass parses lightly, as before (``ItemSpool.serves``)."""
    text = generated(tmp_path, 150, 4).read_text(encoding="utf-8")
    late = text.replace(
        "</channel>",
        "\t<wp:term><wp:term_id>9999</wp:term_id>"
        "<wp:term_taxonomy>post_tag</wp:term_taxonomy><wp:term_slug>late</wp:term_slug>"
        "<wp:term_name>Late</wp:term_name></wp:term>\n</channel>",
    )
    path = tmp_path / "late.xml"
    path.write_text(late, encoding="utf-8")
    monkeypatch.setenv("WXR_WORKERS", "0")
    assert_same_with_the_spool([path], tmp_path / "whole", monkeypatch)
    in_parts(monkeypatch)
    assert_same_with_the_spool([path], tmp_path / "parts", monkeypatch, served=False)


BLOGS = [name for name in corpus_files() if name.startswith("blogs/")]


@pytest.mark.parametrize("name", file_params(BLOGS))
def test_corpus_blogs_with_the_spool(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = corpus_path(name)
    monkeypatch.setenv("WXR_WORKERS", "0")
    with contextlib.suppress(InputError):  # read with --recover only: below
        assert_same_with_the_spool([path], tmp_path / "strict", monkeypatch, excluded=None)
    assert_same_with_the_spool(
        [path], tmp_path / "recovered", monkeypatch, excluded=None, recover=True
    )
