"""qTranslate-X's pre-path mode (its default: ``/en/`` for every address of a language
but the site's own) in the redirect maps: the export's item links are the plain
permalinks, so the folders come from the plugin's tags, not from the links
(``langhomes.qtranslate_prepath``). Not on plain or ``index.php`` permalinks, where the
plugin could only answer queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_helpers import site
from test_language_redirects import _ghost_rules, _index_says, _rules
from wxr_builder import item, wxr

from wxr_tools.index import build_index

SPLIT = "[:fr]Bonjour[:en]Hello[:]"
COMMENTED = "<!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:-->"


def _export(tmp_path: Path, title: str, permalink: str = "/2020/01/{id}/") -> Path:
    """A French site (the builder's channel is fr-FR) whose posts qTranslate tags in
    French and English, at ``permalink`` (``{id}``: the post's)."""
    posts = []
    for n in (1, 2):
        link = "https://example.org" + permalink.replace("{id}", str(n))
        posts.append(item(n, title=title).replace(f"https://example.org/?p={n}<", link + "<"))
    path = tmp_path / "qtranslate.xml"
    path.write_bytes(wxr(*posts))
    return path


@pytest.mark.parametrize("title", [SPLIT, COMMENTED])
def test_the_markdown_maps_get_the_other_languages_folders(tmp_path: Path, title: str) -> None:
    out = tmp_path / "jekyll"
    site(_export(tmp_path, title), out, flavor="jekyll", redirects="csv")
    rules = _rules(out / "redirects.csv")
    assert rules["/en/"] == "/"
    assert rules["/en/feed/"] == "/feed.xml"
    assert rules["/en/feed/atom/"] == "/feed.xml"
    assert rules["/?lang=en"] == "/"  # the query mode's too: qTranslate answered both
    assert not any(old.startswith("/fr/") for old in rules)  # the site's own: no folder
    out = tmp_path / "hugo"
    site(_export(tmp_path, title), out, flavor="hugo", redirects="csv")
    rules = _rules(out / "redirects.csv")
    assert rules["/en/feed/"] == "/en/index.xml"
    assert "/fr/" not in rules


def test_ghosts_map_gets_them_too(tmp_path: Path) -> None:
    out = tmp_path / "ghost"
    out.mkdir()
    rules = _ghost_rules(_export(tmp_path, SPLIT), out)
    assert rules["/en/"] == "/"
    assert rules["/en/feed/"] == "/rss/"
    assert "/fr/" not in rules


@pytest.mark.parametrize("permalink", ["/?p={id}", "/index.php/2020/01/{id}/"])
def test_no_folders_where_pre_path_could_not_be_chosen(tmp_path: Path, permalink: str) -> None:
    out = tmp_path / "site"
    site(_export(tmp_path, SPLIT, permalink), out, flavor="jekyll", redirects="csv")
    rules = _rules(out / "redirects.csv")
    assert rules["/?lang=en"] == "/"
    assert not any(old.startswith(("/en/", "/index.php/en/")) for old in rules)


def test_no_folders_without_qtranslate(tmp_path: Path) -> None:
    out = tmp_path / "site"
    # The same posts, their languages from hand-written markers: no plugin, no folders.
    site(_export(tmp_path, "Hello [en]"), out, flavor="jekyll", redirects="csv")
    assert not any(old.startswith("/en/") for old in _rules(out / "redirects.csv"))


def test_one_languages_tags_mark_a_qtranslate_export(tmp_path: Path) -> None:
    # Tagged in French only: not split, yet the plugin was there and answered ?lang=.
    assert _index_says(tmp_path, item(1, title="[:fr]Bonjour[:]"))
    assert _index_says(tmp_path, item(1, body="<!--:fr-->Bonjour<!--:-->"))
    path = tmp_path / "one.xml"
    path.write_bytes(wxr(item(1), item(2, title="{:fr}Bonjour{:}")))
    with build_index(str(path)) as index:
        assert index.qtranslated()
        entry = index.get(2)
        assert entry is not None and entry.split == ()
    path.write_bytes(wxr(item(1, title="[lang_fr]Salut[/lang_fr]")))  # Language Switcher's
    with build_index(str(path)) as index:
        assert not index.qtranslated() and not index.lang_queries()
