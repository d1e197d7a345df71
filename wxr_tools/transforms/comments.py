"""Comment policy: approved comments kept; pending, spam, trash and post-trashed left out.

``[comments] keep`` lists the ``comment_approved`` values that are kept and
``pings`` whether pingbacks and trackbacks are. Every comment left out is counted
by reason in the run report. A kept reply whose parent was left out is attached to
its nearest kept ancestor (top level when there is none), so that no comment points
to one that is not written.
"""

from __future__ import annotations

from wxr_tools.model import Comment, Item, evolve
from wxr_tools.transforms import Context

_REASONS = {"0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "post-trashed"}
_PINGS = frozenset(("pingback", "trackback"))


def transform(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    section = ctx.config.section("comments")
    keep = set(section["keep"])
    pings = section["pings"]
    kept: list[Comment] = []
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
    return evolve(item, comments=_reparent(kept, item.comments, ctx))


def _reparent(kept: list[Comment], every: tuple[Comment, ...], ctx: Context) -> tuple[Comment, ...]:
    """Point replies to left-out comments at their nearest kept ancestor (or the top)."""
    parents = {c.id: c.parent for c in every if c.id is not None}
    left_out = parents.keys() - {c.id for c in kept}
    out: list[Comment] = []
    for comment in kept:
        parent = comment.parent
        seen: set[int] = set()
        while parent in left_out and parent not in seen:  # ``seen``: parent loops
            seen.add(parent)
            parent = parents[parent]
        # A loop of left-out comments ends where it began, maybe at the reply's own parent.
        if parent != comment.parent or parent in left_out:
            if parent in left_out or parent not in parents:
                parent = 0  # a loop, or an ancestor the export does not hold
            ctx.report.counts["replies re-attached (parent left out)"] += 1
            comment = evolve(comment, parent=parent)
        out.append(comment)
    return tuple(out)
