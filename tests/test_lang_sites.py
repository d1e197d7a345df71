"""A bilingual blog converted as one site per language (``--lang en``, ``--lang fr``):
a link to an item ``--lang`` leaves out goes to its page on the other language's site
when ``[links] lang_base_urls`` says where that is, and is counted otherwise
(``wxr_tools.transforms.langsites``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_ghost_links import ghost_data
from wxr_builder import item, language, wxr

from wxr_tools.config import Config, load_config
from wxr_tools.diagnostics import Severity, UsageError
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.transforms.langsites import COUNT, COUNT_ABSOLUTE
from wxr_tools.writers import Filters, WriteOptions

OLD = "https://example.org"
FR = "https://fr.example.org"


def _polylang(post_id: int, title: str, lang: str, body: str, group: str = "") -> str:
    more = language(lang)
    if group:
        more += (
            f'\t\t<category domain="post_translations" nicename="{group}">'
            f"<![CDATA[{group}]]></category>\n"
        )
    return item(post_id, title=title, body=body, more=more)


def _export(tmp_path: Path) -> Path:
    """A French site: a French post and its English translation (Polylang) linking to
    each other, a French-only post and an English-only one, a split qTranslate post;
    the English posts link to all of them, the French post to the English ones."""
    links = "".join(f'<a href="{OLD}/?p={n}">{n}</a> ' for n in (1, 3, 4, 5))
    path = tmp_path / "bilingual.xml"
    path.write_bytes(
        wxr(
            _polylang(1, "Bonjour", "fr", f'<p><a href="{OLD}/?p=2">en</a></p>', "g1"),
            _polylang(2, "Hello", "en", f"<p>{links}</p>", "g1"),
            _polylang(3, "Only English", "en", f'<p><a href="{OLD}/?p=4#x">fr</a></p>'),
            _polylang(4, "Seulement", "fr", f'<p><a href="{OLD}/?p=3">en</a></p>'),
            item(5, title="[:fr]Été[:en]Summer[:]", body="[:fr]<p>Chaud</p>[:en]<p>Hot</p>[:]"),
        )
    )
    return path


def _config(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "wxr.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def _convert(
    source: Path, to: str, out: Path, lang: str, config: Config | None = None
) -> RunReport:
    options = Options(config=config or Config(), progress=False)
    filters = Filters(langs=frozenset({lang}))
    return convert(str(source), to, str(out), options, WriteOptions(), filters)


def _urls(source: Path, tmp_path: Path, lang: str) -> dict[int, str]:
    """Each written item's URL, as the ``lang`` run gives it."""
    out = tmp_path / f"{lang}.jsonl"
    _convert(source, "jsonl", out, lang)
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()[1:]]
    return {row["id"]: row["url"] for row in rows}


def _hugo_links(out: Path) -> dict[str, list[str]]:
    """Each Markdown file's link targets, by its title."""
    found: dict[str, list[str]] = {}
    for page in sorted((out / "content").rglob("*.md")):
        text = page.read_text("utf-8")
        title = re.search(r"^title: (.*)$", text, re.MULTILINE)
        if title is not None:
            found[title.group(1).strip("'\"")] = re.findall(r"\]\(([^)\s]+)", text)
    return found


def _ghost_links(out: Path) -> dict[str, list[str]]:
    data: dict[str, Any] = ghost_data(out)
    return {
        p["title"]: re.findall(r'href="([^"]+)"', p.get("html") or json.dumps(p))
        for p in data["posts"]
    }


def _diagnostics(report: RunReport) -> list[tuple[int | None, str]]:
    return [(d.item_id, d.message) for d in report.diagnostics if d.code == "WXR509"]


def test_without_base_urls_the_links_stay_and_are_counted(tmp_path: Path) -> None:
    source = _export(tmp_path)
    fr = _urls(source, tmp_path, "fr")
    out = tmp_path / "site-en"
    report = _convert(source, "markdown", out, "en")
    links = _hugo_links(out)
    # Site-relative, the path the French run gives (1, 4): as before, but now counted;
    # the English-only post and the split post's English copy are on this site.
    assert links["Hello"] == [fr[1], "/2024/06/hello-3/", fr[4], "/en/2024/06/hello-5/"]
    assert links["Only English"] == [fr[4] + "#x"]
    assert report.counts[COUNT] == 3
    assert COUNT_ABSOLUTE not in report.counts
    # One message per linking item, naming its first such link; none from the French
    # posts, which this site does not write.
    said = _diagnostics(report)
    assert [n for n, _ in said] == [2, 3]
    assert said[0][1].startswith(f"{OLD}/?p=1: {fr[1]} is on the fr site")
    assert all(d.level == Severity.INFO for d in report.diagnostics if d.code == "WXR509")


def test_base_urls_send_the_links_to_the_other_site(tmp_path: Path) -> None:
    source = _export(tmp_path)
    fr = _urls(source, tmp_path, "fr")
    config = _config(tmp_path, f'[links]\nlang_base_urls = {{ fr = "{FR}/", en = "{OLD}" }}\n')
    out = tmp_path / "site-en"
    report = _convert(source, "markdown", out, "en", config)
    links = _hugo_links(out)
    assert links["Hello"] == [FR + fr[1], "/2024/06/hello-3/", FR + fr[4], "/en/2024/06/hello-5/"]
    assert links["Only English"] == [f"{FR}{fr[4]}#x"]
    assert report.counts[COUNT_ABSOLUTE] == 3
    assert COUNT not in report.counts
    assert _diagnostics(report) == []
    # The French site links the English one at its address.
    out = tmp_path / "site-fr"
    report = _convert(source, "markdown", out, "fr", config)
    en = _urls(source, tmp_path, "en")
    assert _hugo_links(out)["Bonjour"] == [OLD + en[2]]
    assert _hugo_links(out)["Seulement"] == [OLD + en[3]]


def test_this_runs_base_url_is_replaced_not_kept(tmp_path: Path) -> None:
    """The other site's address replaces this run's ``base_url``, the path stays."""
    source = _export(tmp_path)
    fr = _urls(source, tmp_path, "fr")
    text = f'[links]\nbase_url = "https://en.example.net"\nlang_base_urls = {{ fr = "{FR}" }}\n'
    out = tmp_path / "site-en"
    _convert(source, "markdown", out, "en", _config(tmp_path, text))
    assert _hugo_links(out)["Only English"] == [f"{FR}{fr[4]}#x"]


def test_ghost_links_go_to_the_other_ghost_site(tmp_path: Path) -> None:
    source = _export(tmp_path)
    fr_out = tmp_path / "fr" / "ghost.json"
    fr_out.parent.mkdir()
    _convert(source, "ghost", fr_out, "fr")
    slugs = {p["title"]: p["slug"] for p in ghost_data(fr_out)["posts"]}
    config = _config(tmp_path, f'[links]\nlang_base_urls = {{ fr = "{FR}" }}\n')
    out = tmp_path / "en" / "ghost.json"
    out.parent.mkdir()
    report = _convert(source, "ghost", out, "en", config)
    links = _ghost_links(out)
    expected = [f"{FR}/{slugs['Bonjour']}/", f"{FR}/{slugs['Seulement']}/"]
    assert [u for u in links["Hello"] if u.startswith(FR)] == expected
    assert links["Only English"] == [f"{FR}/{slugs['Seulement']}/#x"]
    assert report.counts[COUNT_ABSOLUTE] == 3
    # Without: the paths stay, counted.
    bare = tmp_path / "bare" / "ghost.json"
    bare.parent.mkdir()
    report = _convert(source, "ghost", bare, "en")
    assert _ghost_links(bare)["Only English"] == [f"/{slugs['Seulement']}/#x"]
    assert report.counts[COUNT] == 3
    assert [n for n, _ in _diagnostics(report)] == [2, 3]


def test_without_lang_nothing_is_another_sites(tmp_path: Path) -> None:
    source = _export(tmp_path)
    config = _config(tmp_path, f'[links]\nlang_base_urls = {{ fr = "{FR}" }}\n')
    out = tmp_path / "site"
    options = Options(config=config, progress=False)
    report = convert(str(source), "markdown", str(out), options, WriteOptions())
    assert not any(u.startswith(FR) for links in _hugo_links(out).values() for u in links)
    assert COUNT not in report.counts and COUNT_ABSOLUTE not in report.counts


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("{ fr = 3 }", "must be a str"),
        ('{ fr = "fr.example.org" }', "not a language and an address"),
        ('{ "not a language!" = "https://x.org" }', "not a language and an address"),
    ],
)
def test_bad_base_urls_are_refused(tmp_path: Path, value: str, why: str) -> None:
    with pytest.raises(UsageError, match=f"lang_base_urls.*{why}"):
        config = _config(tmp_path, f"[links]\nlang_base_urls = {value}\n")
        _convert(_export(tmp_path), "markdown", tmp_path / "out", "en", config)
