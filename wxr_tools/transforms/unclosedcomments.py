"""Unclosed comments: an HTML ``<!--`` never closed is shown as text (``&lt;!--``).

On the old site everything after such a ``<!--`` was a comment, invisible; every later
stage reads it differently (as text, or as markup), and searching it for the comment's
end took time in the square of the text's length (``wxr_tools.unclosedcomments``). So
the content, the excerpt and each comment get ``&lt;!--`` in their display HTML here,
once: after ``code``, which escapes the ``<!--`` a code block shows as typed, and
before ``autop`` and the rest. The raw fields stay as stored (the WXR writer's), but a
comment's, which the ``comments`` transform escapes before its sanitizer reads it.
Each item changed is reported (WXR511): its reader now sees text they did not.
"""

from __future__ import annotations

from wxr_tools.diagnostics import shown
from wxr_tools.model import Comment, Item, evolve
from wxr_tools.transforms import Context, html_of
from wxr_tools.unclosedcomments import ESCAPED, OPENER, escaped

SHOWN = "HTML comments never closed (shown as text)"
"""The run report's count of the ``<!--`` escaped."""


Escaped = tuple[str, int, str]
"""One text of an item where ``<!--`` never closed were escaped: where (``content``,
``excerpt``, ``comment 12``), how many, the text escaped. (A tuple: a dataclass cost
more to define, on every run, than this transform costs on a few hundred posts.)"""


def transform(item: Item, ctx: Context) -> Item | None:
    changes: dict[str, object] = {}
    found: list[Escaped] = []
    content, n = escaped(html_of(item))
    if n:
        changes["content_html"] = content
        found.append(("content", n, content))
    excerpt, n = escaped(item.excerpt_html if item.excerpt_html is not None else item.excerpt)
    if n:
        changes["excerpt_html"] = excerpt
        found.append(("excerpt", n, excerpt))
    comments: list[Comment] = []
    for comment in item.comments:
        text, n = escaped(comment.content_html or comment.content)
        if n:
            changes["comments"] = comments  # filled by the end of the loop
            name = str(comment.id) if comment.id is not None else "(no id)"
            found.append((f"comment {name}", n, text))
            comment = evolve(comment, content_html=text)
        comments.append(comment)
    if not found:
        return item
    if "comments" in changes:
        changes["comments"] = tuple(comments)
    report(ctx, item, found)
    return evolve(item, **changes)


def report(ctx: Context, item: Item, found: list[Escaped]) -> None:
    """One WXR511 for ``item``: which texts had ``<!--`` never closed (how many), and
    what follows the first one."""
    ctx.report.counts[SHOWN] += sum(count for _, count, _ in found)
    text = found[0][2]
    start = text.index(ESCAPED) + len(ESCAPED)
    # Quoted as typed: the other "<!--" after it were escaped too.
    after = " ".join(text[start : start + 200].replace(ESCAPED, OPENER).split())
    places = ", ".join(f"{place} ×{count}" for place, count, _ in found)
    ctx.diagnose(
        item,
        "WXR511",
        f"{places}: '<!--' never closed, what followed it was hidden on the old site and "
        f"is now shown ({shown(after)})",
    )
