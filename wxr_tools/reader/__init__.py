"""The WXR reader: the only part of wxr_tools that knows XML. It never rewrites content.

``read(source)`` parses the channel header (site, authors, terms) eagerly and
yields items lazily, one at a time. Each ``<item>`` element is turned into an
``Item`` and then removed from the tree, so memory does not grow with the number
or the size of items (mwxml's shape: eager header, lazy items).

The parser is lxml's ``iterparse`` with entity resolution, DTD loading and
network access off; a DOCTYPE is refused before libxml2 sees it (see ``stream``).
The channel's own elements (site, authors, terms) are read in ``header``; the items
a conversion's index pass kept are given from ``spooled``, not parsed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from lxml import etree

from wxr_tools.diagnostics import Diagnostic
from wxr_tools.model import Author, Item, Site, Term
from wxr_tools.reader.digest import item_digest
from wxr_tools.reader.elements import FieldReader, read_item
from wxr_tools.reader.firsterror import Stopped, Watch
from wxr_tools.reader.header import ChannelHeader
from wxr_tools.reader.repairs import repairs_reported
from wxr_tools.reader.spooled import from_spool
from wxr_tools.reader.stream import ByteSource, PrologError, open_source

if TYPE_CHECKING:
    from io import RawIOBase

    from wxr_tools.reader.itemspool import ItemSpool
    from wxr_tools.reader.segments import Header, Segment

__all__ = ["Export", "read"]


class Export(ChannelHeader):
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
        spool: ItemSpool | None = None,
        window: Callable[[], RawIOBase] | None = None,
    ) -> None:
        """``header``, ``line_offset`` and ``items_before`` are for reading one part of a
        file on its own (see ``segments``): the header is then the file's, not the part's
        synthetic one, and lines and counts are those of the whole file. ``digests``: keep
        ``digest`` of each item read (the index pass of several files: ``repeats``).
        ``spool`` and ``window``: see the attributes (a first part's header is read here,
        so they have to be known here)."""
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
        self.spool = spool
        """The items as the index pass read them (``itemspool``), when it kept them: set
        before the items are read, they come from there instead of being parsed again
        (of a first part with a ``window``, given here: its header is read here)."""
        self.spooled_read: int | None = None
        """Of items from the spool: the bytes the index pass had read after the last one."""
        self.window = window
        """How to open a part again (``segments``): it is then parsed in one piece, not
        event by event (``window``), and read again by events if that cannot be."""
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
        spooled = self.spooled_read
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
            given = yield from from_spool(self, self._declared_authors)
            if given < 0:
                return  # every item came from the spool: nothing parsed
        if self.window is not None and not given and (self._header_done or self.spool is None):
            # Of a first part, only when no spool gives its items: the events would then
            # parse its header alone, not the whole part.
            from wxr_tools.reader.window import fresh, parse_window

            if (parsed := parse_window(self._stream)) is not None:
                root, items = parsed
                if not self._header_done:  # a first part: the file's header, as events read it
                    self._read_header(root.find("channel"), first_item=items[0] if items else None)
                    self.header_diagnostics = len(self.diagnostics)
                    self._declared_authors = bool(self.authors)
                    # A spool set after this is not asked: it holds these same items.
                    yield None
                yield from self._window_items(root, items)
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
                            given = yield from from_spool(self, declared_authors)
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
                    self.derive_author(item.author)
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
                self.derive_author(item.author)
            yield item  # the items stay in the tree: taking one out walks it again
        self._read_late(root)


def read(source: str | BinaryIO, *, recover: bool = False, light: bool = False) -> Export:
    """Open a WXR export: a path, a ``.xml.gz`` path, a binary file object, or ``-``.

    Raises:
        InputError: the input is not a WXR export, or (strict mode) not well-formed.
        OSError: the file cannot be read.
    """
    return Export(source, recover=recover, light=light)
