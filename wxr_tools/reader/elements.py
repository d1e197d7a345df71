"""Turn parsed WXR elements into model records.

Namespaces are matched by URI, never by prefix: ``wp:`` bound to anything but a
``wordpress.org/export/N.N/`` URI is an unknown element (kept in ``extra``), and
any prefix bound to the right URI works. The classification of each distinct tag
is computed once and cached, so the per-element cost is one dict lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from lxml import etree

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.model import Author, Comment, Extra, Item, Meta, Term, TermRef

WP_NS = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

ZERO_DATE = "0000-00-00 00:00:00"

Report = Callable[[Diagnostic], None]


@lru_cache(maxsize=4096)
def classify(tag: str) -> str:
    """Name a tag by what it means: ``wp:post_id``, ``content:encoded``, ``title``...

    Unknown namespaces give ``?`` + the tag, which no handler knows.
    """
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if WP_NS.match(uri):
        return "wp:" + local
    if EXCERPT_NS.match(uri):
        return "excerpt:" + local
    if uri == CONTENT_NS:
        return "content:" + local
    if uri == DC_NS:
        return "dc:" + local
    return "?" + tag


def text_of(el: etree._Element) -> str:
    """The element's text exactly as exported; markup inside it is kept as markup."""
    if len(el) == 0:
        return el.text or ""
    # Unescaped XHTML inside content:encoded (some old exporters): keep it as HTML.
    parts = [el.text or ""]
    for child in el:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def extra_of(el: etree._Element) -> Extra:
    tag = el.tag if isinstance(el.tag, str) else "#comment"
    return Extra(
        name=tag,
        text="".join(el.itertext()),
        attrs={str(k): str(v) for k, v in el.attrib.items()},
        xml=etree.tostring(el, encoding="unicode", with_tail=False),
        line=el.sourceline,
    )


class FieldReader:
    """Parses ints and dates, reporting bad values instead of raising."""

    def __init__(self, report: Report, path: str) -> None:
        self.report = report
        self.path = path
        self.extra: list[Extra] = []

    def integer(self, el: etree._Element, default: int | None) -> int | None:
        raw = (el.text or "").strip()
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError:
            self._bad(el, "WXR110", f"{classify(str(el.tag))} is not an integer: {raw!r}")
            return default

    def date(self, el: etree._Element) -> datetime | None:
        raw = (el.text or "").strip()
        if not raw or raw == ZERO_DATE:
            return None
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            self._bad(el, "WXR108", f"{classify(str(el.tag))} is not a date: {raw!r}")
            return None

    def _bad(self, el: etree._Element, code: str, message: str) -> None:
        self.extra.append(extra_of(el))
        self.report(Diagnostic(code=code, message=message, path=self.path, line=el.sourceline))


def read_meta(el: etree._Element) -> Meta:
    key = value = ""
    for child in el:
        name = classify(child.tag) if isinstance(child.tag, str) else ""
        if name == "wp:meta_key":
            key = text_of(child)
        elif name == "wp:meta_value":
            value = text_of(child)
    return Meta(key=key, value=value)


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
            values[key] = text if key in ("name", "description") else text.strip()
    return Term(id=term_id, meta=tuple(meta), line=el.sourceline, **values)


_COMMENT_TEXT = {
    "wp:comment_author": "author",
    "wp:comment_author_email": "author_email",
    "wp:comment_author_url": "author_url",
    "wp:comment_author_IP": "author_ip",
    "wp:comment_content": "content",
    "wp:comment_approved": "approved",
    "wp:comment_type": "type",
}


_COMMENT_KEYWORDS = frozenset(("approved", "type", "author_email", "author_ip", "author_url"))


def read_comment(el: etree._Element, fields: FieldReader) -> Comment:
    values: dict[str, object] = {}
    meta: list[Meta] = []
    comment_id: int | None = None
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = classify(child.tag)
        if name in _COMMENT_TEXT:
            key = _COMMENT_TEXT[name]
            values[key] = text_of(child).strip() if key in _COMMENT_KEYWORDS else text_of(child)
        elif name == "wp:comment_id":
            comment_id = fields.integer(child, None)
        elif name == "wp:comment_parent":
            values["parent"] = fields.integer(child, 0)
        elif name == "wp:comment_user_id":
            values["user_id"] = fields.integer(child, 0)
        elif name == "wp:comment_date":
            values["date"] = fields.date(child)
        elif name == "wp:comment_date_gmt":
            values["date_gmt"] = fields.date(child)
        elif name == "wp:commentmeta":
            meta.append(read_meta(child))
    values.setdefault("parent", 0)
    return Comment(id=comment_id, meta=tuple(meta), line=el.sourceline, **values)  # type: ignore[arg-type]


_ITEM_TEXT = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "pubDate": "pub_date",
    "dc:creator": "author",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "slug",
    "wp:status": "status",
    "wp:post_type": "type",
    "wp:post_password": "password",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:attachment_url": "attachment_url",
}
# Identifiers, keywords and URLs: surrounding blank space is layout, not data
# (hand-edited exports indent them). Titles, content and passwords stay exact.
_KEYWORDS = frozenset(
    (
        "slug",
        "status",
        "type",
        "comment_status",
        "ping_status",
        "attachment_url",
        "link",
        "guid",
        "author",
    )
)
_ITEM_DATES = {
    "wp:post_date": "date",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_modified": "modified",
    "wp:post_modified_gmt": "modified_gmt",
}
_ITEM_INTS = {"wp:post_parent": "parent", "wp:menu_order": "menu_order"}


def read_item(el: etree._Element, fields: FieldReader) -> Item:
    values: dict[str, object] = {}
    terms: list[TermRef] = []
    bare_categories: list[etree._Element] = []
    meta: list[Meta] = []
    comments: list[Comment] = []
    extra: list[Extra] = []
    item_id: int | None = None
    fields.extra = []
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # XML comments and processing instructions carry no data
        name = classify(tag)
        if name in _ITEM_TEXT:
            # A later element wins, as in WordPress's own streaming reader.
            key = _ITEM_TEXT[name]
            values[key] = text_of(child).strip() if key in _KEYWORDS else text_of(child)
        elif name == "wp:postmeta":
            meta.append(read_meta(child))
        elif name == "wp:comment":
            comments.append(read_comment(child, fields))
        elif name == "category":
            _read_category(child, terms, bare_categories)
        elif name in _ITEM_DATES:
            values[_ITEM_DATES[name]] = fields.date(child)
        elif name == "wp:post_id":
            item_id = fields.integer(child, None)
        elif name in _ITEM_INTS:
            values[_ITEM_INTS[name]] = fields.integer(child, 0)
        elif name == "wp:is_sticky":
            values["sticky"] = bool(fields.integer(child, 0))
        elif name == "description" and not (child.text or "").strip() and len(child) == 0:
            continue  # always written empty by WordPress
        else:
            extra.append(extra_of(child))
    # WXR 1.0 writes every term twice; the bare copy (no nicename) is a duplicate.
    names = {t.name for t in terms}
    extra.extend(extra_of(c) for c in bare_categories if text_of(c) not in names)
    extra.extend(fields.extra)
    return Item(
        id=item_id,
        terms=tuple(terms),
        meta=tuple(meta),
        comments=tuple(comments),
        extra=tuple(extra),
        line=el.sourceline,
        **values,  # type: ignore[arg-type]
    )


def _read_category(el: etree._Element, terms: list[TermRef], bare: list[etree._Element]) -> None:
    slug = el.get("nicename")
    if slug is None:
        bare.append(el)
        return
    taxonomy = el.get("domain") or "category"
    if taxonomy == "tag":  # WXR 1.0
        taxonomy = "post_tag"
    terms.append(TermRef(taxonomy=taxonomy, slug=slug, name=text_of(el)))
