"""Placing media files in the output: verified, deduplicated by content, never outside it.

``copy_from_dir`` (``wxr convert --media-from UPLOADS``) takes each file from a local copy of
``wp-content/uploads`` by its path there; ``wxr_tools.media.fetch`` downloads them. Both
hand files to a ``Store``, which:

* asks the caller's ``destination(file)`` where the file goes (writers decide: a Hugo
  page bundle beside the post, a static folder…) and refuses any destination that
  would leave the output directory (``safe_join``: ``..``, absolute paths, symlinks
  pointing out);
* stores identical content once (SHA-256): a second file with the same bytes is
  mapped to the first one's destination instead of being written again;
* never rewrites a file that already holds the same bytes (re-runs touch nothing);
* gives two different files that the caller sent to one destination distinct names
  (``photo-2.jpg``), as a Hugo bundle flattening ``2010/03/a.jpg`` and ``2011/04/a.jpg``
  would;
* records what it placed in ``.wxr-media.json`` at the output's root, which is how a
  later run knows that a download is already complete (resume).

A resized variant that is missing (``photo-300x200.jpg``) is replaced by its original,
reported as WXR602. Problems are diagnostics, never exceptions: a run places every
file it can and reports the others (``strict`` makes those reports errors).
"""

from __future__ import annotations

import os
import posixpath
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from wxr_tools.diagnostics import Diagnostic, Severity, UsageError
from wxr_tools.media.files import Manifest, safe_join, sha256_of, verify
from wxr_tools.media.inventory import MediaFile
from wxr_tools.writers.files import place_file

Destination = Callable[[MediaFile], str]
"""Where a file goes: a relative POSIX path under the output directory."""

REPORTED = {
    "copied": "media copied",
    "downloaded": "media downloaded",
    "unchanged": "media unchanged",
    "duplicate": "media stored once for identical files",
    "missing": "media missing",
    "refused": "media refused",
    "failed": "media failed",
    "variants replaced by their original": "media variants replaced by their original",
}
"""``StoreResult.counts`` keys, as the run report names them."""

FAILURES = frozenset(("WXR600", "WXR601", "WXR603", "WXR604"))
"""The codes that mean a file did not make it (errors under ``strict``)."""


def originals_first(files: Iterable[MediaFile]) -> list[MediaFile]:
    """Originals before variants, so that a missing variant finds its original placed."""
    ordered = list(files)
    return [f for f in ordered if not f.original] + [f for f in ordered if f.original]


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one file's content is, in the output."""

    file: MediaFile
    dest: str
    """Relative POSIX path under the output directory."""
    sha256: str
    size: int
    status: str
    """``copied``, ``downloaded``, ``unchanged`` (already there), ``duplicate`` (the same
    bytes are stored at ``dest`` for another file)."""
    from_original: bool = False
    """A missing variant, replaced by its original."""


@dataclass(slots=True)
class StoreResult:
    """What a run placed, what it could not, and why."""

    placed: dict[MediaFile, Placed] = field(default_factory=dict)
    failed: dict[MediaFile, Diagnostic] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    by_path: dict[tuple[str, int | None], Placed] = field(default_factory=dict)
    """The same, by (uploads path, owner): what writers look links up by."""

    def dest(self, path: str, owner: int | None = None) -> str | None:
        """Where the file known by its uploads ``path`` (and ``owner``) ended up."""
        placed = self.by_path.get((path, owner))
        return placed.dest if placed is not None else None

    @property
    def missing(self) -> list[MediaFile]:
        return [f for f, d in self.failed.items() if d.code == "WXR600"]


class Store:
    """Places files under ``root`` where ``destination`` says; see the module docstring."""

    def __init__(
        self,
        root: str,
        destination: Destination,
        *,
        dedupe: bool = True,
        dry_run: bool = False,
        manifest: Manifest | None = None,
        shown: str | None = None,
    ) -> None:
        self.root = os.path.abspath(root)
        self.shown = os.path.abspath(shown) if shown is not None else self.root
        """The output directory the messages name (``root`` may be a staging folder)."""
        self.destination = destination
        self.dedupe = dedupe
        self.dry_run = dry_run
        self.manifest = manifest
        self.result = StoreResult()
        self._by_hash: dict[str, str] = {}
        self._claimed: dict[str, str] = {}
        self._lock = threading.RLock()  # shared by fetch workers; fail() nests in place()

    def target(self, file: MediaFile, from_original: bool = False) -> str:
        """The caller's destination for ``file`` (its original's, for a replaced variant)."""
        if from_original:
            file = replace(file, path=file.original, url=file.original_url or file.url)
        return self.destination(file)

    def place(
        self,
        file: MediaFile,
        source: str,
        *,
        move: bool,
        status: str,
        from_original: bool = False,
        digest: tuple[str, int] | None = None,
    ) -> Placed | None:
        """Put the bytes at ``source`` in place for ``file`` (moved, or copied)."""
        sha, size = digest or sha256_of(source)
        with self._lock:
            if self.dedupe and sha in self._by_hash:
                dest, status = self._by_hash[sha], "duplicate"
            else:
                try:
                    dest = self._free(self.target(file, from_original), sha)
                    path = safe_join(self.root, dest, self.shown)
                    status = self._write(source, path, sha, size, move, status)
                except ValueError as e:
                    self._discard(source, move)
                    self.fail(file, "WXR604", f"destination refused: {e}")
                    return None
                self._by_hash.setdefault(sha, dest)
                self._claimed[dest] = sha
            self._discard(source, move)
            return self._record(Placed(file, dest, sha, size, status, from_original))

    def alias(self, file: MediaFile, placed: Placed) -> Placed:
        """``file`` served by what is already placed (a missing variant's original)."""
        with self._lock:
            alias = Placed(file, placed.dest, placed.sha256, placed.size, "duplicate", True)
            return self._record(alias)

    def placed(self, path: str, owner: int | None) -> Placed | None:
        with self._lock:
            return self.result.by_path.get((path, owner))

    def fail(self, file: MediaFile, code: str, message: str) -> None:
        diagnostic = self._diagnostic(file, code, message)
        with self._lock:
            self.result.failed[file] = diagnostic
            self.result.diagnostics.append(diagnostic)
            self.result.counts[{"WXR600": "missing", "WXR601": "refused"}.get(code, "failed")] += 1

    def note(self, file: MediaFile, code: str, message: str) -> None:
        with self._lock:
            self.result.diagnostics.append(self._diagnostic(file, code, message))

    def finish(self, strict: bool = False) -> StoreResult:
        """Save the manifest; with ``strict``, every file that did not make it is an error."""
        if self.manifest is not None and not self.dry_run:
            self.manifest.save()
        if strict:
            self.result.diagnostics = [
                replace(d, severity=Severity.ERROR) if d.code in FAILURES else d
                for d in self.result.diagnostics
            ]
            self.result.failed = {
                f: replace(d, severity=Severity.ERROR) for f, d in self.result.failed.items()
            }
        return self.result

    # -- inside the lock ---------------------------------------------------------------

    def _free(self, dest: str, sha: str) -> str:
        """``dest``, or ``name-2.ext``… when this run gave ``dest`` to other bytes."""
        stem, ext = posixpath.splitext(dest)
        n = 1
        while self._claimed.get(dest, sha) != sha:
            n += 1
            dest = f"{stem}-{n}{ext}"
        return dest

    def _write(self, source: str, path: str, sha: str, size: int, move: bool, status: str) -> str:
        try:
            if os.path.getsize(path) == size and sha256_of(path)[0] == sha:
                return "unchanged"  # a re-run: the bytes are there, its mtime stays
        except OSError:
            pass
        if self.dry_run:
            return status
        place_file(source, path, move=move)
        return status

    def _discard(self, source: str, move: bool) -> None:
        if move and os.path.exists(source):
            os.unlink(source)

    def _record(self, placed: Placed) -> Placed:
        self.result.placed[placed.file] = placed
        self.result.by_path.setdefault((placed.file.path, placed.file.owner), placed)
        self.result.counts[placed.status] += 1
        if placed.from_original:
            self.result.counts["variants replaced by their original"] += 1
        if self.manifest is not None:
            p = placed
            self.manifest.record(p.file, p.dest, p.sha256, p.size, p.from_original)
        return placed

    @staticmethod
    def _diagnostic(file: MediaFile, code: str, message: str) -> Diagnostic:
        # Named by the file's uploads path; the item is its attachment.
        return Diagnostic(code=code, message=message, path=file.path, item_id=file.attachment)


def copy_from_dir(
    files: Iterable[MediaFile],
    uploads: str,
    root: str,
    destination: Destination,
    *,
    dedupe: bool = True,
    dry_run: bool = False,
    strict: bool = False,
    shown: str | None = None,
) -> StoreResult:
    """Copy ``files`` from ``uploads`` (a copy of ``wp-content/uploads``) into ``root``
    (a staging folder, whose messages name the directory ``shown``, when given)."""
    if not os.path.isdir(uploads):
        raise UsageError(f"--media-from {uploads}: not a directory")
    manifest = None if dry_run else Manifest(os.path.abspath(root))
    store = Store(root, destination, dedupe=dedupe, dry_run=dry_run, manifest=manifest, shown=shown)
    finder = _Finder(uploads)
    for file in originals_first(files):
        try:
            source = finder.find(file.path)
            from_original = source is None and bool(file.original)
            if from_original:
                source = finder.find(file.original)
        except ValueError as e:
            store.fail(file, "WXR604", str(e))
            continue
        if source is None:
            store.fail(file, "WXR600", f"{file.url}: not in {uploads}")
            continue
        problem = verify(source, file.original if from_original else file.path)
        if problem is not None:
            store.fail(file, "WXR601", f"{source}: {problem}")
            continue
        if from_original:
            store.note(file, "WXR602", f"{file.path} is missing: its original {file.original}")
        store.place(file, source, move=False, status="copied", from_original=from_original)
    return store.finish(strict)


class _Finder:
    """Files under the uploads folder by path, exactly or else ignoring case.

    Uploads copied from a case-insensitive host (Windows, macOS) often differ in case
    from the links (``Photo.JPG`` linked as ``photo.jpg``): WordPress served both.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self._listings: dict[str, dict[str, str]] = {}

    def find(self, path: str) -> str | None:
        full = safe_join(self.root, path)
        if os.path.isfile(full):
            return full
        directory, name = os.path.split(full)
        if directory not in self._listings:
            try:
                names = os.listdir(directory)
            except OSError:
                names = []
            self._listings[directory] = {n.lower(): n for n in names}
        found = self._listings[directory].get(name.lower())
        if found is None:
            return None
        full = safe_join(self.root, posixpath.join(posixpath.dirname(path), found))
        return full if os.path.isfile(full) else None
