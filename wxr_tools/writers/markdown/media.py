"""Media files in the site (``--media-from``, ``--download``): where each goes, and the links.

Where files go, per flavor (``{path}`` is the file's path under ``wp-content/uploads``;
``media/`` is the folder of ``[links] media_path``, default ``/media/{path}``):

=========  ============================================  ===============================
flavor     a file that exactly one page uses             every other file
=========  ============================================  ===============================
hugo       that page's bundle, beside ``index.md``       ``static/media/{path}``
jekyll     ``media/{path}``                               ``media/{path}``
eleventy   ``media/{path}`` (a passthrough copy)          ``media/{path}``
astro      ``public/media/{path}``                        ``public/media/{path}``
=========  ============================================  ===============================

The static folder serves each file at the very URL the links transform wrote, so the
links to most files need no change. A file several pages use stays there: one copy,
one URL, whichever page shows it. So does an attachment no page uses (the media
library is migrated whole), and a file whose name Hugo would read as content.

A run goes in three steps:

1. **Before the first item**, every file of the inventory is copied (``copy_from_dir``)
   or downloaded (``download``) to its static place, or, on a re-run, to where the
   earlier run left it (the manifest, ``.wxr-media.json``, says): then nothing is
   copied, downloaded or moved again.
2. **As each item is placed**, the Hugo files only it uses move into its bundle (a
   rename; a copy when the same bytes also serve another file), and the item gets its
   ``MediaLinks``: link URL → where the file is (a bare name in its own bundle's body,
   else a site-absolute URL), and the old site's URL for a file that could not be had
   (reported as WXR600-WXR604; WXR600's explanation says so). Its attachment's old
   addresses get no redirect (``served_url``): a rule would lead to no file. The featured image
   (``_thumbnail_id``) becomes front matter (``medialinks.featured_image``).
3. **At the end**, the manifest is saved, every media file is listed in the marker
   (``.wxr-tools.json``), and the report gets the counts and the diagnostics.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from wxr_tools.config import Config
from wxr_tools.ghosturls import media_folder
from wxr_tools.media.fetch import FetchOptions, download
from wxr_tools.media.files import MANIFEST, Manifest, safe_join, sha256_of
from wxr_tools.media.inventory import Inventory, MediaFile
from wxr_tools.media.store import REPORTED, Placed, StoreResult, copy_from_dir
from wxr_tools.model import Item
from wxr_tools.report import RunReport
from wxr_tools.urlmap import fill
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.files import place_file
from wxr_tools.writers.markdown.medialinks import MediaLinks
from wxr_tools.writers.markdown.output import Output
from wxr_tools.writers.markdown.paths import Placement

STATIC_ROOT = {"hugo": "static/", "jekyll": "", "eleventy": "", "astro": "public/"}
"""The folder each generator copies to the site's root as it is."""

_FOLDER = re.compile(r"/((?:[A-Za-z0-9][A-Za-z0-9._~-]*/)+)\{path\}")
"""A ``media_path`` that names a plain folder (``/media/{path}``), usable on disk as is."""
_CONTENT_EXTENSIONS = frozenset(
    (".md", ".markdown", ".mdown", ".html", ".htm", ".adoc", ".asciidoc", ".org", ".rst")
)
"""Files Hugo would read as pages if they sat in a bundle: they stay in the static folder."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a flavor keeps media files, and the URLs they are served at."""

    static_root: str
    folder: str
    """The media folder under ``static_root`` (``media/``), from ``[links] media_path``."""
    media_path: str
    base_url: str
    bundles: bool
    """Files used by one page go into its bundle (Hugo)."""

    @classmethod
    def of(cls, flavor: str, config: Config) -> Layout:
        links = config.section("links")
        media_path = str(links["media_path"])
        found = _FOLDER.fullmatch(media_path)
        # A media_path that is no plain folder (a query, "..", "/_x/" that Jekyll would
        # skip) cannot be a folder on disk: "media/" then, and the links are rewritten.
        ok = found is not None and ".." not in found.group(1) and "/_" not in media_path
        return cls(
            static_root=STATIC_ROOT[flavor],
            folder=found.group(1) if found is not None and ok else "media/",
            media_path=media_path,
            base_url=str(links["base_url"]).rstrip("/"),
            bundles=flavor == "hugo",
        )

    def static_dest(self, path: str) -> str:
        return f"{self.static_root}{self.folder}{path}"

    def link_url(self, path: str) -> str:
        """The URL the links transform wrote for the file at ``path`` under uploads."""
        return self.base_url + fill(self.media_path, {"path": path, "folder": media_folder(path)})

    def static_url(self, dest: str) -> str:
        return f"{self.base_url}/{quote(dest.removeprefix(self.static_root))}"


class MediaPlan:
    """The media files of one run of the site writer; see the module docstring."""

    def __init__(
        self,
        inventory: Inventory,
        flavor: str,
        config: Config,
        output: Output,
        in_langs: Callable[[int], bool] | None = None,
    ) -> None:
        """``in_langs``: with ``--lang``, whether an item (by id) is in a language kept."""
        self.layout = Layout.of(flavor, config)
        self.output = output
        self.root = output.root
        self.dry_run = output.dry_run
        originals = bool(config.section("links")["media_originals"])
        self.files = inventory.library(originals, in_langs)
        self.other_langs = len(inventory.files(variants=not originals)) - len(self.files)
        """Files left out: another language's (``--lang``)."""
        self.by_path = {f.path: f for f in self.files}
        self.uses: dict[int, list[str]] = {}
        """Item id → the files it refers to (by path under uploads), in order."""
        self.featured: dict[int, str] = {}
        """Item id → its featured image's path under uploads."""
        users: dict[str, set[int | None]] = {}
        for path, items in inventory.uses(originals):
            if path not in self.by_path:
                continue
            users.setdefault(path, set()).update(items)
            for i in items:
                if i is not None and path not in (seen := self.uses.setdefault(i, [])):
                    seen.append(path)
        for a in inventory.attachments.values():
            for i in a.featured_by:
                if i is not None and a.file in self.by_path:
                    self.featured.setdefault(i, a.file)
        self.owner: dict[str, int] = {}
        """Path → the one item that uses it, for files that go into its page bundle."""
        if self.layout.bundles:
            for path, ids in users.items():
                only = next(iter(ids)) if len(ids) == 1 else None
                ext = posixpath.splitext(path)[1].lower()
                if only is not None and ext not in _CONTENT_EXTENSIONS:
                    self.owner[path] = only
        self.result = StoreResult()
        self.dest: dict[MediaFile, str] = {}
        """Where each placed file is now (step 2 moves some)."""
        self.served: dict[str, str] = {}
        """Bundle files: destination → the URL Hugo serves it at (its page's URL + name)."""
        self.names: dict[str, set[str]] = {}
        """Bundle directory → the file names given out in it."""
        self.settled: set[MediaFile] = set()
        """Files moved into their bundle: a language split's other copies link to them."""
        self.followed: dict[tuple[str, str], str] = {}
        """(where some bytes were, bundle) → where they are in that bundle now."""
        self.manifest: Manifest | None = None
        self.bundled = 0
        self._by_link: dict[str, MediaFile] | None = None
        """The files by the URL the links transform gave them (``served_url``)."""

    # -- step 1 ------------------------------------------------------------------------

    def acquire(self, options: WriteOptions, config: Config, progress: bool | None) -> None:
        """Copy or download every file (or, in a dry run, plan where each would go)."""
        previous = Manifest(self.root).entries

        def destination(file: MediaFile) -> str:
            if file.path in self.owner:
                # Where the earlier run moved it (a bundle): found there, nothing redone.
                entry = previous.get(Manifest.key(file))
                dest = entry.get("dest") if isinstance(entry, dict) else None
                if isinstance(dest, str) and dest.startswith("content/"):
                    return dest
            return self.layout.static_dest(file.path)

        strict = options.strict_media
        if options.media_from is not None:
            self.result = copy_from_dir(
                self.files,
                options.media_from,
                self.root,
                destination,
                dry_run=self.dry_run,
                strict=strict,
                shown=self.output.home,
            )
        elif self.dry_run:  # nothing is fetched: every file is where it would go
            for file in self.files:
                placed = Placed(file, destination(file), "", 0, "planned")
                self.result.placed[file] = placed
        else:
            self.result = download(
                self.files,
                self.root,
                destination,
                FetchOptions.from_config(config),
                strict=strict,
                progress=progress,
                client=options.media_client,
            )
        self.dest = {f: p.dest for f, p in self.result.placed.items()}
        if not self.dry_run:
            self.manifest = Manifest(self.root)

    # -- step 2 ------------------------------------------------------------------------

    def links_for(self, item: Item, placement: Placement) -> MediaLinks | None:
        """The item's ``MediaLinks``, after moving the files only it uses into its bundle."""
        if item.id is None:
            return None
        paths = self.uses.get(item.id, [])
        featured = self.featured.get(item.id)
        if not paths and featured is None:
            return None
        bundle = self._bundle_of(placement)
        body: list[tuple[str, str]] = []
        elsewhere: list[tuple[str, str]] = []
        for path in paths:
            file = self.by_path[path]
            if self.owner.get(path) == item.id and file not in self.settled:
                if bundle is not None:
                    self._into_bundle(file, bundle, placement.url, item.id)
                else:
                    self._into_static(file, item.id)
                self.settled.add(file)
            here, there = self._urls(file, bundle)
            link = self.layout.link_url(path)
            if here != link:
                body.append((link, here))
            if there != link:
                elsewhere.append((link, there))
        url = self._urls(self.by_path[featured], bundle)[1] if featured is not None else None
        return MediaLinks(tuple(body), tuple(elsewhere), url)

    def served_url(self, link: str) -> str | None:
        """Where the file the links transform linked as ``link`` is served now (its page
        bundle's URL, or the static folder's); ``link`` when the run has no such file;
        None when it has, but could not get it (reported: WXR600-WXR604), so that no
        redirect leads to an address with nothing there."""
        if self._by_link is None:
            self._by_link = {self.layout.link_url(f.path): f for f in self.files}
        file = self._by_link.get(link)
        if file is None:
            return link
        return self._urls(file, None)[1] if file in self.dest else None

    def urls(self) -> Iterator[str]:
        """Every placed file's URL on the new site."""
        for dest in self.dest.values():
            yield self.served.get(dest) or self.layout.static_url(dest)

    def _bundle_of(self, placement: Placement) -> str | None:
        """The item's bundle directory (Hugo), when its files can be served from there."""
        url = placement.url
        if not self.layout.bundles or not url.endswith("/") or "?" in url or "#" in url:
            return None  # an "ugly" URL (/page.html) has no folder of its own
        return posixpath.dirname(placement.path)

    def _urls(self, file: MediaFile, bundle: str | None) -> tuple[str, str]:
        """The file's URL in its item's body, and site-absolute."""
        dest = self.dest.get(file)
        if dest is None:
            return file.url, file.url  # not had: the old site's URL, and reported
        url = self.served.get(dest) or self.layout.static_url(dest)
        if bundle is not None and posixpath.dirname(dest) == bundle:
            return quote(posixpath.basename(dest)), url
        return url, url

    def _into_static(self, file: MediaFile, owner: int) -> None:
        """Back to the static folder from a bundle an earlier run gave it: no bundle now."""
        current, want = self.dest.get(file), self.layout.static_dest(file.path)
        if current is None or current == want or current.startswith(self.layout.static_root):
            return
        self._move(file, current, want, owner)

    def _move(self, file: MediaFile, current: str, want: str, owner: int) -> bool:
        """Put the file at ``want``; False when that failed (it stays where it was)."""
        if not self.dry_run:
            # Moved, unless the bytes also serve a file that is not the page's own.
            shared = any(
                d == current and self.owner.get(f.path) != owner
                for f, d in self.dest.items()
                if f is not file
            )
            try:
                _relocate(self.root, current, want, self.result.placed[file].sha256, shared)
            except (OSError, ValueError):
                return False
        self._record(file, want)
        return True

    def _record(self, file: MediaFile, dest: str) -> None:
        self.dest[file] = dest
        if self.manifest is not None:
            p = self.result.placed[file]
            self.manifest.record(file, dest, p.sha256, p.size, p.from_original)

    def _into_bundle(self, file: MediaFile, bundle: str, page_url: str, owner: int) -> None:
        current = self.dest.get(file)
        if current is None:
            return
        # The same bytes already moved here for another of the page's files (a missing
        # variant and its original, one photo uploaded twice): one copy serves both.
        want = self.followed.get((current, bundle))
        if want is None and posixpath.dirname(current) == bundle and current in self.served:
            want = current  # a re-run: the earlier run left it here, for that other file
        if want is None:
            want = f"{bundle}/{self._name(file, bundle, current)}"
            if current != want and not self._move(file, current, want, owner):
                return  # left where it was, where its links still lead
            self.served[want] = f"{self.layout.base_url}{page_url}{quote(posixpath.basename(want))}"
            self.followed[(current, bundle)] = want
        elif current != want:
            self._record(file, want)
        self.bundled += 1

    def _name(self, file: MediaFile, bundle: str, current: str) -> str:
        """The file's name in the bundle: its own, made distinct from the others there."""
        taken = self.names.setdefault(bundle, set())
        if posixpath.dirname(current) == bundle and posixpath.basename(current) not in taken:
            name = posixpath.basename(current)  # placed there by an earlier run: kept
        else:
            stem, ext = posixpath.splitext(posixpath.basename(file.path))
            name, n = stem + ext, 1
            while name in taken or name.lower().startswith(("index.", "_index.")):
                n += 1
                name = f"{stem}-{n}{ext}"
        taken.add(name)
        return name

    # -- step 3 ------------------------------------------------------------------------

    def finish(self, report: RunReport) -> None:
        """Save the manifest; list the files in the marker; count and report."""
        if self.manifest is not None:
            self.manifest.save()
        for dest in sorted(set(self.dest.values())):
            exists = os.path.isfile(safe_join(self.root, dest))
            self.output.claim(dest, "unchanged" if exists else "create")
        if os.path.isfile(os.path.join(self.root, MANIFEST)):
            self.output.claim(MANIFEST)
        for key, n in self.result.counts.items():
            if n and key in REPORTED:
                report.counts[REPORTED[key]] += n
        if self.bundled:
            report.counts["media in page bundles"] += self.bundled
        if self.other_langs:
            report.counts["media files of another language left out (--lang)"] += self.other_langs
        for d in self.result.diagnostics:
            report.add(d)


def _relocate(root: str, current: str, want: str, sha: str, shared: bool) -> None:
    """Put the bytes at ``current`` at ``want``: moved, or copied when ``shared``."""
    source, target = safe_join(root, current), safe_join(root, want)
    try:
        if sha and sha256_of(target)[0] == sha:
            return  # already there (an interrupted run): nothing to write
    except OSError:
        pass
    place_file(source, target, move=not shared)
