"""Smilies: text smileys (``:-)``, ``;)``) shown as the emoji WordPress showed.

WordPress stores a smiley as typed and, when it shows a post, its excerpt or a
comment, runs ``convert_smilies`` (on a post, after paragraphs and shortcodes): ``;-)`` typed
between spaces became 😉 (an image before WordPress 4.2). Readers saw the face; a
converted site printed the punctuation. The rules are WordPress's: a smiley of its
list, with white space, a non-breaking space or the start of a line before it and
white space or the end of a line after it, in text only (not in a tag), and nothing
inside ``<code>``, ``<pre>``, ``<style>``, ``<script>`` or ``<textarea>``, with or
without attributes (copies of ``convert_smilies`` look for the bare tag only; a ``:)``
in a ``<pre class="php">`` is code all the same). ``:mrgreen:``, the one smiley
WordPress showed as an image of its own, stays as typed (counted): the image is on the
old site.

The export does not say whether the site had the option on (it is, by default);
``--no-transform smilies`` leaves every smiley as typed.
"""

from __future__ import annotations

import re

from wxr_tools.model import Item, evolve
from wxr_tools.transforms import Context, html_of
from wxr_tools.transforms.autop import WP_SPACES

# WordPress's list (functions.php, ``smilies_init``) and the emoji it shows for each.
SMILIES: dict[str, str] = {
    ":mrgreen:": "",  # an image of WordPress's own: kept as typed
    ":neutral:": "\U0001f610",
    ":twisted:": "\U0001f608",
    ":arrow:": "\u27a1",
    ":shock:": "\U0001f62f",
    ":smile:": "\U0001f642",
    ":???:": "\U0001f615",
    ":cool:": "\U0001f60e",
    ":evil:": "\U0001f47f",
    ":grin:": "\U0001f600",
    ":idea:": "\U0001f4a1",
    ":oops:": "\U0001f633",
    ":razz:": "\U0001f61b",
    ":roll:": "\U0001f644",
    ":wink:": "\U0001f609",
    ":cry:": "\U0001f625",
    ":eek:": "\U0001f62e",
    ":lol:": "\U0001f606",
    ":mad:": "\U0001f621",
    ":sad:": "\U0001f641",
    "8-)": "\U0001f60e",
    "8-O": "\U0001f62f",
    ":-(": "\U0001f641",
    ":-)": "\U0001f642",
    ":-?": "\U0001f615",
    ":-D": "\U0001f600",
    ":-P": "\U0001f61b",
    ":-o": "\U0001f62e",
    ":-x": "\U0001f621",
    ":-|": "\U0001f610",
    ";-)": "\U0001f609",
    "8O": "\U0001f62f",
    ":(": "\U0001f641",
    ":)": "\U0001f642",
    ":?": "\U0001f615",
    ":D": "\U0001f600",
    ":P": "\U0001f61b",
    ":o": "\U0001f62e",
    ":x": "\U0001f621",
    ":|": "\U0001f610",
    ";)": "\U0001f609",
    ":!:": "\u2757",
    ":?:": "\u2753",
}


def _alternatives() -> str:
    """The codes, longest first among those that share a start, grouped by their first
    character as WordPress groups them (a third faster to look for than one list)."""
    groups: dict[str, list[str]] = {}
    for code in sorted(SMILIES, reverse=True):
        groups.setdefault(code[0], []).append(re.escape(code[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())


_CODES = _alternatives()
# WordPress tries the smileys in reverse order of their codes (":?:" before ":?"),
# each followed by a space or the end of a line. What comes before one is checked in
# ``_after_space``: a pattern that starts with the smileys' own first characters is
# looked for only where one of them is, not tried at every character.
_SMILEY = re.compile(rf"(?:{_CODES})(?={WP_SPACES}|$)", re.MULTILINE)
# A quick look over the whole text: a tag before or after a smiley is the start or the
# end of the piece of text it is in.
_CANDIDATE = re.compile(rf"(?:{_CODES})(?=[\r\n\t \xa0<]|&nbsp;|$)", re.MULTILINE)
_SPACE_BEFORE = frozenset("\r\n\t \xa0")
_OPENERS = _SPACE_BEFORE | {">"}
_FIRSTS = "".join(sorted({code[0] for code in SMILIES}))
# WordPress splits the text at tags with ``<.*>`` (ungreedy, one line).
_TAG = re.compile(r"(<.*?>)")
_UNTOUCHED = re.compile(r"<(code|pre|style|script|textarea)(?=[\s/>])", re.IGNORECASE)
_KEPT = ":mrgreen:"


def _after_space(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _SPACE_BEFORE or text.endswith("&nbsp;", 0, start)


def _has_smiley(text: str) -> bool:
    """Whether ``text`` may hold a smiley (a text between tags may start at a ">").

    Each place of a smiley's first character is found with ``str.find`` and looked at
    there: the regular expression, tried at every character, cost several times more
    on posts with none (most of them). Looking at every place, not only where a
    ``finditer`` would, can only say yes more often: ``convert`` then does the work.
    """
    for first in _FIRSTS:
        # ``in`` first: most texts lack most of the first characters (comments, all
        # three), and it costs a fraction of a call to ``find``, whose arguments are
        # parsed at each call.
        at = text.find(first) if first in text else -1
        while at != -1:
            # ``_after_space`` or a ">" before, inline: most places fail at the character
            # before ("http:", "?p=8"), and only a ";" can end "&nbsp;".
            before = text[at - 1] if at else " "
            if (
                before in _OPENERS or (before == ";" and text.endswith("&nbsp;", 0, at))
            ) and _CANDIDATE.match(text, at):
                return True
            at = text.find(first, at + 1)
    return False


def convert(html: str) -> tuple[str, int, int]:
    """``html`` with its smileys as emoji; and how many were shown as emoji, and kept."""
    if not _has_smiley(html):  # most texts: one look for the smileys' first characters
        return html, 0, 0
    shown = kept = 0

    def face(m: re.Match[str]) -> str:
        nonlocal shown, kept
        code = m.group()
        if not _after_space(m.string, m.start()):
            return code
        if code == _KEPT:
            kept += 1
            return code
        shown += 1
        return SMILIES[code]

    out: list[str] = []
    ignored = ""  # the element whose content is left alone, until its end tag
    for piece in _TAG.split(html):
        if not ignored and piece.startswith("<"):
            m = _UNTOUCHED.match(piece)
            if m is not None and not piece.endswith("/>"):
                ignored = m.group(1).lower()
        if not ignored and piece and piece[0] != "<":
            piece = _SMILEY.sub(face, piece)
        elif ignored and piece.lower().replace(" ", "") == f"</{ignored}>":
            ignored = ""
        out.append(piece)
    return "".join(out), shown, kept


def _any_smiley(item: Item) -> bool:
    """Whether a text ``transform`` converts may hold a smiley (``_has_smiley``)."""
    if _has_smiley(html_of(item)):
        return True
    if _has_smiley(item.excerpt_html if item.excerpt_html is not None else item.excerpt):
        return True
    for comment in item.comments:
        text = comment.content_html or comment.content
        if _has_smiley(text):  # a loop, not any(): no generator made per item
            return True
    return False


def transform(item: Item, ctx: Context) -> Item | None:
    # Most items hold no smiley anywhere: each text looked at once, and the item as it
    # is. ``_converted`` gives it back unchanged, counting nothing, when ``convert`` finds
    # nothing to do in any of its texts, after more steps.
    return _converted(item, ctx) if _any_smiley(item) else item


def _converted(item: Item, ctx: Context) -> Item:
    """``item`` with the smileys of its content, excerpt and comments as emoji, counted."""
    counts = ctx.report.counts
    shown = kept = 0

    def converted(text: str | None) -> str | None:
        nonlocal shown, kept
        if not text:
            return None
        result, s, k = convert(text)
        shown, kept = shown + s, kept + k
        return result if s else None

    content = converted(html_of(item))
    excerpt = converted(item.excerpt_html if item.excerpt_html is not None else item.excerpt)
    comments = []
    changed = False
    for comment in item.comments:
        html = converted(comment.content_html or comment.content)
        changed = changed or html is not None
        comments.append(comment if html is None else evolve(comment, content_html=html))
    if shown:
        counts["smilies shown as emoji"] += shown
    if kept:
        counts["smilies kept as typed (an image of WordPress's own)"] += kept
    if content is None and excerpt is None and not changed:
        return item
    return evolve(
        item,
        content_html=content if content is not None else item.content_html,
        excerpt_html=excerpt if excerpt is not None else item.excerpt_html,
        comments=tuple(comments) if changed else item.comments,
    )
