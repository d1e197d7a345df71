"""Comment policy: approved comments kept; pending, spam, trash and post-trashed left out.

``[comments] keep`` lists the ``comment_approved`` values that are kept and
``pings`` whether pingbacks and trackbacks are. Every comment left out is counted
by reason in the run report. A kept reply whose parent was left out is attached to
its nearest kept ancestor (top level when there is none), so that no comment points
to one that is not written.

``[comments] sanitize`` then removes from each kept comment the markup its author could
not have posted (``wxr_tools.commentmarkup``; WXR510, once per item). It changes the
stored ``content``, as WordPress's kses did when the comment was saved, so that every
writer (the WXR and Disqus ones too) carries the cleaned text, and so before the
display transforms (autop, clickable, smilies) add their own markup. Before it reads a
comment, an HTML ``<!--`` never closed is written ``&lt;!--`` (WXR511): the
``unclosedcomments`` transform shows the text after it, which the sanitizer must have
read as markup, not as the comment a browser would have hidden. A comment nested deeper
than a browser builds is shown as text, unparsed (WXR512).
"""

from __future__ import annotations

from collections import Counter

from wxr_tools import commentmarkup
from wxr_tools.diagnostics import TYPE, shown
from wxr_tools.model import Comment, Item, evolve
from wxr_tools.transforms import Context
from wxr_tools.transforms.unclosedcomments import Escaped, name_of, report
from wxr_tools.unclosedcomments import OPENER, escaped

TOO_DEEP = "comments nested too deep (markup shown as text)"

_REASONS = {"0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "post-trashed"}
_PINGS = frozenset(("pingback", "trackback"))


def transform(item: Item, ctx: Context) -> Item | None:
    if not item.comments:
        return item
    section = ctx.config.section("comments")
    keep = set(section["keep"])
    if _untouched(item.comments, keep, section["pings"], section["sanitize"]):
        return item
    return _filtered(item, keep, ctx)


def _untouched(comments: tuple[Comment, ...], keep: set[str], pings: bool, mode: str) -> bool:
    """Whether ``_filtered`` gives the item back as it is, reporting nothing: every
    comment kept, and none holds markup (``_sanitized`` leaves such a text alone) or
    none is sanitized. Most items: one look at each comment, no tuple built."""
    for comment in comments:
        if comment.approved not in keep or (not pings and comment.type in _PINGS):
            return False
        if mode != "none" and "<" in comment.content:
            return False
    return True


def _filtered(item: Item, keep: set[str], ctx: Context) -> Item:
    """The policy applied to every comment of ``item``, each one left out counted."""
    section = ctx.config.section("comments")
    pings = section["pings"]
    kept: list[Comment] = []
    for comment in item.comments:
        if comment.approved not in keep:
            reason = _REASONS.get(comment.approved, f"approved={shown(comment.approved, TYPE)}")
            ctx.report.exclude_comment(f"{reason} excluded")
        elif not pings and comment.type in _PINGS:
            ctx.report.exclude_comment(f"{comment.type} excluded")
        else:
            kept.append(comment)
    comments = tuple(kept)
    if len(kept) != len(item.comments):
        comments = _reparent(kept, item.comments, ctx)
    if section["sanitize"] != "none":
        comments = _sanitized(item, comments, section["sanitize"], ctx)
    return item if comments == item.comments else evolve(item, comments=comments)


def _sanitized(
    item: Item, comments: tuple[Comment, ...], mode: str, ctx: Context
) -> tuple[Comment, ...]:
    out: list[Comment] = []
    changed: list[str] = []
    removed: Counter[str] = Counter()
    opened: list[Escaped] = []
    for comment in comments:
        if "<" not in comment.content:
            # Text only (most comments): no "<!--" to escape and nothing for the
            # sanitizer, which returns such a text as it is (``commentmarkup.clean``).
            out.append(comment)
            continue
        if OPENER in comment.content:  # a call for the few comments that hold one
            content, n = escaped(comment.content)
            if n:
                opened.append((f"comment {name_of(comment)}", n, content))
            if content != comment.content:
                comment = evolve(comment, content=content)
        trusted = mode == "visitors" and comment.user_id > 0
        policy = commentmarkup.TRUSTED if trusted else commentmarkup.VISITOR
        cleaned = commentmarkup.clean(comment.content, policy)
        if cleaned.depth:
            ctx.report.counts[TOO_DEEP] += 1
            ctx.diagnose(
                item,
                "WXR512",
                f"comment {name_of(comment)}: elements nested {cleaned.depth} deep (a "
                f"browser builds {commentmarkup.MAX_DEPTH}): its markup is shown as text",
            )
            comment = evolve(comment, content=cleaned.html)
        elif cleaned.removed:
            who = "registered users'" if trusted else "visitors'"
            ctx.report.counts[f"{who} comments with markup they could not post (removed)"] += 1
            ctx.report.counts["pieces of comment markup removed"] += cleaned.removed.total()
            changed.append(name_of(comment))
            removed += cleaned.removed
            comment = evolve(comment, content=cleaned.html)
        out.append(comment)
    if opened:
        report(ctx, item, opened)
    if changed:
        what = ", ".join(f"{name} ×{n}" for name, n in sorted(removed.items()))
        ctx.diagnose(item, "WXR510", f"comments {', '.join(changed)}: removed {what}")
    return tuple(out)


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
