"""wpautop's rules about tags: blocks set apart, embedded elements' white space, and
the paragraphs tidied around block tags.

Stage: part of the ``autop`` content transform (:mod:`wxr_tools.transforms.autop`),
which runs them in WordPress's order between its own rules about paragraphs and line
breaks. They are apart because they are the rules that look at tags (the forty block
names of FORMATS §2.3, ``<option>``, ``<object>``, ``<source>``, ``<figcaption>``...):
most classic posts hold none of those tags, and autop skips these rules for them after
one search (:data:`RULE_TAG`, :data:`BLOCK_TAG`).
"""

from __future__ import annotations

import re
from operator import itemgetter

# As in autop.py: PHP runs these patterns without the /u modifier, so \s is ASCII-only.
_A = re.ASCII
# Replacements are functions, not "\\1" templates (autop.py says why).
_GROUP_1 = itemgetter(1)

# FORMATS §2.3: tags that wpautop never wraps in <p>. No word boundary after
# the name in most rules (so "<p" also covers "<param", "<pre"), as in WordPress.
_BLOCK = (
    "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
    "|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend"
    "|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu"
    "|summary)"
)

_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", _A)
_BLOCK_OPEN = re.compile(rf"(<{_BLOCK}[\s/>])", _A)
_BLOCK_CLOSE = re.compile(rf"(</{_BLOCK}>)", _A)
# Any tag the rules below take for a block's (by the start of its name: "<p" also finds
# "<param"), and the blockquote rule's own, which ignores case.
BLOCK_TAG = re.compile(rf"<(?:/?{_BLOCK}|(?i:blockquote))", _A)
_HR = re.compile(r"(<hr\s*?/?>)", _A)
# Every tag some rule looks for besides the paragraphs': those of BLOCK_TAG, those of
# _EMBEDDED, autop.py's _RAW_START's (style is a block) and _BR_UNCLOSED's.
RULE_NAMES = rf"/?{_BLOCK}|(?i:blockquote)|option|/object>|source|track|figcaption|script|svg|br/?>"
RULE_TAG = re.compile(rf"<(?:{RULE_NAMES})", _A)

_OPTION_BEFORE = re.compile(r"\s*<option", _A)
_OPTION_AFTER = re.compile(r"</option>\s*", _A)
_OBJECT_OPEN = re.compile(r"(<object[^>]*>)\s*", _A)
_OBJECT_CLOSE = re.compile(r"\s*</object>", _A)
_PARAM_EMBED = re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*", _A)
# The [audio]/[video] shortcodes take part too: they render to <audio>/<video>.
_MEDIA_OPEN = re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", _A)
_MEDIA_CLOSE = re.compile(r"\s*([<\[]/(?:audio|video)[>\]])", _A)
_SOURCE_TRACK = re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", _A)
_FIGCAPTION_OPEN = re.compile(r"\s*(<figcaption[^>]*>)", _A)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*", _A)
# Where one of the rules above has something to do. A pattern starting with "<" is
# looked for as fast as one character; one looking for several words costs the same.
_EMBEDDED = re.compile(r"<(?:option|/object>|source|track|figcaption)")

EMPTY_P = re.compile(r"<p>\s*</p>", _A)
_UNCLOSED_P = re.compile(r"<p>([^<]+)</(div|address|form)>")
_P_AROUND_BLOCK = re.compile(rf"<p>\s*(</?{_BLOCK}[^>]*>)\s*</p>", _A)
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>")
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE | _A)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?{_BLOCK}[^>]*>)", _A)
_P_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK}[^>]*>)\s*</p>", _A)

BR_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK}[^>]*>)\s*<br />", _A)
BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", _A)


def mark_block_boundaries(text: str, blocks: bool) -> str:
    """Turn double ``<br>`` into a paragraph break and set blocks apart by blank lines."""
    if "<br" in text:  # every match starts with it: no scan of the text without one
        text = _DOUBLE_BR.sub("\n\n", text)
    if not blocks:
        return text
    text = _BLOCK_OPEN.sub(lambda m: "\n\n" + m[1], text)
    text = _BLOCK_CLOSE.sub(lambda m: m[1] + "\n\n", text)
    return _HR.sub(lambda m: m[1] + "\n\n", text) if "<hr" in text else text


def collapse_embedded_whitespace(text: str) -> str:
    """Remove whitespace between parts of an element so it is not split or broken.

    Each rule runs only when its trigger occurs, as in WordPress: the
    object/param rule needs ``</object>``, the media rule ``<source`` or ``<track``.
    """
    if _EMBEDDED.search(text) is None:  # one scan for the four triggers, not five
        return text
    if "<option" in text:
        text = _OPTION_AFTER.sub("</option>", _OPTION_BEFORE.sub("<option", text))
    if "</object>" in text:
        text = _OBJECT_CLOSE.sub("</object>", _OBJECT_OPEN.sub(_GROUP_1, text))
        text = _PARAM_EMBED.sub(_GROUP_1, text)
    if "<source" in text or "<track" in text:
        text = _MEDIA_CLOSE.sub(_GROUP_1, _MEDIA_OPEN.sub(_GROUP_1, text))
        text = _SOURCE_TRACK.sub(_GROUP_1, text)
    if "<figcaption" in text:
        text = _FIGCAPTION_CLOSE.sub("</figcaption>", _FIGCAPTION_OPEN.sub(_GROUP_1, text))
    return text


def tidy_paragraphs(text: str) -> str:
    """Undo the wrapping where it put ``<p>`` around or against block tags.

    The order matters: each rule expects the shapes the previous ones left.
    """
    text = EMPTY_P.sub("", text)
    if "</div>" in text or "</address>" in text or "</form>" in text:  # else no match
        text = _UNCLOSED_P.sub(lambda m: f"<p>{m[1]}</p></{m[2]}>", text)
    text = _P_AROUND_BLOCK.sub(_GROUP_1, text)
    if "<li" in text:
        text = _P_AROUND_LI.sub(_GROUP_1, text)
    # A blockquote is not wrapped, but its contents get paragraphs.
    text = _P_BLOCKQUOTE.sub(lambda m: f"<blockquote{m[1]}><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = _P_BEFORE_BLOCK.sub(_GROUP_1, text)
    return _P_AFTER_BLOCK.sub(_GROUP_1, text)
