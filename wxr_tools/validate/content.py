"""Content checks (3xx) of ``wxr validate``; registered in ``rules.RULES``.

These read post bodies, the bulk of an export, so each starts with a substring
test or one precompiled regex and does real work (ftfy, the shortcode scanner,
phpserialize) only on the rare text that passes it.
"""

from __future__ import annotations

import re
from typing import cast

import phpserialize

from wxr_tools.codeblocks import code_spans, is_code
from wxr_tools.diagnostics import META_KEY, NAME, SLUG, TAXONOMY, URL, cut, shown
from wxr_tools.model import Item, Meta
from wxr_tools.mojibake import is_bad
from wxr_tools.shortcodehtml import CONVERTERS
from wxr_tools.shortcodes import find_shortcodes
from wxr_tools.validate.tables import NOT_CONTENT, Context, Pending, label
from wxr_tools.validate.urls import LinkKey, link_key, media_key, media_path

# -- WXR300 mojibake ---------------------------------------------------------------------

# UTF-8 read as Windows-1252 or Latin-1: a lead byte (Â-ô) followed by continuation
# bytes (0x80-0xBF, which cp1252 shows as €‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ or NBSP-¿). The
# scan looks for a lead and one continuation (one character class first, which the
# regex engine scans fast); _SEQUENCE then checks the count a UTF-8 lead announces,
# which French text ("é" + no-break space) does not pass.
_CONT = (
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_SUSPECT = re.compile(f"[\u00c2-\u00f4]{_CONT}")
_SEQUENCE = re.compile(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
)


def _has_lead(text: str) -> bool:
    """Whether the text holds a lead character of Latin-1 (Ã Â), punctuation (â€),
    Latin Extended (Ä Å), Greek (Î Ï), Cyrillic (Ð Ñ), Hebrew or Arabic (× Ø Ù)
    mojibake. Twelve substring tests run ten times faster than the _SUSPECT scan;
    CJK mojibake (leads ä-é, common in European text) is only found with one of these."""
    return (
        "Ã" in text
        or "Â" in text
        or "â" in text
        or "Å" in text
        or "Ä" in text
        or "Î" in text
        or "Ï" in text
        or "Ð" in text
        or "Ñ" in text
        or "×" in text
        or "Ø" in text
        or "Ù" in text
    )


_MAX_SUSPECTS = 8
"""Suspect spots tried per text: a text with more that are all fine is fine."""
_SPACES = re.compile(r"\s+")


def find_mojibake(text: str) -> tuple[str, str] | None:
    """(bad passage, repaired passage) for the first passage that ftfy judges bad
    and can repair, or None. Judging a short window, not the whole text, keeps
    ftfy conservative: on long texts ``is_bad`` finds something sooner or later."""
    if text.isascii() or not _has_lead(text):
        return None
    # ftfy's judge is loaded on the first text that gets this far, and the rest of ftfy
    # on the first passage it judges bad (``mojibake``): importing all of ftfy costs
    # more than most validations.

    tried = 0
    for m in _SUSPECT.finditer(text):
        if not _SEQUENCE.match(text, m.start()):
            continue
        tried += 1
        if tried > _MAX_SUSPECTS:
            break
        # About 24 characters on each side, cut at spaces so that words stay whole.
        lo, hi = max(0, m.start() - 24), min(len(text), m.end() + 24)
        if lo > 0 and (space := text.find(" ", lo, m.start())) >= 0:
            lo = space + 1
        if hi < len(text) and (space := text.rfind(" ", m.end(), hi)) >= 0:
            hi = space
        window = text[lo:hi]
        if is_bad(window):
            from ftfy import fix_encoding

            fixed = fix_encoding(window)
            if fixed != window:
                return _SPACES.sub(" ", window).strip(), _SPACES.sub(" ", fixed).strip()
    return None


def mojibake(item: Item, ctx: Context) -> None:
    for name in ("title", "content", "excerpt"):
        found = find_mojibake(getattr(item, name))
        if found is not None:
            bad, fixed = found
            message = f"{label(item)} {name} looks like mojibake: {bad!r} (probably {fixed!r})"
            ctx.emit("WXR300", message, line=item.line, item_id=item.id)
    bad_comments = []
    for c in item.comments:
        found = find_mojibake(c.content) or find_mojibake(c.author)
        if found is not None:
            bad_comments.append((c, found))
    if bad_comments:
        # One finding per item, not per comment: a badly converted site has thousands.
        first, (bad, fixed) = bad_comments[0]
        sample = f"{bad!r} (probably {fixed!r})"
        if len(bad_comments) == 1:
            message = f"comment {first.id} on {label(item)} looks like mojibake: {sample}"
        else:
            message = (
                f"{len(bad_comments)} comments on {label(item)} look like mojibake, "
                f"e.g. comment {first.id}: {sample}"
            )
        ctx.emit("WXR300", message, line=first.line, item_id=item.id)


# -- WXR301, WXR302 language markers -------------------------------------------------------

_ISO_639_1_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu "
    "cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
    "ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks "
    "ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl "
    "nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve "
    "vi vo wa wo xh yi yo za zh zu"
)
_ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
# [:fr] [:] / {:fr} {:} (qTranslate-X), <!--:fr--> <!--:--> (qTranslate 1-2),
# [lang_fr] [/lang_fr] (the older Polyglot-style plugins).
_MARKER = re.compile(
    r"\[:([A-Za-z]{2})?\]|\{:([A-Za-z]{2})?\}|<!--:([A-Za-z]{2})?-->"
    r"|\[(/?)lang_([A-Za-z]{2,3}(?:[_-][A-Za-z]{2})?)\]"
)


def check_markers(text: str) -> tuple[str | None, list[str]]:
    """(the first balance problem or None, unknown codes as written) of one text.

    ``[:xx]`` and ``{:xx}`` only count in a text that starts with one, as
    qTranslate-X writes them: ``a[:]`` in a code sample is Python, not a marker.
    Those blocks end with ``[:]``; older versions left the last one open, which
    qTranslate accepts, so only a stray close is a problem.
    """
    if not ("[:" in text or "{:" in text or "<!--:" in text or "lang_" in text):
        return None, []
    head = text.lstrip()[:2]
    bracket_on, brace_on = head == "[:", head == "{:"
    problem: str | None = None
    unknown: list[str] = []
    open_block = {"[": False, "{": False}
    comment: str | None = None
    lang: list[str] = []
    for m in _MARKER.finditer(text):
        bracket, brace, old, slash, code = m.groups()
        token = m[0]
        if token[0] in "[{" and token[1] == ":":
            kind = token[0]
            if not (bracket_on if kind == "[" else brace_on):
                continue
            marker_code = bracket if kind == "[" else brace
            if marker_code is None:
                if not open_block[kind]:
                    problem = problem or f"{token} closes no block"
                open_block[kind] = False
            else:
                open_block[kind] = True
                unknown.append(marker_code)
        elif token.startswith("<!--"):
            if old is None:
                if comment is None:
                    problem = problem or f"{token} closes no block"
                comment = None
            else:
                if comment is not None:
                    problem = problem or f"<!--:{old}--> opens inside <!--:{comment}-->"
                comment = old
                unknown.append(old)
        elif slash:
            if not lang or lang[-1] != code:
                problem = problem or f"[/lang_{code}] closes no [lang_{code}]"
            else:
                lang.pop()
        else:
            lang.append(code)
            unknown.append(code)
    if comment is not None:
        problem = problem or f"<!--:{comment}--> is not closed"
    if lang:
        problem = problem or f"[lang_{lang[-1]}] is not closed"
    bad = [c for c in dict.fromkeys(unknown) if c.lower()[:2] not in _ISO_639_1]
    return problem, bad


def language_markers(item: Item, ctx: Context) -> None:
    for name in ("title", "content", "excerpt"):
        problem, unknown = check_markers(getattr(item, name))
        if problem is not None:
            message = f"{label(item)} {name} has unbalanced language markers: {problem}"
            ctx.emit("WXR301", message, line=item.line, item_id=item.id)
        for code in unknown:
            message = f"{label(item)} {name} uses unknown language code {code!r}"
            ctx.emit("WXR302", message, line=item.line, item_id=item.id)


# -- WXR303 items without a language ---------------------------------------------------------

_TRANSLATED = frozenset(("post", "page"))
_NO_LANGUAGE_NEEDED = frozenset(("inherit", "auto-draft", "trash"))


def languages(item: Item, ctx: Context) -> None:
    tables = ctx.tables
    if "language" not in tables.declared_taxonomies or item.status in _NO_LANGUAGE_NEEDED:
        return
    if any(t.taxonomy == "language" for t in item.terms):
        tables.count("language:" + item.type)  # this type is translated on this site
    else:
        tables.defer("WXR303", Pending(item.id, label(item), item.line, item.type))


def languages_end(ctx: Context) -> None:
    counters = ctx.tables.counters
    for p in ctx.tables.pending.get("WXR303", ()):
        if p.target in _TRANSLATED or counters.get(f"language:{p.target}"):
            message = f"{p.label} has no language on a multilingual site"
            ctx.emit("WXR303", message, line=p.line, item_id=p.item_id, path=p.path)


# -- WXR304 internal links, WXR305 media -------------------------------------------------------


def links(item: Item, ctx: Context) -> None:
    tables = ctx.tables
    seen = set()
    for host, rest, url in ctx.urls(item):
        if host is not None and host not in tables.site_hosts:
            continue
        if "/wp-content/" in rest or "/wp-includes/" in rest:
            continue  # files: media are WXR305's
        key = link_key(rest)
        if key is None or key in seen:
            continue
        seen.add(key)
        if not tables.link_resolved(key):
            tables.defer("WXR304", Pending(item.id, label(item), item.line, key, cut(url, URL)))


def links_end(ctx: Context) -> None:
    for p in ctx.tables.pending.get("WXR304", ()):
        if not ctx.tables.link_resolved(cast(LinkKey, p.target)):
            message = f"{p.label} links to {p.shown}, which is not in the export"
            ctx.emit("WXR304", message, line=p.line, item_id=p.item_id, path=p.path)


def media(item: Item, ctx: Context) -> None:
    tables = ctx.tables
    seen = set()
    for host, rest, url in ctx.urls(item):
        path = media_path(rest)
        if path is None:
            continue
        key = media_key(path)
        if key in seen or key in tables.attachment_keys:
            continue
        seen.add(key)
        # The host is judged at the end: attachments may live on a CDN host.
        pending = Pending(item.id, label(item), item.line, (host, key), cut(url, URL))
        tables.defer("WXR305", pending)


def media_end(ctx: Context) -> None:
    tables = ctx.tables
    missing = []
    for p in tables.pending.get("WXR305", ()):
        host, key = cast(tuple[str | None, str], p.target)
        if key not in tables.attachment_keys and tables.is_own_host(host):
            missing.append((p, key))
    if missing and not tables.attachment_ids:
        # A posts-only export: one finding says it better than one per image.
        items = len({p.item_id if p.item_id is not None else p.label for p, _ in missing})
        files = len({key for _, key in missing})
        users = f"{items} items use" if items > 1 else "1 item uses"
        message = (
            f"the export has no attachments, but {users} {files} files under "
            "/wp-content/uploads/ (export all content to include them)"
        )
        ctx.emit("WXR305", message)
        return
    for p, _ in missing:
        message = f"{p.label} uses {p.shown}, which has no attachment in the export"
        ctx.emit("WXR305", message, line=p.line, item_id=p.item_id, path=p.path)


# -- WXR306 shortcodes, WXR307 empty titles ------------------------------------------------------

_SCHEMES = frozenset(("http", "https", "ftp", "mailto", "file"))


def outside_code(text: str) -> str:
    """The text without its <pre> and <code> blocks, where shortcodes are examples."""
    parts = []
    pos = 0
    for start, end in code_spans(text):
        parts.append(text[pos:start])
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def shortcodes(item: Item, ctx: Context) -> None:
    if "[" not in item.content:
        return
    text = outside_code(item.content)
    counts: dict[str, int] = {}
    for sc in find_shortcodes(text):
        name = sc.name
        if name in CONVERTERS or is_code(name):
            continue  # the shortcodes and code transforms convert them
        if not name[0].islower() or name != name.lower():
            continue  # "[1]", "[Update: ...]", "[EDIT]" are not shortcodes
        if name in _SCHEMES:
            continue  # "[http://example.org/]", a bracketed URL
        if name.startswith("lang_"):
            continue  # language markers (WXR301)
        # Bracketed prose and code ("[sic]", "[semi-]frequently", "[a-z0-9_-]+", a
        # Markdown "[ref]: <a href=...>") is not a shortcode: count a name only when
        # it has the marks of one (a closing tag, key=value attributes, "/]", a URL).
        opening = sc.raw[: sc.raw.find("]") + 1]
        if "<" in opening:
            continue
        looks_real = (
            sc.body is not None
            or bool(sc.attrs)
            or opening.endswith("/]")
            or any("://" in p for p in sc.positional)
        )
        if looks_real:
            counts[name] = counts.get(name, 0) + 1
    for name, n in counts.items():
        times = f" ({n} times)" if n > 1 else ""
        shortcode = f"[{cut(name, NAME)}]{times}"
        message = f"{label(item)} uses shortcode {shortcode}, which has no known conversion"
        ctx.emit("WXR306", message, line=item.line, item_id=item.id)


def empty_title(item: Item, ctx: Context) -> None:
    if item.status == "publish" and item.type not in NOT_CONTENT and not item.title.strip():
        message = f"published {label(item)} has an empty title"
        ctx.emit("WXR307", message, line=item.line, item_id=item.id)


# -- WXR308 PHP-serialized meta -------------------------------------------------------------------

# WordPress's is_serialized(), for the values that hold strings: a:, O:, s:.
_SERIALIZED = re.compile(r'(?:[aO]:\d+:[{"]|s:\d+:")')
_STRING = re.compile(rb's:(\d+):"')


def _bad_count(data: bytes) -> tuple[int, str, int] | None:
    """(byte offset, announced, likely actual length) of the first s:N:"..." that does
    not hold N bytes, or None. Cheap: it jumps from string to string, so contents are
    never scanned (phpserialize is some 50 times slower on attachment metadata)."""
    pos = 0
    while (m := _STRING.search(data, pos)) is not None:
        # Past 18 digits a count is more than any value holds: it is not read (int()
        # refuses a run of thousands of digits), only said.
        digits = m[1]
        end = m.end() + int(digits) if len(digits) <= 18 else len(data)
        if data[end : end + 2] != b'";':
            actual = data.find(b'";', m.end())
            announced = digits.decode() if len(digits) <= 18 else f"a {len(digits)}-digit number of"
            return m.start(), announced, (actual - m.end() if actual >= 0 else -1)
        pos = end + 2
    return None


def _unserializes(value: str) -> bool:
    try:
        phpserialize.loads(value.encode("utf-8"), object_hook=phpserialize.phpobject)
    except Exception:  # phpserialize raises ValueError, but IndexError etc. on garbage
        return False
    return True


def serialized_problem(value: str) -> str | None:
    """Why a PHP-serialized value does not unserialize, or None when it does (or is
    not serialized)."""
    stripped = value.strip()
    if len(stripped) < 4 or stripped[-1] not in ";}" or not _SERIALIZED.match(stripped):
        return None
    bad = _bad_count(stripped.encode("utf-8"))
    if bad is None or _unserializes(stripped):
        return None
    if "\r\n" in stripped and _unserializes(stripped.replace("\r\n", "\n")):
        return "CR LF line endings: the counts are right with LF"
    if "\n" in stripped and _unserializes(re.sub(r"(?<!\r)\n", "\r\n", stripped)):
        return "LF line endings: the counts are right with CR LF"
    # The value itself is not shown: it may hold a password.
    offset, announced, actual = bad
    holds = f"holds {actual}" if actual >= 0 else "is cut short"
    return f"the string at byte {offset} announces {announced} bytes but {holds}"


def _check_serialized(ctx: Context, rows: tuple[Meta, ...], where: str, item: Item | None) -> None:
    for meta in rows:
        problem = serialized_problem(meta.value)
        if problem is not None:
            key = shown(meta.key, META_KEY)
            message = f"{where} meta {key} has wrong PHP-serialized byte counts ({problem})"
            line, item_id = (item.line, item.id) if item is not None else (None, None)
            ctx.emit("WXR308", message, line=line, item_id=item_id)


def serialized(item: Item, ctx: Context) -> None:
    _check_serialized(ctx, item.meta, label(item), item)
    for c in item.comments:
        if c.meta:
            _check_serialized(ctx, c.meta, f"comment {c.id} on {label(item)}", item)


def serialized_terms(ctx: Context) -> None:
    for t in ctx.terms:
        _check_serialized(ctx, t.meta, f"{cut(t.taxonomy, TAXONOMY)} {shown(t.slug, SLUG)}", None)
