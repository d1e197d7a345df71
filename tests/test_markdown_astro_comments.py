"""Astro's pages and comments feed read each item's thread from its data file.

They read it with Node's ``fs`` when a page is made (``src/lib/comments.js``), not
through Vite's bundle, so ``astro dev`` must serve every thread on its post and in the
feed, none on a post without one, and a thread as its data file is now (the build
tests, ``test_markdown_site_node_builds``, check the built pages).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import node_tools
import pytest
from markdown_helpers import comment, site
from wxr_builder import item, wxr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def dev_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A site of two posts, one with a thread of two, served by ``astro dev``."""
    reason = node_tools.missing("astro")
    if reason is not None:
        pytest.skip(f"astro site not served: {reason}")
    replies = comment(5, text="First") + comment(6, parent=5, text="A reply")
    export = tmp_path / "export.xml"
    export.write_bytes(wxr(item(1, title="Talked about", more=replies), item(2, title="Quiet")))
    out = tmp_path / "site"
    site(export, out, flavor="astro")
    node_tools.link_modules("astro", out)
    port = free_port()
    server = subprocess.Popen(
        [*node_tools.command("astro"), "dev", "--host", "127.0.0.1", "--port", str(port)],
        cwd=out,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ASTRO_TELEMETRY_DISABLED": "1", "NO_COLOR": "1"},
    )
    try:
        yield out, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str) -> str:
    """``url``'s page, once the server answers (it takes seconds to start)."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                text: str = response.read().decode("utf-8")
                return text
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_astro_dev_serves_each_post_its_own_thread(dev_site: tuple[Path, str]) -> None:
    server = dev_site[1]
    talked = fetch(f"{server}/2024/06/hello-1/")
    assert 'id="comment-5"' in talked and 'id="comment-6"' in talked
    assert "A reply" in talked
    quiet = fetch(f"{server}/2024/06/hello-2/")
    assert "Quiet" in quiet and "comment-" not in quiet
    feed = fetch(f"{server}/comments/feed.xml")
    assert feed.count("<item>") == 2 and "#comment-6" in feed


def test_astro_dev_shows_a_thread_as_its_file_now_is(dev_site: tuple[Path, str]) -> None:
    out, server = dev_site
    assert "A reply" in fetch(f"{server}/2024/06/hello-1/")
    data = out / "src/data/comments/1.json"
    thread = json.loads(data.read_text("utf-8"))
    thread[1]["content"] = "<p>Edited later</p>"
    data.write_text(json.dumps(thread), "utf-8")
    page = fetch(f"{server}/2024/06/hello-1/")
    assert "Edited later" in page and "A reply" not in page
