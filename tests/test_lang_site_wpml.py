"""One site per language from a WPML site (WPML Export and Import's meta): a page links
its translation on the other language's site, found through the trid the index keeps,
at the path and by the title that site's own run writes (``transforms.langsites``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from test_lang_sites import FR, OLD, _config
from wxr_builder import item, language, meta, wxr

from wxr_tools.entries import entry_of
from wxr_tools.index import Index
from wxr_tools.model import Item, Meta
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import Filters, WriteOptions

BASES = f'{{ fr = "{FR}", en = "{OLD}" }}'


def _wpml(post_id: int, title: str, lang: str, trid: str, status: str = "publish") -> str:
    more = meta("_wpml_import_language_code", lang) + meta("_wpml_import_translation_group", trid)
    return item(post_id, title=title, status=status, more=more)


def _export(tmp_path: Path) -> Path:
    """A French WPML site (trids 100, 200, 300). Group 100: a French post and its English
    translation, with quotes and apostrophes texturize changes; before them, one that
    names no language WPML knows ("zz": the languages transform does not group it, and
    it is French, the site's language) and one that Polylang's term makes English (it is
    grouped by Polylang: by nothing here). Group 200: an English post alone. Group 300:
    a French draft and its published English translation."""
    polylang = item(
        17,
        title="Polylang's",
        more=language("en")
        + meta("_wpml_import_language_code", "en")
        + meta("_wpml_import_translation_group", "100"),
    )
    path = tmp_path / "wpml.xml"
    path.write_bytes(
        wxr(
            _wpml(16, "Not a language", "zz", "100"),
            polylang,
            _wpml(11, '"Salut" l\'été -- enfin', "fr", "100"),
            _wpml(12, 'Summer\'s "end"', "en", " 100 "),
            _wpml(13, "Alone", "en", "200"),
            _wpml(14, "Brouillon", "fr", "300", status="draft"),
            _wpml(15, "Draft's translation", "en", "300"),
        )
    )
    return path


def _pages(out: Path) -> dict[int, dict[str, Any]]:
    """Each post's front matter, by its id."""
    found: dict[int, dict[str, Any]] = {}
    for page in sorted((out / "content").rglob("*.md")):
        data = yaml.safe_load(page.read_text("utf-8").split("---\n")[1])
        if "id" in data.get("wordpress", {}):
            found[int(data["wordpress"]["id"])] = data
    return found


def _site(tmp_path: Path, lang: str, add: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    config = _config(tmp_path, f"[links]\nlang_base_urls = {BASES}\n")
    out = tmp_path / lang
    options = Options(config=config, add=add, progress=False)
    filters = Filters(langs=frozenset({lang}))
    convert(str(_export(tmp_path)), "markdown", str(out), options, WriteOptions("hugo"), filters)
    return _pages(out)


@pytest.mark.parametrize("add", [(), ("texturize",)])
def test_each_site_links_the_others_page_by_its_title(tmp_path: Path, add: tuple[str, ...]) -> None:
    fr, en = _site(tmp_path, "fr", add), _site(tmp_path, "en", add)
    assert sorted(fr) == [11, 14, 16] and sorted(en) == [12, 13, 15, 17]
    assert en[12]["translations"] == {"fr": {"url": FR + fr[11]["url"], "title": fr[11]["title"]}}
    assert fr[11]["translations"] == {"en": {"url": OLD + en[12]["url"], "title": en[12]["title"]}}
    # The title is the other site's, not the export's: texturized when the run is.
    typed = ('"Salut" l\'été -- enfin', 'Summer\'s "end"')
    if add:
        assert fr[11]["title"] == "«\xa0Salut\xa0» l’été — enfin"
        assert en[12]["title"] == "Summer’s «\xa0end\xa0»"  # the French site's quotes
    else:
        assert (fr[11]["title"], en[12]["title"]) == typed
    # Alone, or translated by a draft, or in no WPML group: nothing to link.
    for page in (fr[16], en[13], en[15], en[17]):
        assert "translations" not in page


def test_the_index_gives_a_wpml_groups_entries_in_export_order() -> None:
    def post(post_id: int, *pairs: tuple[str, str]) -> Item:
        return Item(id=post_id, meta=tuple(Meta(key=k, value=v) for k, v in pairs))

    lang = "_wpml_import_language_code"
    group = "_wpml_import_translation_group"
    items = [
        post(5, (lang, "fr"), (group, " 7 ")),
        post(3, (lang, "en"), (group, "7")),
        post(4, (group, "7")),  # no language: WPML does not say it is a translation
        post(5, (lang, "de"), (group, "7")),  # a repeated id: the first one counts
        post(6, (lang, "en"), (group, "8")),
    ]
    entries = (entry_of(i) for i in items)
    with Index(e for e in entries if e is not None) as index:
        assert [(e.id, e.lang_meta) for e in index.wpml_group("7")] == [(5, "fr"), (3, "en")]
        assert [e.id for e in index.wpml_group("8")] == [6]
        assert index.wpml_group("9") == [] and index.wpml_group("") == []
