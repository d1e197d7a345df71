"""The rules of ``wxr validate``: small checks, registered in one table (``RULES``).

A rule is up to three functions: ``on_header`` runs once the channel is read,
``on_item`` for each item as it streams past, ``on_end`` when the file ends (to
resolve the references ``on_item`` could not resolve yet). Each rule names the
codes it emits; its documentation is the code's explanation in
``wxr_tools.diagnostics`` (``wxr explain CODE``). The 1xx structure codes other
than WXR107 and WXR111 come from the reader itself (``READER_CODES``).

The structure and reference checks are here; the content checks (3xx) are in
``content`` and the privacy checks (4xx) in ``privacy``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wxr_tools.diagnostics import LOGIN, SLUG, TAXONOMY, TYPE, cut, shown
from wxr_tools.digits import is_number
from wxr_tools.model import Item
from wxr_tools.validate import content, privacy
from wxr_tools.validate.tables import HIERARCHICAL, NOT_CONTENT, Context, Pending, label
from wxr_tools.validate.urls import norm_slug

ItemCheck = Callable[[Item, Context], None]
Check = Callable[[Context], None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A check and the codes it may emit; it runs when any of them is selected."""

    codes: tuple[str, ...]
    on_item: ItemCheck | None = None
    on_header: Check | None = None
    on_end: Check | None = None
    needs_whole_file: bool = False
    """Its end check reports targets missing from the export: meaningless when a
    strict read stopped early, so it is skipped then."""


def _had_bad(item: Item, local: str) -> bool:
    """Whether the reader kept a bad value of this field (already reported, 108/110)."""
    return any(e.name.endswith("}" + local) for e in item.extra)


# -- 1xx: structure --------------------------------------------------------------------


def required_fields(item: Item, ctx: Context) -> None:
    missing = []
    if item.id is None and not _had_bad(item, "post_id"):
        missing.append("wp:post_id")
    if not item.type:
        missing.append("wp:post_type")
    if not item.status:
        missing.append("wp:status")
    if missing:
        what = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
        ctx.emit("WXR107", f"{label(item)} has no {what}", line=item.line, item_id=item.id)


def gmt_date(item: Item, ctx: Context) -> None:
    if item.status == "publish" and item.date_gmt is None and not _had_bad(item, "post_date_gmt"):
        message = f"published {label(item)} has no post_date_gmt (zero or missing)"
        ctx.emit("WXR111", message, line=item.line, item_id=item.id)


# -- 2xx: references -------------------------------------------------------------------


def duplicate_ids(item: Item, ctx: Context) -> None:
    if item.id is not None and item.id in ctx.tables.item_ids:
        slug = f" ({shown(item.slug, SLUG)})" if item.slug else ""
        message = f"{label(item)}{slug} reuses the id of an earlier item"
        ctx.emit("WXR200", message, line=item.line, item_id=item.id)


def duplicate_slugs(item: Item, ctx: Context) -> None:
    if item.status != "publish" or not item.slug or item.type in NOT_CONTENT:
        return
    hierarchical = item.type in HIERARCHICAL
    slug = norm_slug(item.slug)
    key = (item.type, item.parent if hierarchical else 0, slug)
    day = item.date.date() if item.date is not None else None
    first = ctx.tables.published.get(key)
    if first is None:
        ctx.tables.published[key] = (item.id, day)
        return
    kind = cut(item.type, TYPE)
    other = f"{kind} {first[0]}" if first[0] is not None else f"an earlier {kind}"
    quoted = shown(slug, SLUG)
    if hierarchical or day == first[1]:
        same = "same parent" if hierarchical else f"same day {day}"
        message = f"{label(item)} has the permalink of {other}: same slug {quoted} and {same}"
        ctx.emit("WXR201", message, line=item.line, item_id=item.id)
    else:
        message = f"{label(item)} has the same slug {quoted} as {other} ({day} and {first[1]})"
        ctx.emit("WXR202", message, line=item.line, item_id=item.id)


def comment_parents(item: Item, ctx: Context) -> None:
    if not item.comments:
        return
    ids = {c.id for c in item.comments}
    for c in item.comments:
        if not c.parent:
            continue
        if c.parent not in ids:
            message = f"comment {c.id} on {label(item)} replies to missing comment {c.parent}"
            ctx.emit("WXR203", message, line=c.line, item_id=item.id)
        elif c.id is not None and c.parent > c.id:
            message = (
                f"comment {c.id} on {label(item)} replies to comment {c.parent}, "
                "which has a higher id"
            )
            ctx.emit("WXR204", message, line=c.line, item_id=item.id)


# WordPress ignores post_parent on posts and menu items (menus nest through the
# _menu_item_menu_item_parent meta): a stale value there is harmless.
_PARENT_IGNORED = (NOT_CONTENT - {"attachment"}) | {"post"}


def parent_items(item: Item, ctx: Context) -> None:
    if not item.parent or item.parent == item.id or item.type in _PARENT_IGNORED:
        return
    if item.parent not in ctx.tables.item_ids:
        pending = Pending(item.id, label(item), item.line, item.parent)
        ctx.tables.defer("WXR205", pending)


def parent_items_end(ctx: Context) -> None:
    for p in ctx.tables.pending.get("WXR205", ()):
        if p.target not in ctx.tables.item_ids:
            message = f"{p.label} has missing parent {p.target}"
            ctx.emit("WXR205", message, line=p.line, item_id=p.item_id, path=p.path)


def _first_of_many(ctx: Context, code: str, key: str, item: Item) -> None:
    """Count an occurrence of ``key``; remember the item of the first one. Reported
    once per key at the end: one author missing from wp:author is one problem, however
    many items name it."""
    counters = ctx.tables.counters
    name = f"{code}:{key}"
    if name not in counters:
        ctx.tables.defer(code, Pending(item.id, label(item), item.line, key))
    counters[name] = counters.get(name, 0) + 1


def _report_many(ctx: Context, code: str, what: str) -> None:
    for p in ctx.tables.pending.get(code, ()):
        n = ctx.tables.counters[f"{code}:{p.target}"]
        who = f"{p.label}" if n == 1 else f"{n} items (first {p.label})"
        ctx.emit(
            code, what.format(target=p.target, who=who), line=p.line, item_id=p.item_id, path=p.path
        )


def authors(item: Item, ctx: Context) -> None:
    declared = ctx.tables.declared_authors
    login = item.author
    if declared and login and login.lower() not in declared:
        _first_of_many(ctx, "WXR206", shown(login, LOGIN), item)


def authors_end(ctx: Context) -> None:
    _report_many(ctx, "WXR206", "author {target} of {who} is not declared in wp:author")


def terms(item: Item, ctx: Context) -> None:
    tables = ctx.tables
    for t in item.terms:
        declared = t.taxonomy in tables.declared_taxonomies
        if declared and (t.taxonomy, norm_slug(t.slug)) not in tables.declared_terms:
            _first_of_many(
                ctx, "WXR207", f"{cut(t.taxonomy, TAXONOMY)} {shown(t.slug, SLUG)}", item
            )


def terms_end(ctx: Context) -> None:
    _report_many(ctx, "WXR207", "{target} of {who} is not declared in the channel")


def term_parents(ctx: Context) -> None:
    declared = ctx.tables.declared_terms
    for t in ctx.terms:
        if t.parent and (t.taxonomy, norm_slug(t.parent)) not in declared:
            term, parent = shown(t.slug, SLUG), shown(t.parent, SLUG)
            message = f"{cut(t.taxonomy, TAXONOMY)} {term} has missing parent {parent}"
            ctx.emit("WXR208", message, line=t.line)


def thumbnails(item: Item, ctx: Context) -> None:
    tables = ctx.tables
    for meta in item.meta:
        if meta.key != "_thumbnail_id":
            continue
        value = meta.value.strip()
        if not value or value in ("0", "-1"):
            continue  # "no featured image", as some plugins write it
        if not is_number(value):
            message = f"{label(item)} has _thumbnail_id {shown(value)}, which is not an id"
            ctx.emit("WXR209", message, line=item.line, item_id=item.id)
        elif int(value) not in tables.attachment_ids:
            pending = Pending(item.id, label(item), item.line, int(value))
            if int(value) in tables.item_ids:
                _thumbnail_finding(ctx, pending)
            else:
                tables.defer("WXR209", pending)


def _thumbnail_finding(ctx: Context, p: Pending) -> None:
    tables = ctx.tables
    if p.target in tables.attachment_ids:
        return
    what = "not an attachment" if p.target in tables.item_ids else "not in the export"
    message = f"{p.label} has featured image {p.target}, which is {what}"
    ctx.emit("WXR209", message, line=p.line, item_id=p.item_id, path=p.path)


def thumbnails_end(ctx: Context) -> None:
    pending = ctx.tables.pending.get("WXR209", [])
    if pending and not ctx.tables.attachment_ids:
        # A posts-only export: one finding says it better than one per post.
        items = f"{len(pending)} items have" if len(pending) > 1 else "1 item has"
        message = (
            f"the export has no attachments, but {items} a featured image "
            "(export all content to include them)"
        )
        ctx.emit("WXR209", message)
        return
    for p in pending:
        _thumbnail_finding(ctx, p)


def menu_entries(item: Item, ctx: Context) -> None:
    """A menu entry (``nav_menu_item``) links to a post or page by id, or to a term."""
    if item.type != "nav_menu_item":
        return
    meta = {m.key: m.value.strip() for m in item.meta if m.key.startswith("_menu_item_")}
    kind, target = meta.get("_menu_item_type", ""), meta.get("_menu_item_object_id", "")
    if not is_number(target) or target == "0":
        return
    what = meta.get("_menu_item_object", "") or kind
    pending = Pending(item.id, label(item), item.line, int(target), what)
    if kind == "post_type":
        if int(target) not in ctx.tables.item_ids:
            ctx.tables.defer("WXR211", pending)
    elif kind == "taxonomy":
        # Only when the channel declares terms with ids: some exports declare none.
        ids = ctx.tables.declared_term_ids
        if ids and int(target) not in ids:
            message = f"{pending.label} links to {what} {target}, which the channel lacks"
            ctx.emit("WXR211", message, line=item.line, item_id=item.id)


def menu_entries_end(ctx: Context) -> None:
    for p in ctx.tables.pending.get("WXR211", ()):
        if p.target not in ctx.tables.item_ids:
            message = f"{p.label} links to {p.shown} {p.target}, which is not in the export"
            ctx.emit("WXR211", message, line=p.line, item_id=p.item_id, path=p.path)


def duplicate_comment_ids(item: Item, ctx: Context) -> None:
    seen = ctx.tables.comment_ids
    for c in item.comments:
        if c.id is not None and not seen.add(c.id):
            message = f"comment {c.id} on {label(item)} reuses the id of an earlier comment"
            ctx.emit("WXR210", message, line=c.line, item_id=item.id)


RULES: tuple[Rule, ...] = (
    # Emitted by ``split`` itself, which reads the files of one export (--one-export)
    # and leaves a repeated item out of every other check.
    Rule(("WXR114",)),
    Rule(("WXR107",), on_item=required_fields),
    Rule(("WXR111",), on_item=gmt_date),
    Rule(("WXR200",), on_item=duplicate_ids),
    Rule(("WXR201", "WXR202"), on_item=duplicate_slugs),
    Rule(("WXR203", "WXR204"), on_item=comment_parents),
    Rule(("WXR205",), on_item=parent_items, on_end=parent_items_end, needs_whole_file=True),
    Rule(("WXR206",), on_item=authors, on_end=authors_end),
    Rule(("WXR207",), on_item=terms, on_end=terms_end),
    Rule(("WXR208",), on_header=term_parents),
    Rule(("WXR209",), on_item=thumbnails, on_end=thumbnails_end, needs_whole_file=True),
    Rule(("WXR210",), on_item=duplicate_comment_ids),
    Rule(("WXR211",), on_item=menu_entries, on_end=menu_entries_end, needs_whole_file=True),
    Rule(("WXR300",), on_item=content.mojibake),
    Rule(("WXR301", "WXR302"), on_item=content.language_markers),
    Rule(("WXR303",), on_item=content.languages, on_end=content.languages_end),
    Rule(("WXR304",), on_item=content.links, on_end=content.links_end, needs_whole_file=True),
    Rule(("WXR305",), on_item=content.media, on_end=content.media_end, needs_whole_file=True),
    Rule(("WXR306",), on_item=content.shortcodes),
    Rule(("WXR307",), on_item=content.empty_title),
    Rule(("WXR308",), on_item=content.serialized, on_header=content.serialized_terms),
    Rule(("WXR400", "WXR401"), on_item=privacy.secrets, on_header=privacy.secrets_terms),
    Rule(("WXR402",), on_item=privacy.personal_data, on_end=privacy.personal_data_end),
)
"""Every rule. Order matters only for the order of findings on one line."""

READER_CODES = frozenset(f"WXR{n}" for n in (*range(100, 111), 112, 113)) - {"WXR107"}
"""Codes the reader emits itself; validate reports them as findings."""
