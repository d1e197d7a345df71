"""A later part parsed in one piece (``reader.window``) reads what the event path reads.

Each part of a file is read both ways, the shortcut and the event path it replaces
(``segments.WINDOW_LIMIT`` below any part's size), and everything reading gives is
compared: the items field by field (lines included), index digests, diagnostics,
authors, terms, late channel elements, item counts and errors. The corpus, made-up
items with what could trip the shortcut (line breaks as CRs, comments, "<item" in
texts, items nested or out of the channel, entities, undeclared prefixes), and
Hypothesis texts; the tests also check that the shortcut is really taken, or refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from wxr_builder import item, meta, wxr

from wxr_tools.diagnostics import InputError
from wxr_tools.model import Site
from wxr_tools.reader import read, segments, window
from wxr_tools.reader.segments import Header, Segment, header_of, open_segment, plan


def read_parts(path: Path, size: int, *, light: bool = False) -> list[Any]:
    """Everything reading each part of ``path`` (parts of ``size`` bytes) gives: the
    first part's header as its opening read it (site, authors, terms, namespaces, tag
    lines, diagnostics with their lines), then each item, then what reading all gave."""
    try:
        export = read(str(path))
    except InputError as e:
        return [("header error", e.diagnostic)]
    header = header_of(export)
    export.close()
    if header is None:
        return [("not cut",)]
    got: list[Any] = []
    for segment in plan(str(path), size):
        got.extend(read_part(path, header, segment, light))
    return got


def read_part(path: Path, header: Header, segment: Segment, light: bool = False) -> list[Any]:
    """Everything reading one part gives (see ``read_parts``)."""
    try:
        part = open_segment(str(path), header, segment, light=light, digests=light)
    except InputError as e:
        return [("open error", e.diagnostic, e.items_read)]
    got: list[Any] = []
    with part:
        got.append(
            (
                part.site,
                list(part.authors),
                list(part.terms),
                part.namespaces,
                part.tag_lines,
                list(part.diagnostics),
                part.header_diagnostics,
            )
        )
        try:
            for one in part:
                got.append((one, part.digest, part.items_read))
        except InputError as e:
            got.append(("error", e.diagnostic, e.items_read))
        except etree.C14NError as e:  # digests of odd namespaces (both ways alike)
            got.append(("raised", repr(e), part.items_read))
        got.append(
            (
                part.diagnostics,
                part.header_diagnostics,
                part.authors,
                part.terms,
                part.site,
                part.items_read,
            )
        )
    return got


class Taken:
    """Counts the parts ``parse_window`` read in one piece, and those it refused."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.taken = self.refused = 0
        parse = window.parse_window

        def counting(stream: Any) -> Any:
            parsed = parse(stream)
            if parsed is None:
                self.refused += 1
            else:
                self.taken += 1
            return parsed

        monkeypatch.setattr(window, "parse_window", counting)


def both_ways(
    path: Path, size: int, monkeypatch: pytest.MonkeyPatch, *, light: bool = False
) -> tuple[list[Any], Taken]:
    """The parts read with the shortcut, after checking they equal the event path's."""
    with monkeypatch.context() as m:
        m.setattr(segments, "WINDOW_LIMIT", -1)
        expected = read_parts(path, size, light=light)
    taken = Taken(monkeypatch)
    got = read_parts(path, size, light=light)
    assert got == expected
    return got, taken


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_corpus_parts_read_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = corpus_path(name)
    for size, light in ((4000, False), (30000, True)):
        both_ways(path, size, monkeypatch, light=light)


def test_the_usual_parts_take_the_shortcut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [item(i, body="para\n\n" * 20, more=meta("k", "v")) for i in range(1, 40)]
    late = "\t<wp:author><wp:author_login>late</wp:author_login></wp:author>\n\t<foo>x</foo>\n"
    data = wxr(*items).replace(b"</channel>", late.encode() + b"</channel>")
    got, taken = both_ways(write(tmp_path, data), 3000, monkeypatch)
    assert taken.taken > 5 and taken.refused == 0
    assert [d.code for one in got if isinstance(one[0], list) for d in one[0]].count("WXR106") == 2


ODD = {
    "cr": ("a\r\nb\rc", 0),
    "comment": ("x<!-- c --><![CDATA[y]]>", 0),
    "quoted item": ("</item>\n\t<item>\n", 0),  # a false cut: the part before it fails
    "entity": ("]]>&broken;<![CDATA[", 1),
    "prefix": ("]]><zz:b>1</zz:b><![CDATA[", 1),
    "nested": ("]]><wp:postmeta><item><title>in</title></item></wp:postmeta><![CDATA[", 1),
    "bare item text": ("see ]]>&lt;item&gt;<![CDATA[ <item", 0),
}


@pytest.mark.parametrize("kind", sorted(ODD))
def test_odd_items(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body, refused = ODD[kind]
    items = [item(i, body=body if i % 5 == 0 else "plain\n" * 10) for i in range(1, 30)]
    _, taken = both_ways(write(tmp_path, wxr(*items)), 1500, monkeypatch)
    if refused:
        assert taken.refused >= 1
    else:
        assert taken.taken >= 1


def test_an_item_outside_the_channel_is_left_to_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [item(i) for i in range(1, 30)]
    data = wxr(*items).replace(
        b"</channel>\n</rss>", b"</channel>\n" + items[0].encode() + b"</rss>"
    )
    _, taken = both_ways(write(tmp_path, data), 2000, monkeypatch)
    assert taken.refused == 1


WRAPPED_TERM = """\t<wp:category>
\t\t<wp:term_id>7</wp:term_id>
\t\t<wp:category_nicename>
\t\t\tnews
\t\t</wp:category_nicename>
\t\t<wp:cat_name><![CDATA[News]]></wp:cat_name>
\t</wp:category>
"""
AUTHOR = (
    "\t<wp:author><wp:author_id>1</wp:author_id>"
    "<wp:author_login>ann</wp:author_login></wp:author>\n"
)
LATE = "\t<wp:tag><wp:tag_slug>late</wp:tag_slug></wp:tag>\n\t<foo>x</foo>\n"

HEADERS = {
    # What the header gives, with the lines of its diagnostics: WXR112 (atom: undeclared),
    # WXR113 (values wrapped in line breaks), WXR105 (a newer version).
    "wordpress.com": dict(
        channel='\t<atom:link rel="search" href="https://example.org/osd.xml"/>\n'
        + AUTHOR
        + WRAPPED_TERM
        + "\t<!-- a comment in the header -->\n\t<generator>x</generator>\n",
        version="1.3",
    ),
    "wxr 1.0, no authors": dict(version="1.0", wp="http://wordpress.org/export/1.0/"),
    "no items": dict(channel=AUTHOR + WRAPPED_TERM),
}


@pytest.mark.parametrize("kind", sorted(HEADERS))
@pytest.mark.parametrize("late", [False, True])
def test_a_first_part_reads_its_header_the_same(
    kind: str, late: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part parsed in one piece reads the header as the events do: site,
    authors (derived ones too), terms, namespaces, diagnostics and their lines."""
    n = 0 if kind == "no items" else 20
    items = [item(i, body="para\n" * 30) for i in range(1, n + 1)]
    data = wxr(*items, **HEADERS[kind])
    if late:
        data = data.replace(b"</channel>", LATE.encode() + b"</channel>")
    path = write(tmp_path, data)
    for size in (2500, 1 << 20):  # a first part of several, and the whole file
        got, taken = both_ways(path, size, monkeypatch)
        assert taken.refused == 0 and taken.taken == len(list(plan(str(path), size)))
        codes = [d.code for d in got[0][5]]
        if kind == "wordpress.com":
            assert codes == ["WXR113", "WXR112", "WXR105"]
        if late and n:  # with no items, they are the header's
            assert [d.code for d in got[-1][0]].count("WXR106") == 2


def first_part(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], Taken]:
    """The first part of ``path`` (its whole file) read both ways, the header opening it
    read by the part alone (reading the whole file first could refuse it)."""
    header = Header(site=Site(), authors=(), terms=(), namespaces=(), encoding="UTF-8")
    segment = Segment(0, None, 1)
    with monkeypatch.context() as m:
        m.setattr(segments, "WINDOW_LIMIT", -1)
        expected = read_part(path, header, segment)
    taken = Taken(monkeypatch)
    got = read_part(path, header, segment)
    assert got == expected
    return got, taken


ODD_FIRST = {
    # A first part the events refuse or report, and whether the shortcut parses it: it
    # gives way to them on any message of libxml2 or the prolog's check, and on items
    # elsewhere than in the channel; the header's own checks refuse it either way.
    "doctype": (b"<rss", b"<!DOCTYPE rss>\n<rss", ["WXR102"], False),
    "entity": (b"<rss", b'<!DOCTYPE rss [<!ENTITY e "x">]>\n<rss', ["WXR102"], False),
    "no version": (b"<wp:wxr_version>1.2</wp:wxr_version>", b"", ["WXR104"], True),
    "bad version": (b"<wp:wxr_version>1.2<", b"<wp:wxr_version>one<", ["WXR104"], True),
    "not rss": (b"<rss", b"<feed", ["WXR100"], False),
    "syntax": (b"[Hello]]></title>", b"[Hello]]><title>", ["WXR101"], False),
    "in the header": (b"<title>Test site</title>", b"<title>Test site<title>", ["WXR100"], False),
    "item nested": (
        b"<wp:base_site_url>",
        b"<foo><item/></foo><wp:base_site_url>",
        ["WXR100"],
        False,
    ),
    "item outside": (b"</channel>", b"</channel><item><title>x</title></item>", [], False),
}


@pytest.mark.parametrize("kind", sorted(ODD_FIRST))
def test_an_odd_first_part_reads_the_same(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new, codes, parsed = ODD_FIRST[kind]
    items = [item(i, title="Hello" if i == 3 else "Hi") for i in range(1, 6)]
    data = wxr(*items).replace(old, new, 1)
    assert data != wxr(*items)
    got, taken = first_part(write(tmp_path, data), monkeypatch)
    assert (taken.taken, taken.refused) == ((1, 0) if parsed else (0, 1))
    assert [one[1].code for one in got if one[0] in ("open error", "error")] == codes
    if not codes:  # read all the same, by the events
        assert got[-1][-1] == 6


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    max_size=60,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.tuples(TEXT, TEXT), min_size=3, max_size=12))
def test_made_up_texts(
    texts: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any text in CDATA sections (control characters and "]]>" included: a part that
    fails is left to the event path)."""
    items = [item(i, title=title, body=body) for i, (title, body) in enumerate(texts * 3, 1)]
    path = write(tmp_path_factory.mktemp("made"), wxr(*items))
    with pytest.MonkeyPatch.context() as monkeypatch:
        both_ways(path, 600, monkeypatch)
        both_ways(path, 600, monkeypatch, light=True)


def conversion(
    source: Path, out: Path, here: int, workers: int = 0, taken: bool = False
) -> dict[str, Any]:
    """A conversion (``test_markdown_parts.run``), its index pass reading files of
    ``here`` bytes or more in parts of 3 KB, one after the other in one process (with
    ``workers``, the index pass's background process: the file is under its minimum)."""
    from test_markdown_parts import run

    from wxr_tools import index
    from wxr_tools.reader import parallel

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(index, "INDEX_HERE", here)
        monkeypatch.setattr(parallel, "CONVERSION_PART", 3000)
        counted = Taken(monkeypatch)
        got = run(source, out, monkeypatch, workers)
    if taken:
        assert counted.taken > 5
    return got


SOURCES = ["ctts-sample", *file_params(corpus_files()[::9])]


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("workers", [0, 2])
def test_an_index_pass_in_parts_here_converts_the_same(
    name: Any, workers: int, tmp_path: Path
) -> None:
    source = Path(__file__).resolve().parent.parent / "fixtures" / "ctts-sample.xml"
    if name != "ctts-sample":
        source = corpus_path(name)
    expected = conversion(source, tmp_path / "whole", 1 << 62, workers)
    taken = name == "ctts-sample" and not workers  # else counted in another process
    assert conversion(source, tmp_path / "parts", 0, workers, taken) == expected
