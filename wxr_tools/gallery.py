"""The ``[gallery]`` shortcode as HTML, and which attachments a ``[gallery]`` or a
``[playlist]`` shows, in which order: those WordPress's ``gallery_shortcode`` and
``wp_playlist_shortcode`` show (they query alike; ``wxr_tools.playlist`` writes the
playlist).

Which attachments: with ``ids`` (or ``include``) those of them that are of the
shortcode's type, read with ``wp_parse_id_list``, which keeps each id once, where it
first appears; ``exclude`` then has no effect. Without them (``ids="0"`` is none: PHP's
``empty``), the attachments of that type attached to the post (``id="N"``: to post N),
but those ``exclude`` names.
WordPress asks for ``post_status=inherit`` and a ``post_mime_type``: ``image`` for a
gallery, ``audio`` for a playlist (``type="audio"``, the default) or ``video`` (any
other ``type``). An export does not say an attachment's type: the extension of its file
decides (``media.filetypes.family_of``). A listed id that is not shown is not lost
without a word: ``Listed.left_out`` says why, and the HTML has a note for it.

In which order: ``orderby`` (``gallery_order.order_keys``), each key in the direction
``order`` gives (``ASC`` unless it says otherwise); ``ids`` without ``orderby`` keep the
list's order (``post__in``, where ``order`` has no effect); ``include`` alone and the
post's attachments are sorted by ``menu_order``, then ``ID``. ``orderby="rand"`` shows
a new order on each page view: here the list's order is kept (the ids' for the post's
attachments), so the output is the same from run to run (``random_order``; the run
report counts such galleries).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from wxr_tools.digits import id_parts, is_number
from wxr_tools.gallery_order import UNSORTED, order_keys, sort_ids
from wxr_tools.media.filetypes import family_of

if TYPE_CHECKING:
    from wxr_tools.index import Entry
    from wxr_tools.shortcodes import Resolver, Shortcode

LISTS = frozenset(("gallery", "playlist"))
"""The shortcodes whose attachments ``shown`` tells."""
INVALID = "invalid"
NOT_FOUND = "not found"
OTHER_TYPE = "another type"
NOT_PUBLIC = "not public"
"""Why a listed id is not shown: not an id, no attachment of the export, an attachment
of another type than the shortcode shows, or one whose status is not ``inherit``."""


class Attachments(Protocol):
    """What a gallery asks the index (``wxr_tools.index.Index``) about attachments."""

    def get(self, item_id: int) -> Entry | None: ...

    def attached_to(self, parent: int) -> list[Entry]: ...


@dataclass(frozen=True, slots=True)
class Listed:
    """What a gallery or playlist shows, and what its list names that it does not."""

    entries: list[tuple[int | str, str | None]]
    """In order: each attachment shown (why: None), and each listed id not shown (a
    token that is no id: its text) with why (``NOT_FOUND``, ``OTHER_TYPE``,
    ``NOT_PUBLIC``, ``INVALID``), where its note goes: at its place in a list shown in
    its own order, else after the attachments shown."""

    @property
    def left_out(self) -> list[tuple[int | str, str]]:
        """The listed ids not shown, with why."""
        return [(n, why) for n, why in self.entries if why is not None]


def random_order(sc: Shortcode) -> bool:
    """Whether WordPress showed this gallery in a new order on each page view."""
    return "rand" in order_keys(_orderby(sc))


def family(sc: Shortcode) -> str:
    """The type of file ``sc`` shows: ``image``, ``audio`` or ``video``."""
    if sc.name != "playlist":
        return "image"
    # WordPress compares the type as given: anything but "audio" ("Audio" too) is video.
    return "audio" if sc.attrs.get("type", "audio") == "audio" else "video"


def shown(
    sc: Shortcode, attachments: Attachments | None = None, post: int | None = None
) -> Listed | None:
    """The attachments a ``[gallery]`` or ``[playlist]`` shows, in order, and the listed
    ids it does not; None: it cannot be told (keep the shortcode).

    ``attachments``: the export's index, which knows what to sort by, each attachment's
    type and the post's attachments; without it every listed id is shown, and only the
    ids' order (``orderby="ID"``) is followed; a list without ids cannot be told.
    ``post``: the id of the post the shortcode is in.
    """
    listed = _given(sc, "ids") or _given(sc, "include")
    keys = order_keys(_orderby(sc))
    descending = sc.attrs.get("order", "ASC").upper() != "ASC"
    kind = family(sc)
    if listed:
        tokens = _once(id_parts(listed))  # "1 2" is two ids too, as WordPress reads it
        if not tokens:
            return None
        entries: list[tuple[int | str, str | None]] = [
            (int(t), None if attachments is None else _why_not(attachments.get(int(t)), kind))
            if is_number(t)
            else (t, INVALID)
            for t in tokens
        ]
        if keys in (["list"], ["rand"]):
            return Listed(entries)  # each note where its id is
        found = [n for n, why in entries if why is None and isinstance(n, int)]
        if attachments is not None:
            ordered = sort_ids(found, keys, descending, attachments.get)
        elif UNSORTED.issuperset(keys):
            ordered = sort_ids(found, keys, descending, lambda n: None)
        else:
            ordered = found  # only the ids are known: an order that needs more keeps the list's
        # The notes of the others go after the attachments shown, the tokens' last.
        rest = sorted((e for e in entries if e[1] is not None), key=lambda e: e[1] == INVALID)
        return Listed([*((n, None) for n in ordered), *rest])
    parent = _parent(sc, post)
    if attachments is None or parent is None:
        return None
    excluded = {int(t) for t in id_parts(sc.attrs.get("exclude", "")) if is_number(t)}
    files = {
        e.id: e
        for e in attachments.attached_to(parent)
        if _why_not(e, kind) is None and e.id not in excluded
    }
    if not files:
        # None, or none in the export (a posts-only export has no attachments): the
        # shortcode stays visible rather than vanish.
        return None
    return Listed([(n, None) for n in sort_ids(sorted(files), keys, descending, files.get)])


def note(sc: Shortcode, ident: int | str, why: str) -> str:
    """The HTML comment that stands for a listed id ``sc`` does not show."""
    if why == INVALID:
        return f"<!-- {sc.name}: invalid attachment id -->"
    if why == NOT_FOUND:
        return f"<!-- {sc.name}: attachment {ident} not found -->"
    if why == NOT_PUBLIC:
        return f"<!-- {sc.name}: attachment {ident} is not public -->"
    what = {"image": "an image", "audio": "audio", "video": "a video"}[family(sc)]
    return f"<!-- {sc.name}: attachment {ident} is not {what} -->"


def convert_gallery(
    sc: Shortcode,
    resolve: Resolver,
    attachments: Attachments | None = None,
    post: int | None = None,
) -> str | None:
    """``[gallery ids="1,2"]`` → ``<figure class="wp-block-gallery">`` of images.

    ``attachments`` and ``post``: see ``shown``; None when it cannot be told.
    """
    listed = shown(sc, attachments, post)
    return None if listed is None else gallery_html(sc, listed, resolve)


def gallery_html(sc: Shortcode, listed: Listed, resolve: Resolver) -> str:
    """The ``<figure>`` of the images ``listed`` shows (``shown``), then notes."""
    link_file = sc.attrs.get("link") == "file"
    parts: list[str] = []
    for ident, why in listed.entries:
        url = resolve(ident) if why is None and isinstance(ident, int) else None
        if url is None:
            parts.append(note(sc, ident, why or NOT_FOUND))
            continue
        img = f'<img src="{html.escape(url)}" alt="" data-id="{ident}">'
        parts.append(f'<a href="{html.escape(url)}">{img}</a>' if link_file else img)
    columns = sc.attrs.get("columns", "")
    extra = f" columns-{int(columns)}" if is_number(columns) else ""
    return f'<figure class="wp-block-gallery{extra}">{"".join(parts)}</figure>'


def _why_not(entry: Entry | None, kind: str) -> str | None:
    """Why WordPress's query for attachments of family ``kind`` would not give
    ``entry`` (None: it would)."""
    if entry is None or entry.type != "attachment":
        return NOT_FOUND
    path = entry.attached_file or entry.attachment_url or entry.guid
    if family_of(path.split("?", 1)[0].split("#", 1)[0]) != kind:
        return OTHER_TYPE
    return None if entry.status == "inherit" else NOT_PUBLIC


def _orderby(sc: Shortcode) -> str:
    """The ``orderby`` WordPress queries with: ``ids`` without one keep their order."""
    given = sc.attrs.get("orderby")
    if _given(sc, "ids") and not _given(sc, "orderby"):
        return "post__in"
    return "menu_order ID" if given is None else given


def _given(sc: Shortcode, name: str) -> str:
    """Attribute ``name``'s value, or "" where PHP's ``empty()`` holds, as WordPress
    tests ``ids``, ``include`` and ``orderby``: ``ids="0"`` names no ids (the post's
    own attachments are shown), as if it were not there."""
    value = sc.attrs.get(name, "")
    return "" if value == "0" else value


def _once(tokens: list[str]) -> list[str]:
    """The tokens once each, at their first place: ``wp_parse_id_list``'s array_unique."""
    # "7" and "07" are one id (absint), so they are one image too.
    first: dict[int | str, str] = {}
    for token in tokens:
        first.setdefault(int(token) if is_number(token) else token, token)
    return list(first.values())


def _parent(sc: Shortcode, post: int | None) -> int | None:
    """Whose attachments a list without ids shows: ``id``'s post, or its own."""
    given = sc.attrs.get("id")
    if given is None:
        return post
    # WordPress reads it with intval: "0" or a word would be post 0, the attachments
    # of none; such a shortcode is kept as written rather than guessed at.
    given = given.strip()
    return int(given) if is_number(given) and int(given) > 0 else None
