"""URLs in content and in items, turned into the keys validate's tables hold.

The same functions read the items' own links (``<link>``, ``wp:attachment_url``)
and the URLs in post bodies, so that both sides of a comparison are normalised
alike: host without ``www.`` and port, percent-decoding, lower case, trailing
slashes, WordPress's resized-image names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from wxr_tools.digits import is_number

# "//host/path": the literal "//" lets the regex engine jump from candidate to
# candidate, so scanning a post costs about as much as a substring search.
_ABSOLUTE = re.compile(r"//([\w.-]+)(?::\d+)?(/[^\s\"'<>()\[\]{}\\|^`]*)?")
# A root-relative path as an attribute value: ="/about/". The regex starts at the
# literal "=" so that the engine can skip to candidates; the attribute name is
# checked afterwards: only href and src ("root=/dev/sda6" in prose is no link).
_RELATIVE = re.compile(r"=\s*[\"']?(/(?![/\s])[^\s\"'<>()\[\]{}\\|^`]*)")
_SPLIT = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#\s]*)(.*)$", re.S)
_DELIMITERS = frozenset("\"'=( \t\r\n,>;")  # ';' ends &quot;
UPLOADS = "/wp-content/uploads/"

Url = tuple[str | None, str, str]
"""(host without www. and port, or None for a root-relative URL; path?query#fragment;
the URL as written, for messages)."""


def norm_host(host: str) -> str:
    host = host.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return host.removeprefix("www.")


def split_url(url: str) -> Url | None:
    """An absolute or root-relative URL as a ``Url``; None for anything else."""
    m = _SPLIT.match(url)
    if m is not None:
        return norm_host(m[1]), m[2] or "/", url
    return (None, url, url) if url.startswith("/") else None


def scan_urls(text: str) -> Iterator[Url]:
    """Every http(s), protocol-relative and root-relative URL in an HTML text."""
    if "//" in text:
        for m in _ABSOLUTE.finditer(text):
            start = m.start()
            before = text[max(0, start - 6) : start].lower()
            if before.endswith("http:") or before.endswith("https:"):
                shown = text[start - (5 if before.endswith("http:") else 6) : m.end()]
            elif before and before[-1] in _DELIMITERS:
                shown = m[0]
            else:
                continue  # "ftp://", or "//" inside a path or a script comment
            rest = _unquoted(m[2] or "/")
            yield norm_host(m[1]), rest, _unquoted(shown)
    if "href" in text or "src" in text:
        for m in _RELATIVE.finditer(text):
            start = m.start()
            if text[max(0, start - 6) : start].rstrip().lower().endswith(("href", "src")):
                rest = _unquoted(m[1])
                yield None, rest, rest


# An HTML-escaped quote ends a URL: style="background: url(&quot;/a.jpg&quot;)".
_ESCAPED_QUOTE = re.compile(r"&(?:quot|apos|lt|gt|#0*3[49]|#x0*2[27]);")


def _unquoted(rest: str) -> str:
    return _ESCAPED_QUOTE.split(rest, 1)[0] if "&" in rest else rest


# WordPress's derived file names: "-e1524312345678" (edited), "-scaled"/"-rotated"
# (big images, 5.3+), "-300x200" (sizes), "@2x" (retina plugins), ".thumbnail"
# (WordPress 2.x; "miniature" in French), before the extension.
_VARIANT = re.compile(
    r"(?:-e\d{10,14})?(?:-scaled|-rotated)?(?:-\d{1,5}x\d{1,5})?(?:@\dx)?"
    r"(?:\.thumbnail|\.miniature)?(\.\w{1,5})$"
)


def media_key(path: str) -> str:
    """The key of a file under wp-content/uploads/: every size of an image has the same."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    if "%" in path:
        path = unquote(path)
    return _VARIANT.sub(r"\1", path.lower())


def media_path(rest: str) -> str | None:
    """The part of a URL path after /wp-content/uploads/, or None (also for a folder)."""
    i = rest.find(UPLOADS)
    if i < 0:
        return None
    path = rest[i + len(UPLOADS) :].split("?", 1)[0].split("#", 1)[0]
    return path if "." in path.rsplit("/", 1)[-1] else None


# An id is 1 to 18 ASCII digits (digits.is_number): \d also takes "٣", and int() stops
# on a run of thousands.
_ID_QUERY = re.compile(r"(?:^|[&;])(?:p|page_id|attachment_id)=([0-9]{1,18})(?:&|$)")
# Path segments that never belong to an item's permalink: archives, feeds, admin.
_NOT_ITEM = frozenset(
    [
        "wp-content",
        "wp-includes",
        "wp-admin",
        "wp-json",
        "feed",
        "rss",
        "rss2",
        "atom",
        "category",
        "tag",
        "author",
        "search",
        "comments",
        "trackback",
        "page",
    ]
)
_SUFFIXES = frozenset(("amp", "embed"))

LinkKey = int | tuple[str, str]
"""An item id (from ?p=ID) or (normalised path, slug candidate)."""


def norm_slug(slug: str) -> str:
    return (unquote(slug) if "%" in slug else slug).lower()


def path_key(path: str) -> tuple[str, str] | None:
    """(normalised path, the slug it most likely ends with), or None for a path that
    is not an item's permalink (home, archives, feeds, files)."""
    path = norm_slug(path)
    segments = [s for s in path.split("/") if s]
    if segments[:1] == ["index.php"]:  # PATHINFO permalinks: /index.php/2019/hello/
        segments = segments[1:]
    if not segments or any(s in _NOT_ITEM for s in segments):
        return None
    last = segments[-1]
    if "." in last and not last.endswith((".html", ".htm")):
        return None  # a file, or wp-login.php and the like
    if all(is_number(s) for s in segments):
        return None  # a date archive
    # /hello/2/ is page 2 of a post, /hello/amp/ its AMP view: the slug comes before.
    slug = last
    if (is_number(last) or last in _SUFFIXES) and len(segments) > 1:
        slug = segments[-2]
    return "/".join(segments), slug.removesuffix(".html").removesuffix(".htm")


def link_key(rest: str) -> LinkKey | None:
    """What a link to the site points at, from its path?query#fragment."""
    rest = rest.split("#", 1)[0]
    path, _, query = rest.partition("?")
    if query:
        query = query.replace("&amp;", "&").replace("&#038;", "&")
        m = _ID_QUERY.search(query)
        if m is not None:
            return int(m[1])
    return path_key(path)  # None for the home page, with ?s= or ?cat= too
