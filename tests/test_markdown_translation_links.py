"""A post page's links to its translations, as the Jekyll site builds them.

Jekyll's post layout finds a post's translations in ``_data/translations.json``
(``wxr_tools.writers.markdown.translations``) rather than through every document:
the table must hold each group's published documents, in the order ``site.documents``
has them, so that each page links exactly its group's other pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from markdown_helpers import check_translations, dated, jekyll_build, site, written_documents
from wxr_builder import wxr


def _polylang(group: str, lang: str) -> str:
    return (
        f'\t\t<category domain="language" nicename="{lang}"><![CDATA[{lang}]]></category>\n'
        f'\t\t<category domain="post_translations" nicename="{group}">'
        f"<![CDATA[{group}]]></category>\n"
    )


def _gmt(local: str) -> str:
    hours = 2 if local.startswith("2020") else 1
    return f"{local[:11]}{int(local[11:13]) - hours:02d}{local[13:]}"


def _export(tmp_path: Path) -> Path:
    """Two groups: one of three languages whose dates are not in id order, one with a
    draft and a post of a custom type; a post of no group."""
    members = [
        # id, local date (UTC+2 in May, UTC+1 in winter), title, group, language, options
        (1, "2020-05-03 10:00:00", "Trois", "g1", "fr", {}),
        (2, "2020-05-01 10:00:00", "One", "g1", "en", {}),
        (3, "2020-05-02 10:00:00", "Zwei", "g1", "de", {}),
        (4, "2021-01-01 10:00:00", "Quatre", "g2", "fr", {}),
        (5, "2021-01-02 10:00:00", "Four", "g2", "en", {"status": "draft"}),
        (6, "2021-01-03 10:00:00", "Vier", "g2", "de", {"post_type": "book"}),
    ]
    items = [
        dated(n, local, _gmt(local), title=title, more=_polylang(group, lang), **options)
        for n, local, title, group, lang, options in members
    ]
    items.append(dated(7, "2021-02-01 10:00:00", "2021-02-01 09:00:00", title="Alone"))
    path = tmp_path / "groups.xml"
    path.write_bytes(wxr(*items))
    return path


def test_the_table_holds_each_groups_published_documents_in_order(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(_export(tmp_path), out, flavor="jekyll")
    data = (out / "_data/translations.json").read_bytes()
    table = json.loads(data)
    titles = {key: [link["title"] for link in links] for key, links in table.items()}
    # Posts by date, then the other collections: as Jekyll's site.documents; no draft.
    assert sorted(titles.values()) == [["One", "Zwei", "Trois"], ["Quatre", "Vier"]]
    assert all(link["url"].startswith("/") for links in table.values() for link in links)
    # Made a group at a time from the scratch database: the text of one whole dump.
    whole = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert data == whole.encode("utf-8")
    shutil.rmtree(out)
    site(_export(tmp_path), out, flavor="jekyll")
    assert (out / "_data/translations.json").read_bytes() == data


def test_no_table_without_translations(tmp_path: Path) -> None:
    source = tmp_path / "plain.xml"
    source.write_bytes(wxr(dated(1, "2020-01-01 10:00:00", "2020-01-01 09:00:00")))
    site(source, tmp_path / "site", flavor="jekyll")
    assert not (tmp_path / "site/_data/translations.json").exists()


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
def test_jekyll_pages_link_exactly_their_translations(tmp_path: Path) -> None:
    out, public = tmp_path / "site", tmp_path / "_site"
    site(_export(tmp_path), out, flavor="jekyll")
    jekyll_build(out, public)
    docs = [d for d in written_documents(out, ".") if "permalink" in d]
    check_translations(public, docs, "permalink")
    alone = next(d for d in docs if d["title"] == "Alone")
    page = (public / alone["permalink"].strip("/") / "index.html").read_text("utf-8")
    assert 'class="translations"' not in page
