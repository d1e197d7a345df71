"""The order of a gallery's images: WP_Query's ``orderby`` and ``order``, on the index's
entries of the attachments.

WP_Query cuts ``orderby`` at each space and follows the keys it knows, in the
case-sensitive spelling it knows them by ("ID", never "id"), each in the direction of
``order``; when it knows none it sorts by date, and ``"none"`` asks for no sorting.
Ties, and no sorting, leave the rows as MySQL reads them: by id, for a list of ids as
for a post's attachments. Titles are compared without case, as MySQL's collations do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

if TYPE_CHECKING:
    from wxr_tools.index import Entry

Field = Callable[["Entry | None"], "int | str | datetime"]

_NEVER = datetime.min
"""The date of an attachment that has none (MySQL's zero date sorts first)."""

# Each key by what it sorts on. An attachment the index does not know (no index) sorts
# as one with empty fields.
_FIELDS: dict[str, Field] = {
    "menu_order": lambda e: e.menu_order if e is not None else 0,
    "title": lambda e: e.title.casefold() if e is not None else "",
    "name": lambda e: e.slug.casefold() if e is not None else "",
    "date": lambda e: (e.date or _NEVER) if e is not None else _NEVER,
    "modified": lambda e: (e.modified or _NEVER) if e is not None else _NEVER,
    "parent": lambda e: e.parent if e is not None else 0,
}
_KEYS = {
    "ID": "id",
    "menu_order": "menu_order",
    "title": "title",
    "post_title": "title",
    "name": "name",
    "post_name": "name",
    "date": "date",
    "post_date": "date",
    "modified": "modified",
    "post_modified": "modified",
    "parent": "parent",
    "post_parent": "parent",
    "post__in": "list",
    "rand": "rand",
    # Keys WP_Query knows that sort nothing here: every image is an attachment, and
    # neither an author's user id nor a comment count is in the index.
    "type": "tie",
    "post_type": "tie",
    "author": "tie",
    "post_author": "tie",
    "comment_count": "tie",
    "post_parent__in": "tie",
    "post_name__in": "tie",
}
_RAND_SEED = re.compile(r"RAND\([0-9]+\)", re.IGNORECASE)
UNSORTED = frozenset(("id", "list", "rand", "tie"))
"""Keys that need nothing of an attachment but its id and place in the list."""


def order_keys(orderby: str) -> list[str]:
    """The keys WP_Query sorts by, in order: ``id``, ``list`` (the order of the ids
    given), ``rand``, ``tie`` (known, sorts nothing) or a key of ``_FIELDS``."""
    orderby = unquote_plus(orderby)
    if orderby == "none":
        return []
    keys = [
        _KEYS.get(piece) or ("rand" if _RAND_SEED.search(piece) else "")
        for piece in orderby.split(" ")
    ]
    return [k for k in keys if k] or ["date"]


def sort_ids(
    ids: Iterable[int], keys: list[str], descending: bool, entry: Callable[[int], Entry | None]
) -> list[int]:
    """``ids`` sorted by ``keys`` (``order_keys``), each the other way when
    ``descending``; ``entry`` gives what the index knows of an id.

    ``list`` and ``rand`` keep the order ``ids`` come in, whatever ``order`` says: a
    random order has no direction, and is not followed (it would differ on each run).
    """
    given = list(ids)
    place = {n: i for i, n in enumerate(given)}
    result = sorted(given)  # ties by id
    # A stable sort per key, the last key first: each keeps the order of the keys after it.
    for key in reversed(keys):
        if key == "tie":
            continue
        if key in ("list", "rand"):
            result.sort(key=place.__getitem__)
        elif key == "id":
            result.sort(reverse=descending)
        else:
            field = _FIELDS[key]
            result.sort(key=lambda n: field(entry(n)), reverse=descending)
    return result
