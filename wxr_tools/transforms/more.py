"""More: split the content at ``<!--more-->`` into a summary that writers can use.

``summary_html`` is what comes before the marker; the marker itself is removed from
``content_html`` (WordPress shows the whole text on the post's own page). Both halves
stay valid HTML: a paragraph the marker cut in two is closed and reopened, and the
block editor's ``<!-- wp:more -->`` wrapper goes with the marker.
"""

from __future__ import annotations

import re

from wxr_tools.model import Item, evolve
from wxr_tools.shortcodes import split_more
from wxr_tools.transforms import Context, html_of

# "<p>" or "<p class=…>", never "<pre>", "<param>" or "<picture>".
_P_OPEN = re.compile(r"<p[\s>]", re.IGNORECASE)
_P_CLOSE = re.compile(r"</p\s*>", re.IGNORECASE)
# The block editor wraps the marker: <!-- wp:more {"customText":…} --><!--more--><!-- /wp:more -->
_MORE_BLOCK_OPEN = re.compile(r"<!-- wp:more(?:\s[^<>]*)? -->\s*\Z")
_MORE_BLOCK_CLOSE = re.compile(r"\A\s*<!-- /wp:more -->")
_BR = "<br />"


def transform(item: Item, ctx: Context) -> Item | None:
    html = html_of(item)
    # Both markers start with "<!--": most texts hold none, and one scan for it costs
    # less than the two for the markers.
    if "<!--" not in html or ("<!--more" not in html and "<!--noteaser" not in html):
        return item
    summary, rest = split_more(html)
    if rest is None:
        return item
    summary = _close_paragraph(summary)
    rest = _open_paragraph(rest)
    content = "\n".join(part for part in (summary, rest) if part)
    return evolve(item, summary_html=summary, content_html=content)


def _unbalanced(html: str) -> int:
    """Paragraphs opened and not closed (negative: closed and not opened)."""
    return len(_P_OPEN.findall(html)) - len(_P_CLOSE.findall(html))


def _close_paragraph(html: str) -> str:
    # autop leaves "<p>Teaser <!--more--> rest</p>"-style paragraphs; keep both halves valid.
    stripped = _MORE_BLOCK_OPEN.sub("", html.rstrip()).rstrip()
    if stripped.endswith("<p>"):
        stripped = stripped[: -len("<p>")].rstrip()
    stripped = stripped.removesuffix(_BR).rstrip()
    if _unbalanced(stripped) > 0:
        stripped += "</p>"
    return stripped


def _open_paragraph(html: str) -> str:
    rest = _MORE_BLOCK_CLOSE.sub("", html, count=1).lstrip()
    if rest.startswith("</p>"):
        return rest[len("</p>") :].lstrip()
    rest = rest.removeprefix(_BR).lstrip()
    if _unbalanced(rest) < 0:
        return "<p>" + rest
    return rest
