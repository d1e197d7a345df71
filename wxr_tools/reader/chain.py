"""Several files of one export, read as one: ``open_export(paths)``.

``wp export`` cuts a large site into files of 15 MB (``site.wordpress.date.000.xml``,
``.001.xml``...), each a whole WXR document: the same site fields, and by default the
authors, terms and menu items again in every file; the posts, pages and attachments
are spread over them. Splitter tools do the same to get under upload limits. A
``Chain`` reads such files in the order given as one export: the first file's site,
the union of the authors (by login) and terms (by taxonomy and slug) in file order,
and the items file after file. Files of another site are refused before anything is
read past their headers.

The chain does not leave out the items a file repeats from an earlier one: what is a
repeat is known from the index pass over every file (``wxr_tools.repeats``), and the
pipeline counts each one left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from types import TracebackType

from wxr_tools.diagnostics import Diagnostic, UsageError
from wxr_tools.model import Author, Item, Site, Term
from wxr_tools.reader import Export, read


class Chain:
    """The files of one export, in order: an ``Export``'s header and items, from several.

    ``path`` and ``file`` are those of the file being read (the first one before the
    items are); ``exports`` are the files' own, each with its own diagnostics and lines.
    """

    def __init__(self, paths: Sequence[str], *, recover: bool = False) -> None:
        check_paths(paths)
        self.paths = tuple(paths)
        self.recover = recover
        self.exports: list[Export] = []
        try:
            for path in self.paths:
                self.exports.append(read(path, recover=recover))
            check_sites(self.exports)
        except BaseException:
            self.close()
            raise
        self.file = 0
        """The position in ``paths`` of the file being read."""
        self.authors: list[Author] = []
        self.terms: list[Term] = []
        self._term_files: dict[tuple[str, str], int] = {}
        """The file each term of ``terms`` was taken from (its first)."""
        self._merge_headers()
        self.size = sum(os.path.getsize(p) for p in self.paths)
        self._done_bytes = 0
        self._started = False

    @property
    def path(self) -> str:
        return self.paths[self.file]

    @property
    def site(self) -> Site:
        return self.exports[0].site

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every file's reader findings, file after file (a copy: each file adds to its own)."""
        return [d for export in self.exports for d in export.diagnostics]

    @property
    def items_read(self) -> int:
        return sum(export.items_read for export in self.exports)

    @property
    def bytes_read(self) -> int:
        """Bytes consumed from the files so far (for progress bars)."""
        if self._done_bytes >= self.size:
            return self.size
        return self._done_bytes + self.exports[self.file].bytes_read

    @property
    def started(self) -> bool:
        return self._started

    def __iter__(self) -> Iterator[Item]:
        if self._started:
            raise RuntimeError("an export's items can be iterated only once")
        self._started = True
        return self._items()

    def _items(self) -> Iterator[Item]:
        for at, export in enumerate(self.exports):
            self.file = at
            yield from export
            self.done(export)

    def hand_over(self) -> None:
        """The items are read elsewhere, file by file (``parts``)."""
        self._started = True

    def done(self, export: Export) -> None:
        """``export`` was read to its end: what its items and its end added to its header
        (authors derived from items, terms after the last item) joins the chain's."""
        self._merge_headers()
        self._done_bytes += os.path.getsize(export.path)

    def _merge_headers(self) -> None:
        # The lists stay the same objects: a writer holds them from the start, as it
        # holds a single export's, which grow the same way.
        logins = {a.login for a in self.authors}
        terms = {(t.taxonomy, t.slug) for t in self.terms}
        for file, export in enumerate(self.exports):
            for author in export.authors:
                if author.login not in logins:
                    logins.add(author.login)
                    self.authors.append(author)
            for term in export.terms:
                key = (term.taxonomy, term.slug)
                if key not in terms:
                    terms.add(key)
                    self.terms.append(term)
                    self._term_files[key] = file

    def term_path(self, term: Term) -> str:
        """The file a term of ``terms`` comes from: its ``line`` is one of that file's."""
        return self.paths[self._term_files.get((term.taxonomy, term.slug), 0)]

    def close(self) -> None:
        for export in self.exports:
            export.close()

    def __enter__(self) -> Chain:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_export(sources: Sequence[str], *, recover: bool = False) -> Export | Chain:
    """One file's ``Export`` (exactly as ``read``), or the ``Chain`` of several."""
    if len(sources) == 1:
        return read(sources[0], recover=recover)
    return Chain(sources, recover=recover)


def check_paths(paths: Sequence[str]) -> None:
    """Several files must be files (standard input is read once), each given once."""
    if "-" in paths:
        raise UsageError("standard input (-) is one export on its own: give files only")
    seen: dict[str, str] = {}
    for path in paths:
        if os.path.exists(path) and not os.path.isfile(path):
            # A pipe or a directory: the files of an export are read twice (index, items).
            raise UsageError(f"{path}: not a file (the files of one export are read twice)")
        key = os.path.realpath(path)
        if key in seen:
            raise UsageError(f"{path}: given twice (as {seen[key]})")
        seen[key] = path


def check_sites(exports: Sequence[Export]) -> None:
    """Refuse a file of another site than the first file's."""
    first = exports[0]
    want = _site_key(first.site)
    for export in exports[1:]:
        if _site_key(export.site) != want:
            raise UsageError(
                f"{export.path} is an export of {_site_name(export.site)}, "
                f"{first.path} of {_site_name(first.site)}: the files must be of one site"
            )


def _site_key(site: Site) -> tuple[str, str]:
    # wp-cli writes the same values in every file; a splitter copies them: a trailing
    # slash or the case of the host is no difference.
    return (site.base_site_url.rstrip("/").casefold(), site.base_blog_url.rstrip("/").casefold())


def _site_name(site: Site) -> str:
    if site.base_blog_url and site.base_blog_url != site.base_site_url:
        return f"{site.base_site_url or '(no site URL)'} (blog {site.base_blog_url})"
    return site.base_site_url or "(no site URL)"
