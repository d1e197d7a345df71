"""``--to ghost``: the HTML as Ghost's importer keeps it (``ghostcards``).

Each case is what a real Ghost (6.65.0, its Admin API's ``POST /db/`` with our zip, and
its converter ``@tryghost/kg-html-to-lexical`` on the same HTML) made of our HTML before:
the input Ghost lost content of, and what it kept. Ghost's importer converts ``html`` to
its editor's document and drops what the converter has no node for, silently; a block
between ``<!--kg-card-begin: html-->`` and ``<!--kg-card-end: html-->`` it keeps as an
HTML card, as written (the converter's ``html`` parser).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from wxr_tools.model import Item, Site
from wxr_tools.pipeline import Options, convert
from wxr_tools.report import RunReport
from wxr_tools.writers import WriteJob
from wxr_tools.writers.ghost import write
from wxr_tools.writers.ghostcards import CARD_BEGIN, CARD_END, for_ghost

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "ctts-sample.xml"


def card(html: str) -> str:
    return CARD_BEGIN + html + CARD_END


# What Ghost dropped (its output in the comment), each block then kept in a card.
LOST = [
    # <p>Then run Konqueror…<br><a href="…png"></a></p>: the image gone (chrisjrob's blog)
    '<p>Then run it.<br />\n<a href="/content/images/k.png">'
    '<img src="/content/images/k.png" /></a></p>',
    '<a href="/x/"><img src="/content/images/a.jpg"></a>',  # nothing at all
    # a gallery: one image card, the first image's; the second gone (ctts-sample's post 215)
    '<figure class="wp-block-gallery columns-2"><a href="/a.jpg"><img src="/a.jpg" alt=""></a>'
    '<a href="/b.jpg"><img src="/b.jpg" alt=""></a></figure>',
    '<figure class="wp-block-gallery"><figure class="wp-block-image"><img src="/a.jpg"></figure>'
    '<figure class="wp-block-image"><img src="/b.jpg"></figure></figure>',
    '<p><audio controls src="/content/media/a.mp3"></audio></p>',  # nothing
    # <p>c</p>: the caption alone
    '<figure class="wp-block-video"><video controls src="/v.mp4"></video><figcaption>c</figcaption>'
    "</figure>",
    # the players
    '<ol class="playlist"><li>One<br><audio controls src="/a.mp3"></audio></li></ol>',
    '<object data="/a.swf"><embed src="/a.swf"></object>',  # nothing
    '<blockquote class="twitter-tweet"><p>t</p></blockquote>'
    '<script src="https://platform.twitter.com/widgets.js"></script>',
    "<dl><dt>T</dt><dd>D</dd></dl>",  # <p>TD</p>
    "<details><summary>S</summary><p>body</p></details>",  # <p>S</p><p>body</p>
    # the list's items run together in the quote's text (chrisjrob's blog)
    "<blockquote><p>You need:</p>\n<ol>\n<li>a PC</li>\n<li>a reader</li>\n</ol>\n</blockquote>",
    "<pre><code>x</code> y</pre>",  # <pre><code>x</code></pre>: " y" gone
    '<pre style="padding-left:60px;">$ sudo apt-get install \\\n<b>php5</b></pre>',  # a paragraph
    "<div><pre>$ ls</pre></div>",  # a paragraph
]


@pytest.mark.parametrize("html", LOST)
def test_what_ghost_loses_is_kept_in_an_html_card(html: str) -> None:
    kept, cards = for_ghost(html)
    if "<script" in html:  # the tweet's quote is Ghost's to keep; the script is not
        quote, _, script = html.partition("<script")
        assert kept == quote + card("<script" + script) and cards == 1
        return
    assert kept == card(html) and cards == 1


# What Ghost made cards of itself, as written: left alone, byte for byte.
KEPT = [
    "<p>a <strong>b</strong> <a href='/x/'>c</a></p>",
    '<p><img SRC="http://lh3.google.com/x.JPG?imgmax=400" /></p>',  # an image card
    '<p>text <img src="/a.jpg"> more</p>',  # <p>text</p><figure…><p>more</p>
    '<figure id="attachment_216" class="wp-caption"><a href="/a.jpg"><img src="/a.jpg" /></a>'
    '<figcaption class="wp-caption-text">On stage</figcaption></figure>',  # image card, caption
    '<div><img src="/a.jpg"></div>',  # an image card
    '<p><iframe src="https://www.youtube.com/embed/x"></iframe></p>',  # an embed card
    "<table><tr><td>x</td></tr></table>",  # an HTML card of Ghost's own
    "<blockquote><p>one</p><p>two</p></blockquote>",  # one<br><br>two
    '<pre class="wp-block-code"><code>&lt;p>Bonjour&lt;/p></code></pre>',  # a code card
    "<ul><li>a<ul><li>b</li></ul></li></ul>",
    "<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->",
    "plain text, no tags",
    "",
]


@pytest.mark.parametrize("html", KEPT)
def test_what_ghost_keeps_is_left_alone(html: str) -> None:
    assert for_ghost(html) == (html, 0)


def test_a_pre_of_text_gets_its_code() -> None:
    # Ghost made "<p>a &lt; b<br>  c</p>" of it; with a <code>, a code card (chrisjrob's
    # blog: 19 <pre> of 19 posts were paragraphs in Ghost).
    html = '<p>Run:</p>\n<pre class="x">a &lt; b\n  c</pre>\n<p>Done.</p>'
    assert for_ghost(html) == (
        '<p>Run:</p>\n<pre class="x"><code>a &lt; b\n  c</code></pre>\n<p>Done.</p>',
        0,
    )


def test_only_the_block_is_carded_and_the_rest_stays() -> None:
    html = '<p>One.</p>\n<p><a href="/a.jpg"><img src="/a.jpg"></a></p>\n<h2>Two</h2>'
    kept, cards = for_ghost(html)
    assert kept == (
        "<p>One.</p>\n" + card('<p><a href="/a.jpg"><img src="/a.jpg"></a></p>') + "\n<h2>Two</h2>"
    )
    assert cards == 1


def test_a_paragraph_left_open_is_closed_around_the_card() -> None:
    # Ghost reads a card between two comments side by side only: inside an open <p> the
    # first comment would be the paragraph's, and the player lost.
    html = "<p>open\n<p>two <audio controls src=a.mp3></audio>\n<p>three"
    kept, cards = for_ghost(html)
    assert kept == (
        "<p>open\n</p>" + card("<p>two <audio controls src=a.mp3></audio>\n</p>") + "<p>three"
    )
    assert cards == 1


def test_the_writer_writes_cards_and_counts_them(tmp_path: Path) -> None:
    out = tmp_path / "ghost.json"
    html = '<p>Text.</p>\n<p><a href="/x/"><img src="/content/images/a.jpg"></a></p>'
    item = Item(id=1, type="post", status="publish", title="T", content=html)
    report = RunReport(items_read=1)
    job = WriteJob(Site(), [], [], items=iter([item]), output=str(out), report=report)
    write(job)
    [post] = json.loads(out.read_text("utf-8"))["db"][0]["data"]["posts"]
    assert post["html"] == "<p>Text.</p>\n" + card(html.partition("\n")[2])
    assert report.counts["blocks in HTML cards (ghost's editor would lose them)"] == 1


def test_the_sample_gallery_is_in_a_card_in_the_zip(tmp_path: Path) -> None:
    # ctts-sample's post 215: Ghost showed the gallery's first image alone.
    out = tmp_path / "site.zip"
    report = convert(str(SAMPLE), "ghost", str(out), Options())
    with zipfile.ZipFile(out) as packed:
        data = json.loads(packed.read("site.json"))["db"][0]["data"]
    [post] = [p for p in data["posts"] if p["comment_id"] == "215"]
    gallery = post["html"].index('<figure class="wp-block-gallery')
    assert post["html"][:gallery].endswith(CARD_BEGIN)
    assert post["html"].index(CARD_END, gallery) > post["html"].index("public.jpg", gallery)
    assert report.counts["blocks in HTML cards (ghost's editor would lose them)"] >= 1


def test_what_a_post_leaves_open_is_closed_inside_its_card() -> None:
    # cedricporter's blog: "<pre>…<a>jindong</a>\n<pre><code>…</code></pre>\n<p>…<a><img>
    # </a></p>" with the first <pre> never closed: the end comment was inside it, Ghost
    # read no card, and the image was lost.
    html = (
        '<pre>Get it: <a href="/j.rar">j</a>\n<pre><code>x</code></pre>\n'
        '<p><a href="/i.png"><img src="/i.png"></a></p>'
    )
    kept, cards = for_ghost(html)
    assert kept == card(html + "</pre>") and cards == 1
