"""Shared by the Markdown writer tests: running a conversion, and a tricky export.

``site`` converts an export to a Markdown site; ``tree`` reads a written tree back;
``write_tricky`` writes the export each test module's ``tricky`` fixture provides;
``merged_export``, ``check_built`` and their helpers serve the tests that build the
written site with the real generators.
Test modules import this as ``from markdown_helpers import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on ``sys.path``.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from link_helpers import dead_links
from wxr_builder import item, wxr

from wxr_tools.archives import page_key
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.converter import Converter
from wxr_tools.writers.markdown.frontmatter import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"


def converted(source: str, **options: bool) -> str:
    """The conversion, or the error html2text fails with (nested tables, for one)."""
    try:
        result: str = Converter(**options).handle(source)
    except Exception as error:  # the same failure is the same result
        return f"{type(error).__name__}: {error}"
    return result


def jekyll_build(source: Path, public: Path) -> None:
    """Build the Jekyll site at ``source`` into ``public``; fails the test if it fails."""
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(source), "-d", str(public)],
        capture_output=True,
        text=True,
        env={**os.environ, "JEKYLL_ENV": "production", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr


def site_build(flavor: str, source: Path, public: Path) -> None:
    """Build the Hugo or Jekyll site at ``source`` into ``public``."""
    if flavor == "jekyll":
        jekyll_build(source, public)
        return
    done = subprocess.run(
        ["hugo", "--quiet", "-s", str(source), "-d", str(public)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def site(source: Path, out: Path, *, removed: tuple[str, ...] = (), **options: Any) -> RunReport:
    """``source`` converted into ``out`` (``removed``: transforms left out)."""
    return convert(
        str(source),
        "markdown",
        str(out),
        Options(progress=False, remove=removed),
        WriteOptions(**options),
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def comment(
    cid: int,
    parent: int = 0,
    approved: str = "1",
    text: str = "Nice post",
    when: tuple[str, str] = ("2024-06-06 10:00:00", "2024-06-06 08:00:00"),
) -> str:
    """A comment of ``Reader <cid>``, with an e-mail and an IP; ``when``: local, GMT."""
    return (
        f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Reader {cid}]]></wp:comment_author>"
        f"<wp:comment_author_email>r{cid}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url>https://reader.example/{cid}</wp:comment_author_url>"
        f"<wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>"
        f"<wp:comment_date>{when[0]}</wp:comment_date>"
        f"<wp:comment_date_gmt>{when[1]}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def dated(post_id: int, local: str, gmt: str, **options: str) -> str:
    """An item (``wxr_builder.item``) with its local and GMT dates (``YYYY-MM-DD HH:MM:SS``)."""
    text = item(post_id, **options)
    text = text.replace("[2024-06-05 18:04:48]", f"[{local}]")
    return text.replace("[2024-06-05 16:04:48]", f"[{gmt}]")


NEAR_MIDNIGHT = {
    # post id → (local date, GMT date, the day the author's site showed, as the pages of
    # the export's language, French, write it)
    31: ("2024-06-06 00:30:00", "2024-06-05 22:30:00", "2024-06-06", "6 juin 2024"),  # UTC+2
    32: ("2024-06-05 23:30:00", "2024-06-06 04:30:00", "2024-06-05", "5 juin 2024"),  # UTC-5
}
"""Posts whose day in UTC is not the day their author's site showed."""


def near_midnight() -> list[str]:
    return [
        dated(post_id, local, gmt, title=f"Near midnight {post_id}")
        for post_id, (local, gmt, _, _) in NEAR_MIDNIGHT.items()
    ]


TEMPLATED = (
    "<p>Hugo {{< shortcode >}} and {{% md %}}, Liquid {{ page.title }} and "
    "{% include x.html %}, Nunjucks {# note #}.</p>\n"
    "<pre><code>{{< in code >}} {% raw %}</code></pre>\n"
    "<p>Inline <code>{{< code >}}</code>.</p>"
)


TERMS = "".join(
    f'\t\t<category domain="{taxonomy}" nicename="{slug}"><![CDATA[{name}]]></category>\n'
    for taxonomy, slug, name in (
        ("category", "c-go", "C++ & Go"),
        ("category", "node-js", "Node.js"),
        ("category", "medias-societe", "Médias  Société"),
        ("post_tag", "%e6%97%a5%e6%9c%ac%e8%aa%9e", "日本語"),
        ("post_tag", "50-off", "50% off"),
        ("post_tag", "ca", "Ça !"),
        ("post_tag", "net", ".NET"),
        ("post_format", "post-format-aside", "Aside"),
        ("genre", "essai", "Essai"),
    )
)
"""Categories and tags whose names Hugo makes paths of in its own way (``hugo_key``), a
post format and a theme's own taxonomy."""


def write_tricky(tmp_path: Path) -> Path:
    """An export with what goes wrong: template syntax, a shared slug, translations,
    a language wrapper, a draft, menu items, media, a private post, comments."""
    comments = comment(1) + comment(2, parent=1) + comment(3, approved="spam") + comment(4)
    items = [
        item(10, title="Templates {{< here >}}", body=TEMPLATED, more=comments),
        item(11, title="Twin one", body="<p>One</p>", more=TERMS),
        item(12, title="Twin two", body="<p>Two</p>"),
        item(
            13, title="[:en]Hello[:fr]Bonjour[:]", body="[:en]<p>Hi *you*</p>[:fr]<p>Salut</p>[:]"
        ),
        item(
            14,
            title="About",
            post_type="page",
            body='<div lang="en"><p><em>Markdown</em> inside</p></div>\n<p>Suite</p>',
        ),
        item(15, title="Draft", status="draft"),
        item(16, title="", post_type="nav_menu_item"),
        item(17, title="Photo", post_type="attachment", status="inherit"),
        item(18, title="Secret", status="private", more=comment(5)),
    ]
    data = wxr(*items).decode("utf-8")
    data = data.replace("hello-12", "hello-11")  # the twins share a slug and a day
    path = tmp_path / "tricky.xml"
    path.write_text(data, encoding="utf-8")
    return path


# -- real builds (Hugo, Jekyll, Eleventy, Astro) ------------------------------------------


def page_file(root: Path, url: str) -> Path:
    """The file a static server sends for ``url``: it decodes the path first."""
    path = root / unquote(url).strip("/")
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def written_documents(out: Path, content: str) -> list[dict[str, Any]]:
    return [parse(p.read_text("utf-8")) for p in sorted((out / content).rglob("*.md"))]


def check_pages(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Every document but the drafts is a page at its URL, with its title."""
    for doc in docs:
        if doc.get("draft"):
            continue
        page = page_file(public, doc[url_key])
        assert page.is_file(), f"{doc['title']!r}: no page at {doc[url_key]}"
        assert doc["title"] in html.unescape(page.read_text("utf-8"))


def check_translations(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each page of a translation group links the group's other pages, each once, under
    its title, and nothing else, in its list of translations."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        if "translationKey" in doc and not doc["draft"]:
            by_key.setdefault(doc["translationKey"], []).append(doc)
    assert by_key, "the export has translations"
    for group in by_key.values():
        for doc in group:
            text = page_file(public, doc[url_key]).read_text("utf-8")
            nav = re.search(r'<nav class="translations">(.*?)</nav>', text, re.S)
            assert nav is not None, f"{doc[url_key]}: no translations"
            links = re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', nav.group(1), re.S)
            wanted = [(o[url_key], o["title"]) for o in group if o is not doc]
            found = [(unquote(href), html.unescape(title)) for href, title in links]
            assert sorted(found) == sorted((unquote(u), t) for u, t in wanted), doc[url_key]


def check_built(public: Path, docs: list[dict[str, Any]], url_key: str, alias_key: str) -> None:
    check_pages(public, docs, url_key)
    for doc in docs:
        for alias in [] if doc.get("draft") else doc.get(alias_key, []):
            redirect = page_file(public, alias)
            assert redirect.is_file(), f"no redirect page at {alias}"
            # Hugo writes the address it sends to percent-encoded.
            assert unquote(doc[url_key]) in unquote(redirect.read_text("utf-8"))
    check_translations(public, docs, url_key)
    check_term_pages(public, docs, url_key)
    check_date_pages(public, docs, url_key)
    check_sitemap(public, docs, url_key)
    check_not_found(public, docs, url_key)
    check_words(public)
    # Media files are placed only with --media-from or --download (test_link_targets).
    assert dead_links(public, skip=("/media/",)) == []


ONE_COMMENT = dated(
    50, "2011-01-03 10:00:00", "2011-01-03 09:00:00", title="One comment", more=comment(50)
)
"""A post of the site's language (French) with one comment: the singular, at
``/2011/01/hello-50/`` (``check_words``; a month of its own: June 2024's feed holds
as many posts as its page lists)."""


def check_words(public: Path) -> None:
    """The skeleton's words are in each page's language: the sample's French column
    (republished, three comments, categories, tags and a series) and its English posts;
    ``ONE_COMMENT``'s singular (the merged export must hold it)."""

    def page(url: str) -> str:
        return html.unescape(page_file(public, url).read_text("utf-8"))

    column = page("/2010/03/medias-sociaux-ca-prend-du-temps/")
    assert "<h2>3 commentaires</h2>" in column
    assert '<p class="original">Publié d’abord dans <a href="https://www.lesquotidiennes' in column
    assert '<p class="terms categories">Catégories: <a' in column
    assert '<p class="terms tags">Étiquettes: <a' in column
    assert '<p class="terms series">series: <a' in column  # another taxonomy: its key
    assert "comments</h2>" not in column and "First published" not in column
    assert "<h2>1 commentaire</h2>" in page("/2011/01/hello-50/")
    english = page("/2008/11/going-solo-lyon-what-i-learned/")
    assert "<h2>3 comments</h2>" in english
    assert '<p class="terms categories">Categories: <a' in english
    assert '<p class="terms tags">Tags: <a' in english
    republished = page("/2010/09/why-i-blog-in-two-languages/")
    assert '<p class="original">First published in <a href="https://multilingual' in republished
    assert "commentaire" not in english and "Publié" not in republished


def check_sitemap(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """``/sitemap.xml`` (where the old sitemaps redirect) lists every page but the drafts,
    and no redirect page (Hugo's is an index of one sitemap per language)."""
    from xml.etree import ElementTree

    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.fromstring((public / "sitemap.xml").read_bytes())
    files = [public / "sitemap.xml"]
    if root.tag == ns + "sitemapindex":
        files = [page_file(public, urlsplit(loc.text or "").path) for loc in root.iter(ns + "loc")]
    listed = {
        unquote(urlsplit(loc.text or "").path)
        for file in files
        for loc in ElementTree.fromstring(file.read_bytes()).iter(ns + "loc")
    }
    pages = {unquote(str(d[url_key])) for d in docs if url_key in d and not d.get("draft")}
    assert pages <= listed, sorted(pages - listed)[:5]
    for url in listed:
        text = page_file(public, url).read_text("utf-8")
        assert 'http-equiv="refresh"' not in text, f"{url} is a redirect page"


def check_not_found(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """``/404.html``, which static hosts serve where there is no page: it says so in the
    site's language (the sample's is French), and links the home page and the latest
    published posts (ten at most), each a page."""
    text = (public / "404.html").read_text("utf-8")
    assert "<h1>Page introuvable</h1>" in text and '<a href="/">Accueil</a>' in text
    assert "<h2>Derniers articles</h2>" in text and "Il n’y a rien à cette adresse." in text
    assert "Page not found" not in text and "Latest posts" not in text
    posts = {
        unquote(str(d[url_key]))
        for d in docs
        if url_key in d and d.get("wordpress", {}).get("type") == "post" and not d.get("draft")
    }
    listed = [unquote(href) for href in re.findall(r'<li><a href="([^"]+)"', text)]
    assert len(listed) == min(10, len(posts)) and set(listed) <= posts, listed
    assert all(page_file(public, url).is_file() for url in listed)


def check_term_pages(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each category's and tag's page lists its posts (in Hugo: the page is the term's,
    found by its folder's name), and the tricky export's terms all have one."""
    terms = {d["title"]: d for d in docs if d["wordpress"]["type"] in ("category", "post_tag")}
    tricky = {"C++ & Go", "Node.js", "Médias  Société", "日本語", "50% off", "Ça !", ".NET"}
    assert tricky <= set(terms)
    for title, doc in terms.items():
        page = html.unescape(page_file(public, doc[url_key]).read_text("utf-8"))
        assert title in page and "<li><a href=" in page, doc[url_key]
    twin = html.unescape(page_file(public, terms["C++ & Go"][url_key]).read_text("utf-8"))
    assert "Twin one" in twin

    # Internet lists the posts of its subcategory Médias sociaux, as WordPress did.
    def listed(title: str) -> set[str]:
        text = page_file(public, terms[title][url_key]).read_text("utf-8")
        return set(re.findall(r'<li><a href="([^"]+)"', text))

    assert listed("Médias sociaux") and listed("Médias sociaux") <= listed("Internet")
    # The sample's description of the category, shown as its page's text.
    events = html.unescape(page_file(public, terms["Événements"][url_key]).read_text("utf-8"))
    assert "Conférences, formations et rencontres." in events
    # Other taxonomies' terms (the sample's series, a post format, a theme's genre):
    # each page lists exactly the published posts that carry the term.
    others = [d for d in docs if d["wordpress"]["type"] in ("series", "post_format", "genre")]
    titles = {d["title"] for d in others}
    assert titles == {"Chroniques du monde connecté", "Aside", "Essai"}, titles
    for doc in others:
        key = page_key(doc["wordpress"]["type"])
        text = page_file(public, doc[url_key]).read_text("utf-8")
        shown = {unquote(u) for u in re.findall(r'<li><a href="([^"]+)"', text)}
        # Of every kind: WordPress listed all the post types a theme's taxonomy holds.
        posts = {
            unquote(str(d[url_key]))
            for d in docs
            if d["wordpress"]["type"] not in ("category", "post_tag", "month", "year", "author")
            and not d.get("draft")
            and doc["title"] in d.get(key, [])
        }
        assert posts and shown == posts, (doc[url_key], shown ^ posts)
        kinds = {d["wordpress"]["type"] for d in docs if unquote(str(d[url_key])) in shown}
        assert doc["title"] != "Essai" or kinds == {"post", "book"}, kinds
    check_post_terms(public, docs, url_key)
    check_term_feeds(public, docs, url_key)


def check_term_feeds(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each term page has its feed beside it (Hugo's index.xml, the skeleton's feed.xml
    in the others): RSS of the latest posts the page lists, under their WordPress guids."""
    from xml.etree import ElementTree

    name = "index.xml" if url_key == "url" else "feed.xml"
    guids = {
        unquote(str(d[url_key])): d["wordpress"]["guid"]
        for d in docs
        if d["wordpress"]["type"] == "post" and not d.get("draft")
    }
    kinds = ("category", "post_tag", "series", "post_format", "genre")
    terms = [d for d in docs if d["wordpress"]["type"] in kinds]
    for doc in terms:
        page = page_file(public, doc[url_key]).read_text("utf-8")
        listed = [unquote(u) for u in re.findall(r'<li><a href="([^"]+)"', page)]
        posts = [u for u in listed if u in guids]
        feed = page_file(public, str(doc[url_key]) + name)
        channel = ElementTree.fromstring(feed.read_bytes()).find("channel")
        assert channel is not None, feed
        items = channel.findall("item")
        shown = [unquote(urlsplit(e.findtext("link") or "").path) for e in items]
        assert set(shown) <= set(posts) and len(shown) == min(20, len(set(posts))), feed
        assert all(e.findtext("guid") == guids[u] for e, u in zip(items, shown, strict=True))
    assert len(terms) >= 10


def check_post_terms(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each published post's page links each of its terms (categories, tags, the
    others) to that term's page, which lists the post: as a theme's "Posted in" did."""
    keys = ("categories", "tags", "series", "post_format", "genre")
    linked = 0
    for doc in docs:
        if doc["wordpress"]["type"] != "post" or doc.get("draft"):
            continue
        text = html.unescape(page_file(public, doc[url_key]).read_text("utf-8"))
        for key in keys:
            names = doc.get(key) or []
            line = re.search(rf'<p class="terms {key}">(.*?)</p>', text, re.DOTALL)
            assert bool(line) == bool(names), (doc[url_key], key)
            if line is None:
                continue
            anchors = re.findall(r'<a href="([^"]+)">([^<]*)</a>', line[1])
            links = {name: href for href, name in anchors}
            for name in names:
                assert name in links, (doc[url_key], key, name, line[1])
                listing = page_file(public, links[name]).read_text("utf-8")
                shown = {unquote(u) for u in re.findall(r'<li><a href="([^"]+)"', listing)}
                assert unquote(str(doc[url_key])) in shown, (doc[url_key], links[name])
                linked += 1
    assert linked >= 20, linked


def check_date_pages(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each month's and year's page lists the posts dated in it: the sample's 2010 has
    a French post (March) and an English one (September), on one page."""
    periods = {d["period"]: d for d in docs if d["wordpress"]["type"] in ("month", "year")}
    assert {"2010", "2010-03", "2010-09", "2019-06"} <= set(periods)
    listed: dict[str, set[str]] = {}
    for title, doc in periods.items():
        text = page_file(public, doc[url_key]).read_text("utf-8")
        listed[title] = set(re.findall(r'<li><a href="([^"]+)"', text))
        assert listed[title], doc[url_key]
        assert all(page_file(public, url).is_file() for url in listed[title])
    assert listed["2010"] == listed["2010-03"] | listed["2010-09"]
    assert [u for u in listed["2010-03"] if "medias-sociaux" in u] == list(listed["2010-03"])
    assert [u for u in listed["2010-09"] if "two-languages" in u] == list(listed["2010-09"])


def check_author_pages(public: Path, docs: list[dict[str, Any]], url_key: str) -> None:
    """Each author's page lists the published posts (every language) whose author they
    are, and only those; the merged export has two authors with posts, so both have one."""
    authors = {d["by"]: d for d in docs if d["wordpress"]["type"] == "author"}
    assert len(authors) >= 2, sorted(authors)
    for name, doc in authors.items():
        text = page_file(public, doc[url_key]).read_text("utf-8")
        listed = {unquote(u) for u in re.findall(r'<li><a href="([^"]+)"', text)}
        posts = {
            unquote(str(d[url_key]))
            for d in docs
            if d["wordpress"]["type"] == "post" and d.get("author") == name and not d.get("draft")
        }
        assert posts and listed == posts, (doc[url_key], listed ^ posts)


UTF8_SLUG = "%e8%b0%83%e8%af%95nginx"
"""A slug as WordPress keeps a non-ASCII one (调试nginx): percent-encoded UTF-8."""


def merged_export(tricky: Path, tmp_path: Path, *extra: str) -> Path:
    """The sample and the tricky export in one file (ids do not overlap), with a post
    whose old URL has a non-ASCII slug, ``ONE_COMMENT``, and ``extra`` items."""
    utf8 = item(20, title="调试Nginx").replace("hello-20", UTF8_SLUG)
    utf8 = utf8.replace("/?p=20</link>", f"/2024/06/{UTF8_SLUG}/</link>")
    sample = SAMPLE.read_text("utf-8")
    extra_text = tricky.read_text("utf-8")
    items = extra_text[extra_text.index("\t<item>") : extra_text.rindex("</channel>")]
    # A custom post type's item in a theme's taxonomy: listed on the term's page too.
    genre = '\t\t<category domain="genre" nicename="essai"><![CDATA[Essai]]></category>\n'
    items += utf8 + item(21, title="A book", post_type="book", more=genre) + ONE_COMMENT
    items += "".join(extra)
    path = tmp_path / "merged.xml"
    path.write_text(sample.replace("</channel>", items + "</channel>"), encoding="utf-8")
    return path


def front_matter_data(
    text: SearchStrategy[str], *extra: SearchStrategy[Any]
) -> SearchStrategy[dict[str, Any]]:
    """Front matter as a writer could give it: ``text`` keys, values nested a little
    (texts, ``extra`` scalars, booleans, integers, dates with and without an offset)."""
    scalar = st.one_of(
        text,
        *extra,
        st.booleans(),
        st.integers(),
        st.builds(
            lambda d, minutes: d.replace(tzinfo=timezone(timedelta(minutes=minutes))),
            st.datetimes(),
            st.integers(-14 * 60, 14 * 60),
        ),
        st.datetimes(),
    )
    return st.dictionaries(
        text,
        st.recursive(
            scalar,
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
            max_leaves=8,
        ),
        max_size=6,
    )
