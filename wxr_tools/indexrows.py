"""An index entry and how the index stores it: a row of a few columns it looks entries
up by, and the entry's fields marshalled (``dump_entry``, ``load_entry``).

Apart from ``index.py``, where the entries are stored and asked for: what an entry holds
and its bytes are one question, the database and its memo another.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, NamedTuple, cast

from wxr_tools.scratch import id_key

QTRANSLATE = 2
"""``Entry.lang_query`` of an item with qTranslate's tags (1: another plugin's mark)."""


class Entry(NamedTuple):
    """What the index keeps of one item.

    A named tuple, not a frozen dataclass: the index makes one for every entry it
    reads back and every item it indexes, and a tuple is made in a tenth of the time
    (a frozen dataclass sets each field through ``object.__setattr__``).
    """

    id: int
    type: str
    status: str
    slug: str
    link: str
    guid: str
    parent: int
    date: datetime | None
    attachment_url: str
    attached_file: str
    """``_wp_attached_file``: the path under ``wp-content/uploads``."""
    thumbnail_id: int | None
    terms: tuple[tuple[str, str], ...]
    """(taxonomy, slug) pairs."""
    title: str = ""
    """As exported: qTranslate tags and ``[xx]`` markers in it tell a target's languages."""
    old_slugs: tuple[str, ...] = ()
    """``_wp_old_slug`` values: WordPress redirects these old permalinks to the item."""
    lang_meta: str = ""
    """The language a plugin stored in meta (Basic Bilingual, WPML Export and Import)."""
    split: tuple[str, ...] = ()
    """The languages (raw, in order of appearance) of qTranslate or Language Switcher
    tags in the title, content or excerpt, when there are two or more: the item is split
    into one copy per language. Known before any item is transformed, so a link finds
    its target's copies wherever the target is in the file."""
    author: str = ""
    """The author's login: whose archive (``/author/x/``) listed the item."""
    wpml_group: str = ""
    """WPML Export and Import's ``_wpml_import_translation_group`` (WPML's trid), when
    its ``_wpml_import_language_code`` is there too: the items that share it are
    translations of one another (``Index.wpml_group``)."""
    lang_query: int = 0
    """The item shows a language plugin that answered ``?lang=`` (``langhomes``): 1 for
    Polylang's language term, WPML's language meta, ``lang`` in its link's or guid's
    query; ``QTRANSLATE`` for qTranslate's tags in its texts (split or not), whose
    pre-path mode put the languages in folders too. Known from the index pass, so that a
    writer asks the whole export once (``Index.lang_queries``, ``Index.qtranslated``)."""
    menu_order: int = 0
    """An attachment's ``wp:menu_order`` (0 for other items): a gallery's default order."""
    modified: datetime | None = None
    """An attachment's ``wp:post_modified`` (None for other items): ``orderby="modified"``.
    Kept last: ``dump_entry`` and ``load_entry`` turn it to text and back."""


_FIELDS = Entry._fields
_DATE = _FIELDS.index("date")
assert _FIELDS[-1] == "modified"  # _dump and _load turn the last field to text and back
_make = Entry._make


Row = tuple[int | str | None, str, int | str | None, int, bytes]
"""An entry as the index stores it: its id key, its WPML group, an attachment's parent's
id key, its ``Entry.lang_query`` ("" or 0: none, stored as NULL by ``Index._insert``) and
its fields, marshalled. Not None: sqlite3 binds it (and bytes) after offering it to its
adapters (3,000 instructions a value, over half of an insert), a str or an int at once."""


def rows_of(entries: Iterable[Entry]) -> Iterator[Row]:
    return (row_of(e) for e in entries)


def row_of(entry: Entry) -> Row:
    attached = entry.parent if entry.type == "attachment" else 0  # id_key(0) is 0
    return (
        id_key(entry.id),
        entry.wpml_group,
        id_key(attached),
        entry.lang_query,
        dump_entry(entry),
    )


def dump_entry(entry: Entry) -> bytes:
    # Scratch data this process (or a fork of it) wrote: marshal reads back in half
    # pickle's time. It holds no dates: ``_form`` gives what stands for each.
    date, modified = _form(entry.date), _form(entry.modified)
    values: tuple[Any, ...] = (*entry[:_DATE], date, *entry[_DATE + 1 : -1], modified)
    return marshal.dumps(values)


def _form(date: datetime | None) -> bytes | str | None:
    """A plain date as pickle's state of it (10 bytes, in a third of ``isoformat``'s
    time; ``datetime(state)`` makes it again), one with a time zone as ISO text."""
    if date is None:
        return None
    args = _reduce_date(date, 4)[1]
    return args[0] if len(args) == 1 else date.isoformat()


def load_entry(data: bytes) -> Entry:
    values = marshal.loads(data)
    date, modified = values[_DATE], values[-1]
    if date is None and modified is None:
        return _make(values)
    # One list for both dates, not a tuple rebuilt per date: this runs for every entry
    # the site map reads and every link target the index's memo no longer holds.
    fields = list(values)
    if date is not None:
        fields[_DATE] = _from_state(date) if type(date) is bytes else _from_iso(date)
    if modified is not None:  # attachments only
        fields[-1] = _from_state(modified) if type(modified) is bytes else _from_iso(modified)
    return _make(fields)


_from_iso = datetime.fromisoformat
_reduce_date = cast(Callable[[datetime, int], tuple[type, tuple[Any, ...]]], datetime.__reduce_ex__)
_from_state = cast(Callable[[bytes], datetime], datetime)  # typeshed knows only the fields
