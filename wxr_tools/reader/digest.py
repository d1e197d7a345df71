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

    canonical = etree.tostring(el, method="c14n", exclusive=True, with_comments=True)
    return hashlib.blake2b(canonical, digest_size=16).digest()
