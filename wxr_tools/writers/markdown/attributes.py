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


# ``(?:^|\s)(?:lang|xml:lang|hreflang|dir|id)\s*=`` and ``(?:^|\s)name\s*=`` searched in
# the reversed attributes: the same matches, found by a scan for "=" (the forward
# patterns tried a match at every white space character, a fifth of ``rawhtml``'s scan).
_KEEPS_RAW_REVERSED = re.compile(r"=\s*(?:gnal|gnal:lmx|gnalferh|rid|di)(?:\s|\Z)", re.IGNORECASE)
_ANCHOR_NAME_REVERSED = re.compile(r"=\s*eman(?:\s|\Z)", re.IGNORECASE)


def keeps_raw(name: str, attrs: str) -> bool:
    """Whether the attributes ``attrs`` of a start tag named ``name`` (lower case) keep
    it raw HTML: a language, a direction, an id (an anchor), or a link's name."""
    backwards = attrs[::-1]
    return _KEEPS_RAW_REVERSED.search(backwards) is not None or (
        name == "a" and _ANCHOR_NAME_REVERSED.search(backwards) is not None
    )


def beyond_markdown(attrs: str, markdown: frozenset[str]) -> bool:
    """Whether ``attrs`` (a start tag's, after its name) has one not in ``markdown``."""
    return any(name.lower() not in markdown for name, _ in ATTR.findall(attrs))


_START_TAG = re.compile(r"""<([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_MAYBE_UNQUOTED = re.compile(r"""=\s*[^\s"'>]""")


def quoted(raw: str) -> str:
    """``raw`` HTML with every unquoted attribute value of its start tags quoted.

    micromark (Astro's reader) ends an unquoted value at "/" and then takes the tag
    for text: ``<img src=../a.gif>`` was shown as typed and its image lost, a
    ``<style type=text/css>`` showed its rules. Quoted, the value is the same to a
    browser and to every reader.
    """
    if _MAYBE_UNQUOTED.search(raw) is None:
        return raw
    return _START_TAG.sub(_quoted_tag, raw)


def _quoted_tag(m: re.Match[str]) -> str:
    attrs = m.group(2)
    if _MAYBE_UNQUOTED.search(attrs) is None:
        return m.group(0)
    out: list[str] = []
    pos = 0
    for a in ATTR.finditer(attrs):
        value = a.group(2)
        if value is not None and value[0] not in "\"'":
            out.append(attrs[pos : a.start(2)])
            out.append(f'"{value}"')
            pos = a.end(2)
    if not out:
        return m.group(0)
    out.append(attrs[pos:])
    return f"<{m.group(1)}{''.join(out)}>"
