"""The shortcuts of placing items (the main process's bookkeeping of each item) against
the long way they stand for."""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.archives import base_of, term_key
from wxr_tools.diagnostics import InputError
from wxr_tools.langhomes import path_lang
from wxr_tools.model import Item, Site, TermRef
from wxr_tools.pipeline import Options, open_items
from wxr_tools.report import RunReport
from wxr_tools.scratch import Budget, Scratch
from wxr_tools.urlparts import dot_segment, jekyll_dots, single_slashes
from wxr_tools.writers.markdown.aliases import Aliases, _held_page, _page_forms
from wxr_tools.writers.markdown.paths import (
    _PLAIN_ADDRESS,
    first_place,
    item_slug,
    kept_url,
    old_paths,
    place,
)
from wxr_tools.writers.markdown.termpages import TermPages
from wxr_tools.writers.markdown.urlforms import jekyll_url
from wxr_tools.writers.redirects import site_path

_TAXONOMIES = ["category", "post_tag", "post_format", "nav_menu", "series", "Bad Name", "tags"]
_SLUGS = ["foo", "Foo", "f%6Fo", " foo ", "post-format-aside", "aside", "", "%", "bar", "BAR"]
_terms = st.builds(
    lambda taxonomy, slug, name: TermRef(taxonomy=taxonomy, slug=slug, name=name),
    st.sampled_from(_TAXONOMIES),
    st.sampled_from(_SLUGS),
    st.sampled_from(["", "Foo", "Bar"]),
)
_items = st.builds(
    lambda state, terms, lang: (
        Item(id=1, type="post", state=state, link="", terms=tuple(terms)),
        lang,
    ),
    st.sampled_from(["published", "published", "draft"]),
    st.lists(_terms, max_size=4),
    st.sampled_from([None, "en", "fr"]),
)


def _seen_the_long_way(items: list[tuple[Item, str | None]]) -> dict[object, object]:
    """What ``TermPages.see`` gathered before it kept what each (taxonomy, slug) is seen
    as: each term's key and page worked out on every item."""
    seen: dict[tuple[str, str], tuple[str, str, Counter[str | None]]] = {}
    for item, lang in items:
        if item.state != "published":
            continue
        for term in item.terms:
            key = term_key(term.taxonomy, term.slug)
            if not key or base_of(term.taxonomy) is None:
                continue
            if (term.taxonomy, key) not in seen:
                seen[term.taxonomy, key] = (term.slug, term.name or term.slug, Counter())
            seen[term.taxonomy, key][2][lang] += 1
    return {k: (slug, name, dict(langs)) for k, (slug, name, langs) in seen.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(_items, max_size=12))
def test_terms_seen_are_what_working_each_out_gives(items: list[tuple[Item, str | None]]) -> None:
    pages = TermPages("hugo", "en", Site(), [])
    for item, lang in items:
        pages.see(item, lang)
    got = {k: (s.slug, s.name, dict(s.langs)) for k, s in pages._seen.items()}
    assert got == _seen_the_long_way(items)
    assert list(got) == list(_seen_the_long_way(items))  # in the order first seen


_PAGE_TEXT = st.text(alphabet="/aAéÉß%2e.", max_size=8)


@given(st.sets(_PAGE_TEXT, max_size=6), _PAGE_TEXT)
def test_a_held_page_is_one_of_its_forms(pages: set[str], path: str) -> None:
    held = {page.casefold() for page in pages}
    assert _held_page(held, path) == any(form in held for form in _page_forms(path))
    held |= set(_page_forms(path)[1:])  # its form with a slash held too
    assert _held_page(held, path) == any(form in held for form in _page_forms(path))


@given(st.text(alphabet=st.characters(blacklist_characters="%")))
def test_a_text_without_a_percent_sign_is_its_own_unquoting(text: str) -> None:
    # ``Aliases.place`` reads a page's URL as a server does only when it has a "%".
    assert unquote(text) == text


# Old paths (``paths.old_paths``): plain addresses cut by one match, dot segments asked
# of paths with a dot, an escape, a NUL or a non-ASCII character only.


def _old_paths_the_long_way(item: Item, own_url: str, jekyll: bool, dotted: list[str]) -> list[str]:
    """``old_paths`` as it was before its shortcuts: ``site_path`` for every address,
    the dot segments asked of every path."""
    urls = item.old_urls if item.old_urls is not None else ((item.link,) if item.link else ())
    paths = [site_path(url) for url in urls]
    if item.url:
        new = site_path(item.url)
        if jekyll_url(new) == own_url:
            paths.append(new)
    out: list[str] = []
    own = unquote(own_url).rstrip("/")
    for path in paths:
        if "?" in path:
            continue
        path = single_slashes(unquote(path) if "%" in path else path)
        if path.rstrip("/") in ("", own) or path in out:
            continue
        if jekyll_dots(path) if jekyll else dot_segment(path):
            dotted.append(path)
            continue
        out.append(path)
    return out


_URL_PIECES = [
    "a", "B", "2024", "x.html", ".", "..", "%2e", "%2E%2e", "%252e", "%20", "%", "%zz",
    "é", "．．", "‥", "…", "a..b", "?", "?p=1", "?s=é", "#top", "#", "\\", "\t", "\n",
    " ", "\x00", "\x1f", "\x7f", "[", "]", ":", "@", "=", "~", "'", '"', "-", "_",
]  # fmt: skip
_URL_STARTS = [
    "", "/", "//", "///", "http://", "https://", "HTTP://", "Https://", "ftp://", " /",
    "http://example.org", "https://blog.example.org", "http://[::1]", "http://[::1",
    "https://h:8080", "https://exämple.org", "http://user@h", "https://h%41",
]  # fmt: skip
_urls = st.builds(
    lambda start, pieces: start + "".join(pieces),
    st.sampled_from(_URL_STARTS),
    st.lists(st.sampled_from([*_URL_PIECES, "/", "/", "//"]), max_size=8),
)


@settings(max_examples=2000, deadline=None)
@given(_urls)
def test_a_plain_address_is_cut_as_site_path_cuts_it(url: str) -> None:
    plain = _PLAIN_ADDRESS.fullmatch(url)
    if plain is not None:
        path, query = plain.groups()
        assert site_path(url) == (path or "/") + (query or "")


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(st.none(), st.lists(_urls, max_size=4).map(tuple)),
    _urls,
    st.one_of(st.none(), _urls),
    st.one_of(_urls, st.sampled_from(["/a/", "/a", "/B/", "/"])),
    st.booleans(),
)
def test_old_paths_are_what_the_long_way_gives(
    old_urls: tuple[str, ...] | None, link: str, url: str | None, own: str, jekyll: bool
) -> None:
    item = Item(id=1, type="post", link=link, old_urls=old_urls, url=url)
    dotted: list[str] = []
    expected: list[str] = []
    got = old_paths(item, own, jekyll, dotted)
    assert got == _old_paths_the_long_way(item, own, jekyll, expected)
    assert dotted == expected


def _corpus_items(name: str) -> list[Item]:
    """The items of a corpus export as the writers get them (transformed: their URLs)."""
    for recover in (False, True):
        try:
            opened = open_items(str(corpus_path(name)), Options(recover=recover), RunReport())
            with opened.export:
                return list(opened.items)
        except InputError:
            continue
    pytest.skip("the reader refuses it even with --recover")


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_old_paths_of_the_corpus_are_what_the_long_way_gives(name: str) -> None:
    for item in _corpus_items(name):
        slug = item_slug(item)[0]
        for flavor in ("hugo", "jekyll"):
            jekyll = flavor == "jekyll"
            own = first_place(item, flavor, "en", slug).url
            for url in (own, f"{own}x-2/"):  # its first place, and a renamed one
                dotted: list[str] = []
                expected: list[str] = []
                got = old_paths(item, url, jekyll, dotted)
                assert got == _old_paths_the_long_way(item, url, jekyll, expected), item.id
                assert dotted == expected


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.none(), _urls))
def test_a_kept_url_is_what_the_long_way_gives(url: str | None) -> None:
    item = Item(id=1, type="post", url=url)
    expected = site_path(url) if url else None
    if expected is not None and jekyll_dots(expected.partition("?")[0]):
        expected = None
    assert kept_url(item) == expected


_LANG_CODES = ["", " ", "fr", "FR", "pt_BR", "pt-br", " de ", "con", "nul-x", "x", "zh-Hant", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(_LANG_CODES)), max_size=6))
def test_a_placed_language_is_path_lang_of_its_code(codes: list[str | None]) -> None:
    for code in codes * 2:  # asked again: from the memo
        item = Item(id=1, type="post", slug="a", lang=code)
        assert place(item, "hugo", "en", "a").lang == path_lang(code)


_ALIAS_PATHS = ["/a", "/a/", "/A/", "/b/", "/ß/", "/ss/", "/c"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_ALIAS_PATHS),
            st.lists(st.sampled_from(_ALIAS_PATHS), max_size=3),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_aliases_held_are_placed_as_in_the_tables(
    placings: list[tuple[str, list[str], bool]],
) -> None:
    # Held (the pages' test and ``_find_later``'s asked inline) and in the tables (the
    # long way: ``is_page`` and ``_find_later`` called for every item) agree.
    results = []
    for budget in (1 << 30, 0):
        scratch = Scratch()
        scratch.held = Budget(budget)
        aliases = Aliases(scratch)
        aliases.place(None, None, True, "/z/", "z.md", [])  # spends a budget of 0
        placed = []
        for n, (url, old, published) in enumerate(placings):
            expected = tuple(path for path in old if aliases.is_page(path))
            hidden, shared = aliases.place(n, n, published, url, f"{n}.md", old)
            assert hidden == expected
            placed.append((hidden, shared))
        assert aliases._held_pages is None if budget == 0 else aliases._held_pages is not None
        results.append((placed, aliases.shared, aliases.later_pages))
        scratch.close()
    assert results[0] == results[1]
