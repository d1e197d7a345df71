"""Code typed in SyntaxHighlighter's shortcodes reaches the Markdown site as it was shown:
every line, its indentation, its blank lines, its ``<`` and ``&``.

The ``code`` transform's cases are in ``fixtures/transforms/code.yaml``; here the
whole chain runs (reader, default transforms, HTML to Markdown), and over the
corpus's programmers' blogs every code shortcode's code is found whole in a code
block of the converted Markdown.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from corpus_helpers import corpus_path
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from wxr_builder import item, wxr

from wxr_tools.codeblocks import CODECOLORER, is_code
from wxr_tools.pipeline import Options, convert
from wxr_tools.reader import read
from wxr_tools.shortcodes import find_shortcodes
from wxr_tools.transforms.code import ENCODED_META
from wxr_tools.writers import WriteOptions

COMMONMARK = MarkdownIt("commonmark")
CSHARP = "public int Square(int num)\n{\n\treturn num * num;\n}\n\nvar xs = new[] { 1, 2 };"
PHP = "<?php if ($a < $b && $c) echo \"[gallery ids='3']\"; ?>"
ENCODED = "&lt;?php echo &quot;a &amp;&amp; b&quot;; ?&gt;"
ENCODED_META_XML = """<wp:postmeta><wp:meta_key><![CDATA[_syntaxhighlighter_encoded]]></wp:meta_key>
<wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>"""


def code_blocks(markdown: str) -> list[tuple[str, str]]:
    """(language, code) of every code block of ``markdown``, as CommonMark reads it."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    return [
        (token.info.strip(), token.content)
        for token in COMMONMARK.parse(body)
        if token.type in ("fence", "code_block")
    ]


def raw_code(markdown: str) -> list[str]:
    """The text of each ``<pre>`` the Markdown keeps as HTML (code in a list item)."""
    blocks = [t.content for t in COMMONMARK.parse(markdown) if t.type == "html_block"]
    found = []
    for block in blocks:
        if "<pre" in block:
            root = lxml_html.fragment_fromstring(block, create_parent="div")
            found += [pre.text_content() for pre in root.iter("pre")]
    return found


def converted_posts(tmp_path: Path, *items: str) -> dict[str, str]:
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(*items))
    out = tmp_path / "site"
    convert(str(source), "markdown", str(out), Options(progress=False), WriteOptions("hugo"))
    return {p.parent.name: p.read_text("utf-8") for p in out.glob("content/posts/*/index.*.md")}


def test_code_reaches_the_markdown_whole(tmp_path: Path) -> None:
    posts = converted_posts(
        tmp_path,
        item(1, title="Squares", body=f"Here:\n\n[csharp]\n{CSHARP}\n[/csharp]\n\nDone."),
        item(2, title="Typed", body=f'[sourcecode language="php"]{PHP}[/sourcecode]'),
        item(3, title="Encoded", body=f"[php]{ENCODED}[/php]", more=ENCODED_META_XML),
    )
    assert code_blocks(posts["hello-1"]) == [("csharp", CSHARP + "\n")]
    assert code_blocks(posts["hello-2"]) == [("php", PHP + "\n")]
    assert code_blocks(posts["hello-3"]) == [("php", html.unescape(ENCODED) + "\n")]
    # The text around the code is still paragraphs.
    assert "Here:\n\n```csharp" in posts["hello-1"]
    assert "```\n\nDone." in posts["hello-1"]


def test_without_the_transform_autop_breaks_the_code(tmp_path: Path) -> None:
    """Why the transform runs before autop: after it, the code is full of line breaks."""
    source = tmp_path / "export.xml"
    source.write_bytes(wxr(item(1, title="Squares", body=f"[csharp]\n{CSHARP}\n[/csharp]")))
    out = tmp_path / "site"
    options = Options(progress=False, remove=("code",))
    convert(str(source), "markdown", str(out), options, WriteOptions("hugo"))
    text = next(out.glob("content/posts/*/index.*.md")).read_text("utf-8")
    assert not any(code == CSHARP + "\n" for _, code in code_blocks(text))


BLOGS = [
    "blogs/bhardin__spotthevuln__wordpress.xml",
    "blogs/ServiceStackV3__mythz_blog__wordpress-export.xml",
    "blogs/dmacvicar__dmacvicar.github.io.old.old__wordpress.xml",
    "blogs/alienlebarge__alienlebarge.github.com__wordpress.xml",
    "blogs/MikeChristianson__MikeChristianson.github.io__wordpress.xml",
    "blogs/cedricporter__cedricporter.github.com__wordpress.xml",
]
# WP-Syntax's <pre lang> and CodeColorer's <code lang> blocks (not a block editor's
# highlighted <code lang class="language-x">), read here without the transform's code.
LANG_ELEMENT = re.compile(r"<(pre|code)(\s[^>]*\blang=\"(\w+)\"[^>]*)>(.*?)</\1>", re.S | re.I)


def plugin_code(content: str, encoded: bool) -> list[str]:
    """The code of each code plugin's block of ``content``, as the plugin showed it."""
    codes = []
    names = {name for name in re.findall(r"\[/([\w-]+)\]", content) if is_code(name)}
    for sc in find_shortcodes(content, names):
        if sc.body is not None and sc.body.strip() and "<code>" not in content[: sc.start][-200:]:
            shown = sc.body
            colorer = CODECOLORER.fullmatch(sc.name)
            if colorer is not None:  # CodeColorer: decoded when its e mode says so
                shown = html.unescape(shown) if "e" in colorer[1] else shown
            elif encoded and "<" not in shown and ">" not in shown:
                shown = html.unescape(shown)
            codes.append(shown)
    for m in LANG_ELEMENT.finditer(content):
        if "language-" not in m[2] and "\n" in m[4]:
            codes.append(html.unescape(m[4]) if 'escaped="true"' in m[2] else m[4])
    # Line ends are the page's: CR LF shows as LF (so does Markdown).
    return [c.replace("\r\n", "\n").replace("\r", "\n").strip("\n") for c in codes]


@pytest.mark.parametrize("name", BLOGS, ids=[n.split("__")[1] for n in BLOGS])
def test_corpus_code_survives(name: str, tmp_path: Path) -> None:
    """Every code shortcode of a published post: its code, as the plugin showed it
    (stored encoded: decoded once), is one code block of the post's Markdown."""
    path = corpus_path(name)
    expected: dict[int, list[str]] = {}
    with read(str(path), recover=True) as export:
        on_wordpress_com = "wordpress.com" in export.site.generator
        for post in export:
            if post.status != "publish" or post.type not in ("post", "page"):
                continue
            encoded = on_wordpress_com or any(m.key in ENCODED_META and m.value for m in post.meta)
            codes = plugin_code(post.content, encoded)
            if codes:
                expected[post.id] = codes
    assert expected, f"{name} has code shortcodes"
    out = tmp_path / "site"
    options = Options(progress=False, recover=True)
    convert(str(path), "markdown", str(out), options, WriteOptions("hugo"))
    found: dict[int, list[str]] = {}
    for doc in out.glob("content/**/index.*.md"):
        text = doc.read_text("utf-8")
        post_id = int(text.split("\n  id: ", 1)[1].split("\n", 1)[0])
        shown = [code for _, code in code_blocks(text)] + raw_code(text)
        found[post_id] = [code.strip("\n") for code in shown]
    missing = {
        post_id: [c[:60] for c in codes if c not in found.get(post_id, [])]
        for post_id, codes in expected.items()
    }
    assert {k: v for k, v in missing.items() if v} == {}


@pytest.mark.parametrize("name", ["lang", "LANG", "Lang"])
@pytest.mark.parametrize("other_word", ["", " La langue du code."])
def test_lang_attribute_read_whatever_the_rest_of_the_text(name: str, other_word: str) -> None:
    # The attribute is found by its own spelling, not because some other word of the
    # text holds "lang" (a gate on "lang" alone once missed <pre LANG="php">).
    from wxr_tools.transforms.code import lang_blocks

    text = f'<p>Voici.{other_word}</p><pre {name}="php">echo 1;</pre>'
    assert [(b.lang, b.code) for b in lang_blocks(text)] == [("php", "echo 1;")]


def test_lang_attribute_in_odd_case_is_never_read() -> None:
    from wxr_tools.transforms.code import lang_blocks

    for text in ('<pre lAnG="php">x</pre>', '<pre lAnG="php">x</pre> langue'):
        assert list(lang_blocks(text)) == []


_WORDS = st.sampled_from(["", " ", "x", "langue", "LANGUE", "Lang:", "<p>", "</pre>", "\n"])


@given(
    st.lists(_WORDS, max_size=4),
    st.sampled_from(["", "<pre", "<code", "<PRE", "<Code", "<p"]),
    st.sampled_from(["", " lang", " LANG", " Lang", " lAng", ' class="x" lang', " xlang"]),
    st.sampled_from(["", "=", " = "]),
    st.sampled_from(["", '"php"', "php", ">"]),
    st.sampled_from(["", ">", "/>"]),
    st.lists(_WORDS, max_size=4),
)
@settings(max_examples=400)
@example([], "<pre", " Lang", "=", "php", ">", [])
@example([], "<code", " LANG", " = ", '"php"', ">", [])
def test_may_hold_lang_says_yes_wherever_the_pattern_finds_an_element(
    before: list[str], tag: str, name: str, equals: str, value: str, end: str, after: list[str]
) -> None:
    # The first look (an element, then the attribute's spellings) may say yes for
    # nothing, never no where the pattern finds a <pre lang> or <code lang>.
    from wxr_tools.transforms.code import _LANG_OPEN, may_hold_lang

    text = "".join(before) + tag + name + equals + value + end + "".join(after)
    if _LANG_OPEN.search(text) is not None:
        assert may_hold_lang(text)
