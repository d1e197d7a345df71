"""The versioned JSON form of the model, both ways (``wxr_tools_model`` 1).

This is the lossless dump users pipe into their own tools, and the form later
stages can read back. The JSON Schema in ``schemas/model-1.json`` documents it;
the tests validate dumps against it. Field names are the model's own.

Dates are ISO 8601: local times without an offset (WordPress does not record
the site's zone), the ``*_gmt`` ones with ``Z``; a zero date is ``null``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wxr_tools.model import (
    MODEL_VERSION,
    TRANSFORMED_FIELDS,
    Author,
    Comment,
    Extra,
    Item,
    Meta,
    Site,
    Term,
    TermRef,
)

JsonObject = dict[str, Any]


def _local(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _gmt(value: datetime | None) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def _parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value.removesuffix("Z"))


def _meta(meta: tuple[Meta, ...]) -> list[JsonObject]:
    return [{"key": m.key, "value": m.value} for m in meta]


def _extra(extra: tuple[Extra, ...]) -> list[JsonObject]:
    return [
        {"name": e.name, "text": e.text, "attrs": e.attrs, "xml": e.xml, "line": e.line}
        for e in extra
    ]


def site_to_json(site: Site) -> JsonObject:
    return {
        "title": site.title,
        "link": site.link,
        "description": site.description,
        "language": site.language,
        "pub_date": site.pub_date,
        "generator": site.generator,
        "wxr_version": site.wxr_version,
        "base_site_url": site.base_site_url,
        "base_blog_url": site.base_blog_url,
        "namespace": site.namespace,
        "extra": _extra(site.extra),
    }


def author_to_json(author: Author) -> JsonObject:
    return {
        "id": author.id,
        "login": author.login,
        "email": author.email,
        "display_name": author.display_name,
        "first_name": author.first_name,
        "last_name": author.last_name,
        "derived": author.derived,
    }


def term_to_json(term: Term) -> JsonObject:
    return {
        "id": term.id,
        "taxonomy": term.taxonomy,
        "slug": term.slug,
        "name": term.name,
        "parent": term.parent,
        "description": term.description,
        "meta": _meta(term.meta),
        "line": term.line,
    }


def comment_to_json(c: Comment) -> JsonObject:
    return {
        "id": c.id,
        "parent": c.parent,
        "author": c.author,
        "author_email": c.author_email,
        "author_url": c.author_url,
        "author_ip": c.author_ip,
        "date": _local(c.date),
        "date_gmt": _gmt(c.date_gmt),
        "content": c.content,
        "approved": c.approved,
        "type": c.type,
        "user_id": c.user_id,
        "meta": _meta(c.meta),
        "line": c.line,
    } | (
        ({"content_html": c.content_html} if c.content_html is not None else {})
        | ({"new_author_url": c.new_author_url} if c.new_author_url is not None else {})
    )


def item_to_json(item: Item) -> JsonObject:
    return {
        "id": item.id,
        "type": item.type,
        "status": item.status,
        "title": item.title,
        "slug": item.slug,
        "link": item.link,
        "guid": item.guid,
        "author": item.author,
        "date": _local(item.date),
        "date_gmt": _gmt(item.date_gmt),
        "modified": _local(item.modified),
        "modified_gmt": _gmt(item.modified_gmt),
        "pub_date": item.pub_date,
        "content": item.content,
        "excerpt": item.excerpt,
        "parent": item.parent,
        "menu_order": item.menu_order,
        "password": item.password,
        "sticky": item.sticky,
        "comment_status": item.comment_status,
        "ping_status": item.ping_status,
        "attachment_url": item.attachment_url,
        "terms": [{"taxonomy": t.taxonomy, "slug": t.slug, "name": t.name} for t in item.terms],
        "meta": _meta(item.meta),
        "comments": [comment_to_json(c) for c in item.comments],
        "line": item.line,
        "extra": _extra(item.extra),
    } | _transformed(item)


def _transformed(item: Item) -> JsonObject:
    """Fields transforms set; absent in the raw dump, so that it stays unchanged."""
    out: JsonObject = {}
    for name in TRANSFORMED_FIELDS:
        value = getattr(item, name)
        if value is not None:
            out[name] = list(value) if isinstance(value, tuple) else value
    return out


def header_to_json(site: Site, authors: list[Author], terms: list[Term]) -> JsonObject:
    return {
        "wxr_tools_model": MODEL_VERSION,
        "site": site_to_json(site),
        "authors": [author_to_json(a) for a in authors],
        "terms": [term_to_json(t) for t in terms],
    }


# -- reading back -------------------------------------------------------------------


def _meta_from(rows: list[JsonObject]) -> tuple[Meta, ...]:
    return tuple(Meta(key=r["key"], value=r["value"]) for r in rows)


def _extra_from(rows: list[JsonObject]) -> tuple[Extra, ...]:
    return tuple(
        Extra(name=r["name"], text=r["text"], attrs=r["attrs"], xml=r["xml"], line=r["line"])
        for r in rows
    )


def site_from_json(d: JsonObject) -> Site:
    fields = {k: v for k, v in d.items() if k != "extra"}
    return Site(extra=_extra_from(d.get("extra", [])), **fields)


def author_from_json(d: JsonObject) -> Author:
    return Author(**d)


def term_from_json(d: JsonObject) -> Term:
    fields = {k: v for k, v in d.items() if k != "meta"}
    return Term(meta=_meta_from(d["meta"]), **fields)


def comment_from_json(d: JsonObject) -> Comment:
    fields = {k: v for k, v in d.items() if k not in ("meta", "date", "date_gmt")}
    return Comment(
        meta=_meta_from(d["meta"]),
        date=_parse_date(d["date"]),
        date_gmt=_parse_date(d["date_gmt"]),
        **fields,
    )


_ITEM_SPECIAL = {"terms", "meta", "comments", "extra", "date", "date_gmt", "modified"}
_ITEM_SPECIAL |= {"modified_gmt"}


def item_from_json(d: JsonObject) -> Item:
    fields = {k: v for k, v in d.items() if k not in _ITEM_SPECIAL}
    if fields.get("old_urls") is not None:
        fields["old_urls"] = tuple(fields["old_urls"])
    return Item(
        terms=tuple(TermRef(**t) for t in d["terms"]),
        meta=_meta_from(d["meta"]),
        comments=tuple(comment_from_json(c) for c in d["comments"]),
        extra=_extra_from(d["extra"]),
        date=_parse_date(d["date"]),
        date_gmt=_parse_date(d["date_gmt"]),
        modified=_parse_date(d["modified"]),
        modified_gmt=_parse_date(d["modified_gmt"]),
        **fields,
    )
