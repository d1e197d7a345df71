"""The transforms' shortcuts give what the plain computations they replace give."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import unquote, urlsplit

import pytest
from corpus_helpers import corpus_files, file_params, transformed_sources
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml_cases import SITE

from wxr_tools.entries import entry_of
from wxr_tools.index import Entry, Index
from wxr_tools.model import Item, Meta, evolve
from wxr_tools.originals import _first_note, _search_note
from wxr_tools.sitetables import Repeats, entry_facts
from wxr_tools.transforms import Context
from wxr_tools.transforms.links import _MARKUP, _URL_ATTRS, _Rewriter
from wxr_tools.transforms.linktables import tables
from wxr_tools.transforms.shortcodes import _EMPTY_P, _FIGURE, _P_TAG, lift_figures
from wxr_tools.transforms.text import _SUSPECT, _suspect
from wxr_tools.urlparts import VARIANT, upload_path


def _reference_lift_figures(html: str) -> str:
    """``lift_figures`` with a plain ``finditer`` over the text."""
    if "<figure" not in html:
        return html
    out: list[str] = []
    pos = 0
    inside = False
    for m in _FIGURE.finditer(html):
        before = html[pos : m.start()]
        for tag in _P_TAG.finditer(before):
            inside = tag[1] == ""
        out.append(before)
        out.append(f"</p>\n{m[1]}\n<p>" if inside else m[0])
        pos = m.end()
    out.append(html[pos:])
    return _EMPTY_P.sub("", "".join(out))


_FIGURE_PIECES = st.sampled_from(
    [
        *("<figure>", "<figure class=x>", "</figure>", "<figures>", "<figure\n>"),
        *("<br />", "<br/>", "<br /><br />", " ", "\n", "\u00a0", "\u2003"),
        *("<p>", "</p>", "<p class=a>", "x"),
    ]
)


@given(st.lists(_FIGURE_PIECES, max_size=25))
def test_lift_figures_is_the_plain_scan(parts: list[str]) -> None:
    html = "".join(parts)
    assert lift_figures(html) == _reference_lift_figures(html)


# -- links: texts without "=" are not scanned ----------------------------------------------


@cache  # one site map for every example: building it is most of a test's time
def _rewriter() -> _Rewriter:
    page = Item(id=1, type="post", status="publish", slug="a", link="https://example.org/a/")
    target = Item(id=2, type="post", status="publish", slug="b", link="https://example.org/b/")
    index = Index(e for e in map(entry_of, (page, target)) if e is not None)
    ctx = Context(site=SITE, index=index)
    return _Rewriter(page, ctx, tables(ctx))


_LINK_PIECES = st.sampled_from(
    [
        *('<a href="https://example.org/b/">', "<A HREF='/b/'>", "<img src=https://example.org/b/"),
        *("<video poster=", " data-src", " title='src=\"x\"'", "<a", "<a href", "</a>", ">"),
        *("=", " ", "\n", '"', "'", "<!--", "-->", "<p>", "x", "/b/", "SRC", "é"),
        *("-", "->", "<!-->", "--->", "<!---->", "<IFRAME\tsrc=/b/>", "<a\nhref=/b/"),
        *(' srcset="/b/ 1x, https://example.org/b/ 2x"', " data-srcset='/b/ 300w'", ' alt="a"'),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINK_PIECES, max_size=20))
def test_link_rewrite_is_the_full_scan(parts: list[str]) -> None:
    """What ``html`` returns at once is what scanning every tag gives."""
    text = "".join(parts)
    rewriter = _rewriter()
    assert rewriter.html(text) == _plain_rewrite(rewriter, text)


# Every attribute in turn, as the links transform first scanned them (one group less).
_PLAIN_ATTR = re.compile(
    r"""(\s+[^\s"'>/=]+\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))|\s+[^\s"'>/=]+"""
)


def _plain_rewrite(rewriter: _Rewriter, text: str) -> str:
    """The links of ``text`` rewritten the plain way: a substitution calling back for
    every tag and comment, then for every attribute."""

    def attribute(m: re.Match[str]) -> str:
        name = (m.group(1) or "").strip().rstrip("=").strip().lower()
        if name not in _URL_ATTRS:
            return m.group(0)
        value = m.group(2) if m.group(2) is not None else m.group(3) or m.group(4) or ""
        if "srcset" in name:
            parts = (part.strip().partition(" ") for part in value.split(","))
            new = ", ".join(f"{rewriter.url(u)} {size.strip()}".strip() for u, _, size in parts)
        else:
            new = rewriter.url(value)
        if new == value:
            return m.group(0)
        quote = "'" if m.group(3) is not None else '"'
        return f"{m.group(1)}{quote}{new}{quote}"

    def tag(m: re.Match[str]) -> str:
        found = m.group(0)
        return found if found.startswith("<!--") else _PLAIN_ATTR.sub(attribute, found)

    return _PLAIN_MARKUP.sub(tag, text)


# The links transform's markup pattern as first written: a lazy comment, no lookahead of
# the names' first letters, nothing possessive.
_PLAIN_MARKUP = re.compile(
    r"<!--.*?-->|<(?:a|img|source|video|audio|iframe|embed|area|track|link)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def _scan(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, bool]]:
    """Each match's span, and whether it is a comment (the links transform's pattern
    says so by its tag group, the plain one by the match's start)."""
    plain = pattern is _PLAIN_MARKUP
    return [
        (*m.span(), m.group(0).startswith("<!--") if plain else m.lastindex is None)
        for m in pattern.finditer(text)
    ]


_MARKUP_PIECES = st.sampled_from(
    [
        *("<a", "<A", "<img", "<IMG", "<iMg", "<source", "<ſource", "<İframe", "<ıframe"),
        *("<video", "<audio", "<iframe", "<embed", "<area", "<track", "<link", "<LINK"),
        *("<abbr", "<p", "</a", "<strong", "<em", "<li", "<table", "<s", "<i", "<b"),
        *("<!--", "-->", "<!", "<", ">", " href=x", "\n", "=", '"', "'", "x", "é", "K"),
        # A comment's edges: its end's pieces, ends that overlap its start, "--!>".
        *("-", "--", "->", "<!-->", "<!--->", "<!---->", "--->", "--!>", "<!-- a -- b -->"),
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_MARKUP_PIECES, max_size=24))
def test_markup_scan_is_the_plain_pattern(parts: list[str]) -> None:
    """The same comments and tags, at the same places, as the plain lazy pattern finds."""
    text = "".join(parts)
    assert _scan(_MARKUP, text) == _scan(_PLAIN_MARKUP, text)


@pytest.mark.parametrize("name", file_params(corpus_files()))
def test_markup_scan_is_the_plain_pattern_on_the_corpus(name: str) -> None:
    for item_id, source in transformed_sources(name):
        assert _scan(_MARKUP, source) == _scan(_PLAIN_MARKUP, source), item_id


def test_markup_lookahead_takes_what_the_names_first_letters_take() -> None:
    """Under IGNORECASE a name's first letter matches more than itself (ſ for s, İ and ı
    for i, the capitals): each tag name with its first letter replaced by any character
    that may be one of those is found by both patterns, or by neither."""
    names = ("a", "img", "source", "video", "audio", "iframe", "embed", "area", "track", "link")
    # Below U+2200: every character whose case relates to an ASCII letter's (K is U+212A).
    for char in map(chr, range(0x2200)):
        for name in names:
            tag = f"<{char}{name[1:]} x>"
            assert bool(_MARKUP.match(tag)) == bool(_PLAIN_MARKUP.match(tag)), repr(tag)


def test_texts_without_attribute_values_are_not_scanned() -> None:
    text = "<p>Thanks <a>here</a>, see href and src</p>"
    assert _rewriter().html(text) is text
    linked = '<p><a href="https://example.org/b/">b</a></p>'
    assert _rewriter().html(linked) != linked


# -- text: the mojibake test searched in the UTF-8 bytes -----------------------------------


# Leads of each length, continuations (below U+0100 and above), letters, space.
_MOJIBAKE = "aé»…ÃÂ©â€™ð\u0080\u00bf\u00c2\u00df\u00e0\u00ef\u00f0\u00f4\u00f5 "


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_MOJIBAKE, max_size=30))
def test_mojibake_suspect_is_the_plain_search(text: str) -> None:
    assert _suspect(text) == (_SUSPECT.search(text) is not None)


# The edges of both classes (every lead length's first and last), every continuation
# above U+00FF and characters beside them (their UTF-8 forms differ in the last byte),
# others above U+00FF, a lone surrogate.
_LEADS = (
    "aé»…&#;Ã©\u0080\u00bf\u00c0\u00c1\u00c2\u00df\u00e0\u00ef\u00f0\u00f4\u00f5\u00ff"
    "\u0100\u00c3語\ud800 "
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019"
    "\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
    "\u0151\u0154\u017f\u0191\u02c7\u2012\u2015\u2017\u201b\u201f\u2023\u2027\u20ab\u2121"
)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_LEADS, max_size=30))
def test_mojibake_suspect_in_bytes_at_the_edges(text: str) -> None:
    assert _suspect(text) == (_SUSPECT.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_mojibake_suspect_on_any_text(text: str) -> None:
    assert _suspect(text) == (_SUSPECT.search(text) is not None)


# -- originals: texts without a piece of a note word are not lowered --------------------------


_NOTE_TEXT = st.sampled_from(
    [
        *("First ", "FIRST ", "firſt ", "originally ", "Initialement ", "PRÉCÉDEMMENT "),
        *("D’ABORD ", "d'abord ", "previously ", "publié ", "published ", "parue ", "in ", "dans "),
        *("İ", "ı", "K", "é", "x", " ", "\n", "<p>"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_NOTE_TEXT, max_size=12))
def test_first_note_is_the_plain_search(parts: list[str]) -> None:
    text = "".join(parts)
    found, plain = _first_note(text), _search_note(text)
    assert (found and found.span()) == (plain and plain.span())


# -- embeds: each address looked at where it is, against one pattern over the text ------

_ALONE = re.compile(
    r'(<p(?:\s[^>]*)?>|<br\s*/?>\n?|^)([ \t]*)(https?://[^\s<>"]+)([ \t]*)(?=</p>|<br\s*/?>|$)',
    re.IGNORECASE | re.MULTILINE,
)
_KEPT = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _reference_embeds(content: str) -> str:
    import html

    from wxr_tools.shortcodehtml import embed_html

    kept = [m.span() for m in _KEPT.finditer(content)]

    def embed(m: re.Match[str]) -> str:
        if any(a < m.start(3) < b for a, b in kept):
            return m.group(0)
        return m.group(1) + m.group(2) + embed_html(html.unescape(m.group(3)))[0] + m.group(4)

    return _ALONE.sub(embed, content)


_EMBED_PIECES = st.sampled_from(
    ["<p>", "</p>", '<p class="x">', "<br />", "<br>", "\n", " ", "\t", "text", "<pre>",
     "</pre>", "<code>", "</code>", "https://youtu.be/Q7bXk2mLs0A", "http://a.org/x",
     "http://a.org/?a=1&amp;b=2", "<a href=\"http://a.org/\">", "</a>", "."]
)  # fmt: skip


@settings(max_examples=500)
@given(st.lists(_EMBED_PIECES, max_size=12).map("".join))
def test_embeds_look_at_each_address(content: str) -> None:
    from wxr_tools.transforms.embeds import transform

    result = transform(Item(id=1, content_html=content), Context(site=SITE))
    assert result is not None
    assert (result.content_html or content) == _reference_embeds(content)


# -- smilies: the smileys' first characters looked for, against WordPress's pattern --------

_SPACES = r"[\r\n\t ]|\xa0|&nbsp;"


@cache
def _wordpress_smilies() -> re.Pattern[str]:
    """``smilies_init``'s pattern as WordPress builds it: a look-behind for a space (or
    the start of a line) before each group of smileys sharing a first character."""
    from wxr_tools.transforms.smilies import SMILIES

    groups: dict[str, list[str]] = {}
    for code in sorted(SMILIES, reverse=True):
        groups.setdefault(code[0], []).append(re.escape(code[1:]))
    before = r"(?:(?<=[\r\n\t \xa0])|(?<=&nbsp;)|^)"
    branches = [
        f"{before}{re.escape(first)}(?:{'|'.join(rest)})(?={_SPACES}|$)"
        for first, rest in groups.items()
    ]
    return re.compile("|".join(branches), re.MULTILINE)


def _reference_smilies(html: str) -> str:
    """``convert_smilies``: the text between tags (``<.*>``, ungreedy), outside the
    elements left alone, each piece searched with WordPress's pattern."""
    from wxr_tools.transforms.smilies import _UNTOUCHED, SMILIES

    def face(m: re.Match[str]) -> str:
        return SMILIES[m.group()] or m.group()

    out, ignored = [], ""
    for piece in re.split(r"(<.*?>)", html):
        if not ignored and piece.startswith("<"):
            m = _UNTOUCHED.match(piece)
            if m is not None and not piece.endswith("/>"):
                ignored = m.group(1).lower()
        if not ignored and piece and piece[0] != "<":
            piece = _wordpress_smilies().sub(face, piece)
        elif ignored and piece.lower().replace(" ", "") == f"</{ignored}>":
            ignored = ""
        out.append(piece)
    return "".join(out)


_SMILEY_PIECES = st.sampled_from(
    [":)", ";-)", ":?:", ":?", ":???:", ":mrgreen:", "8O", ":-P", ":", ")", "8", " ", "\n",
     "\xa0", "&nbsp;", "a", "<p>", "</p>", "<b>", "</b>", "<pre>", "</pre>", '<pre class="x">',
     "<code>", "</code>", "<br />", '<img alt=" :) " />', "<", ">"]
)  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(_SMILEY_PIECES, max_size=14).map("".join))
def test_smilies_as_wordpress_finds_them(html: str) -> None:
    from wxr_tools.transforms.smilies import convert

    assert convert(html)[0] == _reference_smilies(html)


_ADDRESS_PIECES = st.sampled_from(
    ["http", "https", "HTTPS", "httpſ", "x", "://", ":/", "/", " ", "<", '"', "a.org", "?u="]
)


@settings(max_examples=1000)
@given(st.lists(_ADDRESS_PIECES, max_size=14).map("".join))
def test_addresses_are_the_pattern_matches(text: str) -> None:
    from wxr_tools.transforms.embeds import _ADDRESS, addresses

    assert [m.span() for m in addresses(text)] == [m.span() for m in _ADDRESS.finditer(text)]


@settings(max_examples=1000)
@given(st.lists(_SMILEY_PIECES, max_size=14).map("".join))
def test_smiley_look_misses_none_of_the_patterns(html: str) -> None:
    """Each place ``_has_smiley`` looks at: at least every match of the pattern."""
    from wxr_tools.transforms.smilies import _CANDIDATE, _after_space, _has_smiley

    found = any(
        _after_space(html, m.start()) or html[m.start() - 1] == ">"
        for m in _CANDIDATE.finditer(html)
    )
    assert _has_smiley(html) or not found


# -- languages: the quick looks for plugin tags say what the patterns say -------------------

_TAG_TEXT = st.sampled_from(
    ["[:fr]", "[:]", "{:en}", "{:}", "<!--:de-->", "<!--:-->", "[:", "{:", "-:", ":", "[", "{",
     "<!--", "x", " ", "[lang_fr]", "[/lang_fr]", "<lang_en>", "</lang_en>", "lang_", "_"]
)  # fmt: skip


@settings(max_examples=500)
@given(st.lists(_TAG_TEXT, max_size=10).map("".join))
def test_tag_looks_are_the_patterns(text: str) -> None:
    from wxr_tools.langtags import _ls_block, _qt_open, has_qtranslate, has_switcher

    assert has_qtranslate(text) == (_qt_open().search(text) is not None)
    assert has_switcher(text) == (_ls_block().search(text) is not None)


@given(st.text(alphabet="[/]a\u2019", max_size=8))
def test_code_close_look_is_the_plain_one(text: str) -> None:
    from wxr_tools.transforms.code import _closes

    assert _closes(text) == ("[/" in text)


# -- players: one search tells that neither rule has anything to do -------------------------


_PLAYER_PIECES = st.sampled_from(
    [
        *("<object>", "</object>", "<OBJECT data=", "<embed src=", "<Embed", "<embedded>"),
        *('<iframe src="http://www.youtube.com/embed/', "<IFRAME SRC='http://player.vimeo"),
        *("<ıframe src=http://www.youtube.com/embed/", "<iframes src=", "<iframe src=", "http://"),
        *(".com/video/", "www.youtube.com/embed/", "youtube.com/v/abcdefghijk"),
        *('type="application/x-shockwave-flash"', '"', ">", "<p>", " ", "x"),
    ]
)


@settings(max_examples=1000)
@given(
    st.lists(
        st.one_of(_PLAYER_PIECES, st.sampled_from(["<İframe", "<Object", "<e", "<"])), max_size=12
    ).map("".join)
)
def test_players_first_look_is_the_plain_pattern(text: str) -> None:
    # The look ahead at the first letter finds what the three names ignoring case find.
    from wxr_tools.transforms import players

    plain = re.compile(r"<(?:object|embed|iframe)\b", re.IGNORECASE)
    found, expected = players._PLAYER_OR_IFRAME.search(text), plain.search(text)
    assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=1000)
@given(st.lists(_PLAYER_PIECES, max_size=12).map("".join))
def test_players_look_is_both_rules(text: str) -> None:
    """``_converted`` with its first search, and trying both rules on every text."""
    from collections import Counter

    from wxr_tools.transforms import players

    counts: Counter[str] = Counter()
    looked = players._converted(text, counts)
    every: Counter[str] = Counter()
    saved = players._PLAYER_OR_IFRAME
    players._PLAYER_OR_IFRAME = re.compile("")  # finds something in every text
    try:
        assert players._converted(text, every) == looked
    finally:
        players._PLAYER_OR_IFRAME = saved
    assert counts == every


# -- site map: an attachment's media keys given once each ------------------------------------


def _plain_file_facts(entry: Entry) -> list[tuple[str, str, int]]:
    """The media facts of an attachment as the site map first made them: both forms of
    each path found, repeats included (the table ignored them)."""
    facts: list[tuple[str, str, int]] = []
    file = entry.attached_file
    for url in (entry.attachment_url, entry.guid):
        sub = upload_path(unquote(urlsplit(url).path), file)
        if not sub:
            continue
        for key in (sub, file if file and not file.startswith("/") else ""):
            if key:
                facts.append(("media", key.lower(), entry.id))
                facts.append(("media", VARIANT.sub("", key).lower(), entry.id))
    return facts


def _table(facts: list[tuple[str, str, int]]) -> dict[tuple[str, str], int]:
    """What ``INSERT OR IGNORE`` keeps of ``facts``: each key's first id."""
    kept: dict[tuple[str, str], int] = {}
    for kind, key, item_id in facts:
        kept.setdefault((kind, key), item_id)
    return kept


_FILE_NAMES = st.sampled_from(["a.jpg", "A.JPG", "a-300x200.jpg", "a-SCALED.jpg", "a-scaled.jpg"])
_FOLDERS = st.sampled_from(["2010/03/", "2010/04/", "", "/home/site/uploads/2010/03/"])
_HOSTS = st.sampled_from(["https://example.org/wp-content/uploads/", "https://example.org/files/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_FOLDERS, _FILE_NAMES, _HOSTS, _FOLDERS, _FILE_NAMES), max_size=4))
def test_media_facts_keep_what_the_repeated_ones_kept(
    attachments: list[tuple[str, str, str, str, str]],
) -> None:
    plain: list[tuple[str, str, int]] = []
    facts: list[tuple[str, str, int]] = []
    for n, (folder, name, host, url_folder, url_name) in enumerate(attachments, 1):
        url = f"{host}{url_folder.lstrip('/')}{url_name}"
        item = Item(id=n, type="attachment", status="inherit", slug=f"a{n}", guid=url)
        item = evolve(
            item, attachment_url=url, meta=(Meta(key="_wp_attached_file", value=folder + name),)
        )
        entry = entry_of(item)
        assert entry is not None
        plain += _plain_file_facts(entry)
        entry_facts(entry, urlsplit(""), facts, set(), set(), Repeats())
    media = [fact for fact in facts if fact[0] == "media"]
    assert len(set(media)) == len(media)  # no repeat left
    assert _table(media) == _table(plain)
