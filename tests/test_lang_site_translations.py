"""One site per language (``--lang en``, ``--lang fr``): a page links its translations
on the other languages' sites that ``[links] lang_base_urls`` names, as it links those
of its own build (``translations`` in its front matter, shown by the layouts)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import node_tools
import pytest
import yaml
from link_helpers import dead_links
from markdown_helpers import site_build
from test_jsonmodel import SCHEMA
from test_lang_sites import FR, OLD, _config, _polylang, _urls
from wxr_builder import item, wxr

from wxr_tools.cli import main
from wxr_tools.jsonmodel import item_from_json
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import Filters, WriteOptions

GROUP = (
    "\t<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>post_translations</wp:term_taxonomy>"
    "<wp:term_slug>pll_g1</wp:term_slug><wp:term_name><![CDATA[pll_g1]]></wp:term_name>"
    '<wp:term_description><![CDATA[a:2:{s:2:"fr";i:1;s:2:"en";i:2;}]]></wp:term_description>'
    "</wp:term>\n"
)


def _export(tmp_path: Path) -> Path:
    """A French site: a French post and its English translation (a Polylang group), an
    English-only post, a split qTranslate post, and a French draft translated."""
    path = tmp_path / "bilingual.xml"
    draft = item(7, title="Brouillon", status="draft", more=_polylang_more("fr", "pll_g2"))
    path.write_bytes(
        wxr(
            _polylang(1, "Bonjour", "fr", "<p>Bonjour</p>", "pll_g1"),
            _polylang(2, "Hello", "en", "<p>Hello</p>", "pll_g1"),
            _polylang(3, "Only English", "en", "<p>English</p>"),
            item(5, title="[:fr]Été[:en]Summer[:]", body="[:fr]<p>Chaud</p>[:en]<p>Hot</p>[:]"),
            draft,
            _polylang(8, "Draft's translation", "en", "<p>Later</p>", "pll_g2"),
            channel=GROUP,
        )
    )
    return path


def _polylang_more(lang: str, group: str) -> str:
    return (
        f'\t\t<category domain="language" nicename="{lang}"><![CDATA[{lang}]]></category>\n'
        f'\t\t<category domain="post_translations" nicename="{group}">'
        f"<![CDATA[{group}]]></category>\n"
    )


def _front_matter(out: Path) -> dict[str, dict[str, Any]]:
    """Each Markdown file's front matter, by its title."""
    found: dict[str, dict[str, Any]] = {}
    for page in sorted(out.rglob("*.md")):
        text = page.read_text("utf-8")
        if text.startswith("---\n"):
            data = yaml.safe_load(text.split("---\n")[1])
            found[str(data["title"])] = data
    return found


def _site(tmp_path: Path, flavor: str, lang: str, bases: str | None) -> Path:
    """The ``lang`` site, with ``lang_base_urls = bases`` (none: not set)."""
    options = Options(config=_config(tmp_path, f"[links]\nlang_base_urls = {bases or '{}'}\n"))
    out = tmp_path / f"{flavor}-{lang}"
    filters = Filters(langs=frozenset({lang}))
    convert(str(_export(tmp_path)), "markdown", str(out), options, WriteOptions(flavor), filters)
    return out


BASES = f'{{ fr = "{FR}/", en = "{OLD}" }}'


def test_front_matter_names_the_other_sites_translations(tmp_path: Path) -> None:
    fr = _urls(_export(tmp_path), tmp_path, "fr")
    pages = _front_matter(_site(tmp_path, "hugo", "en", BASES))
    assert pages["Hello"]["translations"] == {"fr": {"url": FR + fr[1], "title": "Bonjour"}}
    # The split post's French copy: its part of the title, on the French site.
    assert pages["Summer"]["translations"] == {"fr": {"url": FR + fr[5], "title": "Été"}}
    # No translation, or one not published: nothing to link.
    assert "translations" not in pages["Only English"]
    assert "translations" not in pages["Draft's translation"]
    # The French site links the English one.
    en = _urls(_export(tmp_path), tmp_path, "en")
    pages = _front_matter(_site(tmp_path, "hugo", "fr", BASES))
    assert pages["Bonjour"]["translations"] == {"en": {"url": OLD + en[2], "title": "Hello"}}


def test_without_a_base_url_for_the_language_nothing_is_added(tmp_path: Path) -> None:
    for bases in (None, f'{{ de = "{FR}" }}'):
        pages = _front_matter(_site(tmp_path, "hugo", "en", bases))
        assert not any("translations" in data for data in pages.values())


def test_without_lang_the_build_links_its_own_translations(tmp_path: Path) -> None:
    out = tmp_path / "site"
    options = Options(config=_config(tmp_path, f"[links]\nlang_base_urls = {BASES}\n"))
    convert(str(_export(tmp_path)), "markdown", str(out), options, WriteOptions())
    assert not any("translations" in data for data in _front_matter(out).values())


def _build(flavor: str, site: Path) -> Path:
    """``site`` built by ``flavor``'s generator (skipped when it is not installed)."""
    if flavor in node_tools.OUTPUT:
        if (why := node_tools.missing(flavor)) is not None:
            pytest.skip(why)
        done = node_tools.build(flavor, site)
        assert done.returncode == 0, done.stdout + done.stderr
        return site / node_tools.OUTPUT[flavor]
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    site_build(flavor, site, site.parent / "public")
    return site.parent / "public"


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro"])
def test_the_built_page_links_the_french_translation(tmp_path: Path, flavor: str) -> None:
    fr, en = (_urls(_export(tmp_path), tmp_path, lang) for lang in ("fr", "en"))
    public = _build(flavor, _site(tmp_path, flavor, "en", BASES))
    html = (public / en[2].strip("/") / "index.html").read_text("utf-8")
    assert f'<a href="{FR}{fr[1]}" hreflang="fr" lang="fr">Bonjour</a>' in html
    # The split post: its English copy links its French one, by its French title.
    html = (public / en[5].strip("/") / "index.html").read_text("utf-8")
    assert f'<a href="{FR}{fr[5]}" hreflang="fr" lang="fr">Été</a>' in html
    # The French pages are the French site's: none is linked here as if it were here.
    assert dead_links(public) == []


def test_the_json_dump_holds_them_as_its_schema_says(tmp_path: Path) -> None:
    fr = _urls(_export(tmp_path), tmp_path, "fr")
    _config(tmp_path, f"[links]\nlang_base_urls = {BASES}\n")
    out = tmp_path / "en.json"
    args = ["convert", str(_export(tmp_path)), "--to", "json", "-o", str(out), "--lang", "en"]
    assert main([*args, "--config", str(tmp_path / "wxr.toml")]) == 0
    data = json.loads(out.read_text("utf-8"))
    jsonschema.validate(data, SCHEMA)
    items = {i["title"]: item_from_json(i) for i in data["items"]}
    assert items["Hello"].translations == {"fr": {"url": FR + fr[1], "title": "Bonjour"}}
