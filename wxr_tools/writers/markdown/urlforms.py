"""A page's URL as each generator serves and links it.

Hugo, Eleventy and Astro write a page at its URL as given, escapes included (``readable``
writes escaped UTF-8 as the characters); Jekyll's URL filters NFKC-normalize the path
(``jekyll_url``), so a page is placed at the form its links have.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

from wxr_tools.urlparts import climbs

_UTF8_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def readable(url: str) -> str:
    """``url`` with its escaped UTF-8 (``%e8%b0%83``, as WordPress keeps non-ASCII slugs)
    written as the characters themselves.

    Hugo, Eleventy and Astro write a page at its URL as given: left escaped, the folder
    is named ``%e8%b0%83``, and a server, which decodes the request first, never finds
    it (Jekyll decodes by itself). ASCII escapes (``%20``, ``%2F``, ``%3F``) stay:
    decoded they would change the path. Links to the page may use either form.
    """

    def decode(match: re.Match[str]) -> str:
        try:
            return unquote(match.group(), errors="strict")
        except UnicodeDecodeError:  # not UTF-8: left as it is
            return match.group()

    return _UTF8_ESCAPES.sub(decode, url) if "%" in url else url


_KEPT_IN_SEGMENT = "%!$&'()*+,;=:@~"
"""What ``quote`` leaves in a segment of a normalized path: an escape already there
stays one; a ``/ ? #`` that normalizing made (``／``) is escaped, not a new segment."""


def jekyll_url(url: str) -> str:
    """``url`` as Jekyll links it: NFKC-normalized, escaped, or ``url`` itself.

    Jekyll writes a page at its permalink as given, but its URL filters (``relative_url``,
    ``absolute_url``, and jekyll-redirect-from's targets) NFKC-normalize the path: a
    post at ``/license‑oriented/`` (U+2011) was linked from every list, term page and
    redirect as ``/license‐oriented/`` (U+2010), where nothing is. At the normalized
    URL the page is where its links lead; its WordPress address, an old one now,
    becomes a redirect to it (``old_paths``).
    """
    if "%" not in url and url.isascii():
        return url
    decoded = readable(url)
    if unicodedata.is_normalized("NFKC", decoded):
        return url
    segments = (unicodedata.normalize("NFKC", part) for part in decoded.split("/"))
    normalized = "/".join(quote(part, safe=_KEPT_IN_SEGMENT) for part in segments)
    # A segment that NFKC makes "." or ".." ("．．", "‥") is no place for the page: Jekyll
    # would write a permalink /2024/06/../ at /2024/06/, over the month's page (and /../
    # over the home page). The page stays at its own address.
    return url if climbs(normalized) else normalized
