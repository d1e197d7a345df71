"""``--to ghost -o NAME.zip``: Ghost's import as a zip, the JSON and the media files.

Ghost's importer (Settings → Import content) takes a zip holding the JSON at its root
and uploaded files under ``content/images/``, ``content/media/`` (video, audio) and
``content/files/`` (documents): it stores each file under the same path on the site
(numbered when the name is taken) and points the JSON's URLs to it. The links transform
already wrote every media URL where Ghost serves the file (``/content/{folder}/{path}``,
``ghosturls``), so each file goes into the zip at the path its URL names:
``/content/images/2010/03/photo.jpg`` → ``content/images/2010/03/photo.jpg``. A file
Ghost would rename (non-ASCII, spaces…) has the name Ghost stores it under there, in the
zip and in ``NAME-by-hand/`` (``ghostfiles``): Ghost keeps it, so that the redirects and
every link to it hold.

* Which files: the media library, whole, as the Markdown sites have it
  (``Inventory.library``): every attachment's file, whether or not a written post names
  it today (an attachment's old addresses redirect to its file: the redirect map must
  find it there, and the library is the user's content), and with ``--lang`` the
  language's own (the files its posts use, its attachments). With ``[links]
  media_originals`` (the default) each attachment's own file, which the links name
  instead of its sizes; without it, also each size linked (``photo-300x200.jpg``), whose
  original stands in when it is missing (WXR602).
* A file Ghost's importer does not take (an extension outside its ``uploads`` lists:
  ``.zip``, ``.doc``…) cannot go into the zip: it is written beside it, in
  ``NAME-by-hand/`` at its zip name (``content/files/2012/02/sources.zip``), and each is
  reported (WXR606) with where to copy it: its links and its redirects lead to its
  ``/content/files/…`` URL. The folder is replaced on each run (only when it holds
  nothing but ``content/``: a folder of the user's by that name stops the run).
* How: the Markdown writer's machinery (``copy_from_dir`` for ``--media-from``,
  ``download`` for ``--download``) places the files in a folder beside the zip
  (``.NAME.zip.wxr-media/``): verified, missing ones reported (WXR600…WXR604, errors with
  ``--strict-media``). The zip is then written from there, one file at a time, streamed;
  the folder is deleted once the zip is in place, and kept after a failure, so that
  ``--download`` resumes (its manifest is there).
* When: before the JSON is written (``get_files``), as the Markdown writer places its
  files before the first item: which files the zip takes does not depend on which items
  are written (the library is known from the inventory, and ``--lang``'s part of it from
  the index), so each post is written once, with its final links.
* A file not had: the JSON links the old site's file instead (``get_files`` gives those
  URLs, ``relink`` puts them in each post as it is written), as the Markdown sites do,
  so that no ``/content/…`` URL names a file the zip lacks, and the redirect map gets no
  rule to it (``finish`` returns those URLs; the map is written after it).
* Safe: a name that would leave the zip's root (``..``, absolute, a drive, a backslash)
  is refused by the store (WXR604) and is checked again before it enters the zip.
* Streamed, atomic and deterministic: how the zip is written (``zipbuild``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urljoin, urlsplit

from wxr_tools.config import Config
from wxr_tools.diagnostics import Diagnostic, Severity, UsageError
from wxr_tools.ghostfiles import GhostFiles, kept, stored_path
from wxr_tools.ghosturls import importable, media_folder
from wxr_tools.media.inventory import Inventory, MediaFile
from wxr_tools.media.store import REPORTED, StoreResult
from wxr_tools.report import RunReport
from wxr_tools.scratch import Scratch
from wxr_tools.sitetables import attachment_file
from wxr_tools.urlparts import fill, home_of
from wxr_tools.writers import WriteJob
from wxr_tools.writers.files import is_unsafe, place_file
from wxr_tools.writers.zipbuild import UNSAFE, ZipBuild

STAGING_SUFFIX = ".wxr-media"
BY_HAND_SUFFIX = "-by-hand"
"""``NAME.zip``'s files Ghost's importer refuses go into ``NAME-by-hand/``."""


def is_zip(output: str) -> bool:
    return output.lower().endswith(".zip")


def zip_name(media_path: str, names: GhostFiles, file: MediaFile) -> str:
    """Where ``file`` goes in the zip: the path of the URL the links transform gave it
    (``[links] media_path``, its name as Ghost stores it: ``names``), without its
    leading ``/``."""
    return _media_path(media_path, names, file).lstrip("/")


def _media_path(media_path: str, names: GhostFiles, file: MediaFile) -> str:
    path = file.path
    return fill(media_path, {"path": names.path(path, file.original), "folder": media_folder(path)})


def ghost_names(job: WriteJob, files: list[MediaFile]) -> GhostFiles:
    """The names Ghost stores the files under, as the links transform decided them (from
    the index: ``ghostfiles``); without an index, from ``files`` in their order."""
    if job.index is not None:
        return GhostFiles.of(job.index, attachment_file)
    names = GhostFiles(Scratch())
    for file in files:
        if not file.original:
            names.learn(file.path)
    names.settle()
    return names


@dataclass(frozen=True, slots=True)
class Selection:
    """The run's media files: those the zip takes, and those Ghost would not take."""

    files: list[MediaFile]
    """In the inventory's order (export order)."""
    by_hand: list[MediaFile]
    """Of a type Ghost's importer refuses (WXR606): written beside the zip instead."""
    other_langs: int
    """Files left out: another language's (``--lang``)."""

    @classmethod
    def of(cls, job: WriteJob, inventory: Inventory) -> Selection:
        originals = bool(job.config.section("links")["media_originals"])
        in_langs = None
        if job.filters is not None and job.filters.langs:
            from wxr_tools.writers.references import Kept

            in_langs = Kept(job).in_langs
        library = inventory.library(originals, in_langs)
        files: list[MediaFile] = []
        by_hand: list[MediaFile] = []
        for file in library:
            (files if importable(file.path) else by_hand).append(file)
        other = len(inventory.files(variants=not originals)) - len(library)
        return cls(files, by_hand, other)


def acquire(job: WriteJob, files: list[MediaFile], staging: str, names: GhostFiles) -> StoreResult:
    """Copy (``--media-from``) or download (``--download``) ``files`` into ``staging``,
    each at its zip name."""
    media_path = str(job.config.section("links")["media_path"])

    def destination(file: MediaFile) -> str:
        return zip_name(media_path, names, file)

    options = job.options
    if options.media_from is not None:
        from wxr_tools.media.store import copy_from_dir

        return copy_from_dir(
            files, options.media_from, staging, destination, strict=options.strict_media
        )
    from wxr_tools.media.fetch import FetchOptions, download

    return download(
        files,
        staging,
        destination,
        FetchOptions.from_config(job.config),
        strict=options.strict_media,
        progress=job.progress,
        client=options.media_client,
    )


class GhostZip:
    """One zip import being made: its files got first, then its JSON, then the zip.

    ``get_files`` gets the files (when the run asks for them) before the JSON is written;
    ``json_file`` starts the zip with the JSON; ``finish`` adds the files and puts the
    zip in place; ``close`` removes what a failed run leaves.
    """

    def __init__(self, job: WriteJob) -> None:
        self.job = job
        self.output = os.path.abspath(job.output)
        directory, name = os.path.split(self.output)
        os.makedirs(directory, exist_ok=True)
        self.json_name = name[: -len(".zip")] + ".json"
        self.staging = os.path.join(directory, f".{name}{STAGING_SUFFIX}")
        self.by_hand = os.path.join(directory, name[: -len(".zip")] + BY_HAND_SUFFIX)
        if job.media is not None and not _ours(self.by_hand):
            raise UsageError(
                f"{self.by_hand} is in the way: it is where the files Ghost's importer "
                "does not take are written, and it holds what this tool does not write "
                "there (move it, or give -o another name)"
            )
        self._got: tuple[Selection, StoreResult] | None = None
        self._names: GhostFiles | None = None
        self._unplaced: list[MediaFile] = []
        self._zip: ZipBuild | None = None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.discard()
            self._zip = None

    @contextmanager
    def json_file(self) -> Iterator[TextIO]:
        """The import file, written as the zip's first entry (``ZipBuild.text``)."""
        if self._zip is not None:
            raise RuntimeError("the JSON is the zip's first entry: written once")
        self._zip = ZipBuild(self.output)
        with self._zip.text(self.json_name) as out:
            yield out

    def get_files(self) -> dict[str, str]:
        """Get the run's media files (media options) into the staging folder, before the
        JSON is written: the URL the links transform gave each file that could not be had
        → the old site's, for the JSON to link instead (``relink``). Reported in
        ``finish``, so that the report lists them after the items' findings."""
        job = self.job
        if job.media is None:
            return {}
        selection = Selection.of(job, job.media)
        every = [*selection.files, *selection.by_hand]
        self._names = names = ghost_names(job, every)
        result = acquire(job, every, self.staging, names)
        self._got = (selection, result)
        self._unplaced = [f for f in every if f not in result.placed]
        return old_urls(job, self._unplaced, names)

    def finish(self, written: set[int]) -> set[str]:
        """Write the zip and the files to copy by hand, and report the files
        (``get_files`` got them); the URLs the JSON gave files that could not be had (the
        old site's in the JSON: the redirect map must not send anything there either).
        ``written``: the ids of the items the JSON holds."""
        job, report = self.job, self.job.report
        if self._zip is None:
            raise RuntimeError("finish before json_file: the zip starts with the JSON")
        entries: list[tuple[str, str]] = []
        unplaced = self._unplaced
        if job.media is not None:
            if self._got is None or self._names is None:
                raise RuntimeError("finish before get_files: the JSON would link files not got")
            (selection, result), names = self._got, self._names
            if selection.other_langs:
                report.counts["media files of another language left out (--lang)"] += (
                    selection.other_langs
                )
            media_path = str(job.config.section("links")["media_path"])
            entries = _entries(media_path, names, selection.files, result, self.staging)
            _count(result, report)
            _count_renamed([*selection.files, *selection.by_hand], result, names, report)
            if selection.by_hand:
                report.counts["media Ghost's importer does not take"] += len(selection.by_hand)
            self._write_by_hand(selection.by_hand, result, names)
            if unplaced:
                named = _named(job.media, job.config, written)
                linked = sum(1 for f in unplaced if f.path in named)
                if linked:
                    report.counts["media linked at the old site (not in the zip)"] += linked
        for name, source in entries:
            self._zip.add(name, source)
        self._zip.commit()
        self._zip = None
        report.counts["files in the Ghost zip"] += len(entries)
        if job.media is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if not unplaced or self._names is None:
            return set()
        return {_link(job, file, self._names) for file in unplaced}

    def _write_by_hand(
        self, files: list[MediaFile], result: StoreResult, names: GhostFiles
    ) -> None:
        """The files Ghost's importer refuses, in ``NAME-by-hand/`` at the path their URL
        names (``content/files/2012/02/sources.zip``), each reported (WXR606) with where
        it goes. The folder is this run's alone: an earlier run's is replaced."""
        job, report = self.job, self.job.report
        media_path = str(job.config.section("links")["media_path"])
        folder = os.path.basename(self.by_hand)
        hand: dict[str, MediaFile] = {}
        for file in files:
            if file in result.placed:
                hand.setdefault(zip_name(media_path, names, file), file)
        _remove_by_hand(self.by_hand)  # checked to be ours in __init__
        if not hand:
            return
        building = os.path.join(os.path.dirname(self.by_hand), f".{folder}.wxr-tmp")
        _remove_by_hand(building)
        for name, file in sorted(hand.items()):
            if is_unsafe(name, UNSAFE):  # as for the zip: the store refused these already
                raise ValueError(f"refusing a file outside its folder: {name!r}")
            source = os.path.join(self.staging, *result.placed[file].dest.split("/"))
            place_file(source, os.path.join(building, *name.split("/")), move=False)
        os.replace(building, self.by_hand)
        strict = job.options.strict_media
        for name, file in hand.items():  # export order, as the store's reports
            report.add(_not_importable(file, folder, name, strict))
        report.counts[f"media to copy by hand into Ghost ({folder}/)"] += len(hand)


def _entries(
    media_path: str,
    names: GhostFiles,
    files: list[MediaFile],
    result: StoreResult,
    staging: str,
) -> list[tuple[str, str]]:
    """(name in the zip, file on disk) for each file placed, sorted by name.

    A file's name is its own URL's path even when the store keeps its bytes elsewhere:
    one copy for identical files, a missing size's original. Ghost stores each name.
    """
    entries: dict[str, str] = {}
    for file in files:
        placed = result.placed.get(file)
        if placed is not None:
            source = os.path.join(staging, *placed.dest.split("/"))
            entries.setdefault(zip_name(media_path, names, file), source)
    return sorted(entries.items())


def _named(inventory: Inventory, config: Config, written: set[int]) -> set[str]:
    """The files (paths under uploads) the items ``written`` name."""
    originals = bool(config.section("links")["media_originals"])
    named: set[str] = set()
    for path, items in inventory.uses(originals):
        if any(i in written for i in items if i is not None):
            named.add(path)
    return named


def _link(job: WriteJob, file: MediaFile, names: GhostFiles) -> str:
    """The URL the links transform gave ``file`` (as the JSON and the redirects name it)."""
    links = job.config.section("links")
    media_path, base_url = str(links["media_path"]), str(links["base_url"]).rstrip("/")
    return base_url + _media_path(media_path, names, file)


def _ours(path: str) -> bool:
    """Whether ``path`` is free for the files to copy by hand, or an earlier run's
    folder of them (nothing but ``content/``): never a folder of the user's."""
    if os.path.islink(path) or os.path.isfile(path):
        return False
    return not os.path.isdir(path) or set(os.listdir(path)) <= {"content"}


def _remove_by_hand(path: str) -> None:
    """An earlier run's folder of files to copy by hand (``_ours``), removed."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)


def old_urls(job: WriteJob, unplaced: list[MediaFile], names: GhostFiles) -> dict[str, str]:
    """The URL the links transform gave each file not placed → the old site's, absolute
    (the Markdown sites' way: a link that works while the old site does, and that a
    search for its domain finds), rather than a ``/content/…`` URL with no file."""
    home = home_of(job.site)
    urls: dict[str, str] = {}
    for file in unplaced:
        old = file.url if urlsplit(file.url).scheme else urljoin(home, file.url)
        urls.setdefault(_link(job, file, names), old)
    return urls


def relink(post: dict[str, object], urls: dict[str, str]) -> None:
    """``post`` (a row of the JSON's ``posts``) with the links in ``urls`` replaced in its
    ``html`` (attribute values only, exact matches, as the Markdown sites') and its
    ``feature_image``."""
    from wxr_tools.writers.markdown.medialinks import rewrite

    html = post.get("html")
    if isinstance(html, str):
        post["html"] = rewrite(html, urls)
    image = post.get("feature_image")
    if isinstance(image, str):
        post["feature_image"] = urls.get(image, image)


def _count(result: StoreResult, report: RunReport) -> None:
    for key, n in result.counts.items():
        if n and key in REPORTED:
            report.counts[REPORTED[key]] += n
    for d in result.diagnostics:
        report.add(d)


def _count_renamed(
    files: list[MediaFile], result: StoreResult, names: GhostFiles, report: RunReport
) -> None:
    """Count the files placed that Ghost would rename (named so in the zip and the
    links), and report each one numbered because its Ghost name was another's (WXR607)."""
    renamed = sum(1 for f in files if f in result.placed and not kept(f.path))
    if renamed:
        report.counts["media named as Ghost stores them (non-ASCII, spaces…)"] += renamed
    placed = {f.path for f in files if f in result.placed}
    for path, name in names.numbered():
        if path in placed:
            report.counts["media numbered (their Ghost name was another file's)"] += 1
            report.add(
                Diagnostic(
                    code="WXR607",
                    message=f"{path}: Ghost would store it as {stored_path(path)}, "
                    f"another file's name: named {name}",
                    path=path,
                )
            )


def _not_importable(file: MediaFile, folder: str, name: str, strict: bool) -> Diagnostic:
    return Diagnostic(
        code="WXR606",
        message=f"{file.path}: Ghost's importer does not take this type: copy "
        f"{folder}/{name} to {name} in the Ghost site's folder, where its links "
        f"(/{name}) lead",
        severity=Severity.ERROR if strict else None,
        path=file.path,
        item_id=file.attachment,
    )


@contextmanager
def ghost_zip(job: WriteJob) -> Iterator[GhostZip]:
    packed = GhostZip(job)
    try:
        yield packed
    finally:
        packed.close()
