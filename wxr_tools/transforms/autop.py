"""Paragraph formatting for classic WordPress content: a Python ``wpautop()``.

Stage: a content transform (text → text). It is a pure function: no I/O, no
global state, the same output for the same input.

WordPress stores classic-editor posts without ``<p>`` tags; blank lines mean
paragraphs and single newlines mean ``<br />``. WordPress adds the markup at
render time with ``wpautop()`` followed by ``shortcode_unautop()`` (both on the
``the_content`` filter). A WXR export carries the *stored* text, so a converter
must do the same work. This module reproduces that behaviour from the rules in
``FORMATS.md`` §2 and WordPress's own test vectors; it is written from the
documented behaviour; it is not a translation of the PHP.

It must NOT be applied to block-editor content: posts containing
``<!-- wp:`` already carry their own ``<p>`` markup, and WordPress itself skips
``wpautop()`` for them (``do_blocks()`` / ``has_blocks()``). Callers check
:func:`has_blocks` first and leave such content alone.

Two steps go beyond ``wpautop()`` itself, both on by default and both
switchable off to get WordPress's bare ``wpautop()`` output:

* ``shortcode_unautop()``: a paragraph holding only a registered shortcode is
  unwrapped. WordPress knows the registered shortcodes from the running site;
  offline we need the names, hence the ``shortcodes`` parameter.
* Comment unwrapping: a paragraph holding only HTML comments (``<!--more-->``,
  ``<!--nextpage-->``, ...) is unwrapped, so converters can still find those
  markers on their own line. WordPress never shows them to wpautop (it splits
  on them before filtering), so it has no rule for this.
"""

from __future__ import annotations

import re
from operator import itemgetter

from wxr_tools.transforms.autoptags import (
    BLOCK_TAG,
    BR_AFTER_BLOCK,
    BR_BEFORE_BLOCK,
    EMPTY_P,
    RULE_NAMES,
    RULE_TAG,
    collapse_embedded_whitespace,
    mark_block_boundaries,
    tidy_paragraphs,
)

__all__ = ["DEFAULT_SHORTCODES", "autop", "has_blocks"]

DEFAULT_SHORTCODES: frozenset[str] = frozenset(
    {
        "caption",
        "gallery",
        "embed",
        "audio",
        "video",
        "playlist",
        "code",
        "sourcecode",
        "youtube",
        "vimeo",
    }
)
"""Shortcodes treated as block-level when none are given: WordPress core's own
media shortcodes plus the code and video-host ones common in classic exports."""

# PHP runs these patterns without the /u modifier, so \s and \w are ASCII-only
# there: a non-breaking space (common in French text) is *not* whitespace to
# wpautop. re.ASCII gives Python the same classes.
_A = re.ASCII

# Characters PHP's trim() strips; str.strip() would also strip Unicode spaces.
PHP_TRIM = " \t\n\r\0\x0b"
# WordPress's wp_spaces_regexp(): the white space its formatting functions (smileys,
# texturize) look for around what they replace.
WP_SPACES = r"[\r\n\t \xa0]|&nbsp;"
# What \s matches with re.ASCII (the rules' white space): "<p>\f</p>" is an empty paragraph.
_REGEX_SPACE = " \t\n\r\x0b\x0c"

# Placeholders. They look like HTML on purpose so that later rules treat them
# as WordPress treats its own: the <pre> one as a block, the newline ones as
# tags that contain no newline.
_PRE_PLACEHOLDER = "<pre wp-pre-tag-{}></pre>"
_PRE_PLACEHOLDER_RE = re.compile(r"<pre wp-pre-tag-(\d+)></pre>")
_TAG_NEWLINE = " <!-- wpnl --> "
_KEPT_NEWLINE = "<WPPreserveNewline />"

# Replacements are functions, not "\\1" templates: Python 3.11 expands templates in
# Python code, at several times the cost of the whole search on a typical post.
_GROUP_1 = itemgetter(1)

# One HTML token, as WordPress's wp_html_split() sees it: a comment runs to the
# first "-->" (which may overlap its "<!--") or to the end of input, CDATA to
# the first "]]>" or the end, and anything else from "<" to the next ">".
_HTML_TOKEN = re.compile(r"<(?:!(?=--)(?:.*?-->|.*)|!\[CDATA\[(?:.*?\]\]>|.*)|[^>]*>?)", re.DOTALL)

_TAG_WITH_NEWLINE = re.compile(r"<[^>]*\n")

_NEWLINE_RUN = re.compile(r"\n\n+")
"""WordPress's first step of the paragraphs, which the split makes needless (for the tests)."""
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n", _A)

# Content whose newlines are code or markup, not prose.
_RAW_NEWLINES = re.compile(r"<(script|style|svg).*?</\1>", re.DOTALL)
_RAW_START = re.compile(r"<(?:script|style|svg)")
_BR_UNCLOSED = re.compile(r"<br/?>")
# WordPress's "(?<!<br />)\s*\n": white space up to its last newline, not right after a
# <br />. Any pattern for it is tried at every white space character, which prose
# has every few letters. Run on the reversed text, it starts with the newline (the
# rarest character: found by a fast scan) and looks ahead instead of back; matches
# never span two runs of white space, so reversing the order they are found in
# changes none of them.
_LINE_BREAK_REVERSED = re.compile(r"\n\s*(?!>/ rb<)", _A)
WORDPRESS_LINE_BREAK = re.compile(r"(?<!<br />)\s*\n", _A)
"""The pattern as WordPress writes it (for the tests)."""
_BR_BEFORE_P = re.compile(r"<br />(\s*</?p>)", _A)
_BR_AFTER_P = re.compile(r"(</?p>)\s*<br />", _A)
# "$" also matches before a final "\n", as PHP's does without the D modifier.
FINAL_NEWLINE_IN_P = re.compile(r"\n</p>$")
"""WordPress's last rule (for the tests: :func:`_drop_final_newline_in_p` does its work)."""

# shortcode_unautop() counts these as whitespace around a lone shortcode.
_SPACES = r"(?:[\r\n\t ]|\xa0|&nbsp;)"
_COMMENT = r"<!--(?:(?!-->).)*-->"
_COMMENT_RE = re.compile(_COMMENT, re.DOTALL)

# One search for what the rules about tags (``RULE_TAG``'s), the double <br> rule ("<br"),
# the newlines hidden in tags (a tag holding a newline, or a carriage return that
# becomes one, or open at the end where the padding newline goes; "<!", which makes
# comments and CDATA tokens of their own) and the kept-newline placeholder act on:
# each "<" of the text looked at once, not one scan of the text for each.
_MARKED = re.compile(rf"<(?:{RULE_NAMES}|br|!|WPPreserveNewline />|[^>\r\n]*+(?:[\r\n]|\Z))", _A)
_COMMENT_ONLY_P = re.compile(
    rf"<p>(?:\s|<br />)*((?:{_COMMENT}(?:\s|<br />)*)+)</p>", re.DOTALL | _A
)


def has_blocks(text: str) -> bool:
    """Tell whether ``text`` is block-editor content, which must not be autop'd.

    Mirrors WordPress's ``has_blocks()``: a plain substring test.
    """
    return "<!-- wp:" in text


def autop(
    text: str,
    br: bool = True,
    *,
    shortcodes: frozenset[str] | None = None,
    unwrap_comments: bool = True,
) -> str:
    """Turn blank-line paragraphs and single newlines into ``<p>`` and ``<br />``.

    Args:
        text: Classic (non-block) post content as stored by WordPress.
        br: Also turn remaining single newlines into ``<br />`` (WordPress's ``$br``).
        shortcodes: Names of shortcodes to unwrap when alone in a paragraph
            (``shortcode_unautop``). ``None`` means :data:`DEFAULT_SHORTCODES`;
            an empty set switches the step off.
        unwrap_comments: Unwrap paragraphs that hold only HTML comments.

    Returns:
        The formatted HTML; ``""`` for blank input. With ``shortcodes=frozenset()``
        and ``unwrap_comments=False`` it is WordPress's bare ``wpautop()``, as
        checked against WordPress's own test vectors.

    Example:
        >>> autop("One\\ntwo\\n\\nThree")
        '<p>One<br />\\ntwo</p>\\n<p>Three</p>\\n'
    """
    html = _wpautop(text, br)
    names = DEFAULT_SHORTCODES if shortcodes is None else shortcodes
    if names and "[" in html:
        # Custom sets are compiled per call (re's own cache makes repeats cheap).
        pattern = _DEFAULT_SHORTCODE_P if names == DEFAULT_SHORTCODES else _shortcode_p(names)
        html = pattern.sub(_GROUP_1, html)
    if unwrap_comments and "<!--" in html:
        html = _COMMENT_ONLY_P.sub(_comments_alone, html)
    return html


def _wpautop(text: str, br: bool) -> str:
    """Apply FORMATS §2.2's rules in WordPress's order."""
    if not text.strip(PHP_TRIM):
        return ""
    if "<" not in text:
        if "\r" not in text:
            # Most comments: lines of text parted by single blank lines. Each is a
            # paragraph, and no rule has anything else to act on (none is all white
            # space, which would make an empty <p>; no line break is left).
            paragraphs = text.split("\n\n")
            if all("\n" not in p and p.strip(_REGEX_SPACE) for p in paragraphs):
                return "".join([f"<p>{p}</p>\n" for p in paragraphs])
        return _plain_autop(text, br)
    return _full_autop(text, br)


def _full_autop(text: str, br: bool) -> str:
    first = _MARKED.search(text)
    if first is None:  # most posts: links, emphasis, images
        return _inline_autop(text, br)
    # Every tag of RULE_TAG's is one of _MARKED's: none is before the first of these.
    if RULE_TAG.search(text, first.start()) is None:
        return _rules(text, br, False, tags=False)
    return _rules(text, br, BLOCK_TAG.search(text) is not None)


def _inline_autop(text: str, br: bool) -> str:
    """``_rules(text, br, False, tags=False)`` for text where ``_MARKED`` finds nothing.

    No "<br": the double <br> rule has nothing to act on. No tag holds a newline (nor
    a carriage return, which becomes one first, nor runs to the end, where the padding
    newline is) and no "<!" makes a comment or CDATA a token: no newline to hide, and
    nothing for ``_restore`` to put back. No kept-newline placeholder: the paragraphs
    take the one-at-a-time path. Each of these was a scan of the whole text, and most
    posts hold none of them (a property test compares both ways).
    """
    text += "\n"  # the padding newline is WordPress's
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if br:
        return _drop_final_newline_in_p(_broken_paragraphs(text, False))
    return _drop_final_newline_in_p(EMPTY_P.sub("", _wrap_paragraphs(text)))


def _rules(text: str, br: bool, blocks: bool, tags: bool = True) -> str:
    """The rules; without ``blocks`` (no block tag in ``text``), those about block tags
    reduce to the paragraphs' own ``<p>`` and ``</p>``; without ``tags`` (none that
    ``RULE_TAG`` finds), those about the other tags have nothing to act on.

    Most classic posts hold inline tags only (links, emphasis, images): there, the
    eight searches for block tags (each trying forty names at every "<") gave a
    fifth of autop's time for nothing (a property test checks that both ways give
    the same), and one search tells that the four rules for rarer tags are not needed
    either: none of the steps before them makes such a tag.
    """
    text += "\n"  # the padding newline is WordPress's
    # A <pre> is a block: without blocks, no <pre> to look for.
    text, pre_blocks = _stash_pre(text) if blocks else (text, [])
    text = mark_block_boundaries(text, blocks)
    # WordPress normalises line endings only here, after the block rules, so
    # CR LF inside <pre> (already stashed) is kept verbatim.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Most posts have no newline inside a tag: then the per-tag function need not run.
    if _has_tag_newline(text):
        text = _HTML_TOKEN.sub(_protect_tag_newlines, text)
    if tags:
        text = collapse_embedded_whitespace(text)
    if (
        not blocks
        and br
        and _KEPT_NEWLINE not in text
        and (not tags or _RAW_START.search(text) is None)
    ):
        text = _broken_paragraphs(text, tags)
        return _restore(_drop_final_newline_in_p(text), pre_blocks)
    text = _wrap_paragraphs(text)
    # Only paragraphs' tags: no empty paragraph is left, so none is before or after
    # another, and <br /> beside one is the only other rule that finds anything.
    text = tidy_paragraphs(text) if blocks else EMPTY_P.sub("", text)
    if br:
        text = _add_line_breaks(text)
    if "<br />" in text:  # both rules remove one
        text = (BR_AFTER_BLOCK if blocks else _BR_AFTER_P).sub(_GROUP_1, text)
        text = (BR_BEFORE_BLOCK if blocks else _BR_BEFORE_P).sub(_GROUP_1, text)
    return _restore(_drop_final_newline_in_p(text), pre_blocks)


def _plain_autop(text: str, br: bool) -> str:
    """The same rules for text without markup (most comments), with the ~15 rules
    that only act on tags left out: a tenth of the cost, the same result (a
    property test checks it against the full path)."""
    text = (text + "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = EMPTY_P.sub("", _wrap_paragraphs(text))
    if br:
        text = _line_breaks(text)
        # The only tags are the <p> and </p> just added, and a <br /> follows no
        # white space (it took the run before its newline): the block rules reduce
        # to these literal replacements.
        text = text.replace("<p><br />", "<p>").replace("</p><br />", "</p>")
        if "<br />" in text:
            text = _BR_BEFORE_P.sub(_GROUP_1, text)
    return _drop_final_newline_in_p(text)


def _stash_pre(text: str) -> tuple[str, list[str]]:
    """Swap each ``<pre>…</pre>`` for a placeholder so nothing inside it changes.

    Works on pieces between literal ``</pre>`` as WordPress does. A piece with
    no ``<pre`` (a stray ``</pre>``) is kept, but that ``</pre>`` is dropped,
    which is also what WordPress does.
    """
    if "<pre" not in text:
        return text, []
    *pieces, last = text.split("</pre>")
    stashed: list[str] = []
    out: list[str] = []
    for piece in pieces:
        start = piece.find("<pre")
        if start < 0:
            out.append(piece)
            continue
        out.append(piece[:start] + _PRE_PLACEHOLDER.format(len(stashed)))
        stashed.append(piece[start:] + "</pre>")
    out.append(last)
    return "".join(out), stashed


def _has_tag_newline(text: str) -> bool:
    """Whether a token of ``_HTML_TOKEN`` holds a newline.

    Without ``<!`` every token is ``<`` up to the next ``>``: one search tells, with no
    list of every tag to make (a property test compares it with the tokens).
    """
    if "<!" in text:  # a comment or CDATA may hold ">" before its newline
        return "\n" in "".join(_HTML_TOKEN.findall(text))
    return _TAG_WITH_NEWLINE.search(text) is not None


def _protect_tag_newlines(match: re.Match[str]) -> str:
    # A newline inside a tag, comment or CDATA is not a line of prose: hide it
    # until the end so it becomes neither <br /> nor a paragraph split.
    return match[0].replace("\n", _TAG_NEWLINE)


def _wrap_paragraphs(text: str) -> str:
    """Wrap every blank-line-separated chunk in ``<p>…</p>\\n``.

    WordPress first makes every run of newlines two (``_NEWLINE_RUN``); the split needs
    no such step: a match of ``\\n\\s*\\n`` runs from the first newline of a stretch of
    white space to its last, so it takes a run whole, and the chunks between matches
    are the same either way (a property test compares both). That step was a scan of
    the whole text for three newlines.
    """
    # Only newlines are trimmed: leading spaces of a paragraph stay, as in WordPress.
    chunks = (chunk.strip("\n") for chunk in _PARAGRAPH_SPLIT.split(text) if chunk)
    return "".join(f"<p>{chunk}</p>\n" for chunk in chunks)


def _broken_paragraphs(text: str, tags: bool = True) -> str:
    """``_wrap_paragraphs``, then the empty paragraphs removed, the line breaks and the
    rules about ``<br />`` beside a paragraph's tags, for text with no block tag (so the
    only ``<p>`` and ``</p>`` are the paragraphs'), nothing kept from the line break
    rule (no script, style or svg) and ``br``: one paragraph at a time, with string
    tests, rather than three searches and two replacements through the whole text
    (a property test compares both).

    What the rules do there: a paragraph of white space only is removed, then the line
    break rule makes the newlines left where it was, with the one after the paragraph
    before, one ``<br />`` that the ``</p>`` before it takes away: nothing is left of
    it. Only before the first paragraph with text, where no ``</p>`` takes it, one
    newline is left (``<br />`` before a ``<p>`` goes), or ``<br />`` and a newline
    when no paragraph has text. Inside a paragraph, each newline gets its ``<br />``;
    a ``<br />`` first (after white space) or last (before white space) goes.
    """
    # Runs of newlines need not be made two first (``_wrap_paragraphs`` says why).
    if tags and _BR_UNCLOSED.search(text) is not None:  # makes or splits no paragraph
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    out: list[str] = []
    blank = False  # a paragraph of white space before the first with text
    for chunk in _PARAGRAPH_SPLIT.split(text):
        if not chunk:
            continue
        # Only newlines are trimmed: leading spaces of a paragraph stay, as in WordPress.
        chunk = chunk.strip("\n")
        if not chunk.strip(_REGEX_SPACE):
            blank = blank or not out
            continue
        if "\n" in chunk:
            chunk = _line_breaks(chunk)
        if "<br />" in chunk:
            first = chunk.lstrip(_REGEX_SPACE)
            if first.startswith("<br />"):
                chunk = first[len("<br />") :]
            body = chunk.rstrip(_REGEX_SPACE)
            if body.endswith("<br />"):
                chunk = body[: -len("<br />")] + chunk[len(body) :]
        out.append(f"<p>{chunk}</p>\n")
    if blank:
        out.insert(0, "\n" if out else "<br />\n")
    return "".join(out)


def _add_line_breaks(text: str) -> str:
    """Turn each remaining newline into ``<br />\\n``, except inside script/style/svg."""
    if _RAW_START.search(text) is not None:  # else nothing to keep
        text = _RAW_NEWLINES.sub(lambda m: m[0].replace("\n", _KEPT_NEWLINE), text)
    if _BR_UNCLOSED.search(text) is not None:
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    # A newline already preceded by <br /> keeps that single one.
    text = _line_breaks(text)
    return text.replace(_KEPT_NEWLINE, "\n")


def _line_breaks(text: str) -> str:
    """``<br />`` before each newline (taking the white space before it), as WordPress."""
    return _LINE_BREAK_REVERSED.sub("\n>/ rb<", text[::-1])[::-1]


def _drop_final_newline_in_p(text: str) -> str:
    """WordPress's ``\n</p>$`` → ``</p>``, by comparing the end of the text."""
    if text.endswith("\n</p>"):
        return text[: -len("\n</p>")] + "</p>"
    if text.endswith("\n</p>\n"):
        return text[: -len("\n</p>\n")] + "</p>\n"
    return text


def _restore(text: str, pre_blocks: list[str]) -> str:
    """Put back the stashed ``<pre>`` blocks, then the newlines hidden in tags."""
    if pre_blocks:
        # One pass, so a <pre> that happens to contain placeholder text is not
        # rewritten again.
        text = _PRE_PLACEHOLDER_RE.sub(
            lambda m: pre_blocks[int(m[1])] if int(m[1]) < len(pre_blocks) else m[0], text
        )
    if "<!-- wpnl -->" in text:
        text = text.replace(_TAG_NEWLINE, "\n").replace(_TAG_NEWLINE.strip(), "\n")
    return text


def _shortcode_p(names: frozenset[str]) -> re.Pattern[str]:
    """Build the ``shortcode_unautop`` pattern for these shortcode names.

    It matches ``<p>``, optional spaces, one shortcode (self-closing, bare, or
    with content up to its own closing tag), optional spaces, ``</p>``; group 1
    is the shortcode.
    """
    alternatives = "|".join(re.escape(name) for name in sorted(names))
    return re.compile(
        rf"<p>{_SPACES}*+"
        rf"(\[({alternatives})(?![\w-])"  # the name, not a prefix of a longer one
        r"[^\]/]*+(?:/(?!\])[^\]/]*+)*?"  # attributes: a "/" only if not "/]"
        r"(?:/\]|\](?:[^\[]*+(?:\[(?!/\2\])[^\[]*+)*+\[/\2\])?))"
        rf"{_SPACES}*+</p>",
        _A,
    )


_DEFAULT_SHORTCODE_P = _shortcode_p(DEFAULT_SHORTCODES)


def _comments_alone(match: re.Match[str]) -> str:
    # Keep every comment verbatim, one per line; drop the <p> and any <br />.
    return "\n".join(_COMMENT_RE.findall(match[1]))
