"""Media references, one item at a time: what its HTML, shortcodes and meta point to.

``scan(item)`` finds every reference as written:

* in content, excerpts and comments: ``src``, ``srcset`` (and the lazy-loading
  ``data-src``/``data-srcset``, Jetpack's ``data-orig-file``…), ``poster``, CSS
  ``url()`` in ``style``, ``[audio]``/``[video]`` URLs (not in comments, where
  WordPress runs no shortcode: nor do galleries there count), and ``href`` (which
  counts only when it points to a file, such as a full-size image or a PDF, or to an
  attachment's page);
* by id: the attachments a ``[gallery]``/``[playlist]`` shows (``gallery.shown``, which
  the shortcodes transform follows too: with the index, a plain ``[gallery]``'s are the
  post's images, or post N's for ``id="N"``, and a listed PDF is none; the ids the export
  lacks are kept, to be reported), featured images (``_thumbnail_id``), WooCommerce's
  ``_product_image_gallery``;
* URLs in other meta values (page builders, SEO images), when they point to a file.

HTML comments are skipped: block markup's JSON repeats the URLs of the tag it wraps.

``MediaResolver`` maps each to its attachment through ``wxr_tools.urlmap.SiteMap``, the
links transform's own map, so the inventory, the writers and the links transform agree:
uploads URLs on any of the site's hosts (WordPress.com's file hosts included), resized
``-300x200``/``-scaled`` variants mapped to their original, relative URLs. Writers call
``MediaResolver.references(item)`` for the item they are writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from wxr_tools import attrvalue
from wxr_tools.config import Config
from wxr_tools.digits import id_list, is_number
from wxr_tools.gallery import LISTS, NOT_FOUND, Attachments, shown
from wxr_tools.index import Index
from wxr_tools.lru import LRU
from wxr_tools.media.filetypes import family_of
from wxr_tools.model import Item, Site
from wxr_tools.shortcodes import find_shortcodes
from wxr_tools.sitetables import attachment_file
from wxr_tools.urlmap import MEMO, SiteMap, host_of
from wxr_tools.urlparts import split_address

_TAG = re.compile(r"<!--.*?-->|<[a-zA-Z][^>]*>", re.DOTALL)
# Every attribute in turn, valueless ones too, so `title='src="x"'` is one attribute.
_ATTR = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ATTR_SOURCES = {
    "src": "src",
    "data-src": "src",
    "data-lazy-src": "src",
    "data-orig-file": "src",
    "data-medium-file": "src",
    "data-large-file": "src",
    "srcset": "srcset",
    "data-srcset": "srcset",
    "data-lazy-srcset": "srcset",
    "poster": "poster",
    "href": "href",
    "style": "style",
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)""", re.IGNORECASE)
_TEXT_URL = re.compile(r"""https?://[^\s"'<>()\[\]{}\\|^`]+""")
_MEDIA_SHORTCODES = frozenset(("gallery", "playlist", "audio", "video"))
# [audio]/[video] attributes that hold a URL (WordPress's own: one per format).
_SHORTCODE_URL_ATTRS = (
    "src",
    "poster",
    "mp3",
    "m4a",
    "ogg",
    "oga",
    "wav",
    "wma",
    "flac",
    "mp4",
    "m4v",
    "webm",
    "ogv",
    "wmv",
    "flv",
)
# Meta that is not a reference (the attachment's own records, caches, editor state).
_SKIPPED_META = frozenset(
    ("_wp_attached_file", "_wp_attachment_metadata", "_wp_attachment_backup_sizes")
)
_SKIPPED_META_PREFIXES = ("_oembed_", "_edit_", "_wp_old_", "_menu_item_")
WEAK_SOURCES = frozenset(("href", "meta"))
"""Sources that often point to pages: they count only when the target is a file."""


@dataclass(frozen=True, slots=True)
class Found:
    """One reference as written in an item: an absolute URL, or an attachment id."""

    field: str
    """Where: ``content``, ``excerpt``, ``comment`` or ``meta:KEY``."""
    source: str
    """How: ``src``, ``srcset``, ``href``, ``poster``, ``style``, ``shortcode``, ``meta``,
    ``gallery``, ``featured``."""
    url: str = ""
    attachment_id: int | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a reference points to."""

    kind: str
    """``attachment`` (a file of one), ``attachment-page``, ``missing`` (a file on the
    site that no attachment holds) or ``external`` (another host)."""
    attachment: int | None = None
    path: str = ""
    """The file's path under the uploads folder, as linked (``2010/03/a-300x200.jpg``)."""
    original: str = ""
    """For an attachment: its own file's path under the uploads folder."""
    host: str = ""

    @property
    def variant(self) -> bool:
        """A resized (or scaled, rotated, edited) copy of the attachment's file."""
        return self.kind == "attachment" and self.path.lower() != self.original.lower()


@dataclass(frozen=True, slots=True)
class Reference:
    """One media reference of an item, resolved: what ``MediaResolver.references`` gives."""

    found: Found
    target: Resolved


def absolute(value: str, page: str) -> str | None:
    """An attribute value (HTML-escaped) as an absolute http(s) URL without fragment."""
    raw = attrvalue.decode(value).strip()
    if not raw or raw.startswith("#"):
        return None
    if raw.startswith("//"):
        raw = (split_address(page).scheme or "http") + ":" + raw
    try:
        url = urljoin(page, raw)
    except ValueError:  # a malformed IPv6 host ("http://[::1/a.jpg"): no address
        return None
    if not url.startswith(("http://", "https://")):
        return None  # data:, mailto:, javascript:, or a page without a base
    return url.split("#", 1)[0]


def scan(item: Item, home: str, attachments: Attachments | None = None) -> Iterator[Found]:
    """Every media reference written in ``item`` (unresolved: URLs may point to pages).

    ``attachments``: the export's index, which tells the attachments a gallery or a
    playlist shows; without it, those its ids name."""
    page = item.link if item.link.startswith(("http://", "https://")) else home
    yield from _scan_text(item.content, "content", page, attachments, item.id)
    yield from _scan_text(item.excerpt, "excerpt", page, attachments, item.id)
    for comment in item.comments:
        # WordPress runs no shortcode in a comment (comment_text has no do_shortcode):
        # a [gallery ids="1,2"] there was shown as typed, and showed no image.
        yield from _scan_text(comment.content, "comment", page, shortcodes=False)
    for meta in item.meta:
        key = meta.key
        if key in _SKIPPED_META or key.startswith(_SKIPPED_META_PREFIXES):
            continue
        if key == "_thumbnail_id":
            if is_number(meta.value.strip()):
                yield Found(f"meta:{key}", "featured", attachment_id=int(meta.value))
        elif key == "_product_image_gallery":
            for number in id_list(meta.value):
                yield Found(f"meta:{key}", "gallery", attachment_id=number)
        elif "http" in meta.value:
            # JSON-encoded meta (page builders) escapes slashes: https:\/\/…
            for m in _TEXT_URL.finditer(meta.value.replace("\\/", "/")):
                url = absolute(m.group(0), page)
                if url:
                    yield Found(f"meta:{key}", "meta", url)


def _scan_text(
    text: str,
    where: str,
    page: str,
    attachments: Attachments | None = None,
    post: int | None = None,
    shortcodes: bool = True,
) -> Iterator[Found]:
    """``shortcodes``: whether WordPress ran the shortcodes of ``text``."""
    if not text:
        return
    if "<" in text:
        for m in _TAG.finditer(text):
            tag = m.group(0)
            if not tag.startswith("<!--"):  # block markup's JSON repeats the tag's URLs
                yield from _scan_tag(tag, where, page)
    if shortcodes and "[" in text:
        for sc in find_shortcodes(text, _MEDIA_SHORTCODES):
            if sc.name in LISTS:
                listed = shown(sc, attachments, post)
                for number, why in listed.entries if listed is not None else ():
                    if isinstance(number, int) and why in (None, NOT_FOUND):
                        yield Found(where, "gallery", attachment_id=number)
                continue
            for name in _SHORTCODE_URL_ATTRS:
                url = absolute(sc.attrs.get(name, ""), page)
                if url:
                    yield Found(where, "shortcode", url)


def _scan_tag(tag: str, where: str, page: str) -> Iterator[Found]:
    for m in _ATTR.finditer(tag):
        source = _ATTR_SOURCES.get(m.group(1).lower())
        if source is None:
            continue
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if source == "srcset":
            values = [part.strip().split(" ", 1)[0] for part in value.split(",")]
        elif source == "style":
            values = _CSS_URL.findall(attrvalue.decode(value))
        else:
            values = [value]
        for one in values:
            url = absolute(one, page)
            if url:
                yield Found(where, source, url)


class MediaResolver:
    """Resolves media references against the export's attachments (through the index)."""

    def __init__(
        self,
        site: Site,
        index: Index | None,
        config: Config | None = None,
        sitemap: SiteMap | None = None,
    ) -> None:
        """``sitemap``: the links transform's, when it is built already (it reads every
        entry of the index); else one of this resolver's own."""
        self.sitemap = sitemap if sitemap is not None else SiteMap(site, index, config or Config())
        self.index = self.sitemap.index
        self.home = self.sitemap.home
        # Bounded: a page's images recur on the next pages, not across the whole export.
        self._memo: LRU[str, Resolved | None] = LRU(MEMO)

    def close(self) -> None:
        """Delete the site map's tables, when it opened them (no index was given)."""
        self.sitemap.close()

    def resolve(self, url: str, source: str = "src") -> Resolved | None:
        """What an absolute ``url`` written as ``source`` points to; None if not media."""
        found = self._memo.get(url, False)
        if found is False:
            found = self._classify(url)
            self._memo.put(url, found)
        if not isinstance(found, Resolved):
            return None
        weak = source in WEAK_SOURCES
        # A link to a file elsewhere (a .pdf, a .jpg) is media; to a .rb script or a page, not.
        if weak and (found.kind == "external" or (found.kind == "missing" and not found.path)):
            return found if family_of(urlsplit(url).path) else None
        if found.kind == "site":  # a page of the site; from an <img src>, a missing file
            return None if weak else Resolved("missing", host=found.host)
        return found

    def _classify(self, url: str) -> Resolved | None:
        target = self.sitemap.resolve(url, self.home)
        if target is None:
            return None
        host = host_of(urlsplit(url).netloc)
        entry = target.entry
        if target.kind == "media" and entry is not None:
            return Resolved("attachment", entry.id, target.path, attachment_file(entry), host)
        if target.kind == "item" and entry is not None and entry.type == "attachment":
            return Resolved("attachment-page", entry.id, "", attachment_file(entry), host)
        if target.kind == "missing" and target.form in ("uploads", "file"):
            # "file" paths are outside uploads (and lower-cased by the map): no path
            sub = target.path if target.form == "uploads" else ""
            return Resolved("missing", path=sub, host=host)
        if target.kind == "external":
            return Resolved("external", host=target.form)
        return Resolved("site", host=host)

    def by_id(self, attachment_id: int) -> Resolved | None:
        """The file of attachment ``attachment_id``; None when the export holds no such one."""
        entry = self.index.get(attachment_id)
        if entry is None or entry.type != "attachment":
            return None
        file = attachment_file(entry)
        url = entry.attachment_url or entry.guid
        return Resolved("attachment", entry.id, file, file, host_of(split_address(url).netloc))

    def references(self, item: Item) -> list[Reference]:
        """Every media reference of ``item``, resolved; unresolvable ids are left out."""
        out: list[Reference] = []
        for found in scan(item, self.home, self.index):
            if found.attachment_id is not None:
                target = self.by_id(found.attachment_id)
            else:
                target = self.resolve(found.url, found.source)
            if target is not None:
                out.append(Reference(found, target))
        return out
