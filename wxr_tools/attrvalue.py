"""An HTML attribute value as a browser reads it: ``decode(value)``.

``html.unescape`` reads references as the HTML standard says text is read, where a
reference without its ";" is decoded by its longest legacy name ("&copy2010" is
"©2010"). In an attribute value the standard keeps such a reference as written when
the next character is "=" or a letter or digit, so that the query strings people
typed unescaped survive: ``href="?a=1&section=2"`` asks for ``&section=2``, where
``html.unescape`` gives "§ion=2" (and ``&region=``, ``&notify=``, ``&copy=``...
likewise). Every place that reads a URL out of an attribute reads it with this.
"""

from __future__ import annotations

import re
from html.entities import html5

from wxr_tools import htmlrefs

_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|([a-zA-Z][a-zA-Z0-9]*)(;?))")
LEGACY = sorted((name for name in html5 if not name.endswith(";")), key=len, reverse=True)
"""The names a reference may use without ";" (``amp``, ``copy``, ``sect``...)."""
_KEPT_IN_ATTRIBUTES = re.compile(r"&(?:" + "|".join(LEGACY) + r")[=a-zA-Z0-9]")
"""Where ``html.unescape`` and an attribute read differently: a legacy name, no ";",
then "=" or a letter or digit (a full name with ";" is found and checked later)."""


def decode(value: str) -> str:
    """``value`` (an attribute value as written) with its references decoded as a
    browser decodes them in an attribute."""
    if not may_differ(value):
        return htmlrefs.unescape(value) if "&" in value else value
    return _REFERENCE.sub(_decoded, value)


def may_differ(text: str) -> bool:
    """Whether ``text`` may hold a reference ``decode`` reads otherwise than
    ``html.unescape`` (False: it holds none)."""
    return "&" in text and _KEPT_IN_ATTRIBUTES.search(text) is not None


def literal_ampersands(value: str) -> str:
    """``value`` with the ``&`` of each reference an attribute keeps as written made
    ``&amp;``: what ``html.unescape`` (``html.parser`` reads attributes with it) then
    reads is what ``decode`` reads."""
    if not may_differ(value):
        return value
    return _REFERENCE.sub(_escaped, value)


def _kept(m: re.Match[str]) -> bool:
    """Whether the reference ``m`` stays as written in an attribute value."""
    name, semicolon = m.groups()
    if name is None:
        return False  # numeric: decoded, with or without ";"
    if semicolon:
        return name + ";" not in html5
    end = m.end()
    following = m.string[end : end + 1]
    return following == "=" or name not in html5


def _decoded(m: re.Match[str]) -> str:
    return m.group(0) if _kept(m) else htmlrefs.unescape(m.group(0))


def _escaped(m: re.Match[str]) -> str:
    return "&amp;" + m.group(0)[1:] if _kept(m) else m.group(0)
