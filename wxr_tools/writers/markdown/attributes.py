"""Which images and links keep their tags raw: those with attributes Markdown lacks.

``![alt](src)`` holds an image's source and text, and html2text drops its title;
``[text](href "title")`` holds a link's target and title. Any other attribute
(``class``, ``width``, ``rel``, ``target``...) keeps the tags raw (see ``rawhtml``).
"""

from __future__ import annotations

import re

IMAGE_MARKDOWN = frozenset(("src", "alt"))
LINK_MARKDOWN = frozenset(("href", "title"))

# One attribute: its name, and its value if it has one.
ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# An image or a link with an attribute beyond those, for a document's first look (the
# scan is skipped without one). The allowed ones are consumed possessively, so that
# what follows them is another attribute, not the tag's end.
_VALUE = r"""\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'>]++)"""
IMAGE_OR_LINK = re.compile(
    rf"<(?:img(?=[\s/>])(?:\s++(?:src|alt){_VALUE})*+"
    rf"|a(?=[\s/>])(?:\s++(?:href|title){_VALUE})*+)\s*+(?!/?>)",
    re.IGNORECASE,
)


def beyond_markdown(attrs: str, markdown: frozenset[str]) -> bool:
    """Whether ``attrs`` (a start tag's, after its name) has one not in ``markdown``."""
    return any(name.lower() not in markdown for name, _ in ATTR.findall(attrs))
