"""A post split by language (qTranslate, Language Switcher) is one item per language,
each under a guid of its own: the first (the main language's) keeps the post's, the
others get ``langtags.copy_guid``'s, whatever the filters leave out. The WXR writer and
the Markdown sites' front matter give the same copy the same guid, and the feeds the
generators build (the site's, the comments') show each copy as an entry of its own:
a reader shows one entry per guid."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import node_tools
import pytest
from markdown_helpers import comment, site, site_build, written_documents
from wxr_builder import item, wxr

from wxr_tools import read
from wxr_tools.pipeline import Options, convert, open_items
from wxr_tools.report import RunReport
from wxr_tools.writers import Filters, WriteOptions

SPLITS = {
    "qtranslate": ("[:fr]Bonjour[:en]Hello[:]", "[:fr]<p>Oui</p>[:en]<p>Yes</p>[:]"),
    "comments": (
        "<!--:fr-->Bonjour<!--:--><!--:en-->Hello<!--:-->",
        "<!--:fr--><p>Oui</p><!--:--><!--:en--><p>Yes</p><!--:-->",
    ),
    "switcher": (
        "[lang_fr]Bonjour[/lang_fr][lang_en]Hello[/lang_en]",
        "[lang_fr]<p>Oui</p>[/lang_fr][lang_en]<p>Yes</p>[/lang_en]",
    ),
}
POST = "https://example.org/?p=10"
GUIDS = {"Bonjour": POST, "Hello": f"{POST}&lang=en"}
CONTENT = {"hugo": "content", "jekyll": ".", "eleventy": "content", "astro": "src/content"}


def _export(tmp_path: Path, syntax: str = "qtranslate") -> Path:
    """A French site: post 10 in French and English, with two comments, and two posts."""
    title, body = SPLITS[syntax]
    later = ("2024-06-07 10:00:00", "2024-06-07 08:00:00")
    comments = comment(1) + comment(2, when=later)
    source = tmp_path / f"{syntax}.xml"
    posts = (item(11, title="Autre"), item(12, title="Encore"))
    source.write_bytes(wxr(item(10, title=title, body=body, more=comments), *posts))
    return source


def _wxr_guids(source: Path, out: Path, filters: Filters | None) -> dict[str, str]:
    convert(str(source), "wxr", str(out), Options(progress=False), filters=filters)
    with read(str(out)) as export:
        return {i.title: i.guid for i in export}


def _front_matter_guids(out: Path, flavor: str) -> dict[str, str]:
    docs = written_documents(out, CONTENT[flavor])
    return {d["title"]: d["wordpress"]["guid"] for d in docs if "guid" in d.get("wordpress", {})}


@pytest.mark.parametrize("syntax", sorted(SPLITS))
@pytest.mark.parametrize("langs", [(), ("en",), ("fr",)], ids=["all", "en", "fr"])
def test_the_wxr_writer_and_the_front_matter_agree(
    tmp_path: Path, syntax: str, langs: tuple[str, ...]
) -> None:
    source = _export(tmp_path, syntax)
    filters = Filters(langs=frozenset(langs)) if langs else None
    written = _wxr_guids(source, tmp_path / "out.xml", filters)
    out = tmp_path / "site"
    convert(str(source), "markdown", str(out), Options(progress=False), WriteOptions(), filters)
    assert _front_matter_guids(out, "hugo") == written
    # The copy's guid is its language's, not the first written copy's: with "en" only,
    # the English copy takes the post's id but keeps its own guid.
    expected = {t: g for t, g in GUIDS.items() if not langs or (t == "Hello") == (langs[0] == "en")}
    assert {t: g for t, g in written.items() if t in GUIDS} == expected
    assert len(set(written.values())) == len(written)


def _feeds(public: Path) -> dict[str, list[str]]:
    """Every RSS feed the build wrote (by path): its entries' guids."""
    feeds = {}
    for path in sorted(public.rglob("*.xml")):
        root = ElementTree.parse(path).getroot()
        if root.tag == "rss":
            feeds[str(path.relative_to(public))] = [g.text or "" for g in root.iter("guid")]
    return feeds


def _build(flavor: str, out: Path, public: Path) -> Path:
    """The site in ``out`` built by ``flavor``'s real tool; where it went."""
    if flavor in ("hugo", "jekyll"):
        if shutil.which(flavor) is None:
            pytest.skip(f"{flavor} is not installed")
        site_build(flavor, out, public)
        return public
    reason = node_tools.missing(flavor)
    if reason is not None:
        pytest.skip(f"{flavor} site not built: {reason}")
    done = node_tools.build(flavor, out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / node_tools.OUTPUT[flavor]


@pytest.mark.parametrize("flavor", sorted(CONTENT))
def test_each_copy_is_an_entry_of_its_own_in_the_built_feeds(flavor: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(_export(tmp_path), out, flavor=flavor)
    public = _build(flavor, out, tmp_path / "public")
    feeds = _feeds(public)
    for path, guids in feeds.items():
        assert len(guids) == len(set(guids)), f"{path}: {guids}"
    every = {g for guids in feeds.values() for g in guids}
    assert set(GUIDS.values()) <= every  # both copies in the site's feed
    comments = {f"{g}#comment-{c}" for g in GUIDS.values() for c in (1, 2)}
    assert comments <= every  # and each copy's comments under its own guid
    assert set(GUIDS.values()) <= set(_front_matter_guids(out, flavor).values())


def test_a_copy_written_for_the_main_one_keeps_its_permalink_guid_as_an_old_address(
    tmp_path: Path,
) -> None:
    # A guid in the form of a permalink (a former permalink structure) is an old address
    # of the post. With "en" only, the English copy answers for the post's old addresses
    # (its own guid, with ?lang=en, is not one of them).
    permalink = "https://example.org/2012/bonjour/"
    source = _export(tmp_path)
    source.write_text(source.read_text("utf-8").replace(f">{POST}</guid>", f">{permalink}</guid>"))
    report = RunReport()
    opened = open_items(
        str(source), Options(progress=False), report, filters=Filters(langs=frozenset({"en"}))
    )
    try:
        with opened.export:
            english = next(i for i in opened.items if i.title == "Hello")
    finally:
        opened.close()
    assert english.guid == f"{permalink}?lang=en"
    assert permalink in english.old_urls
