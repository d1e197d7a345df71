"""Dates as each page's language writes them (``datewords``, through ``uiwords``' table).

The table's forms are checked against CLDR's, as Hugo (``:date_long``) and Node
(``Intl.DateTimeFormat``) write them; each generator's own lookup (Hugo's partial,
Jekyll's include, the JavaScript of Eleventy and Astro) against the table; and the
sample, built in every flavor, must show the same dates on the same pages. Hugo's
automatic section lists are titled in their language, unless the user titled them.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import node_tools
import pytest
from markdown_helpers import SAMPLE, page_file, site, site_build

from wxr_tools.writers.markdown import templates, uiwords, wordtemplates
from wxr_tools.writers.markdown.datewords import fill

KNOWN = ("en", "fr", "de", "es", "it", "pt", "nl")
DATES = [date(2010, month, month * 2 - 1) for month in range(1, 13)]
"""A day in every month (the 1st, the 23rd: no day written with a zero)."""


def expected(lang: str, day: date) -> str:
    """``day`` as the table of ``lang`` (else English's) writes it."""
    words = uiwords.table_of(lang) or uiwords.WORDS[uiwords.FALLBACK]
    month = str(words[f"month_{day.month}"])
    return fill(str(words["date_long"]), day.year, month, day.day)


def test_every_language_has_its_months_and_date_patterns() -> None:
    for lang in KNOWN:
        words = uiwords.WORDS[lang]
        months = [words[f"month_{n}"] for n in range(1, 13)]
        assert len(set(months)) == 12, lang
        for key in ("date_long", "month_year"):
            found = sorted(re.findall(r"\{(\w+)\}", str(words[key])))
            assert found == (["day", "month", "year"] if key == "date_long" else ["month", "year"])
    assert expected("fr", date(2010, 3, 12)) == "12 mars 2010"
    assert expected("pl", date(2010, 3, 12)) == "March 12, 2010"  # no table: English
    assert uiwords.month_title("fr", 2010, 3) == "mars 2010"
    assert uiwords.month_title("es", 2010, 3) == "marzo de 2010"
    assert uiwords.month_title("pt-br", 2010, 12) == "dezembro de 2010"
    assert uiwords.month_title("pl", 2010, 3) == "March 2010"
    assert uiwords.month_title("fr", 2010, None) == "2010"


def _hugo_site(root: Path, layout: str) -> None:
    for path, text in uiwords.hugo_files(list(KNOWN)).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "layouts/partials").mkdir(parents=True)
    (root / "layouts/partials/date.html").write_text(templates.HUGO_DATE, encoding="utf-8")
    (root / "layouts/index.html").write_text(layout, encoding="utf-8")
    languages = "".join(f"[languages.{lang}]\nweight = {n}\n" for n, lang in enumerate(KNOWN, 1))
    config = f'baseURL = "/"\ndefaultContentLanguage = "en"\n{languages}'
    (root / "hugo.toml").write_text(config, encoding="utf-8")


def test_hugos_partial_writes_the_table_as_cldr_does(tmp_path: Path) -> None:
    """Hugo's own long date (CLDR, by the page's language) is what the table writes."""
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    days = "".join(f'{{{{ $d := time "{d.isoformat()}T12:00:00Z" }}}}' + _SHOWN for d in DATES)
    _hugo_site(tmp_path / "site", days)
    site_build("hugo", tmp_path / "site", tmp_path / "public")
    for lang in KNOWN:
        page = tmp_path / "public" / ("" if lang == "en" else lang) / "index.html"
        shown = re.findall(r"<p>(.*?)\|(.*?)</p>", page.read_text("utf-8"))
        assert shown == [(expected(lang, d), expected(lang, d)) for d in DATES], lang


_SHOWN = '<p>{{ $d | time.Format ":date_long" }}|{{ partial "date.html" $d }}</p>\n'


def test_the_javascript_writes_the_table_as_node_intl_does() -> None:
    """Eleventy's filter and Astro's module run ``longDate``; Node's Intl (full ICU) is
    CLDR's long date and year-month, which the table and the month pages' titles match."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = wordtemplates.WORD_JS + (
        "const [words, langs, days] = JSON.parse(process.argv[1]);\n"
        "const utc = { timeZone: 'UTC' };\n"
        "console.log(JSON.stringify(langs.map((lang) => days.map((day) => [\n"
        "  longDate(words, lang, day), longDate(words, lang, new Date(day + 'T12:00:00Z')),\n"
        "  new Intl.DateTimeFormat(lang, { dateStyle: 'long', ...utc }).format(new Date(day)),\n"
        "  new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', ...utc })\n"
        "    .format(new Date(day)),\n"
        "]))));\n"
    )
    given = [uiwords.data_table(list(KNOWN)), KNOWN, [d.isoformat() for d in DATES]]
    done = subprocess.run(["node", "-e", script, json.dumps(given)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for lang, shown in zip(KNOWN, json.loads(done.stdout), strict=True):
        for day, (text, from_date, intl, month) in zip(DATES, shown, strict=True):
            assert text == from_date == intl == expected(lang, day), (lang, day)
            assert month == uiwords.month_title(lang, day.year, day.month), (lang, day)


def test_jekylls_include_writes_the_table_and_falls_back(tmp_path: Path) -> None:
    """Liquid has no locale: the include assembles the date from the table; a language
    the table lacks (pl) reads English, a table without the date words the ISO date."""
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed")
    root = tmp_path / "site"
    (root / "_data").mkdir(parents=True)
    (root / "_includes").mkdir()
    table = uiwords.data_table([*KNOWN, "pl"])
    table["xx"] = {"home": "Home"}  # as a table kept from an earlier version
    (root / "_config.yml").write_text("lang: en\n", encoding="utf-8")
    (root / "_data/i18n.json").write_text(json.dumps(table), encoding="utf-8")
    (root / "_includes/date.html").write_text(wordtemplates.JEKYLL_DATE, encoding="utf-8")
    days = "".join(
        f'<p>{{% include date.html date="{d.isoformat()}" %}}|'
        f'{{% include date.html time=site.time lang="pl" %}}</p>\n'
        for d in DATES
    )
    for lang in (*KNOWN, "pl"):
        (root / f"{lang}.html").write_text(f"---\nlang: {lang}\n---\n{days}", encoding="utf-8")
    no_words = '---\n---\n<p>{% include date.html date="2010-03-12" lang="zz" %}</p>\n'
    (root / "bare.html").write_text(no_words, encoding="utf-8")
    site_build("jekyll", root, tmp_path / "public")
    for lang in (*KNOWN, "pl"):
        text = (tmp_path / f"public/{lang}.html").read_text("utf-8")
        shown = re.findall(r"<p>(.*?)\|(.*?)</p>", text)
        assert [s[0] for s in shown] == [expected(lang, d) for d in DATES], lang
        assert all(re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", s[1]) for s in shown), shown
    # The English table kept, the unknown language falls back to it; without English's
    # words either, the date stays as it was given.
    assert "<p>March 12, 2010</p>" in (tmp_path / "public/bare.html").read_text("utf-8")
    del table["en"]["date_long"]
    (root / "_data/i18n.json").write_text(json.dumps(table), encoding="utf-8")
    site_build("jekyll", root, tmp_path / "public")
    assert "<p>2010-03-12</p>" in (tmp_path / "public/bare.html").read_text("utf-8")


PUBLIC = {"hugo": "public", "jekyll": "public", "eleventy": "site/_site", "astro": "site/dist"}
"""Where each flavor's built sample is, under its folder."""


def _built(flavor: str, tmp_path: Path) -> Path | None:
    """The sample built in ``flavor`` (None where its generator is missing)."""
    out = tmp_path / flavor / "site"
    if flavor in ("hugo", "jekyll"):
        if shutil.which(flavor) is None:
            return None
        site(SAMPLE, out, flavor=flavor)
        site_build(flavor, out, tmp_path / flavor / "public")
    else:
        if node_tools.missing(flavor) is not None:
            return None
        site(SAMPLE, out, flavor=flavor)
        done = node_tools.build(flavor, out)
        assert done.returncode == 0, done.stdout + done.stderr
    return tmp_path / flavor / PUBLIC[flavor]


_PAGES = (
    "/2010/03/medias-sociaux-ca-prend-du-temps/",
    "/2008/11/going-solo-lyon-what-i-learned/",
    "/2010/09/why-i-blog-in-two-languages/",
    "/2010/03/",
    "/2010/",
)
"""A French post with comments, English ones, a month's and a year's page."""


def _dates(public: Path, url: str) -> list[str]:
    """A page's heading and the dates it shows, in order."""
    text = html.unescape(page_file(public, url).read_text("utf-8"))
    return re.findall(r"<h1>(.*?)</h1>", text) + re.findall(r"<time[^>]*>(.*?)</time>", text)


def test_every_flavor_shows_the_same_dates(tmp_path: Path) -> None:
    shown = {}
    for flavor in PUBLIC:
        public = _built(flavor, tmp_path)
        if public is not None:
            shown[flavor] = {url: _dates(public, url) for url in _PAGES}
    if len(shown) < 2:
        pytest.skip(f"only {sorted(shown)} can be built here")
    first = next(iter(shown.values()))
    assert all(pages == first for pages in shown.values()), shown
    column = first["/2010/03/medias-sociaux-ca-prend-du-temps/"]
    assert column[1:] == ["15 mars 2010"] * 4, column  # the post and its three comments
    assert first["/2008/11/going-solo-lyon-what-i-learned/"][1] == "November 2, 2008"
    assert first["/2010/03/"] == ["mars 2010", "15 mars 2010"]
    # 2010's page lists the English post too, in the page's language: the site's.
    assert first["/2010/"] == ["2010", "20 septembre 2010", "15 mars 2010"]


def test_hugos_section_lists_are_titled_in_their_language(tmp_path: Path) -> None:
    """/posts/ is Articles in French, Posts in English; an _index.md of the user's keeps
    its title."""
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    out, public = tmp_path / "site", tmp_path / "public"
    site(SAMPLE, out)
    site_build("hugo", out, public)

    def title(url: str) -> tuple[str, str]:
        text = html.unescape(page_file(public, url).read_text("utf-8"))
        return re.findall(r"<title>(.*?) · ", text)[0], re.findall(r"<h1>(.*?)</h1>", text)[0]

    assert title("/posts/") == ("Articles", "Articles")
    assert title("/en/posts/") == ("Posts", "Posts")
    assert title("/pages/") == ("Pages", "Pages")
    assert title("/dates/") == ("Archives", "Archives")
    assert title("/authors/") == ("Auteurs", "Auteurs")
    assert title("/categories/") == ("Catégories", "Catégories")
    feed = (public / "posts/index.xml").read_text("utf-8")
    assert "<title>Articles – " in feed
    (out / "content/posts/_index.md").write_text("---\ntitle: Mes billets\n---\n", "utf-8")
    site_build("hugo", out, public)
    assert title("/posts/") == ("Mes billets", "Mes billets")
    assert title("/en/posts/") == ("Posts", "Posts")
