"""The reader on small exports written for each rule (no corpus needed)."""

from __future__ import annotations

import gzip
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from expect_helpers import Trickle
from wxr_builder import WP12, item, wxr

from wxr_tools import InputError, Item, read
from wxr_tools.reader import Export
from wxr_tools.reader.stream import ATOM


def items_of(data: bytes, recover: bool = False) -> tuple[Export, list[Item]]:
    export = read(io.BytesIO(data), recover=recover)
    return export, list(export)


def test_reads_site_header_and_items() -> None:
    export, items = items_of(wxr(item(1), item(2, post_type="page", status="draft")))
    assert export.site.title == "Test site"
    assert export.site.wxr_version == "1.2"
    assert export.site.namespace == WP12
    assert export.site.base_blog_url == "https://example.org"  # falls back to base_site_url
    assert [(i.id, i.type, i.status) for i in items] == [
        (1, "post", "publish"),
        (2, "page", "draft"),
    ]
    first = items[0]
    assert first.date == datetime(2024, 6, 5, 18, 4, 48)
    assert first.date_gmt == datetime(2024, 6, 5, 16, 4, 48)
    assert first.slug == "hello-1"
    assert first.author == "admin"
    assert first.sticky is False
    assert first.line is not None and first.line > 10


def test_header_is_read_before_any_item() -> None:
    export = read(io.BytesIO(wxr(item(1))))
    assert export.items_read == 0
    assert export.site.language == "fr-FR"
    assert len(list(export)) == 1


def test_items_can_be_iterated_only_once() -> None:
    export = read(io.BytesIO(wxr(item(1))))
    list(export)
    with pytest.raises(RuntimeError):
        list(export)


@pytest.mark.parametrize(
    "uri",
    [
        "http://wordpress.org/export/1.0/",
        "http://wordpress.org/export/1.1/",
        "https://wordpress.org/export/1.2/",
    ],
)
def test_every_wxr_namespace_uri(uri: str) -> None:
    _, items = items_of(wxr(item(7), wp=uri))
    assert items[0].id == 7


def test_namespaces_are_matched_by_uri_not_prefix() -> None:
    more = (
        '\t\t<x:post_parent xmlns:x="http://wordpress.org/export/1.2/">5</x:post_parent>\n'
        '\t\t<wp:menu_order xmlns:wp="http://example.com/evil/">9</wp:menu_order>\n'
    )
    _, items = items_of(wxr(item(1, more=more)))
    assert items[0].parent == 5  # a non-standard prefix bound to the WXR URI works
    assert items[0].menu_order == 0  # wp: bound to another URI is not WXR
    assert any(e.name == "{http://example.com/evil/}menu_order" for e in items[0].extra)


def test_wxr_1_0_categories_tags_and_derived_authors() -> None:
    more = (
        "\t\t<category><![CDATA[News]]></category>\n"
        '\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>\n'
        '\t\t<category domain="tag" nicename="roar"><![CDATA[roar]]></category>\n'
        "\t\t<category><![CDATA[Orphan]]></category>\n"
    )
    export, items = items_of(wxr(item(1, more=more), version="1.0"))
    terms = [(t.taxonomy, t.slug, t.name) for t in items[0].terms]
    assert terms == [("category", "news", "News"), ("post_tag", "roar", "roar")]
    # a bare category that duplicates nothing is kept, not lost
    assert [e.text for e in items[0].extra if e.name == "category"] == ["Orphan"]
    assert [(a.login, a.derived) for a in export.authors] == [("admin", True)]


def test_authors_are_trimmed_and_wp_author_variant_is_read() -> None:
    channel = (
        "\t<wp:author><wp:author_id>2</wp:author_id>"
        "<wp:author_login><![CDATA[alice\n]]></wp:author_login>"
        "<wp:author_email> a@example.org </wp:author_email></wp:author>\n"
        "\t<wp:wp_author><wp:author_login>bob</wp:author_login></wp:wp_author>\n"
    )
    export, _ = items_of(wxr(item(1), channel=channel))
    assert [(a.id, a.login, a.email) for a in export.authors] == [
        (2, "alice", "a@example.org"),
        (None, "bob", ""),
    ]


def test_channel_terms_with_parents_and_meta() -> None:
    channel = (
        "\t<wp:category><wp:term_id>3</wp:term_id>"
        "<wp:category_nicename><![CDATA[child]]></wp:category_nicename>"
        "<wp:category_parent><![CDATA[parent]]></wp:category_parent>"
        "<wp:cat_name><![CDATA[Child]]></wp:cat_name>"
        "<wp:termmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:termmeta>"
        "</wp:category>\n"
        "\t<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>t</wp:tag_slug></wp:tag>\n"
        "\t<wp:term><wp:term_id>5</wp:term_id><wp:term_taxonomy>language</wp:term_taxonomy>"
        "<wp:term_slug>fr</wp:term_slug><wp:term_name>Français</wp:term_name></wp:term>\n"
    )
    export, _ = items_of(wxr(item(1), channel=channel))
    summary = [(t.id, t.taxonomy, t.slug, t.name, t.parent) for t in export.terms]
    assert summary == [
        (3, "category", "child", "Child", "parent"),
        (4, "post_tag", "t", "", ""),
        (5, "language", "fr", "Français", ""),
    ]
    assert [(m.key, m.value) for m in export.terms[0].meta] == [("k", "v")]


def test_text_is_kept_exactly_as_exported() -> None:
    body = "C:\\xampp\\htdocs &amp; <b>bold</b>\n\n\nend]]]]><![CDATA[> :)"
    _, items = items_of(wxr(item(1, body=body)))
    assert items[0].content == "C:\\xampp\\htdocs &amp; <b>bold</b>\n\n\nend]]> :)"


def test_carriage_returns_are_kept_in_cdata_and_text() -> None:
    data = wxr(item(1, body="one\r\ntwo\r\n", title="plain")).replace(
        b"<title><![CDATA[plain]]></title>", b"<title>a\r\nb</title>"
    )
    data = data.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")
    _, items = items_of(data)
    assert items[0].content == "one\r\ntwo\r\n"
    assert items[0].title == "a\r\nb"


def test_meta_is_ordered_and_keys_repeat() -> None:
    more = "".join(
        f"\t\t<wp:postmeta><wp:meta_key><![CDATA[k]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{v}]]></wp:meta_value></wp:postmeta>\n"
        for v in ("1", "2", 'a:1:{s:3:"key";s:5:"value";}')
    )
    _, items = items_of(wxr(item(1, more=more)))
    assert [(m.key, m.value) for m in items[0].meta] == [
        ("k", "1"),
        ("k", "2"),
        ("k", 'a:1:{s:3:"key";s:5:"value";}'),
    ]


@pytest.mark.parametrize(
    ("inside", "read_as"),
    [
        ("<wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value>", ("k", "v")),
        ("<wp:meta_value>v</wp:meta_value><wp:meta_key>k</wp:meta_key>", ("k", "v")),
        ("<wp:meta_key>k</wp:meta_key>", ("k", "")),
        ("<wp:meta_key>k</wp:meta_key><!-- a note -->", ("k", "")),
        ("<wp:meta_key>k</wp:meta_key><other>x</other>", ("k", "")),
        (
            "<wp:meta_key>k</wp:meta_key><wp:meta_value>1</wp:meta_value>"
            "<wp:meta_value>2</wp:meta_value>",
            ("k", "2"),  # a later element wins
        ),
        ("<!-- a note --><wp:meta_value>v</wp:meta_value>", ("", "v")),
        ("", ("", "")),
    ],
)
def test_meta_children_in_any_number_and_order(inside: str, read_as: tuple[str, str]) -> None:
    _, items = items_of(wxr(item(1, more=f"<wp:postmeta>{inside}</wp:postmeta>\n")))
    assert [(m.key, m.value) for m in items[0].meta] == [read_as]


def test_comments_every_field_and_line() -> None:
    more = """		<wp:comment>
			<wp:comment_id>12</wp:comment_id>
			<wp:comment_author><![CDATA[Cédric]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[c@example.org]]></wp:comment_author_email>
			<wp:comment_author_url>https://c.example.org/?a=1&amp;b=2</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2010-01-02 03:04:05]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Merci !]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[]]></wp:comment_type>
			<wp:comment_parent>11</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
			<wp:commentmeta><wp:meta_key>akismet</wp:meta_key><wp:meta_value>ok</wp:meta_value></wp:commentmeta>
		</wp:comment>
"""
    _, items = items_of(wxr(item(1, more=more)))
    (c,) = items[0].comments
    assert (c.id, c.parent, c.author, c.author_email, c.author_ip) == (
        12,
        11,
        "Cédric",
        "c@example.org",
        "192.0.2.1",
    )
    assert c.author_url == "https://c.example.org/?a=1&b=2"
    assert c.date == datetime(2010, 1, 2, 3, 4, 5)
    assert c.date_gmt is None  # the zero date
    assert (c.content, c.approved, c.type, c.user_id) == ("Merci !", "1", "", 0)
    assert [(m.key, m.value) for m in c.meta] == [("akismet", "ok")]
    assert c.line is not None and items[0].line is not None and c.line > items[0].line


def test_unknown_elements_are_kept_in_extra() -> None:
    more = '\t\t<enclosure url="https://example.org/a.mp3" length="1" type="audio/mpeg"/>\n'
    channel = "\t<image><url>https://example.org/logo.png</url></image>\n"
    export, items = items_of(wxr(item(1, more=more), channel=channel))
    (enclosure,) = items[0].extra
    assert enclosure.name == "enclosure"
    assert enclosure.attrs["url"] == "https://example.org/a.mp3"
    assert "<enclosure" in enclosure.xml
    assert [e.name for e in export.site.extra] == ["image"]


def test_post_modified_and_attachment_url() -> None:
    more = (
        "\t\t<wp:post_modified><![CDATA[2024-06-10 12:28:55]]></wp:post_modified>\n"
        "\t\t<wp:post_modified_gmt><![CDATA[2024-06-10 10:28:55]]></wp:post_modified_gmt>\n"
        "\t\t<wp:attachment_url><![CDATA[https://example.org/a.jpg]]></wp:attachment_url>\n"
    )
    _, items = items_of(wxr(item(1, post_type="attachment", status="inherit", more=more)))
    assert items[0].modified == datetime(2024, 6, 10, 12, 28, 55)
    assert items[0].modified_gmt == datetime(2024, 6, 10, 10, 28, 55)
    assert items[0].attachment_url == "https://example.org/a.jpg"


def test_bad_values_are_reported_and_kept() -> None:
    data = wxr(item(1)).replace(b"2024-06-05 18:04:48", b"yesterday")
    data = data.replace(b"<wp:menu_order>0<", b"<wp:menu_order>first<")
    export, items = items_of(data)
    assert items[0].date is None
    assert {d.code for d in export.diagnostics} == {"WXR108", "WXR110"}
    assert {e.text for e in items[0].extra} == {"yesterday", "first"}


@pytest.mark.parametrize(
    ("written", "sticky", "reported"),
    [
        ("0", False, False),
        ("1", True, False),
        ("00", False, False),
        ("2", True, False),
        ("", False, False),
        (" 1\n", True, False),  # PHP's (int) takes blank space around
        ("-1", True, False),
        ("yes", False, True),
        ("1_0", False, True),
        ("\u0661", False, True),  # another script's digit: no number for PHP
        ("9" * 20, False, True),  # out of range
    ],
)
def test_sticky_flag_as_php_reads_it(written: str, sticky: bool, reported: bool) -> None:
    data = wxr(item(1)).replace(b"<wp:is_sticky>0<", f"<wp:is_sticky>{written}<".encode())
    export, items = items_of(data)
    assert items[0].sticky is sticky
    assert [d.code for d in export.diagnostics] == (["WXR110"] if reported else [])
    assert [e.text for e in items[0].extra] == ([written] if reported else [])


def test_channel_metadata_after_items_is_read_and_reported() -> None:
    data = wxr(item(1)).replace(
        b"</channel>",
        b"<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>late</wp:tag_slug></wp:tag></channel>",
    )
    export, _ = items_of(data)
    assert [t.slug for t in export.terms] == ["late"]
    assert [d.code for d in export.diagnostics] == ["WXR106"]


def test_sources_path_gzip_and_file_object(tmp_path: Path) -> None:
    data = wxr(item(1), item(2))
    plain = tmp_path / "e.xml"
    plain.write_bytes(data)
    packed = tmp_path / "e.xml.gz"
    packed.write_bytes(gzip.compress(data))
    for source in (str(plain), str(packed)):
        with read(source) as export:
            assert [i.id for i in export] == [1, 2]
    with plain.open("rb") as f:
        assert len(list(read(f))) == 2


# -- bad input --------------------------------------------------------------------------


def test_not_rss_is_refused() -> None:
    with pytest.raises(InputError) as e:
        read(io.BytesIO(b"<?xml version='1.0'?><html><body/></html>"))
    assert e.value.diagnostic.code == "WXR100"


@pytest.mark.parametrize("version", [None, "abc", "1.2.3", ""])
def test_missing_or_invalid_version_is_refused(version: str | None) -> None:
    with pytest.raises(InputError) as e:
        read(io.BytesIO(wxr(item(1), version=version)))
    assert e.value.diagnostic.code == "WXR104"
    assert "not a WXR file" in e.value.diagnostic.message


def test_missing_version_is_read_with_recover() -> None:
    export, items = items_of(wxr(item(1), version=None), recover=True)
    assert len(items) == 1
    assert [d.code for d in export.diagnostics] == ["WXR104"]


def test_newer_version_is_read_with_a_warning() -> None:
    export, items = items_of(wxr(item(1), version="1.3"))
    assert len(items) == 1
    assert [d.code for d in export.diagnostics] == ["WXR105"]


def test_malformed_xml_reports_position_and_items_read() -> None:
    data = wxr(item(1), item(2, title="a <b> c").replace("<![CDATA[a <b> c]]>", "a <b> c"))
    export = read(io.BytesIO(data))
    seen = []
    with pytest.raises(InputError) as e:
        for it in export:
            seen.append(it.id)
    d = e.value.diagnostic
    assert seen == [1]
    assert (d.code, e.value.items_read) == ("WXR101", 1)
    assert d.line is not None and d.column is not None
    assert "1 items read before the error" in d.message


def test_truncated_file() -> None:
    data = wxr(item(1), item(2))
    cut = data[: data.rindex(b"<wp:post_type>")]
    with pytest.raises(InputError) as e:
        list(read(io.BytesIO(cut)))
    assert e.value.diagnostic.code == "WXR101"
    export, items = items_of(cut, recover=True)
    assert [i.id for i in items] == [1, 2]
    assert any(d.code == "WXR109" and d.item_id == 2 for d in export.diagnostics)


@pytest.mark.parametrize(
    ("broken", "fixed_title", "code"),
    [
        (b"<title>Tom & Jerry</title>", "Tom & Jerry", "WXR109"),
        (b"<title>caf&eacute;</title>", "caf&eacute;", "WXR109"),
        (b"<title>bell\x07 ring</title>", "bell ring", "WXR103"),
        (b"<title><![CDATA[a ]]> b]]></title>", "a ]]> b", "WXR109"),
    ],
)
def test_recover_repairs_and_names_the_item(broken: bytes, fixed_title: str, code: str) -> None:
    data = wxr(item(1), item(2)).replace(b"<title><![CDATA[Hello]]></title>", broken, 1)
    with pytest.raises(InputError):
        list(read(io.BytesIO(data)))
    export, items = items_of(data, recover=True)
    assert [i.title for i in items] == [fixed_title, "Hello"]
    repairs = [d for d in export.diagnostics if d.code == code]
    assert repairs and repairs[0].item_id == 1 and repairs[0].line == items[0].line + 1


def test_undeclared_prefix_is_recovered() -> None:
    more = "\t\t<geo:lat>46.5</geo:lat>\n"
    data = wxr(item(1, more=more))
    with pytest.raises(InputError):
        list(read(io.BytesIO(data)))
    export, items = items_of(data, recover=True)
    assert items[0].id == 1
    assert any("geo" in d.message and d.item_id == 1 for d in export.diagnostics)


ATOM_LINK = b'<atom:link rel="hub" href="https://example.org/hub"/>'


@pytest.mark.parametrize("step", [None, 1, 7, 100])
@pytest.mark.parametrize("recover", [False, True])
def test_undeclared_atom_prefix_is_declared(step: int | None, recover: bool) -> None:
    # WordPress.com writes <atom:link> in the channel without declaring the prefix.
    data = wxr(item(1)).replace(b"<wp:wxr_version>", ATOM_LINK + b"\n<wp:wxr_version>", 1)
    assert b"xmlns:atom" not in data
    source: Any = io.BytesIO(data) if step is None else Trickle(data, step)
    export = read(source, recover=recover)
    items = list(export)
    assert [i.id for i in items] == [1]
    (warning,) = export.diagnostics
    assert warning.code == "WXR112"
    assert warning.line == data[: data.index(ATOM_LINK)].count(b"\n") + 1
    assert items[0].line == data[: data.index(b"<item>")].count(b"\n") + 1
    assert ("atom", ATOM) in export.namespaces.items()


def test_atom_prefix_declared_or_unused_says_nothing() -> None:
    declared = wxr(item(1)).replace(b"<rss ", b'<rss xmlns:atom="' + ATOM.encode() + b'" ', 1)
    declared = declared.replace(b"<wp:wxr_version>", ATOM_LINK + b"<wp:wxr_version>", 1)
    export, _ = items_of(declared)
    assert export.diagnostics == []
    export, items = items_of(wxr(item(1)))  # declared by the stream, never used
    assert export.diagnostics == [] and [i.id for i in items] == [1]


def test_undeclared_atom_prefix_inside_an_item_is_read() -> None:
    # The channel is where WordPress.com writes it; an item's own is read, unreported.
    export, items = items_of(wxr(item(1, more="\t\t" + ATOM_LINK.decode() + "\n")))
    assert [i.id for i in items] == [1]
    assert export.diagnostics == []


def test_xml_comments_inside_text_are_kept() -> None:
    # qTranslate's legacy markers are real XML comments when the title has no CDATA.
    data = wxr(item(1)).replace(
        b"<title><![CDATA[Hello]]></title>",
        b"<title><!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:--></title>",
    )
    _, items = items_of(data)
    assert items[0].title == "<!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:-->"
    assert items[0].extra == ()


def test_protected_carriage_returns_read_back_in_recover_mode() -> None:
    data = wxr(item(1, body="a]]>&#13;<![CDATA[b"))
    for recover in (False, True):
        export, items = items_of(data, recover=recover)
        assert items[0].content == "a\rb"
        assert export.diagnostics == []
