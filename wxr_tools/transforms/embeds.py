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

import re
from collections.abc import Iterator

from wxr_tools import htmlrefs
from wxr_tools.model import Item, evolve
from wxr_tools.shortcodehtml import embed_html
from wxr_tools.transforms import Context, html_of

# After autop, an address alone on a line starts a paragraph or follows a <br />, and
# ends one or comes before a <br />; in block content, alone in a <p>, or on a line.
_ADDRESS = re.compile(r'https?://[^\s<>"]+', re.IGNORECASE)
_BEFORE = re.compile(r"(?:<p(?:\s[^>]*)?>|<br\s*/?>\n?|\n|^)[ \t]*\Z", re.IGNORECASE)
_AFTER = re.compile(r"[ \t]*(?:</p>|<br\s*/?>|\n|\Z)", re.IGNORECASE)
_UNTOUCHED = re.compile(
    r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_LOOK_BACK = 64
"""Characters before an address enough to see a ``<p …>`` (longer ones: not alone)."""


def addresses(text: str) -> Iterator[re.Match[str]]:
    """``_ADDRESS.finditer(text)``, found from each "://" (a fast scan for a literal)
    rather than by trying the pattern at every character of the text.

    An address's "://" comes right after "http" or "https": its match starts 4 or 5
    characters before (never before the end of the previous one, as ``finditer``'s).
    """
    pos = 0
    while (at := text.find("://", pos)) != -1:
        m = _ADDRESS.match(text, max(at - 5, pos)) or _ADDRESS.match(text, max(at - 4, pos))
        if m is None:
            pos = at + 1
            continue
        pos = m.end()
        yield m


def alone(text: str) -> Iterator[re.Match[str]]:
    """The addresses of ``text`` alone on their line or in their paragraph (those in
    ``<pre>``, ``<code>``... included): what WordPress's autoembed looked at."""
    for m in addresses(text):
        start, end = m.span()
        if _AFTER.match(text, end) is None:
            continue
        if _BEFORE.search(text, max(0, start - _LOOK_BACK), start) is not None:
            yield m


def transform(item: Item, ctx: Context) -> Item | None:
    content = html_of(item)
    if "://" not in content:
        return item
    counts = ctx.report.counts
    untouched: list[tuple[int, int]] | None = None
    out: list[str] = []
    pos = 0
    # Each address is looked at where it is (a few a post), rather than a pattern that
    # starts with its optional context tried at every character.
    for m in alone(content):
        start, end = m.span()
        if untouched is None:
            untouched = [u.span() for u in _UNTOUCHED.finditer(content)]
        if any(a < start < b for a, b in untouched):
            continue
        made, player = embed_html(htmlrefs.unescape(m.group()))  # text: references decoded
        counts["URLs alone made players" if player else "URLs alone made links"] += 1
        out.append(content[pos:start])
        out.append(made)
        pos = end
    if not out:
        return item
    out.append(content[pos:])
    return evolve(item, content_html="".join(out))
