"""Shared by the media tests: the sample export, tiny valid images, and WXR snippets.

``png_bytes`` and ``jpeg_bytes`` make real (decodable) images; ``meta`` and
``attachment`` make ``<wp:postmeta>`` rows and attachment items for ``wxr_builder``.
Test modules import this as ``from media_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on ``sys.path``.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from wxr_builder import item, meta

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"
UPLOADS = "https://ctts.example.org/wp-content/uploads/"


# -- tiny valid images, made here -----------------------------------------------------------


def png_bytes(rgb: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    """A valid 1x1 RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes(label: bytes = b"wxr") -> bytes:
    """A valid 8x8 grey baseline JPEG (one block, DC only); ``label`` goes in a comment."""

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    one_code = bytes([1] + [0] * 15)  # a Huffman table with a single 1-bit code: "0"
    return b"".join(
        (
            b"\xff\xd8",
            segment(0xFE, label),
            segment(0xDB, b"\x00" + bytes([1] * 64)),
            segment(0xC0, struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00"),
            segment(0xC4, b"\x00" + one_code + b"\x00" + b"\x10" + one_code + b"\x00"),
            segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            bytes([0b00111111]),  # DC difference 0 ("0"), end of block ("0"), then 1s
            b"\xff\xd9",
        )
    )


# -- WXR snippets -------------------------------------------------------------------------


def attachment(post_id: int, url: str, file: str, extra: str = "") -> str:
    return item(
        post_id,
        post_type="attachment",
        status="inherit",
        more=f"\t\t<wp:attachment_url>{url}</wp:attachment_url>\n"
        + meta("_wp_attached_file", file)
        + extra,
    )
