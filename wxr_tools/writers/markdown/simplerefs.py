"""Character references, attribute values and images as html2text reads them, for ``simplemd``.

The shortcut writes what html2text would for a post's references (each a text of its
own), for an href or an image's src or alt holding an "&" (a query string's ``&amp;``),
and for an image, without html2text.
"""

from __future__ import annotations

import re
from html.entities import html5

from html2text.utils import control_character_replacements

from wxr_tools import htmlrefs
from wxr_tools.writers.markdown import charrefs
from wxr_tools.writers.markdown.destinations import alt_text, destination

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


def value_read(written: str) -> str:
    """The value ``html.parser`` reads where a double-quoted attribute value ``written``
    holds an "&" (a query string's ``&amp;``, a reference in an alt text): the value
    after the long way's steps that rewrite a tag (``charrefs.in_tags``,
    ``charrefs.bare_ampersands``: each reads the references in a value alone, whatever
    its attribute, so the tag's other parts, free of "&", change nothing), unescaped."""
    tag = charrefs.bare_ampersands(charrefs.in_tags('<a href="' + written + '">'))
    return htmlrefs.unescape(tag[len('<a href="') : -len('">')])


def image_written(src: str, alt: str | None) -> str:
    """What html2text writes for ``<img src="src" alt="alt">`` (values as written, in
    double quotes), through ``converter``'s ``_image_attribute``: ``destination`` and
    ``alt_text`` leave nothing for its ``escape_md`` to escape, and ``urljoin`` without
    a base gives the URL back; a missing or empty alt is its ``default_image_alt``, "".
    (``images_to_alt``, ``images_with_size`` and ``images_as_html`` are off.)"""
    if "&" in src:
        src = value_read(src)
    if alt and "&" in alt:
        alt = value_read(alt)
    return "![" + (alt_text(alt) if alt else "") + "](" + (destination(src) if src else "") + ")"
