"""Whether a list, a table or a figure has a Markdown form that says all its HTML says
(else ``rawhtml`` keeps it as HTML), and the language a code block's classes name (its
fence's info string)."""

from __future__ import annotations

import re

from wxr_tools.writers.markdown import htmlcomments
from wxr_tools.writers.markdown.attributes import ATTR

# A list item with attributes that matter, or with blocks inside (html2text cannot
# keep a second paragraph, a figure or a code block inside a list item).
_LIST_RAW = re.compile(
    r"<li\b[^>]*\s(?:lang|xml:lang|dir|id)\s*=|<(?:p|div|pre|table|figure|blockquote|h[1-6]|"
    r"dl|dt|dd|hr|section|article|iframe|video|audio|object|embed|script|form|details)\b",
    re.IGNORECASE,
)
_CELL_BLOCK = re.compile(
    r"<(?:p|div|ul|ol|table|pre|blockquote|h[1-6]|figure|br|hr|dl|iframe|video|audio)\b",
    re.IGNORECASE,
)
_TABLE_COMPLEX = re.compile(
    r"\s(?:colspan|rowspan|lang|xml:lang|dir|id)\s*=|<caption\b", re.IGNORECASE
)
_HEADER_CELL = re.compile(r"<th[\s>]", re.IGNORECASE)
_FIRST_ROW = re.compile(r"<tr\b.*?(?:</tr>|(?=<tr\b))", re.IGNORECASE | re.DOTALL)
_CODE_CLASS = re.compile(r"(?:language|lang)-([\w+#.-]+)|brush:\s*([\w+#.-]+)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def raw_list(inner: str) -> bool:
    """A list item html2text cannot keep (see ``_LIST_RAW``), or a comment kept between
    items, where html2text would write it as a line that ends the list."""
    if _LIST_RAW.search(inner):
        return True
    return "<!--" in inner and any(not htmlcomments.dropped(c) for c in _COMMENT.findall(inner))


def code_language(attrs: str) -> str:
    for name, value in ATTR.findall(attrs):
        if name.lower() == "class" and value:
            m = _CODE_CLASS.search(value.strip("\"'"))
            if m:
                return (m.group(1) or m.group(2)).lower()
    return ""


def raw_figure(attrs: str, inner: str) -> bool:
    """A caption has no Markdown form; an embed is a URL that the theme's markup embeds."""
    return "<figcaption" in inner.lower() or "wp-block-embed" in attrs


def simple_table(inner: str) -> bool:
    """Whether a pipe table says everything the table says.

    It needs a header row (Markdown tables always have one), one line per row (no
    block content or line breaks in cells), no spans, no caption, no attributes that
    matter, and no ``|`` in the text (it would split the cell).
    """
    if _TABLE_COMPLEX.search(inner) or _CELL_BLOCK.search(inner) or "|" in inner:
        return False
    first = _FIRST_ROW.search(inner)
    if first is None:
        return False
    row = first.group(0).lower()
    # A header cell in another row (a row's heading, in its first column): Markdown
    # has none, the cell would become data.
    return (
        "<td" not in row and len(_HEADER_CELL.findall(row)) == len(_HEADER_CELL.findall(inner)) > 0
    )
