"""Tests for the languages transform: the YAML cases, the syntax helpers, the corpus."""

from __future__ import annotations

from typing import Any

import pytest
from corpus_helpers import corpus_files, corpus_path, file_params
from yaml_cases import check_case, load_cases

from wxr_tools.index import build_index
from wxr_tools.langtags import (
    is_language,
    lead_paragraph,
    normalize,
    qtranslate_languages,
    qtranslate_split,
    switcher_text,
    title_marker,
)
from wxr_tools.phpvalues import recount, unserialize
from wxr_tools.pipeline import Options, open_items
from wxr_tools.report import RunReport


@pytest.mark.parametrize("case", load_cases("languages"))
def test_case(case: dict[str, Any]) -> None:
    check_case(case, ["languages"])


# -- syntax ---------------------------------------------------------------------------------


def test_qtranslate_split_nikola_expectation() -> None:
    # EXPECTATIONS.md §7: "[:fr]Voila voila[:en]BLA[:]" gives fr "Voila voila", en "BLA".
    text = "[:fr]Voila voila[:en]BLA[:]"
    assert qtranslate_languages(text) == ["fr", "en"]
    assert qtranslate_split(text, ["fr", "en"]) == {"fr": "Voila voila", "en": "BLA"}


@pytest.mark.parametrize(
    "text",
    [
        "[:fr]Voila voila[:en]BLA[:]",
        "{:fr}Voila voila{:}{:en}BLA{:}",
        "<!--:fr-->Voila voila<!--:--><!--:en-->BLA<!--:-->",
        "[:fr]Voila voila{:en}BLA<!--:-->",  # the syntaxes mix, as qTranslate allows
    ],
)
def test_qtranslate_three_syntaxes(text: str) -> None:
    assert qtranslate_split(text, ["fr", "en"]) == {"fr": "Voila voila", "en": "BLA"}


def test_qtranslate_rules() -> None:
    # Untagged text goes to every enabled language; results are trimmed.
    assert qtranslate_split(" a [:en] b [:] c ", ["en", "de"]) == {"en": "a  b  c", "de": "a  c"}
    # A language the text does not name gets the untagged text only.
    assert qtranslate_split("[:en]x[:]", ["en", "fr"]) == {"en": "x", "fr": ""}
    # Upper-case tags are tags (qTranslate's regex is case-insensitive).
    assert qtranslate_split("[:EN]x[:]", ["en"]) == {"en": "x"}


def test_switcher_text() -> None:
    text = "[lang_en]Hi[/lang_en][lang_fr]Salut[/lang_fr] <lang_fr>!</lang_fr>"
    assert switcher_text(text, "en") == "Hi"
    assert switcher_text(text, "fr") == "Salut !"


@pytest.mark.parametrize(
    ("raw", "keep", "expected"),
    [
        ("fr", False, "fr"),
        ("fr-FR", False, "fr"),
        ("fr_fr", True, "fr-FR"),
        ("pt_BR", True, "pt-BR"),
        ("zh-hant-tw", True, "zh-Hant-TW"),
        ("English", False, None),
        ("", False, None),
    ],
)
def test_normalize(raw: str, keep: bool, expected: str | None) -> None:
    assert normalize(raw, keep) == expected


def test_language_codes() -> None:
    assert all(is_language(c) for c in ("fr", "EN", "fil", "gsw", "yue"))
    assert not any(is_language(c) for c in ("pdf", "mp3", "faq", "xx", "1"))
    assert is_language("tlh", extra=["tlh"])


def test_title_marker_and_lead_paragraph() -> None:
    assert title_marker("Title [fr]") == ("Title", "fr")
    assert title_marker("Title [fr] ") == ("Title", "fr")
    assert title_marker("[fr] Title") == ("[fr] Title", None)
    assert lead_paragraph("[en] A.\n\nB.") == ("en", "A.", "B.", "A.\n\nB.")
    lead = lead_paragraph("<p><b>[en]</b> A.</p>\n<p>B.</p>")
    assert lead == ("en", "A.", "<p>B.</p>", "<p>A.</p>\n<p>B.</p>")
    assert lead_paragraph("Text [en] later.") is None


def test_tolerant_unserialize() -> None:
    good = 'a:1:{s:2:"en";s:12:"line1\r\nline2";}'
    converted = good.replace("\r\n", "\n")  # git autocrlf: one byte short per line
    assert unserialize(good) == {"en": "line1\r\nline2"}
    assert unserialize(converted) == {"en": "line1\nline2"}
    # A string that holds '";' itself: the nearest plausible end is taken.
    assert unserialize('a:1:{s:1:"k";s:5:"a";b";}') == {"k": 'a";b'}
    assert recount(b's:3:"abc";') == b's:3:"abc";'
    assert unserialize("fr") is None
    assert unserialize("a:1:{oops") is None


# -- corpus ---------------------------------------------------------------------------------


def _transformed(name: str, recover: bool = False) -> list[Any]:
    path = str(corpus_path(name))
    opened = open_items(path, Options(recover=recover, progress=False), RunReport())
    with opened.export:
        return list(opened.items)


def test_polylang_corpus_pairs_share_a_group() -> None:
    items = _transformed("fixtures/polylang__polylang__polylang-test-import.xml")
    posts = {i.id: i for i in items if i.type in ("post", "page")}
    assert posts[398].lang == "en" and posts[400].lang == "fr"  # Test / Essai
    assert posts[398].translation_group == posts[400].translation_group == "pll:398,400"
    assert posts[402].translation_group == posts[404].translation_group == "pll:402,404"
    assert posts[413].translation_group == posts[414].translation_group == "pll:413,414"
    assert {i.lang_source for i in posts.values()} == {"polylang"}


def test_polylang_index_knows_target_languages() -> None:
    index = build_index(str(corpus_path("fixtures/polylang__polylang__polylang-test-import.xml")))
    entry = index.get(400)
    assert entry is not None and ("language", "fr") in entry.terms


def test_nikola_qtranslate_item_split() -> None:
    # EXPECTATIONS.md §7: the modernized item is [:fr]…[:][:en]…[:] in title and content.
    name = "fixtures/getnikola__nikola__wordpress_qtranslate_item_modernized.xml"
    items = _transformed(name, recover=True)
    by_lang = {i.lang: i for i in items if i.id == 1585}
    assert set(by_lang) == {"fr", "en"}
    assert by_lang["fr"].title == "Sous le ciel"
    assert by_lang["en"].title == "Under heaven"
    assert by_lang["fr"].content.startswith('<a href="http://www.tibonihoo.net/blog/wp-content')
    assert by_lang["en"].content.startswith('<img class="alignnone')
    assert "[:" not in by_lang["fr"].content + by_lang["en"].content
    assert by_lang["fr"].translation_group == by_lang["en"].translation_group == "qt:1585"


def test_nikola_raw_qtranslate_content_split() -> None:
    # The raw export writes c-tags (<!--:fr-->); its content (CDATA) splits the same way.
    name = "fixtures/getnikola__nikola__wordpress_qtranslate_item_raw_export.xml"
    items = _transformed(name, recover=True)
    by_lang = {i.lang: i for i in items if i.id == 1585}
    assert set(by_lang) == {"fr", "en"}
    assert by_lang["fr"].content.startswith("<a href=")
    assert "<!--:" not in by_lang["en"].content


@pytest.mark.parametrize(
    "name",
    [None, *file_params([n for n in corpus_files() if "qtranslate" in n or "polylang" in n])],
)
def test_languages_of_agrees_with_the_transform(name: str | None) -> None:
    """``wxr info`` counts languages with the cheap ``languages_of``: the same answers."""
    from wxr_tools import read
    from wxr_tools.config import Config
    from wxr_tools.model import Item
    from wxr_tools.transforms import Context
    from wxr_tools.transforms.languages import languages_of, transform

    path = str(corpus_path(name)) if name else "fixtures/ctts-sample.xml"
    with read(path, recover=True) as export:  # two nikola files are bare <item> fragments
        full, cheap = (
            Context(site=export.site, config=Config(), terms=export.terms) for _ in range(2)
        )
        seen = set()
        for item in export:
            result = transform(item, full)
            parts = [result] if isinstance(result, Item) else list(result or ())
            expected = [(part.lang, part.lang_source) for part in parts]
            assert languages_of(item, cheap) == expected, item.id
            seen.update(source for _, source in expected)
    # The sample decides languages in several ways (plugin meta, markers, the site's).
    assert len(seen) >= (2 if name is None else 1)
