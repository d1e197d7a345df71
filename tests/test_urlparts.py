"""The shortcuts of ``wxr_tools.urlparts`` give what the general computations give."""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wxr_tools.digits import TWO_DIGITS, year_digits
from wxr_tools.urlparts import (
    SLASHES,
    _plain_rooted,
    fill,
    host_of,
    join_url,
    path_key,
    single_slashes,
    split_url,
)

# URL-ish text: the characters that make urlsplit take its other branches are common.
_URL_CHARS = st.sampled_from(list("aZ09-._~:/?#[]@!$&'()*+,;=% \t\r\nHTPSéß\u2100\x00"))
_URLS = st.one_of(
    st.text(_URL_CHARS, max_size=40),
    st.builds(
        lambda scheme, rest: scheme + rest,
        st.sampled_from(["http://", "https://", "HTTP://", "http:", "//", " http://", "ftp://"]),
        st.text(_URL_CHARS, max_size=40),
    ),
)


def _reference_split(url: str) -> object:
    try:
        return urlsplit(url)
    except ValueError as e:
        return type(e)


def _split(url: str) -> object:
    try:
        return split_url(url)
    except ValueError as e:
        return type(e)


@given(_URLS)
def test_split_url_is_urlsplit(url: str) -> None:
    assert _split(url) == _reference_split(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/a/b?x=1&y=2#top",
        "https://www.example.com:8080/a?",
        "https://user@example.com#",
        "http://example.com",
        "http://[::1]/x",
        "http://[oops/x",
        "http://ex\u2100ample.com/",
        "http://example.com/a\tb",
        "http://example.com/a#b?c#d",
        "http://example.com/?q=a?b",
    ],
)
def test_split_url_cases(url: str) -> None:
    found, reference = _split(url), _reference_split(url)
    assert found == reference
    # The same type too (a SplitResult, with its .path and .netloc), not a mere tuple.
    assert type(found) is type(reference)


def _reference_fill(pattern: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], pattern)


@given(
    st.lists(
        st.one_of(st.sampled_from(["{a}", "{b}", "{zz}", "{", "}", "{}", "{ a}"]), st.text()),
        max_size=8,
    )
)
def test_fill_is_the_substitution(parts: list[str]) -> None:
    pattern = "".join(parts)
    values = {"a": "1", "b": "{a}"}
    try:
        expected: str | type[KeyError] = _reference_fill(pattern, values)
    except KeyError:
        expected = KeyError
    try:
        got: str | type[KeyError] = fill(pattern, values)
    except KeyError:
        got = KeyError
    assert got == expected


def _reference_join(page: str, link: str) -> object:
    try:
        return urljoin(page, link)
    except ValueError as e:
        return type(e)


def _join(page: str, link: str) -> object:
    try:
        return join_url(page, link)
    except ValueError as e:
        return type(e)


# Relative links: mostly root-relative paths, with what makes urljoin do more work.
_LINKS = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["/", "//", "/.", "/..", "", "./", "a/", "?", "#"]),
    st.text(st.sampled_from(list("a/.é?#;%: \t\r\n\x00")), max_size=20),
)


@given(_URLS, _LINKS)
def test_join_url_is_urljoin(page: str, link: str) -> None:
    assert _join(page, link) == _reference_join(page, link)


# The shortcut's reading of a plain root-relative path, as a regular expression: "/",
# not "//" nor a dot segment, then any character but "/?#;" tab CR LF, or "/" not
# followed by ".".
_PLAIN_ROOTED = re.compile(r"/(?![/.])(?:[^/?#;\t\r\n]|/(?!\.))*")


@given(_LINKS)
def test_plain_rooted_is_the_pattern(link: str) -> None:
    assert _plain_rooted(link) == (_PLAIN_ROOTED.fullmatch(link) is not None)


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("https://example.com/a/b/", "/c/d/"),
        ("HTTP://Example.com/a", "/c"),
        ("http:///a", "/c"),
        ("http://example.com/a", "/c/../d"),
        ("http://example.com/a", "/c/./d/."),
        ("http://example.com/a", "/c;p?q#f"),
        ("http://[oops/a", "/c"),
        ("", "/c"),
        ("mailto:x@example.com", "/c"),
    ],
)
def test_join_url_cases(page: str, link: str) -> None:
    assert _join(page, link) == _reference_join(page, link)


@given(st.text(st.sampled_from(list("/a.é")), max_size=12))
def test_single_slashes_is_the_substitution(text: str) -> None:
    assert single_slashes(text) == SLASHES.sub("/", text)


def test_date_digits_are_the_format_specs() -> None:
    """``{yyyy}``, ``{mm}`` and ``{dd}`` as the site map writes them, for every year,
    month and day a datetime has, are what the format specs gave."""
    assert [year_digits(y) for y in range(1, 10000)] == [f"{y:04d}" for y in range(1, 10000)]
    assert [TWO_DIGITS[n] for n in range(1, 32)] == [f"{n:02d}" for n in range(1, 32)]


def _reference_path_key(path: str) -> str:
    key = SLASHES.sub("/", unquote(path).lower()).replace("/index.php/", "/", 1)
    return key.rstrip("/") or "/"


_PATHS = st.text(st.sampled_from(list("/aZ%2f.index.php\u0130\u1e9e%C3%A9")), max_size=30)


@given(_PATHS)
def test_path_key_is_the_full_computation(path: str) -> None:
    """The shortcut for a path with no "%" and no "//" gives what unquoting and
    collapsing slashes give."""
    assert path_key(path) == _reference_path_key(path)


@pytest.mark.parametrize(
    "path",
    ["", "/", "/index.php/a/", "/Blog/INDEX.PHP/x/", "//a//b/", "/a%2F%2Fb/", "/%zz/", "/é/"],
)
def test_path_key_cases(path: str) -> None:
    assert path_key(path) == _reference_path_key(path)


def test_lower_case_makes_no_slash() -> None:
    """Why path_key may test "//" before lowering: no character's lower case has one
    but the slash's own."""
    assert [c for c in map(chr, range(0x110000)) if "/" in c.lower()] == ["/"]


def _reference_host(netloc: str) -> str:
    host = netloc.rpartition("@")[2].split(":")[0].lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@given(st.text(st.sampled_from(list("aZ.:@wé\u0130")), max_size=20))
def test_host_of_is_the_full_computation(netloc: str) -> None:
    assert host_of(netloc) == _reference_host(netloc)
