"""``site_path``'s shortcuts give what ``urllib.parse.urlsplit`` gives."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.writers.redirects import site_path


def plain_site_path(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return path + (f"?{parts.query}" if parts.query else "")


PIECES = st.sampled_from(
    ["/", "//", "?", "#", ":", "a", "é", "%2F", " ", "\t", "\n", "\r", "[", "]", "@", "x.org", "?p"]
)
STARTS = st.sampled_from(
    [
        "",
        "/",
        "//",
        "http://",
        "https://",
        " /",
        "\t/",
        "mailto:",
        "HTTP://",
        "http:/",
        "\x01http://",
    ]
)


@given(STARTS, st.lists(PIECES, max_size=12))
def test_site_path_is_urlsplit_s(start: str, pieces: list[str]) -> None:
    url = start + "".join(pieces)
    try:
        expected = plain_site_path(url)
    except ValueError:  # an invalid host (a bracket): no address, the path no page has
        assert site_path(url) == "/"
        return
    assert site_path(url) == expected


def test_site_relative_urls() -> None:
    assert site_path("/a/b/?p=1#top") == "/a/b/?p=1"
    assert site_path(" /a/b/ ") == "/a/b/"
    assert site_path("/a?") == "/a"
    assert site_path("https://example.org/a/b/?q#f") == "/a/b/?q"
    assert site_path("//example.org/x") == "/x"
    assert site_path("https://example.org") == "/"
    assert site_path("https://example.org?p=1") == "/?p=1"
    assert site_path("https://example.org/?p=1?x") == "/?p=1?x"
    assert site_path("https://example.org/a/?") == "/a/"
    assert site_path("http://[::1/x/") == "/"
