"""The ``[gallery]`` shortcode as HTML: the images WordPress's ``gallery_shortcode`` shows,
in its order.

Which images: with ``ids`` (or ``include``) those attachments, read with
``wp_parse_id_list``, which keeps each id once, where it first appears; ``exclude`` then
has no effect. Without them, the images attached to the post (``id="N"``: to post N),
but those ``exclude`` names. WordPress asks for images (``post_mime_type=image``), which
an export does not say: an attachment whose file has an image's extension is one.

In which order: ``orderby`` (``gallery_order.order_keys``), each key in the direction
``order`` gives (``ASC`` unless it says otherwise); ``ids`` without ``orderby`` keep the
list's order (``post__in``, where ``order`` has no effect); ``include`` alone and the
post's images are sorted by ``menu_order``, then ``ID``. ``orderby="rand"`` shows a new
order on each page view: here the list's order is kept (the ids' for the post's images),
so the output is the same from run to run (``random_order``; the run report counts
such galleries).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Protocol

from wxr_tools.digits import id_parts, is_number
from wxr_tools.gallery_order import UNSORTED, order_keys, sort_ids

if TYPE_CHECKING:
    from wxr_tools.index import Entry
    from wxr_tools.shortcodes import Resolver, Shortcode


class Attachments(Protocol):
    """What a gallery asks the index (``wxr_tools.index.Index``) about attachments."""

    def get(self, item_id: int) -> Entry | None: ...

    def attached_to(self, parent: int) -> list[Entry]: ...


# The extensions of WordPress's image types (wp_get_mime_types), and SVG, which a
# plugin may allow: the post's images are those whose file is one of them.
_IMAGE_EXTENSIONS = frozenset(
    (
        *("jpg", "jpeg", "jpe", "gif", "png", "bmp", "tif", "tiff"),
        *("ico", "webp", "avif", "heic", "heif", "svg"),
    )
)


def random_order(sc: Shortcode) -> bool:
    """Whether WordPress showed this gallery in a new order on each page view."""
    return "rand" in order_keys(_orderby(sc))


def gallery_ids(
    sc: Shortcode, attachments: Attachments | None = None, post: int | None = None
) -> list[int | str] | None:
    """The ids a gallery shows, in order, then the tokens of its list that are no id
    (their text); None: it cannot be told (keep the shortcode).

    ``attachments``: the export's index, which knows what to sort by and the post's
    images; without it only the ids' order (``orderby="ID"``) is followed, and a gallery
    without ids cannot be told. ``post``: the id of the post the gallery is in.
    """
    listed = sc.attrs.get("ids") or sc.attrs.get("include") or ""
    keys = order_keys(_orderby(sc))
    descending = sc.attrs.get("order", "ASC").upper() != "ASC"
    if listed:
        tokens = _once(id_parts(listed))  # "1 2" is two ids too, as WordPress reads it
        if not tokens:
            return None
        if keys in (["list"], ["rand"]):
            return [int(t) if is_number(t) else t for t in tokens]
        numbers = [int(t) for t in tokens if is_number(t)]
        invalid: list[int | str] = [t for t in tokens if not is_number(t)]
        if attachments is None:
            # Only the ids are known: an order that needs more keeps the list's.
            if not UNSORTED.issuperset(keys):
                return [*numbers, *invalid]
            return [*sort_ids(numbers, keys, descending, lambda n: None), *invalid]
        found = {n: e for n in numbers if (e := attachments.get(n)) and e.type == "attachment"}
        # WordPress shows no id that is no attachment: their notes go last, in order.
        missing: list[int | str] = [n for n in numbers if n not in found]
        return [*sort_ids(found, keys, descending, found.get), *missing, *invalid]
    parent = _parent(sc, post)
    if attachments is None or parent is None:
        return None
    excluded = {int(t) for t in id_parts(sc.attrs.get("exclude", "")) if is_number(t)}
    images = {
        e.id: e for e in attachments.attached_to(parent) if _is_image(e) and e.id not in excluded
    }
    if not images:
        # None, or none in the export (a posts-only export has no attachments): the
        # shortcode stays visible rather than vanish.
        return None
    return list(sort_ids(sorted(images), keys, descending, images.get))


def convert_gallery(
    sc: Shortcode,
    resolve: Resolver,
    attachments: Attachments | None = None,
    post: int | None = None,
) -> str | None:
    """``[gallery ids="1,2"]`` → ``<figure class="wp-block-gallery">`` of images.

    ``attachments`` and ``post``: see ``gallery_ids``; None when it cannot be told.
    """
    ids = gallery_ids(sc, attachments, post)
    if ids is None:
        return None
    link_file = sc.attrs.get("link") == "file"
    parts: list[str] = []
    for ident in ids:
        if isinstance(ident, str):
            parts.append("<!-- gallery: invalid attachment id -->")
            continue
        url = resolve(ident)
        if url is None:
            parts.append(f"<!-- gallery: attachment {ident} not found -->")
            continue
        img = f'<img src="{html.escape(url)}" alt="" data-id="{ident}">'
        parts.append(f'<a href="{html.escape(url)}">{img}</a>' if link_file else img)
    columns = sc.attrs.get("columns", "")
    extra = f" columns-{int(columns)}" if is_number(columns) else ""
    return f'<figure class="wp-block-gallery{extra}">{"".join(parts)}</figure>'


def _orderby(sc: Shortcode) -> str:
    """The ``orderby`` WordPress queries with: ``ids`` without one keep their order."""
    given = sc.attrs.get("orderby")
    if sc.attrs.get("ids") and not given:
        return "post__in"
    return "menu_order ID" if given is None else given


def _once(tokens: list[str]) -> list[str]:
    """The tokens once each, at their first place: ``wp_parse_id_list``'s array_unique."""
    # "7" and "07" are one id (absint), so they are one image too.
    first: dict[int | str, str] = {}
    for token in tokens:
        first.setdefault(int(token) if is_number(token) else token, token)
    return list(first.values())


def _parent(sc: Shortcode, post: int | None) -> int | None:
    """Whose attached images a gallery without ids shows: ``id``'s post, or its own."""
    given = sc.attrs.get("id")
    if given is None:
        return post
    # WordPress reads it with intval: "0" or a word would be post 0, the images attached
    # to none; such a gallery is kept as written rather than guessed at.
    given = given.strip()
    return int(given) if is_number(given) and int(given) > 0 else None


def _is_image(entry: Entry) -> bool:
    """An attachment WordPress's ``post_mime_type=image`` query would give."""
    if entry.type != "attachment" or entry.status != "inherit":
        return False
    path = entry.attached_file or entry.attachment_url or entry.guid
    name = path.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in _IMAGE_EXTENSIONS
