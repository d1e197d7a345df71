"""An item's digest (what tells two copies of an item apart in an export split in
several files) never fails: libxml2's canonical XML refuses a namespace whose name is not
an absolute URI, which a strict parse only warns of ("rel/x") and a recovering parse
keeps ("http://ëxample/"); such an item is digested by a walk of its nodes instead, with
the properties canonical XML gives: layout aside, copies are equal, values are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.reader.digest import item_digest

RECOVER = etree.XMLParser(recover=True)


def _digest(xml: str, *, recover: bool = False) -> bytes:
    return item_digest(etree.fromstring(xml.encode("utf-8"), RECOVER if recover else None))


def _refused(xml: str) -> bool:
    el = etree.fromstring(xml.encode("utf-8"), RECOVER)
    try:
        etree.tostring(el, method="c14n", exclusive=True)
    except etree.C14NError:
        return True
    return False


RELATIVE = '<item xmlns:u="rel/x"><u:a b="1" c="2">{text}</u:a><!-- note --></item>'
NOT_A_URI = '<item xmlns:u="http://ëxämplë.com/ü/"><u:a>{text}</u:a></item>'


@pytest.mark.parametrize("xml", [RELATIVE, NOT_A_URI])
def test_refused_namespaces_get_a_digest(xml: str) -> None:
    assert _refused(xml.format(text="x"))  # the case this is about
    one = _digest(xml.format(text="x"), recover=True)
    assert len(one) == 16
    assert one == _digest(xml.format(text="x"), recover=True)
    assert one != _digest(xml.format(text="y"), recover=True)


def test_walk_ignores_layout_as_canonical_xml_does() -> None:
    plain = '<item xmlns:u="rel/x"><u:a b="1" c="2">a &lt; b</u:a></item>'
    other = '<item xmlns:v="rel/x"><v:a c="2" b="1"><![CDATA[a < b]]></v:a></item>'
    assert _refused(plain) and _refused(other)
    assert _digest(plain) == _digest(other)


@pytest.mark.parametrize(
    "changed",
    [
        '<item xmlns:u="rel/y"><u:a b="1" c="2">x</u:a><!-- note --></item>',  # the URI
        '<item xmlns:u="rel/x"><u:a b="1" c="3">x</u:a><!-- note --></item>',  # a value
        '<item xmlns:u="rel/x"><u:a b="1">x</u:a><!-- note --></item>',  # one attribute less
        '<item xmlns:u="rel/x"><u:a b="1" c="2">x</u:a><!-- other --></item>',  # a comment
        '<item xmlns:u="rel/x"><u:a b="1" c="2">x</u:a>tail<!-- note --></item>',  # a tail
        '<item xmlns:u="rel/x"><u:a b="1" c="2"/>x<!-- note --></item>',  # text moved
    ],
)
def test_walk_tells_values_apart(changed: str) -> None:
    assert _digest(RELATIVE.format(text="x")) != _digest(changed)


XML_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co")))


@given(XML_TEXT, XML_TEXT)
def test_walk_tells_texts_apart(first: str, second: str) -> None:
    """The fields are length-prefixed: moving text from one element to the next is a
    different item, whatever the texts hold."""

    def xml(a: str, b: str) -> str:
        el = etree.Element("item", nsmap={"u": "rel/x"})
        etree.SubElement(el, "{rel/x}a").text = a
        etree.SubElement(el, "{rel/x}b").text = b
        return etree.tostring(el, encoding="unicode")

    assert (_digest(xml(first, second)) == _digest(xml(first + second, ""))) == (second == "")


def test_split_export_with_a_relative_namespace_converts(tmp_path: Path) -> None:
    """Before, ``wxr convert`` of such split files ended in an internal error."""
    repeated = item(
        5,
        more='\t\t<wp:postmeta xmlns:u="rel/x"><wp:meta_key>k</wp:meta_key>'
        "<wp:meta_value><![CDATA[v]]></wp:meta_value></wp:postmeta>\n",
    )
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_bytes(wxr(repeated, item(6)))
    second.write_bytes(wxr(repeated, item(7)))
    out = tmp_path / "out.jsonl"
    code = main(["convert", str(first), str(second), "--to", "jsonl", "-o", str(out)])
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    ids = [line for line in lines if '"id": 5' in line or '"id":5' in line]
    assert len(ids) == 1  # the repeat is written once
