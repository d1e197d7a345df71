"""The site map's facts of an entry (``sitetables.entry_facts``) against the way they
were first computed: unquote called on every slug, and an attachment's guid split and
looked at even when it is its URL again (with either scheme)."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.index import Entry, Index
from wxr_tools.scratch import id_key
from wxr_tools.sitetables import (
    _OWN_QUERIES,
    _ROOTS,
    Repeats,
    SiteTables,
    entry_facts,
    split_link,
)
from wxr_tools.urlparts import VARIANT, host_of, path_key, split_address, upload_path

Facts = list[tuple[str, str, int]]


def _entry(
    item_id: int,
    kind: str,
    slug: str,
    link: str,
    guid: str,
    file_url: str,
    attached: str,
    old_slugs: tuple[str, ...] = (),
) -> Entry:
    """A published entry with these addresses (what ``entry_facts`` reads)."""
    return Entry(
        id=item_id,
        type=kind,
        status="publish",
        slug=slug,
        link=link,
        guid=guid,
        parent=0,
        date=None,
        attachment_url=file_url,
        attached_file=attached,
        thumbnail_id=None,
        terms=(),
        old_slugs=old_slugs,
    )


def _reference_facts(
    entry: Entry, facts: Facts, hosts: set[str], roots: set[tuple[str, str]]
) -> None:
    slug = unquote(entry.slug).lower()
    for url in (entry.link, entry.guid):
        parts = split_address(url)
        if parts.scheme not in ("http", "https"):
            continue
        if parts.query:
            own = _reference_own_query(parts.query, entry.id)
            if url is entry.guid and parts.path in _ROOTS and own:
                hosts.add(host_of(parts.netloc))
            continue
        if url == entry.guid and entry.type == "attachment":
            continue
        key = path_key(parts.path)
        if url == entry.guid and not (slug and key.endswith("/" + slug)):
            continue
        hosts.add(host_of(parts.netloc))
        facts.append(("path", key, entry.id))
    if entry.slug:
        facts.append(("slug", slug, entry.id))
    for old in entry.old_slugs:
        if old:
            facts.append(("slug", unquote(old).lower(), entry.id))
    if entry.type != "attachment":
        return
    file = entry.attached_file
    paths: set[str] = set()
    added: set[str] = set()
    for url in (entry.attachment_url, entry.guid):
        parts = split_address(url)
        path = unquote(parts.path)
        sub = upload_path(path, file)
        if not sub:
            continue
        roots.add((host_of(parts.netloc), path[: len(path) - len(sub)].lower()))
        for key in (sub, file if file and not file.startswith("/") else ""):
            if key and key not in paths:
                paths.add(key)
                for found in (key.lower(), VARIANT.sub("", key).lower()):
                    if found not in added:
                        added.add(found)
                        facts.append(("media", found, entry.id))


def _reference_own_query(query: str, item_id: int) -> bool:
    for name in _OWN_QUERIES:
        if query.startswith(name):
            return query[len(name) :] == str(item_id)
    return False


_SCHEMES = st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "//"])
_HOSTS = st.sampled_from(["example.org", "www.Example.org", "user@ex.org:8080", "[::1", "ex.org\t"])
_PATHS = st.sampled_from(
    [
        "/wp-content/uploads/2010/03/a-300x200.jpg",
        "/wp-content/uploads/2010/03/A.JPG",
        "/files/2010/03/a.jpg",
        "/2010/03/caf%C3%A9/",
        "/index.php/x/",
        "/",
        "",
        "/?p=7",
        "/?attachment_id=7",
        "/a//b/",
    ]
)
_URLS = st.builds(lambda s, h, p: s + h + p, _SCHEMES, _HOSTS, _PATHS)
_SLUGS = st.sampled_from(["", "a", "A", "caf%C3%A9", "caf%c3%a9", "%zz", "x-300x200", "b"])


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["post", "page", "attachment"]),
    _SLUGS,
    _URLS,
    _URLS,
    st.one_of(_URLS, st.just("")),
    st.sampled_from(["", "2010/03/a.jpg", "2010/03/A-300x200.jpg", "/home/x/a.jpg"]),
    st.lists(_SLUGS, max_size=2),
    st.sampled_from(["as is", "http", "https", "other"]),
)
def test_entry_facts_are_the_first_computation(
    kind: str,
    slug: str,
    link: str,
    guid: str,
    file_url: str,
    attached: str,
    old_slugs: list[str],
    guid_form: str,
) -> None:
    # An attachment's guid is mostly its URL, maybe with the other scheme.
    if guid_form == "as is":
        guid = file_url
    elif guid_form != "other":
        guid = f"{guid_form}://{file_url.partition('://')[2]}"
    entry = _entry(7, kind, slug, link, guid, file_url, attached, tuple(old_slugs))
    facts: Facts = []
    hosts: set[str] = set()
    roots: set[tuple[str, str]] = set()
    entry_facts(entry, split_address(link), facts, hosts, roots, Repeats())
    expected: Facts = []
    expected_hosts: set[str] = set()
    expected_roots: set[tuple[str, str]] = set()
    _reference_facts(entry, expected, expected_hosts, expected_roots)
    assert (facts, hosts, roots) == (expected, expected_hosts, expected_roots)


_GUIDS = st.sampled_from(
    [
        "http://example.org/?p=",
        "https://www.example.org/?page_id=",
        "http://example.org/index.php?attachment_id=",
        "http://example.org/?p=#",
        "http://example.org/#x?p=",
        "http://example.org/blog/?p=",
        "HTTP://Example.org/?p=",
        "http://ex\tample.org/?p=",
        "http://[::1/?p=",
        "http://example.org/?page_id=1",
        "http://example.org/?p=-",
        "ftp://example.org/?p=",
        "http://other.org/?p=",
        "http://user@other.org:80/?p=",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-3, 30),
            st.sampled_from(["post", "page", "attachment"]),
            _GUIDS,
            st.sampled_from(["", "7", "-3", "x"]),
            _URLS,
            _SLUGS,
        ),
        max_size=12,
    )
)
def test_entries_in_a_row_are_each_the_first_computation(
    rows: list[tuple[int, str, str, str, str, str]],
) -> None:
    """One ``Repeats`` over many entries (guids of one form with their own id, another's,
    none), as a site map learns them: the facts, hosts and roots of each one alone."""
    repeats = Repeats()
    facts: Facts = []
    hosts: set[str] = set()
    roots: set[tuple[str, str]] = set()
    expected: Facts = []
    expected_hosts: set[str] = set()
    expected_roots: set[tuple[str, str]] = set()
    for item_id, kind, guid_form, tail, link, slug in rows:
        guid = guid_form + (str(item_id) if tail == "" else tail)
        entry = _entry(item_id, kind, slug, link, guid, link, "")
        entry_facts(entry, split_address(link), facts, hosts, roots, repeats)
        _reference_facts(entry, expected, expected_hosts, expected_roots)
        assert (facts, hosts, roots) == (expected, expected_hosts, expected_roots)


def test_rows_store_ids_as_id_key_does() -> None:
    """The tables' rows keep an id as ``id_key`` stores it (its test is inline in
    ``SiteTables.add``), at SQLite's integer limits and past them."""
    ids = [0, 7, -1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**30]
    index = Index()
    try:
        facts = [(kind, f"k{n}", i) for n, i in enumerate(ids) for kind in ("path", "slug")]
        # Written as they come (the dicts dropped), and from the dicts when dropped.
        written, dropped = SiteTables(index), SiteTables(index)
        written._drop()
        written.add(facts)
        dropped.add(facts)
        dropped._drop()
        db = index.scratch.db
        for tables in (written, dropped):
            for name in (tables._names["path"], tables._names["slug"]):
                rows = db.execute(f"SELECT key, id FROM {name} ORDER BY key").fetchall()
                assert sorted(rows) == sorted((f"k{n}", id_key(i)) for n, i in enumerate(ids))
    finally:
        index.close()


_LINK_STARTS = st.sampled_from(
    [
        "http://example.org/",
        "https://example.org/",
        "https://www.example.org:8080/",
        "HTTP://example.org/",
        "http://exämple.org/",
        "http://[::1]/",
        "http://[::1/",
        "http://ex\tample.org/",
        "http://user@example.org/",
        "http://example.org",
        "ftp://example.org/",
        "//example.org/",
        "",
    ]
)
_LINK_ENDS = st.text(st.sampled_from("ab/?#\t\n%=."), max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_LINK_STARTS, _LINK_ENDS), max_size=10))
def test_split_link_is_split_address(links: list[tuple[str, str]]) -> None:
    """Links split one after the other with one ``Repeats`` (the site's start kept from
    the last plain one) are split as ``split_address`` splits each."""
    repeats = Repeats()
    for start, end in links:
        assert split_link(start + end, repeats) == split_address(start + end)
