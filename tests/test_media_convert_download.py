"""``wxr convert --to markdown --download``: the files in the site, and every link.

Downloads reach one address only: a server on 127.0.0.1 (port 0: any free one). The
sample's URLs name ctts.example.org, which nothing resolves, so the run gets an HTTP
client (``WriteOptions.media_client``, the seam an embedding program uses for a mirror
or a proxy) whose transport sends every request to that server; the server records
the host each request named. Nothing is monkeypatched.

The links are checked by ``check_references`` (in ``media_convert_helpers``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from markdown_helpers import jekyll_build
from media_convert_helpers import (
    BUNDLES,
    DIAGRAM,
    DIAGRAM_300,
    FILES,
    OLD,
    PUBLIC,
    STATIC_FILES,
    UP,
    check_built,
    check_references,
    documents,
    media_files,
    run,
    stamps,
)

from wxr_tools.config import Config
from wxr_tools.diagnostics import Severity
from wxr_tools.exitcodes import exit_code
from wxr_tools.media.files import MANIFEST
from wxr_tools.writers.markdown.output import MARKER

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


# -- --download on the sample -------------------------------------------------------------------


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
        # The gallery's images carry their attachment ids (data-id): kept as HTML.
        scene = '[<img src="going-solo-lyon-scene.jpg" alt="" data-id="216">]'
        assert scene + "(going-solo-lyon-scene.jpg)" in docs[215].body
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
    jekyll_build(out, public)
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
    assert f'[<img src="{lost}" alt="" data-id="217">]({lost})' in (
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
