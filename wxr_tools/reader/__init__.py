"""The WXR reader: the only part of wxr_tools that knows XML. It never rewrites content.

``read(source)`` parses the channel header (site, authors, terms) eagerly and
yields items lazily, one at a time. Each ``<item>`` element is turned into an
``Item`` and then removed from the tree, so memory does not grow with the number
or the size of items (mwxml's shape: eager header, lazy items).

The parser is lxml's ``iterparse`` with entity resolution, DTD loading and
network access off; a DOCTYPE is refused before libxml2 sees it (see ``stream``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from lxml import etree

from wxr_tools.diagnostics import NAME, Diagnostic, InputError, cut, shown
from wxr_tools.model import Author, Extra, Item, Site, Term
from wxr_tools.reader.channel import is_term, read_author, read_term, wrapped_value
from wxr_tools.reader.digest import item_digest
from wxr_tools.reader.elements import (
    WP_NS,
    FieldReader,
    classify,
    extra_of,
    read_item,
    text_of,
)
from wxr_tools.reader.firsterror import Stopped, Watch
from wxr_tools.reader.repairs import repairs_reported
from wxr_tools.reader.stream import ATOM, ByteSource, PrologError, open_source

if TYPE_CHECKING:
    from io import RawIOBase

    from wxr_tools.reader.itemspool import ItemSpool
    from wxr_tools.reader.segments import Header, Segment

__all__ = ["Export", "read"]

_VERSION = re.compile(r"^\d+\.\d+$")
_ATOM_TAG = f"{{{ATOM}}}"
KNOWN_VERSIONS = ("1.0", "1.1", "1.2")

_SITE_TEXT = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "pubDate": "pub_date",
    "generator": "generator",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}


class Export:
    """An open export: ``site``, ``authors`` and ``terms`` now, items by iterating once.

    Iterating a second time raises: the items are a stream. Use it as a context
    manager (or call ``close``) to release the file.
    """

    def __init__(
        self,
        source: str | BinaryIO,
        *,
        recover: bool = False,
        light: bool = False,
        header: Header | None = None,
        line_offset: int = 0,
        items_before: int = 0,
        digests: bool = False,
    ) -> None:
        """``header``, ``line_offset`` and ``items_before`` are for reading one part of a
        file on its own (see ``segments``): the header is then the file's, not the part's
        synthetic one, and lines and counts are those of the whole file. ``digests``: keep
        ``digest`` of each item read (the index pass of several files: ``repeats``)."""
        raw, self.path = open_source(source)
        self.recover = recover
        self.light = light
        """Items without content, excerpt, comments and most meta (for index passes)."""
        self.digests = digests
        self.digest = b""
        """With ``digests``: a digest of the whole element of the item last read (its
        light Item leaves most of it out), to tell two copies of an item apart."""
        self.site = Site()
        self.authors: list[Author] = []
        self.terms: list[Term] = []
        self.diagnostics: list[Diagnostic] = []
        self.header_diagnostics = 0
        """How many of ``diagnostics`` the header gave (the rest come from items)."""
        self.items_read = items_before
        self.namespaces: dict[str, str] = {}
        """The channel's namespace declarations, by prefix ("" for the default one)."""
        self.tag_lines: tuple[tuple[str, int], ...] = ()
        """The lines the root and channel start tags begin on (see ``Header``)."""
        self.segment: Segment | None = None
        """The part of a file this export reads, when it reads one (``segments``)."""
        self.spool: ItemSpool | None = None
        """The items as the index pass read them (``itemspool``), when it kept them: set
        before the items are read, they come from there instead of being parsed again."""
        self._spooled_read: int | None = None
        self.window: Callable[[], RawIOBase] | None = None  # a later part's, to parse at once
        self._header = header
        self._line_offset = line_offset
        self._stream = ByteSource(raw, recover=recover)
        self._fields = FieldReader(self.diagnostics.append, self.path)
        self._fields.line_offset = line_offset
        self._item_lines: list[tuple[int, int | None]] = []
        self._header_done = False
        self._declared_authors = True
        """Whether the header declares authors (else each item's creator is one)."""
        self._started = False
        self._items = self._parse()
        if header is not None:
            # A later part of a file: its header is the file's, known, so the parser
            # starts with the items (``_parse``), and not at all when the spool gives
            # them all. Parsing the part's first bytes here could not fail nor report
            # anything: they are the synthetic prolog and an <item> start tag, whose start
            # event lxml gives before any error of the bytes after it.
            self._use_header(header)
            self._declared_authors = bool(self.authors)
            return
        try:
            next(self._items)  # runs up to the first item: the header is now read
        except StopIteration:
            pass
        except BaseException:
            self.close()
            raise

    # -- public -------------------------------------------------------------------

    @property
    def bytes_read(self) -> int:
        """Bytes consumed from the input so far (for progress bars); of items from the
        spool, the bytes the index pass had read after the last one."""
        spooled = self._spooled_read
        return self._stream.bytes_read if spooled is None else spooled

    @property
    def authors_derived(self) -> bool:
        return any(a.derived for a in self.authors)

    @property
    def started(self) -> bool:
        """Whether the items have been (or are being) read."""
        return self._started

    def hand_over(self) -> None:
        """Close the file: the header is read, and the items are read elsewhere
        (by parts, in other processes: see ``parallel``)."""
        self._started = True
        self.close()

    def __iter__(self) -> Iterator[Item]:
        if self._started:
            raise RuntimeError("an export's items can be iterated only once")
        self._started = True
        return self._items  # type: ignore[return-value]

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- parsing ------------------------------------------------------------------

    def _parse(self) -> Iterator[Item | None]:
        """The header (then a None), then the items; of a later part (its header
        known), the items only: from the spool when it serves, else parsed."""
        given = 0
        if self._header_done and self.spool is not None:
            given = yield from self._from_spool(self._declared_authors)
            if given < 0:
                return  # every item came from the spool: nothing parsed
        if self.window is not None and not given:
            from wxr_tools.reader.window import fresh, parse_window

            if (parsed := parse_window(self._stream)) is not None:
                yield from self._window_items(*parsed)
                return
            self._stream = fresh(self._stream, self.window)  # read again, event by event
        context = etree.iterparse(
            self._stream,
            events=("start", "end"),
            tag="item",
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=True,
            recover=self.recover,
            remove_comments=False,  # qTranslate writes <!--:fr--> markers as XML comments
            remove_pis=True,
        )
        watch = Watch()
        if not self.recover:  # recover mode reports every repair instead (``repairs``)
            watch.context = context
            self._stream.before_read = watch
        declared_authors = self._declared_authors
        try:
            for event, el in context:
                if event == "start":
                    if not self._header_done:
                        self._read_header(el.getparent(), first_item=el)
                        self.header_diagnostics = len(self.diagnostics)
                        self._declared_authors = declared_authors = bool(self.authors)
                        yield None
                        if self.spool is not None:
                            given = yield from self._from_spool(declared_authors)
                            if given < 0:
                                return  # every item came from the spool
                    if given:
                        from wxr_tools.reader.itemspool import skip_items

                        skip_items(context, given)  # it failed: parsed past what it gave
                        given = 0
                    continue
                item = read_item(el, self._fields, light=self.light)
                if self.digests:
                    self.digest = item_digest(el)
                parent = el.getparent()
                el.clear()
                if parent is not None:
                    parent.remove(el)
                self.items_read += 1
                if self.recover:
                    self._item_lines.append((item.line or 0, item.id))
                if not declared_authors:
                    self._derive_author(item.author)
                yield item
        except PrologError as e:
            self._fatal("WXR102", f"{e.what} refused: WordPress exports never have one", e.line)
        except (etree.XMLSyntaxError, Stopped) as e:
            tag_lines = dict(self._header.tag_lines) if self._header is not None else {}
            error = watch.error(e, self._line_offset, tag_lines)
            read_so_far = f"{self.items_read} items read before the error"
            message = f"not well-formed XML: {error.message}; {read_so_far}"
            message += " (--recover may read past it)"
            self._fatal("WXR101", message, error.line, error.column)
        root = context.root
        if not self._header_done:
            channel = root.find("channel") if root is not None else None
            self._read_header(channel if channel is not None else root, first_item=None)
            self.header_diagnostics = len(self.diagnostics)
            yield None
        else:
            self._read_late(root)
        if self.recover:
            self.diagnostics.extend(
                repairs_reported(
                    self.path, self._item_lines, self._stream.repairs, context.error_log
                )
            )

    def _window_items(self, root: etree._Element, items: list[etree._Element]) -> Iterator[Item]:
        """The items of a part parsed in one piece, as the events give them (``_parse``)."""
        for el in items:
            item = read_item(el, self._fields, light=self.light)
            if self.digests:
                self.digest = item_digest(el)
            self.items_read += 1
            if not self._declared_authors:
                self._derive_author(item.author)
            yield item  # the items stay in the tree: taking one out walks it again
        self._read_late(root)

    def _from_spool(self, declared_authors: bool) -> Generator[Item, None, int]:
        """The items of this read that the index pass spooled (``itemspool``), each after
        what reading it reported, as parsing gives them; -1 once all are given, or how
        many were given before the spool failed to be read (0: it is not used)."""
        from wxr_tools.reader.itemspool import UNREADABLE, add_late

        assert self.spool is not None
        batches = self.spool.batches(self)
        if batches is None:
            return 0
        segment = self.segment
        first, stop, shift = 1, sys.maxsize, 0
        if segment is not None:
            first, shift = segment.line, segment.start
            stop = sys.maxsize if segment.end_line is None else segment.end_line
        given = 0
        while True:
            try:
                batch = next(batches, None)
            except UNREADABLE:
                self._spooled_read = None
                return given
            if batch is None:
                add_late(self)
                return -1
            items, read, found = batch
            for i, item in enumerate(items):
                # A batch at either end of a part may hold other parts' items.
                if not first <= (item.line or 0) < stop:
                    continue
                if found:
                    self.diagnostics.extend(d for at, d in found if at == i)
                self.items_read += 1
                if not declared_authors:
                    self._derive_author(item.author)
                self._spooled_read = read[i] - shift
                given += 1
                yield item

    def _use_header(self, header: Header) -> None:
        self._header_done = True
        self.site = header.site
        self.authors = list(header.authors)
        self.terms = list(header.terms)

    def _fatal(self, code: str, message: str, line: int | None, column: int | None = None) -> None:
        diagnostic = Diagnostic(
            code=code, message=message, path=self.path, line=line, column=column
        )
        raise InputError(diagnostic, self.items_read)

    def _read_header(
        self, channel: etree._Element | None, first_item: etree._Element | None
    ) -> None:
        self._header_done = True
        if channel is None and first_item is not None and self.recover:
            # A bare <item> document (a fragment, not an export): read its items anyway.
            message = "not a WXR file: the root element is <item>, not <rss>"
            self.diagnostics.append(Diagnostic(code="WXR100", message=message, path=self.path))
            return
        root = channel.getparent() if channel is not None else None
        if channel is not None:
            self.namespaces = {k or "": v for k, v in channel.nsmap.items()}
            # A start tag on one line, as channel's always is: its '>' line is its first.
            self.tag_lines = (("channel", channel.sourceline or 1),)
        if root is not None:
            self.tag_lines = (("rss", self._stream.root_line), *self.tag_lines)
        if channel is None or root is None or channel.tag != "channel" or root.tag != "rss":
            message = "not a WXR file: the root element is not <rss><channel>"
            if not self.recover or channel is None:
                self._fatal("WXR100", message, 1)
            # Recover mode reads items wherever they are (e.g. a lone <item> fragment).
            self.diagnostics.append(Diagnostic(code="WXR100", message=message, path=self.path))
            if root is None:
                root = channel
        assert channel is not None and root is not None  # for mypy: _fatal raised otherwise
        values: dict[str, str] = {}
        extra: list[Extra] = []
        version_el: etree._Element | None = None
        atom_line: int | None = None
        for child in list(channel):
            if child is first_item:
                break
            if not isinstance(child.tag, str):
                continue
            if child.tag == "item":
                break
            if atom_line is None and child.tag.startswith(_ATOM_TAG):
                # WordPress.com's <atom:link>: did the stream have to declare its prefix?
                atom_line = child.sourceline
            name = classify(child.tag)
            if name == "wp:wxr_version":
                version_el = child
            elif name in _SITE_TEXT:
                values[_SITE_TEXT[name]] = text_of(child).strip()
            elif not self._read_channel_entry(name, child):
                extra.append(extra_of(child))
            channel.remove(child)
        values.setdefault("base_blog_url", values.get("base_site_url", ""))
        if not values["base_blog_url"]:
            values["base_blog_url"] = values.get("base_site_url", "")
        if atom_line is not None and self._stream.declared_atom:
            message = f"the atom: prefix is used without being declared; read as {ATOM}"
            self.diagnostics.append(
                Diagnostic(code="WXR112", message=message, path=self.path, line=atom_line)
            )
        version, namespace = self._check_version(version_el, root)
        self.site = Site(wxr_version=version, namespace=namespace, extra=tuple(extra), **values)

    def _read_channel_entry(self, name: str, el: etree._Element) -> bool:
        """Authors and terms, wherever they stand in the channel."""
        if name in ("wp:author", "wp:wp_author"):
            self.authors.append(read_author(el, self._fields))
        elif is_term(name):
            self.terms.append(read_term(name, el, self._fields))
        else:
            return False
        if not self._reindented and (line := wrapped_value(el)) is not None:
            self._reindented = True
            message = (
                "values are wrapped in line breaks, as an XML formatter leaves them: read "
                "without them; the formatter may also have joined the lines of texts "
                "(paragraphs of classic posts, code): export again from WordPress if you can"
            )
            self.diagnostics.append(
                Diagnostic(
                    code="WXR113",
                    message=message,
                    path=self.path,
                    line=line + self._line_offset,
                )
            )
        return True

    def _check_version(self, el: etree._Element | None, root: etree._Element) -> tuple[str, str]:
        version = text_of(el).strip() if el is not None else ""
        namespace = ""
        if el is not None and str(el.tag).startswith("{"):
            namespace = str(el.tag)[1:].split("}", 1)[0]
        else:
            namespace = next((u for u in root.nsmap.values() if u and WP_NS.match(u)), "")
        line = el.sourceline if el is not None else None
        if not _VERSION.match(version):
            what = "no wp:wxr_version"
            if el is not None:
                what = f"invalid WXR version {shown(version)}"
            message = f"not a WXR file: {what}"
            if not self.recover:
                # WordPress's importer refuses it too; other tools' exports (a
                # <wp:version>, a hand-made feed) are often readable all the same.
                self._fatal("WXR104", f"{message} (--recover reads it as WXR 1.2)", line)
            self.diagnostics.append(
                Diagnostic(code="WXR104", message=message, path=self.path, line=line)
            )
        elif version not in KNOWN_VERSIONS:
            self.diagnostics.append(
                Diagnostic(
                    code="WXR105",
                    message=f"WXR version {cut(version)} is newer than 1.2; read as 1.2",
                    path=self.path,
                    line=line,
                )
            )
        return version, namespace

    def _read_late(self, root: etree._Element | None) -> None:
        """Channel elements written after the first item: read, and reported."""
        channel = root.find("channel") if root is not None else None
        if channel is None:
            return
        extra: list[Extra] = []
        for child in channel:
            if not isinstance(child.tag, str) or child.tag == "item":
                continue
            name = classify(child.tag)
            if not self._read_channel_entry(name, child):
                extra.append(extra_of(child, self._line_offset))
            line = child.sourceline
            self.diagnostics.append(
                Diagnostic(
                    code="WXR106",
                    message=f"{cut(name.lstrip('?'), NAME)} appears after the first item",
                    path=self.path,
                    line=line + self._line_offset if line is not None else None,
                )
            )
        if extra:
            from dataclasses import replace

            self.site = replace(self.site, extra=self.site.extra + tuple(extra))

    _reindented = False
    """Whether WXR113 was reported: once a file."""

    def _derive_author(self, login: str) -> None:
        # WXR 1.0 has no author blocks: authors come from dc:creator, as the importer does.
        login = login.strip()
        if login and all(a.login != login for a in self.authors):
            self.authors.append(Author(id=None, login=login, display_name=login, derived=True))


def read(source: str | BinaryIO, *, recover: bool = False, light: bool = False) -> Export:
    """Open a WXR export: a path, a ``.xml.gz`` path, a binary file object, or ``-``.

    Raises:
        InputError: the input is not a WXR export, or (strict mode) not well-formed.
        OSError: the file cannot be read.
    """
    return Export(source, recover=recover, light=light)
