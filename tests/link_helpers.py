"""Every internal link of a built site leads to a file of the build.

``dead_links`` reads each HTML page of a built site (``public``) and returns the links
(``href``, ``src``, ``srcset``, a redirect page's target) that point inside the site,
relative or root-relative, and resolve to no file: a static server decodes the path
and serves ``index.html`` for a folder. Used by the real builds' tests
(``test_markdown_writer_site.py``, ``test_link_targets.py``).

Test modules import this as ``from link_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on ``sys.path``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
_REFRESH = re.compile(r"url=(.*)", re.I | re.S)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src", "poster"):
            if values.get(name):
                self.found.append(str(values[name]))
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.split():
                self.found.append(candidate.split()[0])
        refresh = _REFRESH.search(values.get("content") or "")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh" and refresh:
            self.found.append(refresh.group(1).strip().strip("'\""))


def page_url(public: Path, page: Path) -> str:
    """The URL a static server serves ``page`` at (a folder's ``index.html`` at ``/x/``)."""
    path = "/" + page.relative_to(public).as_posix()
    return path.removesuffix("index.html")


def resolves(public: Path, path: str) -> bool:
    """Whether a static server finds a file for the site path ``path``."""
    target = public / unquote(path).lstrip("/")
    if path.endswith("/"):
        return (target / "index.html").is_file()
    return target.is_file() or (target / "index.html").is_file()


def dead_links(public: Path, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(page, link) for each internal link of the build that leads to no file; links
    whose decoded path starts with one of ``skip`` are not looked at."""
    dead = []
    for page in sorted(public.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text("utf-8", errors="replace"))
        base = "http://site" + page_url(public, page)
        for link in parser.found:
            link = link.strip()
            if not link or link.startswith("#") or link.startswith("//"):
                continue
            if _OTHER_SCHEME.match(link):
                continue  # another site's (http:) or no page's (mailto:, data:)
            path = urlsplit(urljoin(base, link)).path or "/"
            if unquote(path).startswith(skip) or resolves(public, path):
                continue
            dead.append((page_url(public, page), link))
    return dead
