"""``wxr_tools.media.fetch``: downloads against a local server that misbehaves on purpose.

The server listens on 127.0.0.1 only (port 0: any free one) and is the only address any
test reaches; ``localhost`` stands for "another host" in the redirect case. Backoff sleeps
are recorded instead of slept, and nothing asserts how long anything took.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from media_helpers import attachment, jpeg_bytes, png_bytes
from wxr_builder import item, wxr

from wxr_tools.config import Config
from wxr_tools.diagnostics import Severity
from wxr_tools.exitcodes import exit_code
from wxr_tools.media.fetch import FetchOptions, download, retry_after, url_problem
from wxr_tools.media.files import MANIFEST
from wxr_tools.media.inventory import MediaFile, build_inventory
from wxr_tools.media.store import StoreResult

A, C, PNG = jpeg_bytes(b"a"), jpeg_bytes(b"c"), png_bytes((0, 128, 0))
FLAKY, BUSY, MOVED = jpeg_bytes(b"flaky"), jpeg_bytes(b"busy"), jpeg_bytes(b"moved")
HTML = b"<!DOCTYPE html><html><body>Please log in</body></html>"
BIG = jpeg_bytes(b"big") + bytes(50_000)


@dataclass
class Server:
    port: int
    hits: Counter[str] = field(default_factory=Counter)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _QuietServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(
        self, status: int, body: bytes = b"", ctype: str = "image/jpeg", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        state = self.server.state
        path = urlsplit(self.path).path
        with state.lock:
            state.hits[path] += 1
            n = state.hits[path]
        route = ROUTES.get(path)
        if route is None:
            self.send(404, b"not found", "text/plain")
        else:
            route(self, n)


def _redirect(location: Callable[[Server], str]) -> Callable[[_Handler, int], None]:
    return lambda h, n: h.send(302, Location=location(h.server.state))


def _slow(h: _Handler, n: int) -> None:
    h.server.state.release.wait(10)  # longer than the read timeout; released at teardown
    h.send(200, A)


def _truncated(h: _Handler, n: int) -> None:
    h.send(200, A[:40], length=str(len(A)))
    h.close_connection = True


def _unbounded(h: _Handler, n: int) -> None:
    # No Content-Length: the body ends when the connection closes (only the limit stops it).
    h.send_response(200)
    h.send_header("Content-Type", "image/jpeg")
    h.send_header("Connection", "close")
    h.end_headers()
    for start in range(0, len(BIG), 4096):
        h.wfile.write(BIG[start : start + 4096])
    h.close_connection = True


ROUTES: dict[str, Callable[[_Handler, int], None]] = {
    "/img/a.jpg": lambda h, n: h.send(200, A),
    "/img/same.jpg": lambda h, n: h.send(200, A),
    "/img/b.png": lambda h, n: h.send(200, PNG, "image/png"),
    "/img/c.jpg": lambda h, n: h.send(200, C),
    "/img/moved.jpg": lambda h, n: h.send(200, MOVED),
    "/flaky.jpg": lambda h, n: h.send(500, b"oops", "text/plain") if n == 1 else h.send(200, FLAKY),
    "/busy.jpg": lambda h, n: (
        h.send(429, b"slow down", "text/plain", Retry_After="1") if n == 1 else h.send(200, BUSY)
    ),
    "/down.jpg": lambda h, n: h.send(503, b"maintenance", "text/plain"),
    "/slow.jpg": _slow,
    "/truncated.jpg": _truncated,
    "/html.jpg": lambda h, n: h.send(200, HTML, "text/html; charset=utf-8"),
    "/disguised.jpg": lambda h, n: h.send(200, HTML, "image/jpeg"),
    "/empty.jpg": lambda h, n: h.send(200, b""),
    "/big.jpg": lambda h, n: h.send(200, BIG),
    "/unbounded.jpg": _unbounded,
    "/redirect.jpg": _redirect(lambda s: s.url("/img/moved.jpg", host="localhost")),
    "/to-file.jpg": _redirect(lambda s: "file:///etc/passwd"),
    "/loop.jpg": _redirect(lambda s: "/loop.jpg"),
    "/wp-content/uploads/2020/01/a.jpg": lambda h, n: h.send(200, A),
    "/wp-content/uploads/2020/01/b.png": lambda h, n: h.send(200, PNG, "image/png"),
}


class _QuietServer(ThreadingHTTPServer):
    state: Server

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on /slow.jpg: expected, not worth a traceback


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    httpd.state = Server(port=httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


OPTIONS = FetchOptions(
    connect_timeout=5,
    read_timeout=0.3,
    retries=2,
    backoff=1,
    backoff_max=3,
    concurrency=4,
    max_bytes=10_000,
    max_redirects=3,
)


def static(file: MediaFile) -> str:
    return f"static/media/{file.path}"


def run(
    files: list[MediaFile], root: Path, sleeps: list[float], strict: bool = False
) -> StoreResult:
    return download(
        files, str(root), static, OPTIONS, strict=strict, progress=False, sleep=sleeps.append
    )


def test_faults(server: Server, tmp_path: Path) -> None:
    def f(path: str, name: str, number: int, **kw: str) -> MediaFile:
        return MediaFile(name, server.url(path), number, **kw)

    files = [
        f("/img/a.jpg", "a.jpg", 1),
        f("/img/b.png", "b.png", 2),
        f("/img/same.jpg", "same.jpg", 3),
        f("/flaky.jpg", "flaky.jpg", 4),
        f("/busy.jpg", "busy.jpg", 5),
        f("/redirect.jpg", "redirect.jpg", 6),
        f(
            "/img/c-300x200.jpg",
            "c-300x200.jpg",
            7,
            original="c.jpg",
            original_url=server.url("/img/c.jpg"),
        ),
        f("/img/c.jpg", "c.jpg", 7),
        f("/missing.jpg", "missing.jpg", 8),
        f("/slow.jpg", "slow.jpg", 9),
        f("/truncated.jpg", "truncated.jpg", 10),
        f("/html.jpg", "html.jpg", 11),
        f("/disguised.jpg", "disguised.jpg", 12),
        f("/empty.jpg", "empty.jpg", 13),
        f("/big.jpg", "big.jpg", 14),
        f("/unbounded.jpg", "unbounded.jpg", 15),
        f("/to-file.jpg", "to-file.jpg", 16),
        f("/loop.jpg", "loop.jpg", 17),
        MediaFile("passwd.jpg", "file:///etc/passwd", 18),
        MediaFile("pixel.gif", "data:image/gif;base64,R0lGODlh", 19),
    ]
    sleeps: list[float] = []
    result = run(files, tmp_path / "site", sleeps)

    placed = {
        p.file.attachment: (p.dest, p.status, p.from_original) for p in result.placed.values()
    }
    media = "static/media/"
    assert placed == {
        1: (media + "a.jpg", "downloaded", False),
        2: (media + "b.png", "downloaded", False),
        3: (media + "a.jpg", "duplicate", False),  # the same bytes as a.jpg: stored once
        4: (media + "flaky.jpg", "downloaded", False),  # 500, then 200
        5: (media + "busy.jpg", "downloaded", False),  # 429 Retry-After: 1, then 200
        6: (media + "redirect.jpg", "downloaded", False),  # via localhost
        7: (media + "c.jpg", "duplicate", True),  # 404 for the variant: its original
    }
    failed = {d.item_id: d.code for d in result.failed.values()}
    assert failed == {
        8: "WXR600",  # 404
        9: "WXR603",  # timed out, every try
        10: "WXR603",  # truncated body, every try
        11: "WXR601",  # text/html for a .jpg
        12: "WXR601",  # image/jpeg, but the bytes are HTML
        13: "WXR601",  # empty
        14: "WXR601",  # Content-Length over max_bytes
        15: "WXR601",  # no Content-Length: stopped at max_bytes
        16: "WXR604",  # redirected to file:
        17: "WXR604",  # too many redirects
        18: "WXR604",  # file: URL
        19: "WXR604",  # data: URL
    }
    notes = sorted((d.code, d.item_id) for d in result.diagnostics if d.level is Severity.INFO)
    assert notes == [("WXR602", 7), ("WXR605", 6)]
    assert {d.level for d in result.failed.values()} == {Severity.WARNING}
    assert exit_code(result.diagnostics) == 0  # failures are reported, not fatal

    # what reached the server: the tries, and nothing for refused URLs or resolved variants
    hits = server.hits
    assert (hits["/flaky.jpg"], hits["/busy.jpg"], hits["/img/c.jpg"]) == (2, 2, 1)
    assert (hits["/slow.jpg"], hits["/truncated.jpg"], hits["/loop.jpg"]) == (3, 3, 4)
    assert hits["/missing.jpg"] == 1 and hits["/html.jpg"] == 1
    assert 1.0 in sleeps  # Retry-After honoured
    assert all(s <= OPTIONS.backoff_max for s in sleeps)

    site = tmp_path / "site"
    assert (site / media / "a.jpg").read_bytes() == A
    assert not (site / media / "same.jpg").exists() and not (site / media / "html.jpg").exists()
    assert sorted(p.name for p in site.iterdir()) == [MANIFEST, "static"]  # no partial files


def test_backoff_doubles_up_to_the_limit(server: Server, tmp_path: Path) -> None:
    sleeps: list[float] = []
    opts = FetchOptions(retries=3, backoff=1, backoff_max=3, read_timeout=5)
    result = download(
        [MediaFile("down.jpg", server.url("/down.jpg"), 1)],
        str(tmp_path),
        static,
        opts,
        progress=False,
        sleep=sleeps.append,
    )
    assert sleeps == [1, 2, 3]
    assert server.hits["/down.jpg"] == 4
    assert "HTTP 503 (4 tries)" in result.failed[next(iter(result.failed))].message


def test_resume_downloads_nothing_twice(server: Server, tmp_path: Path) -> None:
    files = [
        MediaFile("a.jpg", server.url("/img/a.jpg"), 1),
        MediaFile("b.png", server.url("/img/b.png"), 2),
        MediaFile("same.jpg", server.url("/img/same.jpg"), 3),
    ]
    site = tmp_path / "site"
    first = run(files, site, [])
    assert first.counts == {"downloaded": 2, "duplicate": 1}
    before = dict(server.hits)

    again = run(files, site, [])
    assert dict(server.hits) == before  # not one request
    assert again.counts == {"unchanged": 2, "duplicate": 1}
    assert {p.dest for p in again.placed.values()} == {p.dest for p in first.placed.values()}

    (site / "static/media/b.png").write_bytes(b"damaged")  # changed since: fetched again
    third = run(files, site, [])
    assert server.hits["/img/b.png"] == 2 and server.hits["/img/a.jpg"] == 1
    assert third.counts == {"unchanged": 1, "duplicate": 1, "downloaded": 1}

    # Another layout (a writer's other flavor): the files move, still without a request.
    def bundle(file: MediaFile) -> str:
        return f"content/posts/p/{file.path}"

    moved = download(files, str(site), bundle, OPTIONS, progress=False, sleep=[].append)
    assert dict(server.hits) == {**before, "/img/b.png": 2}
    assert moved.counts == {"copied": 2, "duplicate": 1}
    assert (site / "content/posts/p/a.jpg").read_bytes() == A


def test_strict_makes_failures_errors(server: Server, tmp_path: Path) -> None:
    files = [
        MediaFile("a.jpg", server.url("/img/a.jpg"), 1),
        MediaFile("missing.jpg", server.url("/missing.jpg"), 2),
    ]
    result = run(files, tmp_path, [], strict=True)
    assert len(result.placed) == 1  # the run went on, and placed what it could
    assert [(d.code, d.level) for d in result.diagnostics] == [("WXR600", Severity.ERROR)]
    assert exit_code(result.diagnostics) == 1


def test_from_the_inventory(server: Server, tmp_path: Path) -> None:
    """An export whose uploads live on the local server: inventory, then download."""
    up = server.url("/wp-content/uploads/")
    body = f'<img src="{up}2020/01/a-300x200.jpg"><a href="{up}2020/01/b.png">b</a>'
    export = tmp_path / "site.xml"
    export.write_bytes(
        wxr(
            item(1, body=body),
            attachment(11, up + "2020/01/a.jpg", "2020/01/a.jpg"),
            attachment(12, up + "2020/01/b.png", "2020/01/b.png"),
        )
    )
    files = build_inventory(str(export)).files(variants=True)
    assert [(f.path, f.original) for f in files] == [
        ("2020/01/a.jpg", ""),
        ("2020/01/b.png", ""),
        ("2020/01/a-300x200.jpg", "2020/01/a.jpg"),
    ]
    result = run(files, tmp_path / "out", [])
    assert result.dest("2020/01/a-300x200.jpg") == "static/media/2020/01/a.jpg"
    assert result.dest("2020/01/b.png") == "static/media/2020/01/b.png"
    assert server.hits["/wp-content/uploads/2020/01/a-300x200.jpg"] == 1


def test_helpers() -> None:
    assert FetchOptions.from_config(Config()) == FetchOptions()  # defaults.toml agrees
    assert retry_after("3") == 3.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: now
    assert retry_after("soon") is None and retry_after(None) is None
    assert url_problem("https://example.org/a.jpg") is None
    for url in ("file:///etc/passwd", "data:image/gif;base64,R0", "ftp://example.org/a", "http://"):
        assert url_problem(url) is not None
