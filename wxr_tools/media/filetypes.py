"""What kind of file a name promises and what kind its bytes are: families and magic bytes.

A file is checked by *family* (image, audio, video, document), not by exact type: a
``.jpg`` that is really a PNG displays everywhere, while a ``.jpg`` that is an HTML
error page (the classic "soft 404" of a dead host or a CDN login wall) must never
land in the new site. So:

* ``family_of(name)``: the family its extension promises (None: not a media file);
* ``sniff(head)``: the family its first bytes show (None: no signature known);
* ``agrees(name, head)``: whether the two fit. HTML never fits. Images must be
  recognised (every image format WordPress accepts has a signature); audio, video and
  documents are accepted when unrecognised, as some of their formats have none
  (raw AAC, old Office files are recognised, plain text is not).

The signatures are the ones the formats' specifications put first in the file (the
WHATWG MIME Sniffing standard lists most of them); no dependency is needed for that.
"""

from __future__ import annotations

import posixpath

_EXTENSIONS = {
    "image": "jpg jpeg jpe png gif webp bmp tif tiff ico avif heic heif svg",
    "audio": "mp3 m4a m4b ogg oga opus wav flac aac wma mid midi",
    "video": "mp4 m4v mov webm ogv avi wmv flv mkv 3gp mpg mpeg",
    "document": "pdf doc docx xls xlsx ppt pptx pps ppsx odt ods odp rtf txt csv zip gz "
    "epub psd ai eps key pages numbers",
}
FAMILIES: dict[str, str] = {
    ext: family for family, names in _EXTENSIONS.items() for ext in names.split()
}
"""Extension (lower case, no dot) -> family, for the file types WordPress lets one upload."""

AV = "av"
"""A container that holds audio or video (Ogg, MP4, Matroska, ASF): fits both."""
HTML = "html"

SNIFF_BYTES = 512
"""How many leading bytes ``sniff`` looks at."""

# (offset, signature, family), checked in order: longer and more specific ones first.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "image"),
    (0, b"\x89PNG\r\n\x1a\n", "image"),
    (0, b"GIF87a", "image"),
    (0, b"GIF89a", "image"),
    (0, b"II*\x00", "image"),
    (0, b"MM\x00*", "image"),
    (0, b"\x00\x00\x01\x00", "image"),  # .ico
    (0, b"%PDF-", "document"),
    (0, b"PK\x03\x04", "document"),  # zip: docx, xlsx, pptx, odt, epub
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "document"),  # OLE2: doc, xls, ppt
    (0, b"\x1f\x8b", "document"),  # gzip
    (0, b"{\\rtf", "document"),
    (0, b"8BPS", "document"),  # Photoshop
    (0, b"%!PS", "document"),  # PostScript, EPS
    (0, b"ID3", "audio"),
    (0, b"fLaC", "audio"),
    (0, b"MThd", "audio"),
    (0, b"OggS", AV),
    (0, b"\x1aE\xdf\xa3", AV),  # Matroska, WebM
    (0, b"0&\xb2u\x8ef\xcf\x11", AV),  # ASF: wma, wmv
    (0, b"FLV", "video"),
    (0, b"\x00\x00\x01\xba", "video"),  # MPEG program stream
    (0, b"\x00\x00\x01\xb3", "video"),
)
_RIFF = {b"WEBP": "image", b"WAVE": "audio", b"AVI ": "video"}
_IMAGE_BRANDS = frozenset((b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"))
_AUDIO_BRANDS = frozenset((b"M4A ", b"M4B ", b"M4P "))
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<title")


def extension(name: str) -> str:
    """The extension of a path or URL path, lower case, without the dot ('' for none)."""
    return posixpath.splitext(name.rsplit("/", 1)[-1])[1][1:].lower()


def family_of(name: str) -> str | None:
    """The family the extension of ``name`` promises, or None when it is not a media file."""
    return FAMILIES.get(extension(name))


def sniff(head: bytes) -> str | None:
    """The family the leading bytes show: image, audio, video, document, ``av``, html, None."""
    for offset, signature, family in _SIGNATURES:
        if head.startswith(signature, offset):
            return family
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":  # ISO base media: MP4, M4A, MOV, AVIF, HEIC
        brand = head[8:12]
        if brand in _IMAGE_BRANDS:
            return "image"
        return "audio" if brand in _AUDIO_BRANDS else AV
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio"  # an MPEG audio frame (MP3 without ID3 tag, AAC in ADTS)
    return _text_family(head)


def _text_family(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(_HTML_STARTS) or b"<html" in text:
        return HTML
    # SVG may open with an XML declaration, comments or a DOCTYPE: look for the root.
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in text:
        return "image"
    return None


def agrees(name: str, head: bytes) -> bool:
    """Whether bytes starting with ``head`` may be served as ``name`` (see the module doc)."""
    found = sniff(head)
    if found == HTML:
        return False
    expected = family_of(name)
    if expected is None or found is None:
        return expected != "image" or found is not None
    if found == AV:
        return expected in ("audio", "video")
    return found == expected


def content_type_family(content_type: str) -> str | None:
    """The family an HTTP ``Content-Type`` names, or None when it names none in particular.

    ``application/octet-stream`` (and S3's ``binary/octet-stream``) say nothing:
    the bytes decide.
    """
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return HTML
    if mime == "image/svg+xml" or mime.startswith("image/"):
        return "image"
    if mime in ("application/ogg", "application/mp4"):
        return AV
    top = mime.split("/", 1)[0]
    if top in ("audio", "video"):
        return top
    return None


def header_agrees(name: str, content_type: str) -> bool:
    """Whether a server's ``Content-Type`` fits the file ``name``: HTML never does."""
    found = content_type_family(content_type)
    if found == HTML:
        return False
    expected = family_of(name)
    if found is None or expected is None:
        return True
    if found == AV:
        return expected in ("audio", "video")
    # A server that calls an .ogg "video/ogg" or an .mp4 "audio/mp4" is not lying.
    if {found, expected} <= {"audio", "video"}:
        return extension(name) in ("ogg", "oga", "ogv", "mp4", "m4a", "webm", "m4v")
    return found == expected
