"""The original publication of a republished article: its URL and its publication's name.

Two sources. Canonical meta (``_yoast_wpseo_canonical`` and the fields configured
in ``[links] canonical_fields``) gives the URL. A republication note gives the
publication and, usually, the URL: "cet article a été initialement publié dans
Les Quotidiennes (voir l'original)", "originally published in <a>The Journal</a>",
"first published by Le Temps", and the patterns of ``[links] original_patterns``.
The publication is the link's text when the note links it, else the words up to
the first bracket or punctuation; the URL is the first link of the note's paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from urllib.parse import urlsplit

from wxr_tools import attrvalue, htmlrefs
from wxr_tools.digits import is_number
from wxr_tools.model import Item
from wxr_tools.urlmap import host_of

_NOTE = re.compile(
    r"(?:initialement|originellement|d['’]abord|précédemment)\s+"
    r"(?:publiée?s?|parue?s?)\s+(?:dans|sur|par|chez)\s+"
    r"|(?:originally|first|previously|initially)\s+"
    r"(?:published|appeared|posted|printed)\s+(?:in|on|at|by|with)\s+",
    re.IGNORECASE,
)
# The note's first word, found with str.find on the lower-cased text: a case-insensitive
# regex alternation searched over a whole post costs ~1 ms; matching at these few
# places costs microseconds.
_NOTE_WORDS = (
    "initialement",
    "originellement",
    "d'abord",
    "d’abord",
    "précédemment",
    "originally",
    "first",
    "previously",
    "initially",
)
_PARAGRAPH_END = re.compile(r"</p>|\n\s*\n|<br\b|</div>|</blockquote>|</li>", re.IGNORECASE)
_LEADING_TAGS = re.compile(r"^(?:\s|<(?:em|i|strong|b|span)\b[^>]*>)*", re.IGNORECASE)
_LINK = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)
_NAME_END = re.compile(r"\(|<a\b|\.(?:\s|<|$)|[,;:\n]|\s[-–—]\s", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def original(
    item: Item,
    text: str,
    canonical: Collection[str],
    site_hosts: Collection[str],
    patterns: Sequence[re.Pattern[str]] = (),
) -> tuple[str | None, str | None] | None:
    """(original URL, publication) of a republished item, or None.

    ``canonical`` names the meta fields holding a canonical URL (one on the site's own
    hosts is plain SEO, not an original); ``patterns`` are extra notes to look for.
    """
    url: str | None = None
    for m in item.meta:
        if m.key in canonical and m.value.strip().startswith(("http://", "https://")):
            candidate = m.value.strip()
            if host_of(urlsplit(candidate).netloc) not in site_hosts:
                url = candidate
                break
    note = _note(text, patterns)
    if note is None:
        return (url, host_of(urlsplit(url).netloc)) if url else None
    note_url, publication = note
    return url or note_url, publication or (host_of(urlsplit(url).netloc) if url else None)


def _note(text: str, extra: Sequence[re.Pattern[str]]) -> tuple[str | None, str | None] | None:
    found = _first_note(text)
    for pattern in extra:
        if found is not None:
            break
        found = pattern.search(text)
    if found is None:
        return None
    groups = found.groupdict()
    end = _PARAGRAPH_END.search(text, found.end())
    segment = text[found.end() : end.start() if end else found.end() + 600]
    url = groups.get("url")
    name = groups.get("pub")
    lead = _LEADING_TAGS.match(segment)
    after = segment[lead.end() if lead else 0 :]
    link = _LINK.search(segment)
    if name is None and link is not None and after.lower().startswith("<a"):
        name = _TAGS.sub("", link.group(2))  # "published in <a href=…>The Journal</a>"
    elif name is None:
        cut = _NAME_END.search(after)
        name = _TAGS.sub("", after[: cut.start() if cut else 120])
    if url is None and link is not None:
        url = attrvalue.decode(link.group(1))
    name = htmlrefs.unescape(name or "").strip(" \t\n.,;:«»\"'“”")
    if not name or len(name) > 120 or is_number(name[0]):
        name = None  # "first published on 3 May 2010": a date, not a publication
    return (url, name) if url or name else None


# An ASCII piece of each note word (their accents and apostrophes vary), and the
# letters other than ASCII ones that str.lower() or re's IGNORECASE take for ASCII ones.
_NOTE_PIECES = (b"initial", b"origin", b"abord", b"demment", b"first", b"previously")
_ASCII_LOOKALIKES = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ K (Kelvin)


def _may_hold_note(text: str) -> bool:
    """False when ``text`` holds no note word: it holds none of their ASCII pieces.

    Looked for in the UTF-8 bytes with only ASCII letters lowered, which costs about
    half of lowering French text as str (``_first_note`` then looks for every word).
    """
    folded = text.encode("utf-8", "surrogatepass").lower()
    find = folded.find
    # Plain loops: any() over a generator costs more here. find, not "in": a bytes'
    # "in" first tries its operand as a byte's number, and the TypeError it makes and
    # drops cost 1,800 instructions a test, more than scanning most texts for a piece.
    for piece in _NOTE_PIECES:
        if find(piece) != -1:
            return True
    if text.isascii():
        return False
    for letter in _ASCII_LOOKALIKES:  # noqa: SIM110 (no generator made)
        if letter in text:
            return True
    return False


def _first_note(text: str) -> re.Match[str] | None:
    """The earliest built-in republication note in ``text``."""
    return _search_note(text) if _may_hold_note(text) else None


def _search_note(text: str) -> re.Match[str] | None:
    """``_first_note`` without the quick look at the bytes: each word, found lowered."""
    low = text.lower()
    if len(low) != len(text):  # rare letters whose lower case is longer: positions shift
        return _NOTE.search(text)
    best: re.Match[str] | None = None
    for word in _NOTE_WORDS:
        at = low.find(word)
        while at != -1 and (best is None or at < best.start()):
            m = _NOTE.match(text, at)
            if m is not None:
                best = m
                break
            at = low.find(word, at + 1)
    return best
