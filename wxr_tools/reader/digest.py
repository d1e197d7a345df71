"""The digest of an item's element, which tells two copies of an item apart: the index
pass of an export split in several files keeps one per item (``repeats``)."""

from __future__ import annotations

from lxml import etree


def item_digest(el: etree._Element) -> bytes:
    """A digest of an ``<item>`` element as canonical XML: the same for two copies that
    differ only in layout a serializer chooses (CDATA or escapes, namespace
    declarations, attribute order), different when any value differs."""
    # Imported here: only the files of a split export are read with digests, and hashlib
    # (which loads OpenSSL's library) was 10 M instructions of every run's start-up,
    # before the index pass forks its workers, the other cores idle.
    import hashlib

    try:
        canonical = etree.tostring(el, method="c14n", exclusive=True, with_comments=True)
    except etree.C14NError:
        # libxml2's C14N refuses a namespace whose name is not an absolute URI ("rel/x",
        # a warning only when parsing; "http://ëxample/" when recovering): the walk
        # below has the same properties, and its own digests (person) never equal one
        # of canonical XML's.
        return hashlib.blake2b(_walked(el), digest_size=16, person=b"walked").digest()
    return hashlib.blake2b(canonical, digest_size=16).digest()


def _walked(el: etree._Element) -> bytes:
    """Every node under ``el`` (itself included, its tail not) as length-prefixed
    fields: tags and attribute names by namespace name ({uri}local, whatever the
    prefix), attributes sorted, texts as parsed (CDATA or escapes alike), comments and
    processing instructions kept."""
    fields: list[str] = []

    def put(*values: str | None) -> None:
        for value in values:
            text = "" if value is None else value
            fields.append(f"{len(text)}:{text}")

    def walk(node: etree._Element, own_tail: bool) -> None:
        if isinstance(node, etree._Comment):
            put("!--", node.text)
        elif isinstance(node, etree._ProcessingInstruction):
            put("?", node.target, node.text)
        elif isinstance(node, etree._Entity):
            put("&", node.name)
        else:
            put("<", node.tag, str(len(node.attrib)))
            for name, value in sorted(node.attrib.items()):
                put(name, value)
            put(node.text, str(len(node)))
            for child in node:
                walk(child, True)
        if own_tail:
            put(node.tail)

    walk(el, False)
    return "".join(fields).encode("utf-8", "surrogatepass")
