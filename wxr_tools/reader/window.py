"""A part of a file (``segments``) parsed in one piece, not event by event.

``iterparse`` hands lxml's events to Python through callbacks that take the
interpreter's lock back for every start and end tag of the part, items' children
included: a sixtieth of a whole conversion's instructions, in a part's reading.
A plain parse of the part's bytes builds the same tree without them; the items
are then read off the channel one by one, in the order the events would give them.

It is only a shortcut for the usual part, and gives way to the event path, which
starts again from the first byte (nothing was read yet), whenever the part is not
one: libxml2 said anything at all (an error, even one it reads past, or a
warning), the prolog was refused (``stream``), or the part is not a channel of items
(an item outside the channel, one in another). Every message, line and recovery then
comes from the event path, as before. The caller (``segments.open_segment``) takes it
only for parts in UTF-8, read strictly, of bounded size: the part's tree is in memory
at once.

The first part holds the file's header: ``Export`` reads it off the tree as it would
at the first item's start event (the channel's children up to that item), then the
items. A first part whose items the spool gives is not parsed in one piece: the events
parse only its header then.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from lxml import etree

from wxr_tools.reader.stream import ByteSource, PrologError

_CHUNK = 32 << 10
"""What ``iterparse`` asks its source for at a time: the stream is read in the same
pieces, so the parser gets the same bytes in the same pieces (the stream's rewriting
does not depend on them, but nothing has to be taken on trust)."""


def _parser() -> etree.XMLParser:
    # The reader's ``iterparse`` options, word for word.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=True,
        recover=False,
        remove_comments=False,  # qTranslate writes <!--:fr--> markers as XML comments
        remove_pis=True,
    )


def parse_window(stream: ByteSource) -> tuple[etree._Element, list[etree._Element]] | None:
    """The root of the part ``stream`` reads and the channel's items in document order,
    or None when the event path has to read it (see the module docstring)."""
    parser = _parser()
    try:
        # Fed piece by piece, as the events are: no copy of the whole part is made.
        while piece := stream.read(_CHUNK):
            parser.feed(piece)
        root = parser.close()
    except (etree.LxmlError, PrologError):
        return None  # the event path reports it (a first part's prolog: WXR102)
    if len(parser.error_log) or root.tag != "rss":
        return None
    channel = root.find("channel")
    if channel is None:
        return None
    items = list(channel.iterchildren("item"))
    # Every <item> of the tree is a child of the channel: none elsewhere, none nested
    # in another (whose events would have come in another order). Counted by libxml2:
    # ``root.iter("item")`` cost seven times more, counting "<item" in the bytes more.
    if _ITEMS(root) != len(items):
        return None
    return root, items


_ITEMS = etree.XPath("count(//item)")


def fresh(stream: ByteSource, reopen: Callable[[], io.RawIOBase]) -> ByteSource:
    """The part's stream (``stream``, closed) from its start again, for the event path
    after a refusal: as ``segments.open_segment`` makes it. Parts are read strictly."""
    stream.close()
    return ByteSource(io.BufferedReader(reopen(), 1 << 16), recover=False)
