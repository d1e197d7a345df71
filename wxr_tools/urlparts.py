"""URL strings as the site map compares them: hosts, paths, upload paths, patterns.

Pure string functions, no tables: ``wxr_tools.urlmap`` resolves links with them, for
every link of every item, so the common cases take shortcuts that give exactly what
the general computation gives (the tests compare the two).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

if TYPE_CHECKING:
    from wxr_tools.model import Site

UPLOADS = "/wp-content/uploads/"
VARIANT = re.compile(r"(?:-\d+x\d+|-scaled|-rotated|-e\d{10,13})+(?=\.\w+$)")
"""The suffixes WordPress gives the resized and edited copies of an uploaded image."""
SLASHES = re.compile(r"//+")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
_DATED_FILE = re.compile(r"/(\d{4}/\d{2}/[^/]+\.\w{2,5})$")
_DOT_SEGMENT = re.compile(r"(?:^|[/\\])\.\.?(?:[/\\]|$)")
_PLANS: dict[str, tuple[str, ...]] = {}
"""Each pattern ``fill`` was given, cut at its placeholders (patterns come from the
configuration: a few)."""
_MAX_PLANS = 256


def split_url(url: str) -> SplitResult:
    """``urllib.parse.urlsplit(url)``, several times cheaper for a plain http(s) URL.

    Links are mostly such URLs, each seen once; urlsplit's own cache only helps repeats.
    A plain one, which urlsplit takes apart with no more than the cuts themselves: the
    scheme ``http`` or ``https`` written in lower case, none of the characters urlsplit
    strips or removes (tab, CR, LF), no bracket in the host (IPv6, which it checks) and
    an ASCII host (a non-ASCII one needs its NFKC check). Its parts are then cut as
    urlsplit cuts them: the fragment at the first "#", the query at the first "?" before
    it, the host up to the first "/" before that. ``str.partition`` cuts in C, where a
    regular expression tested each character against a class (twice the instructions).
    """
    if url.startswith("https://"):
        scheme, rest = "https", url[8:]
    elif url.startswith("http://"):
        scheme, rest = "http", url[7:]
    else:
        return urlsplit(url)
    if "\t" in rest or "\r" in rest or "\n" in rest:
        return urlsplit(url)
    rest, _, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    netloc, slash, path = rest.partition("/")
    if "[" in netloc or "]" in netloc or not netloc.isascii():
        return urlsplit(url)
    # What SplitResult(...) makes, without its __new__: a Python function (namedtuple's)
    # that calls tuple.__new__ itself, a third of this function's instructions.
    return _new_tuple(SplitResult, (scheme, netloc, slash + path, query, fragment))


_new_tuple = tuple.__new__


_NOWHERE = SplitResult("", "", "", "", "")


def split_address(url: str) -> SplitResult:
    """An address the export gives (an item's link or guid, a file's URL) split as
    ``split_url`` splits it; an empty split (no scheme, host or path: it names no page
    and no file) when urllib cannot split it, as a malformed IPv6 host
    ("http://[::1/x/")."""
    try:
        return split_url(url)
    except ValueError:
        return _NOWHERE


def _plain_rooted(link: str) -> bool:
    """Whether urljoin takes ``link`` as it is, a path from the host's root (``/x/y``,
    not ``//host``): no dot segment ("/." starts every one), no query, fragment or
    parameters, none of the characters urljoin removes. Searched for with ``in``: a
    regular expression with an alternation in its repeat took a hundred instructions a
    character."""
    if not link.startswith("/") or link.startswith("//"):
        return False
    return not (
        "/." in link
        or "?" in link
        or "#" in link
        or ";" in link
        or "\t" in link
        or "\r" in link
        or "\n" in link
    )


def join_url(page: str, link: str) -> str:
    """``urllib.parse.urljoin(page, link)``, a few times cheaper for a plain ``/path``
    on a plain http(s) page: relative links are mostly such paths, each seen once."""
    if _plain_rooted(link):
        base = split_url(page)
        if base.scheme in ("http", "https") and base.netloc:
            return f"{base.scheme}://{base.netloc}{link}"
    return urljoin(page, link)


def host_of(netloc: str) -> str:
    """The host as compared: lower case, no port, no ``www.``."""
    if "@" in netloc or ":" in netloc:
        host = netloc.rpartition("@")[2].split(":")[0].lower().rstrip(".")
    else:  # most: no user or port to cut (the cuts would give the netloc back)
        host = netloc.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def single_slashes(text: str) -> str:
    """Every run of slashes made one (``SLASHES``); the text itself when it has no "//"
    (most paths: the test for it costs less than the substitution's scan)."""
    return SLASHES.sub("/", text) if "//" in text else text


def path_key(path: str) -> str:
    """A path as compared: decoded, lower case, no ``index.php/``, no trailing slash."""
    if "%" in path or "//" in path:
        key = single_slashes(unquote(path).lower()).replace("/index.php/", "/", 1)
    else:  # most: unquote and single_slashes would give the path back as it is
        key = path.lower().replace("/index.php/", "/", 1)
    return key.rstrip("/") or "/"


def fill(pattern: str, values: dict[str, str]) -> str:
    """``pattern`` with its ``{name}`` placeholders replaced (unknown ones raise KeyError)."""
    # Cut once per pattern: a substitution calling back into Python for each placeholder
    # costs more than the whole join, and this runs for every link and every item.
    parts = _PLANS.get(pattern)
    if parts is None:
        parts = tuple(PLACEHOLDER.split(pattern))  # text, name, text, name, ..., text
        if len(_PLANS) < _MAX_PLANS:
            _PLANS[pattern] = parts
    if len(parts) == 1:
        return pattern
    # A plain loop: a list comprehension is a function call of its own in Python 3.11.
    out = list(parts)
    for n in range(1, len(out), 2):
        out[n] = values[out[n]]
    return "".join(out)


def upload_path(path: str, attached_file: str = "") -> str:
    """A file's path under the uploads folder: ``2010/03/photo.jpg`` (or ``photo.jpg``).

    From ``…/wp-content/uploads/``, else from ``_wp_attached_file`` when the URL ends
    with it, else the ``yyyy/mm/name`` tail (WordPress.com's ``files.wordpress.com``,
    multisite's ``/files/``, whose ``_wp_attached_file`` is a server path).
    """
    if UPLOADS in path:
        return path.split(UPLOADS, 1)[1]
    if attached_file and not attached_file.startswith("/") and path.endswith("/" + attached_file):
        return attached_file
    m = _DATED_FILE.search(path)
    return m.group(1) if m else ""


def climbs(path: str) -> bool:
    """Whether a file's path (``2010/03/photo.jpg``) has a ``.`` or ``..`` segment, as
    written or percent-encoded (``%2e%2e``, ``%252e``), or a NUL.

    WordPress never names an upload so: such a path comes from a broken or hostile
    export. A URL made of it (``/content/images/../../etc/passwd``) would name another
    place than its folder once a browser, a server or an importer resolves the dots
    (a backslash too: browsers read it as ``/``).
    """
    for _ in range(4):  # decoded as often as a server might ("%252e" is "%2e" once)
        if "%" not in path:
            break
        path = unquote(path)
    if "/." not in path and "\\." not in path and not path.startswith(".") and "\x00" not in path:
        return False  # most paths: no segment starts with a dot
    return "\x00" in path or _DOT_SEGMENT.search(path) is not None


def dot_segment(path: str, *, normalized: bool = False) -> bool:
    """Whether ``path`` (a URL's path, a slug) has a ``.`` or ``..`` segment as a server
    reads it (``climbs``: decoded, ``%2e%2e``, ``.%2E``), or, with ``normalized``, once
    NFKC-normalized too, as Jekyll's URL filters and jekyll-redirect-from read it
    (``．．``, ``‥``: ``..``; ``…`` is ``...``, a name like any).

    A URL with such a segment names another page once resolved: ``/2024/06/../`` is the
    month's page, ``/../`` the home page. WordPress never makes one; an export can.
    """
    if climbs(path):
        return True
    if not normalized or (path.isascii() and "%" not in path):
        return False
    path = decoded(path)
    return not path.isascii() and climbs(unicodedata.normalize("NFKC", path))


def plain_path(path: str) -> bool:
    """Whether ``path`` has no dot, escape, NUL or character beyond ASCII: then it has no
    dot segment however it is read (``climbs``, ``jekyll_dots``), and decoding it
    (``decoded``) gives it back. Most paths and slugs: the callers that would resolve
    or decode one ask this first."""
    return "." not in path and "%" not in path and "\x00" not in path and path.isascii()


def jekyll_dots(path: str) -> bool:
    """Whether Jekyll would put a page whose permalink (or ``redirect_from`` entry) is
    ``path`` elsewhere: it reads ``..`` anywhere in one as ``/`` and drops each ``./``
    (``/x/.../`` is written at ``/x/``, ``/y/a..b/`` at ``/y/a/b/``), and its URL filters
    NFKC-normalize (``…`` is ``...``); or a dot segment (``dot_segment``) it has.

    A slug is asked as ``/slug/``: the segment it makes of a URL.
    """
    if plain_path(path):  # first: this runs for each item's URL and slug, and each link's
        return False
    if dot_segment(path, normalized=True):
        return True
    text = decoded(path)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return ".." in text or "./" in text


def decoded(path: str) -> str:
    """``path`` percent-decoded as often as a server might (``climbs``)."""
    for _ in range(4):  # decoded as often as ``climbs`` decodes
        if "%" not in path:
            break
        path = unquote(path)
    return path


def home_of(site: Site) -> str:
    """The blog's home page, as the export says it: its own address (a blog in a folder
    of the site has one), else the site's; an address urllib cannot split
    ("http://[::1/", a malformed IPv6 host) is none."""
    for url in (site.base_blog_url, site.link, site.base_site_url):
        if url and split_address(url) is not _NOWHERE:
            return url
    return ""
