"""Texturize: quotes, apostrophes, dashes and ellipses as WordPress showed them (opt-in).

WordPress stores text as typed and, when it shows a title, a post, an excerpt, a
comment or its author's name, runs ``wptexturize``: ``"quoted"`` became “quoted”,
``it's`` it’s, ``--`` a dash, ``...`` an ellipsis, ``9'`` 9′, ``2x3`` 2×3, each in the
characters of the site's language (a French site showed « quoted », with non-breaking
spaces). The converted site shows the text as typed unless this transform runs
(``-t texturize``): the export does not say whether the site had the filter on (a
plugin or a theme can turn it off).

The rules are WordPress's own, piece by piece of text between tags and shortcodes;
nothing inside ``<pre>``, ``<code>``, ``<kbd>``, ``<style>``, ``<script>``, ``<tt>`` or
``[code]``, nor in HTML comments and tags (but for a bare ``&``, written ``&#038;``).
Addresses WordPress embedded before texturizing (``[embed]``'s, one alone on its line)
stay as typed. On content and excerpts it runs before paragraphs, on comments after
their addresses were made links, as WordPress ordered its filters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from wxr_tools import htmlrefs
from wxr_tools.model import Item, evolve
from wxr_tools.shortcodehtml import CONVERTERS
from wxr_tools.transforms import Context, html_of
from wxr_tools.transforms.autop import PHP_TRIM, WP_SPACES
from wxr_tools.transforms.clickable import clickable
from wxr_tools.transforms.embeds import alone


@dataclass(frozen=True, slots=True)
class Characters:
    """What a locale's translation of WordPress shows for each typed character."""

    opening_quote: str = "&#8220;"
    closing_quote: str = "&#8221;"
    apostrophe: str = "&#8217;"
    prime: str = "&#8242;"
    double_prime: str = "&#8243;"
    opening_single_quote: str = "&#8216;"
    closing_single_quote: str = "&#8217;"
    en_dash: str = "&#8211;"
    em_dash: str = "&#8212;"


# The locales whose translation of WordPress (6.1, as Debian's wordpress-l10n ships
# them) changes any of the characters; every other locale shows English's.
LOCALES: dict[str, Characters] = {
    "bs_BA": Characters(apostrophe="'", prime="'", double_prime='"'),
    "el": Characters(
        opening_quote="«",
        closing_quote="»",
        opening_single_quote="“",
        closing_single_quote="”",
    ),
    "fi": Characters(opening_quote="&#8221;", opening_single_quote="&#8217;"),
    "fr_FR": Characters(opening_quote="&laquo;&nbsp;", closing_quote="&nbsp;&raquo;"),
    "he_IL": Characters(
        opening_quote="&quot;",
        closing_quote="&quot;",
        apostrophe="'",
        prime="'",
        double_prime="&quot;",
        opening_single_quote="'",
        closing_single_quote="'",
    ),
    "my_MM": Characters(opening_quote="&#8220; ", closing_quote="&#8221; "),
    "ru_RU": Characters(opening_quote="&#171;", closing_quote="&#187;", en_dash="&#8212;"),
    "sr_RS": Characters(opening_quote="&#8222;", closing_quote="&#8220;"),
    "sv_SE": Characters(opening_quote="&#8221;"),
    "ug_CN": Characters(opening_quote="&#8221;", closing_quote="&#8220;"),
    "zh_TW": Characters(closing_quote='"'),
}
ENGLISH = Characters()


def characters_for(language: str) -> Characters:
    """The characters of a site whose ``<language>`` is ``language`` (``fr-FR``): its
    locale's, else those of a locale of the same language (``fr-CA`` shows French
    quotes), else English's."""
    locale = language.strip().replace("-", "_")
    if locale in LOCALES:
        return LOCALES[locale]
    prefix = locale.split("_")[0].lower()
    for name, chars in LOCALES.items():
        if name.split("_")[0].lower() == prefix:
            return chars
    return ENGLISH


# -- WordPress's patterns ------------------------------------------------------------
# PHP's patterns run on UTF-8 bytes: "\d" is an ASCII digit, "\s" ASCII white space,
# and a look-behind may hold alternatives of different lengths (here, one each).

# WordPress's look-behinds come before the quote or dash they look at. Here they come
# after it and look behind it too ("'(?<=X')" rather than "(?<=X)'"): a pattern that
# starts with the character itself is looked for only where it is (a third of the time).


def _after(lead: str, typed: str, also: str = "") -> str:
    """``typed`` at the start, or after a space (or one of ``also``: a character class's
    content, or ``&lt;``), with the look-behind after it."""
    t = re.escape(typed)
    behind = [rf"(?<=\A{t})", rf"(?<=[\r\n\t \xa0{also}]{t})", rf"(?<=&nbsp;{t})"]
    if lead:
        behind.append(rf"(?<={lead}{t})")
    return f"{t}(?:{'|'.join(behind)})"


_CLOSES = rf"(?=\Z|[.,:;!?)}}\-\]]|&gt;|{WP_SPACES})"
_APOS_FLAG = "<!--apos-->"
_OPEN_SQ_FLAG = "<!--osq-->"
_OPEN_Q_FLAG = "<!--oq-->"
_PRIME_FLAG = "<!--wp-prime-or-quote-->"

# Words that start with an apostrophe ("'tis"): English's list, which most
# translations keep (a few empty it or change it; not followed here).
_COCKNEY_WORDS = ("'tain't", "'twere", "'twas", "'tis", "'twill", "'til", "'bout", "'nuff")
_COCKNEY = tuple(
    (word, "&#8217;" + word[1:].replace("'", "&#8217;"))
    for word in (*_COCKNEY_WORDS, "'round", "'cause", "'em")
)
_SQ_NUMBER = _after("", "'") + r"(\d[.,\d]*)'"  # '0.42'
_SQ_OPENS = _after("&lt;", "'", '(\\[{"\\-')  # after ( [ { " - &lt; or a space
_APOS_IN_WORD = (  # not after a space, not before punctuation or a space
    r"'(?<![\r\n\t \xa0]')(?<!&nbsp;')(?!\Z|[.,:;!?\"'(){}\[\]\-]|&[lg]t;|" + WP_SPACES + ")"
)
_DQ_NUMBER = _after("", '"') + r'(\d[.,\d]*)"'  # "42"
_DQ_OPENS = _after("&lt;", '"', "(\\[{\\-")  # after ( [ { - &lt; or a space
_BARE_AMPERSAND = re.compile(r"&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)", re.I | re.A)
_TIMES_HINT = re.compile(r"(?<=[0-9])x[0-9]")
# "\d(?(?<=0)[\d.,]+|[\d.,]*)": after a 0, at least one more digit, dot or comma.
_TIMES = re.compile(r"\b(0[\d.,]+|[1-9][\d.,]*)x(\d[\d.,]*)\b", re.A)
_DASHES = (
    (re.compile(r"---"), "em"),
    (re.compile(rf"{_after('', '--')}(?=\Z|{WP_SPACES})"), "em"),
    (re.compile(r"--(?<!xn--)"), "en"),
    (re.compile(rf"{_after('', '-')}(?=\Z|{WP_SPACES})"), "en"),
)
_HTML = r"<(?:(?=!--)!(?:-(?!->)[^\-]*+)*+(?:-->)?|(?!!--)[^>]*>?)"
_SHORTCODE_NAME = re.compile(r"\[/?([^<>&/\[\]\x00-\x20=]++)")
NO_TEXTURIZE_TAGS = ("pre", "code", "kbd", "style", "script", "tt")
NO_TEXTURIZE_SHORTCODES = ("code",)
# [embed] ran before texturizing (priority 8): its address was never texturized either.
_EMBEDDED_FIRST = ("code", "embed")
# Shortcodes WordPress registers, and those this toolkit converts (a site showed them,
# so a plugin registered them): their brackets and attributes are left as typed.
_CORE_SHORTCODES = frozenset(("caption", "wp_caption", "gallery", "playlist", "audio", "video"))
REGISTERED = _CORE_SHORTCODES | {"embed"} | frozenset(CONVERTERS)


@dataclass(frozen=True, slots=True)
class _Rules:
    chars: Characters
    statics: tuple[tuple[str, str], ...]
    apos: tuple[tuple[re.Pattern[str], str], ...]
    quote: tuple[tuple[re.Pattern[str], str], ...]
    dash: tuple[tuple[re.Pattern[str], str], ...]


@cache
def rules(chars: Characters) -> _Rules:
    """The replacements for ``chars``, in WordPress's order (each may depend on
    whether the locale writes a quote or an apostrophe as typed)."""
    c = chars
    statics = (
        ("...", "&#8230;"),
        ("``", c.opening_quote),
        ("''", c.closing_quote),
        (" (tm)", " &#8482;"),
        *_COCKNEY,
    )
    t = _template
    apos: list[tuple[str, str]] = []
    # '99' and '99" at the end of a quotation: an abbreviated year.
    if c.apostrophe != "'" or c.closing_single_quote != "'":
        apos.append((rf"'(\d\d)'{_CLOSES}", _APOS_FLAG + r"\g<1>" + t(c.closing_single_quote)))
    if c.apostrophe != "'" or c.closing_quote != '"':
        apos.append((rf"'(\d\d)\"{_CLOSES}", _APOS_FLAG + r"\g<1>" + t(c.closing_quote)))
    if c.apostrophe != "'":  # '99 '99s '99's, never '9 '99% '999 '99.0
        apos.append((r"'(?=\d\d(?:\Z|(?![%\d]|[.,]\d)))", _APOS_FLAG))
    if c.opening_single_quote != "'" and c.closing_single_quote != "'":  # '0.42'
        apos.append(
            (
                _SQ_NUMBER,
                _OPEN_SQ_FLAG + r"\g<1>" + t(c.closing_single_quote),
            )
        )
    if c.opening_single_quote != "'":  # at the start, or after ( { < [ " - or a space
        apos.append((_SQ_OPENS, _OPEN_SQ_FLAG))
    if c.apostrophe != "'":  # in a word
        apos.append((_APOS_IN_WORD, _APOS_FLAG))
    quote: list[tuple[str, str]] = []
    if c.opening_quote != '"' and c.closing_quote != '"':  # "42"
        quote.append((_DQ_NUMBER, _OPEN_Q_FLAG + r"\g<1>" + t(c.closing_quote)))
    if c.opening_quote != '"':  # at the start, or after ( { < [ - or a space, before text
        quote.append((_DQ_OPENS + rf"(?!{WP_SPACES})", _OPEN_Q_FLAG))
    dash = tuple((p, t(c.em_dash if kind == "em" else c.en_dash)) for p, kind in _DASHES)
    return _Rules(
        chars,
        statics,
        tuple((re.compile(p, re.A), r) for p, r in apos),
        tuple((re.compile(p, re.A), r) for p, r in quote),
        dash,
    )


def _template(characters: str) -> str:
    """``characters`` as a replacement template (a backslash would read as an escape)."""
    return characters.replace("\\", "\\\\")


@cache
def _primes(needle: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    quote = re.compile(re.escape(needle) + _CLOSES, re.A)
    prime = re.compile(r"(?<=\d)" + re.escape(needle), re.A)
    return quote, prime


_FLAG_AFTER_DIGIT = re.compile(r"(?<=\d)" + re.escape(_PRIME_FLAG), re.A)
_FLAG_NO_DIGIT = re.compile(r"(?<!\d)" + re.escape(_PRIME_FLAG), re.A)


def _texturize_primes(text: str, needle: str, prime: str, opening: str, closing: str) -> str:
    """``wptexturize_primes``: the quotes left after the patterns are closing quotes
    or primes (9' 9"), decided sentence by sentence (a sentence starts at an opening)."""
    quote_pattern, prime_pattern = _primes(needle)
    prime_t = _template(prime)
    sentences = text.split(opening)
    for key, sentence in enumerate(sentences):
        if needle not in sentence:
            continue
        if key != 0 and closing not in sentence:
            sentence, count = quote_pattern.subn(_PRIME_FLAG, sentence)
            if count > 1:
                # Several closing quote candidates: the one not after a digit, else
                # the last one before a period, else the last one, closes the quote.
                sentence, found = _FLAG_NO_DIGIT.subn(_template(closing), sentence)
                if found == 0:
                    at = sentence.rfind(_PRIME_FLAG + ".")
                    if at < 0:
                        at = sentence.rfind(_PRIME_FLAG)
                    sentence = sentence[:at] + closing + sentence[at + len(_PRIME_FLAG) :]
                sentence = prime_pattern.sub(prime_t, sentence)
                sentence = _FLAG_AFTER_DIGIT.sub(prime_t, sentence)
                sentence = sentence.replace(_PRIME_FLAG, closing)
            elif count == 1:
                sentence = sentence.replace(_PRIME_FLAG, closing)
                sentence = prime_pattern.sub(prime_t, sentence)
            else:
                sentence = prime_pattern.sub(prime_t, sentence)
        else:
            sentence = prime_pattern.sub(prime_t, sentence)
            sentence = quote_pattern.sub(_template(closing), sentence)
        if needle == '"' and '"' in sentence:
            sentence = sentence.replace('"', closing)
        sentences[key] = sentence
    return opening.join(sentences)


def _texturize_text(text: str, r: _Rules) -> str:
    """One piece of text between tags: WordPress's replacements, in its order."""
    c = r.chars
    for typed, shown in r.statics:
        if typed in text:
            text = text.replace(typed, shown)
    if "'" in text:
        for pattern, replacement in r.apos:
            text = pattern.sub(replacement, text)
        text = _texturize_primes(text, "'", c.prime, _OPEN_SQ_FLAG, c.closing_single_quote)
        text = text.replace(_APOS_FLAG, c.apostrophe).replace(_OPEN_SQ_FLAG, c.opening_single_quote)
    if '"' in text:
        for pattern, replacement in r.quote:
            text = pattern.sub(replacement, text)
        text = _texturize_primes(text, '"', c.double_prime, _OPEN_Q_FLAG, c.closing_quote)
        text = text.replace(_OPEN_Q_FLAG, c.opening_quote)
    if "-" in text:
        for pattern, dash in r.dash:
            text = pattern.sub(dash, text)
    if _TIMES_HINT.search(text) is not None:
        text = _TIMES.sub(r"\1&#215;\2", text)
    return _BARE_AMPERSAND.sub("&#038;", text)


@cache
def _splitter(names: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    if not names:
        return re.compile(f"({_HTML})"), None
    tags = "|".join(re.escape(n) for n in sorted(names))
    shortcode = rf"\[[/\[]?(?:{tags})(?=[ \t\n\x0b\f\r\]/])(?:[^\[\]<>]+|<[^\[\]>]*>)*+\]\]?"
    return re.compile(f"({_HTML}|{shortcode})"), re.compile(shortcode)


def _push_pop(piece: str, stack: list[str], disabled: tuple[str, ...]) -> None:
    """``_wptexturize_pushpop_element``: an opening tag of ``disabled`` stops the
    replacements until its own closing tag (whatever is badly nested in between)."""
    if len(piece) > 1 and piece[1] != "/":
        opening, offset = True, 1
    elif not stack:
        return
    else:
        opening, offset = False, 2
    space = piece.find(" ")
    # PHP's substr with a negative length: all but the last character ("<pre>": "pre").
    name = piece[offset:-1] if space < 0 else piece[offset:space]
    if name in disabled:
        if opening:
            stack.append(name)
        elif stack[-1] == name:
            stack.pop()


def texturize(
    text: str,
    chars: Characters,
    shortcodes: frozenset[str] = REGISTERED,
    untouched: tuple[str, ...] = NO_TEXTURIZE_SHORTCODES,
) -> str:
    """``wptexturize(text)`` with ``chars``; ``shortcodes``: those the site registered;
    ``untouched``: those whose body is left as typed."""
    if not text:
        return text
    r = rules(chars)
    found = frozenset(m.group(1) for m in _SHORTCODE_NAME.finditer(text)) & shortcodes
    split, shortcode = _splitter(found)
    tags: list[str] = []
    codes: list[str] = []
    pieces = [p for p in split.split(text) if p]
    for n, piece in enumerate(pieces):
        first = piece[0]
        if first == "<":
            if piece.startswith("<!--"):
                continue
            pieces[n] = _BARE_AMPERSAND.sub("&#038;", piece)
            _push_pop(pieces[n], tags, NO_TEXTURIZE_TAGS)
        elif not piece.strip(PHP_TRIM):
            continue
        elif first == "[" and shortcode is not None and shortcode.fullmatch(piece):
            if not piece.startswith("[[") and not piece.endswith("]]"):
                _push_pop(piece, codes, untouched)
        elif not codes and not tags:
            pieces[n] = _texturize_text(piece, r)
    return "".join(pieces)


def _shown_text(text: str, shown: Callable[[str], str]) -> str:
    """``text`` (a title, a name: text, not HTML) as the rules show it."""
    return htmlrefs.unescape(shown(html.escape(text, quote=False))) if text else text


_KEPT_ADDRESS = "<!--\ue000{}-->"


def _shown_content(html_text: str, shown: Callable[[str], str]) -> str:
    """The content as the rules show it, but for the addresses alone on their line.

    WordPress made those a player or a link (autoembed) before it texturized the rest:
    the address was in a tag by then, and stayed as typed (``xn---`` would have become
    ``xn—``). Here the ``embeds`` transform runs after paragraphs, so each is kept
    aside, as a comment the rules skip, while the rest is texturized.
    """
    pieces: list[str] = []
    kept: list[str] = []
    at = 0
    for m in alone(html_text):
        pieces += [html_text[at : m.start()], _KEPT_ADDRESS.format(len(kept))]
        kept.append(m.group())
        at = m.end()
    if not kept:
        return shown(html_text)
    out = shown("".join(pieces) + html_text[at:])
    for n, address in enumerate(kept):
        out = out.replace(_KEPT_ADDRESS.format(n), address, 1)
    return out


def _rules_of(ctx: Context) -> Callable[[str], str]:
    """``texturize`` as this run's configuration and site say."""
    language = str(ctx.config.section("texturize").get("locale") or ctx.site.language)
    chars = characters_for(language)
    mapped = ctx.config.section("shortcodes").get("map") or {}
    shortcodes = REGISTERED | frozenset(mapped)

    def shown(text: str) -> str:
        return texturize(text, chars, shortcodes, _EMBEDDED_FIRST)

    return shown


def shown_title(title: str, ctx: Context) -> str:
    """``title`` as ``transform`` shows it: another language's site names the item so
    when it links it (``transforms.langsites``)."""
    return _shown_text(title, _rules_of(ctx))


def transform(item: Item, ctx: Context) -> Item | None:
    shown = _rules_of(ctx)
    excerpt = item.excerpt_html if item.excerpt_html is not None else item.excerpt
    content = html_of(item)
    changes: dict[str, object] = {}
    if (title := _shown_text(item.title, shown)) != item.title:
        changes["title"] = title
    if (new := _shown_content(content, shown)) != content:
        changes["content_html"] = new
    if excerpt.strip() and (new := shown(excerpt)) != excerpt:
        changes["excerpt_html"] = new
    comments = []
    for c in item.comments:
        typed = c.content_html or c.content
        comment: dict[str, str] = {}
        if (new := shown(clickable(typed))) != typed:
            comment["content_html"] = new
        if (author := _shown_text(c.author, shown)) != c.author:
            comment["author"] = author  # WordPress texturized the names it showed too
        comments.append(evolve(c, **comment) if comment else c)
    if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
        changes["comments"] = tuple(comments)
    return evolve(item, **changes) if changes else item
