"""The reader's shortcuts give what the long way gives (``reader.elements``).

An INT or sticky value "0" is taken without the digit tests: the value is
``FieldReader.integer``'s, whatever the text. The loops take an element's children as
``el[:]``: the nodes ``for child in el`` walks, in order, comments and entity
references included.
"""

from __future__ import annotations

import io

import pytest
from corpus_helpers import corpus_files, corpus_path
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from wxr_builder import WP12

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.reader.elements import FieldReader, read_comment, read_item

NUMBERS = st.sampled_from(["0", "00", "-0", "+0", " 0", "0 ", "\n0\n", "10", "01", "", "0.0"])
TEXTS = NUMBERS | st.text(alphabet="0123456789 +-\t\n.a٣", max_size=5)


def _element(xml: str) -> etree._Element:
    return etree.fromstring(f'<root xmlns:wp="{WP12}">{xml}</root>')[0]


def _long_way(text: str, default: int | None) -> int | None:
    """``FieldReader.integer`` on the same text: every case, fast or not."""
    found: list[Diagnostic] = []
    return FieldReader(found.append, "x").integer(_element(f"<wp:n>{text}</wp:n>"), default)


@given(TEXTS, TEXTS, TEXTS)
def test_an_item_s_numbers_are_the_long_way_s(parent: str, order: str, sticky: str) -> None:
    item = _element(
        f"<item><wp:post_id>7</wp:post_id><wp:post_parent>{parent}</wp:post_parent>"
        f"<wp:menu_order>{order}</wp:menu_order><wp:is_sticky>{sticky}</wp:is_sticky></item>"
    )
    read = read_item(item, FieldReader(lambda d: None, "x"))
    assert read.parent == _long_way(parent, 0)
    assert read.menu_order == _long_way(order, 0)
    assert read.sticky == bool(_long_way(sticky, 0))
    assert type(read.parent) is int and type(read.sticky) is bool


@given(TEXTS, TEXTS, TEXTS)
def test_a_comment_s_numbers_are_the_long_way_s(comment_id: str, parent: str, user: str) -> None:
    comment = _element(
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>{user}</wp:comment_user_id></wp:comment>"
    )
    read = read_comment(comment, FieldReader(lambda d: None, "x"))
    assert read.id == _long_way(comment_id, None)
    assert read.parent == _long_way(parent, 0)
    assert read.user_id == _long_way(user, 0)


MIXED = (
    b'<?xml version="1.0"?>\n<rss xmlns:wp="' + WP12.encode() + b'"><channel><item>'
    b"<title>a</title><!--:fr--><?pi here?>&undefined;<wp:postmeta><!-- c -->"
    b"<wp:meta_key>k</wp:meta_key>&other;<wp:meta_value>v</wp:meta_value></wp:postmeta>"
    b"<wp:comment><wp:comment_id>1</wp:comment_id><!-- c --></wp:comment></item>"
    b"</channel></rss>\n"
)


def test_the_slice_is_the_iteration_with_comments_pis_and_entities() -> None:
    parser = etree.XMLParser(resolve_entities=False, recover=True, remove_comments=False)
    root = etree.parse(io.BytesIO(MIXED), parser).getroot()
    kinds = set()
    for el in root.iter():
        assert el[:] == list(el)
        kinds.update(type(child).__name__ for child in el)
    assert {"_Comment", "_ProcessingInstruction", "_Entity", "_Element"} <= kinds


@pytest.mark.parametrize("name", corpus_files())
def test_the_slice_is_the_iteration_in_the_corpus(name: str) -> None:
    path = corpus_path(name)
    parser = etree.XMLParser(
        resolve_entities=False, recover=True, remove_comments=False, huge_tree=True
    )
    root = etree.parse(str(path), parser).getroot()
    if root is None:
        pytest.skip("nothing parsed")
    for el in root.iter():
        children = el[:]
        assert len(children) == len(list(el))
        assert all(a is b for a, b in zip(children, el, strict=True))
