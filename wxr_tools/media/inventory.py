"""The media inventory: every reference an export makes to a media file, mapped to its attachment.

* Attachments: ``wp:attachment_url`` (or the guid), ``_wp_attached_file`` and the sizes
  listed in ``_wp_attachment_metadata`` (PHP-serialized, read tolerantly), and what
  refers to each (URLs, galleries, featured images).
* Every URL the items' content, excerpts, comments and meta point to a file with
  (``wxr_tools.media.references``), once per unique URL, with its count, its items and
  how it was written; files on other hosts are listed by host.
* ``Inventory.files()``: the list of files to copy (``store``) or download (``fetch``).

``build_inventory`` streams the export once after the index pass; a reference is a
small record only while its item is read, and what stays is one row per unique URL
and one per attachment (a blog's few thousand images).
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from wxr_tools.config import Config
from wxr_tools.diagnostics import Diagnostic
from wxr_tools.entries import entry_of
from wxr_tools.index import Entry, Index, build_index
from wxr_tools.media.references import (
    WEAK_SOURCES,
    Found,
    MediaResolver,
    Resolved,
    scan,
)
from wxr_tools.model import Item, Site
from wxr_tools.phpvalues import string_map, unserialize
from wxr_tools.reader.chain import Chain, open_export
from wxr_tools.repeats import items_once
from wxr_tools.report import RunReport
from wxr_tools.sitetables import attachment_file
from wxr_tools.urlparts import home_of


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file to bring into the new site: the unit ``store`` and ``fetch`` work on."""

    path: str
    """Its path under the uploads folder (the key writers use to place and link it)."""
    url: str
    """Where the old site served it."""
    attachment: int | None = None
    original: str = ""
    """For a resized variant: the original's path, used when the variant is missing."""
    original_url: str = ""
    owner: int | None = None
    """The item whose page bundle gets the file (Hugo); None for a shared folder."""


@dataclass(slots=True)
class Attachment:
    """An attachment item's file, its sizes, and what refers to it."""

    id: int
    url: str
    file: str
    """Path under the uploads folder."""
    title: str = ""
    parent: int = 0
    status: str = ""
    mime: str = ""
    width: int | None = None
    height: int | None = None
    filesize: int | None = None
    sizes: dict[str, str] = field(default_factory=dict)
    """Size name (``thumbnail``, ``medium``…, ``original_image``) -> path under uploads."""
    references: int = 0
    featured_by: list[int | None] = field(default_factory=list)
    galleries: list[int | None] = field(default_factory=list)
    line: int | None = None


@dataclass(slots=True)
class MediaURL:
    """One unique URL and every reference to it."""

    url: str
    target: Resolved
    count: int = 0
    items: list[int | None] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Inventory:
    """An export's media: attachments, unique URLs, counts, and what did not resolve."""

    site: Site
    attachments: dict[int, Attachment] = field(default_factory=dict)
    urls: dict[str, MediaURL] = field(default_factory=dict)
    sources: Counter[str] = field(default_factory=Counter)
    """References by how they were written (``src``, ``gallery``, ``featured``…)."""
    fields: Counter[str] = field(default_factory=Counter)
    items: int = 0
    items_with_media: int = 0
    """Items with at least one media reference (resolved or not)."""
    unresolved_ids: list[tuple[int | None, str, int]] = field(default_factory=list)
    """(item, source, id) for gallery and featured ids that are no attachment."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def hosts(self) -> Counter[str]:
        """References to files on other hosts, by host."""
        out: Counter[str] = Counter()
        for row in self.urls.values():
            if row.target.kind == "external":
                out[row.target.host] += row.count
        return out

    def files(self, *, variants: bool = False, unattached: bool = False) -> list[MediaFile]:
        """What to copy or download: every attachment's file, in export order.

        ``variants`` adds the resized copies the items link to (for ``[links]
        media_originals = false``); each names its original, used when it is missing.
        ``unattached`` adds files under uploads that no attachment holds.
        """
        out: dict[str, MediaFile] = {}
        for a in self.attachments.values():
            if a.file and a.file not in out:
                out[a.file] = MediaFile(a.file, a.url, a.id)
        for row in self.urls.values():
            t = row.target
            if not t.path or t.path in out:
                continue
            if variants and t.kind == "attachment" and t.variant and t.attachment is not None:
                owner = self.attachments.get(t.attachment)
                url = owner.url if owner is not None else ""
                out[t.path] = MediaFile(t.path, row.url, t.attachment, t.original, url)
            elif unattached and t.kind == "missing":
                out[t.path] = MediaFile(t.path, row.url)
        return list(out.values())

    def library(
        self, originals: bool, in_langs: Callable[[int], bool] | None = None
    ) -> list[MediaFile]:
        """The files a site written from the export holds: every attachment's (the
        media library is the user's content, whether or not a post shows it today), and,
        without ``originals`` (``[links] media_originals = false``), each size linked.

        ``in_langs`` (``--lang``: whether an item, by id, is in a language kept) keeps
        one language's site's: an attachment's when ``--lang`` keeps it (it follows the
        items that use it: ``wxr_tools.followers``), and any file an item in a language
        kept uses (an English post may show the French translation of an image: its
        page needs the file). The rest is another language's site's.
        """
        files = self.files(variants=not originals)
        if in_langs is None:
            return files
        used: set[str] = set()
        for path, items in self.uses(originals):
            if path not in used and any(i is not None and in_langs(i) for i in items):
                used.add(path)
        return [
            f
            for f in files
            if f.path in used or (f.attachment is not None and in_langs(f.attachment))
        ]

    def uses(self, originals: bool) -> Iterator[tuple[str, list[int | None]]]:
        """(file path under uploads, items that refer to it), for every way of referring:
        URLs, attachment pages linked as their file, featured images, galleries.

        With ``originals`` (``[links] media_originals``, the default) a resized variant
        is linked as its original's file, so it counts as a use of that file.
        """
        for row in self.urls.values():
            t = row.target
            if t.kind == "attachment":
                yield (t.path if t.variant and not originals else t.original), row.items
            elif t.kind == "attachment-page":  # [links.url_pattern] attachment = "{media}"
                yield t.original, row.items
        for a in self.attachments.values():
            yield a.file, [*a.featured_by, *a.galleries]

    def summary(self) -> dict[str, Any]:
        """The counts ``wxr media`` prints first."""
        kinds = Counter(row.target.kind for row in self.urls.values())
        atts = self.attachments.values()
        return {
            "items": self.items,
            "items_with_media": self.items_with_media,
            "attachments": len(self.attachments),
            "attachments_referenced": sum(1 for a in atts if a.references),
            "attachments_by_type": dict(Counter(a.mime or "unknown" for a in atts).most_common()),
            "sizes_in_metadata": sum(len(a.sizes) for a in atts),
            "references": sum(self.sources.values()),
            "references_by_source": dict(self.sources.most_common()),
            "references_by_field": dict(self.fields.most_common()),
            "unique_urls": len(self.urls),
            "urls_by_kind": dict(kinds.most_common()),
            "resized_variants": sum(1 for row in self.urls.values() if row.target.variant),
            "other_hosts": len(self.hosts()),
            "unresolved_ids": len(self.unresolved_ids),
        }

    def to_json(self) -> dict[str, Any]:
        """Everything, as ``wxr media --json`` prints it."""
        return {
            "site": self.site.base_blog_url or self.site.link,
            "summary": self.summary(),
            "attachments": [
                {
                    "id": a.id,
                    "url": a.url,
                    "file": a.file,
                    "mime": a.mime,
                    "width": a.width,
                    "height": a.height,
                    "filesize": a.filesize,
                    "sizes": a.sizes,
                    "parent": a.parent,
                    "status": a.status,
                    "references": a.references,
                    "featured_by": a.featured_by,
                    "galleries": a.galleries,
                }
                for a in self.attachments.values()
            ],
            "urls": [
                {
                    "url": row.url,
                    "kind": row.target.kind,
                    "attachment": row.target.attachment,
                    "path": row.target.path,
                    "variant": row.target.variant,
                    "original": row.target.original,
                    "host": row.target.host,
                    "count": row.count,
                    "items": row.items,
                    "sources": dict(row.sources.most_common()),
                }
                for row in self.urls.values()
            ],
            "hosts": dict(self.hosts().most_common()),
            "unresolved_ids": [
                {"item": i, "source": s, "id": n} for i, s, n in self.unresolved_ids
            ],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def attachment_of(item: Item, entry: Entry) -> Attachment:
    """An attachment item's record, with the sizes its metadata lists."""
    record = Attachment(
        id=entry.id,
        url=item.attachment_url or item.guid,
        file=attachment_file(entry),
        title=item.title,
        parent=item.parent,
        status=item.status,
        line=item.line,
    )
    meta = next((m.value for m in item.meta if m.key == "_wp_attachment_metadata"), "")
    data = string_map(unserialize(meta)) if meta else {}
    record.width, record.height = _int(data.get("width")), _int(data.get("height"))
    record.filesize = _int(data.get("filesize"))
    folder = posixpath.dirname(record.file)
    for name, size in string_map(data.get("sizes")).items():
        file = string_map(size).get("file")
        if isinstance(file, str) and file:
            record.sizes[name] = posixpath.join(folder, file)
    if isinstance(data.get("original_image"), str):  # WordPress 5.3+: file is "-scaled"
        record.sizes["original_image"] = posixpath.join(folder, data["original_image"])
    record.mime = mimetypes.guess_type(record.file)[0] or ""
    return record


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(slots=True)
class _Row:
    """A unique URL while the stream is read: resolved once, at the end."""

    count: int = 0
    items: list[int | None] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    line: int | None = None
    path: str = ""
    """The file of ``line`` (an export may be several files)."""


def build_inventory(
    source: str | Sequence[str],
    *,
    config: Config | None = None,
    recover: bool = False,
    index: Index | None = None,
) -> Inventory:
    """The media inventory of the export at ``source`` (a path, or ``-``; or the paths
    of the files of one export, whose repeated items are read once: ``repeats``).

    ``index`` is the convert pipeline's, when it has one; otherwise the index pass is
    run here. Standard input cannot be read twice: the index is then learnt from the
    stream itself, which is why URLs are resolved after it, once each.
    """
    sources = (source,) if isinstance(source, str) else tuple(source)
    # The conversion's own pass counts the repeats and tells those that differ; ``wxr
    # media``, which runs the index pass here, tells them itself.
    repeated = RunReport()
    own = index is None
    if index is None and all(s != "-" and os.path.isfile(s) for s in sources):
        index = build_index(sources, recover=recover)
    learned = Index() if index is None else None
    repeats = index.repeats if index is not None else None
    rows: dict[str, _Row] = {}
    ids: list[tuple[int | None, str, int | None, Found]] = []  # (item, path, line, found)
    with open_export(sources, recover=recover) as export:
        inventory = Inventory(site=export.site)
        site = export.site
        home = home_of(site)  # as SiteMap's
        items: Iterable[Item] = export
        if isinstance(export, Chain) and repeats is not None:
            items = items_once(export, repeats, repeated)
        for item in items:
            path = export.path
            inventory.items += 1
            entry = entry_of(item)
            if entry is not None and learned is not None:
                learned.add(entry)
            if entry is not None and item.type == "attachment":
                inventory.attachments.setdefault(entry.id, attachment_of(item, entry))
            # Standard input has no index yet: a gallery counts by the ids it names.
            for found in scan(item, home, index):
                if found.attachment_id is not None:
                    ids.append((item.id, path, item.line, found))
                    continue
                row = rows.setdefault(found.url, _Row(line=item.line, path=path))
                row.count += 1
                row.sources[found.source] += 1
                row.fields[found.field] += 1
                if not row.items or row.items[-1] != item.id:
                    row.items.append(item.id)
        inventory.diagnostics.extend(export.diagnostics)
        if own:
            inventory.diagnostics.extend(repeated.diagnostics)
        path = export.paths[0] if isinstance(export, Chain) else export.path
    resolver = MediaResolver(inventory.site, index or learned, config)
    _resolve_urls(inventory, rows, resolver, path)
    _resolve_ids(inventory, ids, resolver)
    with_media = {i for row in inventory.urls.values() for i in row.items}
    with_media.update(item_id for item_id, _, _, _ in ids)
    inventory.items_with_media = len(with_media)
    return inventory


def _resolve_urls(
    inventory: Inventory, rows: dict[str, _Row], resolver: MediaResolver, path: str
) -> None:
    for url, row in rows.items():
        strong = [s for s in row.sources if s not in WEAK_SOURCES]
        target = resolver.resolve(url, strong[0] if strong else "href")
        if target is None:
            continue  # a link to a page, here or elsewhere: not media
        inventory.urls[url] = MediaURL(url, target, row.count, row.items, row.sources)
        inventory.sources.update(row.sources)
        inventory.fields.update(row.fields)
        record = inventory.attachments.get(target.attachment or 0)
        if record is not None:
            record.references += row.count
        if target.kind == "missing":
            inventory.diagnostics.append(
                Diagnostic(
                    code="WXR506",
                    message=f"{url}: no attachment holds this file",
                    path=row.path or path,
                    line=row.line,
                    item_id=row.items[0],
                )
            )


def _resolve_ids(
    inventory: Inventory,
    ids: list[tuple[int | None, str, int | None, Found]],
    resolver: MediaResolver,
) -> None:
    for item_id, path, line, found in ids:
        number = found.attachment_id or 0
        inventory.sources[found.source] += 1
        inventory.fields[found.field] += 1
        record = inventory.attachments.get(number)
        if record is None or resolver.by_id(number) is None:
            inventory.unresolved_ids.append((item_id, found.source, number))
            what = "featured image" if found.source == "featured" else "gallery image"
            inventory.diagnostics.append(
                Diagnostic(
                    code="WXR502",
                    message=f"{what}: attachment {number} is not in the export",
                    path=path,
                    line=line,
                    item_id=item_id,
                )
            )
            continue
        record.references += 1
        (record.featured_by if found.source == "featured" else record.galleries).append(item_id)
