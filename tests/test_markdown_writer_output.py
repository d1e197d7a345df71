"""``wxr convert --to markdown``: what is written. Golden sites, front matter, HTML to Markdown.

Golden trees live in ``fixtures/writers/markdown/<flavor>/``; after a deliberate change,
regenerate them with ``WXR_UPDATE_GOLDEN=1 pytest tests/test_markdown_writer_output.py -k golden``
and read the diff before committing it. Safety, accounting and real builds are in
``test_markdown_writer_site.py``; the shared helpers in ``markdown_helpers.py``.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import ROOT, SAMPLE, site, tree, write_tricky, written_documents
from wxr_builder import item, wxr

from wxr_tools.pipeline import Options, convert
from wxr_tools.writers import WriteOptions
from wxr_tools.writers.markdown.document import readable
from wxr_tools.writers.markdown.frontmatter import parse
from wxr_tools.writers.markdown.html import to_markdown

GOLDEN = ROOT / "fixtures" / "writers" / "markdown"
GOLDEN_OPTIONS = {
    "hugo": WriteOptions(flavor="hugo", redirects="nginx"),
    "jekyll": WriteOptions(flavor="jekyll", redirects="netlify"),
    "eleventy": WriteOptions(flavor="eleventy", redirects="csv"),
    "astro": WriteOptions(flavor="astro", redirects="apache"),
}


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    """``markdown_helpers.write_tricky``: the export with what goes wrong."""
    return write_tricky(tmp_path)


# -- golden sites ----------------------------------------------------------------------


@pytest.mark.parametrize("flavor", list(GOLDEN_OPTIONS))
def test_golden(flavor: str, tmp_path: Path) -> None:
    out = tmp_path / flavor
    report = convert(
        str(SAMPLE), "markdown", str(out), Options(progress=False), GOLDEN_OPTIONS[flavor]
    )
    got = tree(out)
    expected_root = GOLDEN / flavor
    if os.environ.get("WXR_UPDATE_GOLDEN"):
        shutil.rmtree(expected_root, ignore_errors=True)
        shutil.copytree(out, expected_root)
    expected = tree(expected_root)
    assert sorted(got) == sorted(expected)
    for path, data in expected.items():
        assert got[path].decode("utf-8") == data.decode("utf-8"), path
    assert report.items_read == 14


# -- front matter ----------------------------------------------------------------------

EXPECTED_342 = {
    "title": "Médias sociaux: ça prend du temps",
    "date": datetime(2010, 3, 15, 9, 12, tzinfo=timezone(timedelta(hours=1))),
    "lastmod": datetime(2010, 3, 15, 9, 20, 45, tzinfo=timezone(timedelta(hours=1))),
    "draft": False,
    "slug": "medias-sociaux-ca-prend-du-temps",
    "lang": "fr",
    "categories": ["Internet", "Médias sociaux"],
    "tags": ["Les Quotidiennes", "temps"],
    "series": ["Chroniques du monde connecté"],  # a theme's taxonomy, with its pages
    "summary": (
        "Les médias sociaux prennent du temps. Mais, au fond, tout prend du temps: "
        "reste à savoir le temps de qui."
    ),
    "summaries": {
        "en": "I write a weekly column for Les Quotidiennes, which I also publish here so "
        "that it stays in my archives."
    },
    "original_url": "https://www.lesquotidiennes.example/chroniques/2010/03/medias-sociaux-temps",
    "original_publication": "Les Quotidiennes",
    "aliases": ["/archives/2010/03/15/medias-sociaux-ca-prend-du-temps/"],
    "url": "/2010/03/medias-sociaux-ca-prend-du-temps/",
    "author": "Claire Morand",
    "wordpress": {
        "id": 342,
        "type": "post",
        "status": "publish",
        "link": "https://ctts.example.org/archives/2010/03/15/medias-sociaux-ca-prend-du-temps/",
        "guid": "http://ctts.example.org/?p=342",
    },
}


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
def test_front_matter_parses_back(fmt: str, tmp_path: Path) -> None:
    site(SAMPLE, tmp_path / "site", front_matter=fmt)
    doc = tmp_path / "site/content/posts/medias-sociaux-ca-prend-du-temps/index.fr.md"
    data = parse(doc.read_text("utf-8"))
    assert data == EXPECTED_342
    if fmt == "yaml":  # TOML puts tables (summaries, wordpress) after the plain keys
        assert list(data) == list(EXPECTED_342)  # keys in the documented order


def test_jekyll_front_matter(tmp_path: Path) -> None:
    site(SAMPLE, tmp_path / "site", flavor="jekyll")
    doc = tmp_path / "site/_posts/fr/2010-03-15-medias-sociaux-ca-prend-du-temps.md"
    data = parse(doc.read_text("utf-8"))
    assert data["date"] == "2010-03-15 09:12:00 +0100"
    assert data["redirect_from"] == ["/archives/2010/03/15/medias-sociaux-ca-prend-du-temps/"]
    assert data["permalink"] == "/2010/03/medias-sociaux-ca-prend-du-temps/"
    assert "aliases" not in data and "url" not in data
    draft = parse((tmp_path / "site/_drafts/fr/plus-de-vingt-ans-de-blog.md").read_text("utf-8"))
    assert draft["draft"] is True


def test_template_syntax_is_escaped_per_flavor(tricky: Path, tmp_path: Path) -> None:
    site(tricky, tmp_path / "hugo")
    hugo = (tmp_path / "hugo/content/posts/hello-10/index.fr.md").read_text("utf-8")
    body = hugo.split("\n---\n", 1)[1]
    assert "{{<" not in body and "{{%" not in body  # Hugo would run them
    assert "&#123;{< shortcode >}}" in body and "<pre><code>&#123;{< in code >}}" in body
    site(tricky, tmp_path / "jekyll", flavor="jekyll")
    jekyll = parse(next((tmp_path / "jekyll/_posts").rglob("*-hello-10.md")).read_text("utf-8"))
    assert jekyll["render_with_liquid"] is False
    site(tricky, tmp_path / "eleventy", flavor="eleventy")
    eleventy = parse((tmp_path / "eleventy/content/fr/posts/hello-10.md").read_text("utf-8"))
    assert eleventy["templateEngineOverride"] == "md"
    plain = parse((tmp_path / "eleventy/content/fr/posts/hello-11.md").read_text("utf-8"))
    assert "templateEngineOverride" not in plain


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("/2012/12/%e8%b0%83%e8%af%95nginx/", "/2012/12/调试nginx/"),
        ("/a%E2%80%A0b/", "/a†b/"),
        ("/a%20b/%3F/%2F/%25/", "/a%20b/%3F/%2F/%25/"),  # decoded, they change the path
        ("/bad-%e8%b0/", "/bad-%e8%b0/"),  # not UTF-8: kept
        ("/plain/", "/plain/"),
    ],
)
def test_front_matter_urls_are_readable(url: str, written: str) -> None:
    # Hugo, Eleventy and Astro name the page's folder after the URL as written.
    assert readable(url) == written


@given(st.text(alphabet="%89aAeEf0/x†é", max_size=30))
def test_readable_urls_mean_the_same(url: str) -> None:
    assert unquote(readable(url)) == unquote(url)


def test_non_ascii_slugs_are_written_decoded(tmp_path: Path) -> None:
    post = item(5, title="Nginx").replace("hello-5", "%e8%b0%83%e8%af%95nginx")
    post = post.replace("/?p=5</link>", "/2024/06/%e8%b0%83%e8%af%95nginx/</link>")
    (tmp_path / "utf8.xml").write_bytes(wxr(post))
    for flavor, key in (("hugo", "url"), ("eleventy", "permalink"), ("astro", "permalink")):
        site(tmp_path / "utf8.xml", tmp_path / flavor, flavor=flavor)
        docs = [parse(p.read_text("utf-8")) for p in (tmp_path / flavor).rglob("*.md")]
        (doc,) = [d for d in docs if d["wordpress"]["type"] == "post"]  # not its month's
        assert doc[key] == "/2024/06/调试nginx/"
        assert "aliases" not in doc  # its old URL is its own: no redirect to itself


def test_old_urls_are_paths_as_a_server_maps_them(tmp_path: Path) -> None:
    page = item(5, post_type="page").replace("/?p=5</link>", "//hello-5/</link>")
    other = item(6, post_type="page").replace("/?p=6</link>", "//old//place/</link>")
    (tmp_path / "slashes.xml").write_bytes(wxr(page, other))
    site(tmp_path / "slashes.xml", tmp_path / "site", flavor="eleventy")
    pages = tmp_path / "site/content/fr/pages"
    assert "aliases" not in parse((pages / "hello-5.md").read_text("utf-8"))  # its own file
    assert parse((pages / "hello-6.md").read_text("utf-8"))["aliases"] == ["/old/place/"]


def test_a_sticky_post_says_so(tmp_path: Path) -> None:
    sticky = item(5).replace("<wp:is_sticky>0</wp:is_sticky>", "<wp:is_sticky>1</wp:is_sticky>")
    assert sticky != item(5)
    (tmp_path / "sticky.xml").write_bytes(wxr(sticky, item(6)))
    site(tmp_path / "sticky.xml", tmp_path / "site")
    docs = {
        d["wordpress"]["id"]: d
        for d in written_documents(tmp_path / "site", "content/posts")  # not the dates'
    }
    assert docs[5]["wordpress"]["sticky"] is True  # first on WordPress's home page
    assert "sticky" not in docs[6]["wordpress"]


# -- HTML to Markdown ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        (
            "<p>Typed *stars* and _under_ and `ticks`</p>",
            "Typed \\*stars\\* and \\_under\\_ and \\`ticks\\`\n",
        ),
        ("<p>5 * 3 and snake_case_name</p>", "5 * 3 and snake_case_name\n"),
        ("<p># not a heading</p><p>&gt; not a quote</p>", "\\# not a heading\n\n\\> not a quote\n"),
        ("<p>&lt;b&gt;not bold&lt;/b&gt; &amp;amp;</p>", "&lt;b>not bold&lt;/b> &amp;amp;\n"),
        # Typed references stay text: "&#65;" would read "A" ("&#" was missed).
        ("<p>&amp;#65; &amp;#x10FFFF; &amp;# 1</p>", "&amp;#65; &amp;#x10FFFF; &# 1\n"),
        ("<p>[x](y) and ![i](j)</p>", "\\[x\\](y) and \\!\\[i\\](j)\n"),
        ("<p><em>in <a href='u'>link</a></em></p>", "*in [link](u)*\n"),
        (
            '<p><span lang="fr">oui</span> <a hreflang="de" href="/de/">de</a></p>',
            '<span lang="fr">oui</span> <a hreflang="de" href="/de/">de</a>\n',
        ),
        ("<p>a <u>b</u> <del>c</del> <kbd>d</kbd></p>", "a <u>b</u> <del>c</del> <kbd>d</kbd>\n"),
        ("<pre>  keep\n\n  *this*  &amp; that</pre>", "```\n  keep\n\n  *this*  & that\n```\n"),
        ('<pre><code class="language-php">$a = "`x`";</code></pre>', '```php\n$a = "`x`";\n```\n'),
        ("<p><code>a `b` c</code></p>", "``a `b` c``\n"),
        (
            "<iframe src='https://v.example/e/1'></iframe>",
            "<iframe src='https://v.example/e/1'></iframe>\n",
        ),
        (
            "<figure><img src='a.jpg' alt='A'><figcaption>Cap</figcaption></figure>",
            "<figure><img src='a.jpg' alt='A'><figcaption>Cap</figcaption></figure>\n",
        ),
        ("<figure><img src='a.jpg' alt='A'></figure>", "![A](a.jpg)\n"),
        (
            "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
            "| A   | B  |\n|-----|----|\n| 1   | 2  |\n",
        ),
        (
            "<table><tr><td>no header</td></tr></table>",
            "<table><tr><td>no header</td></tr></table>\n",
        ),
        (
            # From the margin: Astro trims a body's start (test_markdown_astro_lists.py).
            "<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>",
            "- one\n- two\n  - deep\n",
        ),
        ("<blockquote><p>q</p><pre>x</pre></blockquote>", "> q\n> \n> ```\n> x\n> ```\n"),
        (
            '<div lang="en"><p><em>Hi</em></p>\n\n<p>there</p></div>',
            '<div lang="en">\n\n*Hi*\n\nthere\n\n</div>\n',
        ),
        (
            "<figure><pre>a\n\nb</pre><figcaption>c</figcaption></figure>",
            "<figure><pre>a\n&#10;b</pre><figcaption>c</figcaption></figure>\n",
        ),
        ("", ""),
    ],
)
def test_html_to_markdown(source: str, markdown: str) -> None:
    assert to_markdown(source, "astro") == markdown


def test_jekyll_wrappers_ask_kramdown_for_markdown() -> None:
    assert to_markdown('<div lang="en"><p>x</p></div>', "jekyll").startswith(
        '<div lang="en" markdown="1">'
    )
