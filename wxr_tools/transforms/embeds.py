"""Embeds: a URL alone on its line, or alone in its paragraph, as WordPress showed it.

WordPress's autoembed (on the post's content, before paragraphs and shortcodes) turns
an address typed alone on a line, or alone in a paragraph, into the provider's player,
and an address it cannot embed into a link. The export holds the address as typed, so
a converted post showed the bare text where readers had a video. Here YouTube and
Vimeo become the same player as ``[embed]`` (``shortcodes.embed_html``), any other
address a link (the links transform, which runs later, rewrites it when it is one of
the site's own pages). The content of ``<pre>``, ``<code>``, ``<script>``, ``<style>``
and ``<textarea>`` is left as it is; excerpts and comments are (WordPress embeds in
the content only).
"""

from __future__ import annotations

import html
import re

from wxr_tools.model import Item, evolve
from wxr_tools.shortcodes import embed_html
from wxr_tools.transforms import Context, html_of

# After autop, an address alone on a line starts a paragraph or follows a <br />, and
# ends one or comes before a <br />; in block content, alone in a <p>, or on a line.
_ALONE = re.compile(
    r'(<p(?:\s[^>]*)?>|<br\s*/?>\n?|^)([ \t]*)(https?://[^\s<>"]+)([ \t]*)(?=</p>|<br\s*/?>|$)',
    re.IGNORECASE | re.MULTILINE,
)
_UNTOUCHED = re.compile(
    r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)


def transform(item: Item, ctx: Context) -> Item | None:
    content = html_of(item)
    if "://" not in content:
        return item
    counts = ctx.report.counts
    untouched = [m.span() for m in _UNTOUCHED.finditer(content)]

    def embed(m: re.Match[str]) -> str:
        at = m.start(3)
        if any(start < at < end for start, end in untouched):
            return m.group(0)
        made, player = embed_html(html.unescape(m.group(3)))  # text: references decoded
        counts["URLs alone made players" if player else "URLs alone made links"] += 1
        return m.group(1) + m.group(2) + made + m.group(4)

    converted = _ALONE.sub(embed, content)
    return item if converted == content else evolve(item, content_html=converted)
