"""The ``[gallery]`` shortcode as HTML: the images WordPress's ``gallery_shortcode`` shows.

WordPress reads ``ids`` (or ``include``) with ``wp_parse_id_list``, which keeps each id
once, and fetches those attachments with one query: each image is shown once, however
often its id is repeated, where it first appears. With ``ids`` the order is the list's
(``orderby=post__in``, where ``order`` has no effect) unless an ``orderby`` is given.
Of the orders WordPress knows, only ``ID`` needs nothing but the ids, and is followed;
the others (``rand``, ``title``, ``date``, ``menu_order``, and ``include`` alone, which
sorts by ``menu_order ID``) keep the list's order: the output stays the same from run
to run, and needs no attachment data.
``exclude`` only narrows a gallery of the post's attachments, which this pure function
does not know (such a shortcode is kept); with ``ids`` WordPress ignores it too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from wxr_tools.digits import id_parts, is_number

if TYPE_CHECKING:
    from wxr_tools.shortcodes import Resolver, Shortcode


def _ordered(sc: Shortcode, tokens: list[str]) -> list[str]:
    """The tokens once each, first place kept, sorted when ``orderby="ID"`` asks for it."""
    # "7" and "07" are one id (absint), so they are one image too.
    first: dict[int | str, str] = {}
    for token in tokens:
        first.setdefault(int(token) if is_number(token) else token, token)
    once = list(first.values())
    # WP_Query's orderby keys are case-sensitive ("id" is no key), and its order is
    # ASC only for "asc" in any case, DESC otherwise; gallery_shortcode's default is ASC.
    if sc.attrs.get("orderby") == "ID":
        numbers = sorted((t for t in once if is_number(t)), key=int)
        if sc.attrs.get("order", "ASC").upper() != "ASC":
            numbers.reverse()
        # WordPress shows no invalid id at all; their notes go last, in the list's order.
        return numbers + [t for t in once if not is_number(t)]
    return once


def convert_gallery(sc: Shortcode, resolve: Resolver) -> str | None:
    """``[gallery ids="1,2"]`` → ``<figure class="wp-block-gallery">`` of images.

    Without ``ids``/``include`` WordPress shows the post's attachments, which a pure
    function cannot know: the shortcode is then kept (None).
    """
    ids = sc.attrs.get("ids") or sc.attrs.get("include") or ""
    tokens = id_parts(ids)  # "1 2" is two ids too, as WordPress and the media scan read it
    if not tokens:
        return None
    link_file = sc.attrs.get("link") == "file"
    parts: list[str] = []
    for token in _ordered(sc, tokens):
        if not is_number(token):
            parts.append("<!-- gallery: invalid attachment id -->")
            continue
        ident = int(token)
        url = resolve(ident)
        if url is None:
            parts.append(f"<!-- gallery: attachment {ident} not found -->")
            continue
        img = f'<img src="{html.escape(url)}" alt="" data-id="{ident}">'
        parts.append(f'<a href="{html.escape(url)}">{img}</a>' if link_file else img)
    columns = sc.attrs.get("columns", "")
    extra = f" columns-{int(columns)}" if is_number(columns) else ""
    return f'<figure class="wp-block-gallery{extra}">{"".join(parts)}</figure>'
