"""Code: code plugins' ``[sourcecode]``, ``[php]``, ``<pre lang="x">`` to code blocks, before autop.

The code plugins of classic WordPress took their code out of the post before wpautop
ran, so that paragraphs and line breaks were never added inside it; expanded later,
the code of a programmer's blog came out with ``<br />`` at every line and ``</p><p>``
at every blank one, its indentation flattened. So this transform runs before
``autop``, on the content and on each comment.

* SyntaxHighlighter Evolved (built into WordPress.com): ``[sourcecode]``, ``[code]``
  and one shortcode per language alias (``[php]``, ``[csharp]``…), expanded at
  ``the_content`` priority 7 (wpautop: 10, other shortcodes: 11). A post the plugin
  saved in its second format (post meta ``_syntaxhighlighter_encoded``), and any
  comment, holds the code HTML-encoded (``&lt;?php``): the plugin showed it as stored
  when it held no ``<`` and no ``>``. So did WordPress.com, whose exports do not say
  so (a judgment: their code is full of ``&quot;``). Other code is escaped: it shows
  as typed.
* WP-Syntax's ``<pre lang="x">`` and CodeColorer's ``<code lang="x">``: the element
  holds the code as typed, ``<`` and all (``escaped="true"``: HTML-encoded), which a
  browser would take for markup without the plugin. A ``lang`` that is a people's
  language (``<pre lang="fr">``) is HTML's own attribute, and an element that already
  holds highlighted HTML (a ``language-`` class, a block editor's ``<pre><code>``)
  is left alone.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Collection, Iterator
from typing import NamedTuple

from wxr_tools import htmlrefs
from wxr_tools.codeblocks import CODECOLORER, code_block, code_html, is_code
from wxr_tools.diagnostics import NAME, cut
from wxr_tools.langtags import is_language
from wxr_tools.model import Comment, Item, evolve
from wxr_tools.shortcodes import Shortcode, find_shortcodes
from wxr_tools.transforms import Context, html_of

ENCODED_META = frozenset(("_syntaxhighlighter_encoded", "syntaxhighlighter_encoded"))
"""Post meta saying the plugin stored the post's code HTML-encoded."""

# The plugin's own quick test: one of its shortcodes is closed somewhere.
_CLOSING = re.compile(r"\[/([A-Za-z0-9_-]++)\]")
_PRE_OPEN = re.compile(r"<pre(?:\s[^<>]*)?>\s*\Z", re.IGNORECASE)
# A <pre> or <code> element around a code block and nothing else (but blank space,
# which may hold a stray byte-order mark or zero-width space).
_BLANK = r"[\s\ufeff\u200b]*"
_WRAP_OPEN = re.compile(rf"<(pre|code)(?:\s[^<>]*)?>{_BLANK}\Z", re.IGNORECASE)
_WRAP_CLOSE = {
    "pre": re.compile(rf"{_BLANK}</pre\s*>", re.IGNORECASE),
    "code": re.compile(rf"{_BLANK}</code\s*>", re.IGNORECASE),
}
# WP-Syntax's and CodeColorer's elements: the opening tag, with a lang attribute. The
# attribute's name in the three ways people write it, and only those: ``may_hold_lang``
# looks for exactly these before the pattern runs (three plain scans, where a search
# ignoring case costs several times more on every text), so whether an element is read
# never depends on another word of the text.
_LANG_OPEN = re.compile(r"<(pre|code)(\s[^<>]*?\b(?-i:lang|LANG|Lang)\s*=[^<>]*)>", re.IGNORECASE)
_PRE_END = re.compile(r"</pre\s*>", re.IGNORECASE)
_CODE_END = re.compile(r"</code\s*>", re.IGNORECASE)
_CODE_TAG = re.compile(r"<(/?)code[\s>]", re.IGNORECASE)
_ATTR = re.compile(r"""\b(lang|escaped|class)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def convert(text: str, *, encoded: bool, ctx: Context, closes: bool | None = None) -> str:
    """``text`` with the code plugins' blocks made code blocks; each one counted.

    ``closes``: ``_closes(text)`` when the caller has it already (a post's content is
    tested for "[/" to know whether its code was stored encoded).
    """
    if closes is None:
        closes = _closes(text)
    names = {m[1] for m in _CLOSING.finditer(text) if is_code(m[1])} if closes else ()
    if names:
        text = _shortcodes(text, names, encoded, ctx)
    # ``lang_blocks``'s own test, before a generator is made (most texts: no "lang").
    return _lang_elements(text, ctx) if may_hold_lang(text) else text


def may_hold_lang(text: str) -> bool:
    """Whether ``text`` may hold a ``lang`` attribute as ``_LANG_OPEN`` reads one.

    An element first: most comments hold none ("<" is looked for as fast as a scan
    goes), and French ones often hold "langue", after which the pattern ran in vain.
    """
    return "<" in text and ("lang" in text or "LANG" in text or "Lang" in text)


def _closes(text: str) -> bool:
    """Whether ``text`` holds "[/". Most texts have no "[": looking for one character
    first costs a third of looking for two (on French text, stored as two bytes a
    character)."""
    return "[" in text and "[/" in text


def _shortcodes(text: str, names: Collection[str], encoded: bool, ctx: Context) -> str:
    # Not replace_shortcodes: it would also turn an escaped [[code]…[/code]] into
    # [code]…[/code], which the shortcodes transform would then expand. WordPress
    # unescaped it once, at its main shortcode pass: it is left for that one.
    out: list[str] = []
    done = 0
    # Where each <code> element starts and ends (not text.lower(): lowering "İ" makes
    # two characters of one, and every position after it wrong).
    code_tags = [(m.start(), m[1] == "/") for m in _CODE_TAG.finditer(text)]
    for sc in find_shortcodes(text, names):
        if _in_code_element(code_tags, sc.start):
            continue
        colorer = CODECOLORER.fullmatch(sc.name)
        block = _codecolorer_block(sc, colorer) if colorer else code_block(sc, encoded=encoded)
        if block is None:
            continue
        start, end = _unwrapped(text, done, sc.start, sc.end)
        out += (text[done:start], block)
        done = end
        ctx.report.counts[f"shortcode {cut(sc.name, NAME)}"] += 1  # [ccEeLlNn…_lang]
    return "".join(out) + text[done:] if out else text


def transform(item: Item, ctx: Context) -> Item | None:
    content = html_of(item)
    changes: dict[str, object] = {}
    if item.comments:
        comments = tuple([_comment(c, ctx) for c in item.comments])
        if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
            changes["comments"] = comments
    # Whether the post's code was stored encoded matters to SyntaxHighlighter's
    # shortcodes only, which close with "[/": the meta is not read for other posts.
    closes = _closes(content)
    encoded = closes and (
        _on_wordpress_com(ctx) or any(m.key in ENCODED_META and m.value for m in item.meta)
    )
    converted = convert(content, encoded=encoded, ctx=ctx, closes=closes)
    if converted != content:
        changes["content_html"] = converted
    return evolve(item, **changes) if changes else item


def _comment(comment: Comment, ctx: Context) -> Comment:
    text = comment.content_html or comment.content
    converted = convert(text, encoded=True, ctx=ctx)
    return comment if converted == text else evolve(comment, content_html=converted)


def _in_code_element(code_tags: list[tuple[int, bool]], at: int) -> bool:
    """Whether ``at`` is inside a ``<code>`` element (``code_tags``: where each opening
    and closing tag is): a shortcode typed there is shown, not run (a post telling how
    to use the plugin: "wrap it in <code>[php]…[/php]</code>")."""
    before = bisect_left(code_tags, (at,))
    return before > 0 and not code_tags[before - 1][1]


def _on_wordpress_com(ctx: Context) -> bool:
    """WordPress.com ran the plugin with every post's code stored encoded, and its exports
    carry no meta to say so: their code is full of ``&quot;`` and ``&lt;``."""
    return "wordpress.com" in ctx.site.generator.lower()


class LangBlock(NamedTuple):
    """A WP-Syntax ``<pre lang>`` or CodeColorer ``<code lang>`` block of a text."""

    start: int
    end: int
    """Where it starts and ends in the text, a ``<pre>`` or ``<code>`` typed around it
    included."""
    name: str
    """``pre`` or ``code``."""
    lang: str
    code: str
    """The code as typed (decoded once when ``escaped="true"``)."""


def lang_blocks(text: str) -> Iterator[LangBlock]:
    """The code plugins' ``<pre lang>`` and ``<code lang>`` blocks of ``text``, in order."""
    if may_hold_lang(text):
        yield from _lang_blocks(text)


def _lang_blocks(text: str) -> Iterator[LangBlock]:
    """``lang_blocks`` without its first look, for a text that passed it already."""
    done = 0
    for m in _LANG_OPEN.finditer(text):
        if m.start() < done:
            continue  # inside the code of the element before
        name = m[1].lower()
        closing = (_PRE_END if name == "pre" else _CODE_END).search(text, m.end())
        attrs = {a[1].lower(): a[2] or a[3] or a[4] or "" for a in _ATTR.finditer(m[2])}
        lang = attrs.get("lang", "")
        classes = attrs.get("class", "")
        if (
            closing is None
            or not lang
            or is_language(lang)
            or "language-" in classes
            or "wp-block-" in classes
            or (name == "code" and _PRE_OPEN.search(text, done, m.start()) is not None)
        ):
            continue
        code = text[m.end() : closing.start()]
        if attrs.get("escaped", "").lower() == "true":
            code = htmlrefs.unescape(code)
        start, done = _unwrapped(text, done, m.start(), closing.end())
        yield LangBlock(start, done, name, lang.lower(), code)


def without_lang_blocks(text: str) -> str:
    """``text`` without its ``<pre lang>`` and ``<code lang>`` blocks: what ``wxr
    shortcodes`` scans (brackets in code are no shortcodes)."""
    out: list[str] = []
    done = 0
    for block in lang_blocks(text):
        out.append(text[done : block.start])
        done = block.end
    return "".join(out) + text[done:] if out else text


def _lang_elements(text: str, ctx: Context) -> str:
    """WP-Syntax's ``<pre lang>`` and CodeColorer's ``<code lang>``, as code blocks."""
    out: list[str] = []
    done = 0
    for block in _lang_blocks(text):  # ``convert`` looked first (``may_hold_lang``)
        inline = block.name == "code" and "\n" not in block.code
        body = html.escape(block.code, quote=False)
        out += (text[done : block.start], code_html(body, block.lang, inline=inline))
        done = block.end
        ctx.report.counts[f"code <{block.name} lang>"] += 1
    return "".join(out) + text[done:] if out else text


def _unwrapped(text: str, done: int, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` of a code block, widened over a ``<pre>`` or a ``<code>``
    that holds it and nothing else: typed around the plugin's block, it made a box in
    a box (a ``<pre>`` in a ``<code>``, which no paragraph may hold)."""
    before = _WRAP_OPEN.search(text, done, start)
    if before is not None:
        after = _WRAP_CLOSE[before[1].lower()].match(text, end)
        if after is not None:
            return before.start(), after.end()
    return start, end


def _codecolorer_block(sc: Shortcode, name: re.Match[str]) -> str | None:
    """CodeColorer's ``[cc lang="php"]`` (``[cc_php]``, ``[ccie_php]``…) as a code block:
    the code as typed, or HTML-encoded with ``e``/``escaped="true"``; inline with
    ``i``/``inline="true"``."""
    if sc.body is None:
        return None
    modes = name[1]
    lang = sc.attrs.get("lang") or name[2] or ""
    code = sc.body
    if "e" in modes or sc.attrs.get("escaped", "").lower() == "true":
        code = htmlrefs.unescape(code)
    inline = "i" in modes or sc.attrs.get("inline", "").lower() == "true"
    return code_html(html.escape(code, quote=False), lang.lower(), inline=inline)
