"""The site skeleton's words in each page's language (``uiwords``, ``wordtemplates``).

The build tests (``check_words``, ``check_not_found``) read the sample's French and
English pages in every flavor. Here: the plural rule and the fallbacks, as each
generator's own lookup applies them (Hugo's i18n, the Jekyll include, the JavaScript
function of Eleventy and Astro) on a small site of one page per language; a site in a
language the table lacks, built; what the files hold; the inline comments' words.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import node_tools
import pytest
from markdown_helpers import SAMPLE, comment, page_file, site, site_build, written_documents
from wxr_builder import item, wxr

from wxr_tools.writers.markdown import uiwords, wordtemplates

LANGS = ("fr", "en", "pl", "pt")
"""French (0 is singular), English, Polish (no table: English), Portuguese (0 singular)."""

LOOKUPS = ("comments 0", "comments 1", "comments 2", "latest_posts", "taxonomy_series")
"""What each small site shows: the plural word for three counts, a word the French
table is made to lack (``latest_posts``), and one no table has (a taxonomy's label)."""

EXPECTED = {
    "fr": "0 commentaire|1 commentaire|2 commentaires|Latest posts|series",
    "en": "0 comments|1 comment|2 comments|Latest posts|series",
    "pl": "0 comments|1 comment|2 comments|Latest posts|series",
    "pt": "0 comentário|1 comentário|2 comentários|Últimos artigos|series",
}


def _data_table() -> dict[str, dict[str, object]]:
    table = uiwords.data_table(list(LANGS))
    del table["fr"]["latest_posts"]  # as a table kept from an earlier version may lack it
    return table


def _hugo(tmp_path: Path) -> dict[str, str]:
    root = tmp_path / "hugo"
    for path, text in uiwords.hugo_files(list(LANGS)).items():
        if path == "i18n/fr.toml":
            text = re.sub(r"(?m)^latest_posts = .*\n", "", text)
            assert "latest_posts" not in text
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    languages = "".join(f"[languages.{lang}]\nweight = {n}\n" for n, lang in enumerate(LANGS, 1))
    config = f'baseURL = "/"\ndefaultContentLanguage = "fr"\n{languages}'
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    shown = (
        '{{ i18n "comments" 0 }}|{{ i18n "comments" 1 }}|{{ i18n "comments" 2 }}|'
        '{{ i18n "latest_posts" }}|'
        '{{ with i18n "taxonomy_series" }}{{ . }}{{ else }}series{{ end }}'
    )
    (root / "layouts").mkdir()
    (root / "layouts/index.html").write_text(f"<p>{shown}</p>\n", encoding="utf-8")
    site_build("hugo", root, tmp_path / "public")
    found = {}
    for lang in LANGS:
        page = tmp_path / "public" / ("" if lang == "fr" else lang) / "index.html"
        found[lang] = re.findall(r"<p>(.*)</p>", page.read_text("utf-8"))[0]
    return found


def _jekyll(tmp_path: Path) -> dict[str, str]:
    root = tmp_path / "jekyll"
    (root / "_data").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_config.yml").write_text("lang: fr\n", encoding="utf-8")
    (root / "_data/i18n.json").write_text(json.dumps(_data_table()), encoding="utf-8")
    (root / "_includes/word.html").write_text(wordtemplates.JEKYLL_WORD, encoding="utf-8")
    shown = (
        '{% include word.html key="comments" count=0 %}|'
        '{% include word.html key="comments" count=1 %}|'
        '{% include word.html key="comments" count=2 %}|'
        '{% include word.html key="latest_posts" %}|'
        '{% include word.html key="taxonomy_series" fallback="series" %}'
    )
    for lang in LANGS:
        front = "---\n" + ("" if lang == "fr" else f"lang: {lang}\n") + "---\n"
        (root / f"{lang}.html").write_text(f"{front}<p>{shown}</p>\n", encoding="utf-8")
    site_build("jekyll", root, tmp_path / "public")
    return {
        lang: re.findall(r"<p>(.*)</p>", (tmp_path / f"public/{lang}.html").read_text("utf-8"))[0]
        for lang in LANGS
    }


def _javascript(tmp_path: Path) -> dict[str, str]:
    """Eleventy's filter and Astro's module run this function (``WORD_JS``)."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = wordtemplates.WORD_JS + (
        "const words = JSON.parse(process.argv[1]);\n"
        "const shown = (lang) => [0, 1, 2]\n"
        "  .map((count) => word(words, lang, 'comments', { count }))\n"
        "  .concat([word(words, lang, 'latest_posts'),\n"
        "    word(words, lang, 'taxonomy_series', { fallback: 'series' })]).join('|');\n"
        f"console.log(JSON.stringify(Object.fromEntries({json.dumps(LANGS)}"
        ".map((lang) => [lang, shown(lang)]))));\n"
    )
    done = subprocess.run(
        ["node", "-e", script, json.dumps(_data_table())], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, str] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "javascript"])
def test_plural_rule_and_fallbacks_as_each_generator_looks_words_up(
    flavor: str, tmp_path: Path
) -> None:
    if flavor in ("hugo", "jekyll") and shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    shown = {"hugo": _hugo, "jekyll": _jekyll, "javascript": _javascript}[flavor](tmp_path)
    assert shown == EXPECTED


def test_the_words_files_hold_the_sites_languages_and_english() -> None:
    assert list(uiwords.data_table(["fr", "pl", "de"])) == ["fr", "de", "en"]  # no pl: English
    assert list(uiwords.data_table(["en"])) == ["en"]
    hugo = uiwords.hugo_files(["pl", "pt-br"])
    assert sorted(hugo) == ["i18n/en.toml", "i18n/pl.toml", "i18n/pt-br.toml"]
    # Hugo gives a language without a file the default language's words: pl gets
    # English's in its own file, to translate.
    assert 'home = "Home"' in hugo["i18n/pl.toml"] and "in English" in hugo["i18n/pl.toml"]
    assert 'home = "Início"' in hugo["i18n/pt-br.toml"]
    assert 'one = "{{ .Count }} comentário"' in hugo["i18n/pt-br.toml"]


def test_every_language_has_every_word() -> None:
    english = uiwords.WORDS["en"]
    for lang, words in uiwords.WORDS.items():
        assert words.keys() == english.keys(), lang
        for key, word in words.items():
            assert type(word) is type(english[key]), (lang, key)
            places = re.findall(r"\{\w+\}", json.dumps(word))
            assert sorted(places) == sorted(re.findall(r"\{\w+\}", json.dumps(english[key])))


PL_ITEMS = (
    item(1, title="Dwa komentarze", more=comment(1, text="Jeden") + comment(2, text="Dwa")),
    item(2, title="Jeden komentarz", more=comment(3)),
)


@pytest.mark.parametrize("flavor", ["hugo", "jekyll", "eleventy", "astro"])
def test_a_site_in_a_language_the_table_lacks_shows_english(flavor: str, tmp_path: Path) -> None:
    source, out, public = tmp_path / "pl.xml", tmp_path / "site", tmp_path / "public"
    source.write_bytes(wxr(*PL_ITEMS).replace(b"fr-FR</language>", b"pl-PL</language>"))
    site(source, out, flavor=flavor)
    if flavor in ("hugo", "jekyll"):
        if shutil.which(flavor) is None:
            pytest.skip(f"{flavor} is not installed")
        site_build(flavor, out, public)
    else:
        reason = node_tools.missing(flavor)
        if reason is not None:
            pytest.skip(reason)
        done = node_tools.build(flavor, out)
        assert done.returncode == 0, done.stdout + done.stderr
        public = out / node_tools.OUTPUT[flavor]
    content = {"hugo": "content", "jekyll": "_posts", "eleventy": "content"}
    docs = written_documents(out, content.get(flavor, "src/content"))
    posts = [d for d in docs if d["wordpress"]["type"] == "post"]
    url = {d["wordpress"]["id"]: d.get("url") or d["permalink"] for d in posts}
    assert "<h2>2 comments</h2>" in page_file(public, url[1]).read_text("utf-8")
    assert ">June 5, 2024</time></p>" in page_file(public, url[1]).read_text("utf-8")
    assert "<h2>1 comment</h2>" in page_file(public, url[2]).read_text("utf-8")
    assert "<h1>Page not found</h1>" in (public / "404.html").read_text("utf-8")


def test_inline_comments_are_in_the_posts_language(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(SAMPLE, out, comments="inline")
    posts = out / "content/posts"
    french = (posts / "medias-sociaux-ca-prend-du-temps/index.fr.md").read_text("utf-8")
    english = (posts / "going-solo-lyon-what-i-learned/index.en.md").read_text("utf-8")
    assert "<h2>3 commentaires</h2>" in french and "<h2>3 comments</h2>" in english
    assert uiwords.word("fr", "comments", 0) == "0 commentaire"
    assert uiwords.word("en", "comments", 0) == "0 comments"
    assert uiwords.word("pl", "anonymous") == "Anonymous"
