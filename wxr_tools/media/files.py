"""Media files on disk: paths that stay inside a directory, hashes, checks, the manifest.

``safe_join`` guards every path that comes from an export or a caller, for reading
(the uploads folder) and for writing (the output). ``Manifest`` is
``.wxr-media.json`` at the output's root: what earlier runs placed, so that a download
already complete is not fetched again (resume).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from wxr_tools.media.filetypes import SNIFF_BYTES, agrees, family_of, sniff
from wxr_tools.media.inventory import MediaFile
from wxr_tools.writers.files import atomic_file, is_unsafe

MANIFEST = ".wxr-media.json"


def safe_join(root: str, relative: str, shown: str | None = None) -> str:
    """The path of ``relative`` (POSIX, from an export or a writer) under ``root``.

    Raises ValueError for anything that could land elsewhere: absolute paths, ``..``,
    empty or ``.`` segments, backslashes, NUL, drive colons, Windows device names (a
    site checked out there could not hold them), over-long names, and a path whose
    existing part goes through a symlink out of ``root``: the rules of ``is_unsafe`` (the
    Markdown writer's ``check_inside`` applies them too), plus ":" and the symlink check,
    because these paths also read from a directory the user gave, and media writes
    follow links an earlier tool left. The messages name ``shown`` (``root`` unless
    given): where the files go, when ``root`` is a staging folder published at the end.
    """
    named = root if shown is None else shown
    if is_unsafe(relative, "\\\x00:"):
        raise ValueError(f"refusing a path outside {named!r}: {relative!r}")
    base = os.path.realpath(root)
    path = os.path.join(base, *relative.split("/"))
    real = os.path.realpath(path)
    if os.path.commonpath([base, real]) != base:
        raise ValueError(f"refusing a path that leaves {named!r} through a link: {relative!r}")
    return path


def sha256_of(path: str) -> tuple[str, int]:
    """The file's SHA-256 (hex) and size, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def verify(path: str, name: str) -> str | None:
    """Why the file at ``path`` cannot be served as ``name``, or None when it can."""
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head:
        return "the file is empty"
    if not agrees(name, head):
        found = sniff(head) or "unrecognised"
        return f"its content is {found}, not the {family_of(name) or 'file'} its name says"
    return None


@dataclass(frozen=True, slots=True)
class Done:
    """A file an earlier run placed and that is still intact: no need to fetch it again."""

    path: str
    """Where its bytes are (a file system path under the output)."""
    sha256: str
    size: int
    from_original: bool
    """A missing variant that was given its original."""


class Manifest:
    """``.wxr-media.json``: what earlier runs placed, by URL (and owner)."""

    def __init__(self, root: str) -> None:
        self.path = os.path.join(root, MANIFEST)
        self.entries: dict[str, dict[str, Any]] = {}
        self._saved = ""
        """The file's text as read or last written: an unchanged manifest is not rewritten."""
        try:
            with open(self.path, encoding="utf-8") as f:
                self._saved = f.read()
            data = json.loads(self._saved)
            if isinstance(data, dict) and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        except (OSError, ValueError):
            pass  # none yet, or damaged: everything is fetched again, nothing is lost

    @staticmethod
    def key(file: MediaFile) -> str:
        return file.url if file.owner is None else f"{file.owner} {file.url}"

    def complete(self, root: str, file: MediaFile) -> Done | None:
        """What an earlier run placed for ``file``, when it is still there, intact."""
        entry = self.entries.get(self.key(file))
        if not isinstance(entry, dict):
            return None
        dest, sha, size = entry.get("dest"), entry.get("sha256"), entry.get("size")
        if not (isinstance(dest, str) and isinstance(sha, str) and isinstance(size, int)):
            return None
        try:
            path = safe_join(root, dest)
            if os.path.getsize(path) != size or sha256_of(path)[0] != sha:
                return None
        except (OSError, ValueError):
            return None
        return Done(path, sha, size, entry.get("from_original") is True)

    def record(
        self, file: MediaFile, dest: str, sha: str, size: int, from_original: bool = False
    ) -> None:
        self.entries[self.key(file)] = {
            "path": file.path,
            "dest": dest,
            "sha256": sha,
            "size": size,
            "from_original": from_original,
        }

    def save(self) -> None:
        """Write the manifest, unless it holds exactly that already (a re-run touches nothing)."""
        text = json.dumps({"version": 1, "files": self.entries}, indent=1, sort_keys=True) + "\n"
        if text == self._saved:
            return
        with atomic_file(self.path) as out:
            out.write(text)
        self._saved = text
