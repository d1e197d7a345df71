"""Shortcodes: caption, gallery, embed, audio, video, youtube, vimeo, code to HTML.

WordPress expands shortcodes at display time, so an export holds them as typed.
Built-in conversions come from ``wxr_tools.shortcodes``; ``[shortcodes.map]`` in
``wxr.toml`` sets ``keep``, ``drop``, ``comment`` or a template per name, and
``[shortcodes] unknown`` decides for the rest. Two- and three-letter lower-case
names are never "unknown shortcodes": they are language markers (``[fr]``).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from wxr_tools.model import Item
from wxr_tools.shortcodes import CONVERTERS, Shortcode, render_template, replace_shortcodes
from wxr_tools.transforms import Context

_LANGUAGE_MARKER = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")
# A converted caption or gallery is a <figure>, which may not sit inside a <p>:
# autop ran first (as in WordPress) and wrapped it with the text after it.
_FIGURE_IN_P = re.compile(r"<p>(<figure\b.*?</figure>)\s*(?:<br />\s*)?", re.DOTALL)
_EMPTY_P = re.compile(r"<p>\s*</p>\n?")


def _action(sc: Shortcode, mapping: dict[str, str], unknown: str) -> str:
    if sc.name in mapping:
        return mapping[sc.name]
    if sc.name in CONVERTERS:
        return "convert"
    if _LANGUAGE_MARKER.fullmatch(sc.name) or sc.name.isdigit():
        return "keep"
    return unknown


def convert(text: str, ctx: Context, item: Item) -> str:
    """Convert the shortcodes of one text, reporting references that do not resolve."""
    if "[" not in text:
        return text
    section = ctx.config.section("shortcodes")
    mapping: dict[str, str] = section["map"]
    unknown: str = section["unknown"]
    index = ctx.index

    def resolve(attachment_id: int) -> str | None:
        url = index.attachment_url(attachment_id) if index is not None else None
        if url is None and index is not None:
            ctx.diagnose(item, "WXR502", f"attachment {attachment_id} is not in the export")
        return url

    def handle(sc: Shortcode) -> str | None:
        action = _action(sc, mapping, unknown)
        if action == "keep":
            return None
        ctx.report.counts[f"shortcode {sc.name}"] += 1
        if action == "convert":
            return CONVERTERS[sc.name](sc, resolve)
        if action == "drop":
            return sc.body or ""
        if action == "comment":
            return f"<!-- {html.escape(sc.raw).replace('--', '&#45;&#45;')} -->"
        return render_template(action, sc)

    names = None if unknown != "keep" or mapping else frozenset(CONVERTERS)
    return replace_shortcodes(text, handle, names)


def transform(item: Item, ctx: Context) -> Item | None:
    content = item.content_html if item.content_html is not None else item.content
    converted = convert(content, ctx, item)
    if "<p><figure" in converted:
        converted = _EMPTY_P.sub("", _FIGURE_IN_P.sub(r"\1\n<p>", converted))
    excerpt = item.excerpt_html
    new_excerpt = convert(excerpt, ctx, item) if excerpt else excerpt
    if converted is content and new_excerpt is excerpt:
        return item
    return replace(item, content_html=converted, excerpt_html=new_excerpt)
