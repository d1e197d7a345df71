"""Code: ``[sourcecode]``, ``[code]``, ``[php]``… (SyntaxHighlighter) to code blocks, before autop.

SyntaxHighlighter Evolved (built into WordPress.com) expanded its shortcodes before
wpautop ran (``the_content`` at priority 7; wpautop at 10, the other shortcodes at
11), so that paragraphs and line breaks were never added inside code. Expanded
with the other shortcodes, after autop, the code of a programmer's blog came out
with ``<br />`` at every line and ``</p><p>`` at every blank one, its indentation
flattened. So this transform runs before ``autop``, on the content and on each
comment (the plugin filtered comments too).

How the code was stored decides how it shows. A post the plugin saved in its second
format (post meta ``_syntaxhighlighter_encoded``), and any comment, holds the code
HTML-encoded (``&lt;?php``): the plugin showed it as stored when it held no ``<``
and no ``>``. So did WordPress.com, whose exports do not say so (a judgment: their
code is full of ``&quot;``). Any other code is escaped, and shows as typed.
"""

from __future__ import annotations

import re

from wxr_tools.model import Comment, Item, evolve
from wxr_tools.shortcodes import CODE_SHORTCODES, code_block, find_shortcodes
from wxr_tools.transforms import Context, html_of

ENCODED_META = frozenset(("_syntaxhighlighter_encoded", "syntaxhighlighter_encoded"))
"""Post meta saying the plugin stored the post's code HTML-encoded."""

# The plugin's own quick test: one of its shortcodes is closed somewhere.
_CLOSING = re.compile(r"\[/([a-z0-9-]++)\]")
_PRE_OPEN = re.compile(r"<pre(?:\s[^<>]*)?>\s*\Z", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"\s*</pre>", re.IGNORECASE)


def has_code(text: str) -> bool:
    """Whether ``text`` may hold one of the plugin's shortcodes (it needs a closing tag)."""
    return "[/" in text and any(m[1] in CODE_SHORTCODES for m in _CLOSING.finditer(text))


def convert(text: str, *, encoded: bool, ctx: Context) -> str:
    """``text`` with the plugin's shortcodes made code blocks; each one counted."""
    if not has_code(text):
        return text
    # Not replace_shortcodes: it would also turn an escaped [[code]…[/code]] into
    # [code]…[/code], which the shortcodes transform would then expand. WordPress
    # unescaped it once, at its main shortcode pass: it is left for that one.
    out: list[str] = []
    done = 0
    lowered = text.lower()
    for sc in find_shortcodes(text, CODE_SHORTCODES):
        html = code_block(sc, encoded=encoded)
        if html is None or _in_code_element(lowered, sc.start):
            continue
        start, end = sc.start, sc.end
        # A shortcode typed inside a <pre> of its own made a box in a box: one is kept.
        before = _PRE_OPEN.search(text, done, start)
        after = _PRE_CLOSE.match(text, end)
        if before is not None and after is not None:
            start, end = before.start(), after.end()
        out += (text[done:start], html)
        done = end
        ctx.report.counts[f"shortcode {sc.name}"] += 1
    return "".join(out) + text[done:] if out else text


def transform(item: Item, ctx: Context) -> Item | None:
    content = html_of(item)
    comments = tuple(_comment(c, ctx) for c in item.comments)
    changed = any(a is not b for a, b in zip(comments, item.comments, strict=True))
    if not has_code(content) and not changed:
        return item
    encoded = _on_wordpress_com(ctx) or any(m.key in ENCODED_META and m.value for m in item.meta)
    converted = convert(content, encoded=encoded, ctx=ctx)
    changes: dict[str, object] = {"comments": comments} if changed else {}
    if converted != content:
        changes["content_html"] = converted
    return evolve(item, **changes) if changes else item


def _comment(comment: Comment, ctx: Context) -> Comment:
    text = comment.content_html or comment.content
    if not has_code(text):
        return comment
    converted = convert(text, encoded=True, ctx=ctx)
    return comment if converted == text else evolve(comment, content_html=converted)


def _in_code_element(lowered: str, at: int) -> bool:
    """Whether ``at`` is inside a ``<code>`` element: a shortcode typed there is shown,
    not run (a post telling how to use the plugin: "wrap it in <code>[php]…[/php]</code>")."""
    return lowered.rfind("<code", 0, at) > lowered.rfind("</code", 0, at)


def _on_wordpress_com(ctx: Context) -> bool:
    """WordPress.com ran the plugin with every post's code stored encoded, and its exports
    carry no meta to say so: their code is full of ``&quot;`` and ``&lt;``."""
    return "wordpress.com" in ctx.site.generator.lower()
