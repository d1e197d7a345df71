"""Text repair: mojibake fixed where it is clearly mojibake; old escaped titles unescaped once.

Mojibake (UTF-8 decoded as Windows-1252 and saved again: "Ã©" for "é") is
repaired with ftfy, only where ftfy judges the text clearly bad; every repair is
reported (WXR501) with the text before and after. Titles of exports written by
WordPress before 5.7 went through ``esc_html``: they are unescaped exactly once, so
a title that really contains "&amp;" keeps it.
"""

from __future__ import annotations

import re

from wxr_tools import htmlrefs, mojibake
from wxr_tools.model import Comment, Item, Site, evolve
from wxr_tools.transforms import Context

# Cheap gate before ftfy, which is the judge: UTF-8 decoded as Windows-1252 shows a
# lead byte ("Â".."ô") followed by as many continuation bytes (0x80-0xBF, shown as
# "€".."¿") as the lead announces: one after "Â".."ß", two after "à".."ï", three after
# "ð".."ô". Every script, not only Latin: Hebrew "×©", Arabic "Ø§", Thai "à¸ª",
# Japanese "æ—¥" are mojibake too, while correct text ("déjà…", "café»") passes by.
# Windows-1252's characters for the bytes 0x80-0x9F: continuations too.
_CP1252_HIGH = (
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019"
    "\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_C = f"[\u0080-\u00bf{_CP1252_HIGH}]"
_SUSPECT = re.compile(f"[\u00c2-\u00df]{_C}|[\u00e0-\u00ef]{_C}{{2}}|[\u00f0-\u00f4]{_C}{{3}}")
"""The gate as written on the text (``_SUSPECT_UTF8`` is what runs, for the tests)."""


def _utf8_suspect() -> re.Pattern[bytes]:
    """``_SUSPECT`` for the text's UTF-8 bytes.

    Every lead is C3 82..C3 B4 (C3 82..9F the one-continuation leads, A0..AF the two,
    B0..B4 the three); a continuation below U+00C0 is C2 80..C2 BF, one above U+00FF
    two or three bytes (grouped by all but their last byte). C3 is never a
    continuation byte, so a match starts where a character does, and each piece of it
    is one whole character: the bytes match exactly where the text does.
    """
    groups: dict[bytes, list[bytes]] = {}
    for char in _CP1252_HIGH:
        *head, last = char.encode()
        groups.setdefault(bytes(head), []).append(re.escape(bytes([last])))
    high = b"|".join(
        re.escape(head) + b"[" + b"".join(ends) + b"]" for head, ends in groups.items()
    )
    c = rb"(?:\xc2[\x80-\xbf]|" + high + b")"
    return re.compile(
        rb"\xc3(?:[\x82-\x9f]" + c + rb"|[\xa0-\xaf]" + c * 2 + rb"|[\xb0-\xb4]" + c * 3 + b")"
    )


_SUSPECT_UTF8 = _utf8_suspect()


def _utf8_first_look() -> re.Pattern[bytes]:
    """A lead and the first byte of a continuation (C2 for U+0080..U+00BF, the first
    byte of each one above U+00FF): how every match of ``_SUSPECT_UTF8`` begins."""
    firsts = {0xC2} | {char.encode()[0] for char in _CP1252_HIGH}
    return re.compile(
        rb"\xc3[\x82-\xb4][" + b"".join(re.escape(bytes([b])) for b in sorted(firsts)) + b"]"
    )


_FIRST_LOOK_UTF8 = _utf8_first_look()
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")
# ASCII digits, a few: int() stops on thousands of them (an unknown version then).
_GENERATOR_VERSION = re.compile(r"(?:\?v=|WordPress/)([0-9]{1,9})\.([0-9]{1,9})")


def repair(text: str) -> str:
    """The text with mojibake repaired, or the text itself when nothing is clearly wrong."""
    # ASCII text holds no lead character: the search is skipped (half the texts).
    if text.isascii() or not _suspect(text):
        return text
    if not mojibake.is_bad(text):
        return text
    # The rest of ftfy is imported only here, to repair a text judged bad (``mojibake``).
    from ftfy import fix_encoding

    return fix_encoding(text)


def _suspect(text: str) -> bool:
    """``_SUSPECT.search(text) is not None``, searched in the text's UTF-8 bytes.

    On the text, the search tests a character class at every character, and then the
    pattern at every lead, which French text is full of ("é" is one; "é»" and "é…"
    are leads with a continuation). In UTF-8 every match starts with the byte C3: the
    search skips to each one as fast as a scan for one character, and encoding costs
    less than the search on the text (a property test compares both). (An earlier
    first look in the bytes, then the search on the text where it matched, cost twice
    this on the French texts that passed it.)

    Nearly every lead of a French text comes before an ASCII letter: a first look in
    the bytes (``_FIRST_LOOK_UTF8``) rejects each with two byte tests, where the whole
    pattern tried its three lengths and the continuations' branches (a third of the
    search's cost on the 1k export). Every match begins as the first look does, so the
    whole pattern is searched from its first find on, in the same bytes.
    """
    data = text.encode("utf-8", "surrogatepass")
    first = _FIRST_LOOK_UTF8.search(data)
    return first is not None and _SUSPECT_UTF8.search(data, first.start()) is not None


def titles_escaped(site: Site) -> bool | None:
    """Whether the exporter HTML-escaped titles (WordPress < 5.7); None when unknown."""
    m = _GENERATOR_VERSION.search(site.generator)
    if m is None:
        return None
    return (int(m.group(1)), int(m.group(2))) < (5, 7)


def unescape_title(title: str, site: Site, mode: str) -> str:
    if mode == "never" or "&" not in title:
        return title
    escaped = titles_escaped(site)
    if mode == "always" or escaped or (escaped is None and _ENTITY.search(title)):
        return htmlrefs.unescape(title)
    return title


def repaired_title(title: str, ctx: Context) -> str:
    """``title`` as ``transform`` leaves it, nothing reported: another language's site
    names the item so when it links it (``transforms.langsites``)."""
    section = ctx.config.section("text")
    title = unescape_title(title, ctx.site, section["unescape_titles"])
    return repair(title) if section["mojibake"] else title


def transform(item: Item, ctx: Context) -> Item | None:
    section = ctx.config.section("text")
    title = unescape_title(item.title, ctx.site, section["unescape_titles"])
    changes: dict[str, object] = {}
    if title != item.title:
        changes["title"] = title
    if section["mojibake"]:
        texts = (("title", title), ("content", item.content), ("excerpt", item.excerpt))
        for name, before in texts:
            after = repair(before)
            if after is not before and after != before:
                changes[name] = after
                _report(ctx, item, name, before, after)
        if item.comments:
            comments = tuple([_repair_comment(c, item, ctx) for c in item.comments])
            if any(a is not b for a, b in zip(comments, item.comments, strict=True)):
                changes["comments"] = comments
    return evolve(item, **changes) if changes else item


def _repair_comment(comment: Comment, item: Item, ctx: Context) -> Comment:
    content, author = repair(comment.content), repair(comment.author)
    if content is comment.content and author is comment.author:
        return comment  # most comments: ``repair`` gave each text back, nothing to report
    for name, before, after in (
        ("content", comment.content, content),
        ("author", comment.author, author),
    ):
        if after != before:
            _report(ctx, item, f"comment {comment.id} {name}", before, after)
    if content == comment.content and author == comment.author:
        return comment
    return evolve(comment, content=content, author=author)


def _report(ctx: Context, item: Item, field: str, before: str, after: str) -> None:
    ctx.report.counts["mojibake repaired"] += 1
    start = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), 0)
    excerpt_before = before[max(start - 10, 0) : start + 30].replace("\n", " ")
    excerpt_after = after[max(start - 10, 0) : start + 30].replace("\n", " ")
    ctx.diagnose(item, "WXR501", f"{field}: {excerpt_before!r} -> {excerpt_after!r}")
