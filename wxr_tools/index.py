"""The index: small per-item facts from a cheap first pass, for cross-item work.

Transforms that need to know about other items (a gallery's attachments, the target
of an internal link, a page's parent) ask the index, never the items themselves:
the pass keeps a few scalars per item, not bodies or comments, so memory grows with
the number of items only (a few hundred bytes each), never with their size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from wxr_tools.model import Item
from wxr_tools.reader import read


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index keeps of one item."""

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


class Index:
    """Items by id; the first item wins when an export repeats an id."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.by_id: dict[int, Entry] = {}
        self.duplicates = 0
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        if entry.id in self.by_id:
            self.duplicates += 1
        else:
            self.by_id[entry.id] = entry

    def get(self, item_id: int) -> Entry | None:
        return self.by_id.get(item_id)

    def attachment_url(self, item_id: int) -> str | None:
        entry = self.by_id.get(item_id)
        if entry is None or entry.type != "attachment":
            return None
        return entry.attachment_url or entry.guid or None

    def __len__(self) -> int:
        return len(self.by_id)


def entry_of(item: Item) -> Entry | None:
    if item.id is None:
        return None
    meta = {m.key: m.value for m in item.meta}
    thumbnail = meta.get("_thumbnail_id", "").strip()
    lang_meta = (
        meta.get("_wpml_import_language_code")
        or meta.get("bb-post-language")
        or meta.get("language")
        or ""
    )
    return Entry(
        id=item.id,
        type=item.type,
        status=item.status,
        slug=item.slug,
        link=item.link,
        guid=item.guid,
        parent=item.parent,
        date=item.date,
        attachment_url=item.attachment_url,
        attached_file=meta.get("_wp_attached_file", ""),
        thumbnail_id=int(thumbnail) if thumbnail.isdigit() else None,
        terms=tuple((t.taxonomy, t.slug) for t in item.terms),
        title=item.title,
        old_slugs=tuple(m.value.strip() for m in item.meta if m.key == "_wp_old_slug"),
        lang_meta=lang_meta.strip(),
    )


def build_index(path: str, *, recover: bool = False) -> Index:
    """Read ``path`` once, lightly (no bodies, no comments), and index its items.

    Problems in the file are left to the main pass to report.
    """
    index = Index()
    with read(path, recover=recover, light=True) as export:
        for item in export:
            entry = entry_of(item)
            if entry is not None:
                index.add(entry)
    return index
