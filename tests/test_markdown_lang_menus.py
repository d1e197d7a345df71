"""A bilingual site's menus: each language's pages show that language's main menu.

Polylang makes a menu per language and puts each in the theme's places in its own
settings, which the export lacks; the writer infers a menu's language from its entries'
targets (``menu_lang``) and which menu stands for the main one in each language
(``lang_mains``). The export: French and English posts (Polylang's ``language`` terms),
a French main menu, an English one and a menu of both languages; built by each
generator installed, a French page's header must show the French menu and an English
page's the English one. When the English menu mixes languages, it is no language's and
every page shows the main menu.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import node_tools
import pytest
from markdown_helpers import site, site_build
from menu_helpers import header_menu, menu_entry
from wxr_builder import item, wxr

from wxr_tools.menus import lang_mains, menu_lang
from wxr_tools.writers.markdown.menus import FILES

POSTS = {1: ("Bonjour", "fr"), 2: ("Salut", "fr"), 3: ("Hello", "en"), 4: ("Hi", "en")}
MENUS = {"main-fr": "Main FR", "main-en": "Main EN", "links": "Links"}
CHANNEL = "".join(
    f"\t<wp:term><wp:term_id>{n}</wp:term_id><wp:term_taxonomy>nav_menu</wp:term_taxonomy>"
    f"<wp:term_slug>{slug}</wp:term_slug><wp:term_name><![CDATA[{name}]]></wp:term_name>"
    "</wp:term>\n"
    for n, (slug, name) in enumerate(MENUS.items(), start=40)
)


def _export(tmp_path: Path, english: tuple[int, ...]) -> Path:
    """The posts and menus; ``english``: the posts the English menu links to."""
    items = [
        item(
            n,
            title=title,
            more=f'\t\t<category domain="language" nicename="{lang}">'
            f"<![CDATA[{lang}]]></category>\n",
        )
        for n, (title, lang) in POSTS.items()
    ]
    menus = {"main-fr": (1, 2), "main-en": english, "links": (1, 3)}
    entry = 100
    for slug, targets in menus.items():
        for order, target in enumerate(targets, start=1):
            entry += 1
            items.append(menu_entry(entry, slug, order, "post_type", obj="post", obj_id=target))
    # A custom link has no language: it does not count.
    items.append(menu_entry(entry + 1, "main-fr", 9, "custom", url="#", title="Plus"))
    path = tmp_path / "bilingual.xml"
    path.write_bytes(wxr(*items, channel=CHANNEL))
    return path


FLAVORS = [
    pytest.param(
        name,
        marks=pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed"),
    )
    for name in ("hugo", "jekyll")
] + [
    pytest.param(
        name,
        marks=pytest.mark.skipif(
            node_tools.missing(name) is not None, reason=f"{node_tools.missing(name)}"
        ),
    )
    for name in ("eleventy", "astro")
]


def _build(flavor: str, out: Path, public: Path) -> None:
    if flavor in ("hugo", "jekyll"):
        site_build(flavor, out, public)
        return
    done = node_tools.build(flavor, out)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copytree(out / node_tools.OUTPUT[flavor], public)


def _headers(flavor: str, tmp_path: Path, english: tuple[int, ...]) -> dict[str, list[str]]:
    """Each post's header menu (the entries' names), by the post's title."""
    out, public = tmp_path / "site", tmp_path / "public"
    site(_export(tmp_path, english), out, flavor=flavor)
    _build(flavor, out, public)
    urls = _post_urls(out, flavor)
    return {title: [name for _, name, _ in header_menu(public, url)] for title, url in urls.items()}


def _post_urls(out: Path, flavor: str) -> dict[str, str]:
    """Each post's URL, as the menus file links it (every post is in a menu)."""
    text = (out / FILES[flavor]).read_text("utf-8")
    if flavor == "hugo":
        entries = [e for menu in tomllib.loads(text).values() for e in menu]
    else:
        entries = [e for menu in json.loads(text).values() for e in menu["entries"]]
    return {e["name"]: e["url"] for e in entries if e["url"] != "#"}


@pytest.mark.parametrize("flavor", FLAVORS)
def test_each_language_shows_its_main_menu(flavor: str, tmp_path: Path) -> None:
    headers = _headers(flavor, tmp_path, english=(3, 4))
    assert set(headers) == {title for title, _ in POSTS.values()}
    for title, lang in POSTS.values():
        expected = ["Bonjour", "Salut", "Plus"] if lang == "fr" else ["Hello", "Hi"]
        assert headers[title] == expected, title


@pytest.mark.parametrize("flavor", FLAVORS[:2])
def test_a_menu_of_mixed_languages_is_no_languages(flavor: str, tmp_path: Path) -> None:
    headers = _headers(flavor, tmp_path, english=(3, 4, 1, 2))  # half English, half French
    assert headers == {title: ["Bonjour", "Salut", "Plus"] for title, _ in POSTS.values()}
    assert not (tmp_path / "site/config/_default/menus.en.toml").exists()


def test_a_language_file_of_an_earlier_run_gets_the_shared_menus(tmp_path: Path) -> None:
    # Hugo reads menus.en.toml instead of menus.toml for English pages: when the export
    # no longer has an English menu, the file an earlier run wrote must not keep it.
    out = tmp_path / "site"
    site(_export(tmp_path, english=(3, 4)), out, flavor="hugo")
    folder = out / "config/_default"
    assert tomllib.loads((folder / "menus.en.toml").read_text("utf-8"))["main"][0]["name"] == (
        "Hello"
    )
    site(_export(tmp_path, english=(3, 4, 1, 2)), out, flavor="hugo")
    assert (folder / "menus.en.toml").read_bytes() == (folder / "menus.toml").read_bytes()
    assert sorted(p.name for p in folder.glob("menus*.toml")) == ["menus.en.toml", "menus.toml"]


def test_the_data_names_each_languages_main_menu(tmp_path: Path) -> None:
    site(_export(tmp_path, english=(3, 4)), tmp_path / "site", flavor="eleventy")
    data = json.loads((tmp_path / "site" / FILES["eleventy"]).read_text("utf-8"))
    assert list(data) == ["main", "main-en", "links"]
    assert data["main"]["slug"] == "main-fr"
    assert data["main"]["langs"] == {"en": "main-en"}
    site(_export(tmp_path, english=(3, 4, 1, 2)), tmp_path / "mixed", flavor="eleventy")
    data = json.loads((tmp_path / "mixed" / FILES["eleventy"]).read_text("utf-8"))
    assert "langs" not in data["main"]


@pytest.mark.parametrize(
    ("langs", "lang"),
    [
        (["fr", "fr", None, None], "fr"),  # a custom link has no language
        (["fr", "fr", "en"], "fr"),  # two thirds
        (["fr", "fr", "en", "en", "fr"], None),  # three fifths: not a clear majority
        (["fr", "en"], None),
        ([None], None),
        ([], None),
    ],
)
def test_a_menus_language_is_that_of_two_thirds_of_its_targets(
    langs: list[str | None], lang: str | None
) -> None:
    assert menu_lang(langs) == lang


@pytest.mark.parametrize(
    ("names", "langs", "expected"),
    [
        # The main's name but for the language code, before one named like a main menu.
        (
            {"m-fr": "Menu FR", "top-en": "Top EN", "m-en": "Menu (EN)", "m-de": "Menü DE"},
            {"m-fr": "fr", "top-en": "en", "m-en": "en", "m-de": "de"},
            {"de": "m-de", "en": "m-en"},  # de: its only menu, as the main is fr's
        ),
        ({"m-fr": "Menu", "top": "Top"}, {"m-fr": "fr", "top": "en"}, {"en": "top"}),
        # Each language's only menu, when the main is its language's only one...
        ({"m-fr": "Menu", "x": "Liens"}, {"m-fr": "fr", "x": "en"}, {"en": "x"}),
        # ...not when the main's language has another (a footer, say).
        (
            {"m-fr": "Menu", "f": "Pied", "x": "Links"},
            {"m-fr": "fr", "f": "fr", "x": "en"},
            {},
        ),
        # A main menu of no one language: it stands for every language.
        ({"m-fr": "Menu FR", "m-en": "Menu EN"}, {"m-fr": None, "m-en": "en"}, {}),
    ],
)
def test_each_language_has_the_main_menus_counterpart(
    names: dict[str, str], langs: dict[str, str | None], expected: dict[str, str]
) -> None:
    assert lang_mains("m-fr", langs, names) == expected
