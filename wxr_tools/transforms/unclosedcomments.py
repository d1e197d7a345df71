"""Unclosed comments: an HTML ``<!--`` never closed is shown as text (``&lt;!--``).

On the old site everything after such a ``<!--`` was a comment, invisible; every later
stage reads it differently (as text, or as markup), and searching it for the comment's
end took time in the square of the text's length (``wxr_tools.unclosedcomments``). So
the content, the excerpt and each comment get ``&lt;!--`` in their display HTML here,
once: after ``code``, which escapes the ``<!--`` a code block shows as typed, and
before ``autop`` and the rest. The raw fields stay as stored (the WXR writer's), but a
comment's, which the ``comments`` transform escapes before its sanitizer reads it.
Each item changed is reported (WXR511): its reader now sees text they did not. (A
``--!>`` that closes a comment, written ``-->``, hides what it hid: not reported.)
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
    # Each text is looked at once by a substring test before anything is called: this
    # runs on every item, and nearly none has an opener never closed.
    content = html_of(item)
    excerpt = item.excerpt_html if item.excerpt_html is not None else item.excerpt
    if not _holds_opener(item, content, excerpt):
        return item  # no "<!--" anywhere: the tests below, without their tuples
    changes: dict[str, object] = {}
    found: list[Escaped] = []
    for field, place, text in (
        ("content_html", "content", content),
        ("excerpt_html", "excerpt", excerpt),
    ):
        if OPENER in text:
            out, n = escaped(text)
            if out != text:  # a "--!>" made "-->" changes it too, silently
                changes[field] = out
            if n:
                found.append((place, n, out))
    if any(OPENER in (c.content_html or c.content) for c in item.comments):
        comments = tuple(_comment(c, found) for c in item.comments)
        if comments != item.comments:
            changes["comments"] = comments
    if found:
        report(ctx, item, found)
    return evolve(item, **changes) if changes else item


def _holds_opener(item: Item, content: str, excerpt: str) -> bool:
    """Whether ``content``, ``excerpt`` or a comment of ``item`` holds ``<!--``."""
    if OPENER in content or OPENER in excerpt:
        return True
    for comment in item.comments:
        text = comment.content_html or comment.content
        # "<" first: most comments hold no markup, and a scan for one character costs
        # a fraction of one for four (an opener holds a "<").
        if "<" in text and OPENER in text:
            return True
    return False


def _comment(comment: Comment, found: list[Escaped]) -> Comment:
    text = comment.content_html or comment.content
    out, n = escaped(text)
    if n:
        found.append((f"comment {name_of(comment)}", n, out))
    return comment if out == text else evolve(comment, content_html=out)


def name_of(comment: Comment) -> str:
    """The comment's id as messages name it."""
    return str(comment.id) if comment.id is not None else "(no id)"


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
