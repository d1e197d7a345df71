"""Shared by the ``wxr convert --to markdown --media-from/--download`` tests.

``run`` converts an export to a Markdown site; ``FILES`` are the sample's uploads (what
the download tests' server serves, what the ``--media-from`` tests copy from a folder).

The central check, ``check_references``, reads what the writer wrote (Markdown bodies,
HTML kept in them, front matter, comment data), takes every link that points to a
media file, resolves it the way a browser would from the page it is on, and asserts
that the file is in the output where the generator publishes it from.

Test modules import this as ``from media_convert_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on ``sys.path``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from media_helpers import jpeg_bytes, png_bytes

from wxr_tools.config import Config
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.frontmatter import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"
OLD = "https://ctts.example.org/wp-content/uploads/"
UP = "/wp-content/uploads/"

SCENE, PUBLIC = jpeg_bytes(b"scene"), jpeg_bytes(b"public")
DIAGRAM, DIAGRAM_300 = png_bytes((0, 0, 255)), png_bytes((0, 0, 254))
FILES: dict[str, tuple[bytes, str]] = {
    "2008/11/going-solo-lyon-scene.jpg": (SCENE, "image/jpeg"),
    "2008/11/going-solo-lyon-public.jpg": (PUBLIC, "image/jpeg"),
    "2019/06/wxr-export-diagram.png": (DIAGRAM, "image/png"),
    "2019/06/wxr-export-diagram-300x200.png": (DIAGRAM_300, "image/png"),
    # going-solo-lyon-scene-300x200.jpg is missing: its original stands in for it
}


def run(
    out: Path, source: Path = SAMPLE, config: Config | None = None, **options: Any
) -> RunReport:
    return convert(
        str(source),
        "markdown",
        str(out),
        Options(config=config or Config(), progress=False),
        WriteOptions(**options),
    )


# -- what the output links to, and what it holds ------------------------------------------------

MEDIA = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp3|m4a|ogg|mp4|webm)$", re.IGNORECASE)
_ATTR = re.compile(r"""\s(?:src|href|poster|data-src)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SRCSET = re.compile(r"""\s(?:data-)?srcset\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MARKDOWN = re.compile(r"\]\(\s*<?([^)\s>]+)>?")
CONTENT = {"hugo": "content", "jekyll": ".", "eleventy": "content", "astro": "src/content"}
STATIC = {"hugo": "static", "jekyll": ".", "eleventy": ".", "astro": "public"}
COMMENTS = {
    "hugo": "data/comments",
    "jekyll": "_data/comments",
    "eleventy": "_data/comments",
    "astro": "src/data/comments",
}
SITE = "http://new.example"


def links_in(text: str) -> list[str]:
    """Every URL in HTML attributes (srcset candidates too) and Markdown link targets."""
    found = [a or b for a, b in _ATTR.findall(text)]
    for a, b in _SRCSET.findall(text):
        found += [part.strip().split(" ")[0] for part in (a or b).split(",") if part.strip()]
    found += _MARKDOWN.findall(text)
    return [html.unescape(u) for u in found]


@dataclass
class Doc:
    path: Path
    url: str
    front: dict[str, Any]
    body: str


def documents(out: Path, flavor: str) -> list[Doc]:
    docs = []
    for path in sorted((out / CONTENT[flavor]).rglob("*.md")):
        text = path.read_text("utf-8")
        front = parse(text)
        kinds = ("category", "post_tag", "month", "year", "author", "comments")
        if front["wordpress"]["type"] in kinds:
            continue  # an archive's page (or Hugo's comments feed's): no item of the export
        close = "\n+++\n" if text.startswith("+++") else "\n---\n"
        body = text[text.index(close, 3) + len(close) :]
        docs.append(Doc(path, front.get("url") or front.get("permalink") or "", front, body))
    return docs


def references(out: Path, flavor: str) -> Iterator[tuple[str, str, str]]:
    """(where, the page it is shown on, URL) for every link in what the writer wrote."""
    docs = documents(out, flavor)
    by_id = {str(d.front["wordpress"]["id"]): d for d in docs}
    for doc in docs:
        for url in links_in(doc.body):
            yield "body", doc.url, url
        front = doc.front
        texts = [front.get("summary") or "", *(front.get("summaries") or {}).values()]
        for text in texts:
            for url in links_in(text):
                yield "summary", doc.url, url
        for url in front.get("images", []):
            yield "images", doc.url, url
        if "image" in front:
            yield "image", doc.url, front["image"]
    for data in sorted((out / COMMENTS[flavor]).glob("*")):
        page = by_id[data.stem].url
        for comment in json.loads(data.read_text("utf-8")):
            for url in links_in(comment["content"] or ""):
                yield "comments", page, url


def published(out: Path, flavor: str) -> dict[str, Path]:
    """Site path → file, for every media file the generator publishes from the output."""
    files: dict[str, Path] = {}
    static = out / STATIC[flavor]
    for path in static.rglob("*"):
        rel = path.relative_to(static).as_posix()
        if path.is_file() and MEDIA.search(rel) and not rel.startswith(("_", ".", "content/")):
            files["/" + rel] = path
    if flavor == "hugo":  # page bundles: served beside the page
        for doc in documents(out, flavor):
            for path in doc.path.parent.iterdir():
                if MEDIA.search(path.name):
                    files[doc.url + path.name] = path
    return files


def check_references(out: Path, flavor: str, old: frozenset[str] = frozenset()) -> set[str]:
    """Assert every media link resolves to a file in the output; return where links were.

    ``old``: old-site URLs expected to stay (files that could not be had).
    """
    files = published(out, flavor)
    places: set[str] = set()
    for where, page, url in references(out, flavor):
        absolute = urlsplit(urljoin(SITE + page, url))
        path = unquote(absolute.path)
        if absolute.netloc == "ctts.example.org" and path.startswith(UP):
            assert url in old, f"{where} of {page}: {url} still points to the old site"
            continue
        if absolute.netloc != urlsplit(SITE).netloc or not MEDIA.search(path):
            continue  # a page, or another site
        places.add(where)
        assert path in files, f"{where} of {page}: {url} ({path}) is no file in the output"
    return places


def check_built(public: Path) -> int:
    """Every media link of the built HTML pages resolves to a built file; how many there are."""
    n = 0
    for page in public.rglob("*.html"):
        rel = page.relative_to(public).as_posix()
        url = "/" + rel.removesuffix("index.html")
        for ref in links_in(page.read_text("utf-8")):
            absolute = urlsplit(urljoin(SITE + url, ref))
            path = unquote(absolute.path)
            if absolute.netloc == urlsplit(SITE).netloc and MEDIA.search(path):
                n += 1
                assert (public / path.lstrip("/")).is_file(), f"{url}: {ref} is not built"
    return n


def stamps(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


# -- what the sample's media become, and uploads folders -------------------------------------

BUNDLES = {
    "content/posts/going-solo-lyon-what-i-learned/going-solo-lyon-scene.jpg": SCENE,
    "content/posts/going-solo-lyon-what-i-learned/going-solo-lyon-public.jpg": PUBLIC,
    "content/posts/moving-a-bilingual-archive-to-static-files/wxr-export-diagram.png": DIAGRAM,
}
STATIC_FILES = {
    "media/2008/11/going-solo-lyon-scene.jpg": SCENE,
    "media/2008/11/going-solo-lyon-public.jpg": PUBLIC,
    "media/2019/06/wxr-export-diagram.png": DIAGRAM,
}


def media_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and MEDIA.search(p.name)
    }


def uploads_tree(root: Path, files: dict[str, bytes]) -> Path:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root
