"""An item's index entry: the few facts the index keeps of it (``entry_of``), and the
part of them its own addresses are made of (``page_entry``, for the links transform).

Apart from ``index.py`` because they read an item, where the index stores and looks
up entries; the index pass (``index_rows``) imports them when it runs.
"""

from __future__ import annotations

from wxr_tools.digits import is_number
from wxr_tools.index import QTRANSLATE, Entry
from wxr_tools.langtags import language_tags
from wxr_tools.model import Item

_ENTRY_META = frozenset(
    (
        "_thumbnail_id",
        "_wp_attached_file",
        "_wpml_import_language_code",
        "_wpml_import_translation_group",
        "bb-post-language",
        "language",
    )
)
"""The meta keys an entry keeps a value of (the last one, as a dict of the meta would)."""


def entry_of(item: Item, *, split: bool = False) -> Entry | None:
    """What the index keeps of ``item``; ``split``: look for language tags in its texts
    (the index pass does; a transformed copy has none left)."""
    if item.id is None:
        return None
    # One pass over the meta for the few keys kept (an item may have hundreds).
    meta: dict[str, str] = {}
    old_slugs: list[str] = []
    for m in item.meta:
        key = m.key
        if key in _ENTRY_META:
            meta[key] = m.value
        elif key == "_wp_old_slug":
            old_slugs.append(m.value.strip())
    thumbnail = meta.get("_thumbnail_id", "").strip()
    attachment = item.type == "attachment"
    wpml = meta.get("_wpml_import_language_code")
    languages, qtranslate = _split_languages(item) if split else ((), False)
    lang_meta = wpml or meta.get("bb-post-language") or meta.get("language") or ""
    # The values in field order (``_ORDER``), made into the tuple at once: called with
    # keywords, a named tuple's ``__new__`` gets them as a dict and matches each to its
    # parameter by name, over a third of this function's time (tests/test_index_rows.py
    # compares every field with the entry made by name).
    return _new_entry(
        Entry,
        (
            item.id,
            item.type,
            item.status,
            item.slug,
            item.link,
            item.guid,
            item.parent,
            item.date,
            item.attachment_url,
            meta.get("_wp_attached_file", ""),
            int(thumbnail) if is_number(thumbnail) else None,
            tuple([(t.taxonomy, t.slug) for t in item.terms]),  # a list: no generator
            item.title,
            tuple(old_slugs),
            lang_meta.strip(),
            languages,
            item.author,
            # The languages transform groups an item by WPML only when WPML names its
            # language.
            meta.get("_wpml_import_translation_group", "").strip() if wpml else "",
            lang_query(item, bool(wpml), qtranslate),
            # What a gallery sorts its images by (wxr_tools.gallery): kept of attachments
            # only, so that the other entries stay as small as they were.
            item.menu_order if attachment else 0,
            item.modified if attachment else None,
        ),
    )


_new_entry = tuple.__new__
_ORDER = (
    "id",
    "type",
    "status",
    "slug",
    "link",
    "guid",
    "parent",
    "date",
    "attachment_url",
    "attached_file",
    "thumbnail_id",
    "terms",
    "title",
    "old_slugs",
    "lang_meta",
    "split",
    "author",
    "wpml_group",
    "lang_query",
    "menu_order",
    "modified",
)
"""The order ``entry_of`` gives the values in: Entry's own (checked on import)."""
assert Entry._fields == _ORDER


PAGE_FIELDS = tuple(f for f in Entry._fields[:14] if f not in ("thumbnail_id", "terms"))
"""The fields ``page_entry`` fills as ``entry_of`` does."""


def page_entry(item: Item) -> Entry | None:
    """``entry_of(item)`` with only what the item's own new URL and old URLs are made of
    (``NewUrls.url_of``, ``old_urls``, ``media_file`` read ``PAGE_FIELDS``): the later
    fields (languages, author, gallery order), the thumbnail and the terms stay empty. The links
    transform makes one for every item, and the fields left out (a dict of the meta, the
    terms, the ``?lang=`` tests) cost as much as the rest."""
    if item.id is None:
        return None
    attached_file = ""
    old_slugs: list[str] = []
    for m in item.meta:  # the last _wp_attached_file wins, as in entry_of's dict
        key = m.key
        if key == "_wp_old_slug":
            old_slugs.append(m.value.strip())
        elif key == "_wp_attached_file":
            attached_file = m.value
    return Entry(
        item.id,
        item.type,
        item.status,
        item.slug,
        item.link,
        item.guid,
        item.parent,
        item.date,
        item.attachment_url,
        attached_file,
        None,
        (),
        item.title,
        tuple(old_slugs),
    )


def lang_query(item: Item, wpml: bool, qtranslate: bool) -> int:
    """``Entry.lang_query`` of ``item``: ``wpml``, whether WPML's meta names its
    language; ``qtranslate``, whether its texts have qTranslate's tags (Language
    Switcher's answered no ``?lang=``)."""
    if qtranslate:
        return QTRANSLATE
    if wpml or any(term.taxonomy == "language" for term in item.terms):
        return 1
    return int(_names_lang(item.link) or _names_lang(item.guid))


def _names_lang(url: str) -> bool:
    """Whether ``url``'s query has a ``lang`` parameter (``?p=10&lang=en``)."""
    if "lang=" not in url:
        return False  # most: no query, or another
    query = url.partition("#")[0].partition("?")[2]
    return any(p.partition("=")[0].removeprefix("amp;") == "lang" for p in query.split("&"))


def _split_languages(item: Item) -> tuple[tuple[str, ...], bool]:
    """``Entry.split`` of ``item``, and whether its tags are qTranslate's."""
    found, qtranslate = language_tags((item.title, item.content, item.excerpt))
    return (tuple(found) if len(found) >= 2 else ()), qtranslate
