"""``wxr convert --to markdown --media-from/--download``: the files in the site, and every link.

Downloads reach one address only: a server on 127.0.0.1 (port 0: any free one). The
sample's URLs name ctts.example.org, which nothing resolves, so the run gets an HTTP
client (``WriteOptions.media_client``, the seam an embedding program uses for a mirror
or a proxy) whose transport sends every request to that server; the server records
the host each request named. Nothing is monkeypatched.

The central check, ``check_references``, reads what the writer wrote (Markdown bodies,
HTML kept in them, front matter, comment data), takes every link that points to a
media file, resolves it the way a browser would from the page it is on, and asserts
that the file is in the output where the generator publishes it from.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpx
import pytest
from media_helpers import attachment, jpeg_bytes, meta, png_bytes
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.config import Config
from wxr_tools.diagnostics import Severity
from wxr_tools.exitcodes import exit_code
from wxr_tools.media.files import MANIFEST
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.frontmatter import parse
from wxr_tools.writers.markdown.output import MARKER

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


# -- the server, and the client that reaches it ---------------------------------------------


@dataclass
class Server:
    port: int
    hits: Counter[str] = field(default_factory=Counter)
    hosts: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    """Paths under uploads answered with 404 (a file the old site lost)."""
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Quiet

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state
        path = unquote(urlsplit(self.path).path)
        with state.lock:
            state.hits[path] += 1
            state.hosts.add(self.headers.get("Host", ""))
        sub = path.removeprefix(UP)
        found = FILES.get(sub) if path.startswith(UP) and sub not in state.gone else None
        body, ctype = found if found is not None else (b"not found", "text/plain")
        self.send_response(200 if found is not None else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Quiet(ThreadingHTTPServer):
    state: Server


class ToServer(httpx.BaseTransport):
    """Sends every request to the test server, whatever host and scheme its URL names."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = _Quiet(("127.0.0.1", 0), _Handler)
    httpd.state = Server(port=httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    # As the run's own client: no proxies from the environment, redirects by hand.
    with httpx.Client(
        transport=ToServer(server.port), trust_env=False, follow_redirects=False, timeout=5
    ) as c:
        yield c


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


# -- --download on the sample -------------------------------------------------------------------

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


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_download_sample(flavor: str, server: Server, client: httpx.Client, tmp_path: Path) -> None:
    out = tmp_path / flavor
    report = run(out, flavor=flavor, download=True, media_client=client)

    assert media_files(out) == (BUNDLES if flavor == "hugo" else STATIC_FILES)
    expected = {"media downloaded": 3}
    if flavor == "hugo":  # each image is used by one post only: its bundle
        expected["media in page bundles"] = 3
    assert {k: v for k, v in report.counts.items() if k.startswith("media ")} == {
        "media links rewritten": 8,  # the links transform's, as without media
        **expected,
    }
    assert not [d for d in report.diagnostics if d.code.startswith("WXR6")]
    assert exit_code(report.diagnostics) == 0
    assert server.hosts == {"ctts.example.org"}  # as the URL said; sent to 127.0.0.1
    assert server.hits == {UP + path: 1 for path in FILES if "300x200" not in path}

    places = check_references(out, flavor)
    featured = "images" if flavor == "hugo" else "image"
    assert places == {"body", "summary", featured}
    docs = {d.front["wordpress"]["id"]: d for d in documents(out, flavor)}
    if flavor == "hugo":
        assert docs[215].front["images"] == [
            "/2008/11/going-solo-lyon-what-i-learned/going-solo-lyon-scene.jpg"
        ]
        assert "[![](going-solo-lyon-scene.jpg)](going-solo-lyon-scene.jpg)" in docs[215].body
        assert 'src="/2008/11/going-solo-lyon-what-i-learned/' in docs[215].front["summary"]
    else:
        assert docs[760].front["image"] == "/media/2019/06/wxr-export-diagram.png"

    marker = json.loads((out / MARKER).read_text("utf-8"))["files"]
    assert set(media_files(out)) | {MANIFEST} <= set(marker)
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
    assert {e["dest"] for e in manifest.values()} == set(media_files(out))

    # A second run: not one request, not one file written, the same links.
    before, hits = stamps(out), dict(server.hits)
    again = run(out, flavor=flavor, download=True, media_client=client)
    assert dict(server.hits) == hits
    assert stamps(out) == before
    media = {k: v for k, v in again.counts.items() if k.startswith("media ")}
    assert media.get("media unchanged") == 3
    assert "media downloaded" not in media and "media copied" not in media
    assert again.counts["files created"] == again.counts["files updated"] == 0
    check_references(out, flavor)


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_builds_with_media(server: Server, client: httpx.Client, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(out, download=True, media_client=client)
    public = tmp_path / "public"
    done = subprocess.run(
        ["hugo", "--quiet", "-s", str(out), "-d", str(public)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert check_built(public) >= 8  # the figure, the gallery, the diagram: all there
    built = public / "2008/11/going-solo-lyon-what-i-learned"
    assert (built / "going-solo-lyon-public.jpg").read_bytes() == PUBLIC


@pytest.mark.skipif(
    shutil.which("jekyll") is None,
    reason="jekyll is not installed (apt-get install jekyll ruby-jekyll-redirect-from)",
)
def test_jekyll_builds_with_media(server: Server, client: httpx.Client, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(out, flavor="jekyll", download=True, media_client=client)
    public = tmp_path / "_site"
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(out), "-d", str(public)],
        capture_output=True,
        text=True,
        env={**os.environ, "JEKYLL_ENV": "production", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    assert check_built(public) >= 8
    assert (public / "media/2019/06/wxr-export-diagram.png").read_bytes() == DIAGRAM


def test_failures_keep_the_old_url_and_strict_fails(
    server: Server, client: httpx.Client, tmp_path: Path
) -> None:
    server.gone.add("2008/11/going-solo-lyon-public.jpg")
    out = tmp_path / "site"
    report = run(out, download=True, media_client=client)
    assert report.counts["media missing"] == 1 and report.counts["media downloaded"] == 2
    lost = OLD + "2008/11/going-solo-lyon-public.jpg"
    assert [(d.code, d.level, d.item_id) for d in report.diagnostics if d.code >= "WXR6"] == [
        ("WXR600", Severity.WARNING, 217)
    ]
    assert exit_code(report.diagnostics) == 0  # reported, not fatal
    check_references(out, "hugo", old=frozenset({lost}))
    assert f"[![]({lost})]({lost})" in (
        out / "content/posts/going-solo-lyon-what-i-learned/index.en.md"
    ).read_text("utf-8")

    strict = run(tmp_path / "strict", download=True, media_client=client, strict_media=True)
    assert [d.level for d in strict.diagnostics if d.code == "WXR600"] == [Severity.ERROR]
    assert exit_code(strict.diagnostics) == 1
    assert (tmp_path / "strict" / next(iter(BUNDLES))).is_file()  # the run still completed


def test_missing_variant_is_served_by_its_original(
    server: Server, client: httpx.Client, tmp_path: Path
) -> None:
    """``media_originals = false``: links keep the resized files, which are fetched too."""
    config = Config()
    config.data["links"]["media_originals"] = False
    out = tmp_path / "site"
    report = run(out, config=config, download=True, media_client=client)
    assert report.counts["media variants replaced by their original"] == 1
    assert [d.code for d in report.diagnostics if d.code >= "WXR6"] == ["WXR602"]
    assert server.hits[UP + "2008/11/going-solo-lyon-scene-300x200.jpg"] == 1  # 404
    post = out / "content/posts/going-solo-lyon-what-i-learned"
    # The variant's links lead to the original's one copy in the bundle.
    assert sorted(p.name for p in post.iterdir()) == [
        "going-solo-lyon-public.jpg",
        "going-solo-lyon-scene.jpg",
        "index.en.md",
    ]
    text = (post / "index.en.md").read_text("utf-8")
    assert 'src="going-solo-lyon-scene.jpg"' in text and "300x200" not in text
    diagram = out / "content/posts/moving-a-bilingual-archive-to-static-files"
    assert (diagram / "wxr-export-diagram-300x200.png").read_bytes() == DIAGRAM_300
    check_references(out, "hugo")
    before, hits = stamps(out), dict(server.hits)
    run(out, config=config, download=True, media_client=client)
    assert stamps(out) == before and dict(server.hits) == hits


def test_dry_run_fetches_nothing(
    server: Server, client: httpx.Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    run(out, download=True, media_client=client, dry_run=True)
    assert not out.exists() and not server.hits
    listed = capsys.readouterr().out.splitlines()
    assert f"create    {next(iter(BUNDLES))}" in listed


# -- --media-from --------------------------------------------------------------------------------


def uploads_tree(root: Path, files: dict[str, bytes]) -> Path:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


def test_media_from_sample(tmp_path: Path) -> None:
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    path = tmp_path / "report.json"
    cmd = ["convert", str(SAMPLE), "--to", "markdown", "-o", str(out), "--report", str(path)]
    assert main([*cmd, "--media-from", str(uploads), "--flavor", "astro"]) == 0
    counts = json.loads(path.read_text("utf-8"))["counts"]
    assert counts["media copied"] == 3
    assert media_files(out) == {f"public/{p}": d for p, d in STATIC_FILES.items()}
    check_references(out, "astro")

    (uploads / "2019/06/wxr-export-diagram.png").unlink()
    assert main([*cmd, "--media-from", str(uploads), "--flavor", "astro", "--strict-media"]) == 1
    data = json.loads(path.read_text("utf-8"))
    assert data["counts"]["media missing"] == 1 and data["diagnostics"]["WXR600"] == 1


def test_shared_files_stay_static(tmp_path: Path) -> None:
    """One page's files go into its bundle; shared and unused ones stay in static/media."""
    up = "https://example.org/wp-content/uploads/"

    def img(path: str) -> str:
        return f'<p><img src="{up}{path}" alt=""></p>'

    export = tmp_path / "site.xml"
    export.write_bytes(
        wxr(
            item(1, body=img("2024/06/a.jpg") + img("2024/06/shared.jpg")),
            item(
                2,
                body=img("2024/06/shared.jpg") + img("2024/07/a.jpg"),
                more=meta("_thumbnail_id", "13"),
            ),
            attachment(11, up + "2024/06/a.jpg", "2024/06/a.jpg"),
            attachment(12, up + "2024/06/shared.jpg", "2024/06/shared.jpg"),
            attachment(13, up + "2024/07/a.jpg", "2024/07/a.jpg"),
            attachment(14, up + "2024/08/unused.png", "2024/08/unused.png"),
        )
    )
    photo = jpeg_bytes(b"a")  # 2024/06/a.jpg and 2024/07/a.jpg: the same photo twice
    uploads = uploads_tree(
        tmp_path / "uploads",
        {
            "2024/06/a.jpg": photo,
            "2024/07/a.jpg": photo,
            "2024/06/shared.jpg": jpeg_bytes(b"shared"),
            "2024/08/unused.png": png_bytes(),
        },
    )
    hugo = tmp_path / "hugo"
    report = run(hugo, source=export, media_from=str(uploads))
    assert set(media_files(hugo)) == {
        "content/posts/hello-1/a.jpg",
        "content/posts/hello-2/a.jpg",  # its own copy: a bundle is a folder of its own
        "static/media/2024/06/shared.jpg",
        "static/media/2024/08/unused.png",
    }
    assert report.counts["media in page bundles"] == 2
    assert check_references(hugo, "hugo") == {"body", "images"}
    second = parse((hugo / "content/posts/hello-2/index.fr.md").read_text("utf-8"))
    assert second["images"] == ["/2024/06/hello-2/a.jpg"]

    jekyll = tmp_path / "jekyll"
    run(jekyll, source=export, flavor="jekyll", media_from=str(uploads))
    # The same bytes are stored once; links to the second name lead to the first.
    assert set(media_files(jekyll)) == {
        "media/2024/06/a.jpg",
        "media/2024/06/shared.jpg",
        "media/2024/08/unused.png",
    }
    check_references(jekyll, "jekyll")
    doc = next((jekyll / "_posts").rglob("*hello-2.md")).read_text("utf-8")
    assert parse(doc)["image"] == "/media/2024/06/a.jpg" and "2024/07" not in doc


def test_eleventy_publishes_the_media_folder(tmp_path: Path) -> None:
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    run(out, flavor="eleventy", media_from=str(uploads))
    config = (out / "eleventy.config.js").read_text("utf-8")
    assert 'eleventyConfig.addPassthroughCopy("media");' in config
    check_references(out, "eleventy")

    plain = tmp_path / "plain"  # written without media: the configuration as it always was
    run(plain, flavor="eleventy")
    assert "media" not in (plain / "eleventy.config.js").read_text("utf-8")
    report = run(plain, flavor="eleventy", media_from=str(uploads))  # kept: the user's now
    line = 'eleventyConfig.addPassthroughCopy("media");'
    assert report.counts[f"media not published: eleventy.config.js lacks {line}"] == 1


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "out")
    base = ["convert", str(SAMPLE), "-o", out]
    for args in (
        ["--to", "markdown", "--strict-media"],
        ["--to", "json", "--download"],
        ["--to", "markdown", "--download", "--media-from", str(tmp_path)],
        ["--to", "markdown", "--raw", "--download"],
        ["--to", "markdown", "--media-from", str(tmp_path / "nowhere")],
    ):
        assert main([*base, *args]) == 2, args
    assert main(["convert", "-", "--to", "markdown", "-o", out, "--download"]) == 2
    err = capsys.readouterr().err
    assert "--strict-media goes with --media-from or --download" in err
    assert "--download is for --to markdown" in err and "not standard input" in err


def test_rerun_after_a_slug_change_moves_the_files(tmp_path: Path) -> None:
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    out = tmp_path / "site"
    run(out, media_from=str(uploads))
    renamed = tmp_path / "renamed.xml"
    text = SAMPLE.read_text("utf-8").replace(
        "<wp:post_name><![CDATA[going-solo-lyon-what-i-learned]]>",
        "<wp:post_name><![CDATA[going-solo-lyon-notes]]>",
    )
    renamed.write_text(text, encoding="utf-8")
    report = run(out, source=renamed, media_from=str(uploads))
    assert report.counts["media unchanged"] == 3 and "media copied" not in report.counts
    new = out / "content/posts/going-solo-lyon-notes"
    assert sorted(p.name for p in new.iterdir()) == [
        "going-solo-lyon-public.jpg",
        "going-solo-lyon-scene.jpg",
        "index.en.md",
    ]
    old = out / "content/posts/going-solo-lyon-what-i-learned"
    assert sorted(p.name for p in old.iterdir()) == ["index.en.md"]  # kept, as stale pages are
    doc = parse((new / "index.en.md").read_text("utf-8"))
    assert doc["images"] == ["/2008/11/going-solo-lyon-notes/going-solo-lyon-scene.jpg"]
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
    assert sorted(e["dest"] for e in manifest.values() if "2008" in e["path"]) == [
        "content/posts/going-solo-lyon-notes/going-solo-lyon-public.jpg",
        "content/posts/going-solo-lyon-notes/going-solo-lyon-scene.jpg",
    ]
    before = stamps(out)
    again = run(out, source=renamed, media_from=str(uploads))
    assert stamps(out) == before and "media copied" not in again.counts


def test_issue_spellings_of_the_flags(tmp_path: Path) -> None:
    """``--from-dir`` and ``--strict`` (the issue's names) are the same flags."""
    uploads = uploads_tree(tmp_path / "uploads", {path: data for path, (data, _) in FILES.items()})
    (uploads / "2019/06/wxr-export-diagram.png").unlink()
    out = tmp_path / "site"
    cmd = ["convert", str(SAMPLE), "--to", "markdown", "-o", str(out), "--flavor", "astro"]
    assert main([*cmd, "--from-dir", str(uploads)]) == 0
    assert main([*cmd, "--from-dir", str(uploads), "--strict"]) == 1
