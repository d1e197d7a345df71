"""The redirect maps' rules for a language's home page and feeds: the folder forms
(Polylang's ``/en/``, ``/en/feed/``) and the query forms (``/?lang=en``,
``/feed/?lang=en``), in the Markdown sites' maps and Ghost's. The query forms only
where the export shows a plugin that answered ``?lang=`` (``langhomes.answers_lang_query``):
a blog whose languages come from ``[fr]`` markers or Basic Bilingual's meta never had
those addresses."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_helpers import site
from test_lang_sites import _config
from test_language_links import _export as polylang_export
from wxr_builder import item, language, meta, wxr

from wxr_tools.index import build_index
from wxr_tools.langhomes import answers_lang_query
from wxr_tools.model import Term
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions


def _rules(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["from"]: row["to"] for row in csv.DictReader(f)}


def _queries(rules: dict[str, str]) -> set[str]:
    return {old for old in rules if "lang=" in old}


def _markers(tmp_path: Path) -> Path:
    """A French blog with English posts marked by hand (``Hello [en]``): no plugin."""
    path = tmp_path / "markers.xml"
    path.write_bytes(wxr(item(1, title="Bonjour [fr]"), item(2, title="Hello [en]")))
    return path


def _basic_bilingual(tmp_path: Path) -> Path:
    """Basic Bilingual's meta names each post's language: no ``?lang=`` either."""
    path = tmp_path / "bb.xml"
    posts = (item(1, more=meta("bb-post-language", "fr")), item(2, more=meta("language", "en")))
    path.write_bytes(wxr(*posts))
    return path


def _ghost_rules(source: Path, out: Path, config_text: str = "") -> dict[str, str]:
    config = _config(out.parent, config_text) if config_text else None
    options = Options(progress=False) if config is None else Options(config=config, progress=False)
    convert(str(source), "ghost", str(out / "ghost.json"), options, WriteOptions(redirects="csv"))
    return _rules(out / "redirects.csv")


@pytest.mark.parametrize("made", [_markers, _basic_bilingual])
def test_no_query_rules_without_a_plugin_that_answered_them(
    tmp_path: Path, made: Callable[[Path], Path]
) -> None:
    source = made(tmp_path)
    out = tmp_path / "site"
    site(source, out, flavor="jekyll", redirects="csv")
    assert (out / "_posts").exists()  # both languages written: a site of two
    assert _queries(_rules(out / "redirects.csv")) == set()
    (tmp_path / "ghost").mkdir()
    assert _queries(_ghost_rules(source, tmp_path / "ghost")) == set()


def test_polylang_gets_its_query_rules_in_the_markdown_map(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(polylang_export(tmp_path), out, flavor="jekyll", redirects="csv")
    rules = _rules(out / "redirects.csv")
    assert rules["/?lang=en"] == "/"
    assert rules["/feed/?lang=en"] == "/feed.xml"
    assert rules["/?lang=fr&feed=rss2"] == "/feed.xml"
    assert rules["/en/feed/"] == "/feed.xml"


def test_ghost_sends_a_languages_home_and_feed_where_its_links_go(tmp_path: Path) -> None:
    out = tmp_path / "ghost"
    out.mkdir()
    # One post a page: the English home had a second page (/en/page/2/).
    rules = _ghost_rules(polylang_export(tmp_path), out, "[links]\nposts_per_page = 1\n")
    for old in ("/en/", "/en/page/2/", "/?lang=en", "/?lang=fr"):
        assert rules[old] == "/", old
    for old in ("/en/feed/", "/en/feed/atom/", "/feed/?lang=en", "/?feed=rss2&lang=fr"):
        assert rules[old] == "/rss/", old
    # Ghost has no comments feed: the links to the old ones are kept, and so are they.
    assert not any("comments" in old for old in rules)
    assert "/fr/" not in rules  # the site's own language had no folder


def _index_says(tmp_path: Path, *items: str, channel: str = "") -> bool:
    path = tmp_path / "export.xml"
    path.write_bytes(wxr(*items, channel=channel))
    with build_index(str(path)) as index:
        return answers_lang_query([], index)


def test_which_exports_answered_lang_queries(tmp_path: Path) -> None:
    polylang = [Term(id=3, taxonomy="language", slug="en", name="English")]
    assert answers_lang_query(polylang, None)
    tagged = "[:en]News[:fr]Nouvelles[:]"
    assert answers_lang_query([Term(id=4, taxonomy="category", slug="x", name=tagged)], None)
    assert not answers_lang_query([Term(id=5, taxonomy="category", slug="x", name="[en]")], None)
    assert _index_says(tmp_path, item(1, more=language("en")))  # Polylang, no channel term
    wpml = meta("_wpml_import_language_code", "en")
    assert _index_says(tmp_path, item(1, more=wpml))
    assert _index_says(tmp_path, item(1, more=wpml + meta("_wpml_import_translation_group", "7")))
    assert _index_says(tmp_path, item(1, title="[:en]Hello[:fr]Bonjour[:]"))
    assert _index_says(tmp_path, item(1, title="<!--:en-->Hello<!--:--><!--:fr-->Salut<!--:-->"))
    assert _index_says(tmp_path, item(1, body="{:en}Hi{:}{:fr}Salut{:}"))  # the content only
    switcher = "[lang_en]Hi[/lang_en][lang_fr]Salut[/lang_fr]"  # Language Switcher's
    assert not _index_says(tmp_path, item(1, title=switcher, body=switcher))
    guid = item(1).replace("?p=1</guid>", "?p=1&amp;lang=en</guid>")
    assert _index_says(tmp_path, guid)
    assert not _index_says(tmp_path, item(1, title="Hello [en]"), item(2, title="Bonjour [fr]"))
    assert not _index_says(tmp_path, item(1, more=meta("bb-post-language", "en")))
    assert not _index_says(tmp_path, item(1, title="A language of its own"))
    assert not _index_says(tmp_path, item(1).replace("?p=1</guid>", "?p=1&amp;slang=en</guid>"))
