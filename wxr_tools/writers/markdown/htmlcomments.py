"""HTML comments in Markdown: which are kept, and where a kept one may stand.

html2text drops every comment. The Markdown writer keeps them, with one exception:

* An ordinary comment (``<!-- note -->``, ``<!--nextpage-->``, a conditional
  ``<!--[if IE]>``) is kept as it was typed: it is the author's, it is invisible
  in the built page either way, and CommonMark and kramdown both pass it through.
* A block editor delimiter that wraps markup (``<!-- wp:image {"id":12} -->`` …
  ``<!-- /wp:image -->``) is dropped: it is the editor's bookkeeping around HTML
  that is converted anyway (its class names, which carry the alignment and size,
  stay on the elements), and keeping it would put two comment lines around every
  paragraph of every block-editor post. It is dropped, not lost silently: the run
  report counts these (``block editor delimiters dropped``).
* A ``<!--more-->`` or ``<!--noteaser-->`` marker left in the text is dropped and
  counted (``<!--more--> markers dropped``). WordPress reads only the first
  ``<!--more-->``, which the ``more`` transform turns into the summary; Hugo would
  take one left in the body as its summary divider, in place of that summary.
* A self-closing block (``<!-- wp:latest-posts {"postsToShow":5} /-->``,
  ``<!-- wp:block {"ref":42} /-->``) has no markup at all: WordPress renders it
  when the page is served. It is kept as a comment, so that a search of the site
  finds where something was, and counted (``dynamic blocks kept as comments``).

A comment kept inline is written where it stood. Two places need care, because a
line that starts with ``<!--`` is an HTML block in CommonMark, which takes the rest
of its line as raw HTML (the Markdown after it would no longer be read):

* at the start of a paragraph, followed by text, it gets a line of its own before
  the text;
* at the start of a line inside a paragraph (after a line break), it moves to the
  end of the line before, ahead of the break.

Likewise a single tag kept raw (an ``<img>`` with attributes, the ``<a>`` of a
link with attributes) that stands alone on a line is an HTML block in CommonMark
until the next blank line, so the Markdown of the lines after it would be kept raw:
before a line break (html2text's two trailing spaces) the break is written as
``<br />``, which ends the tag's claim to the line. So does a ``<br />`` after a tag
alone on the first line of a list item that holds more (a nested list): the break
is not seen, since a block follows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

# WordPress's block delimiter: "<!-- wp:name {json} -->", "<!-- /wp:name -->", or
# self-closing "<!-- wp:name {json} /-->"; a name may have a namespace ("jetpack/map").
_DELIMITER = re.compile(
    r"<!--\s+(/)?wp:[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?\s+(?:\{.*?\}\s+)?(/)?-->", re.DOTALL
)
# ``_DELIMITER`` with one group, "/" for a self-closing delimiter and "" for another:
# ``findall`` gives a string a match, where ``finditer`` made a match object each (the
# same matches: a group changes what is kept of a match, never where one is).
_DELIMITER_ENDS = re.compile(
    r"<!--\s+/?wp:[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?\s+(?:\{.*?\}\s+)?(/?)-->", re.DOTALL
)
# "<!--more-->", "<!--more Read on-->", "<!--noteaser-->" (see ``shortcodes.split_more``).
_MORE = re.compile(r"<!--(?:more[^<>]*|noteaser)-->")
DROPPED_INSIDE = (
    r"(?:\s+/?wp:[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?\s+(?:\{[^<>]*?\}\s+)?"
    r"|more[^<>]*|noteaser)"
)
DROPPED_PLAINLY = re.compile("<!--" + DROPPED_INSIDE + "-->")
"""A comment ``dropped`` drops that holds no "<" or ">" (nearly all): where one matches,
``<!--.*?-->`` matches the same text, since a match holds no "-->" before its end."""
DROPPED = "block editor delimiters dropped"
MORE_DROPPED = "<!--more--> markers dropped"
KEPT_DYNAMIC = "dynamic blocks kept as comments"
# What may stand before a line's text: indentation, blockquote markers, a list marker.
_LINE_LEAD = re.compile(r"[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")


def dropped(comment: str) -> bool:
    """Whether ``comment`` (a whole ``<!--…-->``) is a delimiter the writer drops."""
    m = _DELIMITER.fullmatch(comment)
    if m is not None:
        return m.group(2) is None
    return _MORE.fullmatch(comment) is not None


def count(html: str, counts: Counter[str]) -> None:
    """Add the comments of ``html`` the writer drops or keeps for a reason to ``counts``
    (the run report's)."""
    if "<!--" not in html:  # a fast scan: most classic posts have no comment
        return
    if "wp:" in html:
        ends = _DELIMITER_ENDS.findall(html)
        kept = ends.count("/")
        order = ((KEPT_DYNAMIC, kept), (DROPPED, len(ends) - kept))
        # Each kind added at once, the first found first: the report lists counts in the
        # order they were first made (``most_common`` keeps it among equal counts).
        for what, n in order if ends and ends[0] else order[::-1]:
            if n:
                counts[what] += n
    # Every marker starts with one of these: a scan for each costs less than the pattern's.
    if "<!--more" in html or "<!--noteaser-->" in html:
        markers = len(_MORE.findall(html))
        if markers:
            counts[MORE_DROPPED] += markers


def settle(
    text: str,
    token: re.Pattern[str],
    kind: Callable[[str], str],
    continuation: Callable[[str], str],
) -> str:
    """Move kept comments and lone tags out of the places described above.

    ``text`` is html2text's output, with tokens; ``kind(token)`` says what a token
    stands for: "comment", "tag" (one tag, nothing else), or "" (anything else);
    ``continuation(prefix)`` is what continues a block whose line starts with
    ``prefix``.
    """
    if not any(_at_line_start(text, m) and kind(m.group(0)) for m in token.finditer(text)):
        return text  # most tokens are inside lines: nothing to look at line by line
    lines = text.split("\n")
    out: list[str] = []
    for n, line in enumerate(lines):
        lead = _LINE_LEAD.match(line)
        start = lead.end() if lead else 0
        m = token.match(line, start)
        what = kind(m.group(0)) if m else ""
        if m is None or not what:
            out.append(line)
            continue
        prefix, rest = line[:start], line[m.end() :]
        if what == "comment" and rest.strip():
            previous = out[-1] if out else ""
            if previous.endswith("  ") and previous.strip(" \t>") and not prefix.strip(" \t>"):
                # Inside a paragraph, after a line break: before the break instead.
                out[-1] = previous[:-2] + m.group(0) + "  "
                out.append(prefix + rest.lstrip(" "))
            else:
                out.append(prefix + m.group(0))
                out.append(continuation(prefix) + rest.lstrip(" "))
            continue
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if what == "tag" and rest == "  " and following.strip(" \t>"):
            out.append(line[: m.end()] + "<br />")
            continue
        if what == "tag" and not rest and _continues_item(prefix, following, continuation):
            # The item's next lines (a nested list) would be the tag's HTML block; a
            # break before them is not seen: a block follows.
            out.append(line + "<br />")
            continue
        out.append(line)
    return "\n".join(out)


_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+$")


def _continues_item(prefix: str, following: str, continuation: Callable[[str], str]) -> bool:
    """Whether ``following`` is more of the list item whose first line has ``prefix``."""
    if not _LIST_MARKER.search(prefix):
        return False
    indent = continuation(prefix)
    return following.startswith(indent) and bool(following[len(indent) :].strip(" \t>"))


def _at_line_start(text: str, m: re.Match[str]) -> bool:
    start = text.rfind("\n", 0, m.start()) + 1
    return _LINE_LEAD.fullmatch(text, start, m.start()) is not None
