"""Language syntax in WordPress text: codes, qTranslate and Language Switcher tags, markers.

Pure text functions, no item and no configuration (``transforms/languages.py`` decides
what to do with them). The rules follow FORMATS.md §5:

* qTranslate (``qtranxf_split_blocks``): the text is cut at every tag; an opening tag
  gives exactly the next block to its language, a closing tag (or that block) resets
  the current language, text outside any language goes to every language, and each
  result is trimmed. The three syntaxes (``[:fr]``, ``{:fr}``, ``<!--:fr-->``) mix freely.
* Language Switcher: ``[lang_xx]…[/lang_xx]`` is shown in xx only, ``[lang_all]`` and
  untagged text in every language. The unverified Polyglot form ``<lang_xx>…</lang_xx>``
  is read the same way.
* Literal markers typed by hand: ``[fr]`` at the end of a title, a first paragraph that
  opens with ``[en]``, ``[fr]`` right after a link. Only real language codes count
  (ISO 639-1, the common ISO 639-2/3 ones, and configured extras), so ``[pdf]`` or
  ``[1]`` never do.
* A split post's later copies get the post's guid with qTranslate's ``?lang=`` query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

# ISO 639-1: every two-letter code.
_ISO639_1 = """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
    cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he
    hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng
    nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk
    sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz
    ve vi vo wa wo xh yi yo za zh zu"""
ISO639_1 = frozenset(_ISO639_1.split())
# Three-letter codes WordPress locales and blogs actually use (no ISO 639-1 code, or
# commonly written this way). Short on purpose: "[pdf]", "[mp3]", "[faq]" are not languages.
_ISO639_3 = """ast bal bel bre cat ces chi cym dan deu dut ell eng est eus fao fas fil fin fra fre
    fry fur gla gle glg gsw haw heb hin hrv hsb hun hye ind isl ita jpn kab kat kaz kor
    lat lav lit ltz mkd mlt mri msa nld nob nno nor oci pol por roh ron rum rus rup sah
    scn slk slo slv spa sqi srd srp swa swe szl tam tat tha tur twd tzm ukr urd vec vie
    yue zho"""
ISO639_3 = frozenset(_ISO639_3.split())

_CODE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?")


def normalize(code: str, keep_region: bool = False) -> str | None:
    """A BCP 47 tag from what WordPress and plugins write: ``fr``, ``fr-FR``, ``fr_fr``.

    ``keep_region`` keeps ``pt-BR`` (and a script such as ``zh-Hant``); otherwise only
    the language (``pt``). None when ``code`` does not look like a language tag.
    """
    m = _CODE.fullmatch(code.strip())
    if m is None:
        return None
    language, script, region = m.group(1).lower(), m.group(2), m.group(3)
    if not keep_region:
        return language
    parts = [language]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def is_language(code: str, extra: Iterable[str] = ()) -> bool:
    """Whether a bare marker code (``fr``, ``FR``, ``fil``) names a language."""
    low = code.lower()
    return low in ISO639_1 or low in ISO639_3 or low in extra


# -- qTranslate ------------------------------------------------------------------------

# The patterns of plugin syntax are compiled on first use (``functools.cache``): most
# exports have none of it, and compiling them took most of this module's import time.


@cache
def _qt_token() -> re.Pattern[str]:
    return re.compile(
        r"(<!--:[a-z]{2,3}-->|<!--:-->|\[:[a-z]{2,3}\]|\[:\]|\{:[a-z]{2,3}\}|\{:\})",
        re.IGNORECASE,
    )


@cache
def _qt_open() -> re.Pattern[str]:
    return re.compile(r"(?:<!--:|\[:|\{:)([a-z]{2,3})(?:-->|\]|\})", re.IGNORECASE)


_QT_CLOSE = frozenset(("[:]", "{:}", "<!--:-->"))


def has_qtranslate(text: str) -> bool:
    # The cheap test first (this runs on every field of every item): a tag's ":" comes
    # after "[", "{" or "<!--". ``_TAG_COLON`` skips from ":" to ":" as a scan for one
    # character does, and looks at the one before each in the search itself (a loop of
    # ``find`` cost a call at each ":" of a post's links); ``in`` before it, as a search
    # costs more than a scan of a title or an excerpt (most hold no ":").
    if ":" not in text or _TAG_COLON.search(text) is None:
        return False
    return _qt_open().search(text) is not None


_TAG_COLON = re.compile(r":(?<=[\[{-]:)")
"""A ":" right after "[", "{" or "-": where each of qTranslate's tags has its ":"."""


def qtranslate_languages(text: str) -> list[str]:
    """The languages of a qTranslate text, in order of first appearance (lower case)."""
    seen: dict[str, None] = {}
    for m in _qt_open().finditer(text):
        seen.setdefault(m.group(1).lower(), None)
    return list(seen)


def tagged_languages(texts: Iterable[str]) -> list[str]:
    """The raw codes of qTranslate tags in ``texts`` (else of Language Switcher blocks),
    in order of first appearance: the languages a tagged item is split into."""
    return language_tags(texts)[0]


def language_tags(texts: Iterable[str]) -> tuple[list[str], bool]:
    """``tagged_languages``, and whether they are qTranslate's: one scan of each text
    tells both (the index pass marks a qTranslate export by it, even where an item has
    one language's tags only and is not split)."""
    texts = list(texts)
    tagged = [t for t in texts if has_qtranslate(t)]
    qtranslate = bool(tagged)
    find = qtranslate_languages
    if not tagged:
        tagged, find = [t for t in texts if has_switcher(t)], switcher_languages
    found: dict[str, None] = {}
    for text in tagged:
        for raw in find(text):
            found.setdefault(raw, None)
    return list(found), qtranslate


def qtranslate_split(text: str, languages: Iterable[str]) -> dict[str, str]:
    """The text of each language, by qTranslate's own rules (``qtranxf_split_blocks``).

    ``languages`` are the enabled ones: text outside any tag goes to each of them.
    A language the text has no block for gets only that untagged text.
    """
    result: dict[str, list[str]] = {lang: [] for lang in languages}
    current: str | None = None
    opening_tag = _qt_open().fullmatch
    for block in _qt_token().split(text):
        if not block:
            continue
        opening = opening_tag(block)
        if opening is not None:
            current = opening.group(1).lower()
            continue
        if block in _QT_CLOSE:
            current = None
        elif current is not None:
            result.setdefault(current, []).append(block)
            current = None  # exactly the next block belongs to the language
        else:
            for parts in result.values():
                parts.append(block)
    return {lang: "".join(parts).strip() for lang, parts in result.items()}


# -- Language Switcher (and Polyglot's <lang_xx>) ---------------------------------------


@cache
def _ls_block() -> re.Pattern[str]:
    return re.compile(
        r"\[lang_([a-z]{2,3}(?:[-_][a-z]{2,4})?|all)\](.*?)\[/lang_\1\]"
        r"|<lang_([a-z]{2,3}(?:[-_][a-z]{2,4})?|all)>(.*?)</lang_\3>",
        re.IGNORECASE | re.DOTALL,
    )


def has_switcher(text: str) -> bool:
    # "_" first: a scan for one character is several times faster, and most texts have none.
    return "_" in text and "lang_" in text and _ls_block().search(text) is not None


def switcher_languages(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for m in _ls_block().finditer(text):
        code = (m.group(1) or m.group(3)).lower().replace("_", "-")
        if code != "all":
            seen.setdefault(code, None)
    return list(seen)


def switcher_text(text: str, language: str) -> str:
    """The text as Language Switcher shows it in ``language``."""
    if "lang_" not in text:
        return text.strip()

    def keep(m: re.Match[str]) -> str:
        code = (m.group(1) or m.group(3)).lower().replace("_", "-")
        body = m.group(2) if m.group(1) else m.group(4)
        return body if code in ("all", language) else ""

    return _ls_block().sub(keep, text).strip()


# -- literal markers -------------------------------------------------------------------

_TITLE_MARKER = re.compile(r"\s*\[([A-Za-z]{2,3})\]\s*$")


def copy_guid(guid: str, lang: str) -> str:
    """The guid of a split post's copy in ``lang`` other than the first (the main
    language's, which keeps the post's): the post's, with the language as a ``lang``
    query parameter (before any fragment), as qTranslate's query mode addressed that
    language of the post: ``http://example.org/?p=10`` gives
    ``http://example.org/?p=10&lang=en``.

    Each copy needs a guid of its own: the WXR importer most plugins ship (humanmade's
    WordPress-Importer) skips a post whose guid is that of one already there or imported
    before it in the same file, and a feed reader shows one entry per guid. It is made
    from the guid and the language only, never from a number the run gives the copy:
    a later export, or one of other languages, gives the copy the same guid, so an
    importer or a reader knows it again."""
    head, mark, fragment = guid.partition("#")
    glue = "" if head.endswith(("?", "&")) else "&" if "?" in head else "?"
    return f"{head}{glue}lang={lang.lower()}{mark}{fragment}"


def title_marker(title: str, extra: Iterable[str] = ()) -> tuple[str, str | None]:
    """``("Title", "fr")`` for ``"Title [fr]"``; ``(title, None)`` without a marker."""
    if not title.rstrip().endswith("]"):
        return title, None
    m = _TITLE_MARKER.search(title)
    if m is None or not is_language(m.group(1), extra) or m.start() == 0:
        return title, None
    return title[: m.start()], m.group(1).lower()


# A first paragraph opening with a marker, as typed (``[en] text``, blank line after)
# or once paragraphs were added (``<p>[en] text</p>``); the marker may be bold.
_LEAD = re.compile(
    r"\s*(<p\b[^>]*>)?\s*(?:<(strong|b|em|i)>\s*)?\[([A-Za-z]{2,3})\]\s*(?:</\2>)?[ \t]*"
)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n|</p>\s*|<p\b|\Z")


class Lead(NamedTuple):
    """A first paragraph that opens with a language marker."""

    code: str
    text: str
    """The paragraph without its marker (and without ``<p>``)."""
    rest: str
    """What follows the paragraph."""
    unmarked: str
    """The whole text with only the marker removed."""


def lead_paragraph(html: str, extra: Iterable[str] = ()) -> Lead | None:
    """The first paragraph, when the text opens with ``[xx] paragraph``."""
    if "[" not in html[:80]:
        return None
    m = _LEAD.match(html)
    if m is None or not is_language(m.group(3), extra):
        return None
    end = _PARAGRAPH_END.search(html, m.end())
    assert end is not None  # \Z always matches
    body = html[m.end() : end.start()].strip()
    rest = html[end.end() if end.group().startswith(("</p>", "\n")) else end.start() :]
    if m.group(1) is None and body.endswith("</p>"):
        body = body[: -len("</p>")].rstrip()
    unmarked = html[: m.start(1)] + m.group(1) + html[m.end() :] if m.group(1) else html[m.end() :]
    return Lead(m.group(3).lower(), body, rest.lstrip("\n"), unmarked)


_LINK_MARKER = re.compile(r"</a>([ \t]*)\[([A-Za-z]{2,3})\]")
_OPEN_A = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)


def link_markers(html: str, extra: Iterable[str] = ()) -> str:
    """``<a href=…>x</a> [fr]`` becomes ``<a href=… hreflang="fr">x</a>``."""
    if "</a>" not in html or "]" not in html:
        return html
    out: list[str] = []
    pos = 0
    for m in _LINK_MARKER.finditer(html):
        code = m.group(2)
        opening = _last_opening(html, pos, m.start())
        if not is_language(code, extra) or opening is None:
            continue
        out.append(html[pos : opening.start()])
        tag = opening.group(0)
        if "hreflang" not in tag.lower():
            tag = f'{tag[:-1].rstrip("/ ")} hreflang="{code.lower()}">'
        out.append(tag)
        out.append(html[opening.end() : m.start()])
        out.append("</a>")
        pos = m.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def _last_opening(html: str, start: int, end: int) -> re.Match[str] | None:
    """The ``<a …>`` tag that the ``</a>`` at ``end`` closes (links do not nest)."""
    at = html.rfind("<a", start, end)
    while at != -1:
        m = _OPEN_A.match(html, at)
        if m is not None:
            return m
        at = html.rfind("<a", start, at)  # "<abbr", "<article": look further back
    return None
