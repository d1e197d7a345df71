"""The channel's authors and terms, read from their elements (``elements`` reads
the items): a few hundred elements at most, read once, so plain code, not tables."""

from __future__ import annotations

from lxml import etree

from wxr_tools.model import Author, Meta, Term
from wxr_tools.reader.elements import FieldReader, classify, line_of, read_meta, text_of

_AUTHOR_FIELDS = {
    "wp:author_login": "login",
    "wp:author_email": "email",
    "wp:author_display_name": "display_name",
    "wp:author_first_name": "first_name",
    "wp:author_last_name": "last_name",
}


def read_author(el: etree._Element, fields: FieldReader) -> Author:
    values: dict[str, str] = {}
    author_id: int | None = None
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = classify(child.tag)
        if name == "wp:author_id":
            author_id = fields.integer(child, None)
        elif name in _AUTHOR_FIELDS:
            values[_AUTHOR_FIELDS[name]] = text_of(child).strip()
    return Author(
        id=author_id,
        login=values.get("login", ""),
        email=values.get("email", ""),
        display_name=values.get("display_name", ""),
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
    )


# Channel term elements: which taxonomy, and which child holds which field.
_TERM_KINDS = {
    "wp:category": (
        "category",
        {
            "wp:category_nicename": "slug",
            "wp:cat_name": "name",
            "wp:category_parent": "parent",
            "wp:category_description": "description",
        },
    ),
    "wp:tag": (
        "post_tag",
        {"wp:tag_slug": "slug", "wp:tag_name": "name", "wp:tag_description": "description"},
    ),
    "wp:term": (
        "",
        {
            "wp:term_taxonomy": "taxonomy",
            "wp:term_slug": "slug",
            "wp:term_name": "name",
            "wp:term_parent": "parent",
            "wp:term_description": "description",
        },
    ),
}


def is_term(name: str) -> bool:
    return name in _TERM_KINDS


def read_term(name: str, el: etree._Element, fields: FieldReader) -> Term:
    taxonomy, mapping = _TERM_KINDS[name]
    values = {"taxonomy": taxonomy}
    term_id: int | None = None
    meta: list[Meta] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        child_name = classify(child.tag)
        if child_name == "wp:term_id":
            term_id = fields.integer(child, None)
        elif child_name == "wp:termmeta":
            meta.append(read_meta(child))
        elif child_name in mapping:
            key = mapping[child_name]
            text = text_of(child)
            values[key] = text if key == "description" else text.strip()
    return Term(id=term_id, meta=tuple(meta), line=line_of(el, fields.line_offset), **values)


def wrapped_value(el: etree._Element) -> int | None:
    """The line of the first child of ``el`` whose value stands between line breaks
    (``<wp:cat_name>\n<![CDATA[ News ]]>\n</wp:cat_name>``), or None. WordPress writes
    values tight against their tags; an author's or a term's fields are one-line."""
    for child in el:
        text = child.text or ""
        value = text.strip()
        if value and value != text:
            before, _, after = text.partition(value)
            if "\n" in before and "\n" in after:
                return child.sourceline or el.sourceline or 0
    return None
