"""``--to wxr``: the round trip over the corpus, CDATA, CR, extras, filters, transforms."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from lxml import etree
from wxr_builder import item, wxr

from wxr_tools import InputError, Item, read
from wxr_tools.config import load_config
from wxr_tools.jsonmodel import author_to_json, item_to_json, site_to_json, term_to_json
from wxr_tools.model import Comment, Meta, Site
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteJob
from wxr_tools.writers.wxr import WP_NS, write

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
# The default pipeline without `links`, which is being written concurrently: these
# tests are about what the writer does with transformed items, whichever they are.
PIPELINE = '["status", "comments", "privacy", "text", "languages", "autop", "shortcodes", "more"]'


@pytest.fixture
def config(tmp_path: Path) -> Options:
    path = tmp_path / "wxr.toml"
    path.write_text(f"[transforms]\npipeline = {PIPELINE}\n", encoding="utf-8")
    return Options(config=load_config(path))


# -- comparing models ---------------------------------------------------------------


def _element(xml: str) -> Any:
    """An element as (tag, attributes, text, children): namespace declarations left out."""

    def walk(el: Any) -> Any:
        return (el.tag, sorted(el.attrib.items()), el.text, el.tail, [walk(c) for c in el])

    # recover: some corpus files bind prefixes to IRIs that libxml2 calls invalid URIs.
    return walk(etree.fromstring(xml, etree.XMLParser(recover=True)))


def _comparable(value: Any) -> Any:
    """The JSON form without source lines, extras compared as elements."""
    if isinstance(value, dict):
        out = {k: _comparable(v) for k, v in value.items() if k != "line"}
        if "xml" in out and "attrs" in out and out["xml"]:
            out["xml"] = _element(out["xml"])
        return out
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def model_of(path: Path | str) -> dict[str, Any]:
    with read(str(path)) as export:
        items = [_comparable(item_to_json(i)) for i in export]
        site = _comparable(site_to_json(export.site))
        authors = [author_to_json(a) for a in export.authors]
        terms = [_comparable(term_to_json(t)) for t in export.terms]
    return {"site": site, "authors": authors, "terms": terms, "items": items}


def round_trip(source: Path, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    out = tmp_path / "out.xml"
    convert(str(source), "wxr", str(out), Options(raw=True))
    return model_of(source), model_of(out)


# -- the corpus ---------------------------------------------------------------------


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_round_trip_gives_the_same_raw_model(name: str, tmp_path: Path) -> None:
    path = corpus_path(name)
    try:
        before = model_of(path)
    except InputError as e:
        pytest.skip(f"not strict-readable, no round trip: {e}")
    out = tmp_path / "out.xml"
    report = convert(str(path), "wxr", str(out), Options(raw=True))
    after = model_of(out)
    # The one normalisation: the output is WXR 1.2.
    assert after["site"].pop("namespace") == WP_NS
    assert after["site"].pop("wxr_version") == "1.2"
    del before["site"]["namespace"], before["site"]["wxr_version"]
    assert after["site"] == before["site"]
    assert after["authors"] == before["authors"]
    assert after["terms"] == before["terms"]
    assert len(after["items"]) == len(before["items"])
    for a, b in zip(after["items"], before["items"], strict=True):
        assert a == b, f"item {b['id']} differs"
    assert report.items_read == sum(report.items_written.values()) == len(before["items"])


# -- markup -------------------------------------------------------------------------


def test_output_is_wxr_1_2_in_the_exporters_order(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    convert(str(SAMPLE), "wxr", str(out), Options(raw=True))
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8" ?>\n<!-- ')
    assert '<!-- generator="wxr_tools/' in text
    assert f'xmlns:wp="{WP_NS}"' in text
    order = ["<wp:wxr_version>1.2<", "<wp:author>", "<wp:category>", "<wp:tag>"]
    order += ["<wp:term>", "<generator>", "<item>"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    first = text[text.index("<item>") : text.index("</item>")]
    fields = ["<title>", "<link>", "<pubDate>", "<dc:creator>", '<guid isPermaLink="false">']
    fields += ["<description></description>", "<content:encoded>", "<excerpt:encoded>"]
    fields += ["<wp:post_id>2<", "<wp:post_date><![CDATA[2009-01-10 14:05:00]]>"]
    fields += ["<wp:post_modified>", "<wp:status><![CDATA[publish]]>", "<wp:post_parent>0<"]
    fields += ["<wp:is_sticky>0<", "<wp:postmeta>"]
    positions = [first.index(marker) for marker in fields]
    assert positions == sorted(positions)
    # Strict XML for any parser, not only ours.
    assert etree.parse(str(out)).getroot().tag == "rss"


def _job(items: list[Item], out: Path, **kwargs: Any) -> WriteJob:
    return WriteJob(
        site=Site(title="T"), authors=[], terms=[], items=iter(items), output=str(out), **kwargs
    )


def _read_items(path: Path) -> list[Item]:
    with read(str(path)) as export:
        return list(export)


def test_cdata_is_split_around_its_end_marker(tmp_path: Path) -> None:
    tricky = "Nested <![CDATA[ tags ]]> :)"
    post = Item(id=1, type="post", content=tricky, meta=(Meta(key="k", value="]]>"),))
    out = tmp_path / "out.xml"
    write(_job([post], out, raw=True))
    text = out.read_text(encoding="utf-8")
    assert "<![CDATA[Nested <![CDATA[ tags ]]]]><![CDATA[> :)]]>" in text
    assert "<wp:meta_value><![CDATA[]]]]><![CDATA[>]]></wp:meta_value>" in text
    [back] = _read_items(out)
    assert back.content == tricky
    assert back.meta == (Meta(key="k", value="]]>"),)


def test_carriage_returns_survive_any_parser(tmp_path: Path) -> None:
    serialized = 'a:1:{i:0;s:4:"a\r\nb";}'  # the byte count includes the CR
    post = Item(
        id=1,
        title="Ti\r\ntle",
        content="one\r\ntwo\r\n",
        link="https://example.org/?p=1\r",
        meta=(Meta(key="data", value=serialized),),
        comments=(Comment(id=5, parent=0, content="line\r\nline", author_url="u\r"),),
    )
    out = tmp_path / "out.xml"
    write(_job([post], out, raw=True))
    data = out.read_bytes()
    assert b"\r" not in data  # written as references, which no parser normalises
    assert b"<![CDATA[one]]>&#13;<![CDATA[\ntwo]]>&#13;<![CDATA[\n]]>" in data
    [back] = _read_items(out)
    assert (back.title, back.content, back.meta[0].value) == (post.title, post.content, serialized)
    assert back.link == "https://example.org/?p=1"  # a KEY field: the reader strips it
    assert back.comments[0].content == "line\r\nline"
    # Plain lxml, without our reader's CR protection, reads the same text.
    root = etree.parse(str(out)).getroot()
    content = root.find(".//{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content is not None and content.text == post.content


def test_characters_xml_cannot_hold_are_dropped_and_reported(tmp_path: Path) -> None:
    post = Item(id=7, type="post", title="a\x08b", content="x\x00y\x1fz\ufffe")
    out = tmp_path / "out.xml"
    report = RunReport()
    write(_job([post], out, raw=True, report=report))
    [back] = _read_items(out)
    assert (back.title, back.content) == ("ab", "xyz")
    messages = {d.message for d in report.diagnostics if d.code == "WXR420"}
    assert messages == {
        "title: dropped U+0008 x1",
        "content: dropped U+0000 x1, U+001F x1, U+FFFE x1",
    }
    assert all(d.item_id == 7 for d in report.diagnostics)


def test_extras_bad_values_and_late_terms_read_back(tmp_path: Path) -> None:
    more = (
        '\t\t<geo:lat xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#">45.2</geo:lat>\n'
        "\t\t<description>Not empty</description>\n"
        "\t\t<wp:post_date>yesterday</wp:post_date>\n"
        "\t\t<wp:menu_order>first</wp:menu_order>\n"
    )
    channel = "\t<image><url>https://example.org/logo.png</url><title>T &amp; T</title></image>\n"
    late = (
        "<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>series</wp:term_taxonomy>"
        "<wp:term_slug>late</wp:term_slug></wp:term>\n"
    )
    source = tmp_path / "in.xml"
    source.write_bytes(
        wxr(item(1, more=more), channel=channel).replace(
            b"</channel>", late.encode() + b"</channel>"
        )
    )
    before, after = round_trip(source, tmp_path)
    assert after["items"] == before["items"]
    names = [e["name"] for e in before["items"][0]["extra"]]
    assert names[:2] == ["{http://www.w3.org/2003/01/geo/wgs84_pos#}lat", "description"]
    assert before["items"][0]["date"] is None and before["items"][0]["menu_order"] == 0
    assert after["site"]["extra"] == before["site"]["extra"]
    assert (
        after["terms"]
        == before["terms"]
        == [
            {
                "id": 9,
                "taxonomy": "series",
                "slug": "late",
                "name": "",
                "parent": "",
                "description": "",
                "meta": [],
            }
        ]
    )


def test_wxr_1_0_authors_stay_derived(tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_bytes(wxr(item(1), version="1.0", wp="http://wordpress.org/export/1.0/"))
    before, after = round_trip(source, tmp_path)
    assert "<wp:author>" not in (tmp_path / "out.xml").read_text(encoding="utf-8")
    assert after["authors"] == before["authors"]
    assert after["authors"][0]["derived"] is True


def test_items_are_written_as_they_arrive(tmp_path: Path) -> None:
    report = RunReport()

    def items() -> Iterator[Item]:
        for n in range(1, 4):
            # The previous item is already written when the next one is asked for.
            assert sum(report.items_written.values()) == n - 1
            yield Item(id=n, type="post")

    job = WriteJob(site=Site(), authors=[], terms=[], items=items(), output=str(tmp_path / "o.xml"))
    job.report = report
    write(job)
    assert report.items_written["post"] == 3


# -- with transforms and filters ----------------------------------------------------


def test_transformed_export_carries_repaired_raw_text(config: Options, tmp_path: Path) -> None:
    comments = (
        "\t\t<wp:comment><wp:comment_id>1</wp:comment_id>"
        "<wp:comment_author_email>a@example.org</wp:comment_author_email>"
        "<wp:comment_approved>0</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>"
        "<wp:comment_content>pending</wp:comment_content></wp:comment>\n"
        "\t\t<wp:comment><wp:comment_id>2</wp:comment_id>"
        "<wp:comment_author_email>b@example.org</wp:comment_author_email>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>1</wp:comment_parent>"
        "<wp:comment_content>reply</wp:comment_content></wp:comment>\n"
        "\t\t<wp:comment><wp:comment_id>3</wp:comment_id>"
        "<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>99</wp:comment_parent>"
        "<wp:comment_content>orphan</wp:comment_content></wp:comment>\n"
    )
    body = "First line\nsecond line\n\n[caption]x[/caption]"
    source = tmp_path / "in.xml"
    source.write_bytes(wxr(item(1, title="CafÃ© rÃ©sumÃ©", body=body, more=comments)))
    out = tmp_path / "out.xml"
    report = convert(str(source), "wxr", str(out), config)
    [back] = _read_items(out)
    assert back.title == "Café résumé"  # mojibake repaired in the raw field
    assert back.content == body  # no <p>, shortcodes as typed: WordPress does both
    # The comment policy re-attached 2; the writer makes 3 (parent not in the export)
    # top-level, else WordPress's importer would keep the number 99.
    assert [(c.id, c.parent, c.author_email) for c in back.comments] == [(2, 0, ""), (3, 0, "")]
    assert report.comments_excluded["pending excluded"] == 1
    assert report.counts["replies to comments not in the export made top-level"] == 1


def _ids(path: Path) -> list[int | None]:
    return [i.id for i in _read_items(path)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(types=frozenset({"page"})), [2, 3]),
        (Filters(statuses=frozenset({"draft"})), [845]),
        # Menu item 900 is left out: its target, page 2, is older (test_wxr_writer_filters).
        (Filters(since=datetime(2019, 1, 1)), [760, 761, 845]),
        (Filters(until=datetime(2008, 12, 31, 23, 59, 59)), [120, 215, 216, 217]),
        (Filters(types=frozenset({"post"}), langs=frozenset({"en"})), [215, 401, 760]),
    ],
    ids=["type", "status", "since", "until", "lang"],
)
def test_filters(filters: Filters, expected: list[int], config: Options, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(SAMPLE), "wxr", str(out), config, filters=filters)
    assert _ids(out) == expected
    written = sum(report.items_written.values())
    assert report.items_read == written + sum(report.items_excluded.values())
    assert report.comments_read == report.comments_written + sum(report.comments_excluded.values())


def test_default_pipeline_says_link_rewrites_are_not_carried(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    report = convert(str(SAMPLE), "wxr", str(out), Options())
    [note] = [d for d in report.diagnostics if d.code == "WXR425"]
    assert note.message.endswith("link rewrites are in the display HTML only, not in this WXR")
    page = next(i for i in _read_items(out) if i.id == 2)
    assert 'href="https://ctts.example.org/a-propos/conferences/"' in page.content
    assert "WXR425" not in {
        d.code for d in convert(str(SAMPLE), "wxr", str(out), Options(raw=True)).diagnostics
    }


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wxr_tools.cli import main

    out = tmp_path / "pages.xml"
    args = ["convert", str(SAMPLE), "--to", "wxr", "--raw", "--type", "page", "-o", str(out)]
    assert main(args) == 0
    assert _ids(out) == [2, 3]
    assert "read 14 items: 2 written, 12 filtered out (--type)" in capsys.readouterr().err
