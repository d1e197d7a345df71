"""Shortcodes: caption, gallery, embed, audio, video, youtube, vimeo, dailymotion… to HTML.

WordPress expands shortcodes at display time, so an export holds them as typed.
Built-in conversions come from ``wxr_tools.shortcodes``; ``[shortcodes.map]`` in
``wxr.toml`` sets ``keep``, ``drop``, ``comment`` or a template per name, and
``[shortcodes] unknown`` decides for the rest. Text that only looks like a shortcode
is never an "unknown shortcode" (``not_a_shortcode``): language markers (``[fr]``,
real language codes only), footnote numbers, capitalized words, Markdown link text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from wxr_tools.codeblocks import code_spans
from wxr_tools.diagnostics import NAME, cut
from wxr_tools.digits import is_number
from wxr_tools.gallery import LISTS, NOT_FOUND, Listed, gallery_html, random_order, shown
from wxr_tools.langtags import is_language
from wxr_tools.model import Item, evolve
from wxr_tools.playlist import playlist_html
from wxr_tools.shortcodehtml import CONVERTERS, render_template
from wxr_tools.shortcodes import Shortcode, replace_shortcodes
from wxr_tools.transforms import Context

_LANGUAGE_MARKER = re.compile(r"([a-z]{2,3})(?:[-_][A-Za-z]{2,4})?")
# A converted caption or gallery is a <figure>, which may not sit inside a <p>:
# autop ran first (as in WordPress) and wrapped it with the text around it. The
# figure (with the <br /> and blank space next to it) is lifted out of its paragraph.
_FIGURE = re.compile(r"(?:<br />)?\s*(<figure\b.*?</figure>)\s*(?:<br />)?\s*", re.DOTALL)
_P_TAG = re.compile(r"<(/?)p[\s>]", re.IGNORECASE)
_EMPTY_P = re.compile(r"<p>\s*</p>\n?")


def is_language_marker(name: str, codes: Iterable[str] = ()) -> bool:
    """``[fr]``, ``[en]``, ``[pt-BR]``: language markers, never shortcodes.

    The language must be a real one (``langtags.is_language``, plus ``codes``):
    ``[pdf]`` or ``[tab]`` are shortcodes.
    """
    m = _LANGUAGE_MARKER.fullmatch(name)
    return m is not None and is_language(m[1], codes)


def not_a_shortcode(
    sc: Shortcode, following: str, codes: Iterable[str] = (), in_code: bool = False
) -> str | None:
    """Why ``sc`` is text that only looks like a shortcode (None: it may be one).

    ``following`` is the text right after it; ``codes`` are extra language codes;
    ``in_code``: it is inside a ``<pre>`` or ``<code>`` element (``code_spans``).
    Such text is never an "unknown shortcode": the ``unknown`` policy leaves it alone
    (``[shortcodes.map]`` still applies), and ``wxr shortcodes`` lists it apart.
    """
    if is_number(sc.name):
        return "number"  # footnote references: "see [1]"
    if is_language_marker(sc.name, codes):
        return "language marker"
    if sc.name != sc.name.lower():
        return "capitalized word"  # "[Name] => Claire", "[The ideas]": shortcodes are lower-case
    if sc.body is None and following[:1] in ("[", "("):
        return "Markdown link text"  # "[here][3]", "[this patch](https://…)"
    if in_code:
        # "arr[i]", "if [ -f x ]" in a <pre>: WordPress showed an unknown name as typed,
        # and dropping it would cut the code.
        return "in code"
    return None


def _action(
    sc: Shortcode,
    following: str,
    section: dict[str, Any],
    codes: list[str],
    in_code: Callable[[int], bool],
) -> str:
    mapping: dict[str, str] = section["map"]
    if sc.name in mapping:
        return mapping[sc.name]
    if sc.name in CONVERTERS:
        return "convert"
    if not_a_shortcode(sc, following, codes, in_code(sc.start)) is not None:
        return "keep"
    unknown: str = section["unknown"]
    return unknown


def language_codes(ctx: Context) -> list[str]:
    """Extra language codes the configuration accepts (``[languages] codes``)."""
    codes: list[str] = ctx.config.section("languages").get("codes", [])
    return codes


def convert(text: str, ctx: Context, item: Item) -> str:
    """Convert the shortcodes of one text, reporting references that do not resolve."""
    if "[" not in text:
        return text
    section = ctx.config.section("shortcodes")
    mapping: dict[str, str] = section["map"]
    unknown: str = section["unknown"]
    codes = language_codes(ctx)
    index = ctx.index

    def resolve(attachment_id: int) -> str | None:
        url = index.attachment_url(attachment_id) if index is not None else None
        if url is None and index is not None:
            ctx.diagnose(item, "WXR502", f"attachment {attachment_id} is not in the export")
        return url

    spans: list[tuple[int, int]] | None = None

    def in_code(at: int) -> bool:
        nonlocal spans
        if spans is None:  # only for a name the unknown policy would act on
            spans = code_spans(text)
        return any(start <= at < end for start, end in spans)

    def handle(sc: Shortcode) -> str | None:
        action = _action(sc, text[sc.end : sc.end + 1], section, codes, in_code)
        if action == "keep":
            return None
        ctx.report.counts[f"shortcode {cut(sc.name, NAME)}"] += 1
        if action == "convert" and sc.name in LISTS:
            # A gallery or a playlist asks the index more than URLs: what to sort by,
            # each attachment's type, the post's attachments.
            listed = shown(sc, index, item.id)
            if listed is None:
                return None
            _report(sc, listed, ctx, item)
            if sc.name == "gallery":
                return gallery_html(sc, listed, resolve)
            return playlist_html(sc, listed, resolve, index)
        if action == "convert":
            return CONVERTERS[sc.name](sc, resolve)
        if action == "drop":
            return sc.body or ""
        if action == "comment":
            return f"<!-- {html.escape(sc.raw).replace('--', '&#45;&#45;')} -->"
        return render_template(action, sc)

    names = None if unknown != "keep" or mapping else frozenset(CONVERTERS)
    return replace_shortcodes(text, handle, names)


def _report(sc: Shortcode, listed: Listed, ctx: Context, item: Item) -> None:
    """Count what a gallery or playlist shows otherwise than WordPress did, and say
    which listed ids are no attachment of the export."""
    if random_order(sc):
        plural = "galleries" if sc.name == "gallery" else "playlists"
        ctx.report.counts[f"{plural} in a random order shown in a fixed one"] += 1
    for ident, why in listed.left_out:
        if why == NOT_FOUND:
            ctx.diagnose(item, "WXR502", f"attachment {ident} is not in the export")
        elif isinstance(ident, int):
            # An attachment of the export that WordPress's query leaves out (a PDF in
            # a gallery, a private file): not shown either, but noted where it was.
            ctx.report.counts[f"listed attachments not shown ({why}), as WordPress: noted"] += 1


def lift_figures(html: str) -> str:
    """Move every ``<figure>`` that sits inside a ``<p>`` out of it, splitting the paragraph."""
    if "<figure" not in html:
        return html
    out: list[str] = []
    pos = 0
    inside = False  # whether a <p> is open at ``pos``
    while (m := _next_figure(html, pos)) is not None:
        before = html[pos : m.start()]
        for tag in _P_TAG.finditer(before):
            inside = tag[1] == ""
        out.append(before)
        out.append(f"</p>\n{m[1]}\n<p>" if inside else m[0])
        pos = m.end()
    out.append(html[pos:])
    return _EMPTY_P.sub("", "".join(out))


def _next_figure(html: str, pos: int) -> re.Match[str] | None:
    """``_FIGURE``'s next match from ``pos``, as ``finditer`` gives it, at less cost.

    The pattern starts with optional parts, so a plain search tries it at every
    character of the text. A match is at most ``<br />`` and white space before the
    first ``<figure`` at or after ``pos``: the search can start right there.
    """
    found = html.find("<figure", pos)
    if found < 0:
        return None
    start = found
    while start > pos and html[start - 1].isspace():  # what ``\s`` matches
        start -= 1
    return _FIGURE.search(html, max(pos, start - len("<br />")))


def _convert_html(text: str, ctx: Context, item: Item) -> str:
    converted = convert(text, ctx, item)
    return converted if converted is text else lift_figures(converted)


def transform(item: Item, ctx: Context) -> Item | None:
    content = item.content_html if item.content_html is not None else item.content
    converted = _convert_html(content, ctx, item)
    excerpt = item.excerpt_html
    new_excerpt = _convert_html(excerpt, ctx, item) if excerpt else excerpt
    if converted is content and new_excerpt is excerpt:
        return item
    return evolve(item, content_html=converted, excerpt_html=new_excerpt)
