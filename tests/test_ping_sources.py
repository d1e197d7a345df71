"""A pingback's author URL is the address of the post that linked (WordPress pings
itself when one post links another): it goes to that post's new page, as a link in
the text does, and with ``--lang`` to its page on its language's site. Left as the
old address, it led nowhere once the old site was gone, and on a ``--lang en`` site
it named a post only the French site has (``wxr_tools.transforms.links``). The WXR
keeps the export's address: it is for a WordPress, which has the old permalinks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_comment_threads import comment
from test_lang_sites import FR, OLD, _config
from wxr_builder import item, wxr

from wxr_tools import read
from wxr_tools.config import Config
from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import Filters, WriteOptions

SAMPLE = Path(__file__).parent.parent / "fixtures" / "ctts-sample.xml"
GOING_SOLO, SOCIAL, PINGBACK = 215, 342, 1479
"""The sample's English post, the French post that pinged it, and the pingback."""


def _rows(source: Path, out: Path, config: Config | None = None, lang: str = "") -> list[Any]:
    """Each written item of the transformed JSON dump (``--lang lang`` when given)."""
    filters = Filters(langs=frozenset({lang})) if lang else Filters()
    options = Options(config=config or Config(), progress=False)
    convert(str(source), "jsonl", str(out), options, WriteOptions(), filters)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()[1:]]


def _author_urls(rows: list[Any]) -> dict[int, str]:
    """Each comment's author URL on the new site: the links transform's ``new_author_url``
    when it changed it (a display field), else the export's ``author_url``."""
    comments = [c for row in rows for c in row.get("comments") or []]
    return {c["id"]: c.get("new_author_url", c["author_url"]) for c in comments}


def test_the_samples_pingback_links_the_french_posts_new_page(tmp_path: Path) -> None:
    rows = _rows(SAMPLE, tmp_path / "all.jsonl")
    urls = {row["id"]: row.get("url") for row in rows}
    assert _author_urls(rows)[PINGBACK] == urls[SOCIAL]
    assert urls[SOCIAL].startswith("/2010/03/")


def test_on_the_english_site_it_links_the_french_site(tmp_path: Path) -> None:
    config = _config(tmp_path, f'[links]\nlang_base_urls = {{ fr = "{FR}" }}\n')
    french = {row["id"]: row.get("url") for row in _rows(SAMPLE, tmp_path / "fr.jsonl", lang="fr")}
    rows = _rows(SAMPLE, tmp_path / "en.jsonl", config, lang="en")
    # The pinged post is on this site, the post that pinged it is not.
    assert GOING_SOLO in {row["id"] for row in rows} and SOCIAL not in {row["id"] for row in rows}
    assert _author_urls(rows)[PINGBACK] == FR + french[SOCIAL]


def _pinged(tmp_path: Path) -> Path:
    """Post 1 pinged from post 2 (published, linked by its ?p= and permalink forms), from
    a draft, from another site, and commented by someone whose site is this one's post."""
    pings = (
        comment(11, kind="pingback", url=f"{OLD}/?p=2")
        + comment(12, kind="trackback", url=f"{OLD}/?p=2#more")
        + comment(13, kind="pingback", url=f"{OLD}/?p=3")
        + comment(14, kind="pingback", url="https://other.example/?p=2")
        + comment(15, url=f"{OLD}/?p=2")
        + comment(16, kind="pingback", url=f"{OLD}/?p=99")
    )
    path = tmp_path / "pinged.xml"
    path.write_bytes(
        wxr(
            item(1, title="Pinged", more=pings),
            item(2, title="Pinging", body=f'<p><a href="{OLD}/?p=1">one</a></p>'),
            item(3, title="Private", status="private"),
        )
    )
    return path


def test_only_pings_from_the_sites_written_posts_change(tmp_path: Path) -> None:
    rows = _rows(_pinged(tmp_path), tmp_path / "out.jsonl")
    urls = {row["id"]: row.get("url") for row in rows}
    assert _author_urls(rows) == {
        11: urls[2],
        12: urls[2] + "#more",
        # A private post's address: excluded, no page to link; kept, as WordPress had it.
        13: f"{OLD}/?p=3",
        14: "https://other.example/?p=2",
        # A commenter's own site, typed: theirs, even when it is one of these posts.
        15: f"{OLD}/?p=2",
        16: f"{OLD}/?p=99",
    }


def test_without_links_rewritten_they_stay(tmp_path: Path) -> None:
    config = _config(tmp_path, "[links]\ninternal = false\n")
    rows = _rows(_pinged(tmp_path), tmp_path / "out.jsonl", config)
    assert _author_urls(rows)[11] == f"{OLD}/?p=2"


def test_the_wxr_keeps_the_exports_address(tmp_path: Path) -> None:
    # A real import (WordPress 6.5 and its importer, 0.9) of the sample's --to wxr stored
    # the pingback's author URL as written, "/2010/03/medias-sociaux-ca-prend-du-temps/":
    # the static site's path, which that WordPress does not serve (its permalinks are the
    # old site's, or its own). The original export gave the old address; so must we.
    source = _pinged(tmp_path)
    out = tmp_path / "out.xml"
    convert(str(source), "wxr", str(out), Options(progress=False))
    with read(str(out)) as export:
        written = {c.id: c.author_url for i in export for c in i.comments}
    with read(str(source)) as export:
        exported = {c.id: c.author_url for i in export for c in i.comments}
    assert written == exported
    rows = _rows(source, tmp_path / "out.jsonl")
    assert _author_urls(rows)[11] != exported[11]  # the new site's page, in the dump
