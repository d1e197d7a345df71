"""The archives learned from the entries (``archived.Archived``, ``archives.Front``)
against the way they were first computed: every term of every item looked at, and a
permalink's segments listed."""

from __future__ import annotations

from datetime import datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wxr_tools.archived import Archived
from wxr_tools.archives import Front, LanguageFolders, base_of, term_key


class _ReferenceFront(Front):
    def see(self, path: str, query: str = "") -> None:
        if not path.startswith(self.home):
            return
        segments = [s for s in path[len(self.home) :].split("/") if s]
        if not segments and query.startswith("p="):
            self.plain = True
        if len(segments) < 2:
            self._short = True
        elif len(self._first) < 2:
            self._first.add(segments[0].lower())


class _ReferenceFolders(LanguageFolders):
    def see(self, path: str, lang: str | None) -> None:
        if lang:
            self.langs.add(lang)
        if not lang or lang in self.folders or not path.startswith(self.home):
            return
        first = path[len(self.home) :].split("/", 1)[0].lower()
        if first and first in (lang.lower(), lang.lower().split("-", 1)[0]):
            self.folders[lang] = first


class _ReferenceArchived(Archived):
    def learn(
        self,
        kind: str,
        terms: object,
        date: datetime | None,
        path: str,
        author: str = "",
        lang: str = "",
    ) -> None:
        assert isinstance(terms, tuple)
        if kind == "post":
            self._posting.add(author)
        if lang:
            self.folders.see(path, lang)
        for term in terms:
            if term[0] == "language":
                self.folders.see(path, term[1])
            if term in self._seen:
                continue
            self._seen.add(term)
            taxonomy, slug = term
            if slug and base_of(taxonomy) is not None:
                self.archives.add(taxonomy, slug)
                self._terms.add((taxonomy, term_key(taxonomy, slug)))
        if kind == "post" and date is not None:
            self._months.add((date.year, date.month))
            self.front.see(path)


def _learned(seen: Front | LanguageFolders) -> dict[str, object]:
    """What ``seen`` learned: its fields but the shortcuts it keeps (``_known``, ``_misses``)."""
    return {k: v for k, v in vars(seen).items() if k not in ("_known", "_misses")}


_PATHS = st.lists(st.sampled_from(["/", "blog", "Archives", "2010", "x", "fr"]), max_size=8).map(
    lambda parts: "/" + "".join(parts)
)
_HOMES = st.sampled_from(["/", "/blog", "/blog/", ""])


@settings(max_examples=300, deadline=None)
@given(_HOMES, st.lists(st.tuples(st.text(st.sampled_from("/ab0"), max_size=8), _PATHS)))
def test_front_is_the_listed_segments(home: str, seen: list[tuple[str, str]]) -> None:
    front, reference = Front(home), _ReferenceFront(home)
    for query_part, path in seen:
        query = "p=" + query_part if query_part.startswith("a") else query_part
        front.see(path, query)
        reference.see(path, query)
    assert _learned(front) == _learned(reference)
    assert (front.value, front.plain) == (reference.value, reference.plain)


_TERMS = st.tuples(
    st.sampled_from(["category", "post_tag", "language", "post_format", "series"]),
    st.sampled_from(["", "fr", "en", "news", "FR"]),
)
_ITEMS = st.tuples(
    st.sampled_from(["post", "page"]),
    st.lists(_TERMS, max_size=4),
    st.sampled_from([None, datetime(2010, 3, 1), datetime(2011, 1, 2)]),
    st.sampled_from(["/fr/x/", "/en/2010/03/y/", "/blog/a/", "/", "/FR/z/", "/en-gb/a/", "/fr"]),
    st.sampled_from(["", "ann", "bob"]),
    st.sampled_from(["", "", "", "en-GB", "EN-gb", "fr-FR"]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_ITEMS, max_size=12))
@example(
    [
        ("page", [("language", "fr")], None, "/blog/a/", "", ""),
        ("page", [("language", "fr")], None, "/fr/x/", "", ""),
    ]
)
def test_archived_is_every_term_looked_at(
    items: list[tuple[str, list[tuple[str, str]], datetime | None, str, str, str]],
) -> None:
    archived = Archived((), "/", {}, "https://example.org")
    reference = _ReferenceArchived((), "/", {}, "https://example.org")
    reference.folders = _ReferenceFolders("/")
    reference.front = _ReferenceFront("/")
    for kind, terms, date, path, author, lang in items:
        archived.learn(kind, tuple(terms), date, path, author, lang)
        reference.learn(kind, tuple(terms), date, path, author, lang)
    archived.learned()
    reference.learned()
    for name in ("_terms", "_seen", "_months", "_posting"):
        assert getattr(archived, name) == getattr(reference, name)
    assert _learned(archived.folders) == _learned(reference.folders)
    assert _learned(archived.front) == _learned(reference.front)
    assert archived.archives.bases == reference.archives.bases
