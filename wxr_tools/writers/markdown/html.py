"""HTML to Markdown with html2text, tuned to lose nothing.

Three steps around html2text:

1. ``rawhtml.protect`` cuts out what Markdown cannot say (code kept verbatim, embeds,
   captions, ``lang`` attributes...) and leaves tokens in its place.
2. html2text (subclassed in ``converter``) converts the rest with no wrapping,
   inline links and images, ``-`` bullets, ``*`` emphasis (it works inside words,
   ``_`` does not), padded tables (its tokenizer and commonest handlers short-cut:
   ``htmlscan``, ``shortcuts``). Its escaping is too weak to lose nothing, so every
   character that could be read as Markdown is swapped for a sentinel while it is
   still known to be text, and decided after conversion, when its neighbours are
   known (``sentinels``); its emphasis marks likewise (``marks``). Before it,
   ``unclosed`` closes what was left open and ``emphasis`` reshapes what Markdown's
   marks cannot say; it writes URLs and titles through ``destinations``.
3. The tokens come back (indented to sit inside lists and blockquotes), and what the
   target's template language would execute is escaped for it.

The result is CommonMark that kramdown (Jekyll's default) reads the same way.
"""

from __future__ import annotations

import re
from functools import partial

from wxr_tools import htmlrefs
from wxr_tools.writers.markdown import charrefs, emphasis, marks, simplemd, unclosed
from wxr_tools.writers.markdown.converter import new_converter
from wxr_tools.writers.markdown.plaintext import plain_markdown
from wxr_tools.writers.markdown.rawhtml import Protected, Raw, protect, settle
from wxr_tools.writers.markdown.sentinels import char_at, resolve
from wxr_tools.writers.markdown.verbatim import no_blank_lines, template_escape

_DEFINITION_LINE = re.compile(r"^((?:[ \t]*>)*[ \t]*):(?=[ \t])", re.MULTILINE)
# The same after a line end: "(?:[ \t]*>)*[ \t]*" is any run of spaces, tabs and ">".
# It starts with a literal, which the regular expression engine scans for quickly;
# the multi-line "^" is tried at every character.
_DEFINITION_AFTER_LINE_END = re.compile(r"\n[ \t>]*:[ \t]")
_SETEXT_LINE = re.compile(r"^((?:[ \t]*>)*[ \t]*)(=+[ \t]*)$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
# Two or more lines holding nothing but quote markers (tokens hold code: none here).
_BLANK_QUOTE_RUNS = re.compile(r"^[ \t]*>[> \t]*\n(?:[ \t]*>[> \t]*(?:\n|\Z))+", re.MULTILINE)
_EMPTY_HEADING = re.compile(r"^((?:[ \t]*>)*[ \t]*)#{1,6}[ \t]*$", re.MULTILINE)
_WHITESPACE_LINES = re.compile(r"^[ \t]+$", re.MULTILINE)


def _one_blank_quote_line(m: re.Match[str]) -> str:
    """The first of a run of empty quote lines, when all have as many markers."""
    lines = m.group(0).split("\n")
    depths = {line.count(">") for line in lines if line}
    if len(depths) != 1:
        return m.group(0)
    return lines[0] + "\n" if m.group(0).endswith("\n") else lines[0]


def _continuation(prefix: str) -> str:
    """What continues a line that started with ``prefix`` in the same block."""
    if prefix.strip(" \t>") == "":
        return prefix
    quote = len(prefix) - len(prefix.lstrip(" \t>"))
    return prefix[:quote] + " " * (len(prefix) - quote)


def _restore(text: str, protected: Protected) -> str:
    """Put back what the tokens stand for; a block keeps the indentation of its line."""
    pattern = protected.token
    if pattern is None:
        return text
    # Only the lines holding a token change: each is found from its token, and the
    # text between them is copied whole (most lines hold none).
    out: list[str] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if line_end < 0:
            line_end = len(text)
        out.append(text[pos:line_start])
        out.append(_restored_line(text[line_start:line_end], pattern, protected.raws))
        pos = line_end
    out.append(text[pos:])
    return "".join(out)


def _restored_line(line: str, pattern: re.Pattern[str], raws: dict[str, Raw]) -> str:
    """A line holding a token, with what its tokens stand for (``_restore``)."""
    m = pattern.search(line)
    if m is None:
        return line
    raw = raws[m.group(0)]
    if (
        raw.block
        and m.end() == len(line.rstrip())
        and line[: m.start()].strip(" \t>-*+.)0123456789") == ""
    ):
        prefix = line[: m.start()]
        rest = _continuation(prefix)
        first, *others = raw.text.split("\n")
        return "\n".join([prefix + first, *((rest + o) if o else rest.rstrip() for o in others)])
    return pattern.sub(lambda t: raws[t.group(0)].text.replace("\n", " "), line)


def to_markdown(source: str, flavor: str) -> str:
    """Markdown for the HTML ``source``, for a site of ``flavor``; "" for no content."""
    if not source or source.isspace():  # ``not source.strip()`` without its copy
        return ""
    # html2text and html.parser stop on a reference of thousands of digits (htmlrefs).
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    source = htmlrefs.shortened(source)
    plain = plain_markdown(source)
    if plain is not None:
        return plain
    simple = simplemd.html2text_output(source)
    if simple is not None:
        markdown = finished(simple.markdown, _NOTHING_PROTECTED, flavor, simple.sentinels)
    else:
        markdown = convert(charrefs.in_tags(source), flavor)
    return from_the_margin(markdown) if flavor == "astro" else markdown


_INDENTED_ITEM = re.compile(r"  (?:[-*+]|\d{1,9}[.)]) ")


def from_the_margin(markdown: str) -> str:
    """``markdown`` with the list it starts with (if any) moved two columns left.

    html2text indents a list's items by two spaces. Astro's content loader trims the
    start of a post's body, so a post that starts with a list lost the first item's
    two spaces but not the others': after a nested list, the next item fell into the
    nested one. The lines from the start up to the first one at the margin (the list,
    with its blank lines) all move, so their columns keep their relations.
    """
    if not _INDENTED_ITEM.match(markdown):
        return markdown
    lines = markdown.split("\n")
    end = next(
        (i for i, line in enumerate(lines) if line and not line.startswith("  ")), len(lines)
    )
    return "\n".join([line[2:] for line in lines[:end]] + lines[end:])


# markdown-it (Eleventy's reader) stops reading blocks at a nesting level of 100 and
# drops the rest of the post without a word: a list takes two levels (the list and
# its item), a blockquote one, the paragraph inside them one more.
_MAX_NESTING = 100
_NESTING_TAG = re.compile(r"<(/?)(ul|ol|blockquote)(?=[\s/>])", re.IGNORECASE)


def nested_too_deep(source: str) -> bool:
    """Whether the lists and quotes of ``source`` nest deeper than Markdown can be read
    (see ``_MAX_NESTING``); written as Markdown, ten thousand nested lists would also
    indent each line by twice as many spaces, gigabytes of them."""
    if source.count("<") < _MAX_NESTING // 2:
        return False  # each tag nests two levels at most: too few tags to reach it
    depth = 0
    for m in _NESTING_TAG.finditer(source):
        weight = 1 if m.group(2).lower() == "blockquote" else 2
        depth = max(0, depth - weight) if m.group(1) else depth + weight
        if depth >= _MAX_NESTING - 1:
            return True
    return False


def convert(source: str, flavor: str) -> str:
    """``to_markdown`` through html2text, for a non-blank ``source`` with LF line ends."""
    if unclosed.table(source) or nested_too_deep(source):
        # html2text loses the cells of a table left open (or fails on it), and Markdown
        # cannot nest that deep: the post is kept as HTML, which Markdown passes through.
        return _as_html(source, flavor)
    try:
        source_closed = unclosed.closed(source, flavor)
    except unclosed.TooDeep:
        # Nested too deep for libxml2 to close what is left open (it would have dropped
        # the rest of the post): kept as HTML, for the browser to read.
        return _as_html(source, flavor)
    protected = protect(source_closed, flavor)
    text = charrefs.bare_ampersands(protected.text)
    simple = simplemd.written(text)  # reshaped there, where it must be
    if simple is not None:
        return finished(simple.markdown, protected, flavor, simple.sentinels)
    try:
        md = new_converter().handle(emphasis.reshape(text))
    except (IndexError, KeyError, ValueError, AssertionError):
        return _as_html(source, flavor)  # other broken markup: kept, the run goes on
    return finished(md, protected, flavor)


_NOTHING_PROTECTED = Protected("", {}, None)
"""What ``protect`` gives for the HTML ``simplemd`` reads: no token (its text unused)."""


def finished(
    md: str, protected: Protected, flavor: str, sentinels: tuple[str, ...] | None = None
) -> str:
    """``convert``'s result from html2text's output ``md`` for ``protected``; ``md``
    holds none of ``resolve``'s sentinels but ``sentinels`` (``simplemd.Written``), if
    given."""
    md = marks.settle(md, partial(char_at, protected), protected.token is not None)
    if sentinels is None:
        md = resolve(md)
    elif sentinels:
        md = resolve(md, sentinels)
    # Each pass only where its pattern can match: a line-anchored pattern is tried at
    # every character, a substring test is a fast scan (of one character, several
    # times faster than of two: most texts are tested by the first one alone).
    if ":" in md and (
        _DEFINITION_LINE.match(md) is not None or _DEFINITION_AFTER_LINE_END.search(md) is not None
    ):
        md = _DEFINITION_LINE.sub(r"\1\\:", md)
    if "=" in md:
        md = _SETEXT_LINE.sub(r"\1\\\2", md)
    if "#" in md:
        # An empty heading (<h2></h2>): kramdown shows its "##".
        md = _EMPTY_HEADING.sub(r"\1", md)
    md = template_escape(md, flavor)
    if " \n" in md or ("\t" in md and "\t\n" in md) or md.endswith((" ", "\t")):
        md = _WHITESPACE_LINES.sub("", md)
    if "\n\n\n" in md:
        md = _BLANK_RUNS.sub("\n\n", md)
    if ">" in md and "\n>" in md:
        # Likewise in a quote: html2text ends a list there with two empty quote lines,
        # which remark (Astro) took for a loose list (its items spaced as paragraphs).
        md = _BLANK_QUOTE_RUNS.sub(_one_blank_quote_line, md)
    md = md.strip("\n")
    md = settle(md, protected, _continuation)
    md = _restore(md, protected)
    return md + "\n" if md and not md.isspace() else ""  # ``md.strip()``, no copy


def _as_html(source: str, flavor: str) -> str:
    """``source`` kept as HTML, for a site of ``flavor``.

    Without blank lines: one would end the HTML block, and Markdown would read the rest
    (code in a ``<pre>`` became an indented code block, its tags text).
    """
    return template_escape(no_blank_lines(source.strip("\n")), flavor) + "\n"


def templated(markdown: str, flavor: str) -> bool:
    """Whether Liquid (Jekyll) or Nunjucks/Liquid (Eleventy) would execute something."""
    if flavor == "jekyll":
        return "{{" in markdown or "{%" in markdown
    if flavor == "eleventy":
        return "{{" in markdown or "{%" in markdown or "{#" in markdown
    return False
