"""The site map's fast paths give what the plain computations they replace give.

``SiteMap._url_of`` works out only the placeholders a pattern names, and ``_media``
looks up the upload roots of one host; the references below are the plain versions
(every placeholder worked out, every root scanned), kept here to compare against.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, unquote

from entry_cases import an_entry
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml_cases import SITE

from wxr_tools.config import DEFAULTS, Config, _merge
from wxr_tools.index import Entry, Index
from wxr_tools.urlmap import (
    _FILE,
    _UPLOADS,
    _VARIANT,
    SiteMap,
    Target,
    _address,
    any_address,
    fill,
    query_values,
)
from wxr_tools.urlparts import SLASHES

PLACEHOLDERS = ["yyyy", "mm", "dd", "slug", "id", "type", "lang", "langpath", "path", "media"]


def _reference_url_of(
    sitemap: SiteMap, entry: Entry, lang: str | None, main: str | None, prefix_lang: bool
) -> str | None:
    """The URL with every placeholder worked out, whether the pattern names it or not."""
    if entry.type in sitemap.no_url:
        return None
    pattern = str(sitemap.patterns.get(entry.type, sitemap.patterns["other"]))
    if not pattern:
        return None
    date = entry.date
    values = {
        "yyyy": f"{date.year:04d}" if date else "0000",
        "mm": f"{date.month:02d}" if date else "00",
        "dd": f"{date.day:02d}" if date else "00",
        "slug": sitemap.slug_of(entry),
        "id": str(entry.id),
        "type": entry.type,
        "lang": lang or "",
        "langpath": f"{lang}/" if lang and lang != main else "",
        "path": sitemap.path_of(entry),
        "media": "",
    }
    if "{media}" in pattern:
        media = sitemap.media_url(entry)
        if media is None:
            return None
        values["media"] = media
        return fill(pattern, values)
    path = fill(pattern, values)
    if prefix_lang and lang and "{lang" not in pattern:
        path = f"/{lang}/{path}"
    return sitemap.base_url + SLASHES.sub("/", path)


words = st.from_regex(r"[a-z0-9-]{0,8}", fullmatch=True)
patterns = st.lists(
    st.one_of(st.sampled_from(PLACEHOLDERS).map(lambda n: "{" + n + "}"), words),
    max_size=6,
).map(lambda parts: "/" + "/".join(parts))
langs = st.sampled_from([None, "", "fr", "en", "de"])


@settings(max_examples=300, deadline=None)
@given(
    pattern=patterns,
    kind=st.sampled_from(["post", "page", "attachment", "book"]),
    slug=words,
    title=st.sampled_from(["", "Un été à Paris", "Hello, world"]),
    date=st.one_of(st.none(), st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1))),
    parent=st.sampled_from([0, 2, 3, 99]),
    file=st.sampled_from(["", "2010/03/a.jpg", "/home/x/files/a.jpg"]),
    lang=langs,
    main=langs,
    prefix_lang=st.booleans(),
    base_url=st.sampled_from(["", "https://new.example.org"]),
)
def test_url_of_names_only_what_the_pattern_needs(
    pattern: str,
    kind: str,
    slug: str,
    title: str,
    date: datetime | None,
    parent: int,
    file: str,
    lang: str | None,
    main: str | None,
    prefix_lang: bool,
    base_url: str,
) -> None:
    parents = [
        an_entry(2, type=kind, slug="parent", parent=3),
        an_entry(3, type=kind, slug="", title="Grand Parent", parent=2),  # a cycle
    ]
    entry = an_entry(
        1,
        type=kind,
        slug=slug,
        title=title,
        date=date,
        parent=parent,
        attached_file=file,
        attachment_url="https://example.org/wp-content/uploads/2011/04/b-300x200.png",
    )
    user = {"links": {"base_url": base_url, "url_pattern": {kind: pattern}}}
    config = Config(data=_merge(DEFAULTS, user, "test", ()))
    with Index(parents) as index:
        sitemap = SiteMap(SITE, index, config)
        expected = _reference_url_of(sitemap, entry, lang, main, prefix_lang)
        assert sitemap.url_of(entry, lang, main, prefix_lang=prefix_lang, memo=False) == expected
        assert sitemap.url_of(entry, lang, main, prefix_lang=prefix_lang) == expected


def _reference_media(sitemap: SiteMap, host: str, path: str) -> Target | None:
    """``_media`` scanning every (host, root) pair of the site."""
    if host not in sitemap.hosts and host not in sitemap.upload_hosts:
        return None
    decoded = unquote(path)
    low = decoded.lower()
    subs = [decoded.split(_UPLOADS, 1)[1]] if _UPLOADS in decoded else []
    subs += [decoded[len(r) :] for h, r in sitemap.upload_roots if h == host and low.startswith(r)]
    for sub in subs:
        key = sub.lower()
        found = sitemap._tables.media(key) or sitemap._tables.media(_VARIANT.sub("", key))
        if found is not None and (entry := sitemap.index.get(found)) is not None:
            return Target("media", "uploads", entry, sub)
    if subs and (_UPLOADS in decoded or _FILE.search(decoded)):
        return Target("missing", "uploads", path=subs[0])
    return None


ATTACHMENTS = [
    an_entry(
        10,
        type="attachment",
        attachment_url="https://example.org/wp-content/uploads/2010/03/photo.jpg",
        attached_file="2010/03/photo.jpg",
    ),
    an_entry(
        11,
        type="attachment",
        attachment_url="https://media.example.net/files/2012/05/Scan.PDF",
        attached_file="/home/site/files/2012/05/Scan.PDF",
    ),
    an_entry(
        12,
        type="attachment",
        attachment_url="https://cdn.example.com/blog/uploads/2013/01/a%20b.png",
        guid="https://example.org/blog/uploads/2013/01/a%20b.png",
        attached_file="2013/01/a b.png",
    ),
    an_entry(  # a second root on the same host: both are looked in
        13,
        type="attachment",
        attachment_url="https://media.example.net/other/2014/02/c.gif",
        attached_file="2014/02/c.gif",
    ),
]


@settings(max_examples=400, deadline=None)
@given(
    host=st.sampled_from(
        ["example.org", "media.example.net", "cdn.example.com", "elsewhere.org", ""]
    ),
    root=st.sampled_from(
        ["/wp-content/uploads/", "/files/", "/other/", "/blog/uploads/", "/BLOG/Uploads/", "/"]
    ),
    tail=st.sampled_from(
        [
            "2010/03/photo.jpg",
            "2010/03/photo-300x200.jpg",
            "2012/05/Scan.PDF",
            "2013/01/a%20b.png",
            "2013/01/a b-scaled.png",
            "2014/02/c-150x150.gif",
            "2010/03/gone.jpg",
            "about/",
            "page.html",
            "",
        ]
    ),
)
def test_media_by_host_matches_every_root_scanned(host: str, root: str, tail: str) -> None:
    with Index(ATTACHMENTS) as index:
        sitemap = SiteMap(SITE, index, Config())
        path = root + tail
        assert sitemap._media(host, path) == _reference_media(sitemap, host, path)


_LINK_STARTS = ["http://", "https://", "HTTP://", "http:", "http:/", "https:x", "//", "/", ""]
_LINK_STARTS += ["feed://", "feed:https://", "mailto:", "#", "?", "./", "../", "javascript:"]


@settings(max_examples=500, deadline=None)
@given(
    start=st.sampled_from(_LINK_STARTS),
    rest=st.text(alphabet="ab/:.?#&=%[]@ \té", max_size=20),
    page=st.sampled_from(["https://example.org/2010/03/x/", "http://example.org", "", "/a/"]),
)
def test_address_fast_path_matches_the_general_one(start: str, rest: str, page: str) -> None:
    raw = start + rest
    try:
        expected: str | type[ValueError] | None = any_address(raw, page)
    except ValueError:  # urljoin on "http://[": resolve reads it as no link
        expected = ValueError
    try:
        got: str | type[ValueError] | None = _address(raw, page)
    except ValueError:
        got = ValueError
    assert got == expected


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["p", "page_id", "attachment_id", "P", "cat", "=", "&", ";", "+", "%3"]),
        max_size=3,
    ),
    st.text(alphabet="0123456789٣&=+% ap", max_size=6),
)
def test_query_values_match_parse_qs(names: list[str], tail: str) -> None:
    for query in ("".join(names) + "=" + tail, "".join(names) + tail, tail):
        assert query_values(query) == parse_qs(query)
