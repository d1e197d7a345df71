"""Comment policy: approved comments kept; pending, spam, trash and post-trashed left out.

``[comments] keep`` lists the ``comment_approved`` values that are kept and
``pings`` whether pingbacks and trackbacks are. Every comment left out is counted
by reason in the run report.
"""

from __future__ import annotations

from dataclasses import replace

from wxr_tools.model import Item
from wxr_tools.transforms import Context

_REASONS = {"0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "post-trashed"}
_PINGS = frozenset(("pingback", "trackback"))


def transform(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    section = ctx.config.section("comments")
    keep = set(section["keep"])
    pings = section["pings"]
    kept = []
    for comment in item.comments:
        if comment.approved not in keep:
            reason = _REASONS.get(comment.approved, f"approved={comment.approved!r}")
            ctx.report.exclude_comment(f"{reason} excluded")
        elif not pings and comment.type in _PINGS:
            ctx.report.exclude_comment(f"{comment.type} excluded")
        else:
            kept.append(comment)
    if len(kept) == len(item.comments):
        return item
    return replace(item, comments=tuple(kept))
