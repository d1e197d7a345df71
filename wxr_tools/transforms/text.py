"""Text repair: mojibake fixed where it is clearly mojibake; old escaped titles unescaped once.

Mojibake (UTF-8 decoded as Windows-1252 and saved again: "Ã©" for "é") is
repaired with ftfy, only where ftfy judges the text clearly bad; every repair is
reported (WXR501) with the text before and after. Titles of exports written by
WordPress before 5.7 went through ``esc_html``: they are unescaped exactly once, so
a title that really contains "&amp;" keeps it.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from ftfy import fix_encoding
from ftfy.badness import is_bad

from wxr_tools.model import Item, Site
from wxr_tools.transforms import Context

# Cheap gate before ftfy: mojibake of Latin text always shows one of these lead bytes.
_SUSPECT = re.compile(
    "[ÃÂâÅÄÆÐÑÎÏÉËÍ][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")
_GENERATOR_VERSION = re.compile(r"(?:\?v=|WordPress/)(\d+)\.(\d+)")


def repair(text: str) -> str:
    """The text with mojibake repaired, or the text itself when nothing is clearly wrong."""
    if not text or not _SUSPECT.search(text) or not is_bad(text):
        return text
    return fix_encoding(text)


def titles_escaped(site: Site) -> bool | None:
    """Whether the exporter HTML-escaped titles (WordPress < 5.7); None when unknown."""
    m = _GENERATOR_VERSION.search(site.generator)
    if m is None:
        return None
    return (int(m.group(1)), int(m.group(2))) < (5, 7)


def unescape_title(title: str, site: Site, mode: str) -> str:
    if mode == "never" or "&" not in title:
        return title
    escaped = titles_escaped(site)
    if mode == "always" or escaped or (escaped is None and _ENTITY.search(title)):
        return html.unescape(title)
    return title


def transform(item: Item, ctx: Context) -> Item | None:
    section = ctx.config.section("text")
    title = unescape_title(item.title, ctx.site, section["unescape_titles"])
    changes: dict[str, object] = {}
    if title != item.title:
        changes["title"] = title
    if section["mojibake"]:
        for name in ("title", "content", "excerpt"):
            before = str(changes.get(name, getattr(item, name)))
            after = repair(before)
            if after != before:
                changes[name] = after
                _report(ctx, item, name, before, after)
        comments = []
        for c in item.comments:
            content, author = repair(c.content), repair(c.author)
            if content != c.content or author != c.author:
                _report(ctx, item, f"comment {c.id}", c.content + c.author, content + author)
                c = replace(c, content=content, author=author)
            comments.append(c)
        if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
            changes["comments"] = tuple(comments)
    return replace(item, **changes) if changes else item  # type: ignore[arg-type]


def _report(ctx: Context, item: Item, field: str, before: str, after: str) -> None:
    ctx.report.counts["mojibake repaired"] += 1
    start = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    excerpt_before = before[max(start - 10, 0) : start + 30].replace("\n", " ")
    excerpt_after = after[max(start - 10, 0) : start + 30].replace("\n", " ")
    ctx.diagnose(item, "WXR501", f"{field}: {excerpt_before!r} -> {excerpt_after!r}")
