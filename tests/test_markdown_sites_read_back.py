"""The real generators read the words back: one post full of what broke, built by Hugo
(goldmark) and Jekyll (kramdown with the configuration the writer writes).

``test_markdown_words_survive`` checks every corpus item against a CommonMark reader;
kramdown reads some Markdown differently (a "[1]: url" line is a link definition, a line
with "|" a table row, "--" a dash, "</param>" text), so here the pages the generators
build are read, words and links.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html
from markdown_helpers import site, site_build
from test_markdown_words_survive import visible_words
from wxr_builder import item, wxr

BODY = """<p>STARTMARK</p>
<p>rsync --delete; don't "x" ... a &lt;&lt; b -- c --- d &gt;&gt; e</p>
<p>[1]: <a href="http://x.org/">http://x.org/</a></p>
<p>[^1]: a note and a[2] reference</p>
<p>SET ROWRESULTS ON|OFF and <a href="http://m.example/p?l=68|69">Debian | Magazine</a></p>
<p>before</p><object data="x.swf"><param name="m" value="v"></param></object><p>after</p>
<h2>Heading</h2><h2></h2>
<p>the hassle of<strong><em> pointers</em></strong>mixed; <strong>Type: XSS<br /></strong>Next</p>
<p>special <strong>Scripts/</strong>directory and <em>Note</em><em>: this</em> bug</p>
<p>in two ways:<br />1) It will<br />- <a href="http://d.example/">Designing</a><br />-<br />x</p>
<p>Corpse C&C Fixed, <a href="http://s.example/a b" title='say "hi"'>spaced</a> and
<a href="https://en.wikipedia.org/wiki/Foo_(bar)">wiki</a> and !!!<a href="http://e.example/"></a></p>
<p>call <code> int a = 1</code> now, <code>`x`</code> and <code>a|b</code></p>
<ol class="steps"><li>b<p>c</li><li>d</li></ol><p>after <em>e</em></p>
<p>&lt;<a href="https://a.example/">https://a.example/</a>&gt; and
&lt;<a href="http://t.example/" target="_blank">t</a>&gt; or <a href="http://q.example/?a=1&section=2">q</a></p>
<p><code>pasted</p><h3>Pasted heading</h3><p>as code</code></p>
<h4>function foo() {}</h4><h4>Set {.x}</h4>
<blockquote><p>quoted</p><ul><li></li><li>item</li></ul><p>still quoted</p></blockquote>
<table><tr><th>h</th><th>i</th></tr><tr><th>row</th><td>cell</td></tr></table>
<p><a href="http://new.example/p/" target="_blank">http://old.example/p.html</a> or
<a href="http://new.example/q/" rel="nofollow">www.old.example</a>, typed http://typed.example/x_y</p>
<p>ENDMARK</p>
"""

LINKS = {
    "http://x.org/",
    "http://m.example/p?l=68|69",
    "http://d.example/",
    "http://s.example/a b",
    "https://en.wikipedia.org/wiki/Foo_(bar)",
    "http://e.example/",
    "https://a.example/",
    "http://t.example/",
    "http://q.example/?a=1&section=2",
    "http://new.example/p/",
    "http://new.example/q/",
}


def between_marks(words: list[str]) -> list[str]:
    return words[words.index("STARTMARK") + 1 : words.index("ENDMARK")]


@pytest.mark.parametrize("flavor", ["hugo", "jekyll"])
def test_generators_show_the_words_and_links(flavor: str, tmp_path: Path) -> None:
    if shutil.which(flavor) is None:
        pytest.skip(f"{flavor} is not installed")
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(item(1, body=BODY)))
    site(source, tmp_path / "site", flavor=flavor)
    public = tmp_path / "public"
    site_build(flavor, tmp_path / "site", public)
    page = (public / "2024/06/hello-1/index.html").read_text("utf-8")
    assert between_marks(visible_words(page)) == between_marks(visible_words(BODY))
    root = lxml_html.fromstring(page)
    hrefs = {unquote(a.get("href", "")) for a in root.iter("a")}
    assert {unquote(link) for link in LINKS} <= hrefs
    titles = {a.get("title") for a in root.iter("a")}
    assert 'say "hi"' in titles
    # The text of a link kept as HTML made no link inside it, and typed addresses stay
    # text, as on WordPress (goldmark's linkify cut "x_y" at its escape).
    assert not [href for href in hrefs if "old.example" in href or "typed.example" in href]
    assert not [img for img in root.iter("img") if "e.example" in (img.get("src") or "")]
    assert [h.text_content() for h in root.iter("h3")] == ["Pasted heading"]
    # goldmark reads "{...}" ending a heading as its attributes.
    assert [h.text_content() for h in root.iter("h4")] == ["function foo() {}", "Set {.x}"]
    assert [th.text_content() for th in root.iter("th")] == ["h", "i", "row"]
    quotes = [q.text_content().split() for q in root.iter("blockquote")]
    assert quotes == [["quoted", "item", "still", "quoted"]]
