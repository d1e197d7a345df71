"""More: split the content at ``<!--more-->`` into a summary that writers can use.

``summary_html`` is what comes before the marker; the marker itself is removed from
``content_html`` (WordPress shows the whole text on the post's own page).
"""

from __future__ import annotations

from dataclasses import replace

from wxr_tools.model import Item
from wxr_tools.shortcodes import split_more
from wxr_tools.transforms import Context, html_of


def transform(item: Item, ctx: Context) -> Item | None:
    html = html_of(item)
    if "<!--more" not in html and "<!--noteaser" not in html:
        return item
    summary, rest = split_more(html)
    if rest is None:
        return item
    summary = _close_paragraph(summary)
    return replace(item, summary_html=summary, content_html=summary + _open_paragraph(rest))


def _close_paragraph(html: str) -> str:
    # autop leaves "<p>Teaser <!--more--> rest</p>"-style paragraphs; keep both halves valid.
    stripped = html.rstrip()
    if stripped.endswith("<p>"):
        return stripped[: -len("<p>")].rstrip()
    if stripped.count("<p") > stripped.count("</p>"):
        return stripped + "</p>"
    return stripped


def _open_paragraph(html: str) -> str:
    stripped = html.lstrip()
    if stripped.startswith("</p>"):
        return stripped[len("</p>") :].lstrip()
    if stripped.count("</p>") > stripped.count("<p"):
        return "<p>" + stripped
    return html
