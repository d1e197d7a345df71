"""The shortcuts of placing items (the main process's bookkeeping of each item) against
the long way they stand for."""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from wxr_tools.archives import base_of, term_key
from wxr_tools.model import Item, Site, TermRef
from wxr_tools.writers.markdown.aliases import _held_page, _page_forms
from wxr_tools.writers.markdown.termpages import TermPages

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
