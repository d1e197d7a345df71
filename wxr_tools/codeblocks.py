"""Code plugins' shortcodes: which names they are, and the code block each becomes.

SyntaxHighlighter Evolved (built into WordPress.com) and CodeColorer registered
shortcodes whose bodies are source code: nested "shortcodes" in them are literal text
(the parser, ``wxr_tools.shortcodes``, asks ``is_code``), and the ``code`` transform
(``transforms/code.py``) makes them code blocks before autop, as the plugins did.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wxr_tools.shortcodes import Shortcode

CODE_SHORTCODES = frozenset(
    (
        *("sourcecode", "source", "code", "as3", "actionscript3", "arduino", "bash", "shell"),
        *("coldfusion", "cf", "clojure", "clj", "cpp", "c", "c-sharp", "csharp", "css"),
        *("delphi", "pas", "pascal", "diff", "patch", "erl", "erlang", "fsharp", "go"),
        *("golang", "groovy", "haskell", "java", "jfx", "javafx", "js", "jscript"),
        *("javascript", "tex", "matlab", "matlabkey", "objc", "obj-c", "perl", "pl", "php"),
        *("plain", "text", "ps", "powershell", "py", "python", "splus", "rails", "rb", "ror"),
        *("ruby", "ts", "typescript", "scala", "sql", "swift", "vb", "vbnet", "xml", "xhtml"),
        *("xslt", "html", "yaml", "yml"),
    )
)
"""SyntaxHighlighter Evolved's shortcodes (built into WordPress.com): ``sourcecode``,
``source``, ``code`` and one per language alias of its brushes (it leaves out
``latex`` and ``r``, which collide with other uses). Their bodies are source code."""
CODECOLORER = re.compile(r"cc([bBeEiInNlLsSwW]*)(?:_([A-Za-z0-9]+))?")
"""CodeColorer's shortcodes: ``[cc]``, and ``[cc]`` with modes and a language
(``[ccnLe_php]``): a small letter turns a mode on, a capital off (``e``: escaped,
``i``: inline, ``n``: line numbers…)."""


_CODE_OPEN = re.compile(r"<(pre|code)\b", re.IGNORECASE)
_CODE_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("pre", "code")}


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s ``<pre>`` and ``<code>`` elements are (start, end; one left open
    runs to the end): brackets typed there are code (``arr[i]``, ``[ -f x ]``), not a
    plugin's shortcode."""
    lowered = text.lower()
    if "<pre" not in lowered and "<code" not in lowered:
        return []
    spans = []
    pos = 0
    while (found := _CODE_OPEN.search(text, pos)) is not None:
        close = _CODE_CLOSE[found[1].lower()].search(text, found.end())
        pos = close.end() if close is not None else len(text)
        spans.append((found.start(), pos))
    return spans


def is_code(name: str) -> bool:
    """Whether ``name`` is a code plugin's shortcode, whose body is source code: nested
    "shortcodes" in it are literal text."""
    return name in CODE_SHORTCODES or CODECOLORER.fullmatch(name) is not None


_LANG_JUNK = re.compile(r"[^\w#+.-]+")


def code_block(sc: Shortcode, *, encoded: bool) -> str | None:
    """A code shortcode as ``<pre><code class="language-x">``, shown as SyntaxHighlighter
    showed it; None for an opening tag alone (the plugin needs the closing one).

    The language is the ``language`` or ``lang`` attribute, else a language alias given
    as a bare value (``[code php]``), else the shortcode's own name when it is an alias
    (``[php]``). ``encoded``: the code was stored HTML-encoded (the plugin's second
    format, ``transforms.code``); it is then shown as stored when it holds no ``<`` or
    ``>`` (the plugin's own test), and escaped otherwise, as all other code is. A ``[``
    becomes ``&#91;``, as the plugin wrote it, so no later pass takes code for a
    shortcode.
    """
    if sc.body is None:
        return None
    bare = next((v.lstrip("=").strip("'\"") for v in sc.positional), "").lower()
    lang = sc.attrs.get("language") or sc.attrs.get("lang") or ""
    if not lang and bare in CODE_SHORTCODES:
        lang = bare
    if not lang and sc.name not in ("code", "source", "sourcecode"):
        lang = sc.name
    body = sc.body
    if not (encoded and "<" not in body and ">" not in body):
        body = html.escape(body, quote=False)
    return code_html(body, lang)


def code_html(body: str, lang: str, *, inline: bool = False) -> str:
    """``<pre><code class="language-x">body</code></pre>`` (``inline``: the ``<code>``
    alone) for ``body``, code as HTML. A ``[`` becomes ``&#91;``, as the code plugins
    wrote it, so no later pass takes code for a shortcode."""
    lang = _LANG_JUNK.sub("", lang)
    cls = f' class="language-{lang}"' if lang else ""
    code = f"<code{cls}>{body.replace('[', '&#91;')}</code>"
    return code if inline else f"<pre>{code}</pre>"
