"""Character references and link addresses as html2text reads them, for ``simplemd``.

The shortcut writes what html2text would for a post's references (each a text of its
own) and for an href holding an "&" (a query string's ``&amp;``), without html2text.
"""

from __future__ import annotations

import re
from html.entities import html5

from html2text.utils import control_character_replacements

from wxr_tools import htmlrefs
from wxr_tools.writers.markdown import charrefs

# A character reference in text, as ``htmlscan`` reads one (1 decimal, 2 hexadecimal,
# 3 name), always with its ";". html2text writes each as a text of its own, from its
# ``charref`` or ``entityref``, not escaped (``entity_char``). Any other "&" (a name
# ``charrefs.bare_ampersands`` rewrites, a reference without ";", a bare "&") is left
# to the long way: ``htmlscan`` or the stock parser reads it.
REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]*));")
NBSP_PLACEHOLDER = "&nbsp_place_holder;"
"""What html2text's ``entityref`` gives for ``&nbsp;``; ``finish`` writes it U+00A0."""


def reference_text(reference: re.Match[str]) -> str | None:
    """What html2text's ``charref`` or ``entityref`` (``unicode_snob`` on) gives for a
    ``REFERENCE`` match; None for a name it would not know (``bare_ampersands`` rewrites
    those before html2text reads them)."""
    decimal, hexadecimal, name = reference.groups()
    if name is not None:
        return NBSP_PLACEHOLDER if name == "nbsp" else html5.get(name + ";")
    number = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if not 0 < number < 0x110000 or 0xD800 <= number < 0xE000:  # invalid or a surrogate
        number = 0xFFFD
    return chr(control_character_replacements.get(number, number))


def href_read(written: str) -> str:
    """The href ``html.parser`` reads where ``written`` holds an "&" (a query string's
    ``&amp;``): the value after the long way's steps that rewrite a tag
    (``charrefs.in_tags``, ``charrefs.bare_ampersands``: each reads the references in
    it alone, so the tag's other parts, free of "&", change nothing), unescaped."""
    tag = charrefs.bare_ampersands(charrefs.in_tags('<a href="' + written + '">'))
    return htmlrefs.unescape(tag[len('<a href="') : -len('">')])
